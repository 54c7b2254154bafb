"""`n5gc diff`: what a compile would change, per file, per Kubernetes object and in network terms."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from n5gc.commands.compiling import UsageProblem, compiled_report, jobs_of
from n5gc.commands.options import color_option, ignore_option, overlay_option, secrets_option
from n5gc.diagnostics import InputError, Report
from n5gc.exits import EXIT_INPUT, EXIT_OK, exit_with
from n5gc.impact import TreeDiff, compare
from n5gc.report import render

EXIT_CHANGES = 1


@click.command("diff")
@click.argument("intents", nargs=-1, type=click.Path(path_type=Path))
@overlay_option
@secrets_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The output folder compile would write (default: out/<network>, the intent's metadata.name; "
    "without INTENT: "
    "the folders n5gc.yaml names). It is only read.",
)
@click.option(
    "--against",
    metavar="DIR|REV",
    default=None,
    help="Compare with another compiled folder, or with the output folder at a Git revision "
    "(e.g. HEAD, origin/main). A path that exists is a folder. Default: the output folder as it is.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text for people, json for CI bots (files, objects, impact).",
)
@color_option
@ignore_option
def command(
    intents: tuple[Path, ...],
    overlays: tuple[Path, ...],
    secrets: Path | None,
    output: Path | None,
    against: str | None,
    fmt: str,
    ignored: tuple[str, ...],
) -> None:
    """Show what `n5gc compile` would change, without writing anything.

    Compiles INTENT files (or every network of n5gc.yaml) in memory, exactly as compile does, and
    compares the result with the output folder (or --against DIR|REV). Above the per-file unified
    diff and per-object list (kind namespace/name) stands an impact summary: Helm releases that
    restart and their changed values keys, workloads whose pod template changes, gNBs that re-do
    NG Setup, DNN pools and slices that change, IMSI ranges added or removed, unchanged files.
    The content of a Secret (subscriber keys) is never shown: "changed (Secret: content not shown)".

    \b
    Exit codes: 0 no changes, 1 changes (like diff) or errors in the intent
                (then nothing is compared), 2 usage errors.
    \b
    Pre-commit (stage pre-push, or manual):
      - id: n5gc-diff
        name: n5gc diff
        entry: n5gc diff --against HEAD
        language: system
        pass_filenames: false
        stages: [manual]
    In a pull-request job: n5gc diff --against origin/main --format json > diff.json
    (exit 1 only means "there are changes": test the output, not the code).
    """
    from n5gc.compiler import compile_job

    try:
        jobs = jobs_of(intents, overlays, secrets, output)
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    except InputError as exc:
        click.echo(render(Report(exc.diagnostics), "text" if fmt == "text" else "json"))
        click.echo("nothing compared", err=True)
        exit_with(EXIT_INPUT)
    if against is not None and _is_folder_argument(against) and len(jobs) > 1:
        raise click.UsageError("--against DIR compares one network: give one INTENT")
    results = [compile_job(job) for job in jobs]
    report = compiled_report(results, ignored)
    if report.has_errors:
        click.echo(render(report, fmt, ""))
        click.echo("nothing compared", err=True)
        exit_with(EXIT_INPUT)
    compared = []
    for r in results:
        old, where = _old_tree(r.job.output, against, r.files)
        compared.append((r.job.output.as_posix(), where, compare(old, r.files)))
    click.echo(_json(compared) if fmt == "json" else _text(compared), nl=False)
    exit_with(EXIT_CHANGES if any(d.changed for _, _, d in compared) else EXIT_OK)


def _is_folder_argument(against: str) -> bool:
    return os.path.lexists(against)


def _old_tree(output: Path, against: str | None, wanted: dict[str, bytes]) -> tuple[dict[str, bytes], str]:
    """The files to compare with, and a name for where they come from."""
    if against is None:
        return _read_folder(output, "output folder", wanted), output.as_posix()
    if _is_folder_argument(against):
        return _read_folder(Path(against), "--against", wanted), against
    return _read_revision(output, against), f"{against}:{output.as_posix()}"


def _read_folder(folder: Path, what: str, wanted: dict[str, bytes]) -> dict[str, bytes]:
    """The files n5gc owns there (its lock) and those at paths it generates: regular files only,
    no link followed, so a person's own files in the folder are not reported as removed."""
    from n5gc.emit import owned_files
    from n5gc.emit.paths import Kind, Tree, kind_at, probe

    kind = kind_at(folder)
    if kind is Kind.ABSENT and what == "output folder":
        return {}
    if kind is not Kind.FOLDER:
        raise click.UsageError(f"{what}: {folder.as_posix()} is not a folder (n5gc follows no links)")
    try:
        candidates = sorted(owned_files(folder) | set(wanted))
        with Tree(folder) as tree:
            return {p: tree.read(p) for p in candidates if probe(folder, p)[0] is Kind.FILE}
    except OSError as exc:
        raise click.UsageError(f"{what}: cannot read {folder.as_posix()}: {exc.strerror}") from None


def _read_revision(output: Path, revision: str) -> dict[str, bytes]:
    """The output folder's files at a Git revision (`git ls-tree`, `git cat-file`)."""
    if revision.startswith("-"):
        raise click.UsageError(f"--against {revision}: neither a folder nor a Git revision")
    top = _git(
        ["rev-parse", "--show-toplevel"], Path.cwd(), f"--against {revision}: not inside a Git repository"
    )
    root = Path(top.decode().strip())
    prefix = Path(os.path.relpath(os.path.realpath(output), os.path.realpath(root))).as_posix()
    if prefix.startswith(".."):
        raise click.UsageError(f"--against {revision}: {output.as_posix()} is outside the Git repository")
    problem = f"--against {revision}: neither a folder nor a Git revision"
    _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root, problem)
    listing = _git(["ls-tree", "-r", "-z", "--name-only", revision, "--", f"{prefix}/"], root, problem)
    files = {}
    for name in filter(None, listing.decode().split("\0")):
        files[name[len(prefix) + 1 :]] = _git(["cat-file", "blob", f"{revision}:{name}"], root, problem)
    return files


def _git(args: list[str], cwd: Path, problem: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise click.UsageError(f"{problem} (git: {exc.strerror})") from None
    if done.returncode != 0:
        raise click.UsageError(problem)
    return done.stdout


# --- output ---------------------------------------------------------------------------------------


def _text(compared: list[tuple[str, str, TreeDiff]]) -> str:
    lines: list[str] = []
    for output, where, diff in compared:
        if not diff.changed:
            lines.append(f"{output}: no changes (compared with {where})")
            continue
        lines.append(f"{output}: {len(diff.files)} file(s) change (compared with {where})")
        lines.extend(_impact_lines(diff))
        for change in diff.files:
            lines.append("")
            lines.append(f"{change.status}{' (encrypted)' if change.encrypted else ''}: {change.path}")
            lines.extend(c.line() for c in change.objects)
            if change.diff:
                lines.append(change.diff.rstrip("\n"))
    return "\n".join(lines) + "\n"


def _impact_lines(diff: TreeDiff) -> list[str]:
    impact = diff.impact
    lines = ["", "Impact:"]
    for r in impact.releases:
        keys = f" (values changed: {', '.join(r['changedKeys'])})" if r["changedKeys"] else ""
        lines.append(f"  release {r['release']}: {r['status']}{keys}")
    lines.extend(f"  {w['kind']} {w['namespace']}/{w['name']}: {w['reason']}" for w in impact.workloads)
    lines.extend(f"  gNB {g['name']} ({g['component']}): re-does {g['redoes']}" for g in impact.gnbs)
    for p in impact.pools:
        lines.append(f"  DNN {p['dnn']}: pool {_listed(p['before'])} -> {_listed(p['after'])}")
    for s in impact.slices:
        name = f"{s['sst']}/{s['sd']}" if s["sd"] is not None else str(s["sst"])
        lines.append(f"  slice {name}: DNNs {_listed(s['before'])} -> {_listed(s['after'])}")
    for label, ranges in (("added", impact.imsis_added), ("removed", impact.imsis_removed)):
        lines.extend(
            f"  IMSIs {label}: {r['first']}-{r['last']} ({r['count']}, group {r['group']})" for r in ranges
        )
    reordered = sum(1 for f in diff.files if f.status == "reordered")
    lines.append(
        f"  unchanged: {len(diff.unchanged)} file(s)"
        + (f"; re-ordered only: {reordered}" if reordered else "")
    )
    return lines


def _listed(values: list[str]) -> str:
    return ", ".join(values) if values else "(none)"


def _json(compared: list[tuple[str, str, TreeDiff]]) -> str:
    networks: list[dict[str, Any]] = [
        {
            "output": output,
            "against": where,
            "changed": diff.changed,
            "files": [asdict(f) for f in diff.files],
            "unchanged": diff.unchanged,
            "impact": asdict(diff.impact),
        }
        for output, where, diff in compared
    ]
    document = {"changed": any(n["changed"] for n in networks), "networks": networks}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
