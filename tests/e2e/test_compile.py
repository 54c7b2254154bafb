"""End to end: `n5gc compile` of the reference networks.

Golden tree, determinism, refusal, --check, --commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
N5GC = [sys.executable, "-m", "n5gc"]


def n5gc(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*N5GC, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; SOPS-encrypted files (randomised) as their plaintext (tests/encrypted.py)."""
    from encrypted import comparable

    return comparable(
        {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A copy of the repository's inputs (intents, overlays, n5gc.yaml) without out/."""
    work = tmp_path_factory.mktemp("repo")
    for name in ("examples", "overlays", "n5gc.yaml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    result = n5gc("compile", cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    return work


def test_committed_out_is_up_to_date():
    result = n5gc("compile", "--check")
    assert result.returncode == 0, f"out/ is stale; run `n5gc compile`:\n{result.stdout}{result.stderr}"
    assert "up to date" in result.stdout


def test_golden_tree_equals_committed_out(workspace):
    assert tree(workspace / "out") == tree(REPO / "out")


def test_output_is_identical_across_processes_and_hash_seeds(workspace, tmp_path):
    other = tmp_path / "again"
    shutil.copytree(workspace, other, ignore=shutil.ignore_patterns("out"))
    result = n5gc("compile", cwd=other, env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert tree(other / "out") == tree(workspace / "out")


def test_tree_has_the_documented_layout(workspace):
    files = tree(workspace / "out" / "three-slices")
    assert {"n5gc.lock.json", "README.md", "sites/berlin/kustomization.yaml"} <= set(files)
    releases = {p.split("/")[3] for p in files if p.startswith("sites/berlin/helm/")}
    assert releases == {
        "three-slices-core",
        "three-slices-embb-smf",
        "three-slices-embb-upf1",
        "three-slices-urllc-smf",
        "three-slices-urllc-upf1",
        "three-slices-miot-smf",
        "three-slices-miot-upf1",
    }
    for release in releases:
        assert {
            f"sites/berlin/helm/{release}/values.yaml",
            f"sites/berlin/helm/{release}/release.yaml",
        } <= set(files)


def test_lock_does_not_name_or_hash_the_secrets_file(workspace):
    lock = (workspace / "out" / "three-slices" / "n5gc.lock.json").read_text()
    assert "secrets" not in lock
    assert "examples/three-slices.yaml" in lock and "overlays/lab/three-slices.yaml" in lock


def test_errors_create_no_output_and_change_no_file(tmp_path):
    broken = tmp_path / "net.yaml"
    broken.write_text((REPO / "examples" / "lab.yaml").read_text().replace('sd: "000001"', 'sd: "1"'))
    shutil.copy(REPO / "examples" / "lab.secrets.yaml", tmp_path / "net.secrets.yaml")
    result = n5gc("compile", "net.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "net.yaml:" in result.stdout and "N5G104" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.secrets.yaml", "net.yaml"]
    # With an existing tree: errors leave every byte and mtime as it was.
    good = tmp_path / "good.yaml"
    shutil.copy(REPO / "examples" / "lab.yaml", good)
    shutil.copy(REPO / "examples" / "lab.secrets.yaml", tmp_path / "good.secrets.yaml")
    assert n5gc("compile", "good.yaml", "-o", "out", cwd=tmp_path).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}
    good.write_text(good.read_text().replace('sd: "000001"', 'sd: "1"'))
    assert n5gc("compile", "good.yaml", "-o", "out", cwd=tmp_path).returncode == 1
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")} == before


def test_compile_without_secrets_is_a_clear_error(tmp_path):
    shutil.copy(REPO / "examples" / "lab.yaml", tmp_path / "net.yaml")
    result = n5gc("compile", "net.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "N5G208" in result.stdout and "--secrets" in result.stdout
    assert not (tmp_path / "out").exists()


def test_check_lists_stale_missing_and_extra_then_compile_fixes(workspace, tmp_path):
    work = tmp_path / "w"
    shutil.copytree(workspace, work)
    out = work / "out" / "lab"
    (out / "README.md").write_text("edited by hand")
    (out / "sites" / "lab" / "namespaces.yaml").unlink()
    (out / "mine.txt").write_text("a person's file")
    result = n5gc("compile", "--check", cwd=work)
    assert result.returncode == 1
    assert "out/lab/README.md: stale" in result.stdout
    assert "out/lab/sites/lab/namespaces.yaml: missing" in result.stdout
    assert "mine.txt" not in result.stdout
    assert n5gc("compile", cwd=work).returncode == 0
    assert n5gc("compile", "--check", cwd=work).returncode == 0
    assert (out / "mine.txt").read_text() == "a person's file"


def test_commit_records_the_tree_with_intent_and_version(workspace, tmp_path):
    work = tmp_path / "git"
    shutil.copytree(workspace, work, ignore=shutil.ignore_patterns("out"))
    git = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=work, check=True)
    result = n5gc("compile", "--commit", cwd=work, env=git)
    assert result.returncode == 0, result.stderr
    log = subprocess.run(
        ["git", "log", "-1", "--format=%B", "--name-only"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "examples/three-slices.yaml" in log and "n5gc 0." in log and "out/lab/n5gc.lock.json" in log
    again = n5gc("compile", "--commit", cwd=work, env=git)
    assert again.returncode == 0 and "nothing to commit" in again.stdout
