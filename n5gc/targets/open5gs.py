"""Target open5gs: the Open5GS 5G core as Gradiant Helm releases, plus subscriber provisioning.

Output (GitOps users depend on this layout):
- `sites/<site>/helm/<release>/values.yaml` + `release.yaml` for one umbrella `open5gs` release
  (the control plane), and per slice one `open5gs-smf` release and one `open5gs-upf` release per
  UPF instance, each in the folder of the site the release runs on;
- `sites/<core site>/core/subscribers.yaml`: a Secret (K/OPc/AMF per credentials name), a
  ConfigMap (provisioning script and subscriber list, no keys) and a Job that upserts every IMSI.

Every name and Service DNS name comes from the plan; `fullnameOverride` pins each chart's
fullname to it, so the Services the charts render are exactly the ones the plan refers to.
Key material reaches only the Secret.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan, Session, SlicePlan, Snssai, SubscriberGroupPlan, Upf
from n5gc.products import open5gs
from n5gc.targets import subscribers as shared
from n5gc.targets.base import (
    Artifact,
    chart_scheduling,
    labels,
    nsm_device,
    release_artifacts,
    schedule_pods,
    site_dir,
)
from n5gc.targets.recipes import Recipe, Step, expand, release_outputs
from n5gc.targets.rollout import SUBSCRIBERS_CHECKSUM_ANNOTATION, stamp_config_hash

BLUEPRINTS = "open5gs"
# The project schema of each role's values (schemas/helm/<the chart of the role>.schema.json).
VALUES_SCHEMAS = {"core": "helm/open5gs", "smf": "helm/open5gs-smf", "upf": "helm/open5gs-upf"}
# Helm owns app.kubernetes.io/managed-by on what it renders (it checks it on upgrade), and the
# charts set app.kubernetes.io/component themselves: commonLabels must not override either.
HELM_OWNED_LABELS = ("app.kubernetes.io/managed-by", "app.kubernetes.io/component")

# The official MongoDB image ships mongosh, which can read files (Node's fs) and upsert with
# bulkWrite: the keys are read from the mounted Secret inside the script. The chart's
# gradiant/open5gs-dbctl image takes K/OPc as command-line arguments and inserts rather than
# upserts, which breaks both the secrets rule and idempotency. 8.0 matches the MongoDB server of
# the umbrella chart's Bitnami mongodb dependency.
PROVISIONING_IMAGE = "docker.io/library/mongo:8.0"
SCRIPT_FILE = "provision.js"


class Open5gsTarget:
    """Renders the Open5GS core (Gradiant charts) and the subscriber provisioning objects."""

    name = "open5gs"

    def applies(self, plan: Plan) -> bool:
        """Plans whose core.flavor is open5gs."""
        return plan.core.flavor == "open5gs"

    def parts(self, plan: Plan, secrets: Secrets | None) -> list[Artifact | Step]:
        """Helm releases (values + release file: per slice its SMF's and each UPF's as recipe steps) and,
        with subscribers, the provisioning manifests."""
        parts: list[Artifact | Step] = []
        parts += release_artifacts(plan.core.release, core_values(plan), VALUES_SCHEMAS)
        for slice_plan in plan.slices:
            parts.append(smf_step(slice_plan))
            parts += [upf_step(slice_plan.name, upf) for upf in slice_plan.upfs]
        if plan.subscribers:
            parts.append(provisioning_artifact(plan, secrets))
        return parts

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Every artifact of `parts`, the steps built."""
        return expand(plan, self.parts(plan, secrets))


TARGET = Open5gsTarget()


# --- Helm releases ------------------------------------------------------------------------------


def build_smf(plan: Plan, slice_plan: SlicePlan) -> list[Artifact]:
    return release_artifacts(slice_plan.smf.release, smf_values(plan, slice_plan), VALUES_SCHEMAS)


def build_upf(plan: Plan, slice_name: str, upf: Upf) -> list[Artifact]:
    return release_artifacts(upf.release, upf_values(plan, slice_name, upf), VALUES_SCHEMAS)


# What each recipe reads of the plan besides its arguments: the common labels (chart_labels) and,
# for the SMF, where it sends SBI requests.
SMF_RECIPE = Recipe("open5gs.smf", "1", ("network", "labels", "core.sbi_entry"), build_smf, ("HelmRelease",))
UPF_RECIPE = Recipe("open5gs.upf", "1", ("network", "labels"), build_upf, ("HelmRelease",))


def smf_step(slice_plan: SlicePlan) -> Step:
    """A slice's SMF release as a recipe step."""
    outputs = release_outputs(slice_plan.smf.release, VALUES_SCHEMAS)
    return Step(SMF_RECIPE, (("slice_plan", slice_plan),), outputs)


def upf_step(slice_name: str, upf: Upf) -> Step:
    """One UPF release as a recipe step."""
    outputs = release_outputs(upf.release, VALUES_SCHEMAS)
    return Step(UPF_RECIPE, (("slice_name", slice_name), ("upf", upf)), outputs)


def chart_labels(plan: Plan, slice_name: str | None = None) -> dict[str, str]:
    """n5gc's labels as a chart's commonLabels, minus the ones Helm and the charts set themselves."""
    return {k: v for k, v in labels(plan, slice_name=slice_name).items() if k not in HELM_OWNED_LABELS}


def snssai_values(snssai: Snssai) -> dict[str, Any]:
    """An S-NSSAI as Open5GS and the charts write it: sst an int, sd a 6-hex-digit string if set."""
    return {"sst": snssai.sst, "sd": snssai.sd} if snssai.sd else {"sst": snssai.sst}


def sbi_uri(dns: str, port: int) -> str:
    """The http URI of an SBI Service (Open5GS SBI without TLS, as the charts configure it)."""
    return f"http://{dns}:{port}"


def core_values(plan: Plan) -> dict[str, Any]:
    """Values of the umbrella release: the control plane NFs, MongoDB and the WebUI."""
    core = plan.core
    scp_uri = sbi_uri(core.sbi_entry.dns, core.sbi_entry.port)
    nrf_uri = sbi_uri(core.nrf_sbi.dns, core.nrf_sbi.port)
    snssais = [snssai_values(s.snssai) for s in plan.slices]
    values = render_one(
        BLUEPRINTS,
        "core-values.yaml.j2",
        plan=plan,
        core=core,
        fullnames=dict(core.fullnames),
        plmn={"mcc": plan.mcc, "mnc": plan.mnc},
        snssais=snssais,
        nsi_list=[{"uri": nrf_uri, **snssai} for snssai in snssais],
        amf_id={"region": core.amf_region, "set": core.amf_set, "pointer": core.amf_pointer},
        # Model D of Open5GS' sample configs: NFs reach each other (and register) through the SCP.
        sbi={"client": {"nrf": {"enabled": False}, "scp": {"enabled": True, "uri": scp_uri}}},
        nrf_uri=nrf_uri,
        chart_labels=chart_labels(plan),
        disabled=open5gs.UMBRELLA_DISABLED,
        # The chart's schema wants the node port as a string.
        node_port=str(core.n2_node_port) if core.n2_node_port is not None else None,
    )
    annotations = dict(core.nf_annotations)
    for nf, _fullname in core.fullnames:  # every NF of the release runs where the planner placed the core
        values[nf].update(chart_scheduling(core.release.scheduling, annotations.get(nf, ())))
    if "n2" in dict(core.nf_interfaces).get("amf", ()):
        values["amf"]["customOpen5gsConfig"] = amf_nsm_config(
            values["amf"], fullnames=dict(core.fullnames), scp_uri=scp_uri
        )
    return values


def amf_nsm_config(amf: dict[str, Any], fullnames: dict[str, str], scp_uri: str) -> dict[str, Any]:
    """The whole amf.yaml with NGAP on the n2 NSM device: the chart's own file binds NGAP to eth0.

    Built from the same values the chart's generated file would use (its resources/config/amf.yaml).
    """
    config = amf["config"]
    return render_one(
        BLUEPRINTS,
        "amf-nsm-config.yaml.j2",
        log_level=config["logLevel"],
        scp_uri=scp_uri,
        ngap_dev="n2",
        guami=config["guamiList"],
        tai=config["taiList"],
        plmn=config["plmnList"],
        network_name=config["networkName"],
        amf_name=fullnames["amf"],
    )


def smf_values(plan: Plan, slice_plan: SlicePlan) -> dict[str, Any]:
    """Values of a slice's SMF release: the whole smf.yaml, bound to the slice's S-NSSAI and DNNs."""
    upfs = slice_plan.upfs
    values = render_one(
        BLUEPRINTS,
        "smf-values.yaml.j2",
        smf=slice_plan.smf,
        fullname=slice_plan.smf.release.name,
        chart_labels=chart_labels(plan, slice_plan.name),
        scp_uri=sbi_uri(plan.core.sbi_entry.dns, plan.core.sbi_entry.port),
        # Over NSM the SMF reaches each UPF by its name on the N4 vL3 network, from its n4 device.
        upf_addresses=[upf.n4_address or upf.pfcp.dns for upf in upfs],
        pfcp_dev=nsm_device(slice_plan.smf.release.scheduling.nsm_interfaces, "n4"),
        # Each DNN pool once: the SMF allocates UE addresses from it, every UPF of the slice routes it.
        sessions=[{"subnet": d.subnet, "gateway": d.gateway, "dnn": d.name} for d in slice_plan.dnns],
        dns=smf_dns(slice_plan),
        mtu=slice_plan.announced_mtu,
        info=[{"s_nssai": [{**snssai_values(slice_plan.snssai), "dnn": [d.name for d in slice_plan.dnns]}]}],
    )
    values.update(chart_scheduling(slice_plan.smf.release.scheduling))
    return values


def smf_dns(slice_plan: SlicePlan) -> list[str]:
    """The slice's DNS servers in intent order, within what the SMF accepts (it has one list for all DNNs)."""
    chosen: list[str] = []
    for dnn in slice_plan.dnns:
        for server in dnn.dns:
            version = ipaddress.ip_address(server).version
            same_family = [s for s in chosen if ipaddress.ip_address(s).version == version]
            if server not in chosen and len(same_family) < open5gs.MAX_DNS_PER_FAMILY:
                chosen.append(server)
    return chosen


def upf_values(plan: Plan, slice_name: str, upf: Upf) -> dict[str, Any]:
    """Values of one UPF instance: its share of each DNN pool, each on its own tun device."""
    devices = [p.tun_device for p in upf.pools]
    if len(set(devices)) != len(devices):
        raise CompilerBug(f"UPF {upf.release.name}: tun devices {devices} are not distinct per DNN")
    subnets = [
        {"subnet": p.subnet, "gateway": p.gateway, "mask": p.prefix_len, "dnn": p.dnn, "dev": p.tun_device}
        for p in upf.pools
    ]
    values = render_one(
        BLUEPRINTS,
        "upf-values.yaml.j2",
        fullname=upf.release.name,
        chart_labels=chart_labels(plan, slice_name),
        subnets=subnets,
    )
    values.update(chart_scheduling(upf.release.scheduling))
    interfaces = upf.release.scheduling.nsm_interfaces
    if {"n3", "n4"} & set(interfaces):
        # The chart binds PFCP to eth0 whatever its values say: over NSM the whole upf.yaml is n5gc's.
        values["customOpen5gsConfig"] = render_one(
            BLUEPRINTS,
            "upf-nsm-config.yaml.j2",
            log_level=values["config"]["logLevel"],
            pfcp_dev=nsm_device(interfaces, "n4"),
            gtpu_dev=nsm_device(interfaces, "n3"),
            sessions=[
                {"subnet": p.subnet, "gateway": p.gateway, "dnn": p.dnn, "dev": p.tun_device}
                for p in upf.pools
            ],
        )
    return values


# --- Subscriber provisioning --------------------------------------------------------------------


def provisioning_artifact(plan: Plan, secrets: Secrets | None) -> Artifact:
    """Secret + ConfigMap + Job that provision every IMSI of every subscriber group."""
    core_site = plan.core.site
    common = shared.provisioning_metadata(plan)
    secret = shared.keys_secret(plan, sorted({g.credentials for g in plan.subscribers}), secrets)
    entries = session_entries(plan)
    groups = shared.subscribers_json(subscriber_group(plan, g, entries) for g in plan.subscribers)
    config = render_one(
        BLUEPRINTS,
        "subscribers-configmap.yaml.j2",
        subscribers_json=groups,
        **common,
    )
    script = f"{shared.PROVISIONING_DIR}/{SCRIPT_FILE}"
    job = render_one(
        BLUEPRINTS,
        "subscribers-job.yaml.j2",
        image=PROVISIONING_IMAGE,
        key_mode=shared.KEY_FILE_MODE,
        command=["mongosh", "--quiet", "--norc", plan.core.database_uri, "--file", script],
        provisioning_dir=shared.PROVISIONING_DIR,
        keys_dir=shared.KEYS_DIR,
        subscribers_file=f"{shared.PROVISIONING_DIR}/{shared.SUBSCRIBERS_FILE}",
        network=plan.network,  # the script marks and prunes the subscribers of this network only
        **common,
    )
    # The checksum covers the ConfigMap only: a hash of the keys would be derived from them.
    canonical = json.dumps(config["data"], sort_keys=True)
    stamp_config_hash([job], canonical, annotation=SUBSCRIBERS_CHECKSUM_ANNOTATION)
    schedule_pods(job, plan.core.release.scheduling)  # with Liqo: where the core (and MongoDB) runs
    return Artifact(
        f"{site_dir(core_site)}/core/subscribers.yaml",
        (secret, config, job),
        schema="kubernetes",
        site=core_site,
        kustomize=True,
    )


def subscriber_group(
    plan: Plan, group: SubscriberGroupPlan, entries: Callable[[Session], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One group as the provisioning script reads it: each session with its QoS, and the UE AMBR.
    `entries`: a session's entry (`session_entries` of the plan, shared by the groups of one render)."""
    slices = shared.group_slices(group, entries or session_entries(plan))
    entry = shared.group_head(group)  # then the AMBR, then the slices: the key order the script's readers see
    entry["ambr"] = ue_ambr([s for slice_entry in slices for s in slice_entry["sessions"]])
    entry["slices"] = slices
    return entry


def session_entries(plan: Plan) -> Callable[[Session], dict[str, Any]]:
    """A session's entry (`session_qos`), made once per slice and DNN however many groups open it.
    The entries go into subscribers.json only: groups may share them."""
    made: dict[tuple[str, str], dict[str, Any]] = {}

    def entry(session: Session) -> dict[str, Any]:
        key = (session.slice, session.dnn)
        found = made.get(key)
        if found is None:
            found = made[key] = session_qos(plan.slice(session.slice), session.dnn)
        return found

    return entry


def session_qos(slice_plan: SlicePlan, dnn: str) -> dict[str, Any]:
    """A session's default QoS flow and session AMBR from the slice's QoS (Open5GS defaults otherwise)."""
    qos = slice_plan.qos
    uplink = (qos.ambr_uplink if qos else None) or open5gs.DEFAULT_BITRATE
    downlink = (qos.ambr_downlink if qos else None) or open5gs.DEFAULT_BITRATE
    return {
        "dnn": dnn,
        "fiveQi": qos.five_qi if qos else open5gs.DEFAULT_FIVE_QI,
        "arp": qos.arp if qos else open5gs.DEFAULT_ARP,
        "ambr": {"uplink": bitrate(uplink), "downlink": bitrate(downlink)},
    }


def ue_ambr(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """The UE-AMBR: per direction the largest session AMBR of the group."""

    def size(rate: dict[str, int]) -> int:
        return rate["value"] * 1000 ** rate["unit"]  # Open5GS multiplies by 1000 per unit (dbi)

    if len(sessions) == 1:  # most groups: the one session's AMBR, as max() would pick it
        ambr = sessions[0]["ambr"]
        return {"uplink": ambr["uplink"], "downlink": ambr["downlink"]}
    default = bitrate(open5gs.DEFAULT_BITRATE)
    return {
        direction: max((s["ambr"][direction] for s in sessions), key=size, default=default)
        for direction in ("uplink", "downlink")
    }


def bitrate(text: str) -> dict[str, int]:
    """ "200 Mbps" -> {"value": 200, "unit": 2}, the (int32 value, unit code) pair Open5GS stores."""
    value, unit = _bitrate(text)
    return {"value": value, "unit": unit}


@lru_cache(maxsize=1024)  # a pure function of the text: 3 per subscriber group, a handful of texts
def _bitrate(text: str) -> tuple[int, int]:
    match = _BITRATE.fullmatch(text)
    if match is None:
        raise CompilerBug(f"bit rate {text!r} escaped the model's pattern")
    units = open5gs.BITRATE_UNITS
    value, unit = int(match.group(1)), units.index(match.group(2))
    while value > open5gs.BITRATE_VALUE_MAX and unit < len(units) - 1:  # Open5GS reads an int32
        value, unit = -(-value // 1000), unit + 1
    return value, unit


_BITRATE = re.compile(r"([0-9]+) ?(bps|Kbps|Mbps|Gbps|Tbps)")
