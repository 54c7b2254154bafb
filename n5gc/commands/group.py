"""The click group of `n5gc`: every verb, its help and usage errors (n5gc.cli.main runs it).

Kept out of n5gc/cli.py so that a plain `n5gc validate` or `n5gc compile` command line
(n5gc.commands.plain: n5gc.commands.validating, n5gc.commands.compiling) runs without importing
click; every other command line comes here.
"""

from __future__ import annotations

import importlib

import click

from n5gc import __version__

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
