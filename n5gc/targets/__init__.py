"""Stage 5, render: the targets (plug-ins) that turn the Plan into artifacts.

Two kinds of modules live here:
- **targets** (`TARGET_MODULES`) and **GitOps engines** (`GITOPS_MODULES`): plug-ins. Each is one
  module with a `TARGET` object + one folder in blueprints/ (+ the schemas of what it writes).
  A plug-in never imports another plug-in: adding one changes no other.
- **shared bases** (`SHARED_MODULES`): what plug-ins stand on, never plug-ins themselves: `base`
  (Artifact, labels, folders), `rollout` (config hashes on pods), `gitops` (what both GitOps
  engines apply: site folders, clusters, repository paths, the checked tree), `ueransim_config`
  (the nr-ue config both the ueransim and smoketest targets write), `subscribers` (the keys Secret
  and subscriber list both cores' provisioning Jobs read), `recipes` (units of rendering an
  incremental compile may reuse: their keys, the restricted views of the plan they build from).
tests/targets/test_import_rule.py holds every module of this package to that split.
"""

from __future__ import annotations

import importlib

from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact, Target
from n5gc.targets.gitops import GitopsTarget
from n5gc.targets.recipes import Kitchen, Reuse, check_secret_mounts, cooking

# Targets render from the plan and never read each other.
TARGET_MODULES = (
    *("kubernetes", "open5gs", "oai_cn", "ueransim", "smoketest", "srsran", "oai", "liqo", "nsm", "docs"),
)
# GitOps engines apply the tree the targets made: they mark it (their ordering annotations), then
# render their own objects from the plan's GitOps layout (n5gc/plan/gitops.py) and that tree.
GITOPS_MODULES = ("argocd", "flux")
# Shared bases: imported by plug-ins, never plug-ins themselves.
SHARED_MODULES = ("base", "rollout", "gitops", "ueransim_config", "subscribers", "recipes")


def targets() -> list[Target]:
    return [importlib.import_module(f"n5gc.targets.{name}").TARGET for name in TARGET_MODULES]


def gitops_targets() -> list[GitopsTarget]:
    return [importlib.import_module(f"n5gc.targets.{name}").TARGET for name in GITOPS_MODULES]


def render_all(plan: Plan, secrets: Secrets | None, reuse: Reuse | None = None) -> list[Artifact]:
    """Every artifact of every applicable target, marked by the GitOps engine, with each Secret in a
    file of its own when the intent asks for encryption, the per-site kustomizations, then the
    engine's objects for that tree; sorted by path. Without encryption, every pod that mounts a
    Secret gets that Secret's keys digest (with encryption n5gc/sops/stage.py stamps a salted one).

    Targets with recipe steps (n5gc/targets/recipes.py) build them through restricted views of the
    plan. Without GitOps and without encryption no pass changes a step's artifacts afterwards, so they
    carry their step's key (`Artifact.recipe`) and `reuse` is asked for each step: when it answers, the
    step is not built and its artifacts carry the bytes it returned (`Artifact.reused`). With GitOps or
    encryption `reuse` is never asked and no artifact carries a key."""
    from n5gc.sops.layout import separate, wire
    from n5gc.targets.kubernetes import kustomizations
    from n5gc.targets.rollout import plaintext_keys_digests, stamp_keys_digests

    final = plan.gitops is None and not plan.sops_age
    kitchen = Kitchen(plan, reuse, final=final)
    tree: list[Artifact] = []
    with cooking(kitchen):
        for target in targets():
            if target.applies(plan):
                tree.extend(target.render(plan, secrets))
    engines = [engine for engine in gitops_targets() if engine.applies(plan)]
    for engine in engines:
        tree = engine.prepare(plan, tree)
    tree, encrypted = separate(plan, tree)  # with spec.encryption: each Secret in a file of its own
    tree.extend(kustomizations(plan, tree))
    artifacts = list(tree)
    for engine in engines:
        artifacts.extend(engine.render(plan, tuple(tree)))
    artifacts = wire(plan, artifacts, encrypted)  # list those files per engine (Flux, KSOPS)
    if final:  # the steps' artifacts are final: the passes below concern only the others
        check_secret_mounts(artifacts, kitchen.secrets)
        outside = [a for a in artifacts if a.recipe is None]
        stamped = iter(stamp_keys_digests(outside, plaintext_keys_digests(outside)))
        artifacts = [a if a.recipe is not None else next(stamped) for a in artifacts]
    elif not plan.sops_age:  # keys in plain text: a deterministic digest (n5gc/targets/rollout.py says why)
        artifacts = stamp_keys_digests(artifacts, plaintext_keys_digests(artifacts))
    return sorted(artifacts, key=lambda a: a.path)
