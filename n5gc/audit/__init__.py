"""The audit: an independent oracle over a written tree.

It proves from the written files alone (Helm values, NF configs in ConfigMaps and Secrets, the
subscriber provisioning objects, NSM/Liqo and GitOps objects) that they agree: PLMN and TAC,
S-NSSAIs, DNNs and pools, Service names across releases, keys only in Secrets. It never imports
the intent model, the planner, the targets or `n5gc.names` (a test holds it to that): a planner
bug reaches the files and both sides of the planner's own checks, so only a second, separate
reading of the files can catch it. `n5gc compile` runs it on the serialised files before writing.

It runs in two parts (n5gc/audit/summary.py): a summary of each file, a pure function of its path
and bytes that holds no key, then the checks across the summaries; a caller that keeps the
summaries of unchanged files re-reads only the files that changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from n5gc.diagnostics import Diagnostic, Location, Report
from n5gc.emit import LOCK_FILE


def audit_files(
    files: dict[str, bytes], root: str = "", sealed: Mapping[str, Mapping[str, str]] | None = None
) -> list[Diagnostic]:
    """Every disagreement between the files of a tree (path relative to the tree -> bytes).

    `root` is prefixed to paths in diagnostics (the tree's folder as the user named it). `sealed`:
    the lock's entries of the SOPS-encrypted files (their salted digests, see n5gc/audit/rollout.py).
    The summaries of n5gc/audit/summary.py, then the checks across them.
    """
    from n5gc.audit.summary import audit_summaries, summarise

    summaries = {path: summarise(path, data) for path, data in files.items()}
    return audit_summaries(summaries, root, sealed, files.__getitem__)


def _unreadable(location: Location, reason: str) -> Diagnostic:
    from n5gc.audit.summary import _unreadable as unreadable

    return unreadable(location, reason)


class NotATree(ValueError):
    """The folder is not a tree n5gc compiled (no readable lock file)."""


def tree_files(folder: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The files of a compiled tree that its lock lists (as they are now on disk, hand edits included).

    Raises NotATree when there is no readable lock. A listed file that is missing, is a symlink
    or cannot be read is a diagnostic (N5G801), not an exception.
    """
    lock_path = folder / LOCK_FILE
    try:
        listed = json.loads(lock_path.read_text(encoding="utf-8"))["files"]
        names = sorted(str(name) for name in listed)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NotATree(
            f"{folder}: no readable {LOCK_FILE} (is this a folder n5gc compile wrote?): {exc}"
        ) from None
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    shown = folder.as_posix().rstrip("/")
    for name in names:
        path = folder / name
        try:
            if path.is_symlink() or ".." in Path(name).parts:
                raise OSError("a symbolic link or outside the tree")
            files[name] = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problems.append(_unreadable(Location(f"{shown}/{name}"), f"listed in {LOCK_FILE} but {reason}"))
    return files, problems


def audit_directory(folder: Path) -> Report:
    """Audit a compiled tree on disk (raises NotATree when the folder has no lock file)."""
    files, problems = tree_files(folder)
    report = Report()
    report.extend(problems)
    report.extend(audit_files(files, folder.as_posix().rstrip("/"), lock_sealed(folder)))
    return report


def lock_sealed(folder: Path) -> dict[str, dict[str, str]]:
    """The lock's `sealed` entries (path -> salt and salted digest); empty when it has none."""
    try:
        sealed = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8")).get("sealed")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(sealed, dict):
        return {}
    return {str(p): e for p, e in sealed.items() if isinstance(e, dict)}
