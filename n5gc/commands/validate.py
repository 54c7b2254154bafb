"""`n5gc validate`: check intents; what the pre-commit hook runs on every commit."""

from __future__ import annotations

import re
from pathlib import Path

import click

from n5gc.commands.options import color_option, format_option, ignore_option, overlay_option, secrets_option
from n5gc.diagnostics import InputError, Report
from n5gc.exits import EXIT_INPUT, EXIT_OK, exit_with
from n5gc.frontend import analyse
from n5gc.load import read_bytes
from n5gc.repo_config import configured_ignores
from n5gc.report import render, without_ignored

NETWORK_KIND = re.compile(rb"^kind:\s*[\"']?Network[\"']?\s*(#.*)?$", re.MULTILINE)


def is_intent(path: Path) -> bool:
    """Whether a file declares `kind: Network` at top level (a cheap look, no YAML parse).

    Reads at most 1 MB of a regular file (never a device or FIFO, which could block or never end).
    """
    try:
        return bool(NETWORK_KIND.search(read_bytes(path, path.as_posix(), limit=1_000_000)))
    except InputError:
        return True  # too large, unreadable or not a file: analyse() reports it


@click.command("validate")
@click.argument("intents", nargs=-1, required=True, type=click.Path(path_type=Path))
@overlay_option
@secrets_option
@format_option
@color_option
@ignore_option
@click.option(
    "--intents-only",
    is_flag=True,
    help="Skip files that are not kind: Network intents (for hooks that pass every changed YAML file).",
)
def command(
    intents: tuple[Path, ...],
    overlays: tuple[Path, ...],
    secrets: Path | None,
    fmt: str,
    ignored: tuple[str, ...],
    intents_only: bool,
) -> None:
    """Check INTENT files: structure, references, PLMN/TAC/S-NSSAI agreement, pools, IMSIs, cells.

    Every problem is reported in one run. Exit 0 when there are no errors (warnings allowed),
    1 when an intent has errors.
    """
    report = Report()
    if intents_only:
        intents = tuple(p for p in intents if is_intent(p))
        if not intents:
            return
    for intent in intents:
        report.extend(
            analyse(intent, list(overlays), secrets if len(intents) == 1 else None).report.diagnostics
        )
    report = without_ignored(report, (*ignored, *configured_ignores(Path.cwd())))
    names = ", ".join(p.as_posix() for p in intents)
    click.echo(render(report, fmt, f"{names}: ok"))
    exit_with(EXIT_INPUT if report.has_errors else EXIT_OK)
