"""`n5gc compile`: intents in, GitOps tree out (or, with --check, a report of what is stale).

The click command: help, options, usage errors. The work is in `n5gc.commands.compiling`, which
`n5gc.cli` also runs directly, without click, for a plain command line (n5gc.commands.plain).
"""

from __future__ import annotations

from pathlib import Path

import click

from n5gc.commands.compiling import (
    CompileRequest,
    UsageProblem,
    default_output,
    run,
)
from n5gc.commands.options import color_option, format_option, ignore_option, overlay_option, secrets_option
from n5gc.exits import exit_with

__all__ = ["command", "default_output"]


@click.command("compile")
@click.argument("intents", nargs=-1, type=click.Path(path_type=Path))
@overlay_option
@secrets_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder (default: out/<network>, the intent's metadata.name; the file's name when "
    "that is unreadable). Without INTENT: the folders n5gc.yaml names. "
    "'-o .' writes into the current folder file by file, under the same ownership rules.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 listing stale, missing and extra files (as N5G720-N5G722 diagnostics "
    "with --format json|github).",
)
@click.option(
    "--commit",
    is_flag=True,
    help="git commit the output folder(s) and the intents, overlays and n5gc.yaml compiled "
    "(never a secrets file) after writing.",
)
@click.option(
    "--adopt",
    is_flag=True,
    help="Take over files n5gc does not own that stand at paths it generates (their content is "
    "replaced and the lock lists them), and recover from a damaged lock file.",
)
@click.option(
    "--require-encryption",
    is_flag=True,
    help="Subscriber keys written in plain text (a network with subscribers and no "
    "spec.encryption.sops.age) are an error (N5G241), not warning N5G209; for production repositories "
    "and their pre-commit hook (n5gc.yaml: requireEncryption: true does the same).",
)
@format_option
@color_option
@ignore_option
def command(
    intents: tuple[Path, ...],
    overlays: tuple[Path, ...],
    secrets: Path | None,
    output: Path | None,
    check: bool,
    commit: bool,
    adopt: bool,
    require_encryption: bool,
    fmt: str,
    ignored: tuple[str, ...],
) -> None:
    """Compile INTENT files (or every network of n5gc.yaml) into GitOps trees.

    \b
    Layout of each output folder:
      n5gc.lock.json                         files n5gc owns + sha256, version, input digest
      README.md                              what is here and how to apply it
      sites/<site>/kustomization.yaml        kustomize root of the site's plain manifests
      sites/<site>/helm/<release>/values.yaml + release.yaml   one folder per Helm release
      sites/<site>/**/<file>.sops.yaml       with spec.encryption.sops.age: each Secret holding
                                             keys, SOPS-encrypted (kept while its plaintext and
                                             the recipients are unchanged)
    With errors in any intent nothing is written. n5gc owns only the files its lock lists: it
    replaces or removes only those, never writes through a symbolic link, and refuses (N5G704)
    to overwrite a file it does not own unless --adopt is given. Compiles of the same output
    folder run one after the other. A recompile of unchanged inputs with the same n5gc into a
    folder that still holds what it wrote is proved by a local stamp on the lock file (an
    extended attribute Git does not carry) and skips the work: "N files, 0 changed". After an
    edit, files whose inputs did not change are not rendered or parsed again when stamps on
    them prove it (same kind of attribute); every rendered file is verified and the whole tree
    is audited, as always.
    """
    request = CompileRequest(
        intents, overlays, secrets, output, check, commit, adopt, require_encryption, fmt, ignored
    )
    try:
        code = run(request)
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    exit_with(code)
