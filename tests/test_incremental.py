"""The stamps of incremental recompiles (n5gc/incremental.py): a stale stamp never proves anything.

Each way a stamp could go stale is a test here: the reuse or summary it would prove is refused. The
end-to-end property (an incremental recompile writes the bytes a fresh compile writes) is in
tests/test_incremental_compile.py.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from filesystem import user_xattrs

from n5gc import fastpath, incremental
from n5gc.incremental import (
    LEGACY_ATTRIBUTES,
    STAMP_ATTRIBUTE,
    PreviousTree,
    Stamps,
    stamp_files,
    stamp_value,
)

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
    stamp = os.getxattr(out / "sites/a/ran/ues-g0.yaml", STAMP_ATTRIBUTE)
    os.setxattr(out / "sites/a/ran/ues-g1.yaml", STAMP_ATTRIBUTE, stamp)
    assert _previous(out).reuse(KEY, ("sites/a/ran/ues-g1.yaml",)) is None
    assert _previous(out).summary("sites/a/ran/ues-g1.yaml", FILES["sites/a/ran/ues-g0.yaml"]) is None


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
    assert STAMP_ATTRIBUTE in os.listxattr(path)
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


def _refused(out: Path, path: str, stamp: bytes) -> bool:
    """Whether the file at `path` carrying `stamp` proves neither its recipe nor its summary."""
    os.setxattr(out / path, STAMP_ATTRIBUTE, stamp)
    previous = _previous(out)
    return previous.reuse(KEY, (path,)) is None and previous.summary(path, FILES[path]) is None


def test_a_tampered_or_damaged_stamp_proves_nothing(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    stored = os.getxattr(out / path, STAMP_ATTRIBUTE)
    assert not _refused(out, path, stored)  # the stamp as written proves both
    assert _refused(out, path, stored.replace(b'"v":1', b'"v":2'))  # the summary, binding kept
    assert _refused(out, path, stored + b"!")
    assert _refused(out, path, stored[:-1])
    assert _refused(out, path, b"short")
    assert _refused(out, path, b"")
    for at in range(len(stored) - len(SUMMARY)):  # each byte of format, flags, salt, tag, binding
        flipped = bytearray(stored)
        flipped[at] ^= 0x01
        os.setxattr(out / path, STAMP_ATTRIBUTE, bytes(flipped))
        previous = _previous(out)
        assert previous.reuse(KEY, (path,)) is None, at
        # The salt and the tag prove the recipe only: the binding alone proves the summary.
        assert (previous.summary(path, FILES[path]) is None) is (at not in range(2, 50)), at


def test_the_summary_proof_holds_without_the_key(out: Path) -> None:
    """The binding alone proves the summary: a recipe that renders the same bytes under another key
    (or a file rendered outside recipes) still gets its summary from the stamp."""
    path = "sites/a/helm/r/values.yaml"
    previous = _previous(out)
    assert previous.reuse(OTHER_KEY, (path,)) is None
    assert previous.summary(path, FILES[path]) == SUMMARY
    stamp_files(out, FILES, Stamps({}, {path: SUMMARY}))  # no recipe: no tag
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) is None
    assert previous.summary(path, FILES[path]) == SUMMARY


def test_a_forged_tag_over_a_valid_binding_proves_no_recipe(out: Path) -> None:
    """The binding can be computed by anyone who can read the installation; the tag needs the key."""
    path = "sites/a/helm/r/values.yaml"
    stored = os.getxattr(out / path, STAMP_ATTRIBUTE)
    no_recipe = stamp_value(bytes(16), None, path, hashlib.sha256(FILES[path]).digest(), SUMMARY)
    forged = no_recipe[:1] + bytes((no_recipe[1] | incremental.HAS_RECIPE,)) + stored[2:50] + no_recipe[50:]
    for stamp in (forged, stored[:18] + bytes(32) + stored[50:]):
        os.setxattr(out / path, STAMP_ATTRIBUTE, stamp)
        previous = _previous(out)
        assert previous.reuse(KEY, (path,)) is None
        assert previous.summary(path, FILES[path]) == (SUMMARY if stamp is not forged else None)


def test_stamps_of_earlier_versions_prove_nothing(out: Path) -> None:
    """The two attributes of the format before this one stay on unchanged files: never read."""
    path = "sites/a/helm/r/values.yaml"
    stored = os.getxattr(out / path, STAMP_ATTRIBUTE)
    os.removexattr(out / path, STAMP_ATTRIBUTE)
    for legacy in LEGACY_ATTRIBUTES:
        os.setxattr(out / path, legacy, stored)
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) is None and previous.summary(path, FILES[path]) is None
    assert _refused(out, path, bytes((1,)) + stored[1:])  # another format byte


def test_a_stamp_that_does_not_fit_beside_old_attributes_replaces_them(out: Path) -> None:
    """ext4 keeps every attribute of a file in one block: the legacy ones give way to the stamp."""
    path = "sites/a/helm/r/values.yaml"
    os.removexattr(out / path, STAMP_ATTRIBUTE)
    try:
        for legacy in LEGACY_ATTRIBUTES:
            os.setxattr(out / path, legacy, b"o" * 1900)
    except OSError:
        pytest.skip("this file system does not keep two 1,900-byte attributes on a file")
    summary = b'{"v":"' + b"s" * 3000 + b'"}'
    try:
        os.setxattr(out / path, "user.n5gc.probe", b"p" * 3200)
        os.removexattr(out / path, "user.n5gc.probe")
        pytest.skip("this file system has room for the stamp beside the old attributes")
    except OSError:
        pass
    stamp_files(out, FILES, Stamps({path: KEY}, {path: summary}))
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) == {path: FILES[path]}
    assert previous.summary(path, FILES[path]) == summary


def test_links_fifos_and_escapes_are_never_read(out: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(FILES["sites/a/ran/ues-g0.yaml"])
    stamp = os.getxattr(out / "sites/a/ran/ues-g0.yaml", STAMP_ATTRIBUTE)
    os.setxattr(outside, STAMP_ATTRIBUTE, stamp)
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
    stamp_files(out, {path: b"x: 4\n"}, Stamps({path: KEY}, {path: big}))
    assert big not in os.getxattr(out / path, STAMP_ATTRIBUTE)
    previous = _previous(out)
    assert previous.summary(path, b"x: 4\n") is None  # not stored: made again from the bytes
    assert previous.reuse(KEY, (path,)) == {path: b"x: 4\n"}  # the recipe still proven


def test_salts_differ_between_compiles(out: Path) -> None:
    path = "sites/a/helm/r/values.yaml"
    first = os.getxattr(out / path, STAMP_ATTRIBUTE)
    stamp_files(out, FILES, Stamps({path: KEY}, {}))
    second = os.getxattr(out / path, STAMP_ATTRIBUTE)
    assert first[2:18] != second[2:18] and first != second
    assert _previous(out).reuse(KEY, (path,)) == {path: FILES[path]}


def test_only_keeps_the_named_paths() -> None:
    stamps = Stamps({"a": KEY, "b": KEY}, {"a": SUMMARY, "c": SUMMARY})
    assert stamps.only({"a"}) == Stamps({"a": KEY}, {"a": SUMMARY})
    assert stamps.only(set()).empty


def test_the_stamp_reads_the_same_without_libc(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where libc's fgetxattr cannot be had, os.getxattr reads the stamp: the same proofs."""
    path = "sites/a/helm/r/values.yaml"
    monkeypatch.setattr(incremental, "_libc_getxattr", lambda: None)
    previous = _previous(out)
    assert previous.reuse(KEY, tuple(FILES)) == FILES
    assert previous.summary(path, FILES[path]) == SUMMARY
    assert _previous(out).reuse(OTHER_KEY, tuple(FILES)) is None
    os.removexattr(out / path, STAMP_ATTRIBUTE)
    assert _previous(out).summary(path, FILES[path]) is None


def test_libc_is_asked_only_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other systems' fgetxattr takes other arguments (macOS: a position and options): never called there."""
    incremental._libc_getxattr.cache_clear()
    monkeypatch.setattr(incremental.sys, "platform", "darwin")
    try:
        assert incremental._libc_getxattr() is None
    finally:
        incremental._libc_getxattr.cache_clear()
    monkeypatch.setattr(incremental.sys, "platform", "linux")
    assert incremental._libc_getxattr() is not None
    incremental._libc_getxattr.cache_clear()


def test_a_value_larger_than_the_buffer_is_no_stamp(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "_BUFFER_BYTES", incremental.SUMMARY_AT)  # the summary does not fit
    previous = _previous(out)
    assert previous.reuse(KEY, tuple(FILES)) is None
    assert previous.summary("sites/a/helm/r/values.yaml", FILES["sites/a/helm/r/values.yaml"]) is None


def test_a_file_larger_than_one_read_is_read_whole(out: Path) -> None:
    path = "sites/a/helm/big/values.yaml"
    data = b"".join(b"k%06d: %s\n" % (i, b"v" * 40) for i in range(3000))  # ~150 KB
    assert len(data) > 2 * incremental._FIRST_READ
    (out / path).parent.mkdir(parents=True)
    (out / path).write_bytes(data)
    stamp_files(out, {path: data}, Stamps({path: KEY}, {path: SUMMARY}))
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) == {path: data}
    assert previous.close() == {path: data}


def test_a_folder_carrying_a_stamp_is_never_read(out: Path) -> None:
    """The stamp is read before the file's type is looked at: only a regular file or a folder can
    have one, and a folder is never taken for a file."""
    path = "sites/a/ran/ues-g0.yaml"
    stamp = os.getxattr(out / path, STAMP_ATTRIBUTE)
    (out / path).unlink()
    (out / path).mkdir()
    os.setxattr(out / path, STAMP_ATTRIBUTE, stamp)
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) is None
    assert previous.summary(path, FILES[path]) is None
    assert previous.close() == {}


@pytest.fixture(params=["openat2", "walk"])
def opening(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Files opened in one openat2 call where the system has it, else folder by folder: both ways."""
    if request.param == "walk":
        monkeypatch.setattr(incremental, "_libc_syscall", lambda: None)
    elif incremental._libc_syscall() is None:
        pytest.skip("no openat2 here (not Linux on x86_64 or aarch64): the folders are walked")
    return str(request.param)


def test_a_link_on_the_way_never_reaches_a_stamped_file(out: Path, opening: str) -> None:
    """The stamp binds the path, not where the bytes are: a link on the way (here inside the output
    folder, which openat2's RESOLVE_BENEATH alone would allow) must not lead to a stamped file."""
    path = "sites/a/ran/ues-g0.yaml"
    assert _previous(out).reuse(KEY, (path,)) == {path: FILES[path]}
    (out / "sites/a/ran").rename(out / "moved")  # the stamped file, its stamp kept (same inode)
    (out / "sites/a/ran").symlink_to("../../moved")
    previous = _previous(out)
    assert previous.reuse(KEY, (path,)) is None
    assert previous.summary(path, FILES[path]) is None
    assert previous.close() == {}
    (out / "sites/a/ran").unlink()
    (out / "sites/a/ran").mkdir()
    (out / path).symlink_to("../../../moved/ues-g0.yaml")  # the file itself a link
    assert _previous(out).reuse(KEY, (path,)) is None
    assert _previous(out).reuse(KEY, ("moved/ues-g0.yaml",)) is None  # its own path: another binding


def test_an_unclean_path_is_never_opened(out: Path, opening: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path n5gc never writes is refused before any open, also in a folder already open."""
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda name, *a, **k: opened.append(str(name)) or real_open(name, *a, **k)
    )
    previous = _previous(out)
    assert previous.reuse(KEY, ("sites/a/ran/ues-g0.yaml",)) is not None  # the folder is open now
    if previous._opener:
        real = previous._opener
        previous._opener = lambda path: opened.append(path) or real(path)  # type: ignore[misc]
    for odd in ("sites/a/ran/..", "sites/a/ran/.", "sites/a/ran/", "sites/a/ran/x\\y", "sites/a/ran/x\0y"):
        assert previous.reuse(KEY, (odd,)) is None
        assert previous.summary(odd, b"") is None
    for odd in ("sites/a/./ran/ues-g0.yaml", "sites/a/ran/../ran/ues-g0.yaml", "/sites/a/ran/ues-g0.yaml"):
        assert previous.reuse(KEY, (odd,)) is None
    assert not [
        name for name in opened if name.split("/")[-1] in ("..", ".", "") or "\\" in name or "./" in name
    ]


def test_a_system_refusing_openat2_walks_the_folders(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where openat2 answers that it cannot be used (ENOSYS on an older kernel, EPERM in a sandbox),
    the files are opened folder by folder: the same proofs."""

    def refused(root: int) -> object:
        def open_beneath(path: str) -> int:
            raise incremental._Unusable(errno.ENOSYS)

        return open_beneath

    monkeypatch.setattr(incremental, "_beneath", refused)
    previous = _previous(out)
    assert previous.reuse(KEY, tuple(FILES)) == FILES
    assert previous._walking
    assert previous.summary("sites/a/helm/r/values.yaml", FILES["sites/a/helm/r/values.yaml"]) == SUMMARY
