"""Incremental recompiles: what the previous compile wrote that provably needs no new rendering or reading.

After a one-slice change of a 1,000-slice network about 7 of 5,132 files change. A recompile still
runs the front half (so every diagnostic is the same), plans, renders every file whose inputs
changed, verifies what it renders and audits the whole tree; what it skips is rendering a file
whose inputs did not change and parsing an unchanged file again for the audit. Two local stamps per
output file make that provable, extended attributes like the no-op stamp of `n5gc.fastpath`, for
the same reasons (read its docstring): Git does not carry them, so a clone, a checkout or a pulled
change never has one and CI always does the full work; nothing is written outside the output
folder; a rewritten file (a new inode) drops them.

- **`user.n5gc.recipe`** = salt + sha256(domain, salt, installation, recipe key, path,
  sha256(bytes)). It says: "these bytes are what the recipe with this key renders at this path
  with this n5gc". `n5gc.targets.recipes` gives every file rendered from one part of the plan (a
  slice's SMF values, a gNB, a subscriber group) a key over everything that recipe reads: the plan
  fields it declares (any other field is poisoned while it runs, so an undeclared read fails every
  compile), its arguments, the keys it writes. A recompile asks `reuse(key, paths)`: the bytes on
  disk are reused only when every path's stamp recomputes with the key of now and the bytes read
  now. A hand edit, a file copied from elsewhere, another n5gc or library version, another
  recipe input: the stamp does not recompute and the recipe renders. Salted because the key
  covers the subscriber keys a recipe writes: without a salt the stamp would let whoever reads it
  test guesses offline (`n5gc.fastpath` says why a salt and not a key).
- **`user.n5gc.audit`** = sha256(domain, installation, path, sha256(bytes), summary) + summary:
  the audit's summary of the file (`n5gc.audit.summary`), a pure function of its path and bytes.
  The audit of a recompile takes the summary of a file whose bytes did not change from there
  instead of parsing the file again, then runs every cross-file check over all summaries as a
  full compile does. No salt: the summary holds no key (the audit keeps key material out of it)
  and the lock already records sha256(bytes) of every file.

Only the stamps a compile verified, or wrote itself after writing the files, are ever trusted;
whatever cannot be proven (no attribute, a damaged one, a link, a FIFO, an unreadable folder, a
file system without user extended attributes) means rendering and parsing as in a full compile.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import stat
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from n5gc import fastpath
from n5gc.emit.paths import Kind, Tree, clean_relative, kind_at
from n5gc.emit.writer import current_hold
from n5gc.records import record

RECIPE_ATTRIBUTE = "user.n5gc.recipe"
AUDIT_ATTRIBUTE = "user.n5gc.audit"
_RECIPE_DOMAIN = b"n5gc-recipe-stamp-v1\0"
_AUDIT_DOMAIN = b"n5gc-audit-summary-v1\0"
_SALT_BYTES = 16
_DIGEST_BYTES = 32
# ext4 keeps all extended attributes of a file in one 4 KiB block: a summary larger than this is
# not stored (that file is parsed again by every compile, as before).
MAX_SUMMARY_BYTES = 3500
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _installation() -> bytes:
    """The installation digest (n5gc.fastpath: its files, Python, the libraries): 64 hex digits."""
    return fastpath.environment_digest().encode("ascii")


def recipe_stamp(salt: bytes, key: bytes, path: str, content: bytes) -> bytes:
    """The recipe stamp of the bytes with sha256 `content` written at `path` by the recipe with
    `key` (salt included). Every part but the path, which comes last, has a fixed length."""
    if len(salt) != _SALT_BYTES or len(key) != _DIGEST_BYTES or len(content) != _DIGEST_BYTES:
        raise ValueError("a recipe stamp takes a 16-byte salt and 32-byte digests")
    digest = hashlib.sha256(_RECIPE_DOMAIN + salt + _installation() + key + content)
    digest.update(path.encode("utf-8"))
    return salt + digest.digest()


def audit_stamp(path: str, content: bytes, summary: bytes) -> bytes:
    """The audit stamp of the bytes with sha256 `content`: the binding digest, then the summary
    (the path is length-prefixed, the summary comes last)."""
    name = path.encode("utf-8")
    digest = hashlib.sha256(_AUDIT_DOMAIN + _installation() + content + len(name).to_bytes(8, "big") + name)
    digest.update(summary)
    return digest.digest() + summary


@record(frozen=False)
class _OnDisk:
    """One file of the previous tree as read now: its bytes and its two stamps (None: absent)."""

    data: bytes
    recipe: bytes | None
    audit: bytes | None
    _content: bytes | None = None

    def content_of(self, data: bytes) -> bytes:
        """sha256 of `data`, computed once for the bytes read from disk."""
        if data is not self.data:
            return hashlib.sha256(data).digest()
        if self._content is None:
            self._content = hashlib.sha256(data).digest()
        return self._content


@record(frozen=False)
class PreviousTree:
    """The output folder as the previous compile left it, read lazily and without following links.

    `reuse` and `summary` are what `n5gc.compiler` hands to the render and to the audit; `proven`
    records which stamps this compile verified (those files need no new stamp after the write)."""

    out_dir: Path
    _tree: Tree | None = None
    _read: dict[str, _OnDisk | None] = field(default_factory=dict)
    recipes_proven: set[str] = field(default_factory=set)
    summaries_proven: set[str] = field(default_factory=set)
    # The output lock this process held on the folder while reading it (n5gc.emit.current_hold).
    hold: object | None = None

    @classmethod
    def open(cls, out_dir: Path) -> PreviousTree | None:
        """The previous tree of `out_dir`, or None when there is no folder to read (a first compile)."""
        try:
            if kind_at(out_dir) is not Kind.FOLDER:
                return None
            return cls(out_dir, Tree(out_dir), hold=current_hold(out_dir))
        except OSError:  # a name too long, an unreadable parent: the survey says what is wrong
            return None

    def close(self) -> Mapping[str, bytes]:
        """Release the folder; returns the files read (path -> bytes), each a regular file reached
        without a link on the way, for the survey under the same hold (n5gc.emit.survey_held)."""
        if self._tree is not None:
            self._tree.close()
            self._tree = None
        read = {path: entry.data for path, entry in self._read.items() if entry is not None}
        self._read.clear()
        return read

    def reuse(self, key: bytes, paths: tuple[str, ...]) -> dict[str, bytes] | None:
        """The bytes of every path in `paths` when each one's recipe stamp proves that the recipe
        with `key` wrote it with this n5gc; None as soon as one path is not certain."""
        found: dict[str, bytes] = {}
        if len(key) != _DIGEST_BYTES:
            return None
        for path in paths:
            entry = self._file(path)
            if entry is None or entry.recipe is None or len(entry.recipe) != _SALT_BYTES + _DIGEST_BYTES:
                return None
            salt = entry.recipe[:_SALT_BYTES]
            if not hmac.compare_digest(
                recipe_stamp(salt, key, path, entry.content_of(entry.data)), entry.recipe
            ):
                return None
            found[path] = entry.data
        self.recipes_proven.update(paths)
        return found

    def summary(self, path: str, data: bytes) -> bytes | None:
        """The audit summary stored on the file at `path` when it is the summary of `data` (the
        bytes this compile writes there) made by this n5gc; None otherwise."""
        entry = self._file(path)
        if entry is None or entry.audit is None or len(entry.audit) <= _DIGEST_BYTES:
            return None
        summary = entry.audit[_DIGEST_BYTES:]
        if not hmac.compare_digest(audit_stamp(path, entry.content_of(data), summary), entry.audit):
            return None
        self.summaries_proven.add(path)
        return summary

    def _file(self, path: str) -> _OnDisk | None:
        if path not in self._read:
            self._read[path] = self._load(path)
        return self._read[path]

    def _load(self, path: str) -> _OnDisk | None:
        if self._tree is None or clean_relative(path) is None:
            return None
        try:
            folder, name = self._tree.split(path)
            fd = os.open(name, _READ_FLAGS, dir_fd=folder)
        except OSError:
            return None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                return None
            data = _read_all(fd, status.st_size)
            return _OnDisk(data, _attribute(fd, RECIPE_ATTRIBUTE), _attribute(fd, AUDIT_ATTRIBUTE))
        except OSError:
            return None
        finally:
            os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    """The whole file behind `fd`: one read asking one byte more than fstat's size, which gets it
    all when the size was right; otherwise (a short read, a file that grew or shrank since) read
    on to the end."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    chunks = [data]
    while chunk := os.read(fd, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


def _attribute(fd: int, name: str) -> bytes | None:
    try:
        return os.getxattr(fd, name)
    except OSError as exc:
        if exc.errno in (errno.ENODATA, errno.ENOTSUP, errno.EOPNOTSUPP, errno.E2BIG, errno.ERANGE):
            return None
        raise


@record(frozen=False)
class Stamps:
    """The stamps to write once the files are on disk: path -> recipe key, path -> audit summary."""

    recipes: dict[str, bytes] = field(default_factory=dict)
    summaries: dict[str, bytes] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.recipes or self.summaries)

    def only(self, paths: set[str]) -> Stamps:
        """The stamps of `paths` alone."""
        return Stamps(
            {p: k for p, k in self.recipes.items() if p in paths},
            {p: s for p, s in self.summaries.items() if p in paths},
        )


def stamp_files(out_dir: Path, files: Mapping[str, bytes], stamps: Stamps) -> None:
    """Write the stamps of `stamps` on the files of `out_dir` that hold exactly `files`' bytes
    (a file changed meanwhile gets none). Failing is harmless: the next compile then renders and
    parses those files again, as a full compile does."""
    if stamps.empty:
        return
    salt = os.urandom(_SALT_BYTES)
    try:
        with Tree(out_dir) as tree:
            for path in sorted({*stamps.recipes, *stamps.summaries}):
                if path in files:
                    _stamp_one(tree, path, files[path], salt, stamps)
    except OSError:
        return  # no user extended attributes here, or the folder went away: no reuse next time


def _stamp_one(tree: Tree, path: str, data: bytes, salt: bytes, stamps: Stamps) -> None:
    folder, name = tree.split(path)
    fd = os.open(name, _READ_FLAGS, dir_fd=folder)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        content = hashlib.sha256(data).digest()
        key = stamps.recipes.get(path)
        if key is not None:
            os.setxattr(fd, RECIPE_ATTRIBUTE, recipe_stamp(salt, key, path, content))
        summary = stamps.summaries.get(path)
        if summary is not None and len(summary) <= MAX_SUMMARY_BYTES:
            os.setxattr(fd, AUDIT_ATTRIBUTE, audit_stamp(path, content, summary))
        elif summary is not None:  # too large to keep: an older stamp there would only mislead
            with contextlib.suppress(OSError):
                os.removexattr(fd, AUDIT_ATTRIBUTE)
    finally:
        os.close(fd)


def still_to_stamp(
    recipes: Mapping[str, bytes | None], summaries: Mapping[str, bytes], previous: PreviousTree | None
) -> Stamps:
    """What needs a stamp after the write: every file rendered by a recipe (not reused), and every
    summary this compile made (not one it read from a proven stamp)."""
    recipes_proven = previous.recipes_proven if previous is not None else set()
    summaries_proven = previous.summaries_proven if previous is not None else set()
    return Stamps(
        {path: key for path, key in recipes.items() if key is not None and path not in recipes_proven},
        {path: s for path, s in summaries.items() if path not in summaries_proven},
    )
