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
from collections.abc import Callable
from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.products.packaging import CORE_PRODUCTS
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


def _gnbs_of_type(plan: Plan, name: str) -> bool:
    return any(g.type == name for g in plan.gnbs)


def _engine_named(plan: Plan, name: str) -> bool:
    return plan.gitops is not None and plan.gitops.engine == name


# What a plan holds whenever a plug-in applies, read without importing the plug-in: a network on
# one core, one RAN and no Liqo, NSM or GitOps engine never imports the others (~4 ms of every
# compile). Each is implied by the plug-in's own `applies`, which still decides for the plug-ins
# imported; tests/targets/test_lazy_plug_ins.py holds them together.
_MAY_APPLY: dict[str, Callable[[Plan, str], bool]] = {
    "open5gs": lambda plan, name: CORE_PRODUCTS.get(plan.core.flavor) == name,
    "oai_cn": lambda plan, name: CORE_PRODUCTS.get(plan.core.flavor) == name,
    "srsran": _gnbs_of_type,
    "oai": _gnbs_of_type,
    "liqo": lambda plan, name: plan.liqo is not None,
    "nsm": lambda plan, name: plan.nsm is not None,
    "argocd": _engine_named,
    "flux": _engine_named,
}


def may_apply(plan: Plan, name: str) -> bool:
    """False only when the plug-in `name` cannot apply to `plan` (see _MAY_APPLY)."""
    gate = _MAY_APPLY.get(name)
    return gate is None or gate(plan, name)


def applicable(plan: Plan, modules: tuple[str, ...]) -> list[Any]:
    """The TARGET of each plug-in of `modules` that applies to `plan`, in their order; the modules
    of those that cannot are never imported."""
    found = []
    for name in modules:
        if may_apply(plan, name):
            target = importlib.import_module(f"n5gc.targets.{name}").TARGET
            if target.applies(plan):
                found.append(target)
    return found


def render_all(plan: Plan, secrets: Secrets | None, reuse: Reuse | None = None) -> list[Artifact]:
    """Every artifact of every applicable target, marked by the GitOps engine, with each Secret in a
    file of its own when the intent asks for encryption, the per-site kustomizations, then the
    engine's objects for that tree; sorted by path. Without encryption, every pod that mounts a
    Secret gets that Secret's keys digest (with encryption n5gc/sops/stage.py stamps a salted one).

    Targets with recipe steps (n5gc/targets/recipes.py) build them through restricted views of the
    plan. Without encryption, and without a GitOps engine or with one that marks only some kinds (Argo
    CD), the steps holding none of those kinds are final: no pass changes their artifacts afterwards,
    so they carry their step's key (`Artifact.recipe`) and `reuse` is asked for each: when it answers,
    the step is not built and its artifacts carry the bytes it returned (`Artifact.reused`). With
    encryption or Flux `reuse` is never asked and no artifact carries a key."""
    from n5gc.sops.layout import separate, wire
    from n5gc.targets.kubernetes import kustomizations
    from n5gc.targets.rollout import plaintext_keys_digests, stamp_keys_digests

    engines: list[GitopsTarget] = applicable(plan, GITOPS_MODULES)
    marked = marked_kinds(plan, engines)
    final = marked is not None
    kitchen = Kitchen(plan, reuse, final=final, marked=marked or frozenset())
    tree: list[Artifact] = []
    with cooking(kitchen):
        for target in applicable(plan, TARGET_MODULES):
            tree.extend(target.render(plan, secrets))
    for engine in engines:
        tree = prepared(engine, plan, tree)
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


def marked_kinds(plan: Plan, engines: list[GitopsTarget]) -> frozenset[str] | None:
    """The kinds of documents the GitOps engines mark after the targets (steps holding them are built
    and finished like any artifact); None when no step may be final: with encryption (each Secret is
    moved to a file of its own), or with an engine that reads the tree's documents (Flux)."""
    if plan.sops_age:
        return None
    marked: set[str] = set()
    for engine in engines:
        kinds = getattr(engine, "prepared_kinds", None)
        if kinds is None:
            return None
        marked |= kinds(plan)
    return frozenset(marked)


def prepared(engine: GitopsTarget, plan: Plan, tree: list[Artifact]) -> list[Artifact]:
    """The engine's `prepare` of `tree`, which must leave every final step's artifact as it is."""
    before = [a for a in tree if a.recipe is not None]
    tree = engine.prepare(plan, tree)
    after = [a for a in tree if a.recipe is not None]
    if len(before) != len(after) or any(a is not b for a, b in zip(before, after, strict=True)):
        raise CompilerBug(f"GitOps engine {engine.name} changed a recipe step's artifact")
    return tree
