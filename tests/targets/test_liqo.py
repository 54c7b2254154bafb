"""liqo target and the Liqo placement: NamespaceOffloadings valid against the upstream CRD, offloaded
workloads pinned to the remote virtual node, local ones kept off it, OutOfBand vs InBand exposure,
and the checks that keep Liqo's strategies and name resolution consistent with the placement."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import compile_intent

from n5gc.diagnostics import Severity
from n5gc.frontend import analyse
from n5gc.plan.ir import Plan
from n5gc.plan.placement import LIQO_REMOTE_CLUSTER, LIQO_TYPE, LIQO_VIRTUAL_NODE, STAY_LOCAL
from n5gc.targets import liqo
from n5gc.targets.base import Artifact
from n5gc.verify import document_problems

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CRD = "liqo/deployments/liqo/charts/liqo-crds/crds/offloading.liqo.io_namespaceoffloadings.yaml"
VIRTUAL_NODE = {LIQO_TYPE: LIQO_VIRTUAL_NODE}


@pytest.fixture(scope="module")
def up_offload() -> tuple[Plan, list[Artifact]]:
    return compile_intent(EXAMPLES / "liqo-up-offload.yaml")


@pytest.fixture(scope="module")
def cp_offload() -> tuple[Plan, list[Artifact]]:
    return compile_intent(EXAMPLES / "liqo-cp-offload.yaml")


def by_path(artifacts: list[Artifact]) -> dict[str, Artifact]:
    return {a.path: a for a in artifacts}


def values(artifacts: list[Artifact], site: str, release: str) -> dict[str, Any]:
    return by_path(artifacts)[f"sites/{site}/helm/{release}/values.yaml"].documents[0]


def offloadings(artifacts: list[Artifact]) -> dict[str, dict[str, Any]]:
    return {a.documents[0]["metadata"]["namespace"]: a.documents[0] for a in artifacts if "/liqo/" in a.path}


def selected_clusters(offloading: dict[str, Any]) -> set[str]:
    terms = offloading["spec"]["clusterSelector"]["nodeSelectorTerms"]
    return {
        v
        for t in terms
        for e in t["matchExpressions"]
        if e["key"] == LIQO_REMOTE_CLUSTER
        for v in e["values"]
    }


@pytest.fixture(scope="module")
def crd_validator(upstream: Path) -> Draft202012Validator:
    """The upstream CRD's openAPIV3Schema (Liqo v1.2), as a JSON Schema."""
    path = upstream / CRD
    if not path.is_file():
        pytest.skip(f"upstream Liqo CRD not found at {path}")
    crd = yaml.safe_load(path.read_text())
    version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1beta1")
    return Draft202012Validator(version["schema"]["openAPIV3Schema"])


# --- NamespaceOffloading ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["up_offload", "cp_offload"])
def test_offloadings_validate_against_upstream_crd_and_project_schema(scenario, request, crd_validator):
    _, artifacts = request.getfixturevalue(scenario)
    found = [a for a in artifacts if "/liqo/" in a.path]
    assert found
    for artifact in found:
        assert artifact.schema == "crd/offloading.liqo.io/namespaceoffloading" and artifact.kustomize
        for document in artifact.documents:
            assert not list(crd_validator.iter_errors(document))
            assert document["apiVersion"] == "offloading.liqo.io/v1beta1"
            assert document["metadata"]["name"] == "offloading"  # the only name Liqo reads
            assert not document_problems(artifact.schema, document)


def test_up_offload_offloads_the_slices_whose_user_plane_is_remote(up_offload):
    _, artifacts = up_offload
    found = offloadings(artifacts)
    assert set(found) == {"liqo-up-offload-embb", "liqo-up-offload-urllc"}
    for offloading in found.values():
        assert selected_clusters(offloading) == {"milan"}
        assert offloading["spec"]["podOffloadingStrategy"] == "LocalAndRemote"
        assert offloading["spec"]["namespaceMappingStrategy"] == "EnforceSameName"
    # Flux applies the tree: no Argo CD wave annotation.
    assert all("annotations" not in o["metadata"] for o in found.values())


def test_cp_offload_offloads_the_core_and_the_namespaces_its_pods_reach(cp_offload):
    _, artifacts = cp_offload
    found = offloadings(artifacts)
    # core: every control-plane pod runs in cloud; slices: the SMFs (cloud) reach their UPFs' Services.
    assert set(found) == {"liqo-cp-offload-core", "liqo-cp-offload-embb", "liqo-cp-offload-urllc"}
    assert all(selected_clusters(o) == {"cloud"} for o in found.values())
    assert all(o["metadata"]["annotations"] == {"argocd.argoproj.io/sync-wave": "-1"} for o in found.values())


def test_every_site_folder_is_a_kustomize_root(up_offload, cp_offload):
    for plan, artifacts in (up_offload, cp_offload):
        paths = set(by_path(artifacts))
        for site in plan.sites:
            assert f"sites/{site.name}/kustomization.yaml" in paths, site.name


def test_every_folder_is_applied_to_the_home_cluster(up_offload, cp_offload):
    assert {s.apply_site for s in up_offload[0].sites} == {"turin"}
    assert {s.apply_site for s in cp_offload[0].sites} == {"campus"}
    # Namespaces are created once, by the home folder.
    assert not cp_offload[0].site("cloud").namespaces


# --- placement of the workloads -------------------------------------------------------------------


def test_offloaded_user_planes_are_pinned_to_the_remote_virtual_node(up_offload):
    plan, artifacts = up_offload
    for s in plan.slices:
        for upf in s.upfs:
            chart = values(artifacts, upf.release.site, upf.release.name)
            if s.name in ("embb", "urllc"):
                assert chart["nodeSelector"] == {LIQO_REMOTE_CLUSTER: "milan", **VIRTUAL_NODE}
                assert "affinity" not in chart
            else:
                assert chart["affinity"] == STAY_LOCAL and "nodeSelector" not in chart
        smf = values(artifacts, "turin", s.smf.release.name)
        assert smf["affinity"] == STAY_LOCAL and "nodeSelector" not in smf


def test_local_control_plane_and_ran_stay_off_virtual_nodes(up_offload):
    plan, artifacts = up_offload
    core = values(artifacts, "turin", plan.core.release.name)
    for nf, _ in plan.core.fullnames:
        assert core[nf]["affinity"] == STAY_LOCAL and "nodeSelector" not in core[nf]
    for document in by_path(artifacts)["sites/turin/ran/gnb-gnb1.yaml"].documents:
        if document["kind"] == "Deployment":
            assert document["spec"]["template"]["spec"]["affinity"] == STAY_LOCAL


def test_offloaded_control_plane_every_nf_and_the_provisioning_job(cp_offload):
    plan, artifacts = cp_offload
    pinned = {LIQO_REMOTE_CLUSTER: "cloud", **VIRTUAL_NODE}
    core = values(artifacts, "cloud", plan.core.release.name)
    assert all(core[nf]["nodeSelector"] == pinned for nf, _ in plan.core.fullnames)
    for s in plan.slices:
        assert values(artifacts, "cloud", s.smf.release.name)["nodeSelector"] == pinned
        assert values(artifacts, "campus", s.upfs[0].release.name)["affinity"] == STAY_LOCAL
    subscribers = by_path(artifacts)["sites/cloud/core/subscribers.yaml"]
    job = next(d for d in subscribers.documents if d["kind"] == "Job")
    assert job["spec"]["template"]["spec"]["nodeSelector"] == pinned


# --- N2/N3 across clusters: the fabric, in both peering modes -------------------------------------


def with_text(tmp_path: Path, example: str, *edits: tuple[str, str]) -> Path:
    """An example intent (and its secrets) with textual edits, each of which must apply."""
    text = (EXAMPLES / f"{example}.yaml").read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "net.yaml").write_text(text)
    (tmp_path / "net.secrets.yaml").write_text((EXAMPLES / f"{example}.secrets.yaml").read_text())
    return tmp_path / "net.yaml"


@pytest.mark.parametrize("peering", ["OutOfBand", "InBand"])
def test_no_service_pretends_to_carry_gtpu(tmp_path, peering):
    """GTP-U goes to the address the UPF advertises, on 2152: a node port would never be used."""
    intent = with_text(tmp_path, "liqo-up-offload", ("peering: OutOfBand", f"peering: {peering}"))
    plan, artifacts = compile_intent(intent)
    crossing = [link for link in plan.links if link.interface == "n3" and link.crosses_sites]
    assert crossing, "the gNB (turin) reaches the eMBB/URLLC UPFs (milan)"
    for s in plan.slices:
        for upf in s.upfs:
            chart = values(artifacts, upf.release.site, upf.release.name)
            assert "services" not in chart  # the chart's own ClusterIP Service, never a NodePort
            # GTP-U stays on the pod's eth0 (the chart's default): the address PFCP advertises.
            assert not chart["config"].get("upf", {}).get("gtpu", {}).get("advertise")
    texts = "\n".join(a.text or yaml.safe_dump_all(a.documents) for a in artifacts)
    assert "NodePort" not in texts and "nodePort" not in texts


def test_n2_across_clusters_keeps_the_intents_service_type(tmp_path):
    """OutOfBand made the AMF's NGAP a NodePort 30412: the gNB dials the Service name on 38412."""
    intent = with_text(tmp_path, "liqo-cp-offload", ("peering: InBand", "peering: OutOfBand"))
    plan, artifacts = compile_intent(intent)
    assert any(link.interface == "n2" and link.crosses_sites for link in plan.links)
    assert (plan.core.n2_service, plan.core.n2_node_port) == ("ClusterIP", None)
    ngap = values(artifacts, "cloud", plan.core.release.name)["amf"]["services"]["ngap"]
    assert ngap == {"type": "ClusterIP"}
    # The Service the gNB's config names exists in the gNB's cluster: the home one, or a reflection.
    [gnb] = plan.gnbs
    reached = {plan.liqo.home_cluster} | selected_clusters(offloadings(artifacts)[plan.core.namespace])  # type: ignore[union-attr]
    assert plan.site(gnb.site).cluster_name in reached


def test_readme_writes_the_packet_paths(up_offload, cp_offload):
    readme = by_path(up_offload[1])["README.md"].text or ""
    assert "## Liqo" in readme and "Peering **OutOfBand** decides only where Liqo's own control" in readme
    assert "sites/milan/liqo/liqo-up-offload-embb.yaml" in readme
    assert "node port" not in readme.lower().replace("no service or node port", "")
    path = (
        "N3 `liqo-up-offload-gnb1` (turin) → `liqo-up-offload-embb-upf1` (milan): the gNB's pod → its node "
        "(Geneve) → Liqo gateway of turin → WireGuard tunnel → Liqo gateway of milan → the UPF's node "
        "(Geneve) → the UPF pod's `eth0`, UDP 2152\n"
    )
    assert path in readme
    row = (
        "| N3 | `liqo-up-offload-gnb1` (turin) | `liqo-up-offload-embb-upf1` (milan) | Liqo network fabric, "
    )
    assert row + "to the UPF pod's own address" in readme
    other = by_path(cp_offload[1])["README.md"].text or ""
    assert "Peering **InBand**" in other and "→ cluster `campus`" in other
    assert (
        "N2 `liqo-cp-offload-gnb1` (campus) → `liqo-cp-offload-core` (cloud): the gNB's pod → Service"
        in other
    )


def test_no_liqo_artifacts_without_liqo():
    plan, artifacts = compile_intent(EXAMPLES / "three-slices.yaml")
    assert plan.liqo is None and not liqo.TARGET.applies(plan)
    assert not [a for a in artifacts if "/liqo/" in a.path]


# --- checks ------------------------------------------------------------------------------------------


def diagnostics_of(tmp_path: Path, text: str) -> list:
    (tmp_path / "net.yaml").write_text(text)
    return analyse(tmp_path / "net.yaml").report.sorted()


@pytest.mark.parametrize(
    ("edit", "code", "severity"),
    [
        ("peering: OutOfBand, home: turin}", "N5G604", Severity.WARNING),
        (
            "peering: OutOfBand, home: turin, namespaceMappingStrategy: DefaultName}",
            "N5G604",
            Severity.WARNING,
        ),
        ("peering: OutOfBand, home: turin, podOffloadingStrategy: Local}", "N5G605", Severity.ERROR),
        ("peering: OutOfBand, home: turin, podOffloadingStrategy: Remote}", "N5G605", Severity.ERROR),
    ],
)
def test_checks_on_liqo_options(tmp_path, edit, code, severity):
    text = (EXAMPLES / "liqo-up-offload.yaml").read_text().replace("peering: OutOfBand, home: turin}", edit)
    if edit.endswith("turin}"):  # the first row: a remote cluster with another DNS domain
        text = text.replace(
            "serviceCidr: 10.53.0.0/16", "serviceCidr: 10.53.0.0/16\n      clusterDomain: milan.local"
        )
    found = [d for d in diagnostics_of(tmp_path, text) if d.code == code]
    assert found and all(d.severity is severity for d in found)
    assert all(d.location is not None and d.location.line for d in found)


MILAN_POD_CIDR = "      podCidr: 10.52.0.0/16\n"


@pytest.mark.parametrize("peering", ["OutOfBand", "InBand"])
@pytest.mark.parametrize(
    ("edit", "code", "where"),
    [
        ((MILAN_POD_CIDR, ""), "N5G620", "milan"),  # undeclared: nothing to check the addresses against
        ((MILAN_POD_CIDR, MILAN_POD_CIDR.replace("10.52", "10.42")), "N5G621", "10.42.0.0/16"),
        ((MILAN_POD_CIDR, MILAN_POD_CIDR.replace("10.52.0.0/16", "10.0.0.0/8")), "N5G621", "10.0.0.0/8"),
    ],
)
def test_n3_across_clusters_needs_disjoint_declared_pod_cidrs(tmp_path, peering, edit, code, where):
    """The gNB (turin) sends GTP-U to the UPF pod's own address in milan: only NAT-less routing gets there."""
    text = (EXAMPLES / "liqo-up-offload.yaml").read_text()
    assert edit[0] in text
    text = text.replace(edit[0], edit[1]).replace("peering: OutOfBand", f"peering: {peering}")
    found = [d for d in diagnostics_of(tmp_path, text) if d.code == code]
    assert len(found) == 1 and found[0].severity is Severity.ERROR  # one per site / site pair
    assert 'UPF of slice "embb" #1 (site milan)' in found[0].message and where in found[0].message
    line = text.splitlines()[found[0].location.line - 1]  # type: ignore[union-attr]
    assert where in line  # the site's name, or the overlapping podCidr


def test_pod_cidrs_matter_only_where_n2_n3_f1_cross_under_liqo(tmp_path):
    """Undeclared pod CIDRs are fine when nothing crosses, or when NSM carries N3 (its vL3 address)."""
    text = (EXAMPLES / "liqo-up-offload.yaml").read_text().replace(MILAN_POD_CIDR, "")
    at_home = text.replace("userPlane: {site: milan", "userPlane: {site: turin")
    assert at_home.count("site: turin, instances") + at_home.count("userPlane: {site: turin}") == 2
    nsm = text.replace(
        "engine: liqo\n    liqo: {peering: OutOfBand, home: turin}",
        "engine: nsm\n    nsm: {interfaces: [n3, n4]}",
    )
    assert nsm != text
    for variant in (at_home, nsm):
        codes = {d.code for d in diagnostics_of(tmp_path, variant)}
        assert not codes & {"N5G620", "N5G621"}, codes


def test_the_examples_raise_no_multicluster_diagnostic():
    for name in ("liqo-up-offload", "liqo-cp-offload"):
        codes = [d.code for d in analyse(EXAMPLES / f"{name}.yaml").report.diagnostics]
        assert not [c for c in codes if c.startswith("N5G6")], codes


def test_plan_json_carries_the_liqo_decisions(up_offload):
    data = json.loads(json.dumps(up_offload[0].to_dict()))
    assert data["liqo"]["home"] == "turin" and data["liqo"]["offloaded"][0]["site"] == "milan"
