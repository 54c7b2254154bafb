"""Plain command lines: the `n5gc validate` and `n5gc compile` lines that n5gc.cli runs without click.

Importing click and building the group costs 10-20 ms of every run, a tenth of a validate and of a
no-op compile. A plain command line is the verb, then operands and options of the verb's fixed
set (validate: `--intents-only --overlay --secrets --format`; compile: `--check --commit --adopt
--require-encryption --overlay --secrets -o/--output --format`), in any order, each option and its
value a token of its own (`--overlay F`, never `--overlay=F` or `-oDIR`), every token non-empty and
printable, no value starting with `-`, a single-valued option at most once, a `--format` click's
Choice accepts, every named file that exists readable. Anything else is click's to read, so its
help, its messages, its usage errors and its exit codes stay click's: help, `--`, `--opt=value`,
`-`, `--color`, `--ignore`, `--debug` before the verb, a typo, an unreadable file (click.Path
refuses it), a repeated single option (click takes the last), a shell completion request. So is a
compile whose jobs are a usage error (n5gc.commands.compiling.UsageProblem): it is found before
anything is written, and click is asked to read the line and print it, as its own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Mapping
from functools import partial

from n5gc.records import record

COMPLETION_VARIABLE = "_N5GC_COMPLETE"  # click's shell completion request for prog "n5gc"


@record
class PlainLine:
    """A plain command line as click reads it: the flags given and each valued option's values in
    order (both by parameter name), and the operands."""

    flags: frozenset[str]
    values: dict[str, list[str]]
    operands: list[str]

    def one(self, name: str) -> str | None:
        """The value of a single-valued option (None: not given)."""
        given = self.values.get(name)
        return given[0] if given else None


def plain_runner(args: list[str]) -> Callable[[], int | None] | None:
    """How to run `n5gc ARGS` without click, or None when the line is click's to read. The runner
    returns the exit code, or None when click must answer after all (before anything is done)."""
    verb = args[0] if args else None
    if verb == "validate":
        from n5gc.commands import validating as command
    elif verb == "compile":
        from n5gc.commands import compiling as command  # type: ignore[no-redef]
    else:
        return None
    request = command.plain_command_line(args)
    return partial(command.run_plain, request) if request is not None else None


def read_line(
    args: list[str],
    verb: str,
    flags: Mapping[str, str],
    valued: Mapping[str, str],
    repeatable: Collection[str] = (),
    choices: Mapping[str, Collection[str]] | None = None,
) -> PlainLine | None:
    """`n5gc verb ARGS` read as click reads it when the line is plain, else None.

    `flags` and `valued` map each option token to its parameter name (two tokens may share one:
    `-o`/`--output`); a valued parameter not in `repeatable` may be given once; one in `choices`
    must take one of its values (case-sensitive, as click.Choice), every other value and every
    operand is a click.Path that must be readable when it exists."""
    choices = choices or {}
    if len(args) < 1 or args[0] != verb or COMPLETION_VARIABLE in os.environ:
        return None
    given: set[str] = set()
    values: dict[str, list[str]] = {}
    operands: list[str] = []
    rest = iter(args[1:])
    for token in rest:
        if not _plain(token):
            return None
        if token in flags:
            given.add(flags[token])
        elif token in valued:
            value = next(rest, None)
            if value is None or not _plain(value) or value.startswith("-"):
                return None
            values.setdefault(valued[token], []).append(value)
        elif token.startswith("-"):
            return None  # help, `--`, `--opt=value`, an option outside the set, a typo: click's to answer
        else:
            operands.append(token)
    if any(len(v) > 1 and name not in repeatable for name, v in values.items()):
        return None
    if any(value not in choices[name] for name in choices for value in values.get(name, ())):
        return None
    paths = [*operands, *(v for name, vs in values.items() if name not in choices for v in vs)]
    if not all(_readable_or_absent(path) for path in paths):
        return None  # click.Path refuses an existing file it cannot read, with its own message
    return PlainLine(frozenset(given), values, operands)


def _plain(token: str) -> bool:
    """A token click takes as it is: not empty, printable (no NUL, no undecodable bytes)."""
    return bool(token) and token.isprintable()


def _readable_or_absent(path: str) -> bool:
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def echo(text: str, err: bool = False) -> None:
    """click.echo(text, err=err), without importing click for the common case. click strips colour
    codes when the stream is not a terminal (or keeps them as `--color` says) and re-encodes for a
    misconfigured stream: text holding an escape or a non-ASCII character, or a missing stream, is
    given to click.echo itself."""
    stream = sys.stderr if err else sys.stdout
    if stream is None or "\x1b" in text or not text.isascii():
        import click

        click.echo(text, err=err)
        return
    stream.write(text + "\n")
    stream.flush()
