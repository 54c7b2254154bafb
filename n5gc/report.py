"""Reporters: print a Report as text (people), JSON (tools) or GitHub workflow commands (CI annotations)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

from n5gc.diagnostics import Diagnostic, Report, Severity

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
    """`network.yaml:26:11: error N5G104 slice "urllc": sd "2" must be ...` plus an indented hint line.

    Message, hint and file name go through `printable`: a value holding a newline or a bidi
    override can never start a line of its own or reorder what the reader sees.
    """
    where = f"{printable(str(diagnostic.location))}: " if diagnostic.location else ""
    line = f"{where}{diagnostic.severity} {diagnostic.code} {printable(diagnostic.message)}"
    if diagnostic.hint:
        line += f"\n    hint: {printable(diagnostic.hint)}"
    return line


def summary(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def render_text(report: Report, ok_message: str) -> str:
    lines = [format_text(d) for d in report]
    lines.append(summary(report) if report.has_errors or report.diagnostics else printable(ok_message))
    return "\n".join(lines)


def render_json(report: Report, ok_message: str) -> str:
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
