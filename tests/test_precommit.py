"""The n5gc-validate and n5gc-diff pre-commit hooks, run by the real `pre-commit try-repo`.

pre-commit installs n5gc with pip into its own environment from a git repository. try-repo only
sees committed (and modified tracked) files, so the working tree's package is copied into a
temporary git repository and committed there; the hook then runs in another temporary repository
holding a good intent, a broken one and a GitHub workflow file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from intents import NETWORK, REPO, edit

PRE_COMMIT = intents.VENV_BIN / "pre-commit"
# What `pip install .` needs to build n5gc (pyproject.toml names the rest as data packages).
PACKAGE_FILES = ["pyproject.toml", "build_hooks.py", "README.md", "LICENSE", ".pre-commit-hooks.yaml"]
PACKAGE_DIRS = ["n5gc", "blueprints", "schemas"]
WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="pre-commit (in .venv) and git are needed"
)


def git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    identity = {
        "GIT_AUTHOR_NAME": "n5gc tests",
        "GIT_AUTHOR_EMAIL": "tests@n5gc.invalid",
        "GIT_COMMITTER_NAME": "n5gc tests",
        "GIT_COMMITTER_EMAIL": "tests@n5gc.invalid",
    }
    home = tmp_path_factory.mktemp("pre-commit-home")
    # PRE_COMMIT_HOME: pre-commit's cache stays out of ~; GIT_CONFIG_GLOBAL: no user git config leaks in
    return {
        **os.environ,
        **identity,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """The working tree's n5gc package, committed in a fresh git repository."""
    repo = tmp_path_factory.mktemp("n5gc-hook-repo")
    for name in PACKAGE_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, repo / name)
    for name in PACKAGE_DIRS:
        shutil.copytree(REPO / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(repo, "init", "-q", "-b", "main", env=env)
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "n5gc under test", env=env)
    return repo


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A GitOps repository with a good intent, a broken one and a non-intent YAML file, staged."""
    repo = tmp_path_factory.mktemp("gitops-repo")
    git(repo, "init", "-q", "-b", "main", env=env)
    intents.write(repo, NETWORK, "good.yaml")
    intents.write(repo, edit(NETWORK, 'sd: "000002"', 'sd: "2"'), "broken.yaml")
    intents.write(repo, WORKFLOW, ".github/workflows/ci.yaml")
    git(repo, "add", "-A", env=env)
    return repo


def try_repo(
    hook_repo: Path, user_repo: Path, env: dict[str, str], *files: str, hook: str = "n5gc-validate"
) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo` of `hook` over `files` (or, with none, `--hook-stage manual --all-files`)."""
    selection = ["--files", *files] if files else ["--hook-stage", "manual", "--all-files"]
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), hook, "--verbose", *selection],
        cwd=user_repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_good_intent_and_other_yaml_pass(hook_repo: Path, user_repo: Path, env: dict[str, str]) -> None:
    """--intents-only (in the hook's entry) skips the workflow file, which is no kind: Network."""
    result = try_repo(hook_repo, user_repo, env, "good.yaml", ".github/workflows/ci.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "n5gc validate (5G network intents)" in output and "Passed" in output
    assert "N5G010" not in output


def test_broken_intent_fails_with_its_diagnostic(
    hook_repo: Path, user_repo: Path, env: dict[str, str]
) -> None:
    result = try_repo(hook_repo, user_repo, env, "broken.yaml", ".github/workflows/ci.yaml")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Failed" in output
    assert 'broken.yaml:26:11: error N5G104 slice "urllc": sd "2" must be 6 hex digits' in output
    assert "ci.yaml" not in output.split("Failed", 1)[1]  # the workflow file is not reported


@pytest.fixture(scope="module")
def compiled_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A GitOps repository whose n5gc.yaml network is compiled and committed, then its pool edited."""
    repo = tmp_path_factory.mktemp("compiled-repo")
    git(repo, "init", "-q", "-b", "main", env=env)
    intents.write(repo, NETWORK, "net.yaml")
    intents.write(repo, intents.SECRETS, "net.secrets.yaml")
    intents.write(
        repo,
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks:\n"
        "  - {intent: net.yaml, secrets: net.secrets.yaml, output: out/net}\n",
        "n5gc.yaml",
    )
    subprocess.run(
        [str(intents.VENV_BIN / "n5gc"), "compile"], cwd=repo, env=env, check=True, capture_output=True
    )
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "network", env=env)
    intents.write(repo, edit(NETWORK, "10.46.0.0/24", "10.48.0.0/24"), "net.yaml")
    return repo


def test_diff_hook_prints_the_impact_on_demand(
    hook_repo: Path, compiled_repo: Path, env: dict[str, str]
) -> None:
    """`n5gc-diff` (stage manual) compares the edited intent with HEAD's tree, naming the slice's releases."""
    result = try_repo(hook_repo, compiled_repo, env, hook="n5gc-diff")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output  # like diff(1): changes exit 1, so the hook reports them
    assert "release net-urllc-smf: restarts" in output and "release net-urllc-upf1: restarts" in output
    assert "release net-embb-smf" not in output
    assert intents.SECRET_K not in output and intents.SECRET_K.lower() not in output
