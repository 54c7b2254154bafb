"""ueransim target: UERANSIM gNBs (nr-gnb) and simulated subscriber groups (nr-ue) as plain manifests.

The Gradiant `ueransim-gnb` chart announces a single slice, so n5gc renders the objects itself from
`blueprints/ueransim/`, reusing what the chart does to run the binaries (same image, NET_ADMIN and
/dev/net/tun for the UEs). Per gNB, `sites/<site>/ran/gnb-<gnb>.yaml`: a ConfigMap with the gNB config,
a headless Service for the radio link that UEs put in `gnbSearchList`, a Deployment. Per simulated
group, `sites/<site>/ran/ues-<group>.yaml`: a Secret with the UE config (it holds K/OPc) and a
Deployment running `nr-ue -c <config> -n <count>`.

How values reach UERANSIM (it reads every number from the scalar's text with base auto-detection):
- mcc/mnc stay strings ("01" is not "001"); "08"/"09" would read as bad octal, check N5G401 refuses them.
- SD is the string "0x000001": the "0x" makes UERANSIM read hex, as the intent means it, where a bare
  "000010" would read as octal 8 (3.2.6), or as decimal 10 in versions that strip leading zeros.
  Quoted, YAML 1.1/1.2 readers keep it a string; to UERANSIM (yaml-cpp text) quotes change nothing.
- NCI is the plan's "0x000000010" form, TAC and SST plain integers.

The nr-ue config (shared with the smoketest target) is built in `n5gc.targets.ueransim_config`.
Which keys: exactly those the pinned UERANSIM release reads (`n5gc.products.ueransim`); the
blueprints hold a key a later release adds only under `reads`, and a key the release would ignore
is a compiler bug, refused before anything is written.
"""

from __future__ import annotations

from typing import Any

from n5gc.blueprint import render, render_one
from n5gc.diagnostics import CompilerBug
from n5gc.model.secrets import Credential, Secrets
from n5gc.plan.ir import GnbPlan, Plan, SubscriberGroupPlan
from n5gc.products.ueransim import MAX_UES_PER_PROCESS, PINNED, Release
from n5gc.targets.base import (
    Artifact,
    nsm_device,
    pod_selector,
    schedule_workloads,
    site_dir,
    workload_labels,
)
from n5gc.targets.recipes import Output, Part, Recipe, Step, expand
from n5gc.targets.rollout import stamp_config_hash
from n5gc.targets.ueransim_config import (
    CONFIG_DIR,
    UE_CONFIG,
    group_credential,
    read_by,
    snssai_config,
    ue_config,
)
from n5gc.yamlio import dump

TARGET_NAME = "ueransim"
APP = "ueransim"  # app.kubernetes.io/name of the pods this target runs (gNBs and UE groups)
RUN_DIR = "/run/ueransim"  # emptyDir: the gNB config with the pod IP written in
GNB_CONFIG = "gnb.yaml"
# Written where the gNB's own address goes; the entrypoint replaces it with the pod IP. "Any address"
# is the honest value until then, and a valid IPv4 for the schema.
LOCAL_IP_PLACEHOLDER = "0.0.0.0"

# The pod-IP trick. A pod learns its IP only at run time (downward API status.podIP -> $POD_IP), and
# the gNB must announce that address to the core as its N3 endpoint (gtpIp), so the entrypoint copies
# the config into an emptyDir with linkIp/ngapIp/gtpIp rewritten. The script is a constant: it reads
# only $POD_IP and fixed paths, nothing from the plan is pasted into it. It fails loudly rather than
# start a gNB that announces a placeholder.
GNB_ENTRYPOINT = f"""\
set -eu
: "${{POD_IP:?POD_IP must be set from the downward API (status.podIP)}}"
sed -E "s/^(linkIp|ngapIp|gtpIp): .*$/\\1: $POD_IP/" {CONFIG_DIR}/{GNB_CONFIG} > {RUN_DIR}/{GNB_CONFIG}
grep -q "^gtpIp: $POD_IP\\$" {RUN_DIR}/{GNB_CONFIG}
exec nr-gnb -c {RUN_DIR}/{GNB_CONFIG}
"""
GNB_COMMAND = ("/bin/sh", "-c", GNB_ENTRYPOINT)

# The same trick when N2 and/or N3 run over NSM (multicluster.engine nsm): the gNB binds NGAP to the
# address of its n2 device and GTP-U to its n3 device (NSM's init container creates them before this
# runs), and the AMF's address, dynamic on the N2 vL3 network, is resolved from its vL3 DNS name
# (AMF_HOST) at start. A device named eth0 means "not over NSM": the pod IP. Again a constant that reads
# only its environment and fixed paths; it fails loudly when an address is missing (the pod restarts).
_GNB_NSM_SCRIPT = r"""set -eu
: "${POD_IP:?POD_IP must be set from the downward API (status.podIP)}"
: "${N2_DEV:?}" "${N3_DEV:?}" "${AMF_HOST:?}"
addr() {
  if [ "$1" = eth0 ]; then echo "$POD_IP"; return; fi
  ip -4 -o addr show dev "$1" | awk '{ sub(/\/.*/, "", $4); print $4; exit }'
}
N2_IP=$(addr "$N2_DEV"); N3_IP=$(addr "$N3_DEV")
AMF_IP=$(getent ahostsv4 "$AMF_HOST" | awk '{ print $1; exit }')
if [ -z "$N2_IP" ] || [ -z "$N3_IP" ] || [ -z "$AMF_IP" ]; then
  echo "n5gc: no address on $N2_DEV or $N3_DEV, or $AMF_HOST does not resolve (yet)" >&2
  exit 1
fi
sed -E -e "s/^linkIp: .*$/linkIp: $POD_IP/" -e "s/^ngapIp: .*$/ngapIp: $N2_IP/" \
  -e "s/^gtpIp: .*$/gtpIp: $N3_IP/" -e "s/^- address: .*$/- address: $AMF_IP/" @CONFIG@ > @RUN@
grep -q "^- address: $AMF_IP\$" @RUN@
exec nr-gnb -c @RUN@
"""
GNB_NSM_ENTRYPOINT = _GNB_NSM_SCRIPT.replace("@CONFIG@", f"{CONFIG_DIR}/{GNB_CONFIG}").replace(
    "@RUN@", f"{RUN_DIR}/{GNB_CONFIG}"
)
GNB_NSM_CONFIG_HEADER = (
    "# UERANSIM gNB config generated by n5gc. When the pod starts (see the\n"
    "# Deployment's command) linkIp becomes the pod IP, ngapIp and gtpIp the addresses\n"
    "# of the N2 and N3 devices (NSM), and the AMF address what its N2 vL3 name\n"
    "# resolves to.\n"
)
# UERANSIM binds N2 and N3 only; other NSM interfaces of a gNB (F1) belong to split RANs.
GNB_NSM_INTERFACES = ("n2", "n3")
GNB_CONFIG_HEADER = (
    "# UERANSIM gNB config generated by n5gc. linkIp, ngapIp and gtpIp are replaced by the\n"
    f"# pod IP when the pod starts (see the Deployment's command); {RUN_DIR}/{GNB_CONFIG} is"
    " what nr-gnb reads.\n"
)


def gnb_config(plan: Plan, gnb: GnbPlan, release: Release = PINNED) -> dict[str, Any]:
    """The nr-gnb config of one gNB (schema ueransim/gnb); over NSM the AMF is its N2 vL3 name."""
    config = render_one(
        TARGET_NAME,
        "gnb-config.yaml.j2",
        reads=release.gnb_keys,
        mcc=plan.mcc,
        mnc=plan.mnc,
        nci=gnb.nci_hex,
        id_length=gnb.id_length,
        tac=gnb.tac,
        local_ip=LOCAL_IP_PLACEHOLDER,
        amf=gnb.amf,
        slices=[snssai_config(s) for s in gnb.snssais],
    )
    if gnb.amf_address is not None:
        config["amfConfigs"][0]["address"] = gnb.amf_address
    return read_by(release, "gnb", config)


def nsm_devices(gnb: GnbPlan) -> dict[str, str]:
    """N2_DEV/N3_DEV: the NSM device of each interface the gNB runs over NSM, else eth0 (empty: no NSM)."""
    interfaces = gnb.scheduling.nsm_interfaces
    if not any(i in interfaces for i in GNB_NSM_INTERFACES):
        return {}
    return {f"{i.upper()}_DEV": nsm_device(interfaces, i) for i in GNB_NSM_INTERFACES}


def nsm_gnb(documents: list[Any], gnb: GnbPlan) -> list[Any]:
    """Switch a gNB's Deployment to the NSM entrypoint, with its devices and the AMF's N2 name."""
    devices = nsm_devices(gnb)
    if not devices:
        return documents
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["command"] = ["/bin/sh", "-c", GNB_NSM_ENTRYPOINT]
    container["env"] += [
        {"name": k, "value": v} for k, v in {**devices, "AMF_HOST": gnb.amf_address or gnb.amf.dns}.items()
    ]
    return documents


def ue_args(group: SubscriberGroupPlan) -> list[str]:
    """nr-ue's arguments: one process runs the whole group, incrementing the IMSI from supi."""
    if group.count > MAX_UES_PER_PROCESS:
        raise CompilerBug(
            f'subscriber group "{group.name}": {group.count} simulated UEs, but nr-ue runs at '
            f"most {MAX_UES_PER_PROCESS} per process; a check should have refused this"
        )
    return ["-c", f"{CONFIG_DIR}/{UE_CONFIG}", "-n", str(group.count)]


def gnb_artifact(plan: Plan, gnb: GnbPlan, release: Release = PINNED) -> Artifact:
    """sites/<site>/ran/gnb-<gnb>.yaml: ConfigMap, Service, Deployment; the config verified as embedded."""
    config = gnb_config(plan, gnb, release)
    selector = pod_selector(APP, gnb.object_name, "gnb")
    object_labels = workload_labels(plan, selector, "gnb", gnb.slices)
    header = GNB_NSM_CONFIG_HEADER if nsm_devices(gnb) else GNB_CONFIG_HEADER
    config_text = dump(config)
    documents = render(
        TARGET_NAME,
        "gnb.yaml.j2",
        name=gnb.object_name,
        namespace=gnb.namespace,
        labels=object_labels,
        config_files={GNB_CONFIG: header + config_text},
        link=gnb.link,
        selector=selector,
        pod_labels=object_labels,
        image=release.image,
        command=list(GNB_COMMAND),
        config_dir=CONFIG_DIR,
        run_dir=RUN_DIR,
    )
    stamp_config_hash(documents, config_text)  # the body, without the comment header
    documents = schedule_workloads(documents, gnb.scheduling)
    documents = nsm_gnb(documents, gnb)
    return Artifact(
        f"{site_dir(gnb.site)}/ran/gnb-{gnb.name}.yaml",
        tuple(documents),
        schema="kubernetes",
        site=gnb.site,
        kustomize=True,
        embedded=(("ueransim/gnb", config),),
    )


def ue_artifact(
    plan: Plan, group: SubscriberGroupPlan, gnb: GnbPlan, credential: Credential, release: Release = PINNED
) -> Artifact:
    """sites/<site>/ran/ues-<group>.yaml: Secret (the config with K/OPc) and Deployment."""
    config = ue_config(plan, group, gnb, credential, release)
    slices = tuple(dict.fromkeys(session.slice for session in group.sessions))
    selector = pod_selector(APP, group.object_name, "ue")
    object_labels = workload_labels(plan, selector, "ue", slices)
    config_text = dump(config)
    documents = render(
        TARGET_NAME,
        "ues.yaml.j2",
        name=group.object_name,
        namespace=group.namespace,
        labels=object_labels,
        config_files={UE_CONFIG: config_text},
        selector=selector,
        pod_labels=object_labels,
        image=release.image,
        command=["nr-ue"],
        args=ue_args(group),
        config_dir=CONFIG_DIR,
    )
    # The rollout hash leaves the keys out: nothing derived from K/OPc may leave the Secret.
    stamp_config_hash(documents, config_text, secret=True)
    documents = schedule_workloads(documents, group.scheduling)
    return Artifact(
        f"{site_dir(group.site)}/ran/ues-{group.name}.yaml",
        tuple(documents),
        schema="kubernetes",
        site=group.site,
        kustomize=True,
        embedded=(("ueransim/ue", config),),
    )


def build_gnb(plan: Plan, gnb: GnbPlan) -> list[Artifact]:
    return [gnb_artifact(plan, gnb)]


def build_ues(plan: Plan, group: SubscriberGroupPlan, gnb: GnbPlan, credential: Credential) -> list[Artifact]:
    return [ue_artifact(plan, group, gnb, credential)]


# What both recipes read of the plan: the PLMN (configs) and the common labels.
GNB_RECIPE = Recipe(
    "ueransim.gnb",
    "1",
    ("mcc", "mnc", "network", "labels"),
    build_gnb,
    ("ConfigMap", "Service", "Deployment"),
)
UES_RECIPE = Recipe(
    "ueransim.ues", "1", ("mcc", "mnc", "network", "labels"), build_ues, ("Secret", "Deployment")
)


def gnb_step(gnb: GnbPlan) -> Step:
    """A gNB's file as a recipe step."""
    path = f"{site_dir(gnb.site)}/ran/gnb-{gnb.name}.yaml"
    output = Output(path, "kubernetes", gnb.site, kustomize=True, namespaces=(gnb.namespace,))
    return Step(GNB_RECIPE, (("gnb", gnb),), (output,))


def ues_step(group: SubscriberGroupPlan, gnb: GnbPlan, credential: Credential) -> Step:
    """A simulated group's file as a recipe step: of its gNB only the radio link's name (the UEs'
    gnbSearchList), its own Secret (the UE config with the group's keys)."""
    path = f"{site_dir(group.site)}/ran/ues-{group.name}.yaml"
    output = Output(path, "kubernetes", group.site, kustomize=True, namespaces=(group.namespace,))
    arguments = (
        ("group", group),
        ("gnb", Part(gnb, ("link.dns",))),
        ("credential", Part(credential, ("k", "opc", "amf"))),
    )
    return Step(UES_RECIPE, arguments, (output,), secrets=((group.namespace, group.object_name),))


def smoke_test_group(plan: Plan, group: SubscriberGroupPlan) -> bool:
    """Whether `group` is spec.smokeTest's (its UEs run in the smoketest target's Jobs)."""
    return plan.smoke_test is not None and plan.smoke_test.group == group.name


class UeransimTarget:
    """UERANSIM gNBs of type "ueransim" and the subscriber groups they simulate."""

    name = TARGET_NAME

    def applies(self, plan: Plan) -> bool:
        return any(g.type == "ueransim" for g in plan.gnbs) or any(s.simulate_gnb for s in plan.subscribers)

    def parts(self, plan: Plan, secrets: Secrets | None) -> list[Artifact | Step]:
        """One recipe step per gNB file and per UE group file."""
        gnbs = {g.name: g for g in plan.gnbs if g.type == "ueransim"}
        parts: list[Artifact | Step] = [gnb_step(gnb) for gnb in gnbs.values()]
        for group in plan.subscribers:
            # nr-ue only talks UERANSIM's radio link: groups on srsRAN/OAI gNBs belong to those targets.
            gnb = gnbs.get(group.simulate_gnb or "")
            # The smoke test group's IMSIs attach in the smoke test Jobs only (two UEs with one IMSI
            # would take each other's registration): no Deployment for it.
            if gnb is not None and not smoke_test_group(plan, group):
                parts.append(ues_step(group, gnb, group_credential(group, secrets)))
        return parts

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Every artifact of `parts`, the steps built."""
        return expand(plan, self.parts(plan, secrets))


TARGET = UeransimTarget()
