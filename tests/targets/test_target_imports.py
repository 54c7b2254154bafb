"""Targets render from the plan and never read each other (n5gc/targets/__init__.py).

Code two targets share lives in a module that is no target (base.py, rollout.py, ueransim_config.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from n5gc.targets import GITOPS_MODULES, TARGET_MODULES

TARGETS = Path(__file__).resolve().parents[2] / "n5gc" / "targets"
ENGINES = set(TARGET_MODULES) | set(GITOPS_MODULES)
# flux.py borrows argocd.py's folder and cluster helpers until the gitops branch moves them into a
# shared targets/gitops.py (issue 9, part 3): the one import left, named so that none is added.
KNOWN = {("flux", "argocd")}


def imported_targets(module: str) -> set[str]:
    """The target/engine modules that n5gc/targets/<module>.py imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse((TARGETS / f"{module}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[:2] == ["n5gc", "targets"] and len(parts) > 2:
                found.add(parts[2])
            elif parts == ["n5gc", "targets"]:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("n5gc.targets."))
    return found & ENGINES - {module}


@pytest.mark.parametrize("module", sorted(ENGINES))
def test_a_target_imports_no_other_target(module: str) -> None:
    assert {(module, other) for other in imported_targets(module)} - KNOWN == set()


def test_the_scan_sees_an_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan can fail: a module importing a target, in either import form, is caught."""
    monkeypatch.setattr(f"{__name__}.TARGETS", tmp_path)
    (tmp_path / "docs.py").write_text(
        "from n5gc.targets.ueransim import APP\nimport n5gc.targets.nsm\nfrom n5gc.targets import srsran\n"
    )
    assert imported_targets("docs") == {"ueransim", "nsm", "srsran"}
