"""smoketest target (spec.smokeTest): one post-deploy test Job per slice x DNN.

Each Job runs UERANSIM `nr-ue` for one IMSI of the smoke test group with a single PDU session (the
slice x DNN under test), its UE config in a Secret of its own built exactly like a simulated group's
(`ueransim.ue_config`: the keys never leave a Secret), and proves, in this order, that
1. the UE registers and gets its PDU session (`uesimtun0` has an IPv4 address),
2. that address is inside the DNN's pool,
3. the DNN gateway (the UPF's address in the pool) answers a ping through the tunnel,
4. a don't-fragment ping of the slice's MTU (payload mtu - 28) passes through the tunnel;
then prints one `n5gc smoke test PASS <slice>/<dnn> ...` line, or `... FAIL ...` with the reason and
exits 1 (the Job retries, then fails).

Where (this target never asks which engine applies its files): in the site folder, where the GitOps
engine orders them itself (Argo CD makes them `PostSync` hooks of the site Application: argocd.py
`prepare`); or, when the plan says `gitops.checks_apart` (Flux), in `sites/<site>/smoketest/`, a
kustomize root that the engine applies after the site and the releases (flux.py). Without GitOps
they are plain manifests of the site folder.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from n5gc.blueprint import render
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import GnbPlan, Plan, SmokeCase, SmokeTestPlan, SubscriberGroupPlan
from n5gc.products.ueransim import PINNED
from n5gc.targets.base import Artifact, labels, schedule_workloads, site_dir
from n5gc.targets.rollout import stamp_config_hash
from n5gc.targets.ueransim_config import CONFIG_DIR, UE_CONFIG, group_credential, ue_config
from n5gc.yamlio import dump

TARGET_NAME = "smoketest"
FOLDER = "smoketest"  # checks apart (Flux): sites/<site>/smoketest/, applied after the site and the releases
ATTACH_WAIT_SECONDS = 300  # registration + PDU session; the core may still be starting
BACKOFF_LIMIT = 3
DEADLINE_SECONDS = 1800
PING_COUNT = 3
IP_UDP_ICMP_HEADERS = 28  # IPv4 (20) + ICMP (8): ping -s takes the payload size

# A constant: it reads only its environment (no value of the plan is pasted into it, no key is in it).
SCRIPT = r"""set -u
say() { echo "n5gc smoke test $1 $CASE: $2"; }
ip2int() { echo "$1" | awk -F. '{ printf "%.0f\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'; }
nr-ue -c "$UE_CONFIG" > /tmp/nr-ue.log 2>&1 &
UE=$!
fail() { say FAIL "$1"; tail -n 20 /tmp/nr-ue.log; kill "$UE" 2> /dev/null; exit 1; }
waited=0
until ip -4 -o addr show dev uesimtun0 2> /dev/null | grep -q inet; do
  kill -0 "$UE" 2> /dev/null || fail "nr-ue exited before the PDU session came up"
  [ "$waited" -ge "$ATTACH_WAIT" ] && fail "no PDU session (uesimtun0) after ${ATTACH_WAIT}s"
  sleep 1; waited=$((waited + 1))
done
ADDR=$(ip -4 -o addr show dev uesimtun0 | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
A=$(ip2int "$ADDR"); LO=$(ip2int "$POOL_FIRST"); HI=$(ip2int "$POOL_LAST")
{ [ "$A" -ge "$LO" ] && [ "$A" -le "$HI" ]; } || fail "PDU address $ADDR is outside the pool $POOL"
ping -I uesimtun0 -c "$PINGS" -W 2 "$GATEWAY" > /dev/null \
  || fail "gateway $GATEWAY does not answer through uesimtun0 ($ADDR)"
ping -I uesimtun0 -M do -s $((MTU - 28)) -c "$PINGS" -W 2 "$GATEWAY" > /dev/null \
  || fail "a don't-fragment ping of $MTU bytes to $GATEWAY does not pass (MTU)"
say PASS "address $ADDR in $POOL, gateway $GATEWAY answers, MTU $MTU passes"
kill "$UE" 2> /dev/null
exit 0
"""
COMMAND = ("/bin/sh", "-c", SCRIPT)


def case_group(group: SubscriberGroupPlan, case: SmokeCase) -> SubscriberGroupPlan:
    """The group narrowed to the case: one IMSI, the one session under test."""
    session = next(s for s in group.sessions if (s.slice, s.dnn) == (case.slice, case.dnn))
    return dataclasses.replace(group, imsi_first=case.imsi, imsi_last=case.imsi, count=1, sessions=(session,))


def case_env(case: SmokeCase) -> list[dict[str, str]]:
    """What the script reads: the case, the pool's first and last host, the gateway, the MTU."""
    pool = ipaddress.IPv4Network(case.subnet)
    values = {
        "CASE": f"{case.slice}/{case.dnn}",
        "UE_CONFIG": f"{CONFIG_DIR}/{UE_CONFIG}",
        "POOL": case.subnet,
        "POOL_FIRST": str(pool.network_address + 1),
        "POOL_LAST": str(pool.broadcast_address - 1),
        "GATEWAY": case.gateway,
        "MTU": str(case.mtu),
        "ATTACH_WAIT": str(ATTACH_WAIT_SECONDS),
        "PINGS": str(PING_COUNT),
    }
    return [{"name": name, "value": value} for name, value in values.items()]


def case_path(plan: Plan, smoke: SmokeTestPlan, case: SmokeCase) -> str:
    """Checks apart (Flux): a folder of its own (applied after the site); else the site folder."""
    name = f"smoke-{case.slice}-{case.dnn}.yaml"
    if apart(plan):
        return f"{site_dir(smoke.site)}/{FOLDER}/{name}"
    return f"{site_dir(smoke.site)}/ran/{name}"


def apart(plan: Plan) -> bool:
    """Whether the Jobs go in a kustomize root of their own (the plan's `gitops.checks_apart`)."""
    return plan.gitops is not None and plan.gitops.checks_apart


def case_artifact(
    plan: Plan,
    smoke: SmokeTestPlan,
    group: SubscriberGroupPlan,
    gnb: GnbPlan,
    secrets: Secrets | None,
    case: SmokeCase,
) -> Artifact:
    """The Secret (UE config of the case's IMSI) and the Job of one slice x DNN."""
    config = ue_config(plan, case_group(group, case), gnb, group_credential(group, secrets))
    config_files = {UE_CONFIG: dump(config)}
    documents = render(
        TARGET_NAME,
        "job.yaml.j2",
        name=case.object_name,
        namespace=smoke.namespace,
        labels=labels(plan, component="smoke-test", slice_name=case.slice),
        annotations={},
        config_files=config_files,
        backoff_limit=BACKOFF_LIMIT,
        deadline_seconds=DEADLINE_SECONDS,
        image=PINNED.image,
        command=list(COMMAND),
        env=case_env(case),
        config_dir=CONFIG_DIR,
    )
    for document in documents:  # an empty mapping says nothing: drop it (an engine may add its own)
        document["metadata"].pop("annotations")
    # A changed UE config changes the Job's pod template: the engine recreates the Job (Argo CD's
    # hook policy, Flux's force), so the test runs again against the config it now holds.
    stamp_config_hash(documents, config_files[UE_CONFIG], secret=True)
    documents = schedule_workloads(documents, group.scheduling)
    return Artifact(
        case_path(plan, smoke, case),
        tuple(documents),
        schema="kubernetes",
        site=smoke.site,
        kustomize=not apart(plan),
        embedded=(("ueransim/ue", config),),
    )


def own_kustomization_file(smoke: SmokeTestPlan, artifacts: list[Artifact]) -> Artifact:
    """sites/<site>/smoketest/kustomization.yaml: the Jobs' own kustomize root (checks apart)."""
    prefix = f"{site_dir(smoke.site)}/{FOLDER}/"
    document = render(
        "kubernetes", "kustomization.yaml.j2", resources=sorted(a.path[len(prefix) :] for a in artifacts)
    )[0]
    return Artifact(prefix + "kustomization.yaml", (document,), schema="kustomization", site=smoke.site)


class SmokeTestTarget:
    """spec.smokeTest: a Secret and a Job per slice x DNN."""

    name = TARGET_NAME

    def applies(self, plan: Plan) -> bool:
        return plan.smoke_test is not None

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        smoke = plan.smoke_test
        if smoke is None:
            return []
        group = next(g for g in plan.subscribers if g.name == smoke.group)
        gnb = next(g for g in plan.gnbs if g.name == group.simulate_gnb)
        artifacts = [case_artifact(plan, smoke, group, gnb, secrets, case) for case in smoke.cases]
        if apart(plan):
            artifacts.append(own_kustomization_file(smoke, artifacts))
        return artifacts


TARGET = SmokeTestTarget()
