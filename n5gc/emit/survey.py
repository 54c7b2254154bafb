"""What a compile would change in an output folder, and whether it may: read-only, no link followed.

The lock file says which files n5gc owns. Its entries are trusted only as far as path confinement
allows: an entry that is absolute, has `..`, names a link or a folder, or leads through a link out
of the folder is ignored with a warning, so a tampered lock never makes n5gc delete anything. A
file at a path n5gc generates that the lock does not list is a person's file: an error (unless it
already holds n5gc's exact bytes, or `--adopt` says n5gc may take it over).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from n5gc.diagnostics import Diagnostic, Location, Severity, error, warning
from n5gc.emit.paths import Kind, Tree, clean_relative, inside, kind_at, parent_folders, probe
from n5gc.records import record

LOCK_FILE = "n5gc.lock.json"


@record(frozen=False)
class Drift:
    """How the folder on disk differs from what a compile would write."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # owned by a previous compile, no longer produced

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra)

    def lines(self, out_dir: str) -> list[str]:
        """The human lines of `compile --check` (text format)."""
        return (
            [f"{out_dir}/{p}: stale" for p in self.stale]
            + [f"{out_dir}/{p}: missing" for p in self.missing]
            + [f"{out_dir}/{p}: extra (n5gc would remove it)" for p in self.extra]
        )

    def diagnostics(self, out_dir: Path) -> list[Diagnostic]:
        """The same facts as diagnostics (json/github formats of `compile --check`)."""
        kinds = [
            ("N5G720", "stale: differs from what n5gc compiles", self.stale),
            ("N5G721", "missing: n5gc compiles this file", self.missing),
            ("N5G722", "extra: no longer compiled, n5gc would remove it", self.extra),
        ]
        return [
            error(code, message, located(out_dir, path), "run n5gc compile")
            for code, message, paths in kinds
            for path in paths
        ]


@record(frozen=False)
class Survey:
    """The drift of one output folder, the files n5gc owns there, and what stands in the way."""

    drift: Drift = field(default_factory=Drift)
    owned: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The output lock held while this survey was taken (n5gc.emit.writer.output_locks), if any:
    # write_tree trusts a survey only while that same hold lasts.
    hold: object | None = field(default=None, compare=False, repr=False)

    @property
    def blocked(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def located(out_dir: Path, relative: str = "") -> Location:
    """Where a diagnostic about `out_dir/relative` points: the path as the user sees it."""
    from n5gc.frontend import display_path

    return Location(display_path(out_dir / relative if relative else out_dir))


def survey(
    out_dir: Path, files: dict[str, bytes], adopt: bool = False, known: Mapping[str, bytes] | None = None
) -> Survey:
    """Compare `files` (path -> bytes, lock included) with the folder; raises OSError only for
    the environment (unreadable folder, name too long).

    `known`: files of this folder this process already read under the output lock it still
    holds, through `Tree` (each a plain relative path, `clean_relative`, of a regular file reached
    without a link on the way); they are not looked at or read again (`survey_held` passes them
    only while that same hold lasts)."""
    result = Survey()
    kind = kind_at(out_dir)
    if kind is Kind.ABSENT:
        result.drift.missing = sorted(files)
        return result
    if kind is not Kind.FOLDER:
        result.diagnostics.append(_root_problem(out_dir, kind))
        return result
    look = _Looker(out_dir, known or {})
    with Tree(out_dir) as tree:
        result.owned = _read_lock(tree, result.diagnostics, adopt, look)
        for path in sorted(files):
            data = files[path]
            if look.known.get(path) == data:  # read under this hold: n5gc's exact bytes already
                result.owned.add(path)
            else:
                _compare(tree, path, data, result, adopt, look)
        result.drift.extra = sorted(p for p in result.owned - set(files) if look(p)[0] is Kind.FILE)
    return result


class _Looker:
    """`probe` for one survey: each path looked at once, each real folder on the way once (the
    survey is a snapshot; every write still goes component by component with O_NOFOLLOW)."""

    def __init__(self, root: Path, known: Mapping[str, bytes]):
        self.root = root
        self.known = known  # files read under this hold: regular files reached without a link
        self.read_now: dict[str, bytes] = {}
        self._folders: set[str] | None = None  # real folders on the way, once a probe needs them
        self.seen: dict[str, tuple[Kind, str]] = {}

    def read(self, tree: Tree, relative: str) -> bytes:
        """The file's bytes: as already read under this hold or by this survey, else read now."""
        data = self.known.get(relative)
        if data is None:
            data = self.read_now.get(relative)
            if data is None:
                data = self.read_now[relative] = tree.read(relative)
        return data

    def __call__(self, relative: str) -> tuple[Kind, str]:
        if relative in self.known:
            return Kind.FILE, relative
        found = self.seen.get(relative)
        if found is None:
            if self._folders is None and "/" in relative:
                self._folders = parent_folders(self.known)
            found = self.seen[relative] = probe(self.root, relative, self._folders)
        return found


def _root_problem(out_dir: Path, kind: Kind) -> Diagnostic:
    if kind is Kind.LINK:
        return error(
            "N5G701",
            f"the output folder is a symbolic link (to {os.readlink(out_dir)}); "
            "n5gc never writes through links",
            located(out_dir),
            "give the real folder as output (-o or n5gc.yaml), or replace the link with a folder",
        )
    return error(
        "N5G702",
        f"the output path is {'below a file' if kind is Kind.FILE_ON_THE_WAY else 'a ' + kind.value}, "
        "not a folder; n5gc leaves it alone",
        located(out_dir),
        "choose another output folder (-o or n5gc.yaml output:)",
    )


def _read_lock(tree: Tree, problems: list[Diagnostic], adopt: bool, look: _Looker) -> set[str]:
    """The files the previous compile wrote, confined to the folder; the lock file itself included."""
    kind, _ = probe(tree.root, LOCK_FILE)
    if kind is Kind.ABSENT:
        return set()
    if kind is not Kind.FILE:
        problems.append(_in_the_way(tree.root, LOCK_FILE, kind, LOCK_FILE))
        return set()
    try:
        entries = json.loads(look.read(tree, LOCK_FILE).decode("utf-8"))["files"]
        if not isinstance(entries, dict):
            raise TypeError(f"'files' is {type(entries).__name__}, not a mapping")
    except (ValueError, KeyError, TypeError) as exc:
        if not adopt:
            problems.append(_damaged_lock(tree.root, exc))
        return {LOCK_FILE}
    # Files read under this hold are plain relative paths of regular files: trusted as they are.
    trusted = entries.keys() & look.known.keys()
    trusted.discard(LOCK_FILE)
    owned = {LOCK_FILE, *trusted}
    refused: list[tuple[str, str]] = []
    for entry in entries.keys() - trusted:
        reason = _untrusted(tree.root, entry, look)
        if reason:
            refused.append((entry, reason))
        else:
            owned.add(entry)
    for entry, reason in sorted(refused, key=lambda pair: str(pair[0])):
        problems.append(
            warning(
                "N5G705",
                f"lock entry {json.dumps(entry)[:200]} ignored: {reason}",
                located(tree.root, LOCK_FILE),
                "n5gc neither removes nor reads it; restore the lock file from Git if it was edited",
            )
        )
    return owned


def _untrusted(root: Path, entry: str, look: _Looker) -> str | None:
    """Why a lock entry cannot name a file n5gc wrote in this folder, or None when it can."""
    if clean_relative(entry) is None or entry == LOCK_FILE:
        return "not a plain relative path inside the output folder"
    kind, where = look(entry)
    # A plain relative path without a link on the way stays inside (`inside` resolves a link only).
    if kind is Kind.LINK_ON_THE_WAY or (kind is Kind.LINK and not inside(root, entry, kind)):
        return f"it leads through the symbolic link {where} out of the folder"
    if kind in (Kind.LINK, Kind.FOLDER, Kind.OTHER):
        return f"it is a {kind.value} on disk, and n5gc only writes regular files"
    return None


def _damaged_lock(root: Path, exc: Exception) -> Diagnostic:
    return error(
        "N5G706",
        f"the lock file is damaged ({str(exc)[:120]}): n5gc cannot tell which files it owns",
        located(root, LOCK_FILE),
        f"restore it from Git (git checkout -- {located(root, LOCK_FILE).file}), or run n5gc compile --adopt "
        "to take over every file it generates there (nothing else is removed)",
    )


def _compare(tree: Tree, path: str, data: bytes, result: Survey, adopt: bool, look: _Looker) -> None:
    kind, where = look(path)
    if kind is Kind.ABSENT:
        result.drift.missing.append(path)
    elif kind is not Kind.FILE:
        result.diagnostics.append(_in_the_way(tree.root, path, kind, where))
    elif look.read(tree, path) == data:
        result.owned.add(path)  # already n5gc's exact bytes: nothing to overwrite
    elif path in result.owned or adopt:
        result.drift.stale.append(path)
    else:
        result.diagnostics.append(
            error(
                "N5G704",
                "a file n5gc does not own is where it writes a generated file (its lock does not list it)",
                located(tree.root, path),
                "run n5gc compile --adopt to let n5gc take it over (its content is replaced), "
                "or move it away",
            )
        )


def _in_the_way(root: Path, path: str, kind: Kind, where: str) -> Diagnostic:
    """A link, folder or file at `where` (the generated `path` or a folder on its way). The message
    names no generated file, so the diagnostics of every file below one link collapse into one."""
    if kind in (Kind.LINK, Kind.LINK_ON_THE_WAY):
        return error(
            "N5G703",
            f"a symbolic link (to {os.readlink(root / where)}) is where n5gc writes"
            f"{' files' if where != path else ''}; n5gc never writes through links",
            located(root, where),
            "replace the link with a real folder or file, or remove it",
        )
    needed = "a folder" if kind is Kind.FILE_ON_THE_WAY else "a file"
    found = "a file" if kind is Kind.FILE_ON_THE_WAY else f"a {kind.value}"
    return error(
        "N5G704",
        f"{found} is where n5gc needs {needed}",
        located(root, where),
        "move it away; n5gc never removes a folder or a file it does not own",
    )
