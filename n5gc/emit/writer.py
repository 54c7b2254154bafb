"""Writing an output folder: serialised per folder, assembled aside, swapped in one call.

- Concurrency: a compile holds an exclusive `flock` on the output folder's parent folder from its
  survey to its last write, so two compiles of the same output run one after the other (the parent,
  not the output, because the output folder's inode changes with every swap; nothing is left on
  disk for it). A staging folder is named after its process (`.<name>.n5gc-new-<pid>`) and locked
  with `flock` while in use: stale-staging cleanup removes only staging folders whose lock is free.
- Atomicity: the new tree is assembled in the staging folder (a person's files and unchanged files
  hard-linked in) and exchanged with the old tree by `renameat2(RENAME_EXCHANGE)`. Where that call
  is unavailable, or the folder is a Git work tree root or holds the working directory, or the
  change touches at most 2 % of the files (an incremental recompile: assembling and removing a
  whole tree would cost far more than the change), files are replaced one by one with
  `os.replace`, each atomically, the lock file last.
- Environment: any OSError (read-only folder, full disk, name too long) becomes a diagnostic; the
  staging folder or the temporaries written so far are removed, the old tree is left as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from n5gc.diagnostics import Diagnostic, InputError, error
from n5gc.emit.paths import Kind, Tree, kind_at, parent_folders, probe, walk
from n5gc.emit.survey import LOCK_FILE, Survey, located, survey

STAGING_MARK = ".n5gc-new-"


def write_tree(
    out_dir: Path, files: dict[str, bytes], adopt: bool = False, surveyed: Survey | None = None
) -> Survey:
    """Make `out_dir` hold exactly `files` plus the files n5gc does not own; returns the survey
    (what changed, and warnings). Raises InputError when something stands in the way or the
    environment refuses a write; then nothing in the folder has changed.

    `surveyed`: the survey `survey_held` took of this folder under the output lock the caller
    still holds (`output_locks`), so it is not taken twice; any other survey is taken again here.
    """
    try:
        with _output_lock(out_dir) as hold:
            trusted = surveyed is not None and surveyed.hold is not None and surveyed.hold is hold
            result = surveyed if trusted and surveyed is not None else survey(out_dir, files, adopt)
            if result.blocked:
                raise InputError(result.diagnostics)
            if trusted:
                _still_missing(out_dir, result)
            _remove_stale_staging(out_dir)
            if result.drift.clean:
                return result
            if kind_at(out_dir) is Kind.FOLDER and (_few_changes(result, files) or not _swappable(out_dir)):
                _check_writable(out_dir, _folders_written(out_dir, files, result))
                _write_in_place(out_dir, files, result)
            else:
                _check_writable(out_dir, None)
                _swap(out_dir, files, result)
            return result
    except OSError as exc:
        raise InputError([environment_problem(exc, out_dir)]) from exc


# A change touching at most this share of the tree is written in place (`_few_changes`).
IN_PLACE_SHARE = 0.02


def _few_changes(result: Survey, files: dict[str, bytes]) -> bool:
    """Whether the change is small enough to replace the changed files one by one rather than
    assemble and swap a whole new tree (at 1,000 slices: 5,132 hard links and 2,008 folders made,
    and as many removed with the old tree, for the 7 files a one-slice change touches)."""
    drift = result.drift
    return len(drift.stale) + len(drift.missing) + len(drift.extra) <= IN_PLACE_SHARE * len(files)


def _still_missing(out_dir: Path, result: Survey) -> None:
    """Between a held survey and the write, a person (not a compile: they wait for the lock) may
    have put something where the survey found nothing; n5gc does not own it, so it stops there.
    Files it owns may change meanwhile: their content is n5gc's to replace either way."""
    if not result.drift.missing or kind_at(out_dir) is not Kind.FOLDER:
        return
    for path in result.drift.missing:
        if probe(out_dir, path)[0] is not Kind.ABSENT:
            raise InputError(
                [
                    error(
                        "N5G704",
                        "something n5gc does not own appeared where it writes a generated file "
                        "while it compiled",
                        located(out_dir, path),
                        "move it away and compile again; n5gc leaves what it does not own alone",
                    )
                ]
            )


def survey_held(
    out_dir: Path,
    files: dict[str, bytes],
    adopt: bool = False,
    known: Mapping[str, bytes] | None = None,
    known_hold: object | None = None,
) -> Survey:
    """`survey`, marked with the output lock this process holds on the folder (`output_locks`), so
    that `write_tree` under the same hold uses it instead of surveying the folder again.

    `known`: files of the folder this process read through `Tree` while it held the hold
    `known_hold` (`current_hold` then): used instead of reading them again only when that hold is
    the one still held now, so no other compile can have written the folder in between."""
    hold = current_hold(out_dir)
    usable = known if hold is not None and known_hold is hold else None
    result = survey(out_dir, files, adopt, usable)
    result.hold = hold
    return result


def current_hold(out_dir: Path) -> object | None:
    """The token of the output lock this process holds on `out_dir` (`output_locks`), or None."""
    return _HELD.get(_lock_key(out_dir))


# errno -> (code, what went wrong, what to do); any other errno is N5G710.
_ENVIRONMENT: dict[int, tuple[str, str, str]] = {
    **dict.fromkeys(
        (errno.EACCES, errno.EPERM, errno.EROFS),
        ("N5G707", "cannot write the output folder", "make it writable for you, or choose another folder"),
    ),
    **dict.fromkeys(
        (errno.ENOSPC, errno.EDQUOT), ("N5G708", "the disk is full", "free some space and compile again")
    ),
    errno.ENAMETOOLONG: (
        "N5G709",
        "a file name is too long for the file system",
        "choose a shorter output path",
    ),
    **dict.fromkeys(
        (errno.EEXIST, errno.ENOTDIR),
        ("N5G702", "the output path is not a folder", "choose another output folder"),
    ),
    errno.ELOOP: ("N5G703", "a symbolic link appeared in the output folder", "remove the link"),
}


def environment_problem(exc: OSError, out_dir: Path) -> Diagnostic:
    """An OSError met while reading or writing the output folder, as the user's problem to fix."""
    code, what, hint = _ENVIRONMENT.get(
        exc.errno or 0, ("N5G710", "cannot write the output folder", "fix the cause and compile again")
    )
    name = f" ({exc.filename})" if isinstance(exc.filename, str) and exc.filename else ""
    return error(code, f"{what}: {exc.strerror or exc}{name}; nothing was changed", located(out_dir), hint)


# Output locks this process holds (`output_locks`): lock key -> the token of the hold. An flock
# taken twice on one folder by one process through two descriptors would wait for itself.
_HELD: dict[str, object] = {}


def _lock_key(out_dir: Path) -> str:
    return os.path.realpath(out_dir.parent)


@contextmanager
def output_locks(out_dirs: list[Path]) -> Iterator[None]:
    """Hold the output lock of every folder (each parent once, in one order, so two compiles never
    wait on each other crosswise) for a whole survey-then-write: `survey_held` inside the block,
    then `write_tree(..., surveyed=...)`, and the folder is surveyed once. Parent folders made to
    hold the lock are removed again when they are still empty at the end. A folder whose lock
    cannot be taken (the environment refuses) is left to `write_tree`, which reports why."""
    made: list[Path] = []
    taken: list[tuple[str, int]] = []
    try:
        for key, out_dir in sorted({_lock_key(d): d for d in out_dirs}.items()):
            if key in _HELD:
                continue
            new = [p for p in (out_dir.parent, *out_dir.parent.parents) if not os.path.lexists(p)]
            made.extend(new)
            try:
                out_dir.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(out_dir.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError:
                continue
            taken.append((key, fd))
            fcntl.flock(fd, fcntl.LOCK_EX)
            _HELD[key] = object()
        yield
    finally:
        for key, fd in taken:
            _HELD.pop(key, None)
            os.close(fd)  # releases the lock
        for folder in sorted(made, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing was written below it


@contextmanager
def _output_lock(out_dir: Path) -> Iterator[object]:
    """Exclusive `flock` on the output folder's parent, held for one whole survey-and-write (or
    the hold of `output_locks` when this process has it already); yields the hold's token. The
    parent folders it has to make are removed again when the write fails."""
    key = _lock_key(out_dir)
    if key in _HELD:
        yield _HELD[key]
        return
    made = [p for p in (out_dir.parent, *out_dir.parent.parents) if not os.path.lexists(p)]
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield object()  # a hold no survey taken before it can carry
        finally:
            os.close(fd)  # releases the lock
    except BaseException:
        for folder in made:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _staging_path(out_dir: Path, pid: int | str) -> Path:
    return out_dir.parent / f".{out_dir.name}{STAGING_MARK}{pid}"


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove staging folders of interrupted compiles: only those whose owner's lock is free."""
    prefix = _staging_path(out_dir, "").name
    for leftover in out_dir.parent.iterdir():
        if not leftover.name.startswith(prefix) or not leftover.name[len(prefix) :].isdecimal():
            continue
        if kind_at(leftover) is not Kind.FOLDER:
            continue
        fd = os.open(leftover, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live compile's staging folder
        finally:
            os.close(fd)
        shutil.rmtree(leftover, ignore_errors=True)


def _check_writable(out_dir: Path, folders: set[str] | None) -> None:
    """Refuse before writing when a folder n5gc changes is not writable: `folders` (relative), or
    with None every folder of the tree (a swap removes the whole old tree: it would succeed but
    leave the old tree behind, undeletable)."""
    if kind_at(out_dir) is not Kind.FOLDER:
        return
    if folders is None:
        with Tree(out_dir) as tree:
            folders = {"", *(path for path, is_folder in walk(tree) if is_folder)}
    for folder in sorted(folders):
        path = out_dir / folder if folder else out_dir
        if kind_at(path) is not Kind.FOLDER:
            continue  # made by the write itself
        if not os.access(path, os.W_OK | os.X_OK, follow_symlinks=False):
            code = errno.EROFS if os.statvfs(path).f_flag & os.ST_RDONLY else errno.EACCES
            raise OSError(code, os.strerror(code), located(path).file)


def _folders_written(out_dir: Path, files: dict[str, bytes], result: Survey) -> set[str]:
    """The folders an in-place write changes (never a walk of a whole Git work tree): those of the
    files it replaces, makes and removes, and, after an interrupted write, those of every generated
    file (their temporaries are removed, `_remove_stale_temporaries`)."""
    changed = {*result.drift.stale, *result.drift.missing, *result.drift.extra}
    with Tree(out_dir) as tree:
        if _maybe_interrupted(tree):
            changed.update(files)
    return {"", *parent_folders(changed)}


def _swap(out_dir: Path, files: dict[str, bytes], result: Survey) -> None:
    staging = _staging_path(out_dir, os.getpid())
    if kind_at(staging) is not Kind.ABSENT:
        shutil.rmtree(staging)  # our pid, so a dead process's: its lock was free
    os.mkdir(staging, 0o755)
    try:
        with Tree(staging) as new:
            fcntl.flock(new.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ours while in use
            _assemble(new, out_dir, files, result)
            new.flush()  # whole files of the new tree on disk before it is swapped in
            if kind_at(out_dir) is Kind.ABSENT:
                os.rename(staging, out_dir)
                return
            _exchange(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # now the old tree


def _assemble(new: Tree, out_dir: Path, files: dict[str, bytes], result: Survey) -> None:
    """Build the new tree: a person's files and unchanged files as hard links, the rest written."""
    changed = {*result.drift.stale, *result.drift.missing}
    if kind_at(out_dir) is not Kind.FOLDER:
        for path in sorted(files):
            new.create(path, files[path])
        return
    with Tree(out_dir) as old:
        for path, is_folder in walk(old):
            if is_folder:
                new.folder(path, create=True)
            elif path not in result.owned and path not in files:
                old.link_into(new, path)  # a person's file (or link): kept as it is
        for path in sorted(files):
            if path in changed:
                new.create(path, files[path])
            else:
                old.link_into(new, path)  # unchanged: same inode, same mtime
    _prune_empty_folders(new, result.owned, files)


def _prune_empty_folders(new: Tree, owned: set[str], files: dict[str, bytes]) -> None:
    """Remove folders n5gc wrote into that hold nothing now; a person's (empty) folders stay.

    Only a folder above a file n5gc owned and no longer writes can have been emptied by it."""
    candidates = parent_folders(owned - files.keys()) - parent_folders(files)
    for folder in sorted(candidates, key=lambda f: f.count("/"), reverse=True):
        if _is_empty_folder(new, folder):
            parent_fd, name = new.split(folder)
            os.rmdir(name, dir_fd=parent_fd)


def _is_empty_folder(tree: Tree, folder: str) -> bool:
    """Whether `folder` is a real folder (not a link) with nothing in it."""
    if kind_at(tree.root / folder) is not Kind.FOLDER:
        return False
    with os.scandir(tree.folder(folder)) as entries:
        return next(entries, None) is None


def _write_in_place(out_dir: Path, files: dict[str, bytes], result: Survey) -> None:
    """Replace changed files one by one (each atomically), remove the extra ones and the folders they
    leave empty, the lock file last."""
    changed = sorted(p for p in {*result.drift.stale, *result.drift.missing} if p != LOCK_FILE)
    pending: list[tuple[str, str]] = []
    with Tree(out_dir) as tree:
        if _maybe_interrupted(tree):
            _remove_stale_temporaries(tree, files)
        _mark_writing(tree)
        try:
            for path in changed:
                pending.append((tree.replace(path, files[path], _temporary(path)), path))
            tree.flush()  # whole new files on disk before any is renamed over an old one
            while pending:
                tree.commit(*pending[0])
                pending.pop(0)
            for path in result.drift.extra:
                tree.unlink(path)
            _prune_empty_folders(tree, result.owned, files)
            tree.flush()  # the renames on disk before the lock says they happened
            pending.append((tree.replace(LOCK_FILE, files[LOCK_FILE], _temporary(LOCK_FILE)), LOCK_FILE))
            tree.commit(*pending.pop())
        except BaseException:
            for temporary, _ in pending:
                tree.unlink(temporary)
            tree.remove_created_folders()
            raise
        with contextlib.suppress(OSError):
            os.removexattr(tree.fd, WRITING_ATTRIBUTE)  # done: no temporary of this write is left


# Set on the output folder while an in-place write runs: only a folder that has it (or a file system
# that cannot hold it) may hold temporaries of an interrupted write, so only then are the folders
# of every generated file looked through for them (2,008 folders at 1,000 slices).
WRITING_ATTRIBUTE = "user.n5gc.writing"


def _mark_writing(tree: Tree) -> None:
    with contextlib.suppress(OSError):
        os.setxattr(tree.fd, WRITING_ATTRIBUTE, b"1")


def _maybe_interrupted(tree: Tree) -> bool:
    """Whether an in-place write of this folder may have been interrupted: its mark is there, or
    the file system cannot tell (no user extended attributes)."""
    try:
        os.getxattr(tree.fd, WRITING_ATTRIBUTE)
    except OSError as exc:
        return exc.errno != errno.ENODATA
    return True


def _remove_stale_temporaries(tree: Tree, files: dict[str, bytes]) -> None:
    """Temporaries of an interrupted in-place write (`.<generated name>.n5gc-new-<pid>` beside a
    generated file): stale, since compiles of this folder hold its lock one at a time."""
    by_folder: dict[str, set[str]] = {}
    for path in files:
        folder, _, name = path.rpartition("/")
        by_folder.setdefault(folder, set()).add(name)
    for folder, names in sorted(by_folder.items()):
        if folder and probe(tree.root, folder)[0] is not Kind.FOLDER:
            continue
        with os.scandir(tree.folder(folder)) as entries:
            stale = [
                e.name for e in entries if _temporary_of(e.name) in names and e.is_file(follow_symlinks=False)
            ]
        for name in stale:
            tree.unlink(f"{folder}/{name}" if folder else name)


def _temporary_of(name: str) -> str | None:
    """The generated file name a temporary is for, or None when `name` is not n5gc's temporary."""
    head, mark, pid = name.rpartition(STAGING_MARK)
    return head[1:] if mark and head.startswith(".") and pid.isdecimal() else None


def _temporary(path: str) -> str:
    return f".{PurePosixPath(path).name}{STAGING_MARK}{os.getpid()}"


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> object | None:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None


def _swappable(out_dir: Path) -> bool:
    """Whether the whole folder can be swapped: not a Git work tree root, not the working directory."""
    if _renameat2() is None or os.path.lexists(out_dir / ".git"):
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
        code = ctypes.get_errno()
        raise OSError(code, f"cannot swap {a} and {b}: {os.strerror(code)}")
