"""The rule of n5gc/targets/__init__.py: a plug-in (target or GitOps engine) never imports another
plug-in; plug-ins share code only through the shared bases (base, rollout, gitops, ueransim_config).

Read from the source (ast), so a lazy import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from n5gc import targets

PACKAGE = Path(targets.__file__).parent
PLUG_INS = set(targets.TARGET_MODULES) | set(targets.GITOPS_MODULES)
SHARED = set(targets.SHARED_MODULES)
# Known breaches, each with the reason it is not fixed yet; the test fails once one is gone, so the
# entry is removed with it. None today.
KNOWN: dict[str, set[str]] = {}


def imported_target_modules(source: str) -> set[str]:
    """The modules of n5gc.targets that `source` imports, however it spells the import."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("n5gc.targets.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "n5gc.targets":  # from n5gc.targets import argocd
                found |= {a.name for a in node.names if (PACKAGE / f"{a.name}.py").exists()}
            elif node.module.startswith("n5gc.targets."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.ImportFrom) and node.level == 1:  # from . import x / from .x import y
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
    return found


def test_every_module_of_the_package_is_a_plug_in_or_a_shared_base():
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert modules == PLUG_INS | SHARED, (
        "list a new module in targets/__init__.py as a plug-in or a shared base"
    )
    assert not PLUG_INS & SHARED


@pytest.mark.parametrize("module", sorted(PLUG_INS))
def test_no_plug_in_imports_another_plug_in(module):
    imported = imported_target_modules((PACKAGE / f"{module}.py").read_text())
    breaches = (imported & PLUG_INS) - {module}
    assert breaches == KNOWN.get(module, set()), f"targets/{module}.py imports plug-ins {sorted(breaches)}"


@pytest.mark.parametrize("module", sorted(SHARED))
def test_shared_bases_import_no_plug_in(module):
    imported = imported_target_modules((PACKAGE / f"{module}.py").read_text())
    assert not imported & PLUG_INS, f"targets/{module}.py imports {sorted(imported & PLUG_INS)}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from n5gc.targets import argocd", {"argocd"}),
        ("from n5gc.targets.argocd import gitops", {"argocd"}),
        ("import n5gc.targets.argocd", {"argocd"}),
        ("def f():\n    from n5gc.targets.flux import TARGET", {"flux"}),
        ("from . import argocd", {"argocd"}),
        ("from .argocd import repo_path", {"argocd"}),
        ("from n5gc.targets import render_all", set()),
        ("from n5gc.plan.ir import Plan", set()),
    ],
)
def test_the_scan_sees_every_spelling_of_an_import(source, expected):
    """The rule test can fail: each way of importing a plug-in is found (and nothing else is)."""
    assert imported_target_modules(source) == expected


def reads_the_gitops_engine(source: str) -> bool:
    """Whether `source` reads `<something>.gitops.engine` (asks which GitOps engine applies its files)."""
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "engine"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "gitops"
        for node in ast.walk(ast.parse(source))
    )


# docs writes the README's "Apply with Argo CD / Flux" section: describing the engine is its job.
DESCRIBES_ENGINES = {"docs"}


@pytest.mark.parametrize("module", sorted(set(targets.TARGET_MODULES) - DESCRIBES_ENGINES))
def test_targets_render_engine_agnostic(module):
    """What differs per engine is a plan fact (plan/gitops.py) or the engine's own mark (`prepare`)."""
    assert not reads_the_gitops_engine((PACKAGE / f"{module}.py").read_text())


def test_the_engine_scan_sees_an_engine_test():
    assert reads_the_gitops_engine('argocd = plan.gitops is not None and plan.gitops.engine == "argocd"')
    assert not reads_the_gitops_engine("plan.gitops.checks_apart")
