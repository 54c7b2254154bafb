"""The whole pipeline for one network: front half, plan, render, verify, and the files to emit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from n5gc.diagnostics import CompilerBug, Diagnostic, Report, Severity
from n5gc.frontend import (
    SECRETS_SUFFIX,
    Analysis,
    analyse,
    default_secrets_path,
    display_path,
    without_cyclic_collection,
)
from n5gc.incremental import PreviousTree, Stamps, still_to_stamp
from n5gc.records import record
from n5gc.repo_config import Job, find_config
from n5gc.startup import keep_to_exit

if TYPE_CHECKING:
    from n5gc.plan.ir import Plan


@record(frozen=False)
class Compiled:
    job: Job
    report: Report
    files: dict[str, bytes] = field(default_factory=dict)
    inputs: list[Path] = field(default_factory=list)  # intent and overlays compiled (no secrets)
    material: bytes | None = None  # n5gc.fastpath: digest of what can change the output (in memory only)
    unchanged: bool = False  # the output folder already holds `files`: nothing to survey or write
    stamps: Stamps = field(default_factory=Stamps)  # n5gc.incremental: to write once `files` are on disk
    digests: dict[str, bytes] = field(default_factory=dict)  # sha256 of `files` but the lock, where known
    # Files of the output folder this compile read (n5gc.incremental), and the output lock held
    # then: the survey under the same hold does not read them again (n5gc.emit.survey_held).
    read: Mapping[str, bytes] = field(default_factory=dict)
    read_hold: object | None = None

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def audit(
    serialised: dict[str, bytes],
    root: str,
    sealed: dict[str, dict[str, str]] | None = None,
    previous: PreviousTree | None = None,
) -> dict[str, bytes]:
    """Run the independent audit over the files about to be written; a finding is n5gc's bug.

    The checks proved the intent consistent and the planner derived the files from it, so files
    that disagree with each other mean a planner, target or template bug: nothing is written.
    `sealed`: the lock entries the encrypted files will get (their salted digests). `previous`:
    the output folder's stamps (n5gc.incremental): a file whose bytes did not change is not
    parsed again, its summary is read from its stamp. Returns every file's summary (to stamp).
    """
    from n5gc.report import format_text

    # The summaries, their view and facts: left to the process's end where n5gc leaves by os._exit
    # (n5gc.startup.keep_to_exit): freeing them one object at a time, hundreds of thousands at
    # 1,000 slices, costs ~10 ms for nothing. A library caller frees them as usual.
    held: list[object] = []
    bodies, encoded = _summaries(serialised, previous)
    held.append(bodies)
    # The bytes are read only for the few files whose summary cannot decide alone.
    found = _cross_file(bodies, root, sealed, serialised, previous, held)
    if previous is not None and previous.summaries_proven and (found is None or _errors(found)):
        # A summary read from a stamp that this n5gc cannot read, or a finding over such
        # summaries: a stamp's digest binds the installation's files, not a secret, so it proves
        # no authorship. Every file is summarised again from its bytes (and stamped anew) before
        # a finding is called n5gc's bug.
        previous.summaries_proven.clear()
        held.clear()
        bodies, encoded = _summaries(serialised, None)
        held.append(bodies)
        found = _cross_file(bodies, root, sealed, serialised, None, held)
    keep_to_exit("audit", *held)
    problems = _errors(found or [])
    if problems:
        shown = "\n  ".join(format_text(d) for d in sorted(set(problems), key=lambda d: d.sort_key()))
        raise CompilerBug(
            f"the files about to be written disagree with each other (n5gc audit):\n  {shown}", shareable=True
        )
    return encoded


def _cross_file(
    bodies: dict[str, Mapping[str, Any]],
    root: str,
    sealed: dict[str, dict[str, str]] | None,
    serialised: dict[str, bytes],
    previous: PreviousTree | None,
    held: list[object],
) -> list[Diagnostic] | None:
    """The audit's cross-file checks; None when a summary read from a stamp has an inside they
    cannot read (a summary this compile made is n5gc's own: its failure is a bug, raised). The
    view and facts they gathered are appended to `held`."""
    from n5gc.audit.summary import audit_bodies

    try:
        return list(audit_bodies(bodies, root, sealed, serialised.__getitem__, kept=held))
    except _SHAPE_ERRORS:
        if previous is None or not previous.summaries_proven:
            raise
        return None


def _errors(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.severity is Severity.ERROR]


# What reading a summary of an unexpected inner shape raises in the cross-file pass.
_SHAPE_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError)


def _summaries(
    serialised: dict[str, bytes], previous: PreviousTree | None
) -> tuple[dict[str, Mapping[str, Any]], dict[str, bytes]]:
    """Every file's audit summary body, and its bytes: read from a proven stamp, else made from
    the file."""
    from n5gc.audit.summary import summarise

    stored: dict[str, bytes] = {}
    if previous is not None:
        for path, data in serialised.items():
            found = previous.summary(path, data)
            if found is not None:
                stored[path] = found
    read = _decoded(stored)
    bodies: dict[str, Mapping[str, Any]] = {}
    encoded: dict[str, bytes] = {}
    for path, data in serialised.items():
        body = read.get(path)
        if body is None:
            summary = summarise(path, data)
            body, encoded[path] = summary.body, summary.to_bytes()
        else:
            encoded[path] = stored[path]
        bodies[path] = body
    return bodies, encoded


def _decoded(stored: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """The bodies of the summaries read from proven stamps (path -> bytes) that this n5gc can
    read; the others are left out (they are made again). One call for all: a tree has thousands."""
    from n5gc.audit.summary import decode_bodies

    return decode_bodies(stored)


def compile_job(job: Job, require_encryption: bool = False, *, reuse_output: bool = False) -> Compiled:
    """Compile one network into file contents (nothing is written here).

    `require_encryption`: keys in plain text (no spec.encryption) are an error (N5G241), not N5G209.
    `reuse_output`: when the output folder provably holds what this compile writes (n5gc.fastpath),
    return its files with `unchanged` set instead of planning, rendering and verifying them again;
    the front half still runs, so the diagnostics are the same. Otherwise reuse what the folder's
    stamps prove (n5gc.incremental): files whose recipe's inputs did not change are not rendered,
    files whose bytes did not change are not parsed again for the audit.
    """
    with without_cyclic_collection():
        return _compile_job(job, require_encryption, reuse_output)


def _compile_job(job: Job, require_encryption: bool, reuse_output: bool) -> Compiled:
    analysis = analyse(job.intent, list(job.overlays), job.secrets, require_secrets=True)
    result = Compiled(job, analysis.report)
    if not analysis.ok or analysis.network is None:
        return result
    from n5gc.plan.location import gitops_path_disagrees, output_repo_path

    repo_path = output_repo_path(job.output)  # where GitOps engines find the tree in its repository
    if analysis.origin is not None:
        result.report.extend(gitops_path_disagrees(analysis.network, analysis.origin, repo_path))
    if result.report.has_errors:
        return result
    result.inputs = _lock_inputs(job, analysis.input_files)
    if reuse_output and _reuse_output(result, analysis, repo_path, require_encryption):
        return result
    from n5gc.emit import content_digests, tree_files  # after the no-op path, which needs none of these
    from n5gc.fastload import parse_once
    from n5gc.plan import build_plan
    from n5gc.sops.stage import decide_salts, encrypt_tree, plaintext_diagnostics
    from n5gc.targets import render_all
    from n5gc.verify import verify

    plan = build_plan(analysis.network, repo_path)
    previous = PreviousTree.open(job.output) if reuse_output else None  # n5gc.incremental
    try:
        reuse = previous.reuse if previous is not None else None
        artifacts = render_all(plan, analysis.secrets, reuse=reuse)
        artifacts, salts = decide_salts(plan, artifacts, job.output)  # n5gc/sops: keys digests on the pods
        # once: verify reads back what emit writes (a reused file: the very bytes read from disk)
        serialised = {a.path: a.reused if a.reused is not None else a.to_bytes() for a in artifacts}
        with parse_once():  # each written text parsed once, for verify's round trip and the audit
            verify(artifacts, serialised)  # every rendered artifact (a reused one was, when written)
            sealed = {path: salted.lock for path, salted in salts.items()}
            summaries = audit(serialised, display_path(job.output), sealed, previous)
        proven = still_to_stamp({a.path: a.recipe for a in artifacts}, summaries, previous)
    finally:
        if previous is not None:
            result.read, result.read_hold = previous.close(), previous.hold
    result.report.extend(plaintext_diagnostics(plan, display_path(job.output), require_encryption))
    if result.report.has_errors:
        return result
    serialised, sealed = encrypt_tree(plan, artifacts, serialised, salts)  # n5gc/sops
    # Stamps bind the rendered bytes: an encrypted file (its lock entry is in `sealed`) gets none.
    result.stamps = proven.only(set(serialised) - set(sealed))
    root = lock_root(job)
    named = [(_lock_name(path, root), path.read_bytes()) for path in result.inputs]
    result.digests = content_digests(serialised, previous.digests if previous is not None else None)
    result.files = tree_files(serialised, named, sealed, result.digests)
    # n5gc.startup: under the command line, left to the end of the process instead of freed now
    keep_to_exit("compile", analysis, plan, artifacts, serialised, previous, summaries, proven)
    return result


def _reuse_output(result: Compiled, analysis: Analysis, repo_path: str | None, required: bool) -> bool:
    """The no-op path (n5gc.fastpath): True when the output folder provably holds what the full
    compile would write; `result` then holds those files and the compile stage's diagnostics.
    Sets `result.material` either way (the full compile stamps the folder with it after writing)."""
    from n5gc.fastpath import plaintext_facts, recompile_material, unchanged_tree
    from n5gc.sops.stage import plaintext_diagnostics

    job = result.job
    try:
        result.material = recompile_material(job, analysis.input_files, repo_path, lock_root(job))
    except OSError:  # an input vanished since it was read: the full compile says what is wrong
        return False
    files = unchanged_tree(job.output, result.material)
    if files is None or analysis.network is None:
        return False
    facts = cast("Plan", plaintext_facts(analysis.network))  # what plaintext_diagnostics reads of a plan
    result.report.extend(plaintext_diagnostics(facts, display_path(job.output), required))
    if not result.report.has_errors:
        result.files, result.unchanged = files, True
    return True


def _lock_inputs(job: Job, read: list[Path]) -> list[Path]:
    """The intent and overlay files the lock digests (and `--commit` commits): never a secrets file."""
    secrets = os.path.realpath(job.secrets if job.secrets is not None else default_secrets_path(job.intent))
    return [
        Path(p) for p in read if os.path.realpath(p) != secrets and not Path(p).name.endswith(SECRETS_SUFFIX)
    ]


def lock_root(job: Job) -> Path:
    """The folder the lock's input paths are relative to: the repository root (the folder of the
    n5gc.yaml found from the output folder, else from the intent), else the output folder. Never
    the working directory, so the lock is the same bytes wherever n5gc runs."""
    config = find_config(job.output.parent) or find_config(job.intent.parent)
    return config.parent if config is not None else Path(os.path.abspath(job.output))


def _lock_name(path: Path, root: Path) -> str:
    return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(root))).as_posix()
