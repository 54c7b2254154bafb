"""Reporters: print a Report as text (people), JSON (tools) or GitHub workflow commands (CI annotations)."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from n5gc.diagnostics import Diagnostic, Location, Report, Severity
from n5gc.patterns import LazyPattern

FORMATS = ("text", "json", "github")


# Characters that would let a value printed in a diagnostic forge or hide lines: controls (C0, DEL,
# C1: newline, CR, NUL, ESC of terminal sequences), format characters (bidi overrides such as
# U+202E, zero-width characters), line/paragraph separators and lone surrogates.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control, format and separator character written as an escape (`\\n`,
    `\\u202e`), so one diagnostic is always one line and reads as it is stored."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\n\r\t":
            out.append(_SHORT_ESCAPES[char])
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            code = ord(char)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            out.append(char)
    return "".join(out)


def format_text(diagnostic: Diagnostic) -> str:
    """`network.yaml:26:11: error N5G104 slice "urllc": sd "2" must be ...`, the source line with a
    caret under the column (when the file can be quoted), plus an indented hint line.

    Message, hint, file name and source line go through `printable`: a value holding a newline or a
    bidi override can never start a line of its own or reorder what the reader sees. Colour (see
    `colour_wanted`) marks the severity, the code and the caret.
    """
    colour = colour_wanted()
    where = f"{printable(str(diagnostic.location))}: " if diagnostic.location else ""
    severity = _paint(str(diagnostic.severity), diagnostic.severity, colour)
    code = _style(diagnostic.code, bold=True) if colour else diagnostic.code
    line = f"{where}{severity} {code} {printable(diagnostic.message)}"
    if diagnostic.location is not None:
        rows = source_excerpt(diagnostic.location, diagnostic.severity, colour)
        line += "".join(f"\n{row}" for row in rows)
    if diagnostic.hint:
        line += f"\n    hint: {printable(diagnostic.hint)}"
    return line


_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _paint(text: str, severity: Severity, colour: bool) -> str:
    return _style(text, fg=_COLOURS.get(severity), bold=True) if colour else text


def _style(text: str, **styles: Any) -> str:
    import click  # only for colour: a plain `n5gc validate` runs without click

    return click.style(text, **styles)


def colour_wanted() -> bool:
    """Whether text diagnostics are coloured: `--color always|never` when given (it sets the click
    context's colour), else only when stdout and stderr are terminals and `NO_COLOR` is unset or
    empty (no-color.org). JSON and github output are never coloured: only `format_text` asks."""
    click = sys.modules.get("click")  # no click imported: no click context either
    context = click.get_current_context(silent=True) if click is not None else None
    if context is not None and context.color is not None:
        return context.color
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and sys.stderr.isatty()


# Secrets files hold subscriber keys on their lines: never quoted, whatever the diagnostic.
_SECRETS_KIND = LazyPattern(rb"^kind:\s*[\"']?Secrets[\"']?\s*(#.*)?$", re.MULTILINE)
_SOURCE_LIMIT = 1_000_000  # bytes read to quote one line; a larger input is not quoted
_LINE_WIDTH = 200  # characters of a source line shown; longer lines are cut with "..."


def source_excerpt(location: Location, severity: Severity, colour: bool = False) -> list[str]:
    """`  26 |   sd: "2"` and a caret line under `location.col`, as ruff and rustc show them; no lines
    when the location has no line, the file cannot be read, was not loaded as an input (an audited
    tree may hold a key where it must not), or is sensitive (a secrets file: named `*.secrets.yaml`,
    loaded as sensitive, or declaring `kind: Secrets`)."""
    source = _quotable_line(location)
    if source is None:
        return []
    gutter = str(location.line)
    shown = printable(source.replace("\t", " ")[:_LINE_WIDTH]) + ("..." if len(source) > _LINE_WIDTH else "")
    caret = (
        " " * (location.col - 1) + _paint("^", severity, colour) if 0 < location.col <= _LINE_WIDTH else ""
    )
    return [f"  {gutter} | {shown}", f"  {' ' * len(gutter)} | {caret}".rstrip()]


def _quotable_line(location: Location) -> str | None:
    """Line `location.line` of the file named in `location`, or None when it must not or cannot be shown."""
    from n5gc.load import is_quotable

    if location.line <= 0 or location.file.endswith(".secrets.yaml") or not is_quotable(location.file):
        return None
    path = Path(location.file)
    try:
        if not path.is_file() or path.stat().st_size > _SOURCE_LIMIT:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if _SECRETS_KIND.search(data):
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[location.line - 1] if location.line <= len(lines) else None


def without_ignored(report: Report, ignored: Iterable[str]) -> Report:
    """`report` without the warnings and notes whose code is in `ignored`. Errors are never dropped:
    an ignored code cannot turn a broken intent into one that compiles."""
    codes = set(ignored)
    return Report([d for d in report if d.severity is Severity.ERROR or d.code not in codes])


def summary(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def render_text(report: Report, ok_message: str) -> str:
    lines = [format_text(d) for d in report]
    lines.append(summary(report) if report.has_errors or report.diagnostics else printable(ok_message))
    return "\n".join(lines)


def render_json(report: Report, ok_message: str) -> str:
    import json  # only this format: a plain validate never loads it

    return json.dumps(
        {
            "ok": not report.has_errors,
            "summary": summary(report),
            "diagnostics": [d.to_dict() for d in report],
        },
        indent=2,
        sort_keys=True,
    )


def _escape(text: str) -> str:
    """GitHub's escapeData (%, CR, LF), after `printable` has made other controls and bidi visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """Property values (file=..., title=...) also escape ':' and ',' (GitHub's toolkit escapeProperty)."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, ok_message: str) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in report:
        props = [f"title={d.code}"]
        if d.location:
            props = [
                f"file={_escape_property(d.location.file)}",
                *(f"line={d.location.line}",) * (d.location.line > 0),
                *(f"col={d.location.col}",) * (d.location.col > 0),
                *props,
            ]
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{levels[d.severity]} {','.join(props)}::{_escape(message)}")
    lines.append(summary(report) if report.diagnostics else printable(ok_message))
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[Report, str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}


def render(report: Report, fmt: str, ok_message: str = "ok") -> str:
    return RENDERERS[fmt](report, ok_message)
