"""argocd target: AppProject limited to the network, one Application per site folder and per Helm release
(multi-source with a `values` ref), waves namespaces < core < SMF < UPF, destinations of the apply site,
and a gitops/argocd kustomization that plain `kubectl kustomize` builds."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import TWO_SITES, compile_intent

from n5gc.diagnostics import CompilerBug
from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import WAVES, Plan
from n5gc.targets import argocd, render_all
from n5gc.targets.base import Artifact
from n5gc.verify import verify

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "three-slices.yaml"
IN_CLUSTER = "https://kubernetes.default.svc"
BERLIN = "https://berlin.example.net:6443"

MULTICLUSTER = {"nsm": "{engine: nsm, nsm: {interfaces: [n2, n3, n4]}}", "liqo": "{engine: liqo}"}


def two_sites(tmp_path: Path, multicluster: str, engine: str = "argocd") -> tuple[Plan, list[Artifact]]:
    intent = tmp_path / f"duo-{multicluster}.yaml"
    intent.write_text(
        TWO_SITES % {"berlin": BERLIN, "multicluster": MULTICLUSTER[multicluster], "engine": engine}
    )
    return compile_intent(intent)


@pytest.fixture(scope="module")
def lab() -> tuple[Plan, list[Artifact]]:
    return compile_intent(EXAMPLE, [REPO / "overlays" / "lab" / "three-slices.yaml"])


@pytest.fixture(scope="module", params=["nsm", "liqo"])
def duo(request, tmp_path_factory) -> tuple[str, Plan, list[Artifact]]:
    plan, artifacts = two_sites(tmp_path_factory.mktemp("duo"), request.param)
    return request.param, plan, artifacts


def argo_objects(artifacts: list[Artifact]) -> dict[str, dict]:
    """Path -> the Argo CD object of every gitops/argocd file (one object per file)."""
    found = {}
    for artifact in artifacts:
        if artifact.path.startswith("gitops/argocd/") and artifact.schema.startswith("crd/"):
            [document] = artifact.documents
            found[artifact.path] = document
    return found


def applications(artifacts: list[Artifact]) -> list[dict]:
    return [o for o in argo_objects(artifacts).values() if o["kind"] == "Application"]


def wave(document: dict) -> int:
    return int(document["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])


def test_applies_only_when_the_engine_is_argocd(lab):
    plan, _ = lab
    assert argocd.TARGET.applies(plan)
    prod = analyse(EXAMPLE, [REPO / "overlays" / "prod" / "three-slices.yaml"])
    assert not argocd.TARGET.applies(build_plan(prod.network))
    no_gitops = analyse(REPO / "examples" / "lab.yaml")
    plan_without = build_plan(no_gitops.network)
    assert plan_without.gitops is None and not argocd.TARGET.applies(plan_without)
    assert not [a for a in render_all(plan_without, no_gitops.secrets) if a.path.startswith("gitops/")]


def test_appproject_allows_exactly_the_networks_destinations_and_namespaces(lab):
    plan, artifacts = lab
    project = argo_objects(artifacts)["gitops/argocd/appproject.yaml"]
    assert project["kind"] == "AppProject" and project["metadata"]["name"] == "three-slices"
    assert project["metadata"]["namespace"] == "argocd"
    namespaces = {
        "three-slices-core",
        "three-slices-embb",
        "three-slices-urllc",
        "three-slices-miot",
        "three-slices-ran",
    }
    expected = [{"server": IN_CLUSTER, "namespace": ns} for ns in sorted(namespaces)]
    assert project["spec"]["destinations"] == expected
    assert project["spec"]["sourceRepos"] == [
        "https://git.example.net/5g/network.git",
        "https://gradiant.github.io/5g-charts",
    ]
    assert project["spec"]["clusterResourceWhitelist"] == [{"group": "", "kind": "Namespace"}]
    # Every Application of the network is in the project and deploys to one of its destinations.
    allowed = [dict(d) for d in project["spec"]["destinations"]]
    for app in applications(artifacts):
        if app["metadata"]["name"] == plan.network:  # the root: project default, Argo CD's own namespace
            assert app["spec"]["project"] == "default"
            assert app["spec"]["destination"] == {"server": IN_CLUSTER, "namespace": "argocd"}
            continue
        assert app["spec"]["project"] == "three-slices"
        assert app["spec"]["destination"] in allowed


def cluster_of(plan: Plan, site: str) -> str:
    """How an Argo CD destination names the cluster a site's objects go to (its apply site's)."""
    target = plan.site(plan.site(site).apply_site)
    return target.cluster_server or target.cluster_name


def test_appproject_destinations_follow_each_sites_apply_cluster(duo):
    engine, plan, artifacts = duo
    project = argo_objects(artifacts)["gitops/argocd/appproject.yaml"]
    pairs = {(d.get("server") or d["name"], d["namespace"]) for d in project["spec"]["destinations"]}
    # Exactly the namespaces the site folders' objects use and the releases', on their apply cluster.
    expected = {(cluster_of(plan, r.site), r.namespace) for r in plan.releases}
    for artifact in artifacts:
        if artifact.kustomize:
            expected |= {
                (
                    cluster_of(plan, artifact.site),
                    d["metadata"]["name"] if d["kind"] == "Namespace" else d["metadata"]["namespace"],
                )
                for d in artifact.documents
            }
    assert pairs == expected
    if engine == "nsm":  # each site on its own cluster: uk by its registered name
        assert {
            (BERLIN, "duo-core"),
            (BERLIN, "duo-embb"),
            (BERLIN, "duo-urllc"),
            ("uk", "duo-embb"),
            ("uk", "duo-ran"),
        } <= pairs
    else:  # Liqo: everything is applied to the home cluster and offloaded from there
        assert {cluster for cluster, _ in pairs} == {BERLIN}
        assert {(BERLIN, ns) for ns in ("duo-core", "duo-embb", "duo-urllc", "duo-ran")} <= pairs
    for app in applications(artifacts):
        if app["spec"]["project"] == "duo":
            destination = app["spec"]["destination"]
            assert (destination.get("server") or destination["name"], destination["namespace"]) in pairs


def exactly_once_references(artifacts: list[Artifact], plan: Plan) -> tuple[Counter, Counter]:
    """(site folders named by an Application's path, helm folders named by a valueFiles entry), counted."""
    prefix = plan.gitops.path
    folders: Counter = Counter()
    values: Counter = Counter()
    for app in applications(artifacts):
        for source in app["spec"].get("sources", [app["spec"].get("source")]):
            if "path" in source and source["path"] != f"{prefix}/gitops/argocd":
                folders[source["path"].removeprefix(prefix + "/")] += 1
            for value_file in source.get("helm", {}).get("valueFiles", []):
                values[value_file.removeprefix(f"$values/{prefix}/").removesuffix("/values.yaml")] += 1
    return folders, values


@pytest.mark.parametrize("case", ["lab", "nsm", "liqo"])
def test_every_site_folder_and_release_is_referenced_by_exactly_one_application(case, lab, tmp_path):
    plan, artifacts = lab if case == "lab" else two_sites(tmp_path, case)
    site_folders = {
        a.path.removesuffix("/kustomization.yaml")
        for a in artifacts
        if a.path.startswith("sites/") and a.path.endswith("/kustomization.yaml")
    }
    helm_folders = {
        a.path.removesuffix("/values.yaml")
        for a in artifacts
        if a.path.startswith("sites/") and a.path.endswith("/values.yaml")
    }
    assert len(helm_folders) == len(plan.releases)
    folders, values = exactly_once_references(artifacts, plan)
    assert folders == Counter(site_folders)
    assert values == Counter(helm_folders)
    # One Application per site folder, one per release, plus the root: nothing else.
    assert len(applications(artifacts)) == len(site_folders) + len(plan.releases) + 1


def test_release_applications_are_multi_source_with_a_values_ref(lab):
    plan, artifacts = lab
    paths = {a.path for a in artifacts}
    by_name = {app["metadata"]["name"]: app for app in applications(artifacts)}
    for release in plan.releases:
        app = by_name[release.name]
        chart, values = app["spec"]["sources"]
        assert "source" not in app["spec"]
        assert chart == {
            "repoURL": release.repo,
            "chart": release.chart,
            "targetRevision": release.version,
            "helm": {
                "releaseName": release.name,
                "valueFiles": [
                    f"$values/out/three-slices/sites/{release.site}/helm/{release.name}/values.yaml"
                ],
            },
        }
        assert values == {
            "repoURL": "https://git.example.net/5g/network.git",
            "targetRevision": "main",
            "ref": "values",
        }
        assert f"sites/{release.site}/helm/{release.name}/values.yaml" in paths
        assert app["spec"]["destination"]["namespace"] == release.namespace
        assert app["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"]
        assert app["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
        assert app["spec"]["syncPolicy"]["retry"]["limit"] < 0  # retries until what it needs is there


def test_waves_put_namespaces_before_the_core_before_smfs_before_upfs(lab):
    plan, artifacts = lab
    objects = argo_objects(artifacts)
    waves = {o["metadata"]["name"]: wave(o) for o in objects.values() if "annotations" in o["metadata"]}
    site = waves["three-slices-berlin-site"]
    assert waves["three-slices"] < site  # the AppProject, before any Application names it
    assert site == WAVES["namespaces"] < waves["three-slices-core"] == WAVES["core"]
    for slice_plan in plan.slices:
        smf = waves[slice_plan.smf.release.name]
        assert waves["three-slices-core"] < smf == WAVES["smf"]
        for upf in slice_plan.upfs:
            assert smf < waves[upf.release.name] == WAVES["upf"]
    root = objects["gitops/argocd/root.yaml"]
    assert "annotations" not in root["metadata"] and "finalizers" not in root["metadata"]
    assert root["spec"]["source"]["path"] == "out/three-slices/gitops/argocd"


def test_every_object_carries_the_network_labels(lab, duo):
    for plan, artifacts in (lab, duo[1:]):
        for document in argo_objects(artifacts).values():
            labels = document["metadata"]["labels"]
            assert labels["app.kubernetes.io/managed-by"] == "n5gc"
            assert labels["n5gc.io/network"] == plan.network
            assert labels["app.kubernetes.io/part-of"] == plan.network


def test_artifacts_verify_and_are_not_site_manifests(lab, duo):
    for _, artifacts in (lab, duo[1:]):
        mine = [a for a in artifacts if a.path.startswith("gitops/argocd/")]
        assert mine and all(a.site is None and not a.kustomize for a in mine)
        assert {a.schema for a in mine} == {
            "crd/argoproj.io/application",
            "crd/argoproj.io/appproject",
            "kustomization",
        }
        verify(mine)


def write_tree(artifacts: list[Artifact], folder: Path) -> None:
    for artifact in artifacts:
        path = folder / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(artifact.to_bytes())


@pytest.mark.parametrize("case", ["lab", "nsm", "liqo"])
def test_kubectl_kustomize_builds_gitops_argocd_into_every_object(case, lab, tmp_path, k8s_tools):
    plan, artifacts = lab if case == "lab" else two_sites(tmp_path, case)
    write_tree(artifacts, tmp_path / "out")
    built = subprocess.run(
        [k8s_tools["kubectl"], "kustomize", str(tmp_path / "out" / "gitops" / "argocd")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    objects = [d for d in yaml.safe_load_all(built.stdout) if d]
    key = lambda o: (o["kind"], o["metadata"]["namespace"], o["metadata"]["name"])  # noqa: E731
    assert sorted(map(key, objects)) == sorted(map(key, argo_objects(artifacts).values()))
    assert {o["metadata"]["namespace"] for o in objects} == {plan.gitops.namespace}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("out/three-slices", "out/three-slices/sites/berlin"),
        ("./out/x/", "out/x/sites/berlin"),
        (".", "sites/berlin"),
        ("", "sites/berlin"),
    ],
)
def test_repository_paths_are_relative_to_the_repository_root(path, expected, lab):
    plan = replace(lab[0], gitops=replace(lab[0].gitops, path=path))
    assert argocd.repo_path(plan, "sites/berlin") == expected


def test_a_release_folder_missing_from_the_plan_is_a_compiler_bug(lab):
    """A Helm release that some target writes but the plan does not list would never be deployed."""
    plan = lab[0]
    upf = plan.slices[0].upfs[0].release
    partial = replace(plan, releases=tuple(r for r in plan.releases if r != upf))
    tree = tuple(a for a in render_all(plan, analyse(EXAMPLE).secrets) if not a.path.startswith("gitops/"))
    with pytest.raises(CompilerBug, match=f"sites/berlin/helm/{upf.name}"):
        argocd.TARGET.render(partial, tree)


COMMITTED = sorted((REPO / "out").glob("*/gitops/argocd/kustomization.yaml"))


@pytest.mark.parametrize("kustomization", COMMITTED, ids=lambda p: p.parts[-4])
def test_committed_gitops_argocd_folders_build_with_kubectl_kustomize(kustomization: Path, k8s_tools):
    built = subprocess.run(
        [k8s_tools["kubectl"], "kustomize", str(kustomization.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    kinds = Counter(d["kind"] for d in yaml.safe_load_all(built.stdout) if d)
    assert kinds["AppProject"] == 1 and kinds["Application"] >= 3
