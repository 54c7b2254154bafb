"""`n5gc validate`: check intents; what the pre-commit hook runs on every commit.

The click command: help, options, usage errors. The work is in `n5gc.commands.validating`, which
`n5gc.cli` also runs directly, without click, for a plain command line.
"""

from __future__ import annotations

from pathlib import Path

import click

from n5gc.commands.options import color_option, format_option, ignore_option, overlay_option, secrets_option
from n5gc.commands.validating import NETWORK_KIND, ValidateRequest, is_intent, outcome
from n5gc.exits import exit_with

__all__ = ["NETWORK_KIND", "command", "is_intent"]


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
    text, code = outcome(ValidateRequest(intents, overlays, secrets, fmt, ignored, intents_only))
    if text is None:
        return
    click.echo(text)
    exit_with(code)
