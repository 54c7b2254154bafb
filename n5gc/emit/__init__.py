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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from n5gc import __version__
from n5gc.emit.paths import Tree
from n5gc.emit.survey import LOCK_FILE, Drift, Survey, survey
from n5gc.emit.writer import STAGING_MARK, environment_problem, output_locks, survey_held, write_tree

if TYPE_CHECKING:  # emit stands below the targets: the no-op path (n5gc.fastpath) imports it alone
    from n5gc.targets.base import Artifact

__all__ = [
    "LOCK_FILE",
    "STAGING_MARK",
    "Drift",
    "Survey",
    "content_digests",
    "drift",
    "environment_problem",
    "input_digest",
    "output_locks",
    "owned_files",
    "previous_sealed",
    "survey",
    "survey_held",
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


def content_digests(
    files: Mapping[str, bytes], known: Mapping[str, tuple[bytes, bytes]] | None = None
) -> dict[str, bytes]:
    """sha256 (raw) of every file's bytes. `known`: path -> (bytes, their sha256) computed before
    (n5gc.incremental), taken only for the very same bytes object."""
    found = known or {}
    digests: dict[str, bytes] = {}
    for path, data in files.items():
        pair = found.get(path)
        digests[path] = pair[1] if pair is not None and pair[0] is data else hashlib.sha256(data).digest()
    return digests


def tree_files(
    artifacts: list[Artifact] | dict[str, bytes],
    inputs: list[tuple[str, bytes]],
    sealed: dict[str, dict[str, str]] | None = None,
    digests: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """Every file of the output folder n5gc owns, the lock file included, as path -> bytes.

    `artifacts` may already be serialised (path -> bytes, as verify checked them). `sealed`: per
    SOPS-encrypted file, the salt and salted digest of its plaintext (n5gc.sops.seal), so the next
    compile can keep its ciphertext without decrypting; the lock has no `sealed` key without them.
    `digests`: `content_digests` of exactly these serialised bytes, when the caller has them.
    """
    files = dict(artifacts) if isinstance(artifacts, dict) else {a.path: a.to_bytes() for a in artifacts}
    hashes = digests if digests is not None else content_digests(files)
    lock: dict[str, object] = {
        "n5gc": __version__,
        "inputs": {"files": sorted(n for n, _ in inputs), "sha256": input_digest(inputs)},
        "files": {path: hashes[path].hex() for path in sorted(files)},
    }
    if sealed:
        lock["sealed"] = {path: dict(sorted(entry.items())) for path, entry in sorted(sealed.items())}
    files[LOCK_FILE] = (json.dumps(lock, indent=2, sort_keys=True) + "\n").encode()
    return files


def previous_sealed(out_dir: Path) -> dict[str, tuple[dict[str, str], bytes | None]]:
    """The encrypted files the previous compile wrote: path -> (its lock `sealed` entry, its bytes
    when the file is still on disk unchanged, else None). Read like every owned file (confined, no
    link followed); any doubt (no lock, damaged lock) leaves the entry out, so the file gets a new
    salt; a hand-edited or missing file keeps its entry (its salt) but not its bytes, so it is
    encrypted anew.
    """
    try:
        found = survey(out_dir, {})
        if found.blocked or LOCK_FILE not in found.owned:
            return {}
        with Tree(out_dir) as tree:
            lock = json.loads(tree.read(LOCK_FILE).decode("utf-8"))
            sealed, hashes = lock.get("sealed"), lock.get("files")
            if not isinstance(sealed, dict) or not isinstance(hashes, dict):
                return {}
            result: dict[str, tuple[dict[str, str], bytes | None]] = {}
            for path, entry in sealed.items():
                if not _sealed_entry(entry):
                    continue
                result[path] = (entry, _unchanged(tree, path, hashes) if path in found.owned else None)
            return result
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _unchanged(tree: Tree, path: str, hashes: dict[str, object]) -> bytes | None:
    """The bytes of an owned file when they are still the ones the lock hashed."""
    try:
        data = tree.read(path)
    except OSError:
        return None
    return data if hashes.get(path) == sha256(data) else None


def _sealed_entry(entry: object) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("salt", "sha256"))


def owned_files(out_dir: Path) -> set[str]:
    """Files the previous compile wrote that n5gc may replace or prune (confined lock entries)."""
    return survey(out_dir, {}).owned


def drift(out_dir: Path, files: dict[str, bytes]) -> Drift:
    """Compare the wanted files with the disk, reading only what n5gc owns."""
    return survey(out_dir, files).drift
