"""Stage 5, render: the targets (plug-ins) that turn the Plan into artifacts.

Adding a target = one module here with a `TARGET` object + one folder in blueprints/;
no other target changes.
"""

from __future__ import annotations

import importlib

from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact, Target

# Order only matters for readability of the output listing; targets never read each other.
TARGET_MODULES = ("kubernetes", "open5gs", "ueransim", "argocd", "flux", "docs")


def targets() -> list[Target]:
    return [importlib.import_module(f"n5gc.targets.{name}").TARGET for name in TARGET_MODULES]


def render_all(plan: Plan, secrets: Secrets | None) -> list[Artifact]:
    """Every artifact of every applicable target, plus the per-site kustomizations, sorted by path."""
    from n5gc.targets.kubernetes import kustomizations

    artifacts: list[Artifact] = []
    for target in targets():
        if target.applies(plan):
            artifacts.extend(target.render(plan, secrets))
    artifacts.extend(kustomizations(plan, artifacts))
    return sorted(artifacts, key=lambda a: a.path)
