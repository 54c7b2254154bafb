"""The stamps of incremental recompiles (n5gc/incremental.py): a stale stamp never proves anything.

Each way a stamp could go stale is a test here: the reuse or summary it would prove is refused. The
end-to-end property (an incremental recompile writes the bytes a fresh compile writes) is in
tests/test_incremental_compile.py.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from filesystem import user_xattrs

from n5gc import fastpath, incremental
from n5gc.incremental import AUDIT_ATTRIBUTE, RECIPE_ATTRIBUTE, PreviousTree, Stamps, stamp_files

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
FILES = {"sites/a/ran/ues-g0.yaml": b"kind: Secret\n", "sites/a/helm/r/values.yaml": b"x: 1\n"}
SUMMARY = b'{"v":1}'


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding FILES, every file stamped as rendered by KEY and summarised."""
    if not user_xattrs(tmp_path):
        pytest.skip("this file system has no user extended attributes: nothing is ever reused")
    folder = tmp_path / "out"
    for path, data in FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    stamp_files(folder, FILES, Stamps(dict.fromkeys(FILES, KEY), dict.fromkeys(FILES, SUMMARY)))
    return folder


def _previous(folder: Path) -> PreviousTree:
    previous = PreviousTree.open(folder)
    assert previous is not None
    return previous


def test_a_stamped_file_is_reused_for_its_key_and_path_only(out: Path) -> None:
    previous = _previous(out)
    paths = tuple(FILES)
    assert previous.reuse(KEY, paths) == FILES
    assert previous.recipes_proven == set(FILES)
    assert _previous(out).reuse(OTHER_KEY, paths) is None
    # The stamp of one path does not prove another path's bytes, even identical ones.
    (out / "sites/a/ran/ues-g1.yaml").write_bytes(FILES["sites/a/ran/ues-g0.yaml"])
    stamp = os.getxattr(out / "sites/a/ran/ues-g0.yaml", RECIPE_ATTRIBUTE)
    os.setxattr(out / "sites/a/ran/ues-g1.yaml", RECIPE_ATTRIBUTE, stamp)
    assert _previous(out).reuse(KEY, ("sites/a/ran/ues-g1.yaml",)) is None


def test_one_uncertain_path_refuses_the_whole_recipe(out: Path) -> None:
    (out / "sites/a/helm/r/values.yaml").write_bytes(b"x: 2\n")  # a new inode: no stamp
    previous = _previous(out)
    assert previous.reuse(KEY, tuple(FILES)) is None
    assert previous.recipes_proven == set()
    assert _previous(out).reuse(KEY, (*FILES, "sites/a/missing.yaml")) is None


def test_an_edit_in_place_keeps_the_attribute_but_not_the_proof(out: Path) -> None:
    path = out / "sites/a/ran/ues-g0.yaml"
    with path.open("r+b") as handle:  # same inode: the attributes stay
        handle.write(b"kind: Secreu")
    assert RECIPE_ATTRIBUTE in os.listxattr(path)
    previous = _previous(out)
    assert previous.reuse(KEY, ("sites/a/ran/ues-g0.yaml",)) is None
    assert previous.summary("sites/a/ran/ues-g0.yaml", path.read_bytes()) is None


def test_another_installation_proves_nothing(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpath, "environment_digest", lambda: "another n5gc or library version")
    previous = _previous(out)
    assert previous.reuse(KEY, tuple(FILES)) is None
    assert previous.summary("sites/a/helm/r/values.yaml", FILES["sites/a/helm/r/values.yaml"]) is None


def test_a_summary_is_proven_for_the_bytes_it_summarises(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    previous = _previous(out)
    assert previous.summary(path, FILES[path]) == SUMMARY
    assert previous.summaries_proven == {path}
    assert _previous(out).summary(path, b"x: 2\n") is None  # other bytes would be written there
    assert _previous(out).summary("sites/a/ran/ues-g0.yaml", FILES[path]) is None


def test_a_tampered_or_damaged_stamp_proves_nothing(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    stored = os.getxattr(out / path, AUDIT_ATTRIBUTE)
    os.setxattr(out / path, AUDIT_ATTRIBUTE, stored.replace(b'"v":1', b'"v":2'))  # binding kept
    assert _previous(out).summary(path, FILES[path]) is None
    os.setxattr(out / path, AUDIT_ATTRIBUTE, b"short")
    assert _previous(out).summary(path, FILES[path]) is None
    recipe = os.getxattr(out / path, RECIPE_ATTRIBUTE)
    os.setxattr(out / path, RECIPE_ATTRIBUTE, recipe[:16] + bytes(32))
    assert _previous(out).reuse(KEY, (path,)) is None
    os.setxattr(out / path, RECIPE_ATTRIBUTE, recipe + b"!")
    assert _previous(out).reuse(KEY, (path,)) is None


def test_links_fifos_and_escapes_are_never_read(out: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(FILES["sites/a/ran/ues-g0.yaml"])
    stamp = os.getxattr(out / "sites/a/ran/ues-g0.yaml", RECIPE_ATTRIBUTE)
    os.setxattr(outside, RECIPE_ATTRIBUTE, stamp)
    (out / "sites/a/ran/ues-g0.yaml").unlink()
    (out / "sites/a/ran/ues-g0.yaml").symlink_to(outside)
    assert _previous(out).reuse(KEY, ("sites/a/ran/ues-g0.yaml",)) is None
    (out / "sites/a/ran").rename(out / "sites/a/ran-real")
    (out / "sites/a/ran").symlink_to(out / "sites/a/ran-real")  # a link on the way
    assert _previous(out).reuse(KEY, ("sites/a/ran/ues-g0.yaml",)) is None
    os.mkfifo(out / "sites/a/fifo.yaml")
    assert _previous(out).reuse(KEY, ("sites/a/fifo.yaml",)) is None  # returns: nothing blocks
    assert _previous(out).reuse(KEY, ("../outside.yaml",)) is None
    assert _previous(out).reuse(KEY, ("/etc/passwd",)) is None


def test_no_folder_no_previous_tree(tmp_path: Path) -> None:
    assert PreviousTree.open(tmp_path / "absent") is None
    (tmp_path / "file").write_bytes(b"")
    assert PreviousTree.open(tmp_path / "file") is None


def test_stamping_never_fails_a_compile(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(*args: object) -> None:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(incremental.os, "setxattr", unsupported)
    stamp_files(out, FILES, Stamps(dict.fromkeys(FILES, OTHER_KEY), {}))  # no exception
    stamp_files(out.parent / "absent", FILES, Stamps(dict.fromkeys(FILES, OTHER_KEY), {}))


def test_a_file_that_changed_before_stamping_is_not_proven(out: Path) -> None:
    """The stamp binds the bytes the compile meant to write: if the disk holds others, it proves nothing."""
    path = "sites/a/helm/r/values.yaml"
    (out / path).write_bytes(b"x: 3\n")  # someone else's bytes, after the write, before the stamp
    stamp_files(out, FILES, Stamps({path: OTHER_KEY}, {path: SUMMARY}))
    assert _previous(out).reuse(OTHER_KEY, (path,)) is None
    assert _previous(out).summary(path, b"x: 3\n") is None


def test_large_summaries_are_not_stored(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    big = b"{" + b" " * incremental.MAX_SUMMARY_BYTES + b"}"
    (out / path).write_bytes(b"x: 4\n")  # same inode: the old stamp stays until replaced
    stamp_files(out, {path: b"x: 4\n"}, Stamps({}, {path: big}))
    assert AUDIT_ATTRIBUTE not in os.listxattr(out / path)


def test_salts_differ_between_compiles(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    first = os.getxattr(out / path, RECIPE_ATTRIBUTE)
    stamp_files(out, FILES, Stamps({path: KEY}, {}))
    second = os.getxattr(out / path, RECIPE_ATTRIBUTE)
    assert first[:16] != second[:16] and first != second
    assert _previous(out).reuse(KEY, (path,)) == {path: FILES[path]}


def test_only_keeps_the_named_paths() -> None:
    stamps = Stamps({"a": KEY, "b": KEY}, {"a": SUMMARY, "c": SUMMARY})
    assert stamps.only({"a"}) == Stamps({"a": KEY}, {"a": SUMMARY})
    assert stamps.only(set()).empty
