"""A compile killed at any point leaves the old tree or the new one, never a mix, never none.

The writer runs in a forked child that is killed right after its N-th file-system change, for every
N from the first change to the last (see helpers.crash_at): no random sleeps, so a writer that
removes the old tree and then renames the new one in ("rmtree + rename") is caught on every run,
at the step between the two.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import crash_at, leftovers, pause_at

from n5gc.emit import tree_files, write_tree
from n5gc.emit.writer import _remove_stale_staging
from n5gc.targets.base import Artifact


def _files(version: str, count: int = 6) -> dict[str, bytes]:
    """A tree whose every file says which compile wrote it; the new one drops a file and adds two."""
    numbers = range(count) if version == "old" else range(1, count + 2)
    artifacts = [
        Artifact(f"sites/s{i % 2}/f{i:03d}.yaml", ({"v": version, "i": i},), schema="none") for i in numbers
    ]
    return tree_files(artifacts, [("net.yaml", version.encode())])


def _tree_state(out: Path) -> str:
    """'old', 'new', or what is wrong: 'no tree', 'mixed' (files disagree with the lock, versions
    mix, or owned files are missing or left over)."""
    if not (out / "n5gc.lock.json").is_file():
        return "no tree"
    lock = json.loads((out / "n5gc.lock.json").read_text())
    versions = set()
    for path, digest in lock["files"].items():
        target = out / path
        if not target.is_file() or hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            return "mixed"
        versions.add("new" if b"v: new" in target.read_bytes() else "old")
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    if on_disk - {"n5gc.lock.json", "mine.txt", "sites/s0/mine-too.txt"} != set(lock["files"]):
        return "mixed"
    return versions.pop() if len(versions) == 1 else "mixed"


def _old_tree(out: Path) -> None:
    write_tree(out, _files("old"))
    (out / "mine.txt").write_text("a person's file")
    (out / "sites" / "s0" / "mine-too.txt").write_text("another")


def test_a_crash_after_any_change_leaves_the_old_tree_or_the_new_one(tmp_path):
    states = []
    step = 0
    finished = False
    while not finished:
        step += 1
        out = tmp_path / f"crash-{step}" / "net"
        _old_tree(out)
        finished = crash_at(step, lambda out=out: write_tree(out, _files("new")))
        state = _tree_state(out)
        assert state in ("old", "new"), f"killed after change {step}: {state}"
        mine = [out / "mine.txt", out / "sites" / "s0" / "mine-too.txt"]
        assert [p.read_text() if p.is_file() else None for p in mine] == ["a person's file", "another"], (
            f"killed after change {step}: a person's file is gone"
        )
        states.append(state)
        # The next compile finishes the job and removes what the killed one left.
        write_tree(out, _files("new"))
        assert _tree_state(out) == "new"
        assert not leftovers(out.parent), f"killed after change {step}: leftovers"
    assert step > 10, "the write made too few changes to crash in between"
    assert states[0] == "old" and states[-1] == "new", "crashes covered before and after the swap"


def test_a_live_compiles_staging_folder_is_not_taken_for_a_leftover(tmp_path):
    """Item 6 of issue 8: another compile's stale-staging cleanup must spare a live staging folder."""
    out = tmp_path / "net"
    _old_tree(out)
    paused = pause_at(3, lambda: write_tree(out, _files("new")))  # inside the assembly
    try:
        live = [p for p in tmp_path.iterdir() if ".n5gc-new-" in p.name]
        assert live, "the paused compile has a staging folder"
        _remove_stale_staging(out)  # what a second compile does first
        assert all(p.exists() for p in live)
        assert paused.resume() == 0
    finally:
        paused.kill()
    assert _tree_state(out) == "new"
    assert not leftovers(tmp_path)


def test_in_place_a_crash_leaves_whole_files_and_the_next_compile_cleans_up(tmp_path):
    """A Git work tree root is written file by file: after a crash each file holds the old bytes or
    the new ones (never a part), a person's files are intact, and the next compile leaves no
    temporaries."""
    old, new = _files("old"), _files("new")
    step, finished = 0, False
    while not finished:
        step += 1
        out = tmp_path / f"crash-{step}" / "net"
        (out / ".git").mkdir(parents=True)
        _old_tree(out)
        finished = crash_at(step, lambda out=out: write_tree(out, new))
        for path in {*old, *new}:
            data = (out / path).read_bytes() if (out / path).is_file() else None
            assert data in (old.get(path), new.get(path)), f"killed after change {step}: {path} is partial"
        assert (out / "mine.txt").read_text() == "a person's file"
        write_tree(out, new)
        assert _tree_state(out) == "new"
        assert not leftovers(out.parent), f"killed after change {step}: leftovers"
    assert step > 10
