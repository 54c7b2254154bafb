"""The smoketest target (spec.smokeTest): one Job per slice x DNN, its values, its hook wiring, its script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from n5gc.plan.build import DEFAULT_UE_MTU
from n5gc.plan.ir import Plan, SmokeCase, Snssai
from n5gc.targets import smoketest
from n5gc.targets.base import Artifact
from n5gc.yamlio import dump

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents  # tests/intents.py, see its docstring

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "three-slices.yaml"
PROD = REPO / "overlays" / "prod" / "three-slices.yaml"


def smoke_network() -> dict[str, Any]:
    """The tests' network with a smoke test group on both slices, a given gateway and a DNN mtu."""
    data = intents.network_data()
    spec = data["spec"]
    spec["slices"][0]["dnns"][0]["mtu"] = 1500
    spec["slices"][1]["dnns"][0]["gateway"] = "10.46.0.254"
    spec["subscribers"].append(
        {
            "name": "testers",
            "imsi": {"first": "001010000000501", "count": 2},
            "slices": [{"slice": "embb", "dnns": ["internet"]}, {"slice": "urllc", "dnns": ["control"]}],
            "credentials": "keys",
            "simulate": {"gnb": "gnb1"},
        }
    )
    spec["smokeTest"] = {"subscribers": "testers"}
    return data


@pytest.fixture
def compiled(tmp_path: Path) -> tuple[Plan, list[Artifact]]:
    intents.write(tmp_path, intents.to_yaml(smoke_network()))
    intents.write(tmp_path, intents.SECRETS, "network.secrets.yaml")
    return intents.compile_intent(tmp_path / "network.yaml")


def jobs(artifacts: list[Artifact]) -> dict[str, dict[str, Any]]:
    """Smoke test Jobs by name."""
    return {
        d["metadata"]["name"]: d
        for a in artifacts
        for d in a.documents
        if isinstance(d, dict) and d.get("kind") == "Job" and "-smoke-" in d["metadata"]["name"]
    }


def env_of(job: dict[str, Any]) -> dict[str, str]:
    container = job["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e["value"] for e in container["env"]}


def test_one_job_per_slice_and_dnn_with_the_plans_values(compiled: tuple[Plan, list[Artifact]]) -> None:
    plan, artifacts = compiled
    found = jobs(artifacts)
    assert sorted(found) == ["net-smoke-embb-internet", "net-smoke-urllc-control"]
    internet, control = env_of(found["net-smoke-embb-internet"]), env_of(found["net-smoke-urllc-control"])
    assert (internet["POOL"], internet["GATEWAY"], internet["MTU"]) == ("10.45.0.0/24", "10.45.0.1", "1500")
    assert (control["POOL"], control["GATEWAY"]) == ("10.46.0.0/24", "10.46.0.254")
    assert control["MTU"] == str(DEFAULT_UE_MTU)
    assert (internet["POOL_FIRST"], internet["POOL_LAST"]) == ("10.45.0.1", "10.45.0.254")
    job = found["net-smoke-embb-internet"]
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["securityContext"]["capabilities"]["add"] == ["NET_ADMIN"]
    assert {"name": "tun", "mountPath": "/dev/net/tun"} in container["volumeMounts"]
    assert job["metadata"]["namespace"] in plan.privileged_namespaces


def test_each_job_attaches_its_own_imsi_of_the_group_with_one_session(
    compiled: tuple[Plan, list[Artifact]],
) -> None:
    _, artifacts = compiled
    configs = {
        d["metadata"]["name"]: a.embedded[0][1]
        for a in artifacts
        for d in a.documents
        if isinstance(d, dict) and d.get("kind") == "Secret" and "-smoke-" in d["metadata"]["name"]
    }
    imsis = sorted(int(c["supi"].removeprefix("imsi-")) for c in configs.values())
    assert imsis == [1010000000501, 1010000000502]  # distinct, inside the group's range
    assert [s["apn"] for s in configs["net-smoke-urllc-control"]["sessions"]] == ["control"]
    assert configs["net-smoke-urllc-control"]["key"] == intents.SECRET_K  # from the secrets, in a Secret


def test_the_smoke_group_runs_no_deployment(compiled: tuple[Plan, list[Artifact]]) -> None:
    """Its IMSIs attach in the Jobs only: a Deployment with the same IMSIs would steal their sessions."""
    _, artifacts = compiled
    paths = [a.path for a in artifacts]
    assert "sites/berlin/ran/ues-phones.yaml" in paths
    assert "sites/berlin/ran/ues-testers.yaml" not in paths


def test_no_key_outside_a_secret(compiled: tuple[Plan, list[Artifact]]) -> None:
    _, artifacts = compiled
    for artifact in artifacts:
        for document in artifact.documents:
            if isinstance(document, dict) and document.get("kind") == "Secret":
                continue
            text = dump(document)
            assert intents.SECRET_K not in text and intents.SECRET_OPC not in text, artifact.path


# A group of the three-slices example subscribed to its three slice x DNN pairs, used by the smoke test.
SMOKE_GROUP = """\
    - name: test-ues
      imsi: {first: "001010000000031", count: 3}
      slices:
        - {slice: embb, dnns: [internet]}
        - {slice: urllc, dnns: [control]}
        - {slice: miot, dnns: [iot]}
      credentials: ueransim-test-keys
      simulate: {gnb: gnb1}
  smokeTest: {subscribers: test-ues}

  gitops:"""


def smoke_example(folder: Path) -> Path:
    """The three-slices example with SMOKE_GROUP, and its secrets beside it, in `folder`."""
    text = intents.edit(EXAMPLE.read_text(encoding="utf-8"), "\n  gitops:", "\n" + SMOKE_GROUP)
    secrets = EXAMPLE.with_name("three-slices.secrets.yaml")
    intents.write(folder, secrets.read_text(encoding="utf-8"), secrets.name)
    return intents.write(folder, text, EXAMPLE.name)


def test_argocd_runs_the_jobs_as_post_sync_hooks(tmp_path: Path) -> None:
    plan, artifacts = intents.compile_intent(smoke_example(tmp_path))
    assert plan.gitops is not None and plan.gitops.engine == "argocd"
    found = jobs(artifacts)
    assert len(found) == sum(len(s.dnns) for s in plan.slices) == 3
    for job in found.values():
        annotations = job["metadata"]["annotations"]
        assert annotations["argocd.argoproj.io/hook"] == "PostSync"
        assert annotations["argocd.argoproj.io/hook-delete-policy"] == "BeforeHookCreation"
    site = next(a for a in artifacts if a.path == "sites/berlin/kustomization.yaml").documents[0]
    assert "ran/smoke-embb-internet.yaml" in site["resources"]  # synced by the site Application


def test_flux_applies_the_jobs_after_the_site(tmp_path: Path) -> None:
    plan, artifacts = intents.compile_intent(smoke_example(tmp_path), [PROD])
    assert plan.gitops is not None and plan.gitops.engine == "flux"
    by_path = {a.path: a for a in artifacts}
    own = by_path["sites/berlin/smoketest/kustomization.yaml"].documents[0]
    assert sorted(own["resources"]) == [
        "smoke-embb-internet.yaml",
        "smoke-miot-iot.yaml",
        "smoke-urllc-control.yaml",
    ]
    site = by_path["sites/berlin/kustomization.yaml"].documents[0]
    assert not any("smoke" in r for r in site["resources"])  # not applied with the site itself
    kustomization = by_path["gitops/flux/berlin/sites/berlin-smoketest.yaml"].documents[0]
    depends = [d["name"] for d in kustomization["spec"]["dependsOn"]]
    assert depends == ["three-slices-berlin-site", "three-slices-releases"]
    assert kustomization["spec"]["path"].endswith("/sites/berlin/smoketest")
    entry = by_path["gitops/flux/berlin/kustomization.yaml"].documents[0]
    assert "sites/berlin-smoketest.yaml" in entry["resources"]
    for job in jobs(artifacts).values():
        assert "annotations" not in job["metadata"]  # no Argo CD hook under Flux


# ------------------------------------------------------------------------------------------------
# the script itself, with fake nr-ue / ip / ping on PATH

FAKE_IP = """#!/bin/sh
[ -n "${FAKE_ADDR:-}" ] || exit 1
echo "7: uesimtun0    inet $FAKE_ADDR/24 scope global uesimtun0"
"""
FAKE_PING = """#!/bin/sh
echo "$@" >> "$FAKE_LOG"
case "${FAKE_PING_FAIL:-}" in
  all) exit 1 ;;
  mtu) case "$*" in *"-M do"*) exit 1 ;; esac ;;
esac
exit 0
"""
FAKE_NR_UE = """#!/bin/sh
[ -n "${FAKE_UE_EXIT:-}" ] && exit 1
exec sleep 30
"""


def run_script(tmp_path: Path, **fake: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, text in (("ip", FAKE_IP), ("ping", FAKE_PING), ("nr-ue", FAKE_NR_UE)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    case = smoketest_case()
    env = {e["name"]: e["value"] for e in smoketest.case_env(case)}
    env.update(ATTACH_WAIT="2", FAKE_LOG=str(tmp_path / "ping.log"), **fake)
    env["PATH"] = f"{bin_dir}:{os.environ['PATH']}"
    return subprocess.run(
        ["/bin/sh", "-c", smoketest.SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def smoketest_case() -> SmokeCase:
    return SmokeCase(
        "net-smoke-embb-internet",
        "embb",
        Snssai(1, "000001"),
        "internet",
        "001010000000501",
        "10.45.0.0/24",
        "10.45.0.1",
        1400,
    )


def test_script_passes_when_everything_answers(tmp_path: Path) -> None:
    result = run_script(tmp_path, FAKE_ADDR="10.45.0.7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "n5gc smoke test PASS embb/internet" in result.stdout
    pings = (tmp_path / "ping.log").read_text().splitlines()
    assert pings[0].startswith("-I uesimtun0") and pings[0].endswith("10.45.0.1")
    assert "-I uesimtun0 -M do -s 1372 " in pings[1]  # 1400 - 28 bytes of IPv4 + ICMP headers


@pytest.mark.parametrize(
    ("fake", "reason"),
    [
        ({"FAKE_ADDR": "10.99.0.7"}, "outside the pool 10.45.0.0/24"),
        ({"FAKE_ADDR": "10.45.0.7", "FAKE_PING_FAIL": "all"}, "gateway 10.45.0.1 does not answer"),
        ({"FAKE_ADDR": "10.45.0.7", "FAKE_PING_FAIL": "mtu"}, "don't-fragment ping of 1400 bytes"),
        ({}, "no PDU session (uesimtun0) after 2s"),
        ({"FAKE_UE_EXIT": "1"}, "nr-ue exited"),
    ],
)
def test_script_fails_with_the_reason(tmp_path: Path, fake: dict[str, str], reason: str) -> None:
    result = run_script(tmp_path, **fake)
    assert result.returncode == 1
    assert "n5gc smoke test FAIL embb/internet" in result.stdout and reason in result.stdout
    assert "PASS" not in result.stdout
