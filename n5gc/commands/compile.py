"""`n5gc compile`: intents in, GitOps tree out (or, with --check, a report of what is stale)."""

from __future__ import annotations

import os
import re
import subprocess
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from n5gc import __version__
from n5gc.commands.options import color_option, format_option, ignore_option, overlay_option, secrets_option
from n5gc.diagnostics import Diagnostic, InputError, Report, Severity, error
from n5gc.exits import EXIT_INPUT, EXIT_OK, exit_with
from n5gc.load import load_file
from n5gc.repo_config import (
    CONFIG_FILE,
    Job,
    configured_ignores,
    configured_require_encryption,
    find_config,
    load_jobs,
)
from n5gc.report import format_text, render, without_ignored

if TYPE_CHECKING:
    from n5gc.compiler import Compiled
    from n5gc.emit import Survey


def _jobs(
    intents: tuple[Path, ...], overlays: tuple[Path, ...], secrets: Path | None, output: Path | None
) -> list[Job]:
    if not intents:
        if overlays or secrets or output:
            raise click.UsageError(
                "--overlay/--secrets/-o need an INTENT; without one, n5gc.yaml lists the networks"
            )
        config = find_config(Path.cwd())
        if config is None:
            raise click.UsageError(f"no INTENT given and no {CONFIG_FILE} found here or above")
        return load_jobs(config)
    if len(intents) > 1 and output is not None:
        raise click.UsageError("-o names one output folder: compile one INTENT at a time with -o")
    if output is not None and ("\0" in str(output) or os.path.realpath(output) == "/"):
        raise click.UsageError("-o: n5gc does not write into the file system root or a path with NUL")
    jobs = [Job(i, overlays, secrets, output or default_output(i)) for i in intents]
    resolved = [os.path.realpath(j.output) for j in jobs]
    for job, folder in zip(jobs, resolved, strict=True):
        if resolved.count(folder) > 1:
            raise click.UsageError(f"two intents write to {job.output.as_posix()}: use -o, one at a time")
    return jobs


_FOLDER_NAME = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")


def default_output(intent: Path) -> Path:
    """`out/<network>`: the folder named after the intent's `metadata.name`, as README's layout says.

    The name is read without validating the intent (that is the compile's job); when it cannot be
    read or is not a DNS label (the compile then reports why), the intent file's stem stands in.
    """
    try:
        data = load_file(intent).data
    except InputError:
        data = None
    metadata = data.get("metadata") if isinstance(data, dict) else None
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if isinstance(name, str) and _FOLDER_NAME.fullmatch(name):
        return Path("out") / name
    return Path("out") / intent.name.rsplit(".", 1)[0]


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
    from n5gc.compiler import compile_job
    from n5gc.emit import output_locks

    if check and commit:
        raise click.UsageError("--check writes nothing, so it cannot --commit")
    try:
        jobs = _jobs(intents, overlays, secrets, output)
    except InputError as exc:
        click.echo(render(Report(exc.diagnostics), fmt))
        exit_with(EXIT_INPUT)
    required = require_encryption or configured_require_encryption(Path.cwd())
    # A compile that may write holds the output locks from before it reads the folders (the
    # previous tree's stamps) to its last write: what it read then is what the survey sees.
    with nullcontext() if check else output_locks([job.output for job in jobs]):
        results = [compile_job(job, required, reuse_output=True) for job in jobs]
        report = compiled_report(results, ignored)
        if report.has_errors:
            click.echo(render(report, fmt, ""))
            click.echo("nothing written", err=True)
            exit_with(EXIT_INPUT)
        if check:
            exit_with(_check(results, report, fmt, adopt))
        commit_paths = _commit_inputs(intents, results) if commit else None
        code = _write(results, report, fmt, adopt, commit_paths)
    exit_with(code)


def compiled_report(results: list[Compiled], ignored: tuple[str, ...]) -> Report:
    """The diagnostics of every compile, without the warnings --ignore and n5gc.yaml's `ignore:` name."""
    report = Report([d for r in results for d in r.report.diagnostics])
    return without_ignored(report, (*ignored, *configured_ignores(Path.cwd())))


def _survey_all(results: list[Compiled], adopt: bool) -> tuple[Report, list[str], dict[int, Survey]]:
    """Every output folder compared with what it should hold, read-only: the problems and drift as
    diagnostics, the human drift lines of the text format, and each folder's survey by result index
    (marked with the output lock when the caller holds it, see n5gc.emit.output_locks)."""
    findings = Report()
    human: list[str] = []
    surveys: dict[int, Survey] = {}
    if all(r.unchanged for r in results):  # n5gc.fastpath proved every folder clean
        return findings, human, surveys
    from n5gc.emit import environment_problem, survey_held

    for index, r in enumerate(results):
        if r.unchanged:
            continue
        try:
            found = survey_held(r.job.output, r.files, adopt, r.read, r.read_hold)
        except OSError as exc:
            findings.add(environment_problem(exc, r.job.output))
            continue
        surveys[index] = found
        findings.extend(found.diagnostics)
        findings.extend(found.drift.diagnostics(r.job.output))
        human.extend(found.drift.lines(r.job.output.as_posix()))
    return findings, human, surveys


def _check(results: list[Compiled], report: Report, fmt: str, adopt: bool) -> int:
    """`--check`: text keeps the human lines; json/github put every finding on stdout as diagnostics."""
    findings, human, _ = _survey_all(results, adopt)
    code = EXIT_INPUT if findings.has_errors else EXIT_OK
    if fmt != "text":
        click.echo(render(Report([*report.diagnostics, *findings.diagnostics]), fmt, "up to date"))
        return code
    if report.diagnostics:
        click.echo(render(report, fmt, ""), err=True)
    problems = [d for d in findings if d.code not in _DRIFT_CODES]
    for line in [*(format_text(d) for d in problems), *human]:
        click.echo(line)
    click.echo(f"{len(human)} file(s) out of date: run n5gc compile" if human else "up to date")
    return code


_DRIFT_CODES = {"N5G720", "N5G721", "N5G722"}


def _write(
    results: list[Compiled], report: Report, fmt: str, adopt: bool, commit_paths: list[str] | None
) -> int:
    """Write every output folder (each whole or not at all, and none when any is blocked), then
    commit when asked; json/github get one report on stdout (progress lines then go to stderr).
    Each folder is surveyed once: the output locks are held from the survey to the last write."""
    from n5gc.emit import output_locks

    machine = fmt != "text"
    with output_locks([r.job.output for r in results if not r.unchanged]):
        findings, _, surveys = _survey_all(results, adopt)
        blocked = [d for d in findings if d.code not in _DRIFT_CODES]
        outcome = Report([*report.diagnostics, *blocked])
        if outcome.has_errors:
            click.echo(render(outcome, fmt, ""))
            click.echo("nothing written", err=True)
            return EXIT_INPUT
        if report.diagnostics and not machine:
            click.echo(render(report, fmt, ""), err=True)
        outcome = Report(list(report.diagnostics))
        for index, r in enumerate(results):
            outcome.extend(_write_one(r, surveys.get(index), adopt, fmt))
    if commit_paths is not None and not outcome.has_errors:
        outcome.extend(_commit(results, commit_paths, machine))
    if machine:
        click.echo(render(outcome, fmt))
    elif outcome.has_errors:
        click.echo(render(Report([d for d in outcome if d.severity is Severity.ERROR]), fmt, ""))
    return EXIT_INPUT if outcome.has_errors else EXIT_OK


def _write_one(r: Compiled, surveyed: Survey | None, adopt: bool, fmt: str) -> list[Diagnostic]:
    """Write one output folder (its survey taken under the lock still held), stamp it for the next
    no-op compile, and print its progress line; returns its diagnostics."""
    from n5gc.emit import write_tree
    from n5gc.fastpath import stamp
    from n5gc.incremental import stamp_files

    machine = fmt != "text"
    if r.unchanged:
        click.echo(f"{r.job.output.as_posix()}: {len(r.files)} files, 0 changed", err=machine)
        return []
    try:
        written = write_tree(r.job.output, r.files, adopt, surveyed)
    except InputError as exc:  # the folder changed since the survey, or the environment refused
        return list(exc.diagnostics)
    if r.material is not None:
        stamp(r.job.output, r.files, r.material)  # the next compile of the same inputs is a no-op
    # n5gc.incremental: what the next compile may reuse
    stamp_files(r.job.output, r.files, r.stamps, r.digests)
    if written.diagnostics and not machine:
        click.echo(render(Report(written.diagnostics), fmt, ""), err=True)
    changes = written.drift
    total = len(changes.stale) + len(changes.missing) + len(changes.extra)
    click.echo(f"{r.job.output.as_posix()}: {len(r.files)} files, {total} changed", err=machine)
    return list(written.diagnostics)


def _commit_inputs(intents: tuple[Path, ...], results: list[Compiled]) -> list[str]:
    """What `--commit` commits besides the output folders: the inputs compiled and n5gc.yaml when it
    named them (never a secrets file: `Compiled.inputs` has none)."""
    paths = [p.as_posix() for r in results for p in r.inputs]
    config = None if intents else find_config(Path.cwd())
    if config is not None:
        paths.append(Path(os.path.relpath(config)).as_posix())
    return list(dict.fromkeys(paths))


def _commit(results: list[Compiled], inputs: list[str], machine: bool) -> list[Diagnostic]:
    """git add and commit the output folders and their inputs; a git failure is a diagnostic.
    Progress lines go to stderr when stdout carries a json/github report (`machine`)."""
    outputs = [r.job.output.as_posix() for r in results]
    paths = [*outputs, *inputs]
    names = ", ".join(r.job.intent.as_posix() for r in results)
    message = f"n5gc: compile {names}\n\nGenerated by n5gc {__version__}."
    try:
        _git("add", "--all", "--", *paths)
        if _git("diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
            click.echo("nothing to commit", err=machine)
            return []
        _git("commit", "-m", message, "--", *paths)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = (getattr(exc, "stderr", "") or getattr(exc, "stdout", "") or str(exc)).strip()
        return [
            error(
                "N5G711",
                f"git commit failed: {detail}",
                None,
                "the tree is written; fix the git problem and commit it (or rerun with --commit)",
            )
        ]
    click.echo(f"committed {', '.join(paths)}", err=machine)
    return []


def _git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], check=check, capture_output=True, text=True)
