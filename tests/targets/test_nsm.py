"""nsm target and the NSM placement: one vL3 network per listed interface (NetworkService valid against
the upstream CRD, vL3 IPAM with a planner-chosen transit CIDR, one vL3 endpoint per site), the
`networkservicemesh.io` annotation on both ends of each interface, and the NFs binding their NSM
devices and finding their peers by vL3 DNS name."""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
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
from n5gc.plan.build import transit_cidrs
from n5gc.plan.ir import Plan
from n5gc.plan.placement import NSM_ANNOTATION
from n5gc.targets import nsm, ueransim
from n5gc.targets.base import Artifact
from n5gc.verify import document_problems
from n5gc.yamlio import load_all

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CRDS = "networkservicemesh/deployments-k8s/apps/registry-k8s"


@pytest.fixture(scope="module")
def edge() -> tuple[Plan, list[Artifact]]:
    return compile_intent(EXAMPLES / "nsm-edge.yaml")


@pytest.fixture(scope="module")
def prod() -> tuple[Plan, list[Artifact]]:
    """three-slices with the prod overlay: eMBB's two UPFs in hamburg, N3 and N4 over NSM."""
    return compile_intent(EXAMPLES / "three-slices.yaml", [REPO / "overlays" / "prod" / "three-slices.yaml"])


def by_path(artifacts: list[Artifact]) -> dict[str, Artifact]:
    return {a.path: a for a in artifacts}


def values(artifacts: list[Artifact], site: str, release: str) -> dict[str, Any]:
    return by_path(artifacts)[f"sites/{site}/helm/{release}/values.yaml"].documents[0]


def of_kind(artifact: Artifact, kind: str) -> list[dict[str, Any]]:
    return [d for d in artifact.documents if d["kind"] == kind]


def env_of(deployment: dict[str, Any]) -> dict[str, Any]:
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def annotation(pod_values: dict[str, Any]) -> str:
    return pod_values["podAnnotations"][NSM_ANNOTATION]


@pytest.fixture(scope="module")
def crd_validators(upstream: Path) -> dict[str, Draft202012Validator]:
    """The upstream registry-k8s CRDs' openAPIV3Schema, by kind."""
    found = {}
    for name in ("crd-ns.yaml", "crd-nse.yaml"):
        path = upstream / CRDS / name
        if not path.is_file():
            pytest.skip(f"upstream NSM CRD not found at {path}")
        crd = yaml.safe_load(path.read_text())
        schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
        found[crd["spec"]["names"]["kind"]] = Draft202012Validator(schema)
    return found


# --- the NSM objects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["edge", "prod"])
def test_network_services_validate_against_upstream_crd_and_project_schema(scenario, request, crd_validators):
    plan, artifacts = request.getfixturevalue(scenario)
    services = [a for a in artifacts if a.path.endswith("-networkservice.yaml")]
    assert plan.nsm is not None and len(services) == len(plan.nsm.services) > 0
    for artifact in services:
        (document,) = artifact.documents
        assert artifact.schema == "crd/networkservicemesh.io/networkservice" and artifact.kustomize
        assert not list(crd_validators["NetworkService"].iter_errors(document))
        assert not document_problems(artifact.schema, document)
        assert document["apiVersion"] == "networkservicemesh.io/v1" and document["spec"] == {"payload": "IP"}
        assert document["metadata"]["namespace"] == plan.nsm.namespace


def test_one_network_per_interface_anchored_at_the_core(edge):
    plan, artifacts = edge
    assert plan.nsm is not None
    assert [(s.interface, s.name, s.anchor, s.sites) for s in plan.nsm.services] == [
        ("n2", "nsm-edge-n2", "central", ("central", "edge")),
        ("n4", "nsm-edge-n4", "central", ("central", "edge")),
    ]
    paths = set(by_path(artifacts))
    for interface in ("n2", "n4"):
        assert f"sites/central/nsm/{interface}-networkservice.yaml" in paths
        assert f"sites/edge/nsm/{interface}-networkservice.yaml" not in paths  # only the anchor owns it
        assert {f"sites/central/nsm/{interface}-vl3.yaml", f"sites/edge/nsm/{interface}-vl3.yaml"} <= paths
    assert all("nsm-edge-nsm" in plan.site(site).namespaces for site in ("central", "edge"))
    assert "nsm-edge-nsm" in plan.privileged_namespaces  # hostPath sockets of SPIRE and NSM


def test_vl3_endpoints_name_the_service_locally_at_the_anchor_and_interdomain_elsewhere(edge):
    _, artifacts = edge
    files = by_path(artifacts)
    anchor = env_of(of_kind(files["sites/central/nsm/n2-vl3.yaml"], "Deployment")[-1])
    remote = env_of(of_kind(files["sites/edge/nsm/n2-vl3.yaml"], "Deployment")[0])
    assert anchor["NSM_SERVICE_NAMES"] == "nsm-edge-n2" and anchor["NSM_NAME"] == "$(POD_NAME)"
    assert remote["NSM_SERVICE_NAMES"] == "nsm-edge-n2@central.local"
    assert remote["NSM_NAME"] == "$(POD_NAME)@central.local"
    assert anchor["NSM_PREFIX_SERVER_URL"] == "tcp://nsm-edge-n2-ipam.nsm-edge-nsm.svc.central.local:5006"
    assert remote["NSM_PREFIX_SERVER_URL"] == "tcp://nsm-edge-n2-ipam.nsm-edge-nsm.central.local:5006"
    for env in (anchor, remote):
        assert env["NSM_REGISTER_SERVICE"] == "false"
        assert env["NSM_DNS_TEMPLATES"] == '{{ index .Labels "name" }}.nsm-edge-n2.'
        assert env["POD_NAME"] == {"fieldRef": {"fieldPath": "metadata.name"}}
    assert (
        files["sites/edge/nsm/n2-vl3.yaml"].documents[0]["spec"]["template"]["spec"]["containers"][0]["image"]
        == nsm.NSE_IMAGE
    )


def test_vl3_ipam_hands_out_the_transit_cidr_and_is_reachable_from_other_clusters(edge):
    plan, artifacts = edge
    assert plan.nsm is not None
    n2 = plan.nsm.services[0]
    ipam_file = by_path(artifacts)["sites/central/nsm/n2-vl3.yaml"]
    deployment = of_kind(ipam_file, "Deployment")[0]
    (service,) = of_kind(ipam_file, "Service")
    env = env_of(deployment)
    assert env["NSM_PREFIX"] == n2.transit_cidr == "100.64.0.0/16" and env["NSM_CLIENT_PREFIX_LEN"] == "24"
    assert env["NSM_LISTEN_ON"] == "tcp://:5006"
    assert service["spec"]["type"] == "LoadBalancer" and service["spec"]["ports"][0]["port"] == 5006
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()


def test_no_network_service_endpoint_objects_are_written(edge, prod):
    for _, artifacts in (edge, prod):
        kinds = {d["kind"] for a in artifacts for d in a.documents if isinstance(d, dict) and "kind" in d}
        assert "NetworkServiceEndpoint" not in kinds  # endpoints register themselves


# --- transit CIDRs ------------------------------------------------------------------------------------


def test_transit_cidrs_avoid_pools_cluster_cidrs_and_each_other():
    taken = ["100.64.0.0/15", "10.0.0.0/8", "100.67.0.0/16"]
    found = transit_cidrs(["n2", "n3", "n4"], taken)
    assert found == {"n2": "100.66.0.0/16", "n3": "100.68.0.0/16", "n4": "100.69.0.0/16"}
    chosen = [ipaddress.ip_network(c) for c in found.values()]
    used = [ipaddress.ip_network(c) for c in taken]
    assert not any(a.overlaps(b) for a in chosen for b in used)
    assert not any(a.overlaps(b) for i, a in enumerate(chosen) for b in chosen[i + 1 :])


def test_transit_cidrs_fall_back_past_a_full_shared_space():
    assert transit_cidrs(["n3"], ["100.64.0.0/10"]) == {"n3": "172.16.0.0/16"}


# --- annotations: both ends of each interface ---------------------------------------------------------


def test_both_ends_of_each_interface_carry_the_annotation(edge):
    plan, artifacts = edge
    core = values(artifacts, "central", plan.core.release.name)
    assert annotation(core["amf"]) == "kernel://nsm-edge-n2/n2?name=nsm-edge-amf"
    assert all("podAnnotations" not in core[nf] for nf, _ in plan.core.fullnames if nf != "amf")
    smf = values(artifacts, "central", "nsm-edge-embb-smf")
    upf = values(artifacts, "edge", "nsm-edge-embb-upf1")
    assert annotation(smf) == "kernel://nsm-edge-n4/n4?name=nsm-edge-embb-smf"
    assert annotation(upf) == "kernel://nsm-edge-n4@central.local/n4?name=nsm-edge-embb-upf1"
    gnb = of_kind(by_path(artifacts)["sites/edge/ran/gnb-gnb1.yaml"], "Deployment")[0]
    assert gnb["spec"]["template"]["metadata"]["annotations"][NSM_ANNOTATION] == (
        "kernel://nsm-edge-n2@central.local/n2?name=nsm-edge-gnb1"
    )


def test_workloads_on_no_listed_interface_have_no_annotation(prod):
    plan, artifacts = prod
    core = values(artifacts, "berlin", plan.core.release.name)
    assert all("podAnnotations" not in core[nf] for nf, _ in plan.core.fullnames)  # N2 is not listed
    assert annotation(values(artifacts, "berlin", "three-slices-urllc-upf1")) == (
        "kernel://three-slices-n3/n3?name=three-slices-urllc-upf1,"
        "kernel://three-slices-n4/n4?name=three-slices-urllc-upf1"
    )


# --- the NFs bind their devices and find their peers --------------------------------------------------


def test_amf_binds_ngap_to_its_n2_device(edge):
    plan, artifacts = edge
    amf = values(artifacts, "central", plan.core.release.name)["amf"]
    config = amf["customOpen5gsConfig"]["amf"]
    assert config["ngap"]["server"] == [{"dev": "n2"}] and config["sbi"]["server"][0]["dev"] == "eth0"
    assert config["guami"] == amf["config"]["guamiList"]
    assert config["plmn_support"] == amf["config"]["plmnList"]
    assert config["amf_name"] == "nsm-edge-amf"


def test_smf_binds_pfcp_to_n4_and_reaches_the_upf_by_its_vl3_name(edge):
    plan, artifacts = edge
    smf = values(artifacts, "central", "nsm-edge-embb-smf")["customOpen5gsConfig"]["smf"]
    assert smf["pfcp"]["server"] == [{"dev": "n4"}]
    assert smf["pfcp"]["client"]["upf"] == [{"address": "nsm-edge-embb-upf1.nsm-edge-n4"}]
    assert smf["gtpu"]["server"] == [{"dev": "eth0"}]
    members = {m.workload: m.dns for m in plan.nsm.services[1].members}  # type: ignore[union-attr]
    assert members["nsm-edge-embb-upf1"] == "nsm-edge-embb-upf1.nsm-edge-n4"


def test_upf_binds_pfcp_and_gtpu_to_their_devices(edge, prod):
    upf = values(edge[1], "edge", "nsm-edge-embb-upf1")["customOpen5gsConfig"]["upf"]
    assert upf["pfcp"]["server"] == [{"dev": "n4"}] and upf["gtpu"]["server"] == [{"dev": "eth0"}]
    assert upf["session"] == [
        {"subnet": "10.45.0.0/16", "gateway": "10.45.0.1", "dnn": "internet", "dev": "ogstun"}
    ]
    upf = values(prod[1], "hamburg", "three-slices-embb-upf2")["customOpen5gsConfig"]["upf"]
    assert upf["pfcp"]["server"] == [{"dev": "n4"}] and upf["gtpu"]["server"] == [{"dev": "n3"}]


def test_gnb_uses_the_nsm_entrypoint_with_its_devices_and_the_amf_name(edge, prod):
    _, artifacts = edge
    item = by_path(artifacts)["sites/edge/ran/gnb-gnb1.yaml"]
    container = of_kind(item, "Deployment")[0]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["/bin/sh", "-c", ueransim.GNB_NSM_ENTRYPOINT]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert (env["N2_DEV"], env["N3_DEV"], env["AMF_HOST"]) == ("n2", "eth0", "nsm-edge-amf.nsm-edge-n2")
    ((_, config),) = item.embedded
    assert config["amfConfigs"] == [{"address": "nsm-edge-amf.nsm-edge-n2", "port": 38412}]
    # prod: N3 over NSM, N2 not: the AMF is its Service.
    container = of_kind(by_path(prod[1])["sites/berlin/ran/gnb-gnb1.yaml"], "Deployment")[0]["spec"][
        "template"
    ]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert (env["N2_DEV"], env["N3_DEV"]) == ("eth0", "n3")
    assert env["AMF_HOST"] == prod[0].core.amf_ngap.dns


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("sh", "sed", "grep", "awk")), reason="needs sh, sed, grep, awk"
)
@pytest.mark.parametrize("amf_resolves", [True, False])
def test_nsm_entrypoint_writes_device_addresses_and_the_resolved_amf(edge, tmp_path, amf_resolves):
    _, artifacts = edge
    item = by_path(artifacts)["sites/edge/ran/gnb-gnb1.yaml"]
    text = next(d for d in item.documents if d["kind"] == "ConfigMap")["data"][ueransim.GNB_CONFIG]
    config_dir, run_dir, bin_dir = tmp_path / "config", tmp_path / "run", tmp_path / "bin"
    for folder in (config_dir, run_dir, bin_dir):
        folder.mkdir()
    (config_dir / ueransim.GNB_CONFIG).write_text(text)
    _stub(bin_dir, "ip", 'echo "7: $6    inet 100.64.1.5/32 scope global $6\\       valid_lft forever"\n')
    _stub(bin_dir, "getent", 'echo "100.64.0.3      STREAM $3"\n' if amf_resolves else "exit 2\n")
    script = (
        ueransim.GNB_NSM_ENTRYPOINT.replace(ueransim.CONFIG_DIR, str(config_dir))
        .replace(ueransim.RUN_DIR, str(run_dir))
        .replace("exec nr-gnb -c", "cat")
    )
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "POD_IP": "10.52.0.9",
        "N2_DEV": "n2",
        "N3_DEV": "eth0",
        "AMF_HOST": "nsm-edge-amf.nsm-edge-n2",
    }
    result = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, env=env, check=False)
    if not amf_resolves:
        assert result.returncode != 0 and "does not resolve" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    written = load_all(result.stdout)[0]
    addresses = (written["linkIp"], written["ngapIp"], written["gtpIp"])
    assert addresses == ("10.52.0.9", "100.64.1.5", "10.52.0.9")
    assert written["amfConfigs"] == [{"address": "100.64.0.3", "port": 38412}]


def test_ue_mtu_fits_gtpu_into_the_nsm_mtu(prod, tmp_path):
    plan, artifacts = prod
    assert plan.nsm is not None and plan.nsm.mtu == 1500
    embb = plan.slice("embb")
    assert embb.ue_mtu_limit == 1500 - 44
    # eMBB asks for 1400 (below the limit); urllc and miot ask for nothing: the limit applies.
    assert values(artifacts, "berlin", "three-slices-embb-smf")["customOpen5gsConfig"]["smf"]["mtu"] == 1400
    assert values(artifacts, "berlin", "three-slices-urllc-smf")["customOpen5gsConfig"]["smf"]["mtu"] == 1456
    readme = by_path(artifacts)["README.md"].text or ""
    assert "`nsm.mtu` = 1500" in readme and "at most 1456" in readme


def test_readme_documents_the_vl3_networks_and_draws_the_crossing_links(edge):
    readme = by_path(edge[1])["README.md"].text or ""
    assert "## NSM" in readme and "100.64.0.0/16" in readme and "`nsm-edge-amf.nsm-edge-n2`" in readme
    assert '===|"N2 · NSM vL3"|' in readme and '---|"N3"|' in readme
    assert "→ cluster `edge`" in readme


# --- checks ------------------------------------------------------------------------------------------


def test_shared_cluster_domains_are_a_warning(tmp_path):
    text = (
        (EXAMPLES / "nsm-edge.yaml")
        .read_text()
        .replace("clusterDomain: edge.local", "clusterDomain: central.local")
    )
    (tmp_path / "net.yaml").write_text(text)
    found = [d for d in analyse(tmp_path / "net.yaml").report.sorted() if d.code == "N5G606"]
    assert found and all(d.severity is Severity.WARNING for d in found)


def test_an_unlisted_crossing_interface_is_refused(tmp_path):
    text = (EXAMPLES / "nsm-edge.yaml").read_text().replace("interfaces: [n2, n4]", "interfaces: [n2]")
    (tmp_path / "net.yaml").write_text(text)
    assert "N5G602" in [d.code for d in analyse(tmp_path / "net.yaml").report.diagnostics]


def test_nsm_names_must_fit(tmp_path):
    name = "n" * 60
    text = (EXAMPLES / "nsm-edge.yaml").read_text().replace("name: nsm-edge\n", f"name: {name}\n")
    (tmp_path / "net.yaml").write_text(text)
    found = [d for d in analyse(tmp_path / "net.yaml").report.sorted() if d.code == "N5G311"]
    assert any(f"{name}-nsm" in d.message or f"{name}-n2-ipam" in d.message for d in found)


def test_no_nsm_artifacts_without_nsm():
    lab = [REPO / "overlays" / "lab" / "three-slices.yaml"]
    plan, artifacts = compile_intent(EXAMPLES / "three-slices.yaml", lab)
    assert plan.nsm is None and not nsm.TARGET.applies(plan)
    assert not [a for a in artifacts if "/nsm/" in a.path]
