"""Writes reach the disk by flushing the output's own file system (`Tree.flush`: one `syncfs` per file
system the write's folders are on), never by `os.sync()` of the whole machine where `syncfs` exists,
and a write-back error is reported as the environment's problem with the old tree kept."""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

import pytest

from n5gc.diagnostics import InputError
from n5gc.emit import LOCK_FILE, tree_files, write_tree
from n5gc.emit import paths as emit_paths

RELEASES = 150  # one changed file of these is a small change: written in place


def _files(version: str) -> dict[str, bytes]:
    serialised = {
        f"sites/s0/helm/r{i}/values.yaml": f"release: {i}\nv: {version if i == 0 else 'same'}\n".encode()
        for i in range(RELEASES)
    }
    return tree_files(serialised, [("net.yaml", b"spec: {}\n")])


def _on_disk(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _recording_syncfs(monkeypatch: pytest.MonkeyPatch, result: int = 0, code: int = 0) -> list[int]:
    """Replace the C library's syncfs by one that records the file systems it is asked to flush
    (as device numbers of the descriptors) and answers `result` with errno `code`."""
    real = emit_paths._syncfs()
    assert real is not None, "this test runs where the C library has syncfs (Linux, glibc)"
    devices: list[int] = []

    def syncfs(fd: int) -> int:
        devices.append(os.fstat(fd).st_dev)
        if result:
            ctypes.set_errno(code)
            return result
        return real(fd)

    monkeypatch.setattr(emit_paths, "_syncfs", lambda: syncfs)
    return devices


def _machine_sync_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def machine_sync() -> None:
        raise AssertionError("os.sync() flushed the whole machine")

    monkeypatch.setattr(os, "sync", machine_sync)


def test_the_real_syncfs_is_found_and_flushes_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"data")
    assert emit_paths._syncfs() is not None, "no syncfs in libc: every write would sync the machine"
    with emit_paths.Tree(tmp_path) as tree:
        tree.flush()  # the real call: returns without error


@pytest.mark.parametrize("in_place", [True, False], ids=["in place", "swapped"])
def test_a_write_flushes_its_own_file_system_not_the_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    new = _files("new")
    if not in_place:  # every file changed: assembled aside and swapped in
        changed = {path: data + b"# all\n" for path, data in new.items() if path != LOCK_FILE}
        new = tree_files(changed, [("net.yaml", b"spec: {}\n")])
    devices = _recording_syncfs(monkeypatch)
    _machine_sync_refused(monkeypatch)
    write_tree(out, new)
    # in place: the new files before the renames, the renames before the lock; swapped: the new tree
    assert devices == [os.stat(tmp_path).st_dev] * (2 if in_place else 1)
    assert _on_disk(out) == new


def test_without_syncfs_the_machine_is_flushed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    syncs: list[str] = []
    monkeypatch.setattr(emit_paths, "_syncfs", lambda: None)
    monkeypatch.setattr(os, "sync", lambda: syncs.append("os.sync"))
    write_tree(out, _files("new"))
    assert len(syncs) == 2
    assert _on_disk(out) == _files("new")


def test_a_write_back_error_is_the_environments_problem_and_the_old_tree_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "net"
    old = _files("old")
    write_tree(out, old)
    _recording_syncfs(monkeypatch, result=-1, code=errno.EIO)
    with pytest.raises(InputError) as raised:
        write_tree(out, _files("new"))
    assert "Input/output error" in str(raised.value.diagnostics[0].message)
    assert _on_disk(out) == old, "the old tree changed or a temporary was left"
