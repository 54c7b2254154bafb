"""A compile killed mid-write leaves the old tree or the new one, never a mix."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

# Writes the "new" tree slowly (a pause per file) so that SIGKILL lands inside the write.
CHILD = r"""
import sys, time
import n5gc.emit as emit
from n5gc.targets.base import Artifact
slow = emit._write_file
def write(target, data):
    time.sleep(0.004)
    slow(target, data)
emit._write_file = write
version = sys.argv[2]
files = emit.tree_files([Artifact(f"sites/s/f{i:03d}.yaml", ({"v": version, "i": i},), schema="none")
                         for i in range(60)], [("net.yaml", version.encode())])
print("ready", flush=True)
emit.write_tree(emit.Path(sys.argv[1]), files)
print("done", flush=True)
"""


def _tree_state(out: Path) -> str:
    """'old', 'new', or 'mixed' (files disagree with the lock, or versions mix)."""
    lock = json.loads((out / "n5gc.lock.json").read_text())
    versions = set()
    for path, digest in lock["files"].items():
        data = (out / path).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            return "mixed"
        versions.add("new" if b"v: new" in data else "old")
    owned = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {
        "n5gc.lock.json",
        "mine.txt",
    }
    if owned != set(lock["files"]) or len(versions) != 1:
        return "mixed"
    return versions.pop()


def _compile(out: Path, version: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out), version], stdout=subprocess.PIPE, text=True
    )


def test_kill_mid_write_leaves_a_whole_tree(tmp_path):
    out = tmp_path / "net"
    assert _compile(out, "old").wait() == 0
    (out / "mine.txt").write_text("a person's file")
    rng = random.Random(7)
    seen = set()
    for _ in range(8):
        child = _compile(out, "new" if rng.random() < 0.5 else "old")
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.35))
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = _tree_state(out)
        assert state in ("old", "new"), "the tree mixes two compiles"
        assert (out / "mine.txt").read_text() == "a person's file"
        seen.add(state)
    # A clean run afterwards cleans up the staging folder the killed runs left.
    assert _compile(out, "new").wait() == 0
    assert _tree_state(out) == "new"
    assert not list(tmp_path.glob(".net.n5gc-new-*"))
