"""Path confinement: every path emit writes, prunes or reads stays inside the output folder.

Paths below the output folder are plain relative POSIX paths of named components (no `..`, no
absolute path, no empty component). They are reached one component at a time from a folder opened
with O_NOFOLLOW, so a symbolic link anywhere on the way makes the operation fail (ELOOP/ENOTDIR)
instead of leading out of the folder, even when the link appears between the check and the write.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
import errno
import functools
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


def clean_relative(path: object) -> str | None:
    """`path` when it is a relative POSIX path of named components, else None (absolute, `..`, `.`,
    empty component, NUL or backslash: never a path n5gc writes)."""
    if not isinstance(path, str) or not path or "\0" in path or "\\" in path or path.startswith("/"):
        return None
    framed = f"/{path}/"  # an empty, "." or ".." component shows as "//", "/./" or "/../"
    if "//" in framed or "/./" in framed or "/../" in framed:
        return None
    return path


class Kind(enum.Enum):
    """What is at a path below the output folder, looked at without following links."""

    ABSENT = "absent"
    FILE = "file"
    FOLDER = "folder"
    LINK = "symbolic link"
    OTHER = "special file"
    LINK_ON_THE_WAY = "a symbolic link on the way"
    FILE_ON_THE_WAY = "a file where a folder is needed"


def kind_at(path: Path) -> Kind:
    """What `path` itself is (a link is not followed)."""
    try:
        return _kind_of(os.lstat(path).st_mode)
    except FileNotFoundError:
        return Kind.ABSENT
    except NotADirectoryError:
        return Kind.FILE_ON_THE_WAY


def _kind_of(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return Kind.LINK
    if stat.S_ISDIR(mode):
        return Kind.FOLDER
    return Kind.FILE if stat.S_ISREG(mode) else Kind.OTHER


def probe(root: Path, relative: str, folders: set[str] | None = None) -> tuple[Kind, str]:
    """What is at `root/relative`, and the prefix of `relative` it was found at (for the ancestor
    kinds, the link or file in the way). Never follows a link.

    `folders`: prefixes already found to be real folders by earlier probes of the same survey,
    which are not looked at again (and to which this probe adds). A survey is a snapshot taken
    under the output lock; whatever it says, every write still goes component by component with
    O_NOFOLLOW (`Tree`), so a folder replaced by a link after it was probed is never written through.
    """
    base = os.fspath(root) + "/"  # string paths: a pathlib join per component cost more than the lstat
    start = 0
    while True:
        end = relative.find("/", start)
        prefix = relative if end < 0 else relative[:end]
        if end >= 0 and folders is not None and prefix in folders:
            start = end + 1
            continue
        try:
            kind = _kind_of(os.lstat(base + prefix).st_mode)
        except FileNotFoundError:
            return Kind.ABSENT, prefix
        if end < 0:
            return kind, prefix
        if kind is Kind.LINK:
            return Kind.LINK_ON_THE_WAY, prefix
        if kind is not Kind.FOLDER:
            return Kind.FILE_ON_THE_WAY, prefix
        if folders is not None:
            folders.add(prefix)
        start = end + 1


def inside(root: Path, relative: str, kind: Kind = Kind.LINK) -> bool:
    """Whether `root/relative` resolves (links followed) to a path inside `root`. `kind`: what
    `probe` found there; any other than a link (or a link on the way) says no component is a link,
    so the lexical reading of `relative` decides without resolving every component again."""
    if kind not in (Kind.LINK, Kind.LINK_ON_THE_WAY):
        normal = os.path.normpath(relative)
        return normal != ".." and not normal.startswith(("../", "/"))
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(root / relative)]) == real_root


def parent_folders(paths: Iterable[str]) -> set[str]:
    """Every folder above the relative POSIX `paths` (the root, "", excluded)."""
    folders: set[str] = set()
    for path in paths:
        parent = path.rpartition("/")[0]
        while parent and parent not in folders:  # a folder met before brings its own parents
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


class Tree:
    """A folder opened without following links. Paths below it are reached component by component
    with O_NOFOLLOW; folder descriptors are cached and closed by `close()` (or the `with` block)."""

    def __init__(self, root: Path):
        self.root = root
        self._fds: dict[str, int] = {"": os.open(root, _DIR_FLAGS)}
        self.created: list[str] = []  # folders made by `folder(create=True)`, parents first

    def __enter__(self) -> Tree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()

    @property
    def fd(self) -> int:
        """The descriptor of the root folder itself."""
        return self._fds[""]

    def folder(self, relative: str, create: bool = False) -> int:
        """Descriptor of the folder `relative` ('' for the root), made on the way when `create`."""
        if relative in self._fds:
            return self._fds[relative]
        parent, _, name = relative.rpartition("/")
        parent_fd = self.folder(parent, create)
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o755, dir_fd=parent_fd)
                self.created.append(relative)
        self._fds[relative] = os.open(name, _DIR_FLAGS, dir_fd=parent_fd)
        return self._fds[relative]

    def flush(self) -> None:
        """Everything written so far below this tree on stable storage: one `syncfs` per file system
        its open folders are on (every folder a write reached is open here), not `os.sync()`,
        which also waits for every other process's writes on every disk of the machine (seconds on
        a busy CI runner). `os.sync()` where the C library has no `syncfs`. A write-back error
        `syncfs` reports (Linux 5.8+) is raised as OSError: the data may not be on disk."""
        syncfs = _syncfs()
        if syncfs is None:
            os.sync()
            return
        folders_by_device: dict[int, int] = {}
        for fd in self._fds.values():
            folders_by_device.setdefault(os.fstat(fd).st_dev, fd)
        for fd in folders_by_device.values():
            if syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(self.root))

    def split(self, relative: str, create: bool = False) -> tuple[int, str]:
        """(descriptor of the parent folder, file name) of `relative`."""
        parent, _, name = relative.rpartition("/")
        return self.folder(parent, create), name

    def read(self, relative: str) -> bytes:
        """The bytes of a regular file; raises OSError on a link anywhere on the way."""
        folder, name = self.split(relative)
        fd = os.open(name, _READ_FLAGS, dir_fd=folder)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()

    def create(self, relative: str, data: bytes) -> None:
        """Write a new file (it must not exist yet), making its folders."""
        folder, name = self.split(relative, create=True)
        _write_new(folder, name, data)

    def replace(self, relative: str, data: bytes, temporary_name: str) -> str:
        """Write `data` beside `relative` as `temporary_name`; returns the temporary's path, which
        `commit` renames over the target (so a reader sees the old bytes or the new ones)."""
        folder, _ = self.split(relative, create=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary_name, dir_fd=folder)  # left by a killed run that had our pid
        _write_new(folder, temporary_name, data)
        parent = relative.rpartition("/")[0]
        return f"{parent}/{temporary_name}" if parent else temporary_name

    def commit(self, temporary: str, relative: str) -> None:
        """Rename a temporary written by `replace` over its target, in the same folder."""
        folder, name = self.split(relative)
        os.replace(temporary.rpartition("/")[2], name, src_dir_fd=folder, dst_dir_fd=folder)

    def remove_created_folders(self) -> None:
        """Undo `folder(create=True)`: remove the folders it made, deepest first, if empty."""
        for relative in reversed(self.created):
            parent, name = self.split(relative)
            with contextlib.suppress(OSError):
                os.rmdir(name, dir_fd=parent)
        self.created.clear()

    def unlink(self, relative: str) -> None:
        """Remove a file or link (never a folder, never what a link points at); absent is fine."""
        folder, name = self.split(relative)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=folder)

    def link_into(self, other: Tree, relative: str) -> None:
        """Give `other` the same file (hard link: same inode and mtime) at the same path; a copy
        where the file system refuses hard links. A link is carried over as a link."""
        source_folder, name = self.split(relative)
        target_folder, _ = other.split(relative, create=True)
        try:
            os.link(name, name, src_dir_fd=source_folder, dst_dir_fd=target_folder, follow_symlinks=False)
            return
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK):  # the file system refuses it
                raise
        mode = os.lstat(name, dir_fd=source_folder).st_mode
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(name, dir_fd=source_folder), name, dir_fd=target_folder)
        else:
            other.create(relative, self.read(relative))


def _write_new(folder: int, name: str, data: bytes) -> None:
    fd = os.open(name, _NEW_FILE_FLAGS, 0o644, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def walk(tree: Tree, relative: str = "") -> list[tuple[str, bool]]:
    """Every entry below `relative` as (path, is_folder), parents first; links are not followed
    (a link to a folder is an entry, not a folder)."""
    entries: list[tuple[str, bool]] = []
    with os.scandir(tree.folder(relative)) as found:
        children = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in found)
    for name, is_folder in children:
        path = f"{relative}/{name}" if relative else name
        entries.append((path, is_folder))
        if is_folder:
            entries.extend(walk(tree, path))
    return entries


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """The C library's `syncfs(fd)` (Linux), or None where there is none."""
    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]
    call.restype = ctypes.c_int
    return call
