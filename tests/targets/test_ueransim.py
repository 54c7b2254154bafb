"""The ueransim target: gNB and UE configs, the Kubernetes objects running them, secret confinement."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from n5gc.cli import cli
from n5gc.diagnostics import CompilerBug
from n5gc.frontend import analyse
from n5gc.load import load_file
from n5gc.model import Secrets, parse_secrets
from n5gc.plan import build_plan
from n5gc.plan.ir import Plan
from n5gc.products.ueransim import PINNED, RELEASES, Release, key_paths, unread_keys
from n5gc.targets import ueransim
from n5gc.targets.base import Artifact
from n5gc.verify import SCHEMAS, verify
from n5gc.yamlio import dump, load_all

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents  # tests/intents.py, see its docstring

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
K, OPC = intents.SECRET_K, intents.SECRET_OPC


# ------------------------------------------------------------------------------------------------
# fixtures: the lab example, and a multi-slice network built from tests/intents.py


def _plan(intent: Path) -> Plan:
    analysis = analyse(intent)
    assert analysis.ok, analysis.report.sorted()
    assert analysis.network is not None
    return build_plan(analysis.network)


def _secrets(path: Path) -> Secrets:
    secrets, problems = parse_secrets(load_file(path))
    assert secrets is not None and not problems
    return secrets


def multi_slice_network() -> dict[str, Any]:
    """Three slices (one without SD, one SD with hex letters); one group uses two slices."""
    data = intents.network_data()
    spec = data["spec"]
    spec["slices"][1]["sd"] = "0000a0"
    spec["slices"].append({"name": "miot", "sst": 3, "dnns": [{"name": "iot", "subnet": "10.47.0.0/24"}]})
    spec["ran"][0]["slices"] = ["embb", "urllc", "miot"]
    spec["subscribers"].append(
        {
            "name": "mixed",
            "imsi": {"first": "001010000000101", "count": 3},
            "slices": [{"slice": "urllc", "dnns": ["control"]}, {"slice": "miot", "dnns": ["iot"]}],
            "credentials": "keys",
            "simulate": {"gnb": "gnb1"},
        }
    )
    return data


@pytest.fixture(scope="module")
def lab() -> tuple[Plan, Secrets]:
    return _plan(EXAMPLES / "lab.yaml"), _secrets(EXAMPLES / "lab.secrets.yaml")


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Secrets]:
    folder = tmp_path_factory.mktemp("multi")
    intent = intents.write(folder, intents.to_yaml(multi_slice_network()))
    secrets = intents.write(folder, intents.SECRETS, "network.secrets.yaml")
    return _plan(intent), _secrets(secrets)


def render(plan: Plan, secrets: Secrets | None) -> list[Artifact]:
    return ueransim.TARGET.render(plan, secrets)


def artifact(artifacts: list[Artifact], path: str) -> Artifact:
    return next(a for a in artifacts if a.path == path)


def embedded(item: Artifact) -> dict[str, Any]:
    ((_, config),) = item.embedded
    return config


def doc(item: Artifact, kind: str) -> dict[str, Any]:
    return next(d for d in item.documents if d["kind"] == kind)


def missing_keys(upstream: Any, ours: Any, where: str = "") -> list[str]:
    """Keys of `upstream` (recursively; list items pooled) that `ours` lacks."""
    if isinstance(upstream, dict) and isinstance(ours, dict):
        missing = [f"{where}/{k}" for k in upstream if k not in ours]
        deeper = [missing_keys(upstream[k], ours[k], f"{where}/{k}") for k in upstream if k in ours]
        return missing + [m for found in deeper for m in found]
    if isinstance(upstream, list) and isinstance(ours, list):

        def pooled(items: list[Any]) -> dict[str, Any]:
            return {k: v for item in items if isinstance(item, dict) for k, v in item.items()}

        return missing_keys(pooled(upstream), pooled(ours), f"{where}[]")
    return []


def upstream_config(upstream: Path, name: str) -> dict[str, Any]:
    return load_all((upstream / "ueransim" / "config" / name).read_text(encoding="utf-8"))[0]


def project_schema(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "ueransim" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# ------------------------------------------------------------------------------------------------
# gNB config


def test_gnb_config_values(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    gnb = plan.gnbs[0]
    config = embedded(artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml"))
    assert (config["mcc"], config["mnc"]) == ("999", "70")
    assert config["tac"] == gnb.tac == 1
    assert config["idLength"] == 32
    assert config["nci"] == "0x000000010"  # no declared cell: gNB id 1, cell 0
    assert config["slices"] == [{"sst": 1, "sd": "0x000001"}]
    assert config["amfConfigs"] == [{"address": plan.core.amf_ngap.dns, "port": 38412}]
    assert config["amfConfigs"][0]["address"] == "lab-amf-ngap.lab-core.svc.cluster.local"


def test_gnb_announces_every_snssai_in_ueransim_hex(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    config = embedded(artifact(render(plan, secrets), "sites/berlin/ran/gnb-gnb1.yaml"))
    assert config["slices"] == [{"sst": 1, "sd": "0x000001"}, {"sst": 2, "sd": "0x0000a0"}, {"sst": 3}]
    # UERANSIM reads numbers with base auto-detection (C's %i): the value it reads is the intent's SD.
    for written, snssai in zip(config["slices"], plan.gnbs[0].snssais, strict=True):
        if snssai.sd is not None:
            assert int(written["sd"], 0) == int(snssai.sd, 16)


def test_gnb_uses_the_planned_nci(lab: tuple[Plan, Secrets]) -> None:
    plan, _ = lab
    gnb = dataclasses.replace(plan.gnbs[0], nci_hex="0x123456789")
    config = ueransim.gnb_config(plan, gnb)
    assert config["nci"] == "0x123456789"


def test_gnb_config_has_the_upstream_keys_it_reads(lab: tuple[Plan, Secrets], upstream: Path) -> None:
    plan, secrets = lab
    config = embedded(artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml"))
    missing = missing_keys(upstream_config(upstream, "open5gs-gnb.yaml"), config)
    assert [m for m in missing if PINNED.reads("gnb", m.strip("/").replace("/", "."))] == []


# ------------------------------------------------------------------------------------------------
# UE config


def test_ue_config_values(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    config = embedded(artifact(render(plan, secrets), "sites/lab/ran/ues-phones.yaml"))
    assert config["supi"] == "imsi-999700000000001"
    assert (config["mcc"], config["mnc"]) == ("999", "70")
    assert (config["key"], config["op"], config["opType"]) == (K, OPC, "OPC")
    assert config["amf"] == "8000"
    assert config["gnbSearchList"] == [plan.gnbs[0].link.dns] == ["lab-gnb.lab-ran.svc.cluster.local"]
    assert config["sessions"] == [{"type": "IPv4", "apn": "internet", "slice": {"sst": 1, "sd": "0x000001"}}]
    assert config["configured-nssai"] == config["default-nssai"] == [{"sst": 1, "sd": "0x000001"}]


def test_ue_sessions_follow_every_subscribed_dnn(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    config = embedded(artifact(render(plan, secrets), "sites/berlin/ran/ues-mixed.yaml"))
    assert config["supi"] == "imsi-001010000000101"
    assert config["sessions"] == [
        {"type": "IPv4", "apn": "control", "slice": {"sst": 2, "sd": "0x0000a0"}},
        {"type": "IPv4", "apn": "iot", "slice": {"sst": 3}},
    ]
    assert config["configured-nssai"] == config["default-nssai"] == [{"sst": 2, "sd": "0x0000a0"}, {"sst": 3}]


def test_ue_keys_come_from_the_secrets(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    other = dataclasses.replace(
        secrets,
        credentials={"keys": dataclasses.replace(secrets.credentials["keys"], k="0" * 32, opc="F" * 32)},
    )
    config = embedded(artifact(render(plan, other), "sites/berlin/ran/ues-phones.yaml"))
    assert (config["key"], config["op"]) == ("0" * 32, "F" * 32)


def test_ue_config_has_the_upstream_keys_it_reads(lab: tuple[Plan, Secrets], upstream: Path) -> None:
    plan, secrets = lab
    config = embedded(artifact(render(plan, secrets), "sites/lab/ran/ues-phones.yaml"))
    missing = missing_keys(upstream_config(upstream, "open5gs-ue.yaml"), config)
    assert [m for m in missing if PINNED.reads("ue", m.strip("/").replace("/", "."))] == []


def test_ue_deployment_runs_the_whole_group(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    item = artifact(render(plan, secrets), "sites/berlin/ran/ues-mixed.yaml")
    pod = doc(item, "Deployment")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["command"] == ["nr-ue"]
    args = container["args"]
    assert args[args.index("-n") + 1] == "3"
    # -c names the Secret's key where the Secret is mounted
    config_path = Path(args[args.index("-c") + 1])
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == str(config_path.parent))
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["secret"]["secretName"] == doc(item, "Secret")["metadata"]["name"]
    assert config_path.name in doc(item, "Secret")["stringData"]
    assert "NET_ADMIN" in container["securityContext"]["capabilities"]["add"]
    assert any(v.get("hostPath", {}).get("path") == "/dev/net/tun" for v in pod["volumes"])


def test_too_many_ues_for_one_nr_ue_is_a_compiler_bug(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    group = dataclasses.replace(plan.subscribers[0], count=ueransim.MAX_UES_PER_PROCESS + 1)
    with pytest.raises(CompilerBug, match="at most 512"):
        render(dataclasses.replace(plan, subscribers=(group,)), secrets)


# ------------------------------------------------------------------------------------------------
# which keys: exactly those the pinned UERANSIM release reads (n5gc.products.ueransim)

REPO = Path(__file__).resolve().parents[2]
# What UERANSIM 3.3.0 added to the readers (src/gnb.cpp, src/ue.cpp ReadConfigYaml, v3.2.6..v3.3.0).
ADDED_IN_3_3 = {
    "gnb": {"cellAccessType"},
    "ue": {"protectionScheme", "homeNetworkPublicKey", "homeNetworkPublicKeyId", "routingIndicator"}
    | {"tunName", "tunNetmask", "useNamespace", "nsNamePrefix"},
}


def plaintext_of(path: Path) -> str:
    """A SOPS file of out/ decrypted with the test identity (tests/encrypted.py)."""
    sys.path.insert(0, str(REPO / "tests"))
    from encrypted import comparable

    return comparable({path.name: path.read_bytes()})[path.name].decode("utf-8")


def reference_configs() -> list[tuple[str, str, Any, str]]:
    """(file, kind, config, image) of every UERANSIM gNB/UE config in the committed reference trees.

    out/ is what `n5gc compile` writes for the networks of n5gc.yaml (CI's `n5gc compile --check`
    keeps it fresh), so this reads every reference network's real output.
    """
    found = []
    for path in sorted(REPO.glob("out/*/sites/*/ran/*.yaml")):
        kind = {"gnb-": "gnb", "ues-": "ue"}.get(path.name[:4])
        if kind is None or path.name.endswith(".sops.yaml"):
            continue
        documents = load_all(path.read_text(encoding="utf-8"))
        encrypted = path.with_name(path.name.removesuffix(".yaml") + ".sops.yaml")  # spec.encryption
        if encrypted.is_file():
            documents += load_all(plaintext_of(encrypted))
        holder = next(d for d in documents if d["kind"] in ("ConfigMap", "Secret"))
        (text,) = (holder.get("data") or holder["stringData"]).values()
        (deployment,) = [d for d in documents if d["kind"] == "Deployment"]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        found.append((str(path.relative_to(REPO)), kind, load_all(text)[0], container["image"]))
    return found


def test_every_reference_network_emits_only_keys_the_pinned_release_reads() -> None:
    configs = reference_configs()
    networks = {file.split("/")[1] for file, *_ in configs}
    assert {"lab", "three-slices", "three-slices-prod", "liqo-up-offload", "nsm-edge"} <= networks
    assert {kind for _, kind, _, _ in configs} == {"gnb", "ue"}
    for file, kind, config, image in configs:
        assert unread_keys(PINNED, kind, config) == [], file
        assert image == PINNED.image, file


def test_the_pinned_release_is_the_one_of_the_gradiant_charts(upstream: Path) -> None:
    for chart in ("ueransim-gnb", "ueransim-ues"):
        values = load_all((upstream / "gradiant/5g-charts/charts" / chart / "values.yaml").read_text())[0]
        image = values["image"]
        assert f"{image['registry']}/{image['repository']}:{image['tag']}" == PINNED.image
        assert image["tag"] == PINNED.version


@pytest.mark.parametrize("flavour", ["open5gs", "free5gc", "custom"])
@pytest.mark.parametrize("kind", ["gnb", "ue"])
def test_release_facts_read_the_upstream_examples(flavour: str, kind: str, upstream: Path) -> None:
    """The 3.3 example configs use only keys 3.3.0 reads; 3.2.6 ignores exactly what 3.3.0 added."""
    config = upstream_config(upstream, f"{flavour}-{kind}.yaml")
    assert unread_keys(RELEASES["3.3.0"], kind, config) == []
    assert set(unread_keys(RELEASES["3.2.6"], kind, config)) <= ADDED_IN_3_3[kind]
    assert RELEASES["3.3.0"].keys(kind) - RELEASES["3.2.6"].keys(kind) == ADDED_IN_3_3[kind]


@pytest.mark.parametrize("version", sorted(RELEASES))
def test_every_release_gets_exactly_keys_it_reads(version: str, multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    release = RELEASES[version]
    gnb = plan.gnbs[0]
    gnb_file = ueransim.gnb_artifact(plan, gnb, release)
    ue_file = ueransim.ue_artifact(plan, plan.subscribers[0], gnb, secrets.credentials["keys"], release)
    for item, kind in ((gnb_file, "gnb"), (ue_file, "ue")):
        config = embedded(item)
        assert unread_keys(release, kind, config) == []
        assert doc(item, "Deployment")["spec"]["template"]["spec"]["containers"][0]["image"] == release.image
        # What the release reads beyond 3.2.6 is written (but tunName: nr-ue's own names are kept).
        assert (ADDED_IN_3_3[kind] & release.keys(kind)) - {"tunName"} <= set(key_paths(config))


def test_3_2_6_gets_no_key_of_3_3(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    artifacts = render(plan, secrets)
    ue = embedded(artifact(artifacts, "sites/lab/ran/ues-phones.yaml"))
    gnb = embedded(artifact(artifacts, "sites/lab/ran/gnb-gnb.yaml"))
    assert not ADDED_IN_3_3["ue"] & set(ue) and not ADDED_IN_3_3["gnb"] & set(gnb)


@pytest.mark.parametrize(("prefixes", "netmask"), [((16,), "255.255.0.0"), ((24, 16), "255.255.255.0")])
def test_3_3_tun_netmask_follows_the_pool_prefix(
    prefixes: tuple[int, ...], netmask: str, multi: tuple[Plan, Secrets]
) -> None:
    """A /16 pool gives the UE a /16 tun (not the /24 once hard-coded); mixed pools the narrowest."""
    plan, secrets = multi
    group = plan.subscribers[-1]  # "mixed": two sessions
    sessions = tuple(
        dataclasses.replace(s, prefix_len=p) for s, p in zip(group.sessions, prefixes * 2, strict=False)
    )
    group = dataclasses.replace(group, sessions=sessions)
    release = RELEASES["3.3.0"]
    config = ueransim.ue_config(plan, group, plan.gnbs[0], secrets.credentials["keys"], release)
    assert config["tunNetmask"] == netmask


def test_the_plan_gives_each_session_its_pool_prefix(multi: tuple[Plan, Secrets]) -> None:
    plan, _ = multi
    pools = {(s.name, d.name): d.subnet for s in plan.slices for d in s.dnns}
    for group in plan.subscribers:
        for session in group.sessions:
            assert f"/{session.prefix_len}" in pools[(session.slice, session.dnn)]


def test_a_key_the_release_would_ignore_is_a_compiler_bug(lab: tuple[Plan, Secrets]) -> None:
    plan, _ = lab
    blind = Release("0.0.1", PINNED.image, PINNED.gnb_keys - {"ignoreStreamIds"}, PINNED.ue_keys)
    with pytest.raises(CompilerBug, match="ignoreStreamIds"):
        ueransim.gnb_config(plan, plan.gnbs[0], blind)


# ------------------------------------------------------------------------------------------------
# schemas and verification


@pytest.mark.parametrize("fixture", ["lab", "multi"])
def test_configs_match_the_project_schemas(fixture: str, request: pytest.FixtureRequest) -> None:
    plan, secrets = request.getfixturevalue(fixture)
    artifacts = render(plan, secrets)
    assert artifacts
    for item in artifacts:
        for schema, config in item.embedded:
            errors = [e.message for e in project_schema(schema.split("/")[1]).iter_errors(config)]
            assert errors == [], item.path


@pytest.mark.parametrize("flavour", ["open5gs", "free5gc", "custom"])
@pytest.mark.parametrize("kind", ["gnb", "ue"])
def test_upstream_examples_match_the_project_schemas(flavour: str, kind: str, upstream: Path) -> None:
    config = upstream_config(upstream, f"{flavour}-{kind}.yaml")
    assert [e.message for e in project_schema(kind).iter_errors(config)] == []


@pytest.mark.parametrize("bad", [{"sd": "000010"}, {"sd": 16777216}, {"sd": "0x1000000"}, {"sst": 256}])
def test_gnb_schema_refuses_misread_numbers(bad: dict[str, Any], lab: tuple[Plan, Secrets]) -> None:
    plan, _ = lab
    config = ueransim.gnb_config(plan, plan.gnbs[0])
    config["slices"] = [{"sst": 1, **bad}]
    assert list(project_schema("gnb").iter_errors(config))


@pytest.mark.parametrize("fixture", ["lab", "multi"])
def test_verify_passes(fixture: str, request: pytest.FixtureRequest) -> None:
    plan, secrets = request.getfixturevalue(fixture)
    verify(render(plan, secrets))


def test_files_carry_their_configs(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    artifacts = render(plan, secrets)
    gnb = artifact(artifacts, "sites/lab/ran/gnb-gnb.yaml")
    assert [d["kind"] for d in gnb.documents] == ["ConfigMap", "Service", "Deployment"]
    assert load_all(doc(gnb, "ConfigMap")["data"]["gnb.yaml"]) == [embedded(gnb)]
    ues = artifact(artifacts, "sites/lab/ran/ues-phones.yaml")
    assert [d["kind"] for d in ues.documents] == ["Secret", "Deployment"]
    assert load_all(doc(ues, "Secret")["stringData"]["ue.yaml"]) == [embedded(ues)]
    for item, schema in ((gnb, "ueransim/gnb"), (ues, "ueransim/ue")):
        assert (item.schema, item.kustomize, item.site) == ("kubernetes", True, "lab")
        assert item.embedded[0][0] == schema


def test_every_object_has_labels_and_namespace(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    artifacts = render(plan, secrets)
    assert sorted(a.path for a in artifacts) == [
        "sites/berlin/ran/gnb-gnb1.yaml",
        "sites/berlin/ran/ues-mixed.yaml",
        "sites/berlin/ran/ues-phones.yaml",
    ]
    for item in artifacts:
        for document in item.documents:
            meta = document["metadata"]
            assert meta["namespace"] == "net-ran"
            assert meta["labels"]["app.kubernetes.io/managed-by"] == "n5gc"
            assert meta["labels"]["n5gc.io/network"] == "net"
    slice_of = {a.path: doc(a, "Deployment")["metadata"]["labels"].get("n5gc.io/slice") for a in artifacts}
    assert slice_of == {
        "sites/berlin/ran/gnb-gnb1.yaml": None,
        "sites/berlin/ran/ues-mixed.yaml": None,
        "sites/berlin/ran/ues-phones.yaml": "embb",
    }


def test_service_is_the_link_ues_search(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    gnb = plan.gnbs[0]
    item = artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml")
    service = doc(item, "Service")
    meta = service["metadata"]
    assert (meta["name"], meta["namespace"]) == (gnb.link.name, gnb.link.namespace)
    assert service["spec"]["ports"][0]["port"] == 4997 and service["spec"]["ports"][0]["protocol"] == "UDP"
    pod = doc(item, "Deployment")["spec"]["template"]
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()


# ------------------------------------------------------------------------------------------------
# the pod-IP entrypoint


def _run_entrypoint(
    tmp_path: Path, config_text: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    config_dir, run_dir = tmp_path / "config", tmp_path / "run"
    config_dir.mkdir()
    run_dir.mkdir()
    (config_dir / ueransim.GNB_CONFIG).write_text(config_text, encoding="utf-8")
    script = (
        ueransim.GNB_ENTRYPOINT.replace(ueransim.CONFIG_DIR, str(config_dir))
        .replace(ueransim.RUN_DIR, str(run_dir))
        .replace("exec nr-gnb -c", "cat")
    )
    assert "nr-gnb" not in script
    return subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, env=env, check=False)


@pytest.mark.skipif(not all(shutil.which(t) for t in ("sh", "sed", "grep")), reason="needs sh, sed and grep")
def test_entrypoint_writes_the_pod_ip(lab: tuple[Plan, Secrets], tmp_path: Path) -> None:
    plan, secrets = lab
    item = artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml")
    text = doc(item, "ConfigMap")["data"][ueransim.GNB_CONFIG]
    result = _run_entrypoint(tmp_path, text, {"POD_IP": "10.42.7.9", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    written = load_all(result.stdout)[0]
    assert [written[k] for k in ("linkIp", "ngapIp", "gtpIp")] == ["10.42.7.9"] * 3
    expected = {**embedded(item), "linkIp": "10.42.7.9", "ngapIp": "10.42.7.9", "gtpIp": "10.42.7.9"}
    assert written == expected
    assert project_schema("gnb").is_valid(written)


@pytest.mark.skipif(not all(shutil.which(t) for t in ("sh", "sed", "grep")), reason="needs sh, sed and grep")
def test_entrypoint_refuses_to_start_without_pod_ip(lab: tuple[Plan, Secrets], tmp_path: Path) -> None:
    plan, secrets = lab
    text = doc(artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml"), "ConfigMap")["data"]["gnb.yaml"]
    result = _run_entrypoint(tmp_path, text, {"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0 and "POD_IP" in result.stderr


def test_entrypoint_reads_the_pod_ip_from_the_downward_api(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    (container,) = doc(artifact(render(plan, secrets), "sites/lab/ran/gnb-gnb.yaml"), "Deployment")["spec"][
        "template"
    ]["spec"]["containers"]
    assert container["command"] == ["/bin/sh", "-c", ueransim.GNB_ENTRYPOINT]
    assert {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}} in container["env"]
    assert container["image"] == PINNED.image == "docker.io/gradiant/ueransim:3.2.6"


# ------------------------------------------------------------------------------------------------
# secrets


@pytest.mark.parametrize("fixture", ["lab", "multi"])
def test_keys_appear_only_inside_secrets(fixture: str, request: pytest.FixtureRequest) -> None:
    plan, secrets = request.getfixturevalue(fixture)
    seen_in_secret = False
    for item in render(plan, secrets):
        assert item.text is None
        for document in item.documents:
            text = dump(document).upper()
            if document["kind"] == "Secret":
                seen_in_secret = seen_in_secret or (K in text and OPC in text)
            else:
                assert K not in text and OPC not in text, f"{item.path}: {document['kind']} holds a key"
    assert seen_in_secret


def test_simulated_group_without_secrets_is_a_compiler_bug(lab: tuple[Plan, Secrets]) -> None:
    plan, _ = lab
    with pytest.raises(CompilerBug, match="no secrets"):
        render(plan, None)


def test_missing_credentials_is_a_compiler_bug(lab: tuple[Plan, Secrets]) -> None:
    plan, secrets = lab
    with pytest.raises(CompilerBug, match="ueransim-test-keys"):
        render(plan, dataclasses.replace(secrets, credentials={}))


# ------------------------------------------------------------------------------------------------
# which gNBs and groups, determinism


def test_applies_and_renders_only_ueransim_gnbs(lab: tuple[Plan, Secrets]) -> None:
    plan, _ = lab
    assert ueransim.TARGET.applies(plan)
    srsran = dataclasses.replace(plan, gnbs=(dataclasses.replace(plan.gnbs[0], type="srsran"),))
    assert ueransim.TARGET.applies(srsran)  # the group is still simulated
    assert render(srsran, None) == []  # nr-ue cannot attach to a srsRAN gNB: not this target's to run
    nothing = dataclasses.replace(srsran, subscribers=())
    assert not ueransim.TARGET.applies(nothing)


def test_render_is_deterministic(multi: tuple[Plan, Secrets]) -> None:
    plan, secrets = multi
    first = [(a.path, dump(list(a.documents))) for a in render(plan, secrets)]
    second = [(a.path, dump(list(a.documents))) for a in render(plan, secrets)]
    assert first == second


# ------------------------------------------------------------------------------------------------
# UERANSIM's octal trap: refused before anything is rendered


def test_octal_mnc_is_refused_with_n5g401(tmp_path: Path) -> None:
    data = intents.network_data()
    data["spec"]["plmn"]["mnc"] = "08"
    data["spec"]["subscribers"][0]["imsi"]["first"] = "001080000000001"
    intent = intents.write(tmp_path, intents.to_yaml(data))
    intents.write(tmp_path, intents.SECRETS, "network.secrets.yaml")
    result = CliRunner().invoke(cli, ["validate", str(intent)])
    assert result.exit_code == 1, result.output
    assert "N5G401" in result.output
