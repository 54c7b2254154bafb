"""emit: lock file, ownership, prune, --check drift, no-op recompile, person's files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from n5gc import __version__
from n5gc.emit import LOCK_FILE, drift, owned_files, tree_files, write_tree
from n5gc.targets.base import Artifact

NS = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}


def _files(*names: str, inputs=(("net.yaml", b"a"),)) -> dict[str, bytes]:
    return tree_files(
        [Artifact(n, (dict(NS, metadata={"name": n.split("/")[-1].split(".")[0]}),)) for n in names],
        list(inputs),
    )


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_lock_lists_owned_files_with_hashes_version_and_input_digest(tmp_path):
    files = _files("a.yaml", "sites/s/b.yaml")
    lock = json.loads(files[LOCK_FILE])
    assert set(lock["files"]) == {"a.yaml", "sites/s/b.yaml"}
    assert lock["n5gc"] == __version__
    assert lock["inputs"]["files"] == ["net.yaml"] and len(lock["inputs"]["sha256"]) == 64
    assert _files("a.yaml", inputs=(("net.yaml", b"b"),))[LOCK_FILE] != _files("a.yaml")[LOCK_FILE]


def test_write_creates_the_tree_and_check_is_clean(tmp_path):
    out = tmp_path / "out" / "net"
    files = _files("a.yaml", "sites/s/b.yaml")
    changes = write_tree(out, files).drift
    assert sorted(changes.missing) == sorted(files)
    assert {p: (out / p).read_bytes() for p in files} == files
    assert drift(out, files).clean


def test_noop_recompile_touches_no_file(tmp_path):
    out = tmp_path / "net"
    files = _files("a.yaml", "sites/s/b.yaml")
    write_tree(out, files)
    before = _snapshot(out)
    changes = write_tree(out, files).drift
    assert changes.clean
    assert _snapshot(out) == before


def test_unchanged_files_keep_inode_and_mtime_when_others_change(tmp_path):
    out = tmp_path / "net"
    write_tree(out, _files("a.yaml", "b.yaml"))
    before = _snapshot(out)
    write_tree(out, _files("a.yaml", "c.yaml"))
    after = _snapshot(out)
    assert after["a.yaml"] == before["a.yaml"]
    assert "b.yaml" not in after and "c.yaml" in after


def test_prune_removes_only_owned_files_and_keeps_a_persons_files(tmp_path):
    out = tmp_path / "net"
    write_tree(out, _files("a.yaml", "sites/s/b.yaml"))
    (out / "NOTES.md").write_text("mine")
    (out / "sites" / "s" / "local.yaml").write_text("mine too")
    (out / "empty-mine").mkdir()
    write_tree(out, _files("a.yaml"))
    assert (out / "NOTES.md").read_text() == "mine"
    assert (out / "sites" / "s" / "local.yaml").read_text() == "mine too"
    assert (out / "empty-mine").is_dir()
    assert not (out / "sites" / "s" / "b.yaml").exists()
    assert owned_files(out) == {"a.yaml", LOCK_FILE}


def test_a_persons_file_with_an_owned_name_is_never_claimed_without_a_lock(tmp_path):
    out = tmp_path / "net"
    out.mkdir()
    (out / "extra.yaml").write_text("mine")
    write_tree(out, _files("a.yaml"))
    write_tree(out, _files("b.yaml"))
    assert (out / "extra.yaml").read_text() == "mine"


def test_drift_reports_stale_missing_and_extra(tmp_path):
    out = tmp_path / "net"
    write_tree(out, _files("a.yaml", "b.yaml"))
    (out / "a.yaml").write_text("edited")
    wanted = _files("a.yaml", "c.yaml")
    result = drift(out, wanted)
    assert result.stale == ["a.yaml", LOCK_FILE]
    assert result.missing == ["c.yaml"]
    assert result.extra == ["b.yaml"]
    assert any("b.yaml: extra" in line for line in result.lines("out/net"))


def test_in_place_fallback_for_a_git_work_tree_root(tmp_path):
    out = tmp_path / "repo"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    write_tree(out, _files("a.yaml"))
    write_tree(out, _files("b.yaml"))
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (out / "a.yaml").exists() and (out / "b.yaml").exists()
    assert not [p for p in out.iterdir() if ".n5gc-new-" in p.name]


def test_output_in_working_directory_uses_in_place_writes(tmp_path, monkeypatch):
    out = tmp_path / "net"
    write_tree(out, _files("a.yaml"))
    monkeypatch.chdir(out)
    write_tree(out, _files("a.yaml", "b.yaml"))
    assert (out / "b.yaml").exists() and os.getcwd() == str(out)


def test_leftover_staging_of_a_killed_compile_is_removed(tmp_path):
    out = tmp_path / "net"
    leftover = tmp_path / ".net.n5gc-new-12345"
    leftover.mkdir()
    (leftover / "half.yaml").write_text("x")
    write_tree(out, _files("a.yaml"))
    assert not leftover.exists()


def test_the_lexical_confinement_check_agrees_with_resolving_every_link(tmp_path):
    """survey's `inside(root, entry, kind)` skips realpath when `probe` found no link on the way:
    on every kind of entry it gives the verdict realpath gives (or a stricter one)."""
    from n5gc.emit.paths import inside, probe

    root = tmp_path / "out"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "f.yaml").write_text("x")
    (tmp_path / "victim.txt").write_text("v")
    os.symlink(tmp_path, root / "a" / "up")
    os.symlink(tmp_path / "victim.txt", root / "a" / "v.yaml")
    entries = [
        "a/f.yaml",
        "a/b",
        "a/none/x.yaml",
        "a/up/victim.txt",
        "a/v.yaml",
        "a/../../victim.txt",
        "a/../a/f.yaml",
        "a/b/../../..",
        "none/../../victim.txt",
        "..",
    ]
    for entry in entries:
        kind, _ = probe(root, entry)
        quick, resolved = inside(root, entry, kind), inside(root, entry)
        assert quick == resolved or (not quick and ".." in entry), entry
    assert not inside(root, "a/../../victim.txt", probe(root, "a/../../victim.txt")[0])
