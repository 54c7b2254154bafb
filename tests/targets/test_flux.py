"""flux target: one self-contained entry point per cluster (GitRepository, HelmRepository, Kustomizations),
HelmReleases whose values come from a configMapGenerator over a byte-identical copy of values.yaml,
dependsOn ordering (site folders < releases; core < SMF < UPF), and kustomizations that plain
`kubectl kustomize` builds."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import TWO_SITES, compile_intent

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import HelmRelease, Plan
from n5gc.products.packaging import ChartSource
from n5gc.targets import flux
from n5gc.targets.base import Artifact
from n5gc.verify import verify

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "three-slices.yaml"

BERLIN = "https://berlin.example.net:6443"
MULTICLUSTER = {"nsm": "{engine: nsm, nsm: {interfaces: [n2, n3, n4]}}", "liqo": "{engine: liqo}"}


def two_sites(folder: Path, multicluster: str) -> tuple[Plan, list[Artifact]]:
    intent = folder / f"duo-{multicluster}.yaml"
    intent.write_text(
        TWO_SITES % {"berlin": BERLIN, "multicluster": MULTICLUSTER[multicluster], "engine": "flux"}
    )
    return compile_intent(intent)


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, tuple[Plan, list[Artifact]]]:
    """prod (one cluster, two eMBB UPFs), nsm (two clusters), liqo (everything on the home cluster)."""
    folder = tmp_path_factory.mktemp("duo")
    result = {"prod": compile_intent(EXAMPLE, [REPO / "overlays" / "prod" / "three-slices.yaml"])}
    result.update({case: two_sites(folder, case) for case in MULTICLUSTER})
    return result


CASES = ["prod", "nsm", "liqo"]


def flux_objects(artifacts: list[Artifact], cluster: str | None = None) -> list[dict]:
    """Every Flux object (of one cluster's folder, or of all)."""
    prefix = f"gitops/flux/{cluster}/" if cluster else "gitops/flux/"
    return [
        document
        for a in artifacts
        if a.path.startswith(prefix) and a.schema.startswith("crd/")
        for document in a.documents
    ]


def of_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def entry_points(artifacts: list[Artifact]) -> set[str]:
    return {a.path.split("/")[2] for a in artifacts if a.path.startswith("gitops/flux/")}


def test_applies_only_when_the_engine_is_flux(cases):
    assert flux.TARGET.applies(cases["prod"][0])
    lab = analyse(EXAMPLE, [REPO / "overlays" / "lab" / "three-slices.yaml"])
    assert not flux.TARGET.applies(build_plan(lab.network))
    no_gitops = build_plan(analyse(REPO / "examples" / "lab.yaml").network)
    assert no_gitops.gitops is None and not flux.TARGET.applies(no_gitops)


def test_one_entry_point_per_cluster_of_an_apply_site(cases):
    assert entry_points(cases["prod"][1]) == {"berlin", "hamburg"}  # eMBB's UPFs run in hamburg
    assert entry_points(cases["nsm"][1]) == {"berlin", "uk"}
    assert entry_points(cases["liqo"][1]) == {"berlin"}  # Liqo: uk's folder is applied to the home cluster


@pytest.mark.parametrize("case", CASES)
def test_each_entry_point_is_self_contained(case, cases):
    plan, artifacts = cases[case]
    for cluster in entry_points(artifacts):
        objects = flux_objects(artifacts, cluster)
        sources = {("GitRepository", n) for n in of_kind(objects, "GitRepository")}
        sources |= {("HelmRepository", n) for n in of_kind(objects, "HelmRepository")}
        assert ("GitRepository", plan.network) in sources
        for kustomization in of_kind(objects, "Kustomization").values():
            ref = kustomization["spec"]["sourceRef"]
            assert (ref["kind"], ref["name"]) in sources
        for release in of_kind(objects, "HelmRelease").values():
            ref = release["spec"]["chart"]["spec"]["sourceRef"]
            assert (ref["kind"], ref["name"]) in sources
        git = of_kind(objects, "GitRepository")[plan.network]["spec"]
        assert git["url"] == plan.gitops.repo_url and git["ref"] == {"branch": "main"}
        # The entry point keeps itself in sync from Git once applied.
        sync = of_kind(objects, "Kustomization")[plan.network]["spec"]
        assert sync["path"] == f"./{plan.gitops.path}/gitops/flux/{cluster}" and sync["prune"] is True


@pytest.mark.parametrize("case", CASES)
def test_every_site_folder_and_release_is_referenced_exactly_once(case, cases):
    plan, artifacts = cases[case]
    site_folders = {
        a.path.removesuffix("/kustomization.yaml")
        for a in artifacts
        if a.path.startswith("sites/") and a.path.endswith("/kustomization.yaml")
    }
    objects = flux_objects(artifacts)
    paths = Counter(
        k["spec"]["path"].removeprefix(f"./{plan.gitops.path}/")
        for k in objects
        if k["kind"] == "Kustomization"
    )
    assert Counter({p: n for p, n in paths.items() if p.startswith("sites/")}) == Counter(site_folders)
    releases = Counter(r["spec"]["releaseName"] for r in objects if r["kind"] == "HelmRelease")
    assert releases == Counter(r.name for r in plan.releases)
    files = {a.path: a for a in artifacts}
    helm_releases = of_kind(objects, "HelmRelease")
    for release in plan.releases:
        spec = helm_releases[release.name]["spec"]
        assert (spec["targetNamespace"], spec["storageNamespace"]) == (release.namespace, release.namespace)
        chart = spec["chart"]["spec"]
        assert (chart["chart"], chart["version"]) == (release.chart, release.version)
        assert f"sites/{release.site}/helm/{release.name}/release.yaml" in files


@pytest.mark.parametrize("case", CASES)
def test_values_are_a_byte_identical_copy_beside_the_helmrelease(case, cases):
    plan, artifacts = cases[case]
    files = {a.path: a for a in artifacts}
    for cluster in entry_points(artifacts):
        root = f"gitops/flux/{cluster}/releases"
        kustomization = files[f"{root}/kustomization.yaml"].documents[0]
        generated = {g["name"]: g["files"] for g in kustomization["configMapGenerator"]}
        assert kustomization["generatorOptions"]["disableNameSuffixHash"] is True
        assert kustomization["generatorOptions"]["labels"]["reconcile.fluxcd.io/watch"] == "Enabled"
        for release in of_kind(flux_objects(artifacts, cluster), "HelmRelease").values():
            name = release["metadata"]["name"]
            [reference] = release["spec"]["valuesFrom"]
            assert reference == {"kind": "ConfigMap", "name": f"{name}-values", "valuesKey": "values.yaml"}
            assert generated[reference["name"]] == [f"values.yaml={name}/values.yaml"]
            site = next(r.site for r in plan.releases if r.name == name)
            copy = files[f"{root}/{name}/values.yaml"]
            assert copy.to_bytes() == files[f"sites/{site}/helm/{name}/values.yaml"].to_bytes()


def test_depends_on_orders_sites_then_core_then_smf_then_upf(cases):
    plan, artifacts = cases["prod"]
    cluster = {r.name: plan.site(plan.site(r.site).apply_site).cluster_name for r in plan.releases}
    depends: dict[str, list[str]] = {}
    for entry in entry_points(artifacts):
        objects = flux_objects(artifacts, entry)
        kustomizations = of_kind(objects, "Kustomization")
        site = f"three-slices-{entry}-site"
        assert kustomizations["three-slices-releases"]["spec"]["dependsOn"] == [{"name": site}]
        assert "dependsOn" not in kustomizations[site]["spec"]
        assert kustomizations[site]["spec"]["wait"] is False  # its RAN waits for the core
        for name, release in of_kind(objects, "HelmRelease").items():
            assert cluster[name] == entry
            depends[name] = [d["name"] for d in release["spec"].get("dependsOn", [])]
    core = plan.core.release.name
    assert depends[core] == []
    for slice_plan in plan.slices:
        smf = slice_plan.smf.release.name
        assert depends[smf] == [core]
        for upf in slice_plan.upfs:  # after its SMF, unless that runs on another cluster (embb: hamburg)
            assert depends[upf.release.name] == ([smf] if cluster[upf.release.name] == cluster[smf] else [])
    assert {cluster[u.release.name] for u in plan.slice("embb").upfs} == {"hamburg"}
    assert len(plan.slice("embb").upfs) == 2


def test_depends_on_never_crosses_clusters(cases):
    artifacts = cases["nsm"][1]
    berlin = of_kind(flux_objects(artifacts, "berlin"), "HelmRelease")
    uk = of_kind(flux_objects(artifacts, "uk"), "HelmRelease")
    assert set(uk) == {"duo-embb-upf1", "duo-embb-upf2"}
    assert all("dependsOn" not in r["spec"] for r in uk.values())  # their SMF runs on berlin
    assert [d["name"] for d in berlin["duo-urllc-upf1"]["spec"]["dependsOn"]] == ["duo-urllc-smf"]
    uk_kustomizations = of_kind(flux_objects(artifacts, "uk"), "Kustomization")
    assert uk_kustomizations["duo-releases"]["spec"]["dependsOn"] == [{"name": "duo-uk-site"}]


def test_site_folders_depend_on_the_folder_that_creates_their_namespaces(cases):
    """Liqo: every folder goes to the home cluster, where the home site's folder creates the namespaces."""
    kustomizations = of_kind(flux_objects(cases["liqo"][1], "berlin"), "Kustomization")
    assert kustomizations["duo-uk-site"]["spec"]["dependsOn"] == [{"name": "duo-berlin-site"}]
    assert "dependsOn" not in kustomizations["duo-berlin-site"]["spec"]
    assert kustomizations["duo-releases"]["spec"]["dependsOn"] == [
        {"name": "duo-berlin-site"},
        {"name": "duo-uk-site"},
    ]
    for cluster in ("berlin", "uk"):  # NSM: each site creates its own namespaces
        site = of_kind(flux_objects(cases["nsm"][1], cluster), "Kustomization")[f"duo-{cluster}-site"]
        assert "dependsOn" not in site["spec"]


def test_every_object_carries_the_network_labels_and_verifies(cases):
    for plan, artifacts in cases.values():
        for document in flux_objects(artifacts):
            labels = document["metadata"]["labels"]
            assert labels["app.kubernetes.io/managed-by"] == "n5gc"
            assert labels["n5gc.io/network"] == plan.network
            assert document["metadata"]["namespace"] == "flux-system"
        mine = [a for a in artifacts if a.path.startswith("gitops/flux/")]
        assert all(a.site is None and not a.kustomize for a in mine)
        verify(mine)


@pytest.mark.parametrize(
    ("revision", "ref"),
    [
        ("main", {"branch": "main"}),
        ("refs/tags/v1.2.0", {"name": "refs/tags/v1.2.0"}),
        ("0123456789abcdef0123456789abcdef01234567", {"commit": "0123456789abcdef0123456789abcdef01234567"}),
    ],
)
def test_git_ref_is_typed(revision, ref):
    assert flux.git_ref(revision) == ref


def test_git_ignore_keeps_exactly_the_networks_folder(cases, tmp_path):
    """The GitRepository's `ignore` rules, checked by git itself (Flux reads gitignore syntax)."""
    rules = flux.git_ignore(cases["prod"][0])
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(rules)
    paths = [
        "out/three-slices-prod/sites/berlin/kustomization.yaml",
        "out/three-slices-prod/gitops/flux/berlin/sync.yaml",
        "out/lab/README.md",
        "examples/three-slices.yaml",
        "n5gc.yaml",
    ]
    ignored = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "--no-index", *paths],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert ignored == ["out/lab/README.md", "examples/three-slices.yaml", "n5gc.yaml"]


def write_tree(artifacts: list[Artifact], folder: Path) -> None:
    for artifact in artifacts:
        path = folder / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(artifact.to_bytes())


def kustomize(kubectl: str, folder: Path) -> list[dict]:
    """Plain `kubectl kustomize` (default load restrictor: files inside the folder only)."""
    built = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    return [d for d in yaml.safe_load_all(built.stdout) if d]


@pytest.mark.parametrize("case", CASES)
def test_kubectl_kustomize_builds_every_kustomization_under_gitops(case, cases, tmp_path, k8s_tools):
    plan, artifacts = cases[case]
    write_tree(artifacts, tmp_path)
    key = lambda o: (o["kind"], o["metadata"]["namespace"], o["metadata"]["name"])  # noqa: E731
    roots = sorted((tmp_path / "gitops").rglob("kustomization.yaml"))
    assert len(roots) == 2 * len(entry_points(artifacts))
    for cluster in entry_points(artifacts):
        entry = tmp_path / "gitops" / "flux" / cluster
        listed = [o for o in flux_objects(artifacts, cluster) if o["kind"] != "HelmRelease"]
        assert sorted(map(key, kustomize(k8s_tools["kubectl"], entry))) == sorted(map(key, listed))
        built = kustomize(k8s_tools["kubectl"], entry / "releases")
        releases = of_kind(built, "HelmRelease")
        config_maps = of_kind(built, "ConfigMap")
        assert set(releases) == set(of_kind(flux_objects(artifacts, cluster), "HelmRelease"))
        for name, release in releases.items():
            config_map = config_maps[release["spec"]["valuesFrom"][0]["name"]]
            assert config_map["metadata"]["namespace"] == plan.gitops.namespace
            assert config_map["metadata"]["labels"]["reconcile.fluxcd.io/watch"] == "Enabled"
            values = (entry / "releases" / name / "values.yaml").read_text()
            assert config_map["data"] == {"values.yaml": values}
        assert len(config_maps) == len(releases)


def test_a_release_without_slice_depends_on_every_release_of_the_wave_below():
    """A RAN release (wave "ran", no slice, e.g. a gNB chart) waits for every UPF of its cluster."""

    def release(name: str, role: str, slice_name: str | None = None) -> HelmRelease:
        source = ChartSource("https://charts", "chart", "1")
        return HelmRelease(name, "ns", "site", source, role, slice_name)  # type: ignore[arg-type]

    core, smf_a, smf_b = release("core", "core"), release("a-smf", "smf", "a"), release("b-smf", "smf", "b")
    upf_a, upf_b, ran = release("a-upf1", "upf", "a"), release("b-upf1", "upf", "b"), release("gnb", "ran")
    cluster = [core, smf_a, smf_b, upf_a, upf_b, ran]
    assert flux.dependencies(core, cluster) == []
    assert flux.dependencies(smf_b, cluster) == [core]
    assert flux.dependencies(upf_a, cluster) == [smf_a]
    assert flux.dependencies(upf_a, [core, upf_a]) == [core]  # its SMF runs on another cluster
    assert flux.dependencies(ran, cluster) == [upf_a, upf_b]


COMMITTED = sorted((REPO / "out").glob("*/gitops/flux/**/kustomization.yaml"))


@pytest.mark.parametrize("kustomization", COMMITTED, ids=lambda p: str(p.parent.relative_to(REPO / "out")))
def test_committed_gitops_flux_folders_build_with_kubectl_kustomize(kustomization: Path, k8s_tools):
    objects = kustomize(k8s_tools["kubectl"], kustomization.parent)
    kinds = Counter(o["kind"] for o in objects)
    if kustomization.parent.name == "releases":  # one values ConfigMap per HelmRelease
        assert kinds["HelmRelease"] == kinds["ConfigMap"] >= 1 and len(kinds) == 2
    else:
        assert kinds["GitRepository"] == 1 and kinds["Kustomization"] >= 2
