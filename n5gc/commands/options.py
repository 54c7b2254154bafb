"""Options shared by several verbs."""

from __future__ import annotations

import re
from pathlib import Path

import click

from n5gc.report import FORMATS

overlay_option = click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Overlay file or folder applied on top of the intent (repeatable, applied in order).",
)
secrets_option = click.option(
    "--secrets",
    type=click.Path(path_type=Path),
    default=None,
    help="Secrets file (kind: Secrets) with subscriber keys; "
    "default: <intent>.secrets.yaml beside the intent.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="How diagnostics are printed: text for people, json for tools, github for CI annotations.",
)


def _set_colour(ctx: click.Context, _param: click.Parameter, choice: str) -> str:
    """`always`/`never` fix the click context's colour (click.echo then keeps or strips styles);
    `auto` leaves it to n5gc.report.colour_wanted (terminals only, NO_COLOR respected)."""
    if choice != "auto":
        ctx.color = choice == "always"
    return choice


color_option = click.option(
    "--color",
    "--colour",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    expose_value=False,
    is_eager=True,
    callback=_set_colour,
    help="Colour text diagnostics: auto = only on a terminal and when NO_COLOR is unset. "
    "json and github output are never coloured.",
)

_CODE = re.compile(r"N5G\d{3}")


def _check_codes(_ctx: click.Context, _param: click.Parameter, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Codes as written (case-insensitive), each one n5gc knows (a typo would silently ignore nothing)."""
    from n5gc.codes import CATALOG

    upper = tuple(code.strip().upper() for code in codes)
    unknown = [code for code in upper if not _CODE.fullmatch(code) or code not in CATALOG]
    if unknown:
        raise click.BadParameter(f"unknown code {unknown[0]!r}: see n5gc explain --list")
    return upper


ignore_option = click.option(
    "--ignore",
    "ignored",
    metavar="CODE",
    multiple=True,
    callback=_check_codes,
    help="Do not report warnings with this code (repeatable; n5gc.yaml's `ignore:` adds more). "
    "Errors are always reported: an ignored error code still fails the run.",
)
