"""Stage 7, emit: deterministic bytes, a lock file of what n5gc owns, and an atomic swap of the tree.

- Bytes: YAML through `n5gc.yamlio` (typed, no timestamps, no absolute paths).
- Ownership: `n5gc.lock.json` lists every file n5gc wrote with its sha256; only those are ever
  replaced or pruned, and only when they are plain files inside the output folder (`survey`). A
  person's file in the output folder survives every compile; one at a path n5gc generates is an
  error unless `adopt` says n5gc may take it over.
- Confinement: nothing is written, read or removed through a symbolic link (`paths`).
- Atomicity and concurrency: `writer` (one compile per output folder at a time, swap in one call).
- No-op: when nothing changed, nothing on disk is touched.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from n5gc import __version__
from n5gc.emit.survey import LOCK_FILE, Drift, Survey, survey
from n5gc.emit.writer import STAGING_MARK, environment_problem, write_tree
from n5gc.targets.base import Artifact

__all__ = [
    "LOCK_FILE",
    "STAGING_MARK",
    "Drift",
    "Survey",
    "drift",
    "environment_problem",
    "input_digest",
    "owned_files",
    "survey",
    "tree_files",
    "write_tree",
]


def sha256(data: bytes) -> str:
    """Hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def input_digest(files: list[tuple[str, bytes]]) -> str:
    """Digest of the intent and overlay files (by lock path and content; never the secrets file)."""
    digest = hashlib.sha256()
    for name, content in sorted(files):
        digest.update(name.encode() + b"\0" + sha256(content).encode() + b"\n")
    return digest.hexdigest()


def tree_files(
    artifacts: list[Artifact] | dict[str, bytes], inputs: list[tuple[str, bytes]]
) -> dict[str, bytes]:
    """Every file of the output folder n5gc owns, the lock file included, as path -> bytes.

    `artifacts` may already be serialised (path -> bytes, as verify checked them).
    """
    files = dict(artifacts) if isinstance(artifacts, dict) else {a.path: a.to_bytes() for a in artifacts}
    lock = {
        "n5gc": __version__,
        "inputs": {"files": sorted(n for n, _ in inputs), "sha256": input_digest(inputs)},
        "files": {path: sha256(data) for path, data in sorted(files.items())},
    }
    files[LOCK_FILE] = (json.dumps(lock, indent=2, sort_keys=True) + "\n").encode()
    return files


def owned_files(out_dir: Path) -> set[str]:
    """Files the previous compile wrote that n5gc may replace or prune (confined lock entries)."""
    return survey(out_dir, {}).owned


def drift(out_dir: Path, files: dict[str, bytes]) -> Drift:
    """Compare the wanted files with the disk, reading only what n5gc owns."""
    return survey(out_dir, files).drift
