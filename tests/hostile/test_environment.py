"""Issue 8 item 11: the user's environment (read-only folder, full disk, long names, a damaged
lock, NUL in n5gc.yaml) is exit 1 with a clear N5G7xx/N5G011 message, never "a bug in n5gc":
nothing half-written, no staging folder left, the old tree byte-identical.

Real file systems where the machine allows it (a tmpfs mounted read-only or nearly full needs
root); an injected OSError at the write otherwise, so the path is always tested.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "emit"))
from helpers import leftovers, network, run, snapshot

LOCK = "n5gc.lock.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    network(root / "examples")
    monkeypatch.chdir(root)
    return root


def _compile(capsys: pytest.CaptureFixture[str], out: str = "out/lab", *extra: str):
    return run(capsys, "compile", "examples/network.yaml", "-o", out, *extra)


def _change_intent(repo: Path) -> None:
    intent = repo / "examples" / "network.yaml"
    intent.write_text(intent.read_text().replace("name: net\n", "name: net2\n", 1))


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs (root only); unmounted afterwards."""
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _inject(monkeypatch: pytest.MonkeyPatch, code: int, after: int = 3) -> None:
    """Make the `after`-th file n5gc writes fail with errno `code` (others are written)."""
    import n5gc.emit.paths

    real = n5gc.emit.paths._write_new
    count = [0]

    def failing(folder: int, name: str, data: bytes) -> None:
        count[0] += 1
        if count[0] == after:
            raise OSError(code, __import__("os").strerror(code), name)
        real(folder, name, data)

    monkeypatch.setattr(n5gc.emit.paths, "_write_new", failing)


def _assert_refused(result, code: str, repo: Path, before: dict, words: str) -> None:
    assert result.code == 1, result.out + result.err
    assert code in result.out and words in result.out.lower(), result.out
    assert "internal error" not in result.err
    assert snapshot(repo / "out") == before
    assert not leftovers(repo)


@pytest.mark.parametrize(
    ("code", "diagnostic", "words"),
    [(errno.ENOSPC, "N5G708", "disk is full"), (errno.EROFS, "N5G707", "read-only")],
)
def test_item11_a_failing_write_leaves_the_old_tree_and_no_staging(
    repo, capsys, monkeypatch, code, diagnostic, words
):
    assert _compile(capsys).code == 0
    before = snapshot(repo / "out")
    _change_intent(repo)
    _inject(monkeypatch, code)
    _assert_refused(_compile(capsys), diagnostic, repo, before, words)


def test_item11_a_failing_write_in_place_removes_its_temporaries(repo, capsys, monkeypatch):
    (repo / "out" / "lab" / ".git").mkdir(parents=True)  # a Git root: files are replaced one by one
    assert _compile(capsys).code == 0
    before = snapshot(repo / "out")
    _change_intent(repo)
    _inject(monkeypatch, errno.ENOSPC)
    _assert_refused(_compile(capsys), "N5G708", repo, before, "disk is full")


def test_item11_a_full_tmpfs(repo, tmpfs, capsys):
    out = tmpfs / "lab"
    assert _compile(capsys, str(out)).code == 0
    before = snapshot(out)
    filler = tmpfs / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True, check=False)
    _change_intent(repo)
    result = _compile(capsys, str(out))
    filler.unlink()
    assert result.code == 1 and "N5G708" in result.out, result.out + result.err
    assert snapshot(out) == before
    assert not leftovers(tmpfs)


def test_item11_a_read_only_tmpfs(repo, tmpfs, capsys):
    out = tmpfs / "lab"
    assert _compile(capsys, str(out)).code == 0
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    _change_intent(repo)
    result = _compile(capsys, str(out))
    assert result.code == 1 and "N5G707" in result.out and "read-only" in result.out.lower(), (
        result.out + result.err
    )
    assert snapshot(out) == before


@pytest.mark.parametrize("length", [250, 300])
def test_item11_a_file_name_too_long(repo, capsys, length):
    result = _compile(capsys, "out/" + "x" * length)
    assert result.code == 1, result.out + result.err
    assert "N5G709" in result.out and "too long" in result.out
    assert not (repo / "out").exists()


@pytest.mark.parametrize("length", [250, 300])
def test_item11_a_file_name_too_long_below_an_existing_folder(repo, capsys, length):
    """The parent exists, so the long name itself is looked up (ENAMETOOLONG, not ENOENT): still
    N5G709 and exit 1, never an internal error from looking for the repository root."""
    (repo / "out").mkdir()
    (repo / "out" / "keep.txt").write_text("a person's file\n")
    before = snapshot(repo / "out")
    result = _compile(capsys, "out/" + "x" * length)
    assert result.code == 1, result.out + result.err
    assert "N5G709" in result.out and "too long" in result.out
    assert snapshot(repo / "out") == before


@pytest.mark.parametrize(
    "files", ["null", "5", '[["a"]]', '"x"', None], ids=["null", "5", "list", "str", "not-json"]
)
def test_item11_a_damaged_lock_is_exit_1_and_changes_nothing_until_adopt(repo, capsys, files):
    assert _compile(capsys).code == 0
    lock = repo / "out" / "lab" / LOCK
    lock.write_text('{"files": ' + files + "}" if files else "{not json")
    (repo / "out" / "lab" / "mine.yaml").write_text("a person's file\n")
    before = snapshot(repo / "out")
    _change_intent(repo)
    result = _compile(capsys)
    assert result.code == 1 and "N5G706" in result.out and "out/lab/n5gc.lock.json" in result.out
    assert "--adopt" in result.out
    assert snapshot(repo / "out") == before
    adopted = _compile(capsys, "out/lab", "--adopt")
    assert adopted.code == 0, adopted.out + adopted.err
    assert (repo / "out" / "lab" / "mine.yaml").read_text() == "a person's file\n"
    assert isinstance(json.loads(lock.read_text())["files"], dict)


def test_item11_a_lock_path_that_is_a_folder(repo, capsys):
    assert _compile(capsys).code == 0
    lock = repo / "out" / "lab" / LOCK
    lock.unlink()
    lock.mkdir()
    (lock / "inside.txt").write_text("a person's file\n")
    before = snapshot(repo / "out")
    result = _compile(capsys)
    assert result.code == 1 and "N5G704" in result.out and "n5gc.lock.json" in result.out
    assert snapshot(repo / "out") == before
    assert not leftovers(repo)


@pytest.mark.parametrize("field", ["intent", "output"])
def test_item11_nul_in_a_n5gc_yaml_path(repo, capsys, field):
    paths = {"intent": "examples/network.yaml", "output": "out/lab"}
    paths[field] = paths[field].replace("/", "/\\0", 1)
    (repo / "n5gc.yaml").write_text(
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks:\n"
        f'  - intent: "{paths["intent"]}"\n    output: "{paths["output"]}"\n'
    )
    result = run(capsys, "compile")
    line = 4 if field == "intent" else 5
    assert result.code == 1 and f"n5gc.yaml:{line}:" in result.out and "N5G011" in result.out, result.out
    assert "NUL" in result.out
    assert not (repo / "out").exists()
