"""Incremental recompiles: what the previous compile wrote that provably needs no new rendering or reading.

After a one-slice change of a 1,000-slice network about 7 of 5,132 files change. A recompile still
runs the front half (so every diagnostic is the same), plans, renders every file whose inputs
changed, verifies what it renders and audits the whole tree; what it skips is rendering a file
whose inputs did not change and parsing an unchanged file again for the audit. One local stamp per
output file makes that provable, an extended attribute like the no-op stamp of `n5gc.fastpath`,
for the same reasons (read its docstring): Git does not carry it, so a clone, a checkout or a
pulled change never has one and CI always does the full work; nothing is written outside the
output folder; a rewritten file (a new inode) drops it.

**`user.n5gc.stamp`** = format, flags, salt, tag, binding, summary (`stamp_value`; one attribute,
so one read per file):
- the **binding** = sha256(domain, installation, sha256(bytes), flags, path, summary) says "this
  n5gc made this summary of these bytes at this path". The summary is the audit's summary of the
  file (`n5gc.audit.summary`), a pure function of its path and bytes: the audit of a recompile
  takes the summary of a file whose bytes did not change from there instead of parsing the file
  again, then runs every cross-file check over all summaries as a full compile does. A summary
  larger than MAX_SUMMARY_BYTES is not stored (the flags say so; the file is parsed again).
- the **tag** = sha256(domain, salt, recipe key, binding) says "these bytes are what the recipe
  with this key renders at this path with this n5gc". `n5gc.targets.recipes` gives every file
  rendered from one part of the plan (a slice's SMF values, a gNB, a subscriber group) a key over
  everything that recipe reads: the plan fields it declares (any other field is poisoned while it
  runs, so an undeclared read fails every compile), its arguments, the keys it writes. A recompile
  asks `reuse(key, paths)`: the bytes on disk are reused only when every path's binding
  recomputes from the bytes read now and its tag with the key of now. A hand edit, a file copied
  from elsewhere, another n5gc or library version, another recipe input: the stamp does not
  recompute and the recipe renders. Salted because the key covers the subscriber keys a recipe
  writes: without a salt the tag would let whoever reads it test guesses offline (`n5gc.fastpath`
  says why a salt and not a key). A file rendered outside recipes has no tag (the flags say so).
  The binding needs no salt: the summary holds no key (the audit keeps key material out of it)
  and the lock already records sha256(bytes) of every file.

Only the stamps a compile verified, or wrote itself after writing the files, are ever trusted;
whatever cannot be proven (no attribute, a damaged one, one of another format such as the two
attributes `user.n5gc.recipe` and `user.n5gc.audit` of earlier versions, a link, a FIFO, an
unreadable folder, a file system without user extended attributes) means rendering and parsing
as in a full compile.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import hmac
import os
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import cast

from n5gc import fastpath
from n5gc.emit.paths import Kind, Tree, clean_relative, kind_at
from n5gc.emit.writer import current_hold
from n5gc.records import record

STAMP_ATTRIBUTE = "user.n5gc.stamp"
# What earlier versions wrote (never read now): removed from a file only when the new stamp
# does not fit beside them (ext4 keeps all attributes of a file in one 4 KiB block).
LEGACY_ATTRIBUTES = ("user.n5gc.recipe", "user.n5gc.audit")
_FORMAT = 2  # the first byte: a stamp of any other format proves nothing
_BINDING_DOMAIN = b"n5gc-stamp-binding-v2\0"
_TAG_DOMAIN = b"n5gc-stamp-tag-v2\0"
HAS_RECIPE = 1  # flags: the tag is set
HAS_SUMMARY = 2  # flags: a summary follows the binding
_SALT_BYTES = 16
_DIGEST_BYTES = 32
_SALT_AT = 2
_TAG_AT = _SALT_AT + _SALT_BYTES
_BINDING_AT = _TAG_AT + _DIGEST_BYTES
SUMMARY_AT = _BINDING_AT + _DIGEST_BYTES
# ext4 keeps all extended attributes of a file in one 4 KiB block: a summary larger than this is
# not stored (that file is parsed again by every compile, as before).
MAX_SUMMARY_BYTES = 3500
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# getxattr's answers that mean "no stamp here" (none, no user attributes, a value too large).
_NO_STAMP = frozenset((errno.ENODATA, errno.ENOTSUP, errno.EOPNOTSUPP, errno.E2BIG, errno.ERANGE))


def _installation() -> bytes:
    """The installation digest (n5gc.fastpath: its files, Python, the libraries): 64 hex digits."""
    return fastpath.environment_digest().encode("ascii")


def binding(installation: bytes, content: bytes, flags: int, path: str, summary: bytes) -> bytes:
    """What binds a stamp to this n5gc, the file's bytes (sha256 `content`), its path and its
    summary: every part but the summary, which comes last, has a fixed length or a length prefix."""
    return _bound(_BINDING_DOMAIN + installation, content, bytes((flags,)), path, summary)


def _bound(prefix: bytes, content: bytes, flags: bytes, path: str, summary: bytes) -> bytes:
    """`binding`, from its domain and installation joined once (`prefix`) and the flags' byte."""
    name = path.encode("utf-8")
    return hashlib.sha256(
        b"".join((prefix, content, flags, len(name).to_bytes(8, "big"), name, summary))
    ).digest()


def tag(salt: bytes, key: bytes, bound: bytes) -> bytes:
    """The recipe tag over a binding: the recipe with `key` made those bytes (salted)."""
    return hashlib.sha256(_TAG_DOMAIN + salt + key + bound).digest()


def stamp_value(salt: bytes, key: bytes | None, path: str, content: bytes, summary: bytes | None) -> bytes:
    """The stamp of the bytes with sha256 `content` at `path`: rendered by the recipe with `key`
    (None: outside recipes) and summarised as `summary` (None: not stored)."""
    if (
        len(salt) != _SALT_BYTES
        or len(content) != _DIGEST_BYTES
        or (key is not None and len(key) != _DIGEST_BYTES)
    ):
        raise ValueError("a stamp takes a 16-byte salt and 32-byte digests")
    flags = (HAS_RECIPE if key is not None else 0) | (HAS_SUMMARY if summary is not None else 0)
    stored = summary if summary is not None else b""
    bound = binding(_installation(), content, flags, path, stored)
    salted = salt + tag(salt, key, bound) if key is not None else bytes(_SALT_BYTES + _DIGEST_BYTES)
    return bytes((_FORMAT, flags)) + salted + bound + stored


# The flags a stamp may have (a summary follows the binding when HAS_SUMMARY is set).
_FLAGS = frozenset((0, HAS_RECIPE, HAS_SUMMARY, HAS_RECIPE | HAS_SUMMARY))


class _OnDisk:
    """One file of the previous tree as read now: its bytes and its stamp (None: absent), and
    once checked, whether the stamp's binding holds for these bytes at this path."""

    __slots__ = ("bound", "content", "data", "stamp")

    def __init__(self, data: bytes, stamp: bytes | None) -> None:
        self.data = data
        self.stamp = stamp
        self.content: bytes | None = None  # sha256 of data, once computed
        self.bound: bool | None = None  # None: not checked yet

    def proven(self, path: str, prefix: bytes) -> bool:
        """Whether the stamp's binding recomputes from these bytes, this path and this n5gc
        (`prefix`: the binding's domain and the installation digest)."""
        bound = self.bound
        if bound is None:
            bound = self.bound = self._binds(path, prefix)
        return bound

    def _binds(self, path: str, prefix: bytes) -> bool:
        stamp = self.stamp
        if stamp is None or len(stamp) < SUMMARY_AT or stamp[0] != _FORMAT:
            return False
        flags = stamp[1]
        if flags not in _FLAGS or (not flags & HAS_SUMMARY and len(stamp) != SUMMARY_AT):
            return False
        content = self.content
        if content is None:
            content = self.content = hashlib.sha256(self.data).digest()
        name = path.encode("utf-8")  # _bound's bytes, one call less for each of 5,000 files
        expected = hashlib.sha256(
            b"".join((prefix, content, stamp[1:2], len(name).to_bytes(8, "big"), name, stamp[SUMMARY_AT:]))
        ).digest()
        return hmac.compare_digest(expected, stamp[_BINDING_AT:SUMMARY_AT])

    def made_by(self, key: bytes, path: str, prefix: bytes) -> bool:
        """Whether the stamp is `proven` and its tag says the recipe with `key` made these bytes."""
        bound = self.bound
        if bound is None:
            bound = self.bound = self._binds(path, prefix)
        stamp = self.stamp
        if not bound or stamp is None or not stamp[1] & HAS_RECIPE:  # a proven stamp is whole
            return False
        expected = hashlib.sha256(
            b"".join((_TAG_DOMAIN, stamp[_SALT_AT:_TAG_AT], key, stamp[_BINDING_AT:SUMMARY_AT]))
        ).digest()
        return hmac.compare_digest(expected, stamp[_TAG_AT:_BINDING_AT])


_UNREAD = _OnDisk(b"", None)  # what PreviousTree._read answers for a path not read yet
_ODD_NAMES = frozenset(("", ".", ".."))  # a file name n5gc never writes (clean_relative refuses them)


def _stamp_reader() -> Callable[[int], bytes | None]:
    """What reads the stamp of the file behind a descriptor: None when it has none (OSError for
    any other failure). One fgetxattr call into a buffer made here, where libc has it (os.getxattr
    calls it twice for a value over 128 bytes, as a stamp with a summary is: once to learn it does
    not fit, once into 64 KiB), else os.getxattr. A value larger than the buffer is no stamp (none
    is ever written)."""
    call = _libc_getxattr()
    if call is None:
        return _os_stamp
    buffer = ctypes.create_string_buffer(_BUFFER_BYTES)
    size = ctypes.c_size_t(_BUFFER_BYTES)  # made once: converting an int on each call costs a third more

    def read(fd: int) -> bytes | None:
        got = call(fd, _STAMP_NAME, buffer, size)
        if got >= 0:
            return buffer[:got]  # the first `got` bytes (`.raw` would copy all 4 KiB first)
        code = ctypes.get_errno()
        if code in _NO_STAMP:
            return None
        raise OSError(code, os.strerror(code))

    return read


def _os_stamp(fd: int) -> bytes | None:
    """The stamp of the file behind `fd` read with os.getxattr (where libc's fgetxattr is not had)."""
    try:
        return os.getxattr(fd, STAMP_ATTRIBUTE)
    except OSError as exc:
        if exc.errno in _NO_STAMP:
            return None
        raise


_STAMP_NAME = STAMP_ATTRIBUTE.encode("ascii")
_BUFFER_BYTES = 4096  # all attributes of an ext4 file fit in 4 KiB


@functools.cache
def _libc_getxattr() -> Callable[[int, bytes, object, object], int] | None:
    """libc's fgetxattr, or None where there is none. Linux only: other systems' fgetxattr takes
    other arguments (macOS: a position and options), and os.getxattr is Linux's alone. Called with
    a Python int (the descriptor: a C int), bytes (a char pointer), a ctypes buffer and a
    ctypes.c_size_t, which need no declared argument types (declared, each call converts them)."""
    if not sys.platform.startswith("linux"):
        return None
    return cast("Callable[[int, bytes, object, object], int] | None", _libc("fgetxattr", ctypes.c_ssize_t))


def _libc(name: str, restype: type) -> object | None:
    """libc's function `name`, returning a `restype` and setting errno for ctypes.get_errno; None
    where there is no such function."""
    try:
        call = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    call.restype = restype
    return call


# openat2(2) (Linux 5.6): its number where n5gc calls it (the same on both), the `resolve` flags.
_SYS_OPENAT2 = {"x86_64": 437, "aarch64": 437}
_RESOLVE_NO_SYMLINKS = 0x04  # no link anywhere on the way, the last component included (ELOOP)
_RESOLVE_BENEATH = 0x08  # nothing outside the folder (EXDEV)
# What openat2 answers where it cannot be used (an older kernel, a sandbox refusing the call).
_NO_OPENAT2 = frozenset((errno.ENOSYS, errno.EPERM, errno.EINVAL, errno.E2BIG, errno.EOPNOTSUPP))


class _OpenHow(ctypes.Structure):
    _fields_ = (("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64))


class _Unusable(Exception):
    """openat2 cannot be used here: the folder is walked one component at a time instead."""


@functools.cache
def _libc_syscall() -> Callable[..., int] | None:
    """libc's syscall(2), where n5gc knows openat2's number (Linux on x86_64 and aarch64)."""
    if not sys.platform.startswith("linux") or os.uname().machine not in _SYS_OPENAT2:
        return None
    return cast("Callable[..., int] | None", _libc("syscall", ctypes.c_long))


def _beneath(root: int) -> Callable[[str], int] | None:
    """What opens a file below the folder `root` in one call, as reading it component by component
    with O_NOFOLLOW does (`Tree`): openat2 with RESOLVE_NO_SYMLINKS (a link anywhere on the way, or
    the file itself a link: ELOOP) and RESOLVE_BENEATH (nothing above `root`); the path is a clean
    relative one (clean_relative). It raises `_Unusable` where openat2 cannot be used; None where
    it is not had at all. One call per file instead of one per new folder too (2,008 helm folders
    at 1,000 slices)."""
    call = _libc_syscall()
    if call is None:
        return None
    how = _OpenHow(_READ_FLAGS, 0, _RESOLVE_NO_SYMLINKS | _RESOLVE_BENEATH)
    # Every argument is a machine word (syscall(2) takes them as such): a ctypes long, a pointer, a size.
    number = ctypes.c_long(_SYS_OPENAT2[os.uname().machine])
    folder = ctypes.c_long(root)
    pointer = ctypes.byref(how)  # keeps `how` alive as long as the function
    size = ctypes.c_size_t(ctypes.sizeof(how))
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()  # as os.open's

    def open_beneath(path: str) -> int:
        fd = call(number, folder, path.encode(encoding, errors), pointer, size)
        if fd >= 0:
            return fd
        code = ctypes.get_errno()
        if code in _NO_OPENAT2:
            raise _Unusable(code)
        raise OSError(code, os.strerror(code))

    return open_beneath


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
    # sha256 of the files read whose digest was computed, with their bytes (filled by `close`).
    digests: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    _prefix: bytes | None = None  # the binding's domain and this installation's digest
    # What reads each stamp (`_stamp_reader`, made on the first read).
    _stamp: Callable[[int], bytes | None] | None = field(default=None, repr=False, compare=False)
    # What opens a file in one call (`_beneath`), once tried; `_walking`: the folders are walked.
    _opener: Callable[[str], int] | None = field(default=None, repr=False, compare=False)
    _walking: bool = field(default=False, repr=False, compare=False)
    # Without openat2, the folders of the files read, by their path with its trailing slash ("" for
    # the root): every one was reached by a path clean_relative accepted, so a file in one needs
    # only its name looked at.
    _folders: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

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
        without a link on the way, for the survey under the same hold (n5gc.emit.survey_held).
        `digests` keeps the sha256 computed of those bytes (for the lock: n5gc.emit.tree_files)."""
        if self._tree is not None:
            self._tree.close()
            self._tree = None
            self._folders.clear()  # their descriptors are closed
        read = {path: entry.data for path, entry in self._read.items() if entry is not None}
        self.digests = {
            path: (entry.data, entry.content)
            for path, entry in self._read.items()
            if entry is not None and entry.content is not None
        }
        self._read.clear()
        return read

    def reuse(self, key: bytes, paths: tuple[str, ...]) -> dict[str, bytes] | None:
        """The bytes of every path in `paths` when each one's stamp proves that the recipe with
        `key` wrote it with this n5gc; None as soon as one path is not certain."""
        if len(key) != _DIGEST_BYTES:
            return None
        prefix = self._prefix or self._install()
        read = self._read
        found: dict[str, bytes] = {}
        for path in paths:
            entry = read.get(path, _UNREAD)
            if entry is _UNREAD:
                entry = read[path] = self._load(path)
            if entry is None or not entry.made_by(key, path, prefix):
                return None
            found[path] = entry.data
        self.recipes_proven.update(paths)
        return found

    def summary(self, path: str, data: bytes) -> bytes | None:
        """The audit summary stored on the file at `path` when it is the summary of `data` (the
        bytes this compile writes there) made by this n5gc; None otherwise."""
        entry = self._read.get(path, _UNREAD)
        if entry is _UNREAD:
            entry = self._read[path] = self._load(path)
        if entry is None or (data is not entry.data and data != entry.data):
            return None
        bound = entry.bound  # known already for a file a recipe's reuse looked at
        if bound is None:
            bound = entry.proven(path, self._prefix or self._install())
        stamp = entry.stamp
        if not bound or stamp is None or not stamp[1] & HAS_SUMMARY:  # a proven stamp is whole
            return None
        self.summaries_proven.add(path)
        return stamp[SUMMARY_AT:]

    def _install(self) -> bytes:
        self._prefix = _BINDING_DOMAIN + _installation()
        return self._prefix

    def _load(self, path: str) -> _OnDisk | None:
        try:
            fd = self._open(path)
        except OSError:
            return None
        if fd is None:
            return None
        try:
            stamp = (self._stamp or self._reader())(fd)
            if stamp is not None:
                # Only a regular file or a folder holds a user extended attribute (the kernel
                # refuses them on links, FIFOs, sockets and devices: xattr(7)), and reading a
                # folder fails (EISDIR): no fstat needed.
                data = os.read(fd, _FIRST_READ)  # a read shorter than asked is the file's end
                return _OnDisk(data if len(data) < _FIRST_READ else _read_all(fd, -1, data), stamp)
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                return None
            return _OnDisk(_read_all(fd, status.st_size), None)
        except OSError:
            return None
        finally:
            os.close(fd)

    def _open(self, path: str) -> int | None:
        """A descriptor of the file at `path` opened without following any link and without
        blocking (OSError when that fails), or None for a path n5gc never writes or once closed."""
        tree = self._tree
        if tree is None:
            return None
        if not self._walking:
            opener = self._opener
            if opener is None:
                opener = self._opener = _beneath(tree.fd)
                self._walking = opener is None
            if opener is not None:
                if clean_relative(path) is None:
                    return None
                try:
                    return opener(path)
                except _Unusable:
                    self._walking = True  # from now on
        cut = path.rfind("/") + 1
        name = path[cut:]
        folder = self._folders.get(path[:cut])
        if folder is None or name in _ODD_NAMES or "\0" in name or "\\" in name:
            if clean_relative(path) is None:
                return None
            folder = self._folders[path[:cut]] = tree.folder(path[: cut - 1] if cut else "")
        return os.open(name, _READ_FLAGS, dir_fd=folder)

    def _reader(self) -> Callable[[int], bytes | None]:
        self._stamp = _stamp_reader()
        return self._stamp


_FIRST_READ = 1 << 16  # most generated files are a few KiB: one read gets them whole


def _read_all(fd: int, size: int, first: bytes | None = None) -> bytes:
    """The whole file behind `fd`: one read asking one byte more than fstat's size, which gets it
    all when the size was right; otherwise (a short read, a file that grew or shrank since) read
    on to the end. `first`: what a first read already got."""
    data = os.read(fd, size + 1) if first is None else first
    if len(data) == size:
        return data
    chunks = [data]
    while chunk := os.read(fd, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


@record(frozen=False)
class Stamps:
    """The stamps to write once the files are on disk: path -> recipe key, path -> audit summary
    (a path in either gets one stamp holding both, whichever it has)."""

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


def stamp_files(
    out_dir: Path,
    files: Mapping[str, bytes],
    stamps: Stamps,
    digests: Mapping[str, bytes] | None = None,
) -> None:
    """Write the stamps of `stamps` on the files of `out_dir` that hold exactly `files`' bytes
    (a file changed meanwhile gets none). `digests`: sha256 of `files`' bytes where known. Failing
    is harmless: the next compile then renders and parses those files again, as a full compile does."""
    if stamps.empty:
        return
    salt = os.urandom(_SALT_BYTES)
    known = digests or {}
    try:
        with Tree(out_dir) as tree:
            for path in sorted({*stamps.recipes, *stamps.summaries}):
                data = files.get(path)
                if data is None:
                    continue
                content = known.get(path) or hashlib.sha256(data).digest()
                summary = stamps.summaries.get(path)
                if summary is not None and len(summary) > MAX_SUMMARY_BYTES:
                    summary = None  # too large to keep: the file is parsed again next time
                _stamp_one(tree, path, stamp_value(salt, stamps.recipes.get(path), path, content, summary))
    except OSError:
        return  # no user extended attributes here, or the folder went away: no reuse next time


def _stamp_one(tree: Tree, path: str, value: bytes) -> None:
    """Set the stamp on the regular file at `path` (it binds the bytes meant to be there: if the
    disk holds others, it never proves anything)."""
    folder, name = tree.split(path)
    fd = os.open(name, _READ_FLAGS, dir_fd=folder)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        try:
            os.setxattr(fd, STAMP_ATTRIBUTE, value)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.E2BIG):
                raise
            for legacy in LEGACY_ATTRIBUTES:  # an earlier version's attributes fill the block
                try:
                    os.removexattr(fd, legacy)
                except OSError as gone:
                    if gone.errno != errno.ENODATA:
                        raise
            os.setxattr(fd, STAMP_ATTRIBUTE, value)
    finally:
        os.close(fd)


def still_to_stamp(
    recipes: Mapping[str, bytes | None], summaries: Mapping[str, bytes], previous: PreviousTree | None
) -> Stamps:
    """What needs a stamp after the write: every file rendered by a recipe (not reused), and every
    summary this compile made (not one it read from a proven stamp). A file's stamp holds both
    its recipe key and its summary, so a file needing one gets both again."""
    recipes_proven = previous.recipes_proven if previous is not None else set()
    summaries_proven = previous.summaries_proven if previous is not None else set()
    paths = {path for path, key in recipes.items() if key is not None and path not in recipes_proven}
    paths.update(path for path in summaries if path not in summaries_proven)
    return Stamps(
        {path: key for path in paths if (key := recipes.get(path)) is not None},
        {path: summaries[path] for path in paths if path in summaries},
    )
