"""Property: a changed config rolls exactly the pods that read it (issue 12, part 2).

A GitOps engine applies a changed ConfigMap but does not restart the pods that mount it. n5gc
stamps the hash of each mounted config onto the pod template of the workload that reads it
(n5gc/targets/rollout.py), so the pod template changes exactly when its config does.

Over random valid networks (tests/strategies.py), compile, change ONE thing and recompile:

- one slice's DNN pool, non-GBR 5QI or SD: only that slice's workloads restart (its SMF/UPF
  releases, the gNBs announcing it, the UE groups subscribed to it, the provisioning Job) and only
  those whose rendered config actually changed; every other pod template and every other
  release's values are byte-identical;
- one subscriber group's IMSI range: the provisioning Job re-runs (its checksum changes) and only
  that group's UE Deployment restarts;
- one group's K (the secrets file only, the intent unchanged): exactly the workloads that read
  that key change, through `n5gc.io/keys-digest` only: the provisioning Job, the UE Deployments of
  the groups sharing those credentials, the smoke-test Jobs when the smoke group uses them. Both
  with the keys in plain text (a deterministic digest) and SOPS-encrypted (the lock's salted one).

Assumption for Helm releases (the core NFs, SMFs, UPFs, srsRAN gNBs): n5gc does not template the
chart's pods. The Gradiant open5gs charts render a hash of their own config onto their pods, and the
srsRAN chart takes n5gc's hash through `podAnnotations`; so a release restarts exactly when its
values.yaml changes, and this test compares values files rather than rendered pods.
"""

from __future__ import annotations

import copy
import ipaddress
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples, hex6, valid_networks

from n5gc.audit.rollout import config_hashes
from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import Plan
from n5gc.products.open5gs import DEFAULT_FIVE_QI
from n5gc.targets import render_all
from n5gc.targets.base import POD_OWNERS
from n5gc.targets.rollout import (
    CONFIG_HASH_ANNOTATION,
    KEYS_DIGEST_ANNOTATION,
    SUBSCRIBERS_CHECKSUM_ANNOTATION,
    stamp_config_hash,
)
from n5gc.yamlio import dump, load_all

KEYS = {"k": "465B5CE8B199B49FAA5F0A2EE238A6BC", "opc": "E8ED289DEBA952E4283B54E88E6183CA"}
NON_GBR_5QIS = (5, 6, 7, 8, 9, 69, 70, 79, 80)  # TS 23.501 table 5.7.4-1
ROLLOUT_ANNOTATIONS = (CONFIG_HASH_ANNOTATION, SUBSCRIBERS_CHECKSUM_ANNOTATION, KEYS_DIGEST_ANNOTATION)
ROTATED = {"k": "0A" * 16, "opc": "E8ED289DEBA952E4283B54E88E6183CA"}  # KEYS with another K
# The test identities of tests/sops (public keys only: nothing is decrypted here).
RECIPIENTS = [
    "age1nf9vh7cpjk03pjrtjna2zy0vyutwmx8ffs3f8jyjfg8n2mmnde0s3v43hn",
    "age1sm0zqdye5qnxtf0rfyrl8qxxsndhjcxmgcp9m3dt72qhl490ls4q7rvkzw",
]
FREE_POOL = "10.250.0.0"  # the strategy's pools are 10.1-199.x, its pod/service CIDRs 10.200-213.x

ObjectKey = tuple[str, str, str]  # (kind, namespace, name)


@dataclass(frozen=True)
class Tree:
    """What one compile gives the test: the plan and the emitted files."""

    plan: Plan
    files: dict[str, bytes]


def write_inputs(folder: Path, network: dict[str, Any], rotated: str | None = None) -> Path:
    """network.yaml and its secrets file in `folder`: public test keys for every credentials name,
    the `rotated` one's K changed. Returns the intent's path."""
    names = {group["credentials"] for group in network["spec"].get("subscribers", [])}
    credentials = {name: ROTATED if name == rotated else KEYS for name in sorted(names)}
    secrets = {"apiVersion": "n5gc.io/v1alpha1", "kind": "Secrets", "credentials": credentials}
    intent = folder / "network.yaml"
    intent.write_text(dump(network), encoding="utf-8")
    (folder / "network.secrets.yaml").write_text(dump(secrets), encoding="utf-8")
    return intent


def compile_network(network: dict[str, Any], rotated: str | None = None) -> Tree:
    """Front end, plan and every target (in memory), with public test keys for every credentials
    name (the `rotated` one's K changed)."""
    with tempfile.TemporaryDirectory() as folder:
        intent = write_inputs(Path(folder), network, rotated)
        analysis = analyse(intent)
        assert analysis.ok, [str(d) for d in analysis.report.sorted()]
        assert analysis.network is not None
        plan = build_plan(analysis.network)
        return Tree(plan, {a.path: a.to_bytes() for a in render_all(plan, analysis.secrets)})


def documents(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """Every Kubernetes object of the tree (Helm values and release files are not objects)."""
    found = []
    for path, data in files.items():
        if path.endswith(".yaml") and "/helm/" not in path:
            found.extend(d for d in load_all(data.decode()) if isinstance(d, dict) and "kind" in d)
    return found


def key_of(document: dict[str, Any]) -> ObjectKey:
    metadata = document.get("metadata", {})
    return (document["kind"], str(metadata.get("namespace")), str(metadata.get("name")))


def pod_owners(files: dict[str, bytes]) -> dict[ObjectKey, dict[str, Any]]:
    """Every Deployment/StatefulSet/DaemonSet/Job n5gc emits -> its pod template."""
    return {key_of(d): d["spec"]["template"] for d in documents(files) if d["kind"] in POD_OWNERS}


def mounted_configs(files: dict[str, bytes]) -> dict[ObjectKey, list[Any]]:
    """Each pod owner -> the data of every ConfigMap/Secret its pods mount (what they read)."""
    objects = documents(files)
    configs = {
        key_of(d): d.get("data", d.get("stringData")) for d in objects if d["kind"] in ("ConfigMap", "Secret")
    }
    mounted: dict[ObjectKey, list[Any]] = {}
    for owner in (d for d in objects if d["kind"] in POD_OWNERS):
        namespace = str(owner["metadata"].get("namespace"))
        found = []
        for volume in owner["spec"]["template"]["spec"].get("volumes") or []:
            if "configMap" in volume:
                found.append(configs.get(("ConfigMap", namespace, volume["configMap"]["name"])))
            if "secret" in volume:
                found.append(configs.get(("Secret", namespace, volume["secret"]["secretName"])))
        mounted[key_of(owner)] = found
    return mounted


def release_files(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    """Helm release name -> its files (values.yaml, release.yaml) by file name."""
    releases: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        parts = path.split("/")
        if len(parts) == 5 and parts[0] == "sites" and parts[2] == "helm":
            releases.setdefault(parts[3], {})[parts[4]] = data
    return releases


def without_rollout_hash(template: dict[str, Any]) -> dict[str, Any]:
    """A pod template minus n5gc's rollout annotations: what must not change with the config."""
    stripped = copy.deepcopy(template)
    annotations = stripped.get("metadata", {}).get("annotations") or {}
    for name in ROLLOUT_ANNOTATIONS:
        annotations.pop(name, None)
    return stripped


@dataclass(frozen=True)
class Restarts:
    """What a recompile restarts: pod owners whose pod template changed, releases whose values changed."""

    pods: set[ObjectKey]
    releases: set[str]


def assert_rollouts_follow_config(
    before: Tree, after: Tree, respecified: frozenset[str] = frozenset()
) -> Restarts:
    """Both trees hold the same workloads; a pod template changes exactly when the configs its pods
    mount change, and then through its rollout hash; a release changes only through its values.
    `respecified`: names of pod owners whose spec the change may alter beyond the hash (nr-ue's
    `-n <count>` when a group's size changes)."""
    old_pods, new_pods = pod_owners(before.files), pod_owners(after.files)
    assert set(old_pods) == set(new_pods), "a one-field change added or removed a workload"
    old_configs, new_configs = mounted_configs(before.files), mounted_configs(after.files)
    restarted = set()
    for key, template in old_pods.items():
        config_changed = old_configs[key] != new_configs[key]
        annotations = template.get("metadata", {}).get("annotations") or {}
        new_annotations = new_pods[key].get("metadata", {}).get("annotations") or {}
        if config_changed:  # the pods must roll, and through the hash of the config
            assert any(
                annotations.get(a) != new_annotations.get(a) for a in ROLLOUT_ANNOTATIONS if a in annotations
            ), f"{key}: its mounted config changed but its rollout hash did not (pods keep the old config)"
        else:
            assert annotations == new_annotations, f"{key}: rollout hash changed without its config"
        if key[2] not in respecified:
            assert without_rollout_hash(template) == without_rollout_hash(new_pods[key]), (
                f"{key}: its pod spec changed, not only its rollout hash"
            )
        if template != new_pods[key]:
            restarted.add(key)
    old_releases, new_releases = release_files(before.files), release_files(after.files)
    assert set(old_releases) == set(new_releases)
    for name, files in old_releases.items():
        assert files["release.yaml"] == new_releases[name]["release.yaml"], (
            f"release {name}: release.yaml changed"
        )
    for name, files in old_releases.items():
        assert_chart_hash_follows_config(name, files["values.yaml"], new_releases[name]["values.yaml"])
    changed = {n for n in old_releases if old_releases[n]["values.yaml"] != new_releases[n]["values.yaml"]}
    return Restarts(restarted, changed)


def assert_chart_hash_follows_config(release: str, old: bytes, new: bytes) -> None:
    """A chart that does not hash its own config (srsRAN) gets n5gc's hash in `podAnnotations`: it
    changes exactly when the `config` value does."""
    (old_values,), (new_values,) = load_all(old.decode()), load_all(new.decode())
    old_hash = (old_values.get("podAnnotations") or {}).get(CONFIG_HASH_ANNOTATION)
    if old_hash is None:
        return
    new_hash = new_values["podAnnotations"].get(CONFIG_HASH_ANNOTATION)
    config_changed = old_values.get("config") != new_values.get("config")
    assert (old_hash != new_hash) == config_changed, f"release {release}: podAnnotations hash vs config"


# --- the one-field changes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One edit of a network: what (pool, 5qi, sd, imsi), which slice or subscriber group."""

    what: str
    target: str
    network: dict[str, Any]


@st.composite
def slice_changes(draw: st.DrawFn) -> tuple[dict[str, Any], Change]:
    """A valid network and a copy with one slice's DNN pool, 5QI (non-GBR) or SD changed."""
    network = draw(valid_networks())
    changed = copy.deepcopy(network)
    slices = changed["spec"]["slices"]
    chosen = draw(st.sampled_from(slices))
    what = draw(st.sampled_from(["pool", "5qi", "sd"]))
    if what == "pool":
        dnn = draw(st.sampled_from(chosen["dnns"]))
        old = ipaddress.ip_network(dnn["subnet"])
        # /20 at most, like the strategy: up to 5 groups of 200 IMSIs may use it (N5G309)
        new = ipaddress.ip_network(f"{FREE_POOL}/{draw(st.integers(16, 20))}")
        if "gateway" in dnn:  # keep the gateway inside the pool, at the same offset
            offset = int(ipaddress.ip_address(dnn["gateway"])) - int(old.network_address)
            dnn["gateway"] = str(new.network_address + offset)
        dnn["subnet"] = str(new)
    elif what == "5qi":
        qos = chosen.setdefault("qos", {})
        current = qos.get("fiveQi", DEFAULT_FIVE_QI)
        qos["fiveQi"] = draw(st.sampled_from([q for q in NON_GBR_5QIS if q != current]))
    else:
        taken = {_sd(s) for s in slices if s["sst"] == chosen["sst"]}
        chosen["sd"] = draw(hex6.map(str.lower).filter(lambda sd: sd not in taken))
    return network, Change(what, chosen["name"], changed)


def _sd(slice_intent: dict[str, Any]) -> str | None:
    """An SD as the strategy writes it ("0xABCDEF", "abcdef", ...), canonical: 6 lowercase hex digits."""
    sd = slice_intent.get("sd")
    return None if sd is None else str(sd).lower().removeprefix("0x")


@st.composite
def imsi_changes(draw: st.DrawFn) -> tuple[dict[str, Any], Change]:
    """A valid network with subscribers and a copy with one group's IMSI range moved or resized
    (inside the block of a million IMSIs the strategy gives each group: ranges stay disjoint)."""
    network = draw(valid_networks().filter(lambda n: n["spec"]["subscribers"]))
    changed = copy.deepcopy(network)
    groups = changed["spec"]["subscribers"]
    index = draw(st.integers(0, len(groups) - 1))
    group = groups[index]
    prefix = network["spec"]["plmn"]["mcc"] + network["spec"]["plmn"]["mnc"]
    first = prefix + str(index * 1_000_000 + draw(st.integers(0, 1000))).rjust(15 - len(prefix), "0")
    count = draw(st.integers(1, 200))
    if (first, count) == (group["imsi"]["first"], group["imsi"]["count"]):
        count = count % 200 + 1
    group["imsi"] = {"first": first, "count": count}
    return network, Change("imsi", group["name"], changed)


# --- who may restart --------------------------------------------------------------------------------


def slice_pods(plan: Plan, slice_name: str) -> set[str]:
    """Names of the pod owners that read something of the slice: the gNBs (units) announcing it, the
    UE groups subscribed to it, the provisioning Job."""
    names = {plan.provisioning_name}
    for gnb in plan.gnbs:
        if slice_name in gnb.slices:
            names |= {gnb.object_name, gnb.cu_object_name, gnb.du_object_name}
    names |= {g.object_name for g in plan.subscribers if any(s.slice == slice_name for s in g.sessions)}
    return names


def slice_releases(plan: Plan, slice_name: str) -> set[str]:
    """The slice's SMF/UPF releases and the Helm releases of the gNBs announcing it (srsRAN)."""
    own = {r.name for r in plan.releases if r.slice == slice_name}
    return own | {g.release.name for g in plan.gnbs if slice_name in g.slices and g.release is not None}


@examples(25)
@given(slice_changes())
def test_a_slice_change_rolls_exactly_that_slices_workloads(case: tuple[dict[str, Any], Change]) -> None:
    network, change = case
    before, after = compile_network(network), compile_network(change.network)
    restarts = assert_rollouts_follow_config(before, after)
    plan = before.plan
    allowed_pods = slice_pods(plan, change.target)
    allowed_releases = slice_releases(plan, change.target)
    if change.what == "sd":  # the AMF and NSSF serve the S-NSSAI: the core must learn the new one
        allowed_releases.add(plan.core.release.name)
    assert {name for _kind, _ns, name in restarts.pods} <= allowed_pods, (change.what, change.target)
    assert restarts.releases <= allowed_releases, (change.what, change.target)
    smfs_upfs = {r.name for r in plan.releases if r.slice == change.target and r.role in ("smf", "upf")}
    smf = {r.name for r in plan.releases if r.slice == change.target and r.role == "smf"}
    if change.what == "pool":  # the SMF allocates from the pool, every UPF of the slice routes it
        assert smfs_upfs <= restarts.releases
    if change.what == "sd":
        assert smf | {plan.core.release.name} <= restarts.releases
    subscribed = any(s.slice == change.target for g in plan.subscribers for s in g.sessions)
    if change.what in ("5qi", "sd") and subscribed:  # the session QoS/S-NSSAI is provisioned
        assert ("Job", plan.provisioning_namespace, plan.provisioning_name) in restarts.pods


@examples(12)
@given(imsi_changes())
def test_an_imsi_range_change_reruns_provisioning_and_rolls_only_that_groups_ues(
    case: tuple[dict[str, Any], Change],
) -> None:
    network, change = case
    before, after = compile_network(network), compile_network(change.network)
    plan = before.plan
    group = next(g for g in plan.subscribers if g.name == change.target)
    restarts = assert_rollouts_follow_config(before, after, respecified=frozenset({group.object_name}))
    job = ("Job", plan.provisioning_namespace, plan.provisioning_name)
    assert job in restarts.pods
    ues = {k for k in pod_owners(before.files) if k[0] == "Deployment" and k[2] == group.object_name}
    assert restarts.pods == {job} | ues
    assert restarts.releases == set()


# --- the reference networks: every RAN target, F1 split, Liqo and NSM placements --------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REFERENCE = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))


def _reference(path: Path) -> dict[str, Any]:
    (network,) = load_all(path.read_text(encoding="utf-8"))
    return network


@pytest.mark.parametrize("path", REFERENCE, ids=lambda p: p.stem)
def test_moving_a_pool_in_a_reference_network_restarts_only_its_smf_and_upfs(path: Path) -> None:
    """Same prefix length (the UEs' tun netmask stays): no pod restarts, exactly the SMF and UPFs."""
    network = _reference(path)
    changed = copy.deepcopy(network)
    chosen = changed["spec"]["slices"][0]
    dnn = chosen["dnns"][0]
    old = ipaddress.ip_network(dnn["subnet"])
    new = ipaddress.ip_network(f"{FREE_POOL}/{old.prefixlen}")
    if "gateway" in dnn:
        dnn["gateway"] = str(
            new.network_address + (int(ipaddress.ip_address(dnn["gateway"])) - int(old.network_address))
        )
    dnn["subnet"] = str(new)
    before, after = compile_network(network), compile_network(changed)
    restarts = assert_rollouts_follow_config(before, after)
    expected = {
        r.name for r in before.plan.releases if r.slice == chosen["name"] and r.role in ("smf", "upf")
    }
    assert restarts == Restarts(set(), expected)


@pytest.mark.parametrize(
    "path", [p for p in REFERENCE if _reference(p)["spec"].get("ran")], ids=lambda p: p.stem
)
def test_a_new_sd_in_a_reference_network_rolls_every_gnb_announcing_the_slice(path: Path) -> None:
    """The gNB (UERANSIM Deployment, OAI units, srsRAN release) announces the S-NSSAI: it restarts."""
    network = _reference(path)
    changed = copy.deepcopy(network)
    announced = changed["spec"]["ran"][0]["slices"][0]
    chosen = next(s for s in changed["spec"]["slices"] if s["name"] == announced)
    chosen["sd"] = "abcdef"
    before, after = compile_network(network), compile_network(changed)
    restarts = assert_rollouts_follow_config(before, after)
    plan = before.plan
    assert {name for _kind, _ns, name in restarts.pods} <= slice_pods(plan, announced)
    assert restarts.releases <= slice_releases(plan, announced) | {plan.core.release.name}
    for gnb in (g for g in plan.gnbs if announced in g.slices):
        restarted = {name for _kind, _ns, name in restarts.pods} | restarts.releases
        own = {gnb.object_name, gnb.cu_object_name, gnb.du_object_name}
        own |= {gnb.release.name} if gnb.release is not None else set()
        assert restarted & own, f'gNB "{gnb.name}" announces the changed S-NSSAI but does not restart'


@pytest.mark.parametrize("path", REFERENCE, ids=lambda p: p.stem)
def test_every_pod_that_mounts_a_config_carries_its_rollout_hash(path: Path) -> None:
    """Every Deployment/Job n5gc emits that mounts a ConfigMap or Secret has a rollout annotation."""
    tree = compile_network(_reference(path))
    mounted = mounted_configs(tree.files)
    for key, template in pod_owners(tree.files).items():
        if any(data is not None for data in mounted[key]):
            annotations = template.get("metadata", {}).get("annotations") or {}
            assert set(ROLLOUT_ANNOTATIONS) & set(annotations), (
                f"{key} mounts a config but has no rollout hash"
            )


def test_the_hash_of_a_secret_config_never_depends_on_the_keys() -> None:
    """A UE config lives in a Secret with K and OPc: its hash is the same whatever the keys, and the
    audit's independent reading of the annotation (n5gc/audit/rollout.py) agrees with it."""
    body = "supi: imsi-001010000000001\nmcc: '001'\n"
    first = stamp_config_hash([_deployment()], f"{body}key: {KEYS['k']}\nop: {KEYS['opc']}\n", secret=True)
    second = stamp_config_hash([_deployment()], f"{body}key: {'0' * 32}\nop: {'1' * 32}\n", secret=True)
    digest = first[0]["spec"]["template"]["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]
    assert digest == second[0]["spec"]["template"]["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]
    assert {digest} == config_hashes(f"{body}key: {KEYS['k']}\nop: {KEYS['opc']}\n", secret=True)
    other = stamp_config_hash([_deployment()], body.replace("001", "002"), secret=True)
    assert other[0]["spec"]["template"]["metadata"]["annotations"][CONFIG_HASH_ANNOTATION] != digest


def test_chart_values_get_the_hash_in_pod_annotations_next_to_others() -> None:
    values = {"podAnnotations": {"networkservicemesh.io": "kernel://n3"}, "config": {"gnb.yml": "a: 1\n"}}
    stamp_config_hash(values, "a: 1\n")
    assert set(values["podAnnotations"]) == {"networkservicemesh.io", CONFIG_HASH_ANNOTATION}
    assert values["podAnnotations"][CONFIG_HASH_ANNOTATION] in config_hashes("a: 1\n", secret=False)


def test_stamping_keys_digests_never_edits_the_rendered_documents() -> None:
    """The stamped Deployment is a new object: the rendered one (which may be shared) is unchanged,
    and only the digest is added, at the end of the pod template's annotations."""
    from n5gc.targets.base import Artifact
    from n5gc.targets.rollout import stamp_keys_digests

    volumes = [{"name": "config", "secret": {"secretName": "ues"}}, {"name": "tun", "hostPath": {}}]
    rendered = {
        "kind": "Deployment",
        "metadata": {"name": "ues", "namespace": "ran"},
        "spec": {"template": {"metadata": {"annotations": {"a": "1"}}, "spec": {"volumes": volumes}}},
    }
    before = copy.deepcopy(rendered)
    [artifact] = stamp_keys_digests([Artifact("ues.yaml", (rendered,))], {("ran", "ues"): "d1"})
    assert rendered == before
    stamped = artifact.documents[0]
    assert stamped["spec"]["template"]["metadata"]["annotations"] == {"a": "1", KEYS_DIGEST_ANNOTATION: "d1"}
    assert list(stamped) == list(before)  # the same keys in the same order: the same bytes but the digest


def _deployment() -> dict[str, Any]:
    return {"kind": "Deployment", "spec": {"template": {"metadata": {"labels": {"a": "b"}}, "spec": {}}}}


# --- key rotation: only the secrets file changes ----------------------------------------------------


def add_smoke_test(spec: dict[str, Any], gnb: dict[str, Any], credentials: str) -> None:
    """spec.smokeTest with a group of its own on the UERANSIM `gnb` (which then announces every
    slice), subscribed to every slice x DNN with one IMSI each, in an IMSI block no group uses."""
    taken = {g["name"] for g in spec["subscribers"]}
    name = next(f"smoke{i}" for i in range(len(taken) + 1) if f"smoke{i}" not in taken)
    gnb["slices"] = [s["name"] for s in spec["slices"]]
    prefix = spec["plmn"]["mcc"] + spec["plmn"]["mnc"]
    block = len(spec["subscribers"]) * 1_000_000  # the strategy gives group i the block i
    spec["subscribers"].append(
        {
            "name": name,
            "imsi": {
                "first": prefix + str(block).rjust(15 - len(prefix), "0"),
                "count": sum(len(s["dnns"]) for s in spec["slices"]),
            },
            "credentials": credentials,
            "slices": [{"slice": s["name"], "dnns": [d["name"] for d in s["dnns"]]} for s in spec["slices"]],
            "simulate": {"gnb": gnb["name"]},
        }
    )
    spec["smokeTest"] = {"subscribers": name}


@st.composite
def key_changes(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A valid network with subscribers (half the time with a smoke test when a UERANSIM gNB can run
    it) and the credentials name whose K changes."""
    network = draw(valid_networks().filter(lambda n: n["spec"]["subscribers"]))
    spec = network["spec"]
    names = sorted({g["credentials"] for g in spec["subscribers"]})
    simulators = [g for g in spec["ran"] if g["type"] == "ueransim"]
    if simulators and draw(st.booleans()):
        credentials = draw(st.sampled_from([*names, "smoke-keys"]))
        add_smoke_test(spec, draw(st.sampled_from(simulators)), credentials)
        names = sorted({*names, credentials})
    return network, draw(st.sampled_from(names))


def key_readers(plan: Plan, credentials: str) -> set[str]:
    """Names of the pod owners that read the credentials' keys: the provisioning Job, the UEs of
    every group holding them, the smoke-test Jobs when the smoke group holds them."""
    groups = [g for g in plan.subscribers if g.credentials == credentials]
    names = {plan.provisioning_name} | {g.object_name for g in groups}
    if plan.smoke_test is not None and any(g.name == plan.smoke_test.group for g in groups):
        names |= {case.object_name for case in plan.smoke_test.cases}
    return names


def without_keys_digest(template: dict[str, Any]) -> dict[str, Any]:
    stripped = copy.deepcopy(template)
    (stripped.get("metadata", {}).get("annotations") or {}).pop(KEYS_DIGEST_ANNOTATION, None)
    return stripped


def assert_only_readers_roll(
    plan: Plan, before: dict[str, bytes], after: dict[str, bytes], rotated: str
) -> set[str]:
    """Exactly the pod owners that read the rotated key change, each only in its keys digest;
    Helm values are untouched. Returns the names of the pod owners that changed."""
    old, new = pod_owners(before), pod_owners(after)
    assert set(old) == set(new)
    readers = {key for key in old if key[2] in key_readers(plan, rotated)}
    changed = {key for key in old if old[key] != new[key]}
    assert changed == readers, f"rolled {sorted(changed)}, but {sorted(readers)} read the key"
    for key in changed:
        digests = [
            t.get("metadata", {}).get("annotations", {}).get(KEYS_DIGEST_ANNOTATION)
            for t in (old[key], new[key])
        ]
        assert None not in digests and digests[0] != digests[1], key
        assert without_keys_digest(old[key]) == without_keys_digest(new[key]), (
            f"{key}: more than its digest changed"
        )
    assert {n: f["values.yaml"] for n, f in release_files(before).items()} == {
        n: f["values.yaml"] for n, f in release_files(after).items()
    }
    return {key[2] for key in changed}


@examples(15)
@given(key_changes())
def test_a_new_k_rolls_exactly_the_workloads_that_read_it(case: tuple[dict[str, Any], str]) -> None:
    """Keys in plain text: the secrets file alone changes, and the pods reading the key follow."""
    network, rotated = case
    before = compile_network(network)
    after = compile_network(network, rotated)
    rolled = assert_only_readers_roll(before.plan, before.files, after.files, rotated)
    assert before.plan.provisioning_name in rolled  # the core always learns the new key


def owner_files(files: dict[str, bytes]) -> dict[str, set[str]]:
    """Path -> the names of the pod owners and Secrets that file holds."""
    held: dict[str, set[str]] = {}
    for path, data in files.items():
        if path.endswith(".yaml") and "/helm/" not in path:
            for document in load_all(data.decode()):
                if isinstance(document, dict) and document.get("kind") in (*POD_OWNERS, "Secret"):
                    held.setdefault(path, set()).add(str(document["metadata"]["name"]))
    return held


@examples(6)
@given(key_changes())
def test_with_sops_a_new_k_rolls_exactly_its_readers_with_the_locks_salted_digest(
    case: tuple[dict[str, Any], str],
) -> None:
    """Keys SOPS-encrypted: the same workloads roll, through the salted digest the lock records
    (the audit checks each annotation against it), and the compile rewrites only their files, the
    encrypted files holding the key and the lock."""
    from n5gc.audit import audit_directory
    from n5gc.compiler import compile_job
    from n5gc.emit import write_tree
    from n5gc.repo_config import Job

    network, rotated = case
    network = copy.deepcopy(network)
    network["spec"]["encryption"] = {"sops": {"age": RECIPIENTS}}
    plan = compile_network(network).plan
    with tempfile.TemporaryDirectory() as folder:
        trees = []
        for keys in (None, rotated):
            intent = write_inputs(Path(folder), network, keys)
            result = compile_job(
                Job(intent, (), intent.with_name("network.secrets.yaml"), Path(folder) / "out")
            )
            assert result.ok, [str(d) for d in result.report.sorted()]
            drift = write_tree(result.job.output, result.files).drift
            trees.append((result.files, {*drift.stale, *drift.missing, *drift.extra}))
            assert not audit_directory(Path(folder) / "out").has_errors
        (before, _), (after, written) = trees
        rolled = assert_only_readers_roll(plan, before, after, rotated)
    expected = {path for path, names in owner_files(before).items() if names & rolled}
    assert written == expected | {"n5gc.lock.json"}
    assert any(p.endswith(".sops.yaml") for p in written) and not any(
        n.startswith("sites/") and "/helm/" in n for n in written
    )


@pytest.mark.parametrize(
    "path", [p for p in REFERENCE if _reference(p)["spec"].get("subscribers")], ids=lambda p: p.stem
)
def test_keys_digests_outside_secrets_hold_no_key_form(path: str) -> None:
    """With keys in plain text the digest is deterministic, but it is no printed form of a key and
    no plain hash of one (tests/hostile's forms: hex in both cases, base64 of raw bytes and of hex)."""
    import hashlib

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
    from frontend_runs import printed_forms

    tree = compile_network(_reference(Path(path)))
    digests = {
        (template.get("metadata", {}).get("annotations") or {}).get(KEYS_DIGEST_ANNOTATION)
        for template in pod_owners(tree.files).values()
    } - {None}
    assert digests or _reference(Path(path))["spec"].get("encryption")  # SOPS: stamped by the compile
    for key in KEYS.values():
        forms = printed_forms(key) | {bytes.fromhex(key)}
        hashes = {hashlib.sha256(f if isinstance(f, bytes) else f.encode()).hexdigest() for f in forms}
        for digest in digests:
            assert not any(str(f) in digest for f in forms if isinstance(f, str)) and digest not in hashes
