"""Issue 8, the output folder: n5gc owns only what its lock lists inside the output folder.

Each test reproduces a numbered item of issue 8 with a hostile or careless set-up and asserts the
promise: victim files byte-identical, the exit code, a message naming the problem, nothing left
behind (no `.n5gc-new-` staging folder or temporary).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "emit"))
from helpers import leftovers, network, pause_at, run, snapshot

REPO = Path(__file__).resolve().parents[2]
N5GC = [sys.executable, "-m", "n5gc"]
LOCK = "n5gc.lock.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository folder holding a README and examples/network.yaml (+ secrets); cwd is its root."""
    root = tmp_path / "repo"
    network(root / "examples")
    (root / "README.md").write_text("the repository's own README\n")
    monkeypatch.chdir(root)
    return root


def _compiled(capsys: pytest.CaptureFixture[str], out: str = "out/lab", *extra: str) -> Path:
    result = run(capsys, "compile", "examples/network.yaml", "-o", out, *extra)
    assert result.code == 0, result.out + result.err
    return Path(out)


def _config(root: Path, *outputs: str) -> None:
    entries = "".join(f"  - intent: examples/network.yaml\n    output: {json.dumps(o)}\n" for o in outputs)
    (root / "n5gc.yaml").write_text(f"apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks:\n{entries}")


# 1. A tampered lock never deletes (nor lists as extra) anything outside the output folder.
@pytest.mark.parametrize("in_place", [False, True], ids=["swap", "git-root-in-place"])
def test_item1_a_tampered_lock_never_deletes_outside_the_output_folder(repo, tmp_path, capsys, in_place):
    out = repo / "out" / "lab"
    if in_place:
        (out / ".git").mkdir(parents=True)
    _compiled(capsys)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victims = {
        repo / "victim.txt": b"a person's file\n",
        tmp_path / "absolute-victim.txt": b"another\n",
        elsewhere / "victim.txt": b"behind a link\n",
        out / "mine.txt": b"a person's file inside the output folder\n",
    }
    for path, data in victims.items():
        path.write_bytes(data)
    (out / "hop").symlink_to(elsewhere)
    lock = json.loads((out / LOCK).read_text())
    tampered = [
        "../../victim.txt",
        str(tmp_path / "absolute-victim.txt"),
        "hop/victim.txt",
        "sites/../mine.txt",  # resolves inside the folder, but names the person's file through `..`
        "",
        "./x",
        "a//b",
    ]
    lock["files"].update(dict.fromkeys(tampered, "0" * 64))
    (out / LOCK).write_text(json.dumps(lock))

    check = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--check")
    assert "extra" not in check.out, check.out
    assert "N5G705" in check.out + check.err
    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab")
    assert result.code == 0, result.out + result.err
    assert "N5G705" in result.err and "../../victim.txt" in result.err and "hop/victim.txt" in result.err
    assert {p: p.read_bytes() for p in victims} == victims
    assert os.readlink(out / "hop") == str(elsewhere)
    assert not leftovers(repo)


# 2. An existing file as output folder is refused, untouched, nothing hidden beside it.
@pytest.mark.parametrize("target", ["notes.txt", "examples/network.yaml"])
def test_item2_an_existing_file_as_output_is_refused_and_untouched(repo, capsys, target):
    if target == "notes.txt":
        (repo / "notes.txt").write_text("my notes\n")
    before = snapshot(repo)
    result = run(capsys, "compile", "examples/network.yaml", "-o", target)
    assert result.code == 1, result.out + result.err
    assert "N5G702" in result.out and target in result.out
    assert snapshot(repo) == before
    assert not leftovers(repo)


# 3. A symbolic link inside the output folder is never written through, in either write mode.
@pytest.mark.parametrize("in_place", [False, True], ids=["swap", "git-root-in-place"])
def test_item3_a_symlinked_folder_inside_the_output_is_never_written_through(
    repo, tmp_path, capsys, in_place
):
    out = repo / "out" / "lab"
    if in_place:
        (out / ".git").mkdir(parents=True)
    _compiled(capsys)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "net").mkdir(parents=True)
    (elsewhere / "net" / "namespaces.yaml").write_text("a foreign file\n")
    shutil.rmtree(out / "sites")
    (out / "sites").symlink_to(elsewhere)
    (out / LOCK).write_text((out / LOCK).read_text().replace('"net"', '"net2"'))  # make it stale
    before_out, before_elsewhere = snapshot(out), snapshot(elsewhere)

    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab")
    assert result.code == 1, result.out + result.err
    assert "N5G703" in result.out and "out/lab/sites" in result.out
    assert snapshot(elsewhere) == before_elsewhere
    assert snapshot(out) == before_out
    assert not leftovers(repo, elsewhere)


# 4. A person's file at a generated path is never overwritten without --adopt.
def test_item4_a_persons_file_at_a_generated_path_is_refused_until_adopted(repo, capsys):
    out = repo / "out" / "lab"
    out.mkdir(parents=True)
    (out / "README.md").write_text("my own notes\n")
    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab")
    assert result.code == 1, result.out + result.err
    assert "N5G704" in result.out and "out/lab/README.md" in result.out and "--adopt" in result.out
    assert snapshot(out) == {"README.md": b"my own notes\n"}
    assert not leftovers(repo)

    adopted = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--adopt")
    assert adopted.code == 0, adopted.out + adopted.err
    assert (out / "README.md").read_bytes() != b"my own notes\n"
    assert "README.md" in json.loads((out / LOCK).read_text())["files"]


def test_item4_output_dot_never_replaces_the_repositorys_own_files(repo, capsys):
    before = snapshot(repo)
    result = run(capsys, "compile", "examples/network.yaml", "-o", ".")
    assert result.code == 1, result.out + result.err
    assert "N5G704" in result.out and "README.md" in result.out
    assert snapshot(repo) == before


@pytest.mark.parametrize("output", [".", "", "/", "../x", "ABSOLUTE", "out/\0x", "out/.."])
def test_item4_n5gc_yaml_refuses_an_output_outside_the_repository(repo, tmp_path, capsys, output):
    output = output.replace("ABSOLUTE", str(tmp_path / "absolute"))
    _config(repo, "out/ok", output)
    before = snapshot(repo)
    result = run(capsys, "compile")
    assert result.code == 1, result.out + result.err
    assert "n5gc.yaml:7:" in result.out and "N5G011" in result.out, result.out
    assert snapshot(repo) == before
    assert not Path("ABSOLUTE").exists()


# 5. An output folder that is a symbolic link: refused, the link and its target unchanged.
def test_item5_an_output_folder_that_is_a_link_is_refused(repo, tmp_path, capsys):
    _compiled(capsys, "out/real")
    (repo / "out" / "lab").symlink_to(repo / "out" / "real")
    before = snapshot(repo / "out")
    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab")
    assert result.code == 1, result.out + result.err
    assert "N5G701" in result.out and "out/lab" in result.out
    assert snapshot(repo / "out") == before
    assert not leftovers(repo)


# 6. Concurrent compiles of one output run one after the other; none deletes the other's staging.
def _waiting_on_a_lock(pid: int) -> bool:
    """Whether process `pid` waits for a lock (a `N: -> FLOCK ... PID` line of /proc/locks)."""
    lines = [line.split() for line in Path("/proc/locks").read_text().splitlines()]
    return any(len(parts) > 5 and parts[1] == "->" and parts[5] == str(pid) for parts in lines)


@pytest.mark.skipif(
    not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see a waiting compile"
)
def test_item6_a_second_compile_waits_for_the_first_and_spares_its_staging(repo, capsys):
    from n5gc.cli import main

    _compiled(capsys)
    (repo / "examples" / "network.yaml").write_text(
        (repo / "examples" / "network.yaml").read_text().replace("name: net\n", "name: net2\n", 1)
    )
    first = pause_at(4, lambda: main(["compile", "examples/network.yaml", "-o", "out/lab"]))
    try:
        second = subprocess.Popen(
            [*N5GC, "compile", "examples/network.yaml", "-o", "out/lab"],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        while second.poll() is None and not _waiting_on_a_lock(second.pid):
            time.sleep(0.05)  # a wait for a state, not a timing assert
        assert second.poll() is None, "the second compile did not wait for the first: " + second.stderr.read()
        assert first.resume() == 0
        assert second.wait() == 0, second.stderr.read()
    finally:
        first.kill()
    assert run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--check").code == 0
    assert not leftovers(repo)


def test_item6_two_concurrent_compiles_both_succeed_and_leave_one_whole_tree(repo):
    command = [*N5GC, "compile", "examples/network.yaml", "-o", "out/lab"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):
        runs = [subprocess.Popen(command, cwd=repo, env=env, stderr=subprocess.PIPE, text=True) for _ in "ab"]
        assert [p.wait() for p in runs] == [0, 0], [p.stderr.read() for p in runs]
        assert subprocess.run([*command, "--check"], cwd=repo, env=env, capture_output=True).returncode == 0
        assert not leftovers(repo)
        shutil.rmtree(repo / "out")


# 7. Output folders are compared by resolved path.
@pytest.mark.parametrize("second", ["./out/lab/", "out//lab", "out/lab/sites"])
def test_item7_the_same_or_nested_output_folder_is_refused(repo, capsys, second):
    _config(repo, "out/lab", second)
    result = run(capsys, "compile")
    assert result.code == 1, result.out + result.err
    assert "n5gc.yaml:7:" in result.out and "N5G011" in result.out and "out/lab" in result.out
    assert not (repo / "out").exists()


# 13. The lock does not depend on the working directory, and never names the secrets file.
def test_item13_the_lock_is_the_same_wherever_n5gc_runs(repo, capsys, monkeypatch):
    _config(repo, "out/lab")
    assert run(capsys, "compile").code == 0
    from_root = (repo / "out" / "lab" / LOCK).read_bytes()
    monkeypatch.chdir(repo / "examples")
    assert run(capsys, "compile", "network.yaml", "-o", "../out/lab").code == 0
    assert (repo / "out" / "lab" / LOCK).read_bytes() == from_root
    assert json.loads(from_root)["inputs"]["files"] == ["examples/network.yaml"]
    assert b"secrets" not in from_root


def test_item13_without_n5gc_yaml_lock_paths_are_relative_to_the_output(repo, capsys, monkeypatch):
    assert run(capsys, "compile", "examples/network.yaml", "-o", "out/lab").code == 0
    from_root = (repo / "out" / "lab" / LOCK).read_bytes()
    monkeypatch.chdir(repo / "out")
    assert run(capsys, "compile", "../examples/network.yaml", "-o", "lab").code == 0
    assert (repo / "out" / "lab" / LOCK).read_bytes() == from_root
    assert json.loads(from_root)["inputs"]["files"] == ["../../examples/network.yaml"]


# 16. compile --check in json/github: stale, missing and extra files are diagnostics, on stdout only.
def _drifted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _compiled(capsys)
    (out / "README.md").write_text("edited\n")
    lock = json.loads((out / LOCK).read_text())
    victim = sorted(p for p in lock["files"] if p.startswith("sites/"))[0]
    os.unlink(out / victim)
    (out / "old.yaml").write_text("x: 1\n")
    lock["files"]["old.yaml"] = "0" * 64
    (out / LOCK).write_text(json.dumps(lock))


def test_item16_check_json_reports_drift_as_diagnostics_on_stdout(repo, capsys):
    _drifted(repo, capsys)
    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--check", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False
    found = {(d["code"], d["file"]) for d in report["diagnostics"]}
    assert ("N5G720", "out/lab/README.md") in found and ("N5G722", "out/lab/old.yaml") in found
    assert any(code == "N5G721" for code, _ in found)
    assert "N5G72" not in result.err and "{" not in result.err

    assert run(capsys, "compile", "examples/network.yaml", "-o", "out/lab").code == 0
    clean = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--check", "--format", "json")
    assert clean.code == 0 and json.loads(clean.out)["ok"] is True and "{" not in clean.err


def test_item16_check_github_annotates_each_drifted_file(repo, capsys):
    _drifted(repo, capsys)
    result = run(capsys, "compile", "examples/network.yaml", "-o", "out/lab", "--check", "--format", "github")
    assert result.code == 1
    assert "::error file=out/lab/README.md,title=N5G720::" in result.out
    assert "::error file=out/lab/old.yaml,title=N5G722::" in result.out
    assert "::" not in result.err


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


HOOK_CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: n5gc-check
        name: n5gc compile --check
        entry: n5gc compile --check
        language: system
        pass_filenames: false
        always_run: true
"""


@pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".venv" / "bin" / "pre-commit").exists(),
    reason="git and pre-commit (in .venv) are needed",
)
def test_item16_commit_passes_the_projects_own_check_hook(repo, monkeypatch):
    """`compile --commit` commits the intent with the tree, so the n5gc-check hook (run by the real
    pre-commit) passes; the secrets file is never committed; a git failure is exit 1."""
    _config(repo, "out/lab")
    (repo / ".pre-commit-config.yaml").write_text(HOOK_CONFIG)
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@n5gc.invalid", "GIT_COMMITTER_NAME": "t"}
    env = {
        **os.environ,
        **identity,
        "GIT_COMMITTER_EMAIL": "t@n5gc.invalid",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PATH": f"{REPO / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "README.md", "n5gc.yaml", ".pre-commit-config.yaml")
    _git(repo, "commit", "-qm", "start")
    subprocess.run([str(REPO / ".venv" / "bin" / "pre-commit"), "install"], cwd=repo, check=True, env=env)
    n5gc = [str(REPO / ".venv" / "bin" / "n5gc")]
    result = subprocess.run([*n5gc, "compile", "--commit"], cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    intent = repo / "examples" / "network.yaml"
    intent.write_text(intent.read_text().replace("name: net\n", "name: net2\n", 1))
    result = subprocess.run([*n5gc, "compile", "--commit"], cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    committed = _git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert "examples/network.yaml" in committed and "out/lab/n5gc.lock.json" in committed
    assert not [p for p in _git(repo, "ls-files").split() if "secrets" in p]
    assert _git(repo, "status", "--porcelain", "--", "examples/network.yaml", "out") == ""

    outside = repo.parent / "not-a-repo"
    network(outside)
    failed = subprocess.run(
        [*n5gc, "compile", "network.yaml", "--commit"], cwd=outside, capture_output=True, text=True, env=env
    )
    assert failed.returncode == 1 and "N5G711" in failed.stdout and "git" in failed.stdout.lower()
