"""The work of `n5gc validate`, without click: what the pre-commit hook runs on every commit.

`n5gc/commands/validate.py` is the click command (help, usage errors, every option). A plain
command line (`n5gc validate [--intents-only] [--overlay F]... [--secrets F] [--format FMT] INTENT...`,
each option and value a token of its own) is recognised here by `plain_command_line` and run
without importing click, which would cost a tenth of the run. Anything else, or anything click
would refuse or treat specially (help, `--opt=value`, `--`, unreadable files, a completion request,
`--color`, `--ignore`), is left to click, so its messages and exit codes stay click's.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from n5gc.diagnostics import InputError, Report
from n5gc.exits import EXIT_INPUT, EXIT_OK
from n5gc.patterns import LazyPattern
from n5gc.records import record

NETWORK_KIND = LazyPattern(rb"^kind:\s*[\"']?Network[\"']?\s*(#.*)?$", re.MULTILINE)
COMPLETION_VARIABLE = "_N5GC_COMPLETE"  # click's shell completion request for prog "n5gc"


def is_intent(path: Path) -> bool:
    """Whether a file declares `kind: Network` at top level (a cheap look, no YAML parse).

    Reads at most 1 MB of a regular file (never a device or FIFO, which could block or never end).
    """
    from n5gc.load import read_bytes

    try:
        return bool(NETWORK_KIND.search(read_bytes(path, path.as_posix(), limit=1_000_000)))
    except InputError:
        return True  # too large, unreadable or not a file: analyse() reports it


@record
class ValidateRequest:
    """The arguments of one `n5gc validate` run."""

    intents: tuple[Path, ...]
    overlays: tuple[Path, ...] = ()
    secrets: Path | None = None
    fmt: str = "text"
    ignored: tuple[str, ...] = ()
    intents_only: bool = False


def outcome(request: ValidateRequest) -> tuple[str | None, int]:
    """What `n5gc validate` prints (None: nothing) and its exit code."""
    from n5gc.frontend import analyse
    from n5gc.repo_config import configured_ignores
    from n5gc.report import render, without_ignored

    intents = request.intents
    if request.intents_only:
        intents = tuple(p for p in intents if is_intent(p))
        if not intents:
            return None, EXIT_OK
    report = Report()
    for intent in intents:
        secrets = request.secrets if len(intents) == 1 else None
        report.extend(analyse(intent, list(request.overlays), secrets).report.diagnostics)
    report = without_ignored(report, (*request.ignored, *configured_ignores(Path.cwd())))
    names = ", ".join(p.as_posix() for p in intents)
    return render(report, request.fmt, f"{names}: ok"), EXIT_INPUT if report.has_errors else EXIT_OK


_VALUED = {"--overlay": "overlays", "--secrets": "secrets", "--format": "fmt"}


def plain_command_line(args: list[str]) -> ValidateRequest | None:
    """The request of `n5gc validate ARGS` when click would read it exactly so and accept it, else None."""
    from n5gc.report import FORMATS  # what --format accepts (click.Choice of it, case-sensitive)

    if len(args) < 2 or args[0] != "validate" or COMPLETION_VARIABLE in os.environ:
        return None
    values: dict[str, list[str]] = {"overlays": [], "secrets": [], "fmt": []}
    intents: list[str] = []
    intents_only = False
    rest = iter(args[1:])
    for token in rest:
        if not _plain(token):
            return None
        if token == "--intents-only":
            intents_only = True
        elif token in _VALUED:
            value = next(rest, None)
            if value is None or not _plain(value) or value.startswith("-"):
                return None
            values[_VALUED[token]].append(value)
        elif token.startswith("-"):
            return None  # help, --color, --ignore, `--`, `--opt=value`, a typo: click's to answer
        else:
            intents.append(token)
    if not intents or len(values["secrets"]) > 1 or len(values["fmt"]) > 1:
        return None
    if values["fmt"] and values["fmt"][0] not in FORMATS:
        return None
    paths = [*intents, *values["overlays"], *values["secrets"]]
    if not all(_readable_or_absent(p) for p in paths):
        return None  # click.Path refuses an existing file it cannot read, with its own message
    return ValidateRequest(
        intents=tuple(Path(p) for p in intents),
        overlays=tuple(Path(p) for p in values["overlays"]),
        secrets=Path(values["secrets"][0]) if values["secrets"] else None,
        fmt=values["fmt"][0] if values["fmt"] else "text",
        intents_only=intents_only,
    )


def _plain(token: str) -> bool:
    """A token click takes as it is: not empty, printable (no NUL, no undecodable bytes)."""
    return bool(token) and token.isprintable()


def _readable_or_absent(path: str) -> bool:
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def run_plain(request: ValidateRequest) -> int:
    """Run a plain `n5gc validate` and print what click.echo would; returns the exit code."""
    text, code = outcome(request)
    if text is not None:
        echo(text)
    return code


def echo(text: str) -> None:
    """click.echo(text), without importing click for the common case. click strips colour codes
    when stdout is not a terminal and re-encodes for a misconfigured stdout: text holding an escape
    or a non-ASCII character, or a missing stdout, is given to click.echo itself."""
    if sys.stdout is None or "\x1b" in text or not text.isascii():
        import click

        click.echo(text)
        return
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
