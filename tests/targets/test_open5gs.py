"""The open5gs target: Helm values for the Gradiant charts and subscriber provisioning.

Checked per release on three networks: examples/lab.yaml (one slice), examples/three-slices.yaml
(three slices; its cells are dropped when the radio stage refuses them, since radio is not this
target's business) and a multi-site network built here (two UPF instances on a second site, two
DNNs in a slice, a slice without SD, a NodePort N2). Values are checked against the project's own
schemas, the charts' upstream values.schema.json, and Helm's own YAML reader.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from n5gc.diagnostics import CompilerBug
from n5gc.frontend import analyse
from n5gc.model.secrets import Secrets
from n5gc.plan import build_plan
from n5gc.plan.ir import HelmRelease, Plan
from n5gc.targets.base import Artifact, labels, release_file
from n5gc.targets.open5gs import TARGET, bitrate
from n5gc.verify import document_problems, verify
from n5gc.yamlio import dump, dump_all, load_all

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
HARNESS = Path(__file__).with_name("open5gs_mongosh_harness.js")
CHARTS = ("gradiant", "5g-charts", "charts")
DISABLED = ("hss", "mme", "pcrf", "sgwc", "sgwu", "sepp", "smf", "upf")
SBI_NFS = ("nrf", "scp", "amf", "ausf", "udm", "udr", "pcf", "bsf", "nssf")


@dataclass(frozen=True)
class Case:
    """One compiled network: its plan, secrets and the target's artifacts."""

    name: str
    plan: Plan
    secrets: Secrets
    artifacts: tuple[Artifact, ...]

    def values(self, release: HelmRelease) -> dict[str, Any]:
        return self.document(f"sites/{release.site}/helm/{release.name}/values.yaml")

    def document(self, path: str) -> Any:
        artifact = next(a for a in self.artifacts if a.path == path)
        assert len(artifact.documents) == 1
        return artifact.documents[0]

    @property
    def core(self) -> dict[str, Any]:
        return self.values(self.plan.core.release)

    @property
    def provisioning(self) -> dict[str, dict[str, Any]]:
        artifact = next(a for a in self.artifacts if a.path.endswith("/core/subscribers.yaml"))
        return {doc["kind"]: doc for doc in artifact.documents}


def multi_site_intent() -> dict[str, Any]:
    """three-slices, plus a second site holding eMBB's two UPFs, a second eMBB DNN, a slice without SD."""
    doc = yaml.safe_load((EXAMPLES / "three-slices.yaml").read_text(encoding="utf-8"))
    spec = doc["spec"]
    doc["metadata"]["name"] = "multi"
    uk = {"name": "uk", "cluster": {"name": "uk", "server": "https://uk.example.net:6443"}}
    spec["sites"].append({**uk, "podCidr": "10.52.0.0/16"})  # Liqo: N3 to its pods' own addresses
    embb = spec["slices"][0]
    embb["userPlane"] = {"site": "uk", "instances": 2}
    embb["dnns"].append(
        {"name": "ims", "subnet": "10.48.0.0/16", "dns": ["1.1.1.1", "2001:4860:4860::8888"], "mtu": 1300}
    )
    spec["slices"][2].pop("sd")
    spec["subscribers"][0]["slices"] = [
        {"slice": "embb", "dnns": ["internet", "ims"]},
        {"slice": "miot", "dnns": ["iot"]},
    ]
    spec["multicluster"] = {"engine": "liqo", "liqo": {"peering": "OutOfBand", "home": "berlin"}}
    return doc


def without_cells(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for gnb in doc["spec"].get("ran", []):
        gnb.pop("cells", None)
    return doc


def compile_case(name: str, intent: Path, secrets: Path) -> Case:
    analysis = analyse(intent, secrets=secrets)
    assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
    assert analysis.network is not None and analysis.secrets is not None
    plan = build_plan(analysis.network)
    return Case(name, plan, analysis.secrets, tuple(TARGET.render(plan, analysis.secrets)))


def write_intent(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["lab", "three-slices", "multi"])
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    name = request.param
    folder = tmp_path_factory.mktemp(name)
    if name == "lab":
        return compile_case(name, EXAMPLES / "lab.yaml", EXAMPLES / "lab.secrets.yaml")
    secrets = EXAMPLES / "three-slices.secrets.yaml"
    if name == "multi":
        return compile_case(name, write_intent(folder, name, multi_site_intent()), secrets)
    intent = EXAMPLES / "three-slices.yaml"
    if not analyse(intent, secrets=secrets).ok:  # the radio stage may still refuse the cell
        doc = without_cells(yaml.safe_load(intent.read_text(encoding="utf-8")))
        intent = write_intent(folder, name, doc)
    return compile_case(name, intent, secrets)


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Case:
    folder = tmp_path_factory.mktemp("multi-only")
    return compile_case(
        "multi", write_intent(folder, "multi", multi_site_intent()), EXAMPLES / "three-slices.secrets.yaml"
    )


def plmn(plan: Plan) -> dict[str, str]:
    return {"mcc": plan.mcc, "mnc": plan.mnc}


def snssais(plan: Plan) -> list[dict[str, Any]]:
    return [{"sst": s.snssai.sst, **({"sd": s.snssai.sd} if s.snssai.sd else {})} for s in plan.slices]


# --- layout -------------------------------------------------------------------------------------


def test_each_release_has_values_and_release_file_in_its_site(case: Case) -> None:
    schemas = {"core": "helm/open5gs", "smf": "helm/open5gs-smf", "upf": "helm/open5gs-upf"}
    by_path = {a.path: a for a in case.artifacts}
    assert len(by_path) == len(case.artifacts)
    for release in case.plan.releases:
        folder = f"sites/{release.site}/helm/{release.name}"
        values, release_yaml = by_path[f"{folder}/values.yaml"], by_path[f"{folder}/release.yaml"]
        assert (values.schema, values.site, values.kustomize) == (schemas[release.role], release.site, False)
        assert (release_yaml.schema, release_yaml.site) == ("release", release.site)
        assert release_yaml.documents == (release_file(release),)
    assert len(case.artifacts) == 2 * len(case.plan.releases) + 1


def test_upfs_live_on_the_user_plane_site(multi: Case) -> None:
    embb = multi.plan.slice("embb")
    assert [u.release.site for u in embb.upfs] == ["uk", "uk"]
    paths = {a.path for a in multi.artifacts}
    assert all(f"sites/uk/helm/{u.release.name}/values.yaml" in paths for u in embb.upfs)


def test_provisioning_is_a_kustomized_manifest_of_the_core_site(case: Case) -> None:
    artifact = next(a for a in case.artifacts if a.path.endswith("subscribers.yaml"))
    assert artifact.path == f"sites/{case.plan.core.site}/core/subscribers.yaml"
    assert (artifact.schema, artifact.kustomize, artifact.site) == ("kubernetes", True, case.plan.core.site)
    assert [d["kind"] for d in artifact.documents] == ["Secret", "ConfigMap", "Job"]


# --- the umbrella release -----------------------------------------------------------------------


def test_amf_serves_every_snssai_and_tac_with_typed_values(case: Case) -> None:
    plan, config = case.plan, case.core["amf"]["config"]
    assert config["plmnList"] == [{"plmn_id": plmn(plan), "s_nssai": snssais(plan)}]
    assert config["taiList"] == [{"plmn_id": plmn(plan), "tac": list(plan.core.tacs)}]
    assert config["guamiList"] == [
        {
            "plmn_id": plmn(plan),
            "amf_id": {
                "region": plan.core.amf_region,
                "set": plan.core.amf_set,
                "pointer": plan.core.amf_pointer,
            },
        }
    ]
    for entry in (*config["plmnList"], *config["taiList"], *config["guamiList"]):
        assert isinstance(entry["plmn_id"]["mcc"], str) and isinstance(entry["plmn_id"]["mnc"], str)
    for s in config["plmnList"][0]["s_nssai"]:
        assert type(s["sst"]) is int and ("sd" not in s or isinstance(s["sd"], str))
    assert all(type(t) is int for t in config["taiList"][0]["tac"])


def test_amf_n2_exposure_follows_the_plan(case: Case) -> None:
    ngap = case.core["amf"]["services"]["ngap"]
    assert ngap["type"] == case.plan.core.n2_service
    if case.plan.core.n2_node_port is None:
        assert "nodePorts" not in ngap
    else:  # the chart wants a string
        assert ngap["nodePorts"] == {"ngap": str(case.plan.core.n2_node_port)}


def test_nssf_has_one_nsi_per_snssai_pointing_at_the_nrf(case: Case) -> None:
    nrf = case.plan.core.nrf_sbi
    nsis = case.core["nssf"]["config"]["nsiList"]
    assert nsis == [{"uri": f"http://{nrf.dns}:{nrf.port}", **s} for s in snssais(case.plan)]


def test_umbrella_switches_off_4g_smf_upf_and_populate(case: Case) -> None:
    core = case.core
    assert all(core[alias] == {"enabled": False} for alias in DISABLED)
    assert core["populate"] == {"enabled": False}
    for alias in ("nrf", "scp", "amf", "ausf", "udm", "udr", "pcf", "bsf", "nssf", "webui", "mongodb"):
        assert core[alias]["enabled"] is True


def test_every_umbrella_nf_and_mongodb_get_the_plans_fullname(case: Case) -> None:
    core = case.core
    assert {alias: core[alias]["fullnameOverride"] for alias, _ in case.plan.core.fullnames} == dict(
        case.plan.core.fullnames
    )


def test_every_database_user_gets_the_plans_database_uri(case: Case) -> None:
    core, uri = case.core, case.plan.core.database_uri
    assert core["dbURI"] == uri
    for alias in ("scp", "udr", "pcf", "webui"):
        assert core[alias]["dbURI"] == uri
        assert core[alias]["mongodb"] == {"enabled": False}  # one MongoDB: the umbrella's
    mongodb = dict(case.plan.core.fullnames)["mongodb"]
    assert core["mongodb"]["fullnameOverride"] == mongodb
    assert uri.startswith(f"mongodb://{mongodb}.{case.plan.core.namespace}.svc.")


def test_nfs_reach_the_scp_and_the_scp_the_nrf(case: Case) -> None:
    scp, nrf = case.plan.core.sbi_entry, case.plan.core.nrf_sbi
    for alias in ("amf", "ausf", "udm", "udr", "pcf", "bsf", "nssf"):
        assert case.core[alias]["config"]["sbi"] == {
            "client": {
                "nrf": {"enabled": False},
                "scp": {"enabled": True, "uri": f"http://{scp.dns}:{scp.port}"},
            }
        }
    assert case.core["scp"]["config"]["sbi"]["client"]["nrf"] == {
        "enabled": True,
        "uri": f"http://{nrf.dns}:{nrf.port}",
    }


# --- per-slice releases -------------------------------------------------------------------------


def test_each_smf_lists_exactly_its_slices_upfs(case: Case) -> None:
    for s in case.plan.slices:
        smf = case.values(s.smf.release)["customOpen5gsConfig"]["smf"]
        assert smf["pfcp"]["client"]["upf"] == [{"address": u.pfcp.dns} for u in s.upfs]
        assert len(s.upfs) == len({u.release.name for u in s.upfs})


def test_each_smf_is_bound_to_its_snssai_and_dnns(case: Case) -> None:
    for s in case.plan.slices:
        smf = case.values(s.smf.release)["customOpen5gsConfig"]["smf"]
        expected = {
            "sst": s.snssai.sst,
            **({"sd": s.snssai.sd} if s.snssai.sd else {}),
            "dnn": [d.name for d in s.dnns],
        }
        assert smf["info"] == [{"s_nssai": [expected]}]


def test_each_smf_session_pools_are_the_plans_pools(case: Case) -> None:
    for s in case.plan.slices:
        smf = case.values(s.smf.release)["customOpen5gsConfig"]["smf"]
        # Each DNN pool once, however many UPFs route it.
        assert smf["session"] == [{"subnet": d.subnet, "gateway": d.gateway, "dnn": d.name} for d in s.dnns]


def test_smf_release_names_and_wiring(case: Case) -> None:
    scp = case.plan.core.sbi_entry
    for s in case.plan.slices:
        values = case.values(s.smf.release)
        assert values["fullnameOverride"] == s.smf.release.name
        assert values["config"]["pcrf"] == {"enabled": False}
        assert values["customOpen5gsConfig"]["smf"]["sbi"]["client"] == {
            "scp": [{"uri": f"http://{scp.dns}:{scp.port}"}]
        }
        assert values["commonLabels"]["n5gc.io/slice"] == s.name
        assert "app.kubernetes.io/managed-by" not in values["commonLabels"]  # Helm's label


def test_smf_dns_and_mtu_cover_every_dnn_of_the_slice(multi: Case) -> None:
    smf = multi.values(multi.plan.slice("embb").smf.release)["customOpen5gsConfig"]["smf"]
    assert smf["dns"] == ["8.8.8.8", "8.8.4.4", "2001:4860:4860::8888"]  # at most two per family
    assert smf["mtu"] == 1300


def test_each_upf_has_a_distinct_tun_device_per_dnn(case: Case) -> None:
    for s in case.plan.slices:
        for upf in s.upfs:
            values = case.values(upf.release)
            assert values["fullnameOverride"] == upf.release.name
            subnets = values["config"]["subnetList"]
            assert len({x["dev"] for x in subnets}) == len(subnets) == len(s.dnns)
            assert [(x["dnn"], x["subnet"], x["gateway"], x["dev"], x["mask"]) for x in subnets] == [
                (p.dnn, p.subnet, p.gateway, p.tun_device, p.prefix_len) for p in upf.pools
            ]
            for x in subnets:
                network = ipaddress.ip_network(x["subnet"])
                assert ipaddress.ip_address(x["gateway"]) in network and network.prefixlen == x["mask"]
                assert x["createDev"] is True and x["enableNAT"] is True


def test_two_upf_instances_each_route_every_pool(multi: Case) -> None:
    # The SMF allocates from the whole DNN pool whichever UPF it selects: each UPF routes all of it.
    embb = multi.plan.slice("embb")
    assert len(embb.upfs) == 2
    for upf in embb.upfs:
        subnets = {x["subnet"] for x in multi.values(upf.release)["config"]["subnetList"]}
        assert subnets == {d.subnet for d in embb.dnns}


# --- cross-release references -------------------------------------------------------------------


def rendered_services(plan: Plan) -> set[str]:
    """DNS names of the Services the charts render for the plan's releases (fullnameOverride set).

    Chart facts: each NF renders <fullname>-sbi (AMF also -ngap), Bitnami MongoDB <fullname>, the SMF
    <fullname>-sbi/-pfcp/-gtpc/-gtpu, the UPF <fullname>-pfcp/-gtpu.
    """
    suffixes = {"smf": ("sbi", "pfcp", "gtpc", "gtpu"), "upf": ("pfcp", "gtpu")}
    domain = {s.name: s.cluster_domain for s in plan.sites}
    services: set[str] = set()
    core = plan.core
    for alias, fullname in core.fullnames:
        if alias == "webui":  # its HTTP Service is not an NF's SBI; nothing refers to it
            continue
        names = {"mongodb": [fullname], "amf": [f"{fullname}-sbi", f"{fullname}-ngap"]}.get(
            alias, [f"{fullname}-sbi"]
        )
        services |= {f"{n}.{core.namespace}.svc.{domain[core.site]}" for n in names}
    for s in plan.slices:
        for release in (s.smf.release, *(u.release for u in s.upfs)):
            services |= {
                f"{release.name}-{x}.{release.namespace}.svc.{domain[release.site]}"
                for x in suffixes[release.role]
            }
    return services


def referenced_hosts(value: Any) -> set[str]:
    """Every host name a values document refers to (URIs, PFCP addresses)."""
    if isinstance(value, dict):
        return set().union(*(referenced_hosts(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(referenced_hosts(v) for v in value))
    if isinstance(value, str):
        match = re.fullmatch(r"(?:[a-z]+://)?([a-z0-9.-]+\.svc\.[a-z0-9.-]+?)(?::[0-9]+)?(?:/.*)?", value)
        return {match.group(1)} if match else set()
    return set()


def test_every_referenced_service_is_rendered_by_some_release(case: Case) -> None:
    services = rendered_services(case.plan)
    values = [a.documents[0] for a in case.artifacts if a.schema.startswith("helm/")]
    hosts = set().union(*(referenced_hosts(v) for v in values))
    hosts |= referenced_hosts(case.provisioning["Job"])
    assert hosts and hosts <= services, hosts - services


def test_the_plans_service_refs_are_the_ones_the_charts_render(case: Case) -> None:
    plan, services = case.plan, rendered_services(case.plan)
    refs = [plan.core.nrf_sbi, plan.core.sbi_entry, plan.core.amf_ngap, *(g.amf for g in plan.gnbs)]
    for s in plan.slices:
        refs += [s.smf.sbi, s.smf.pfcp, *(u.pfcp for u in s.upfs), *(u.gtpu for u in s.upfs)]
    assert {r.dns for r in refs} <= services


# --- schemas ------------------------------------------------------------------------------------


def upstream_schema(upstream: Path, chart: str) -> dict[str, Any]:
    return json.loads(upstream.joinpath(*CHARTS, chart, "values.schema.json").read_text(encoding="utf-8"))


def upstream_problems(schema: dict[str, Any], values: Any) -> list[str]:
    # The charts' schemas say "$schema": "http://json-schema.org/schema#" (generated, draft-07 era).
    validator = Draft7Validator(schema)
    return [f"{e.message} at /{'/'.join(map(str, e.absolute_path))}" for e in validator.iter_errors(values)]


def test_values_validate_against_the_charts_upstream_schemas(case: Case, upstream: Path) -> None:
    checked = 0
    for release in case.plan.releases:
        values = case.values(release)
        if release.role == "core":
            for alias, block in values.items():
                chart = upstream.joinpath(*CHARTS, f"open5gs-{alias}", "values.schema.json")
                if isinstance(block, dict) and chart.is_file():
                    schema = upstream_schema(upstream, f"open5gs-{alias}")
                    assert upstream_problems(schema, block) == [], alias
                    checked += 1
        else:
            assert upstream_problems(upstream_schema(upstream, release.chart), values) == [], release.name
            checked += 1
    assert checked >= len(SBI_NFS) + 1


def test_artifacts_pass_verification(case: Case) -> None:
    verify(list(case.artifacts))


@pytest.mark.parametrize(
    ("schema", "path", "bad"),
    [
        ("helm/open5gs-smf", ["customOpen5gsConfig", "smf", "info", 0, "s_nssai", 0, "sd"], 1),
        ("helm/open5gs", ["amf", "config", "plmnList", 0, "s_nssai", 0, "sd"], 1),
        ("helm/open5gs", ["amf", "config", "plmnList", 0, "plmn_id", "mnc"], 1),
        ("helm/open5gs", ["amf", "config", "guamiList", 0, "plmn_id", "mcc"], 1),
        ("helm/open5gs", ["amf", "config", "taiList", 0, "tac"], ["1"]),
        ("helm/open5gs", ["amf", "config", "plmnList", 0, "s_nssai", 0, "sst"], 256),
        ("helm/open5gs", ["nssf", "config", "nsiList", 0, "sd"], "00000G"),
        ("helm/open5gs", ["smf", "enabled"], True),
        ("helm/open5gs", ["populate", "enabled"], True),
        ("helm/open5gs-upf", ["config", "subnetList", 0, "dev"], "a-name-longer-than-fifteen"),
    ],
)
def test_project_schemas_refuse_a_broken_value(multi: Case, schema: str, path: list[Any], bad: Any) -> None:
    artifact = next(a for a in multi.artifacts if a.schema == schema)
    document = copy.deepcopy(artifact.documents[0])
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    assert document_problems(schema, artifact.documents[0]) == []
    assert document_problems(schema, document) != []


def test_project_schema_refuses_an_unknown_key(multi: Case) -> None:
    values = copy.deepcopy(multi.core)
    values["amf"]["config"]["plmnList"][0]["s_nssai"][0]["sdd"] = "000001"
    assert document_problems("helm/open5gs", values)


def test_project_schema_wants_a_string_node_port(multi: Case) -> None:
    values = copy.deepcopy(multi.core)
    assert values["amf"]["services"]["ngap"]["nodePorts"]["ngap"] == "30412"
    values["amf"]["services"]["ngap"]["nodePorts"]["ngap"] = 30412
    assert document_problems("helm/open5gs", values)


# --- secrets ------------------------------------------------------------------------------------


def key_strings(case: Case) -> set[str]:
    used = {g.credentials for g in case.plan.subscribers}
    return {v.lower() for name, c in case.secrets.credentials.items() if name in used for v in (c.k, c.opc)}


def test_keys_appear_only_inside_secret_objects(case: Case) -> None:
    keys = key_strings(case)
    assert keys
    seen_in_secret = set()
    for artifact in case.artifacts:
        for document in artifact.documents:
            text = dump(document).lower()
            found = {k for k in keys if k in text}
            if isinstance(document, dict) and document.get("kind") == "Secret":
                seen_in_secret |= found
            else:
                assert not found, f"{artifact.path}: key material outside a Secret"
    assert seen_in_secret == keys


def test_secret_holds_each_used_credential(case: Case) -> None:
    secret = case.provisioning["Secret"]
    expected = {}
    for name in sorted({g.credentials for g in case.plan.subscribers}):
        c = case.secrets.credentials[name]
        expected |= {f"{name}.k": c.k, f"{name}.opc": c.opc, f"{name}.amf": c.amf}
    assert secret["stringData"] == expected
    assert secret["type"] == "Opaque"


def test_missing_secrets_is_a_compiler_bug(case: Case) -> None:
    with pytest.raises(CompilerBug):
        TARGET.render(case.plan, None)
    empty = replace(case.secrets, credentials={})
    with pytest.raises(CompilerBug):
        TARGET.render(case.plan, empty)


# --- provisioning -------------------------------------------------------------------------------


def test_provisioning_objects_are_named_labelled_and_namespaced(case: Case) -> None:
    plan = case.plan
    for kind, document in case.provisioning.items():
        meta = document["metadata"]
        assert meta["name"] == plan.provisioning_name, kind
        assert meta["namespace"] == plan.provisioning_namespace, kind
        assert meta["labels"] == labels(plan, component="subscribers")


def test_job_reads_keys_from_the_mounted_secret_only(case: Case) -> None:
    job = case.provisioning["Job"]
    pod = job["spec"]["template"]["spec"]
    container = pod["containers"][0]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert volumes["keys"]["secret"]["secretName"] == case.provisioning["Secret"]["metadata"]["name"]
    assert volumes["provisioning"]["configMap"]["name"] == case.provisioning["ConfigMap"]["metadata"]["name"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["N5GC_KEYS"] == mounts["keys"]
    assert env["N5GC_SUBSCRIBERS"].startswith(mounts["provisioning"] + "/")
    assert case.plan.core.database_uri in container["command"]
    assert job["metadata"]["namespace"] == case.plan.provisioning_namespace


def test_subscriber_list_covers_every_group_without_keys(case: Case) -> None:
    data = case.provisioning["ConfigMap"]["data"]
    groups = json.loads(data["subscribers.json"])
    plan = case.plan
    assert [(g["group"], g["imsiFirst"], g["imsiLast"], g["count"], g["credentials"]) for g in groups] == [
        (g.name, g.imsi_first, g.imsi_last, g.count, g.credentials) for g in plan.subscribers
    ]
    for group, wanted in zip(groups, plan.subscribers, strict=True):
        sessions = [(s["sst"], s["sd"], x["dnn"]) for s in group["slices"] for x in s["sessions"]]
        assert sessions == [(x.snssai.sst, x.snssai.sd, x.dnn) for x in wanted.sessions]
    assert not {k for k in key_strings(case) if k in json.dumps(data).lower()}


def test_job_checksum_follows_the_subscriber_list(multi: Case) -> None:
    def checksum_of(job: dict[str, Any]) -> str:
        return job["spec"]["template"]["metadata"]["annotations"]["n5gc.io/subscribers-checksum"]

    checksum = checksum_of(multi.provisioning["Job"])
    assert re.fullmatch(r"[0-9a-f]{64}", checksum)
    fewer = Plan(**{**multi.plan.__dict__, "subscribers": multi.plan.subscribers[:1]})
    job = {d["kind"]: d for d in TARGET.render(fewer, multi.secrets)[-1].documents}["Job"]
    assert checksum_of(job) != checksum


def test_no_subscribers_no_provisioning(multi: Case) -> None:
    bare = Plan(**{**multi.plan.__dict__, "subscribers": ()})
    artifacts = TARGET.render(bare, None)
    assert not any(a.path.endswith("subscribers.yaml") for a in artifacts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200 Mbps", {"value": 200, "unit": 2}),
        ("1 Gbps", {"value": 1, "unit": 3}),
        ("64Kbps", {"value": 64, "unit": 1}),
        ("5000000000 bps", {"value": 5000000, "unit": 1}),
    ],
)
def test_bitrates_become_open5gs_value_and_unit(text: str, expected: dict[str, int]) -> None:
    assert bitrate(text) == expected


def test_provisioning_script_upserts_every_imsi_idempotently(case: Case, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not on PATH: the provisioning script is emulated under Node.js")
    data = case.provisioning["ConfigMap"]["data"]
    script = tmp_path / "provision.js"
    script.write_text(data["provision.js"], encoding="utf-8")
    (tmp_path / "subscribers.json").write_text(data["subscribers.json"], encoding="utf-8")
    keys = tmp_path / "keys"
    keys.mkdir()
    for name, value in case.provisioning["Secret"]["stringData"].items():
        (keys / name).write_text(value, encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "N5GC_KEYS": str(keys),
        "N5GC_SUBSCRIBERS": str(tmp_path / "subscribers.json"),
        "N5GC_NETWORK": case.plan.network,
    }
    result = subprocess.run(
        [node, str(HARNESS), str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    total = sum(g.count for g in case.plan.subscribers)
    assert out["upserted"] == total == len(out["secondRun"])  # the second run inserted nothing
    by_imsi = {d["imsi"]: d for d in out["secondRun"]}
    for group in case.plan.subscribers:
        credential = case.secrets.credentials[group.credentials]
        for imsi in (group.imsi_first, group.imsi_last):
            doc = by_imsi[imsi]
            assert (doc["security"]["k"], doc["security"]["opc"]) == (credential.k, credential.opc)
            assert doc["security"]["sqn"] == {"$numberLong": "4242"}  # the UDM's SQN survives a re-run
            assert [(s["sst"], s.get("sd"), x["name"]) for s in doc["slice"] for x in s["session"]] == [
                ({"$numberInt": str(x.snssai.sst)}, x.snssai.sd, x.dnn) for x in group.sessions
            ]
    first = {d["imsi"]: d for d in out["firstRun"]}
    for imsi, doc in first.items():
        assert {k: v for k, v in by_imsi[imsi]["security"].items() if k != "sqn"} == doc["security"]
        assert by_imsi[imsi]["n5gc"]["network"] == case.plan.network


# --- determinism --------------------------------------------------------------------------------


def test_rendering_is_deterministic(case: Case) -> None:
    again = TARGET.render(case.plan, case.secrets)
    assert [(a.path, dump_all(list(a.documents))) for a in again] == [
        (a.path, dump_all(list(a.documents))) for a in case.artifacts
    ]


def test_values_survive_a_yaml_round_trip_typed(case: Case) -> None:
    for artifact in case.artifacts:
        assert load_all(dump_all(list(artifact.documents))) == list(artifact.documents)


# --- Helm's own reader --------------------------------------------------------------------------

VALUES_TEMPLATE = """apiVersion: v1
kind: ConfigMap
metadata:
  name: values
data:
  values.json: {{ toJson .Values | quote }}
"""


def throwaway_chart(folder: Path, upstream: Path, chart: str) -> Path:
    """A chart with the upstream values.yaml and values.schema.json and one template echoing .Values."""
    folder.mkdir(parents=True)
    source = upstream.joinpath(*CHARTS, chart)
    shutil.copy(source / "values.yaml", folder / "values.yaml")
    shutil.copy(source / "values.schema.json", folder / "values.schema.json")
    (folder / "Chart.yaml").write_text(f"apiVersion: v2\nname: {chart}\nversion: 0.0.0\n", encoding="utf-8")
    (folder / "templates").mkdir()
    (folder / "templates" / "values.yaml").write_text(VALUES_TEMPLATE, encoding="utf-8")
    return folder


def helm_values(helm: str, chart: Path, values_file: Path) -> dict[str, Any]:
    """Lint the chart with our values (Helm validates them against the schema), then read them back."""
    lint = subprocess.run(
        [helm, "lint", str(chart), "-f", str(values_file)], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    out = subprocess.run(
        [helm, "template", "n5gc", str(chart), "-f", str(values_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(yaml.safe_load(out.stdout)["data"]["values.json"])


def same_leaves(ours: Any, helms: Any, where: str = "") -> list[str]:
    """Where Helm read one of our values differently (value or type); lists are compared whole."""
    if isinstance(ours, dict) and isinstance(helms, dict):
        return [p for k, v in ours.items() for p in same_leaves(v, helms.get(k), f"{where}/{k}")]
    if isinstance(ours, list) and isinstance(helms, list) and len(ours) == len(helms):
        pairs = enumerate(zip(ours, helms, strict=True))
        return [p for i, (a, b) in pairs for p in same_leaves(a, b, f"{where}/{i}")]
    if type(ours) is type(helms) and ours == helms:
        return []
    if isinstance(ours, int) and isinstance(helms, float) and ours == helms:  # JSON numbers via toJson
        return []
    return [f"{where}: ours {ours!r}, helm {helms!r}"]


def test_helm_reads_our_values_typed(
    multi: Case, upstream: Path, k8s_tools: dict[str, str], tmp_path: Path
) -> None:
    embb = multi.plan.slice("embb")
    cases = [
        ("open5gs-amf", multi.core["amf"]),
        ("open5gs-nssf", multi.core["nssf"]),
        ("open5gs-smf", multi.values(embb.smf.release)),
        ("open5gs-upf", multi.values(embb.upfs[0].release)),
    ]
    for chart, values in cases:
        folder = throwaway_chart(tmp_path / chart, upstream, chart)
        values_file = tmp_path / f"{chart}.values.yaml"
        values_file.write_text(dump(values), encoding="utf-8")
        assert same_leaves(values, helm_values(k8s_tools["helm"], folder, values_file)) == [], chart


def test_helm_schema_catches_an_unquoted_sd(
    multi: Case, upstream: Path, k8s_tools: dict[str, str], tmp_path: Path
) -> None:
    chart = throwaway_chart(tmp_path / "open5gs-amf", upstream, "open5gs-amf")
    text = dump(multi.core["amf"])
    assert 'sd: "000001"' in text
    values_file = tmp_path / "broken.yaml"
    values_file.write_text(text.replace('sd: "000001"', "sd: 000001"), encoding="utf-8")
    lint = subprocess.run(
        [k8s_tools["helm"], "lint", str(chart), "-f", str(values_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode != 0 and "sd" in lint.stdout + lint.stderr


def test_nodeport_n2_without_a_fixed_port_compiles(tmp_path: Path) -> None:
    """Found by the compile property test: Kubernetes allocates the port when the intent gives none."""
    from n5gc.compiler import compile_job
    from n5gc.repo_config import Job

    repo = Path(__file__).resolve().parents[2]
    text = (
        (repo / "examples" / "lab.yaml")
        .read_text()
        .replace("  sites:\n", "  core: {n2: {service: NodePort}}\n  sites:\n")
    )
    (tmp_path / "net.yaml").write_text(text)
    (tmp_path / "net.secrets.yaml").write_text((repo / "examples" / "lab.secrets.yaml").read_text())
    result = compile_job(Job(tmp_path / "net.yaml", (), None, tmp_path / "out"))
    assert result.ok
    values = yaml.safe_load(result.files["sites/lab/helm/lab-core/values.yaml"])
    assert values["amf"]["services"]["ngap"] == {"type": "NodePort"}
