"""oai target: OpenAirInterface gNBs (`ran[].type: oai`), whole or split into CU and DU over F1.

The OAI charts (oai-cn5g-fed `oai-gnb`, `oai-cu`, `oai-du`) expose no radio parameter as a value, so
n5gc renders the objects itself, as the ueransim target does: per gNB a ConfigMap holding the
libconfig file `nr-softmodem` reads, a Deployment running the image the charts run, and, for a CU,
the F1-C/F1-U Services the plan names. Layout:

- `split: none`: `sites/<site>/ran/oai-<gnb>.yaml` (ConfigMap, Deployment);
- `split: f1`:   `sites/<cu_site>/ran/oai-<gnb>-cu.yaml` (ConfigMap, F1-C and F1-U Services, Deployment)
                 and `sites/<du_site>/ran/oai-<gnb>-du.yaml` (ConfigMap, Deployment).

Numbers come from the plan's cell: its carrier (`n5gc.radio.CarrierPlan`): absoluteFrequencySSB (SS_REF
of the planned GSCN), dl_absoluteFrequencyPointA (lowest subcarrier, so dl_offstToCarrier is 0), N_RB,
kSSB; and its common configuration (`n5gc.radio.ServingCellCommon`): numerologies, the initial BWP's
locationAndBandwidth, controlResourceSetZero, L_max of the SSB burst, the TDD pattern. This module
only writes them as OAI spells them; the other servingCellConfigCommon values are OAI's example's.
What OAI runs and takes (image, ports, carrier kinds) is in `n5gc.products.oai_ran`.

Addresses. OAI wants IP addresses where the plan has Service DNS names, and its own pod IP for N2/N3/F1,
which a pod only learns at run time. The ConfigMap therefore carries the plan's DNS names (AMF in
`amf_ip_address.ipv4`, the CU's F1-C Service in the DU's `remote_n_address`) and "0.0.0.0" for the
pod's own addresses; the container's entrypoint (a constant script: nothing from the plan is pasted
into it) resolves the names given in $AMF_HOST / $F1C_HOST with `getent ahostsv4` (the libc resolver,
i.e. cluster DNS; retried while a Service is not resolvable yet), writes those IPs and $POD_IP
(downward API) over the placeholders in a copy of the file in an emptyDir, refuses to start if any
address is left unresolved, and execs nr-softmodem on the copy. Cross-site reachability of those names
is the planner's and the multicluster engine's business: the target only uses the plan's names.

F1 ports. F1-C is SCTP on the plan's port (38472) at both ends. F1-U: a CU pod already uses UDP 2152
for N3 GTP-U on its single address, so its F1-U GTP-U instance listens on 2153 (what the OAI oai-cu
chart does when F1 and N3 share an interface); the plan's F1-U Service keeps its port and targets
2153. OAI's DU sends F1-U to the address the CU announces in F1AP (the CU pod IP) on remote_n_portd,
hence 2153 there.

Radio. The pods run OAI's RF simulator (`--rfsim`; the gNB or DU is the rfsim server on TCP 4043), so
no hardware is needed. For a real radio, drop `--rfsim` from the Deployment's args, set the RU
section (`RUs`: sdr_addrs, att_tx/att_rx, clock_src) for the device, and give the pod the device
(privileged, or the USB/NIC it uses): see OAI's targets/PROJECTS/GENERIC-NR-5GC/CONF/*.usrp*.conf.
"""

from __future__ import annotations

from typing import Any

from n5gc.blueprint import render
from n5gc.diagnostics import CompilerBug
from n5gc.formats.libconfig import Hex, Int64, libconfig_text, plain
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Cell, GnbPlan, Plan, Scheduling, ServiceRef, Snssai
from n5gc.products.oai_ran import (
    CARRIERS,
    CELLS_PER_GNB,
    F1U_CU_PORT,
    F1U_DU_PORT,
    IMAGE,
    RFSIM_ARGS,
    RFSIM_PORT,
    SA_ARGS,
    SOFTMODEM,
)
from n5gc.radio import CarrierPlan, ServingCellCommon, TddPattern
from n5gc.records import record
from n5gc.targets.base import Artifact, pod_selector, schedule_workloads, site_dir, workload_labels
from n5gc.targets.recipes import Output, Recipe, Step, expand
from n5gc.targets.rollout import stamp_config_hash

TARGET_NAME = "oai"
APP = "oai-gnb"  # app.kubernetes.io/name of every OAI unit (gNB, CU, DU)
CONFIG_DIR = "/etc/oai"  # read-only mount of the ConfigMap
RUN_DIR = "/run/oai"  # emptyDir: the config with the addresses resolved
CONFIG_FILE = "gnb.conf"

OWN_ADDRESS = "0.0.0.0"  # placeholder for the pod's own address, replaced by $POD_IP at start
POD_INTERFACE = "eth0"
N3_PORT = 2152  # GTP-U towards the UPF (what the UPF sends downlink to)
# ssb_PositionsInBurst_PR by L_max: asn1c's numbers of the shortBitmap/mediumBitmap/longBitmap choice.
SSB_BITMAP_PR = {4: 1, 8: 2, 64: 3}

# The entrypoint. Placeholders are found by setting name: the libconfig writer
# (n5gc.formats.libconfig) puts one setting per line as `name = "value";`.
ENTRYPOINT = f"""\
set -eu
: "${{POD_IP:?POD_IP must be set from the downward API (status.podIP)}}"
resolve() {{
  for _ in $(seq 90); do
    address=$(getent ahostsv4 "$1" | head -n 1 | cut -d " " -f 1)
    if [ -n "$address" ]; then echo "$address"; return 0; fi
    sleep 2
  done
  echo "cannot resolve $1" >&2
  return 1
}}
own='GNB_IPV4_ADDRESS_FOR_NG_AMF|GNB_IPV4_ADDRESS_FOR_NGU|local_s_address|local_n_address'
script="s/^( *($own) = )\\"[^\\"]*\\";$/\\\\1\\"$POD_IP\\";/"
if [ -n "${{AMF_HOST:-}}" ]; then
  amf=$(resolve "$AMF_HOST")
  script="$script;s/^( *ipv4 = )\\"[^\\"]*\\";$/\\\\1\\"$amf\\";/"
fi
if [ -n "${{F1C_HOST:-}}" ]; then
  cu=$(resolve "$F1C_HOST")
  script="$script;s/^( *remote_n_address = )\\"[^\\"]*\\";$/\\\\1\\"$cu\\";/"
fi
sed -E "$script" {CONFIG_DIR}/{CONFIG_FILE} > {RUN_DIR}/{CONFIG_FILE}
if grep -E "^ *(ipv4|remote_n_address|$own) = " {RUN_DIR}/{CONFIG_FILE} \\
    | grep -vqE '= "[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+";$'; then
  echo "an address in {RUN_DIR}/{CONFIG_FILE} is not resolved" >&2
  exit 1
fi
exec {SOFTMODEM} -O {RUN_DIR}/{CONFIG_FILE} "$@"
"""
COMMAND = ("/bin/sh", "-c", ENTRYPOINT, "oai-entrypoint")  # "$@" = the container's args
POD_IP_ENV = {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}


# ------------------------------------------------------------------------------------------------
# The configuration files


@record
class RadioCell:
    """The gNB's one cell as this target renders it: carrier, common configuration and CORESET#0 set."""

    cell: Cell
    carrier: CarrierPlan
    common: ServingCellCommon
    coreset0_index: int


def radio_cell(gnb: GnbPlan) -> RadioCell:
    """The gNB's one cell with a planned carrier OAI takes; anything else is for a check to refuse."""
    if len(gnb.cells) != CELLS_PER_GNB:
        raise CompilerBug(
            f'gNB "{gnb.name}" (type oai) has {len(gnb.cells)} cells; nr-softmodem serves '
            "exactly one: a check should refuse this"
        )
    cell = gnb.cells[0]
    carrier, common = cell.carrier, cell.common
    if carrier is None or common is None:
        raise CompilerBug(
            f'gNB "{gnb.name}": cell {cell.nci_hex} has no planned carrier (N5G501 should have '
            "stopped the compile)"
        )
    if not CARRIERS.takes(carrier.fr, carrier.scs_khz, carrier.ssb_scs_khz) or common.coreset0_index is None:
        raise CompilerBug(
            f'gNB "{gnb.name}": the oai target renders {CARRIERS.described("carriers")} with an SSB of the '
            f"same SCS, not {carrier.band_name} at {carrier.scs_khz} kHz: a check should refuse this"
        )
    return RadioCell(cell, carrier, common, common.coreset0_index)


def snssai_entry(snssai: Snssai) -> dict[str, Any]:
    """An snssaiList element as OAI writes it: sst decimal, sd a hex integer (no sd key without one)."""
    entry: dict[str, Any] = {"sst": snssai.sst}
    if snssai.sd is not None:
        entry["sd"] = Hex(int(snssai.sd, 16), 6)
    return entry


def plmn_entry(plan: Plan, gnb: GnbPlan) -> dict[str, Any]:
    """A plmn_list element. mcc/mnc are OAI numbers (it writes 3 MCC digits and mnc_length MNC digits);
    they are written without leading zeros, which some libconfig versions would read as octal."""
    return {
        "mcc": int(plan.mcc),
        "mnc": int(plan.mnc),
        "mnc_length": len(plan.mnc),
        "snssaiList": [snssai_entry(s) for s in gnb.snssais],
    }


def identity(plan: Plan, gnb: GnbPlan, name: str) -> dict[str, Any]:
    """The identification part of a gNBs entry (gNB, CU and DU alike).

    OAI announces gNB_ID as a 28-bit gNB id on NGAP whatever idLength says, and nr_cellid is the
    planned NCI (gNB id followed by the cell id).
    """
    return {
        "gNB_ID": Hex(gnb.gnb_id),
        "gNB_name": name,
        "tracking_area_code": gnb.tac,
        "plmn_list": [plmn_entry(plan, gnb)],
        "nr_cellid": Int64(int(gnb.nci_hex, 16)),
    }


def uplink_point_a(carrier: CarrierPlan) -> dict[str, int]:
    """ul_absoluteFrequencyPointA of an FDD carrier: the planned UL point A (one duplex spacing from
    the DL one, same N_RB); none for TDD, where OAI takes the DL point A."""
    if carrier.duplex != "FDD":
        return {}
    if carrier.ul_point_a_arfcn is None:
        raise CompilerBug(f"FDD carrier {carrier.band_name} at {carrier.center_mhz} MHz: no planned uplink")
    return {"ul_absoluteFrequencyPointA": carrier.ul_point_a_arfcn}


def tdd_settings(tdd: TddPattern | None) -> dict[str, int]:
    """The TDD pattern as OAI's servingCellConfigCommon spells it; none for FDD."""
    if tdd is None:
        return {}
    return {
        "referenceSubcarrierSpacing": tdd.reference_numerology,
        "dl_UL_TransmissionPeriodicity": tdd.periodicity,
        "nrofDownlinkSlots": tdd.dl_slots,
        "nrofDownlinkSymbols": tdd.dl_symbols,
        "nrofUplinkSlots": tdd.ul_slots,
        "nrofUplinkSymbols": tdd.ul_symbols,
    }


def serving_cell(radio: RadioCell) -> dict[str, Any]:
    """servingCellConfigCommon: the planned cell's numbers; the other values are OAI's example's."""
    carrier, common = radio.carrier, radio.common
    mu, riv = common.numerology, common.initial_bwp_riv
    return {
        "physCellId": radio.cell.pci,
        "absoluteFrequencySSB": carrier.ssb_arfcn,
        "dl_frequencyBand": carrier.band,
        "dl_absoluteFrequencyPointA": carrier.point_a_arfcn,
        "dl_offstToCarrier": 0,
        "dl_subcarrierSpacing": mu,
        "dl_carrierBandwidth": carrier.n_rb,
        "initialDLBWPlocationAndBandwidth": riv,
        "initialDLBWPsubcarrierSpacing": mu,
        "initialDLBWPcontrolResourceSetZero": radio.coreset0_index,
        "initialDLBWPsearchSpaceZero": common.search_space0_index,
        "ul_frequencyBand": carrier.band,
        **uplink_point_a(carrier),
        "ul_offstToCarrier": 0,
        "ul_subcarrierSpacing": mu,
        "ul_carrierBandwidth": carrier.n_rb,
        "pMax": 20,
        "initialULBWPlocationAndBandwidth": riv,
        "initialULBWPsubcarrierSpacing": mu,
        "prach_ConfigurationIndex": 98,
        "prach_msg1_FDM": 0,
        "prach_msg1_FrequencyStart": 0,
        "zeroCorrelationZoneConfig": 13,
        "preambleReceivedTargetPower": -96,
        "preambleTransMax": 6,
        "powerRampingStep": 1,
        "ra_ResponseWindow": 4,
        "ssb_perRACH_OccasionAndCB_PreamblesPerSSB_PR": 4,
        "ssb_perRACH_OccasionAndCB_PreamblesPerSSB": 14,
        "ra_ContentionResolutionTimer": 7,
        "rsrp_ThresholdSSB": 19,
        "prach_RootSequenceIndex_PR": 2,
        "prach_RootSequenceIndex": 1,
        "msg1_SubcarrierSpacing": mu,
        "restrictedSetConfig": 0,
        "msg3_DeltaPreamble": 1,
        "p0_NominalWithGrant": -90,
        "pucchGroupHopping": 0,
        "hoppingId": 40,
        "p0_nominal": -90,
        "ssb_PositionsInBurst_PR": SSB_BITMAP_PR[common.ssb_l_max],
        "ssb_PositionsInBurst_Bitmap": 1,
        "ssb_periodicityServingCell": 2,
        "dmrs_TypeA_Position": 0,
        "subcarrierSpacing": common.ssb_numerology,
        **tdd_settings(common.tdd),
        "ssPBCH_BlockPower": -25,
    }


def _radio_part(radio: RadioCell) -> dict[str, Any]:
    """What the gNBs entry of a unit with a radio (whole gNB, DU) adds: kSSB and the cell."""
    return {"ssb_SubcarrierOffset": radio.carrier.k_ssb, "servingCellConfigCommon": [serving_cell(radio)]}


def _core_part(gnb: GnbPlan) -> dict[str, Any]:
    """What the gNBs entry of a unit facing the core (whole gNB, CU) adds: SCTP, AMF, N2/N3 addresses."""
    return {
        "SCTP": {"SCTP_INSTREAMS": 2, "SCTP_OUTSTREAMS": 2},
        "amf_ip_address": [{"ipv4": gnb.amf.dns, "active": "yes", "preference": "ipv4"}],
        "NETWORK_INTERFACES": {
            "GNB_INTERFACE_NAME_FOR_NG_AMF": POD_INTERFACE,
            "GNB_IPV4_ADDRESS_FOR_NG_AMF": OWN_ADDRESS,
            "GNB_INTERFACE_NAME_FOR_NGU": POD_INTERFACE,
            "GNB_IPV4_ADDRESS_FOR_NGU": OWN_ADDRESS,
            "GNB_PORT_FOR_S1U": N3_PORT,
        },
    }


def _lower_layers(radio: RadioCell, macrlc: dict[str, Any]) -> dict[str, Any]:
    """MAC/RLC, L1, the RF-simulated RU and the rfsim server: the whole gNB's and the DU's tail."""
    return {
        "MACRLCs": [
            {
                "num_cc": 1,
                "tr_s_preference": "local_L1",
                **macrlc,
                "pusch_TargetSNRx10": 150,
                "pucch_TargetSNRx10": 200,
            }
        ],
        "L1s": [
            {
                "num_cc": 1,
                "tr_n_preference": "local_mac",
                "prach_dtx_threshold": 120,
                "pucch0_dtx_threshold": 100,
                "ofdm_offset_divisor": 8,
            }
        ],
        "RUs": [
            {
                "local_rf": "yes",
                "nb_tx": 1,
                "nb_rx": 1,
                "att_tx": 0,
                "att_rx": 0,
                "bands": (radio.carrier.band,),
                "max_pdschReferenceSignalPower": -27,
                "max_rxgain": 114,
                "eNB_instances": (0,),
                "clock_src": "internal",
            }
        ],
        "rfsimulator": {"serveraddr": "server", "serverport": RFSIM_PORT, "options": [], "modelname": "AWGN"},
    }


SECURITY = {
    "ciphering_algorithms": ["nea0"],
    "integrity_algorithms": ["nia2", "nia0"],
    "drb_ciphering": "yes",
    "drb_integrity": "no",
}
LOG_CONFIG = {
    "global_log_level": "info",
    "hw_log_level": "info",
    "phy_log_level": "info",
    "mac_log_level": "info",
    "rlc_log_level": "info",
    "pdcp_log_level": "info",
    "rrc_log_level": "info",
    "ngap_log_level": "info",
    "f1ap_log_level": "info",
}


def _head(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {"Active_gNBs": [name], "Asn1_verbosity": "none", "gNBs": [entry]}


def gnb_conf(plan: Plan, gnb: GnbPlan) -> dict[str, Any]:
    """The whole gNB (split none): schema oai/gnb."""
    radio = radio_cell(gnb)
    entry = {**identity(plan, gnb, gnb.object_name), **_radio_part(radio), **_core_part(gnb)}
    macrlc = {"tr_n_preference": "local_RRC"}
    return {
        **_head(gnb.object_name, entry),
        **_lower_layers(radio, macrlc),
        "security": SECURITY,
        "log_config": LOG_CONFIG,
    }


def _f1(gnb: GnbPlan) -> tuple[ServiceRef, ServiceRef]:
    if gnb.f1_c is None or gnb.f1_u is None:
        raise CompilerBug(f'gNB "{gnb.name}" has split f1 but the plan names no F1 Services')
    return gnb.f1_c, gnb.f1_u


def cu_conf(plan: Plan, gnb: GnbPlan) -> dict[str, Any]:
    """The CU (split f1): N2/N3 towards the core, F1 towards DUs. The CU does not connect to its DUs
    (they set up F1 and announce their F1-U address in F1AP), so remote_s_address is not used."""
    f1_c, _f1_u = _f1(gnb)
    f1 = {
        "tr_s_preference": "f1",
        "local_s_if_name": POD_INTERFACE,
        "local_s_address": OWN_ADDRESS,
        "remote_s_address": "0.0.0.0",
        "local_s_portc": f1_c.port,
        "local_s_portd": f1_u_port(gnb),
        "remote_s_portc": f1_c.port,
        "remote_s_portd": F1U_DU_PORT,
    }
    entry = {**identity(plan, gnb, gnb.cu_object_name), **f1, **_core_part(gnb)}
    return {**_head(gnb.cu_object_name, entry), "security": SECURITY, "log_config": LOG_CONFIG}


def du_conf(plan: Plan, gnb: GnbPlan) -> dict[str, Any]:
    """The DU (split f1): the cell and the radio; F1 to the CU's F1-C Service named by the plan."""
    f1_c, _f1_u = _f1(gnb)
    radio = radio_cell(gnb)
    entry = {
        **identity(plan, gnb, gnb.du_object_name),
        "gNB_DU_ID": Hex(gnb.gnb_id),
        **_radio_part(radio),
        "SCTP": {"SCTP_INSTREAMS": 2, "SCTP_OUTSTREAMS": 2},
    }
    macrlc = {
        "tr_n_preference": "f1",
        "local_n_if_name": POD_INTERFACE,
        "local_n_address": OWN_ADDRESS,
        "remote_n_address": f1_c.dns,
        "local_n_portc": f1_c.port,
        "local_n_portd": F1U_DU_PORT,
        "remote_n_portc": f1_c.port,
        "remote_n_portd": f1_u_port(gnb),
    }
    return {**_head(gnb.du_object_name, entry), **_lower_layers(radio, macrlc), "log_config": LOG_CONFIG}


def f1_u_port(gnb: GnbPlan) -> int:
    """The CU's F1-U port, from the plan's F1-U Service."""
    return gnb.f1_u.port if gnb.f1_u is not None else F1U_CU_PORT


def config_header(role: str, gnb: GnbPlan) -> str:
    """The comment block on top of a .conf: where its numbers and addresses come from."""
    lines = [
        f"OAI nr-softmodem configuration of {role} generated by n5gc. Do not edit: change the intent.",
        f'Addresses: "{OWN_ADDRESS}" is replaced by the pod IP, DNS names (AMF, CU F1-C) by their',
        "IPv4 address when the pod starts (see the Deployment's command);",
        f"{RUN_DIR}/{CONFIG_FILE} is what runs.",
    ]
    carrier = gnb.cells[0].carrier if gnb.cells and role != "the CU" else None
    if carrier is not None:
        c = carrier
        lines += [
            f"Carrier: {c.band_name} {c.bandwidth_mhz} MHz at {c.scs_khz} kHz, N_RB {c.n_rb}, "
            f"centre {c.center_mhz} MHz (ARFCN {c.center_arfcn}),",
            f"point A ARFCN {c.point_a_arfcn}, SSB at GSCN {c.gscn} (ARFCN {c.ssb_arfcn}), kSSB {c.k_ssb}.",
        ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# Kubernetes objects


@record
class Unit:
    """One OAI process to run: the whole gNB, its CU or its DU."""

    role: str  # gnb | cu | du
    name: str  # object name
    site: str
    path: str
    schema: str
    config: dict[str, Any]
    header: str
    env: tuple[tuple[str, str], ...]
    ports: tuple[tuple[str, int, str], ...]  # (name, containerPort, protocol)
    services: tuple[tuple[ServiceRef, str], ...]  # (the plan's Service, its target port name)
    scheduling: Scheduling


def unit_files(gnb: GnbPlan) -> list[tuple[str, str]]:
    """(site, path) of the file of each unit of a gNB, in `units` order: known without building."""
    if gnb.split != "f1":
        return [(gnb.site, f"{site_dir(gnb.site)}/ran/oai-{gnb.name}.yaml")]
    cu_site, du_site = gnb.cu_site or gnb.site, gnb.du_site or gnb.site
    return [
        (cu_site, f"{site_dir(cu_site)}/ran/oai-{gnb.name}-cu.yaml"),
        (du_site, f"{site_dir(du_site)}/ran/oai-{gnb.name}-du.yaml"),
    ]


def units(plan: Plan, gnb: GnbPlan) -> list[Unit]:
    """The processes of one gNB: one, or the CU and the DU of an F1 split."""
    files = unit_files(gnb)
    rfsim = ("rfsim", RFSIM_PORT, "TCP")
    if gnb.split != "f1":
        site, path = files[0]
        return [
            Unit(
                "gnb",
                gnb.object_name,
                site,
                path,
                "oai/gnb",
                gnb_conf(plan, gnb),
                config_header("the gNB", gnb),
                (("AMF_HOST", gnb.amf.dns),),
                (("n3", N3_PORT, "UDP"), rfsim),
                (),
                gnb.scheduling,
            )
        ]
    f1_c, f1_u = _f1(gnb)
    (cu_site, cu_path), (du_site, du_path) = files
    return [
        Unit(
            "cu",
            gnb.cu_object_name,
            cu_site,
            cu_path,
            "oai/cu",
            cu_conf(plan, gnb),
            config_header("the CU", gnb),
            (("AMF_HOST", gnb.amf.dns),),
            (("f1c", f1_c.port, "SCTP"), ("f1u", f1_u.port, "UDP"), ("n3", N3_PORT, "UDP")),
            ((f1_c, "f1c"), (f1_u, "f1u")),
            gnb.scheduling,
        ),
        Unit(
            "du",
            gnb.du_object_name,
            du_site,
            du_path,
            "oai/du",
            du_conf(plan, gnb),
            config_header("the DU", gnb),
            (("F1C_HOST", f1_c.dns),),
            (("f1u", F1U_DU_PORT, "UDP"), rfsim),
            (),
            gnb.du_scheduling,
        ),
    ]


def unit_artifact(plan: Plan, gnb: GnbPlan, unit: Unit) -> Artifact:
    """ConfigMap (+ the CU's F1 Services) + Deployment of one unit; its config verified as embedded."""
    text = libconfig_text(unit.config, unit.header)
    selector = pod_selector(APP, unit.name, unit.role)
    object_labels = workload_labels(plan, selector, unit.role, gnb.slices)
    services = [{"ref": ref, "target": target} for ref, target in unit.services]
    documents = render(
        TARGET_NAME,
        "unit.yaml.j2",
        name=unit.name,
        namespace=gnb.namespace,
        labels=object_labels,
        config_files={CONFIG_FILE: text},
        services=services,
        selector=selector,
        image=IMAGE,
        command=list(COMMAND),
        args=list(SA_ARGS if unit.role == "cu" else RFSIM_ARGS),
        env=[POD_IP_ENV, *({"name": k, "value": v} for k, v in unit.env)],
        ports=[{"name": n, "containerPort": p, "protocol": proto} for n, p, proto in unit.ports],
        config_dir=CONFIG_DIR,
        run_dir=RUN_DIR,
    )
    stamp_config_hash(documents, text)
    documents = schedule_workloads(documents, unit.scheduling)
    return Artifact(
        unit.path,
        tuple(documents),
        schema="kubernetes",
        site=unit.site,
        kustomize=True,
        embedded=((unit.schema, plain(unit.config)),),
    )


class OaiTarget:
    """OAI gNBs (type "oai"): whole, or CU + DU with split f1."""

    name = TARGET_NAME

    def applies(self, plan: Plan) -> bool:
        return any(g.type == "oai" for g in plan.gnbs)

    def parts(self, plan: Plan, secrets: Secrets | None) -> list[Artifact | Step]:
        """One recipe step per OAI gNB (its unit files)."""
        return [gnb_step(gnb) for gnb in plan.gnbs if gnb.type == "oai"]

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Every artifact of `parts`, the steps built."""
        return expand(plan, self.parts(plan, secrets))


def build_gnb(plan: Plan, gnb: GnbPlan) -> list[Artifact]:
    return [unit_artifact(plan, gnb, unit) for unit in units(plan, gnb)]


# The configs read the PLMN, the objects the common labels; the rest comes from the GnbPlan.
GNB_RECIPE = Recipe(
    "oai.gnb", "1", ("mcc", "mnc", "network", "labels"), build_gnb, ("ConfigMap", "Service", "Deployment")
)


def gnb_step(gnb: GnbPlan) -> Step:
    """An OAI gNB's files (whole, or CU and DU) as a recipe step."""
    outputs = tuple(
        Output(path, "kubernetes", site, kustomize=True, namespaces=(gnb.namespace,))
        for site, path in unit_files(gnb)
    )
    return Step(GNB_RECIPE, (("gnb", gnb),), outputs)


TARGET = OaiTarget()
