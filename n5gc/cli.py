"""Command line: `n5gc <verb>`; each verb lives in `n5gc/commands/<verb>.py` and is imported lazily
so that `n5gc validate` (run on every commit) never pays for the compiler's back half. The click
group is in n5gc/commands/group.py; a plain `n5gc validate` or `n5gc compile` command line runs
without click (n5gc.commands.plain says which lines are plain; the work is in
n5gc.commands.validating and n5gc.commands.compiling), since importing click is a tenth of a
validate and of a no-op compile. Every other line, and a plain compile line whose jobs are a usage
error, is click's to read and answer.

Exit codes (n5gc/exits.py): 0 ok (warnings allowed), 1 errors in the intent, 2 usage errors, 3 internal error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from n5gc.exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


def __getattr__(name: str) -> Any:
    """`n5gc.cli.cli` (the click group) and its companions, imported on first use."""
    if name in ("cli", "COMMANDS", "COMPLETION_EPILOG", "LazyGroup"):
        from n5gc.commands import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: maps every outcome to the documented exit codes.

    The whole run goes with the cyclic garbage collector paused (n5gc.startup): importing n5gc,
    click and the libraries makes some hundred thousand objects that live to the end, which its
    passes would walk again and again (2-3 ms of every run); the front half and the compile pause
    it anyway."""
    from n5gc.startup import without_cyclic_collection

    with without_cyclic_collection():
        code = _run_command(sys.argv[1:] if argv is None else argv)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _run_command(args: list[str]) -> Any:
    """The command's exit code (or what click returned), every exception mapped to one."""
    from n5gc.commands.plain import plain_runner
    from n5gc.startup import without_pydantic_plugins

    without_pydantic_plugins()
    debug = "--debug" in args
    try:
        plain = plain_runner(args)
        code = plain() if plain is not None else None
        return code if code is not None else _click_main(args)
    except KeyboardInterrupt:
        _echo_error("n5gc: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # anything else is n5gc's fault, never the user's
        _report_internal_error(exc, debug)
        return EXIT_INTERNAL


def run() -> None:
    """The `n5gc` console script and `python -m n5gc`: `main`, then leave without tearing the
    interpreter down. After a compile of 1,000 slices the heap holds a few hundred MB of objects,
    and freeing them one by one costs 0.05-0.15 s for nothing (mypy leaves the same way). n5gc
    keeps no buffered file, thread, temporary or atexit handler open at this point (its files are
    written and synced with os-level calls), so only the standard streams need flushing."""
    from n5gc.startup import leave_for_exit

    leave_for_exit()  # nothing is freed at the end: what a compile drops need not be freed before
    try:
        main()
        code: Any = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # sys.exit("message"): what the interpreter would print, and 1
        _echo_error(str(code))
        code = EXIT_INPUT
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`n5gc ... | head`)
            stream.flush()
    os._exit(code)


def _click_main(args: list[str]) -> Any:
    """Run the click group; click's own outcomes (exit, usage error, abort) as exit codes."""
    import click

    from n5gc.commands.group import cli

    try:
        return cli.main(args=args, prog_name="n5gc", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("n5gc: aborted", err=True)
        return EXIT_USAGE


def _echo_error(text: str) -> None:
    import click

    click.echo(text, err=True)


def _report_internal_error(exc: BaseException, debug: bool) -> None:
    """One line naming the exception type and where n5gc raised it. The exception's text is left
    out (shown only with --debug): it may quote input, e.g. `int('<a subscriber key>')`."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    _echo_error(f"n5gc: internal error: {type(exc).__name__} at {_raised_at(exc)}")
    if getattr(exc, "shareable", False):  # written by n5gc from values that are never keys
        _echo_error(str(exc))
    _echo_error(
        "hint: this is a bug in n5gc, not in your intent; rerun with --debug and report the output "
        "with n5gc --version"
    )


def _raised_at(exc: BaseException) -> str:
    """`n5gc/plan/build.py:120` for the innermost frame of n5gc that the exception went through."""
    import traceback
    from pathlib import Path

    package = Path(__file__).resolve().parent
    where = "an unknown place"
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(package):
            where = f"n5gc/{path.relative_to(package).as_posix()}:{frame.lineno}"
    return where
