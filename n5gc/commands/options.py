"""Options shared by several verbs."""

from __future__ import annotations

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
