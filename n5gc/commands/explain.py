"""`n5gc explain CODE`: what a diagnostic code means and what to do about it."""

from __future__ import annotations

import textwrap

import click

from n5gc.codes import CATALOG
from n5gc.exits import EXIT_USAGE, exit_with
from n5gc.model.errors import did_you_mean
from n5gc.report import printable


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
    if entry is None:  # a wrong argument, like a wrong option: usage (exit 2)
        closest = _closest(code.upper())
        click.echo(
            f"n5gc: unknown code {printable(code)}; {closest + ' ' if closest else ''}"
            "`n5gc explain --list` shows every code",
            err=True,
        )
        exit_with(EXIT_USAGE)
    click.echo(f"{entry.code}: {entry.title}\n")
    click.echo(textwrap.fill(entry.explanation, width=88))


def _closest(code: str) -> str | None:
    """A code differing in one or two characters at the same places (N5G1O4 -> N5G104), else the
    closest by similarity; a plain similarity ratio ranks N5G314 as close to N5G1O4 as N5G104."""
    near = sorted(
        (sum(a != b for a, b in zip(code, known, strict=True)), known)
        for known in CATALOG
        if len(known) == len(code)
    )
    if near and near[0][0] <= 2:
        return f"did you mean `{near[0][1]}`?"
    return did_you_mean(code, list(CATALOG))
