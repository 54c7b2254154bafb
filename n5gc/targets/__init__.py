"""Stage 5, render: the targets (plug-ins) that turn the Plan into artifacts.

Adding a target = one module here with a `TARGET` object + one folder in blueprints/;
no other target changes.
"""

from __future__ import annotations

import importlib

from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact, GitopsTarget, Target

# Targets render from the plan and never read each other.
TARGET_MODULES = (
    "kubernetes",
    "open5gs",
    "oai_cn",
    "ueransim",
    "smoketest",
    "srsran",
    "oai",
    "liqo",
    "nsm",
    "docs",
)
# GitOps engines apply the tree the targets made: they render from the plan and that tree (which
# site folders are kustomize roots, which namespaces their objects use, each release's values).
GITOPS_MODULES = ("argocd", "flux")


def targets() -> list[Target]:
    return [importlib.import_module(f"n5gc.targets.{name}").TARGET for name in TARGET_MODULES]


def gitops_targets() -> list[GitopsTarget]:
    return [importlib.import_module(f"n5gc.targets.{name}").TARGET for name in GITOPS_MODULES]


def render_all(plan: Plan, secrets: Secrets | None) -> list[Artifact]:
    """Every artifact of every applicable target, the per-site kustomizations, then the GitOps
    engine's objects for that tree; sorted by path."""
    from n5gc.targets.kubernetes import kustomizations

    tree: list[Artifact] = []
    for target in targets():
        if target.applies(plan):
            tree.extend(target.render(plan, secrets))
    tree.extend(kustomizations(plan, tree))
    artifacts = list(tree)
    for engine in gitops_targets():
        if engine.applies(plan):
            artifacts.extend(engine.render(plan, tuple(tree)))
    return sorted(artifacts, key=lambda a: a.path)
