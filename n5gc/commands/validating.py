"""The work of `n5gc validate`, without click: what the pre-commit hook runs on every commit.

`n5gc/commands/validate.py` is the click command (help, usage errors, every option). A plain
command line (`n5gc validate [--intents-only] [--overlay F]... [--secrets F] [--format FMT] INTENT...`,
each option and value a token of its own) is recognised here by `plain_command_line` and run
without importing click, which would cost a tenth of the run. Anything else, or anything click
would refuse or treat specially (help, `--opt=value`, `--`, unreadable files, a completion request,
`--color`, `--ignore`), is left to click, so its messages and exit codes stay click's
(n5gc.commands.plain says exactly which lines are plain).
"""

from __future__ import annotations

import re
from pathlib import Path

from n5gc.commands.plain import COMPLETION_VARIABLE, echo, read_line
from n5gc.diagnostics import InputError, Report
from n5gc.exits import EXIT_INPUT, EXIT_OK
from n5gc.patterns import LazyPattern
from n5gc.records import record

__all__ = [
    "COMPLETION_VARIABLE",
    "NETWORK_KIND",
    "ValidateRequest",
    "is_intent",
    "outcome",
    "plain_command_line",
    "run_plain",
]

NETWORK_KIND = LazyPattern(rb"^kind:\s*[\"']?Network[\"']?\s*(#.*)?$", re.MULTILINE)


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


_FLAGS = {"--intents-only": "intents_only"}
_VALUED = {"--overlay": "overlays", "--secrets": "secrets", "--format": "fmt"}


def plain_command_line(args: list[str]) -> ValidateRequest | None:
    """The request of `n5gc validate ARGS` when click would read it exactly so and accept it, else None."""
    from n5gc.report import FORMATS  # what --format accepts (click.Choice of it, case-sensitive)

    line = read_line(args, "validate", _FLAGS, _VALUED, repeatable=("overlays",), choices={"fmt": FORMATS})
    if line is None or not line.operands:
        return None  # INTENTS is required: click says so
    secrets = line.one("secrets")
    return ValidateRequest(
        intents=tuple(Path(p) for p in line.operands),
        overlays=tuple(Path(p) for p in line.values.get("overlays", ())),
        secrets=Path(secrets) if secrets is not None else None,
        fmt=line.one("fmt") or "text",
        intents_only="intents_only" in line.flags,
    )


def run_plain(request: ValidateRequest) -> int:
    """Run a plain `n5gc validate` and print what click.echo would; returns the exit code."""
    text, code = outcome(request)
    if text is not None:
        echo(text)
    return code
