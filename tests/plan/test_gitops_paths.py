"""GitOps paths point at folders that exist in the compiled repository (issue 8, item 14).

Each test makes a repository in a temporary folder (a Git work tree, or n5gc.yaml at its root),
compiles a GitOps network into `out/<net>` or `deploy/nets/<net>` and resolves every path the
emitted Argo CD and Flux objects name against that repository: each must exist.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents

N5GC = str(intents.VENV_BIN / "n5gc")
# (engine, example whose explicit path is removed, its network name)
ENGINES = {"argocd": "three-slices", "flux": "liqo-up-offload"}


def n5gc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([N5GC, *args], cwd=cwd, capture_output=True, text=True, check=False)


def repository(tmp_path: Path, example: str, path: str | None, marker: str = "n5gc.yaml") -> Path:
    """A repository with the example's intent (gitops.repo.path replaced by `path`) and secrets."""
    repo = tmp_path / "repo"
    (repo / "intents").mkdir(parents=True)
    data = yaml.safe_load((intents.EXAMPLES / f"{example}.yaml").read_text())
    if path is None:
        data["spec"]["gitops"]["repo"].pop("path", None)
    else:
        data["spec"]["gitops"]["repo"]["path"] = path
    (repo / "intents" / f"{example}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    shutil.copy(intents.EXAMPLES / f"{example}.secrets.yaml", repo / "intents")
    if marker == "n5gc.yaml":
        (repo / "n5gc.yaml").write_text("apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks: []\n")
    elif marker == ".git":
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def compile_into(repo: Path, example: str, output: str) -> subprocess.CompletedProcess[str]:
    return n5gc("compile", f"intents/{example}.yaml", "-o", output, cwd=repo)


def emitted_paths(tree: Path) -> list[str]:
    """Every repository path the GitOps objects under `tree` name (Flux spec.path, Argo CD source
    paths and `$values/` value files)."""
    found: list[str] = []
    for file in sorted((tree / "gitops").rglob("*.yaml")):
        for document in yaml.safe_load_all(file.read_text()):
            found.extend(_paths_of(document))
    return found


def _paths_of(document: Any) -> list[str]:
    if not isinstance(document, dict):
        return []
    kind, spec = document.get("kind"), document.get("spec") or {}
    if kind == "Kustomization" and document.get("apiVersion", "").startswith("kustomize.toolkit.fluxcd.io"):
        return [spec["path"]]
    if kind != "Application":
        return []
    sources = spec.get("sources") or [spec.get("source") or {}]
    paths = [s["path"] for s in sources if "path" in s]
    for source in sources:
        for value_file in (source.get("helm") or {}).get("valueFiles", []):
            assert value_file.startswith("$values/"), value_file
            paths.append(value_file.removeprefix("$values/"))
    return paths


def assert_all_exist(repo: Path, tree: Path) -> None:
    paths = emitted_paths(tree)
    assert paths, "the GitOps objects name no path"
    missing = [p for p in paths if not (repo / posixpath.normpath(p)).exists()]
    assert not missing, f"paths that point nowhere in the repository: {missing}"


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("output", ["out/{net}", "deploy/nets/{net}"])
def test_default_path_is_the_output_folder_in_the_repository(
    tmp_path: Path, engine: str, output: str
) -> None:
    example = ENGINES[engine]
    repo = repository(tmp_path, example, None)
    folder = output.format(net=example)
    result = compile_into(repo, example, folder)
    assert result.returncode == 0, result.stderr
    assert_all_exist(repo, repo / folder)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_git_work_tree_root_is_the_repository_root(tmp_path: Path, engine: str) -> None:
    example = ENGINES[engine]
    repo = repository(tmp_path, example, None, marker=".git")
    result = compile_into(repo, example, f"nets/{example}")
    assert result.returncode == 0, result.stderr
    assert_all_exist(repo, repo / "nets" / example)


def test_in_a_monorepo_paths_are_relative_to_the_git_root(tmp_path: Path) -> None:
    """n5gc.yaml in a subfolder of a Git work tree: Argo CD and Flux clone the whole repository."""
    example = ENGINES["flux"]
    repo = repository(tmp_path, example, None, marker=".git")
    sub = repo / "network"
    sub.mkdir()
    (sub / "n5gc.yaml").write_text("apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks: []\n")
    result = n5gc("compile", f"../intents/{example}.yaml", "-o", f"out/{example}", cwd=sub)
    assert result.returncode == 0, result.stderr
    assert all(
        p.lstrip("./").startswith(f"network/out/{example}") for p in emitted_paths(sub / "out" / example)
    )
    assert_all_exist(repo, sub / "out" / example)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_explicit_path_that_agrees_is_kept(tmp_path: Path, engine: str) -> None:
    example = ENGINES[engine]
    repo = repository(tmp_path, example, f"./deploy//{example}/")
    result = compile_into(repo, example, f"deploy/{example}")
    assert result.returncode == 0, result.stderr
    assert_all_exist(repo, repo / "deploy" / example)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_explicit_path_that_disagrees_is_refused_at_its_line(tmp_path: Path, engine: str) -> None:
    """The default `out` with the output `out/<net>` is the case of issue 8: every path pointed nowhere."""
    example = ENGINES[engine]
    repo = repository(tmp_path, example, "out")
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    result = compile_into(repo, example, f"out/{example}")
    assert result.returncode == 1
    intent = (repo / "intents" / f"{example}.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(intent, start=1) if "path: out" in text)
    assert f"intents/{example}.yaml:{line}:" in result.stdout + result.stderr
    assert "N5G607" in result.stdout + result.stderr
    assert f"set path: out/{example}" in result.stdout + result.stderr
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before, "compile wrote files"


def test_without_a_repository_root_the_output_folder_is_the_root(tmp_path: Path) -> None:
    """No n5gc.yaml and no Git above the output: paths are relative to the output folder itself."""
    example = ENGINES["argocd"]
    repo = repository(tmp_path, example, None, marker="none")
    if (repo / "n5gc.yaml").exists() or any((p / ".git").exists() for p in (repo, *repo.parents)):
        pytest.skip("the temporary folder is inside a Git work tree")
    result = compile_into(repo, example, "tree")
    assert result.returncode == 0, result.stderr
    assert_all_exist(repo / "tree", repo / "tree")
