"""`n5gc explain CODE`: what a diagnostic code means and what to do about it."""

from __future__ import annotations

import textwrap

import click

from n5gc.cli import EXIT_INPUT, exit_with
from n5gc.codes import CATALOG
from n5gc.model.errors import did_you_mean


@click.command("explain")
@click.argument("code", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every code with its title.")
def command(code: str | None, list_all: bool) -> None:
    """Explain CODE (e.g. N5G104), or list every code with --list."""
    if list_all or code is None:
        for entry in CATALOG.values():
            click.echo(f"{entry.code}  {entry.title}")
        return
    entry = CATALOG.get(code.upper())
    if entry is None:
        hint = did_you_mean(code.upper(), list(CATALOG)) or "n5gc explain --list shows every code"
        click.echo(f"n5gc: unknown code {code}; {hint}", err=True)
        exit_with(EXIT_INPUT)
    click.echo(f"{entry.code}: {entry.title}\n")
    click.echo(textwrap.fill(entry.explanation, width=88))
