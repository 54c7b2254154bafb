"""Command line: `n5gc <verb>`; each verb lives in `n5gc/commands/<verb>.py` and is imported lazily
so that `n5gc validate` (run on every commit) never pays for the compiler's back half.

Exit codes (n5gc/exits.py): 0 ok (warnings allowed), 1 errors in the intent, 2 usage errors, 3 internal error.
"""

from __future__ import annotations

import importlib
import sys

import click

from n5gc import __version__
from n5gc.exits import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE

COMMANDS = {
    "validate": "check intents (what the pre-commit hook runs)",
    "compile": "compile intents into a GitOps tree",
    "plan": "print the resolved deployment plan",
    "diff": "show what compile would change: files, objects, impact (writes nothing)",
    "schema": "print the JSON Schema of the intent language",
    "explain": "explain a diagnostic code",
    "radio": "plan an NR carrier (ARFCN, point A, SSB) for a band",
    "audit": "prove that the files of a compiled tree agree (no intent needed)",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"n5gc.commands.{name}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(sorted(COMMANDS.items()))


COMPLETION_EPILOG = """\b
Shell completion (verbs, options, files), one line in your shell's start-up file:
  bash  ~/.bashrc:   eval "$(_N5GC_COMPLETE=bash_source n5gc)"
  zsh   ~/.zshrc:    eval "$(_N5GC_COMPLETE=zsh_source n5gc)"
  fish  config.fish: _N5GC_COMPLETE=fish_source n5gc | source
"""


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=COMPLETION_EPILOG
)
@click.version_option(__version__, "--version", prog_name="n5gc", message="%(prog)s %(version)s")
@click.option(
    "--debug",
    is_flag=True,
    help="Show a traceback on internal errors (its messages may quote input values: keep it off in CI logs).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """n5gc compiles a 5G network intent into a GitOps tree (Helm values, Kubernetes
    manifests, UERANSIM configs), proving first that core, RAN, UEs and subscribers agree.

    \b
    Exit codes: 0 ok (warnings allowed), 1 errors in the intent,
                2 usage errors, 3 internal error (a bug: please report it).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> None:
    """Console entry point: maps every outcome to the documented exit codes."""
    from n5gc.startup import without_pydantic_plugins

    without_pydantic_plugins()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="n5gc", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("n5gc: aborted", err=True)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("n5gc: interrupted", err=True)
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # anything else is n5gc's fault, never the user's
        _report_internal_error(exc, debug)
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _report_internal_error(exc: BaseException, debug: bool) -> None:
    """One line naming the exception type and where n5gc raised it. The exception's text is left
    out (shown only with --debug): it may quote input, e.g. `int('<a subscriber key>')`."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    click.echo(f"n5gc: internal error: {type(exc).__name__} at {_raised_at(exc)}", err=True)
    if getattr(exc, "shareable", False):  # written by n5gc from values that are never keys
        click.echo(str(exc), err=True)
    click.echo(
        "hint: this is a bug in n5gc, not in your intent; rerun with --debug and report the output "
        "with n5gc --version",
        err=True,
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
