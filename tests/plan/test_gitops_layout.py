"""The GitOps layout is planned once (n5gc/plan/gitops.py): per site folder the namespaces its objects
create or use and the folders to apply first, per cluster its site folders and releases, and the
kinds an engine must order first. The engines read these facts (no engine reads them back out of
rendered files) and check the rendered tree against them.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import EXAMPLES, REPO, compile_intent

from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import Plan
from n5gc.targets import argocd, flux, gitops, liqo
from n5gc.targets.base import Artifact

PROD = [REPO / "overlays" / "prod" / "three-slices.yaml"]


@functools.cache
def compiled(example: str) -> tuple[Plan, list[Artifact]]:
    """An example compiled once for the module: liqo-up-offload (Liqo, home turin, UPFs of two slices
    offloaded to milan, applied by Flux), liqo-cp-offload (Liqo, the core offloaded, Argo CD)."""
    return compile_intent(EXAMPLES / f"{example}.yaml")


def tree_of(artifacts: list[Artifact]) -> tuple[Artifact, ...]:
    return tuple(a for a in artifacts if not a.path.startswith("gitops/"))


@pytest.mark.parametrize(
    "intent, overlays",
    [
        ("three-slices.yaml", []),
        ("three-slices.yaml", PROD),
        ("liqo-up-offload.yaml", []),
        ("liqo-cp-offload.yaml", []),
        ("nsm-edge.yaml", []),
        ("f1-split.yaml", []),
        ("lab.yaml", []),
    ],
)
def test_planned_folder_namespaces_are_those_of_the_rendered_tree(intent, overlays):
    """What the plan says each folder uses is what the targets put there, object by object."""
    plan, artifacts = compile_intent(EXAMPLES / intent, overlays)
    rendered = gitops.tree_namespaces(tree_of(artifacts))
    assert {s.name: s.folder_namespaces for s in plan.sites if s.has_folder} == rendered
    assert all(set(s.namespaces) <= set(s.folder_namespaces) for s in plan.sites)


def test_a_liqo_remote_folder_is_applied_after_the_home_folder_that_creates_its_namespaces():
    up_offload = compiled("liqo-up-offload")
    plan = up_offload[0]
    milan, turin = plan.site("milan"), plan.site("turin")
    assert milan.namespaces == () and milan.has_folder  # it holds NamespaceOffloadings only
    assert milan.folder_after == ("turin",) and turin.folder_after == ()


def test_clusters_group_the_folders_and_releases_they_receive():
    up_offload = compiled("liqo-up-offload")
    """With Liqo every folder and release goes to the home cluster."""
    plan = up_offload[0]
    assert plan.gitops is not None
    (cluster,) = plan.gitops.clusters
    assert cluster.name == plan.liqo.home_cluster
    assert cluster.sites == ("turin", "milan")  # plan order, the remote one too
    assert cluster.releases == tuple(r.name for r in plan.releases)


def test_sites_on_their_own_clusters_depend_on_no_other_folder():
    plan, _ = compile_intent(EXAMPLES / "three-slices.yaml", PROD)
    assert plan.gitops is not None
    assert [c.name for c in plan.gitops.clusters] == [s.cluster_name for s in plan.sites]
    assert all(s.folder_after == () for s in plan.sites)


def test_a_tree_that_disagrees_with_the_plan_is_a_compiler_bug():
    up_offload = compiled("liqo-up-offload")
    """An engine never applies a folder whose namespaces the plan does not know."""
    plan, artifacts = up_offload
    milan = plan.site("milan")
    wrong = replace(
        plan,
        sites=tuple(
            replace(s, folder_namespaces=s.folder_namespaces[:1]) if s == milan else s for s in plan.sites
        ),
    )
    with pytest.raises(CompilerBug, match="sites/milan uses namespaces"):
        flux.TARGET.render(wrong, tree_of(artifacts))


def test_liqo_renders_engine_agnostic_and_argocd_orders_its_offloadings():
    cp_offload, up_offload = compiled("liqo-cp-offload"), compiled("liqo-up-offload")
    """The Liqo target writes no engine annotation; Argo CD's prepare stamps sync wave -1, Flux none."""
    cp_offload, up_offload = compiled("liqo-cp-offload"), compiled("liqo-up-offload")
    for plan, artifacts in (cp_offload, up_offload):
        assert plan.gitops is not None and plan.gitops.first_in_folder == ("NamespaceOffloading",)
        own = liqo.TARGET.render(plan, None)
        assert own and all("annotations" not in d["metadata"] for a in own for d in a.documents)
        emitted = [d for a in artifacts if "/liqo/" in a.path for d in a.documents]
        expected = {"argocd.argoproj.io/sync-wave": "-1"} if plan.gitops.engine == "argocd" else None
        assert [d["metadata"].get("annotations") for d in emitted] == [expected] * len(own)
    plan, _ = cp_offload
    marked = argocd.TARGET.prepare(plan, own := liqo.TARGET.render(plan, None))
    assert all("annotations" not in d["metadata"] for a in own for d in a.documents)  # copies were marked
    assert all(d["metadata"]["annotations"] for a in marked for d in a.documents)
