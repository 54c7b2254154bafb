"""Small changes are written in place (n5gc/emit/writer.py `_few_changes`): file by file, each atomic.

An incremental recompile of a 1,000-slice network changes 7 of 5,132 files: assembling and swapping
a whole new tree would cost far more than the change. These tests hold the in-place write to the
promises of the swap that matter file by file: every file holds its old bytes or its new ones after
a crash at any step, the next compile finishes the job, a person's files and folders stay, and the
folders emptied by removed files go.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filesystem import user_xattrs
from helpers import crash_at, leftovers

from n5gc.emit import LOCK_FILE, tree_files, write_tree, writer
from n5gc.emit.paths import parent_folders
from n5gc.emit.writer import IN_PLACE_SHARE, WRITING_ATTRIBUTE

RELEASES = 150  # enough files that one changed file (and the lock) are a small change


def _files(version: str, releases: int = RELEASES) -> dict[str, bytes]:
    serialised = {
        f"sites/s0/helm/r{i}/values.yaml": f"release: {i}\nv: {version if i == 0 else 'same'}\n".encode()
        for i in range(releases)
    }
    serialised["README.md"] = b"# net\n"
    return tree_files(serialised, [("net.yaml", b"spec: {}\n")])


def _written(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c.yaml", "d"]), min_size=1, max_size=5).map("/".join)))
def test_parent_folders_are_the_paths_parents(paths: list[str]) -> None:
    expected = {str(p) for path in paths for p in PurePosixPath(path).parents if str(p) != "."}
    assert parent_folders(paths) == expected


def test_a_small_change_is_written_in_place(tmp_path: Path) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    (out / "mine.txt").write_text("a person's file")
    folder, unchanged = os.stat(out).st_ino, os.stat(out / "sites/s0/helm/r1/values.yaml").st_ino
    new = _files("new")
    assert IN_PLACE_SHARE * len(new) >= 2  # the values file and the lock
    result = write_tree(out, new)
    assert sorted(result.drift.stale) == [LOCK_FILE, "sites/s0/helm/r0/values.yaml"]
    assert os.stat(out).st_ino == folder, "the folder was swapped"
    assert os.stat(out / "sites/s0/helm/r1/values.yaml").st_ino == unchanged
    assert _written(out) == {**new, "mine.txt": b"a person's file"}
    assert not leftovers(tmp_path)


def test_in_place_removal_prunes_the_folders_it_empties(tmp_path: Path) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    (out / "sites/s0/helm/empty-and-mine").mkdir()
    fewer = _files("old", RELEASES - 1)  # the last release is gone
    folder = os.stat(out).st_ino
    write_tree(out, fewer)
    assert os.stat(out).st_ino == folder
    assert not (out / f"sites/s0/helm/r{RELEASES - 1}").exists()
    assert (out / "sites/s0/helm/empty-and-mine").is_dir(), "a person's empty folder was removed"
    assert _written(out) == fewer


def test_a_crash_in_a_small_change_leaves_whole_files_and_the_next_compile_finishes(tmp_path: Path) -> None:
    old, new = _files("old"), _files("new")
    step, finished = 0, False
    while not finished:
        step += 1
        out = tmp_path / f"crash-{step}" / "net"
        write_tree(out, old)
        finished = crash_at(step, lambda out=out: write_tree(out, new))
        for path in {*old, *new}:
            data = (out / path).read_bytes() if (out / path).is_file() else None
            assert data in (old.get(path), new.get(path)), f"killed after change {step}: {path} is partial"
        write_tree(out, new)
        assert _written(out) == new
        assert not leftovers(out.parent), f"killed after change {step}: leftovers"
    assert step >= 3


def test_a_large_change_is_still_swapped(tmp_path: Path) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    folder = os.stat(out).st_ino
    changed = {path: data + b"# changed\n" for path, data in _files("new").items() if path != LOCK_FILE}
    write_tree(out, tree_files(changed, [("net.yaml", b"spec: {}\n")]))
    assert os.stat(out).st_ino != folder, "a change of every file is assembled aside and swapped"


def test_only_an_interrupted_in_place_write_makes_the_next_one_look_for_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        os.setxattr(tmp_path, "user.n5gc.probe", b"1")
    except OSError:
        pytest.skip("no user extended attributes here: every in-place write looks for temporaries")
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    looked: list[int] = []
    real = writer._remove_stale_temporaries
    monkeypatch.setattr(writer, "_remove_stale_temporaries", lambda *a: looked.append(1) or real(*a))
    write_tree(out, _files("new"))
    assert WRITING_ATTRIBUTE not in os.listxattr(out), "the mark outlived a finished write"
    assert not looked, "a folder no write was interrupted in was looked through"
    os.setxattr(out, WRITING_ATTRIBUTE, b"1")  # what a killed in-place write leaves
    (out / "sites/s0/helm/r0/.values.yaml.n5gc-new-99999").write_bytes(b"half")
    write_tree(out, _files("old"))
    assert looked and not leftovers(tmp_path)
    assert WRITING_ATTRIBUTE not in os.listxattr(out)


def _checked_folders(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """The folders write_tree checks for write permission before writing (relative to `out`)."""
    checked: list[str] = []
    real = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        checked.append(Path(str(path)).relative_to(out).as_posix())
        return real(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer.os, "access", access)
    return checked


def test_an_in_place_write_checks_only_the_folders_it_changes(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    checked = _checked_folders(monkeypatch, out)
    write_tree(out, _files("new"))
    assert sorted(checked) == [".", "sites", "sites/s0", "sites/s0/helm", "sites/s0/helm/r0"]


def test_after_an_interrupted_write_every_generated_folder_is_checked(tmp_path: Path, monkeypatch) -> None:
    """Its temporaries may be anywhere beside a generated file, and removing them writes there."""
    if not user_xattrs(tmp_path):
        pytest.skip("no user extended attributes here: every in-place write checks every folder")
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    os.setxattr(out, WRITING_ATTRIBUTE, b"1")
    checked = _checked_folders(monkeypatch, out)
    write_tree(out, _files("new"))
    assert len(checked) == RELEASES + 4  # ".", sites, sites/s0, sites/s0/helm and each release
