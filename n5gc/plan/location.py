"""Where the compiled tree sits in its Git repository: the GitOps engines' paths are relative to it.

The repository root of an output folder is the root of the Git work tree it is in (what Argo CD
and Flux clone: in a monorepo, n5gc.yaml may sit in a subfolder), else the folder holding the
nearest `n5gc.yaml` above it (a repository not yet under Git), else nothing is known: the output
folder is then taken as the repository root, and an explicit `gitops.repo.path` cannot be checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.load import Origin
from n5gc.model.network import Network
from n5gc.repo_config import CONFIG_FILE


def repository_root(output: Path) -> Path | None:
    """The Git work-tree root, else the folder holding n5gc.yaml, above `output` (None: neither)."""
    start = Path(os.path.abspath(output))
    ancestors = (start, *start.parents)
    for marker in (".git", CONFIG_FILE):  # .git: a folder, or a file in worktrees and submodules
        for folder in ancestors:
            if _exists(folder / marker):
                return folder
    return None


def _exists(path: Path) -> bool:
    """Whether `path` exists; False also where it cannot (a name too long for the file system:
    the write then says so, N5G709), never an OSError."""
    try:
        return path.exists()
    except OSError:
        return False


def output_repo_path(output: Path) -> str | None:
    """The output folder relative to its repository root, POSIX style ("." at the root).

    None when no repository root is found, or the output is not below it.
    """
    root = repository_root(output)
    if root is None:
        return None
    relative = os.path.relpath(os.path.abspath(output), root)
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return PurePosixPath(*Path(relative).parts).as_posix() if relative != "." else "."


def normal_repo_path(path: str) -> str:
    """A repository path without "./", duplicate or trailing slashes ("." for the root)."""
    parts = [p for p in path.strip().split("/") if p not in ("", ".")]
    return "/".join(parts) or "."


def gitops_path_disagrees(network: Network, origin: Origin, repo_path: str | None) -> Iterator[Diagnostic]:
    """N5G607: an explicit gitops.repo.path must be where the tree is written in its repository."""
    gitops = network.spec.gitops
    if gitops is None or gitops.repo.path is None or repo_path is None:
        return
    given = normal_repo_path(gitops.repo.path)
    if given != normal_repo_path(repo_path):
        ctx = CheckContext(network, origin)
        yield error(
            "N5G607",
            f'gitops.repo.path "{gitops.repo.path}" is not where this network is written: the output '
            f'folder is "{repo_path}" in its repository, so every Argo CD/Flux path would point nowhere',
            ctx.at("spec", "gitops", "repo", "path"),
            f"set path: {repo_path} (or remove it: n5gc derives it from the output folder), or compile "
            "into the folder the path names",
        )
