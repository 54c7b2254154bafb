"""Exit codes of `n5gc` and the way a command leaves with one.

Its own module, below `cli.py` and `commands/*`: `cli.py` imports the commands lazily and the
commands need the codes, so keeping them in `cli.py` made a cycle at run time.

0 ok (warnings allowed), 1 errors in the intent or the user's environment, 2 usage errors,
3 internal error (a bug in n5gc).
"""

from __future__ import annotations

from typing import NoReturn

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def exit_with(code: int) -> NoReturn:
    """Leave a command with an exit code (click's way, so tests using CliRunner see it)."""
    import click  # here: a plain `n5gc validate` runs without click (n5gc.commands.validating)

    raise click.exceptions.Exit(code)
