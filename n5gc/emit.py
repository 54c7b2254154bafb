"""Stage 7, emit: deterministic bytes, a lock file of what n5gc owns, and an atomic swap of the tree.

- Bytes: YAML through `n5gc.yamlio` (typed, no timestamps, no absolute paths).
- Ownership: `n5gc.lock.json` lists every file n5gc wrote with its sha256; only those are ever
  replaced or pruned. A person's file in the output folder survives every compile.
- Atomicity: the new tree is assembled beside the old one (the person's files hard-linked in,
  unchanged files hard-linked so they keep their inode and mtime), then swapped with the old
  tree in one `renameat2(RENAME_EXCHANGE)` call: at every instant the folder is the old tree or
  the new one. Where that call is unavailable (not Linux, or the folder is a Git work tree root
  or the working directory) files are replaced one by one with `os.replace`, lock file last.
- No-op: when nothing changed, nothing on disk is touched.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from n5gc import __version__
from n5gc.targets.base import Artifact

LOCK_FILE = "n5gc.lock.json"
STAGING_MARK = ".n5gc-new-"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_digest(files: list[tuple[str, bytes]]) -> str:
    """Digest of the intent and overlay files (by display path and content; never the secrets file)."""
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
    """Files the previous compile wrote (from its lock file); empty when there is none or it is unreadable."""
    try:
        lock = json.loads((out_dir / LOCK_FILE).read_text(encoding="utf-8"))
        return {*lock.get("files", {}), LOCK_FILE}
    except (OSError, ValueError, AttributeError):
        return set()


@dataclass
class Drift:
    """How the folder on disk differs from what a compile would write."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # owned by a previous compile, no longer produced

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra)

    def lines(self, out_dir: str) -> list[str]:
        return (
            [f"{out_dir}/{p}: stale" for p in self.stale]
            + [f"{out_dir}/{p}: missing" for p in self.missing]
            + [f"{out_dir}/{p}: extra (n5gc would remove it)" for p in self.extra]
        )


def drift(out_dir: Path, files: dict[str, bytes]) -> Drift:
    """Compare the wanted files with the disk, reading only what n5gc owns."""
    result = Drift()
    for path, data in sorted(files.items()):
        target = out_dir / path
        if not target.is_file():
            result.missing.append(path)
        elif target.read_bytes() != data:
            result.stale.append(path)
    result.extra = sorted(owned_files(out_dir) - set(files))
    return result


def write_tree(out_dir: Path, files: dict[str, bytes]) -> Drift:
    """Make `out_dir` hold exactly `files` plus the files n5gc does not own; returns what changed."""
    changes = drift(out_dir, files)
    _remove_stale_staging(out_dir)
    if changes.clean:
        return changes
    if out_dir.exists() and not _swappable(out_dir):
        _write_in_place(out_dir, files, changes)
        return changes
    staging = out_dir.parent / f".{out_dir.name}{STAGING_MARK}{os.getpid()}"
    _assemble(staging, out_dir, files)
    _flush_to_disk()
    if not out_dir.exists():
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, out_dir)
    else:
        _exchange(staging, out_dir)
        shutil.rmtree(staging)  # now the old tree
    return changes


def _assemble(staging: Path, out_dir: Path, files: dict[str, bytes]) -> None:
    """Build the new tree in `staging`: kept and unchanged files as hard links, the rest written."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    owned = owned_files(out_dir)
    if out_dir.exists():
        for existing in sorted(out_dir.rglob("*")):
            relative = existing.relative_to(out_dir).as_posix()
            if existing.is_dir() and not existing.is_symlink():
                (staging / relative).mkdir(parents=True, exist_ok=True)
            elif relative not in owned and relative not in files:
                _link_or_copy(existing, staging / relative)  # a person's file: keep it
    made: set[Path] = set()
    for path, data in files.items():
        target = staging / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        current = out_dir / path
        if current.is_file() and not current.is_symlink() and current.read_bytes() == data:
            _link_or_copy(current, target)  # unchanged: same inode, same mtime
        else:
            _write_file(target, data)
    _prune_empty_dirs(staging, keep=_dirs_of(out_dir, owned))


def _dirs_of(out_dir: Path, owned: set[str]) -> set[Path]:
    """Folders to keep even when empty after a prune: those holding a person's file, and those n5gc
    never wrote into (a person's empty folder). One pass over the tree."""
    if not out_dir.exists():
        return set()
    keep: set[Path] = set()
    written_into: set[Path] = set()
    folders: list[Path] = []
    for existing in out_dir.rglob("*"):
        relative = existing.relative_to(out_dir)
        if existing.is_dir() and not existing.is_symlink():
            folders.append(relative)
            continue
        ancestors = set(relative.parents) - {Path(".")}
        (written_into if relative.as_posix() in owned else keep).update(ancestors)
    keep.update(f for f in folders if f not in written_into)
    return keep


def _prune_empty_dirs(root: Path, keep: set[Path]) -> None:
    for folder in sorted(
        (p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
    ):
        if not any(folder.iterdir()) and folder.relative_to(root) not in keep:
            folder.rmdir()


def _write_file(target: Path, data: bytes) -> None:
    with open(target, "wb") as handle:
        handle.write(data)


def _flush_to_disk() -> None:
    """One flush of everything written so far before the swap (not one fsync per file), so that after
    a power loss the folder holds whole files of the old tree or of the new one."""
    os.sync()


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _write_in_place(out_dir: Path, files: dict[str, bytes], changes: Drift) -> None:
    """Fallback: replace changed files one by one (each atomically), prune, lock file last."""
    changed = [p for p in [*changes.missing, *changes.stale] if p != LOCK_FILE]
    temporaries = []
    for path in changed:
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}{STAGING_MARK}{os.getpid()}")
        _write_file(temporary, files[path])
        temporaries.append((temporary, target))
    _flush_to_disk()
    for temporary, target in temporaries:
        os.replace(temporary, target)
    for path in changes.extra:
        (out_dir / path).unlink(missing_ok=True)
    _flush_to_disk()
    temporary = out_dir / f".{LOCK_FILE}{STAGING_MARK}{os.getpid()}"
    _write_file(temporary, files[LOCK_FILE])
    os.replace(temporary, out_dir / LOCK_FILE)


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of an interrupted compile (named by n5gc, so safe to remove)."""
    if out_dir.parent.exists():
        for leftover in out_dir.parent.glob(f".{out_dir.name}{STAGING_MARK}*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> object | None:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None


def _swappable(out_dir: Path) -> bool:
    """Whether the whole folder can be swapped: not a Git work tree root, not the working directory."""
    if _renameat2() is None or (out_dir / ".git").exists():
        return False
    try:
        resolved, cwd = out_dir.resolve(), Path.cwd().resolve()
    except OSError:
        return False
    return cwd != resolved and resolved not in cwd.parents


def _exchange(a: Path, b: Path) -> None:
    rename = _renameat2()
    if rename is None:
        raise OSError("renameat2 is not available")
    result = rename(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[operator]
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"cannot swap {a} and {b}: {os.strerror(errno)}")
