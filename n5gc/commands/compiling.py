"""The work of `n5gc compile`, without click: intents in, GitOps tree out (or, with --check, a
report of what is stale).

`n5gc/commands/compile.py` is the click command (help, usage errors, every option). A plain
command line (`n5gc compile [--overlay F]... [--secrets F] [-o DIR] [--check] [--commit] [--adopt]
[--require-encryption] [--format FMT] [INTENT...]`, each option and value a token of its own: what
the README, the pre-commit hooks, CI and the benchmarks run) is recognised here by
`plain_command_line` and run without importing click, which costs 10-20 ms of every compile (a
tenth of a no-op recompile). Anything else, or anything click would refuse or treat specially
(help, `--opt=value`, `--`, `-oDIR`, unreadable files, a completion request, `--color`, `--ignore`),
is left to click, and so is a line whose jobs are a usage error (`UsageProblem`, found before
anything is read for the compile or written): click reads the line again and prints the error as
its own, so messages and exit codes stay click's (n5gc.commands.plain says exactly which lines are
plain).
"""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from n5gc import __version__
from n5gc.commands.plain import echo, read_line
from n5gc.diagnostics import Diagnostic, InputError, Report, Severity, error
from n5gc.exits import EXIT_INPUT, EXIT_OK
from n5gc.load import load_file
from n5gc.records import record
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
    import subprocess

    from n5gc.compiler import Compiled
    from n5gc.emit import Survey


class UsageProblem(Exception):
    """A compile command line that cannot run (click prints it as a usage error, exit 2)."""


@record
class CompileRequest:
    """The arguments of one `n5gc compile` run."""

    intents: tuple[Path, ...] = ()
    overlays: tuple[Path, ...] = ()
    secrets: Path | None = None
    output: Path | None = None
    check: bool = False
    commit: bool = False
    adopt: bool = False
    require_encryption: bool = False
    fmt: str = "text"
    ignored: tuple[str, ...] = ()


_FLAGS = {
    "--check": "check",
    "--commit": "commit",
    "--adopt": "adopt",
    "--require-encryption": "require_encryption",
}
_VALUED = {
    "--overlay": "overlays",
    "--secrets": "secrets",
    "-o": "output",
    "--output": "output",
    "--format": "fmt",
}


def plain_command_line(args: list[str]) -> CompileRequest | None:
    """The request of `n5gc compile ARGS` when click would read it exactly so and accept it, else None."""
    from n5gc.report import FORMATS  # what --format accepts (click.Choice of it, case-sensitive)

    line = read_line(args, "compile", _FLAGS, _VALUED, repeatable=("overlays",), choices={"fmt": FORMATS})
    if line is None:
        return None
    secrets, output = line.one("secrets"), line.one("output")
    return CompileRequest(
        intents=tuple(Path(p) for p in line.operands),
        overlays=tuple(Path(p) for p in line.values.get("overlays", ())),
        secrets=Path(secrets) if secrets is not None else None,
        output=Path(output) if output is not None else None,
        check="check" in line.flags,
        commit="commit" in line.flags,
        adopt="adopt" in line.flags,
        require_encryption="require_encryption" in line.flags,
        fmt=line.one("fmt") or "text",
    )


def run_plain(request: CompileRequest) -> int | None:
    """Run a plain `n5gc compile` and print what the click command would; returns the exit code, or
    None for a usage problem (`run` raises it before anything is done), which click is to print as
    its own."""
    try:
        return run(request)
    except UsageProblem:
        return None


def run(request: CompileRequest) -> int:
    """Run `n5gc compile` and print its outcome; returns the exit code. Raises UsageProblem (before
    anything is done) for a command line that cannot run."""
    try:
        jobs = plan_jobs(request)
    except InputError as exc:  # a broken n5gc.yaml
        echo(render(Report(exc.diagnostics), request.fmt))
        return EXIT_INPUT
    return _run_jobs(request, jobs)


def plan_jobs(request: CompileRequest) -> list[Job]:
    """The jobs of a compile; raises UsageProblem for a command line that cannot run, InputError
    for a broken n5gc.yaml. Reads, never writes."""
    if request.check and request.commit:
        raise UsageProblem("--check writes nothing, so it cannot --commit")
    return jobs_of(request.intents, request.overlays, request.secrets, request.output)


def jobs_of(
    intents: tuple[Path, ...], overlays: tuple[Path, ...], secrets: Path | None, output: Path | None
) -> list[Job]:
    """One job per INTENT (or per network of n5gc.yaml without one); raises UsageProblem for
    options that cannot go together, InputError for a broken n5gc.yaml."""
    if not intents:
        if overlays or secrets or output:
            raise UsageProblem(
                "--overlay/--secrets/-o need an INTENT; without one, n5gc.yaml lists the networks"
            )
        config = find_config(Path.cwd())
        if config is None:
            raise UsageProblem(f"no INTENT given and no {CONFIG_FILE} found here or above")
        return load_jobs(config)
    if len(intents) > 1 and output is not None:
        raise UsageProblem("-o names one output folder: compile one INTENT at a time with -o")
    if output is not None and ("\0" in str(output) or os.path.realpath(output) == "/"):
        raise UsageProblem("-o: n5gc does not write into the file system root or a path with NUL")
    jobs = [Job(i, overlays, secrets, output or default_output(i)) for i in intents]
    resolved = [os.path.realpath(j.output) for j in jobs]
    for job, folder in zip(jobs, resolved, strict=True):
        if resolved.count(folder) > 1:
            raise UsageProblem(f"two intents write to {job.output.as_posix()}: use -o, one at a time")
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


def _run_jobs(request: CompileRequest, jobs: list[Job]) -> int:
    """Compile the jobs and write (or with --check compare) their output folders; returns the exit code."""
    from n5gc.compiler import compile_job
    from n5gc.emit import output_locks
    from n5gc.startup import keep_to_exit

    fmt = request.fmt
    required = request.require_encryption or configured_require_encryption(Path.cwd())
    # A compile that may write holds the output locks from before it reads the folders (the
    # previous tree's stamps) to its last write: what it read then is what the survey sees.
    with nullcontext() if request.check else output_locks([job.output for job in jobs]):
        results = [compile_job(job, required, reuse_output=True) for job in jobs]
        keep_to_exit("compiled", results)  # n5gc.startup: the files of every folder, freed by nobody
        report = compiled_report(results, request.ignored)
        if report.has_errors:
            echo(render(report, fmt, ""))
            echo("nothing written", err=True)
            return EXIT_INPUT
        if request.check:
            return _check(results, report, fmt, request.adopt)
        commit_paths = _commit_inputs(request.intents, results) if request.commit else None
        return _write(results, report, fmt, request.adopt, commit_paths)


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
        echo(render(Report([*report.diagnostics, *findings.diagnostics]), fmt, "up to date"))
        return code
    if report.diagnostics:
        echo(render(report, fmt, ""), err=True)
    problems = [d for d in findings if d.code not in _DRIFT_CODES]
    for line in [*(format_text(d) for d in problems), *human]:
        echo(line)
    echo(f"{len(human)} file(s) out of date: run n5gc compile" if human else "up to date")
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
            echo(render(outcome, fmt, ""))
            echo("nothing written", err=True)
            return EXIT_INPUT
        if report.diagnostics and not machine:
            echo(render(report, fmt, ""), err=True)
        outcome = Report(list(report.diagnostics))
        for index, r in enumerate(results):
            outcome.extend(_write_one(r, surveys.get(index), adopt, fmt))
    if commit_paths is not None and not outcome.has_errors:
        outcome.extend(_commit(results, commit_paths, machine))
    if machine:
        echo(render(outcome, fmt))
    elif outcome.has_errors:
        echo(render(Report([d for d in outcome if d.severity is Severity.ERROR]), fmt, ""))
    return EXIT_INPUT if outcome.has_errors else EXIT_OK


def _write_one(r: Compiled, surveyed: Survey | None, adopt: bool, fmt: str) -> list[Diagnostic]:
    """Write one output folder (its survey taken under the lock still held), stamp it for the next
    no-op compile, and print its progress line; returns its diagnostics."""
    from n5gc.emit import write_tree
    from n5gc.fastpath import stamp
    from n5gc.incremental import stamp_files

    machine = fmt != "text"
    if r.unchanged:
        echo(f"{r.job.output.as_posix()}: {len(r.files)} files, 0 changed", err=machine)
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
        echo(render(Report(written.diagnostics), fmt, ""), err=True)
    changes = written.drift
    total = len(changes.stale) + len(changes.missing) + len(changes.extra)
    echo(f"{r.job.output.as_posix()}: {len(r.files)} files, {total} changed", err=machine)
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
    import subprocess  # here: only --commit runs git

    names = ", ".join(r.job.intent.as_posix() for r in results)
    message = f"n5gc: compile {names}\n\nGenerated by n5gc {__version__}."
    try:
        _git("add", "--all", "--", *paths)
        if _git("diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
            echo("nothing to commit", err=machine)
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
    echo(f"committed {', '.join(paths)}", err=machine)
    return []


def _git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    import subprocess

    return subprocess.run(["git", *args], check=check, capture_output=True, text=True)
