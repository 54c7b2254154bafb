"""The oai target: the numbers of OAI's reference configs, CU/DU wiring, the pods."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from intents import plan_of
from libconfig_reader import read_libconfig

from n5gc.diagnostics import CompilerBug
from n5gc.formats.libconfig import libconfig_text, plain
from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import Plan
from n5gc.products import oai_ran
from n5gc.radio import CarrierPlan, arfcn_to_khz, bwp_riv, plan_carrier, plan_serving_cell
from n5gc.targets import oai
from n5gc.targets.base import Artifact
from n5gc.targets.rollout import CONFIG_HASH_ANNOTATION
from n5gc.verify import document_problems, verify
from n5gc.yamlio import dump

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
OAI_CONF = Path("oai/openairinterface5g/targets/PROJECTS/GENERIC-NR-5GC/CONF")
UPSTREAM_GNB = "gnb.sa.band78.fr1.106PRB.usrpb210.conf"


# ------------------------------------------------------------------------------------------------
# intents and plans


def network(
    ran: list[dict[str, Any]], sites: tuple[str, ...] = ("lab",), engine: str = "none", mnc: str = "01"
) -> dict[str, Any]:
    return intents.ran_network(ran, sites, engine, mnc)


UPSTREAM_CELL = {
    "nci": "0x000000010",
    "pci": 0,
    "band": "n78",
    "bandwidthMHz": 40,
    "scsKHz": 30,
    "arfcn": 641280,
}


def gnb(split: bool = False, cells: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": "gnb",
        "type": "oai",
        "slices": ["embb", "iot", "urllc"],
        "cells": copy.deepcopy(cells if cells is not None else [UPSTREAM_CELL]),
        **more,
    }
    if split:
        item.update(split="f1", cu={"site": "central"}, du={"site": "edge"})
    return item


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return plan_of(network([gnb()]), tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return plan_of(network([gnb(split=True)], ("central", "edge"), "liqo"), tmp_path_factory.mktemp("split"))


def render(plan: Plan) -> dict[str, Artifact]:
    return {a.path: a for a in oai.TARGET.render(plan, None)}


def embedded(item: Artifact) -> dict[str, Any]:
    ((_schema, config),) = item.embedded
    return config


def doc(item: Artifact, kind: str, name: str | None = None) -> dict[str, Any]:
    return next(d for d in item.documents if d["kind"] == kind and name in (None, d["metadata"]["name"]))


def conf_text(item: Artifact) -> str:
    return doc(item, "ConfigMap")["data"][oai.CONFIG_FILE]


def cell_of(config: dict[str, Any]) -> dict[str, Any]:
    return config["gNBs"][0]["servingCellConfigCommon"][0]


def upstream_conf(upstream: Path, name: str) -> dict[str, Any]:
    return read_libconfig((upstream / OAI_CONF / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------------
# the reader reads OAI's own files; the configs' text reads back as the data it was given


@pytest.mark.parametrize("name", [UPSTREAM_GNB, "cu_gnb.conf", "du_gnb.conf"])
def test_reader_reads_the_upstream_confs(upstream: Path, name: str) -> None:
    conf = upstream_conf(upstream, name)
    entry = conf["gNBs"][0]
    assert entry["gNB_ID"] == 0xE00 and entry["nr_cellid"] == 12345678
    assert entry["plmn_list"][0]["snssaiList"] == [{"sst": 1}]
    if name != "cu_gnb.conf":
        ru = conf["RUs"][0]
        assert ru["bands"] == [78] and ru["local_rf"] == "yes"  # no terminator upstream
        assert cell_of(conf)["msg1_SubcarrierSpacing"] == 1  # ended by "," upstream
        assert cell_of(conf)["p0_NominalWithGrant"] == -90


def test_text_reads_back_as_the_data_for_every_unit(whole: Plan, split: Plan) -> None:
    for plan in (whole, split):
        for unit in oai.units(plan, plan.gnbs[0]):
            text = libconfig_text(unit.config, unit.header)
            assert read_libconfig(text) == plain(unit.config)


def test_configmap_text_is_what_is_verified(split: Plan) -> None:
    for item in render(split).values():
        assert read_libconfig(conf_text(item)) == embedded(item)


def test_numbers_are_never_quoted_and_strings_always_are(split: Plan) -> None:
    for item in render(split).values():
        for line in conf_text(item).splitlines():
            setting = " = " in line and not line.startswith("#")
            value = line.split(" = ", 1)[1].rstrip(";") if setting else None
            if value is not None and value.startswith('"'):
                assert re.fullmatch(r'"[^"]*"', value), line
            elif value is not None and value[0] not in "({[":
                assert re.fullmatch(r"-?(0x[0-9a-f]+|\d+)L?", value), line


# ------------------------------------------------------------------------------------------------
# the numbers: OAI's reference configs (106 PRB at 30 kHz in n78) and plan_carrier

CARRIER_KEYS = (
    "absoluteFrequencySSB",
    "dl_frequencyBand",
    "dl_absoluteFrequencyPointA",
    "dl_offstToCarrier",
    "dl_subcarrierSpacing",
    "dl_carrierBandwidth",
    "initialDLBWPlocationAndBandwidth",
    "initialDLBWPsubcarrierSpacing",
    "initialDLBWPcontrolResourceSetZero",
    "initialDLBWPsearchSpaceZero",
    "ul_frequencyBand",
    "ul_offstToCarrier",
    "ul_subcarrierSpacing",
    "ul_carrierBandwidth",
    "initialULBWPlocationAndBandwidth",
    "initialULBWPsubcarrierSpacing",
    "subcarrierSpacing",
    "msg1_SubcarrierSpacing",
    "ssb_PositionsInBurst_PR",
    "referenceSubcarrierSpacing",
    "dl_UL_TransmissionPeriodicity",
    "nrofDownlinkSlots",
    "nrofDownlinkSymbols",
    "nrofUplinkSlots",
    "nrofUplinkSymbols",
)


def test_whole_gnb_carrier_equals_oais_reference_conf(whole: Plan, upstream: Path) -> None:
    ours = cell_of(embedded(render(whole)["sites/lab/ran/oai-gnb.yaml"]))
    theirs = cell_of(upstream_conf(upstream, UPSTREAM_GNB))
    assert {k: ours[k] for k in CARRIER_KEYS} == {k: theirs[k] for k in CARRIER_KEYS}
    assert (ours["absoluteFrequencySSB"], ours["dl_absoluteFrequencyPointA"]) == (641280, 640008)
    assert (ours["dl_carrierBandwidth"], ours["initialDLBWPlocationAndBandwidth"]) == (106, 28875)


def test_du_carrier_equals_oais_reference_du_conf(split: Plan, upstream: Path) -> None:
    ours = cell_of(embedded(render(split)["sites/edge/ran/oai-gnb-du.yaml"]))
    theirs = cell_of(upstream_conf(upstream, "du_gnb.conf"))
    assert {k: ours[k] for k in CARRIER_KEYS} == {k: theirs[k] for k in CARRIER_KEYS}


def test_fdd_cell_has_uplink_point_a_ksbb_and_no_tdd_pattern(tmp_path: Path) -> None:
    cell = {
        "nci": "0x000000020",
        "pci": 7,
        "band": "n3",
        "bandwidthMHz": 20,
        "scsKHz": 15,
        "centerMHz": 1842.5,
    }
    plan = plan_of(network([gnb(cells=[cell])]), tmp_path)
    carrier = plan.gnbs[0].cells[0].carrier
    assert carrier is not None
    config = embedded(render(plan)["sites/lab/ran/oai-gnb.yaml"])
    scc = cell_of(config)
    assert scc["ul_absoluteFrequencyPointA"] == carrier.ul_point_a_arfcn == 347592
    assert scc["dl_absoluteFrequencyPointA"] == 366592 and scc["absoluteFrequencySSB"] == 368410
    assert scc["dl_subcarrierSpacing"] == scc["msg1_SubcarrierSpacing"] == scc["subcarrierSpacing"] == 0
    assert "referenceSubcarrierSpacing" not in scc and "nrofDownlinkSlots" not in scc
    assert config["gNBs"][0]["ssb_SubcarrierOffset"] == carrier.k_ssb == 6
    # kSSB from the written ARFCNs alone: subcarrier 0 of the SSB above point A, modulo one 15 kHz RB.
    point_a = arfcn_to_khz(scc["dl_absoluteFrequencyPointA"])
    first = arfcn_to_khz(scc["absoluteFrequencySSB"]) - 120 * 15 - point_a
    assert first % (12 * 15) // 15 == 6


def test_every_number_of_the_example_is_plan_carriers(upstream: Path) -> None:
    analysis = analyse(EXAMPLES / "f1-split.yaml")
    assert analysis.ok and analysis.network is not None
    plan = build_plan(analysis.network)
    (intent_cell,) = analysis.network.spec.ran[0].cells
    carrier = plan_carrier(
        intent_cell.band, intent_cell.bandwidth_mhz, intent_cell.scs_khz, arfcn=intent_cell.arfcn
    )
    config = embedded(render(plan)["sites/edge/ran/oai-gnb-du.yaml"])
    scc = cell_of(config)
    assert scc["absoluteFrequencySSB"] == carrier.ssb_arfcn
    assert scc["dl_absoluteFrequencyPointA"] == carrier.point_a_arfcn
    assert scc["dl_carrierBandwidth"] == scc["ul_carrierBandwidth"] == carrier.n_rb
    assert scc["initialDLBWPlocationAndBandwidth"] == bwp_riv(carrier.n_rb)
    assert config["gNBs"][0]["ssb_SubcarrierOffset"] == carrier.k_ssb
    assert config["gNBs"][0]["nr_cellid"] == int(intent_cell.nci)


# ------------------------------------------------------------------------------------------------
# identity: PLMN, TAC, slices


def test_plmn_tac_and_slices_as_oai_writes_them(whole: Plan) -> None:
    item = render(whole)["sites/lab/ran/oai-gnb.yaml"]
    entry = embedded(item)["gNBs"][0]
    assert entry["plmn_list"] == [
        {
            "mcc": 1,
            "mnc": 1,
            "mnc_length": 2,
            "snssaiList": [{"sst": 1, "sd": 1}, {"sst": 3, "sd": 0xA0}, {"sst": 2}],
        }
    ]
    assert entry["tracking_area_code"] == whole.gnbs[0].tac == 1
    assert entry["gNB_ID"] == whole.gnbs[0].gnb_id == 1 and entry["nr_cellid"] == 0x10
    text = conf_text(item)
    assert "sd = 0x000001;" in text and "sd = 0x0000a0;" in text and "mcc = 1;" in text
    assert "gNB_ID = 0x1;" in text and "nr_cellid = 16L;" in text


def test_three_digit_mnc(tmp_path: Path) -> None:
    plan = plan_of(network([gnb()], mnc="001"), tmp_path)
    plmn = embedded(render(plan)["sites/lab/ran/oai-gnb.yaml"])["gNBs"][0]["plmn_list"][0]
    assert (plmn["mnc"], plmn["mnc_length"]) == (1, 3)


# ------------------------------------------------------------------------------------------------
# F1 split: CU and DU, their addresses and the Services


def test_split_layout_and_schemas(split: Plan) -> None:
    items = render(split)
    assert set(items) == {"sites/central/ran/oai-gnb-cu.yaml", "sites/edge/ran/oai-gnb-du.yaml"}
    cu, du = items["sites/central/ran/oai-gnb-cu.yaml"], items["sites/edge/ran/oai-gnb-du.yaml"]
    assert (cu.site, du.site) == ("central", "edge") and cu.kustomize and du.kustomize
    assert [s for s, _ in cu.embedded] == ["oai/cu"] and [s for s, _ in du.embedded] == ["oai/du"]
    verify(list(items.values()))


def test_cu_faces_the_core_and_listens_for_f1(split: Plan) -> None:
    g = split.gnbs[0]
    assert g.f1_c is not None and g.f1_u is not None
    entry = embedded(render(split)["sites/central/ran/oai-gnb-cu.yaml"])["gNBs"][0]
    assert "servingCellConfigCommon" not in entry
    assert entry["amf_ip_address"][0]["ipv4"] == g.amf.dns == "net-amf-ngap.net-core.svc.cluster.local"
    assert entry["tr_s_preference"] == "f1" and entry["local_s_address"] == oai.OWN_ADDRESS
    ports = (entry["local_s_portc"], entry["local_s_portd"], entry["remote_s_portd"])
    assert ports == (g.f1_c.port, 2153, 2152)
    assert entry["NETWORK_INTERFACES"]["GNB_PORT_FOR_S1U"] == 2152 != entry["local_s_portd"]


def test_du_connects_to_the_cus_f1c_service(split: Plan) -> None:
    g = split.gnbs[0]
    assert g.f1_c is not None
    config = embedded(render(split)["sites/edge/ran/oai-gnb-du.yaml"])
    macrlc = config["MACRLCs"][0]
    assert macrlc["tr_n_preference"] == "f1"
    assert macrlc["remote_n_address"] == g.f1_c.dns == "net-gnb-cu-f1c.net-ran.svc.cluster.local"
    assert (macrlc["remote_n_portc"], macrlc["remote_n_portd"]) == (38472, oai_ran.F1U_CU_PORT)
    assert macrlc["local_n_portd"] == 2152
    assert "amf_ip_address" not in config["gNBs"][0] and "security" not in config
    assert config["gNBs"][0]["gNB_DU_ID"] == g.gnb_id


def test_cu_services_carry_the_plans_names_and_ports(split: Plan) -> None:
    g = split.gnbs[0]
    cu = render(split)["sites/central/ran/oai-gnb-cu.yaml"]
    deployment = doc(cu, "Deployment")
    ports = {p["name"]: p for p in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]}
    for ref in (g.f1_c, g.f1_u):
        assert ref is not None
        service = doc(cu, "Service", ref.name)
        assert service["metadata"]["namespace"] == ref.namespace
        (port,) = service["spec"]["ports"]
        assert (port["port"], port["protocol"]) == (ref.port, ref.protocol)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= pod_labels.items()
        assert ports[port["targetPort"]]["protocol"] == ref.protocol
    assert ports["f1c"]["containerPort"] == 38472 and ports["f1u"]["containerPort"] == oai_ran.F1U_CU_PORT


def test_pods_run_the_oai_image_and_resolve_names_from_the_plan(split: Plan) -> None:
    g = split.gnbs[0]
    items = render(split)
    assert g.f1_c is not None
    for path, env_name, value, args in (
        ("sites/central/ran/oai-gnb-cu.yaml", "AMF_HOST", g.amf.dns, ["--sa"]),
        ("sites/edge/ran/oai-gnb-du.yaml", "F1C_HOST", g.f1_c.dns, ["--sa", "--rfsim"]),
    ):
        pod = doc(items[path], "Deployment")["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["image"] == "docker.io/oaisoftwarealliance/oai-gnb:2024.w32"
        assert container["command"] == list(oai.COMMAND) and container["args"] == args
        env = {e["name"]: e for e in container["env"]}
        assert env["POD_IP"]["valueFrom"]["fieldRef"]["fieldPath"] == "status.podIP"
        assert env[env_name]["value"] == value
        assert {v["name"] for v in pod["volumes"]} == {"config", "run"}


def test_scheduling_from_the_plan_reaches_the_pods(split: Plan) -> None:
    g = split.gnbs[0]
    items = render(split)
    cu = doc(items["sites/central/ran/oai-gnb-cu.yaml"], "Deployment")["spec"]["template"]["spec"]
    du = doc(items["sites/edge/ran/oai-gnb-du.yaml"], "Deployment")["spec"]["template"]["spec"]
    assert (
        du["nodeSelector"]
        == g.du_scheduling.node_selector_map
        == {"liqo.io/remote-cluster-id": "edge", "liqo.io/type": "virtual-node"}
    )
    assert cu["affinity"] == g.scheduling.affinity and "nodeSelector" not in cu


def test_nsm_annotations_reach_the_pods(split: Plan) -> None:
    import dataclasses

    from n5gc.plan.ir import Scheduling

    annotated = Scheduling(pod_annotations=(("networkservicemesh.io", "kernel://net-f1/f1"),))
    g = dataclasses.replace(split.gnbs[0], scheduling=annotated, du_scheduling=annotated)
    for unit in oai.units(split, g):
        metadata = doc(oai.unit_artifact(split, g, unit), "Deployment")["spec"]["template"]["metadata"]
        assert metadata["annotations"]["networkservicemesh.io"] == "kernel://net-f1/f1"
        assert CONFIG_HASH_ANNOTATION in metadata["annotations"]


def test_whole_gnb_pod(whole: Plan) -> None:
    item = render(whole)["sites/lab/ran/oai-gnb.yaml"]
    assert [d["kind"] for d in item.documents] == ["ConfigMap", "Deployment"]
    config = embedded(item)
    assert config["MACRLCs"][0]["tr_n_preference"] == "local_RRC"
    assert config["gNBs"][0]["amf_ip_address"][0]["ipv4"] == whole.gnbs[0].amf.dns
    assert config["rfsimulator"]["serveraddr"] == "server"
    container = doc(item, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["--sa", "--rfsim"]


def test_a_new_config_rolls_the_pod(whole: Plan, tmp_path: Path) -> None:
    other = plan_of(network([gnb(cells=[{**UPSTREAM_CELL, "pci": 5}])]), tmp_path)
    hashes = [
        doc(render(p)["sites/lab/ran/oai-gnb.yaml"], "Deployment")["spec"]["template"]["metadata"][
            "annotations"
        ][CONFIG_HASH_ANNOTATION]
        for p in (whole, other)
    ]
    assert hashes[0] != hashes[1]


def test_output_is_deterministic(split: Plan) -> None:
    first = [a.to_bytes() for a in oai.TARGET.render(split, None)]
    assert first == [a.to_bytes() for a in oai.TARGET.render(split, None)]


# ------------------------------------------------------------------------------------------------
# the entrypoint, run by a real shell against a stub nr-softmodem


def _run_entrypoint(unit: oai.Unit, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (folder / "etc").mkdir()
    (folder / "run").mkdir()
    (folder / "etc" / oai.CONFIG_FILE).write_text(libconfig_text(unit.config, unit.header))
    stub = folder / "nr-softmodem"
    stub.write_text('#!/bin/sh\necho "$@"\n')
    stub.chmod(0o755)
    script = (
        oai.ENTRYPOINT.replace(oai.CONFIG_DIR, str(folder / "etc"))
        .replace(oai.RUN_DIR, str(folder / "run"))
        .replace(oai.SOFTMODEM, str(stub))
    )
    return subprocess.run(
        ["/bin/sh", "-c", script, "oai-entrypoint", "--sa"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"], **env},
    )


@pytest.mark.parametrize("role", ["cu", "du"])
def test_entrypoint_writes_the_resolved_addresses(split: Plan, tmp_path: Path, role: str) -> None:
    unit = next(u for u in oai.units(split, split.gnbs[0]) if u.role == role)
    env = {"POD_IP": "10.42.0.7", **{name: "localhost" for name, _ in unit.env}}
    result = _run_entrypoint(unit, tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-O", str(tmp_path / "run" / oai.CONFIG_FILE), "--sa"]
    written = read_libconfig((tmp_path / "run" / oai.CONFIG_FILE).read_text())
    entry = written["gNBs"][0]
    if role == "cu":
        assert entry["local_s_address"] == "10.42.0.7" and entry["amf_ip_address"][0]["ipv4"] == "127.0.0.1"
        assert entry["NETWORK_INTERFACES"]["GNB_IPV4_ADDRESS_FOR_NGU"] == "10.42.0.7"
        assert entry["remote_s_address"] == "0.0.0.0"
    else:
        assert written["MACRLCs"][0]["local_n_address"] == "10.42.0.7"
        assert written["MACRLCs"][0]["remote_n_address"] == "127.0.0.1"
    # Only the addresses changed.
    original = plain(unit.config)
    assert dump(written).count("\n") == dump(original).count("\n")


def test_entrypoint_refuses_to_start_with_an_unresolved_address(split: Plan, tmp_path: Path) -> None:
    unit = next(u for u in oai.units(split, split.gnbs[0]) if u.role == "cu")
    result = _run_entrypoint(unit, tmp_path, {"POD_IP": "10.42.0.7"})  # no AMF_HOST: the DNS name stays
    assert result.returncode != 0 and "not resolved" in result.stderr and result.stdout == ""


def test_entrypoint_needs_the_pod_ip(split: Plan, tmp_path: Path) -> None:
    unit = oai.units(split, split.gnbs[0])[0]
    result = _run_entrypoint(unit, tmp_path, {"AMF_HOST": "localhost"})
    assert result.returncode != 0 and "POD_IP" in result.stderr


# ------------------------------------------------------------------------------------------------
# schemas and what the target refuses


def test_schemas_are_strict(whole: Plan) -> None:
    config = embedded(render(whole)["sites/lab/ran/oai-gnb.yaml"])
    assert document_problems("oai/gnb", config) == []
    for change in (
        {"extra": 1},
        {"gNBs": [{**config["gNBs"][0], "tracking_area_code": "1"}]},
        {
            "gNBs": [
                {
                    **config["gNBs"][0],
                    "NETWORK_INTERFACES": {
                        **config["gNBs"][0]["NETWORK_INTERFACES"],
                        "GNB_IPV4_ADDRESS_FOR_NGU": "10.0.0.1",
                    },
                }
            ]
        },
    ):
        assert document_problems("oai/gnb", {**config, **change})
    assert document_problems("oai/cu", config) and document_problems("oai/du", config)


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ([], "N5G404"),
        ([UPSTREAM_CELL, {**UPSTREAM_CELL, "nci": "0x000000011", "pci": 2}], "N5G404"),
        ([{**UPSTREAM_CELL, "band": "n257", "bandwidthMHz": 100, "scsKHz": 120, "arfcn": 2079167}], "N5G406"),
    ],
)
def test_what_oai_cannot_run_is_refused_by_a_check(
    tmp_path: Path, cells: list[dict[str, Any]], code: str
) -> None:
    path = tmp_path / "network.yaml"
    path.write_text(dump(network([gnb(cells=cells)])), encoding="utf-8")
    assert code in {d.code for d in analyse(path).report.sorted() if str(d.severity) == "error"}


def test_the_target_still_guards_what_the_checks_refuse(whole: Plan) -> None:
    import dataclasses

    no_cell = dataclasses.replace(whole, gnbs=tuple(dataclasses.replace(g, cells=()) for g in whole.gnbs))
    with pytest.raises(CompilerBug, match="a check should refuse"):
        oai.TARGET.render(no_cell, None)


@pytest.mark.parametrize(
    "carrier",
    [
        plan_carrier("n257", 100, 120, arfcn=2079167),  # FR2
        plan_carrier("n1", 20, 30, center_mhz=2140),  # 15 kHz SSB on a 30 kHz carrier
    ],
    ids=["fr2", "mixed-numerology"],
)
def test_the_target_refuses_a_carrier_the_product_does_not_take(whole: Plan, carrier: CarrierPlan) -> None:
    import dataclasses

    assert not oai_ran.CARRIERS.takes(carrier.fr, carrier.scs_khz, carrier.ssb_scs_khz)
    cell = dataclasses.replace(whole.gnbs[0].cells[0], carrier=carrier, common=plan_serving_cell(carrier))
    other = dataclasses.replace(whole, gnbs=(dataclasses.replace(whole.gnbs[0], cells=(cell,)),))
    with pytest.raises(CompilerBug, match=f"not {carrier.band_name} at {carrier.scs_khz} kHz: a check"):
        oai.TARGET.render(other, None)


@pytest.mark.parametrize("band", ["N78", 78])
def test_any_band_spelling_validate_takes_renders(tmp_path: Path, band: str | int) -> None:
    """validate takes "N78" (and 78); the target once parsed the cell's band text itself and failed
    with exit 3 on "N78". It now reads the plan's band number."""
    plan = plan_of(network([gnb(cells=[{**UPSTREAM_CELL, "band": band}])]), tmp_path)
    item = render(plan)["sites/lab/ran/oai-gnb.yaml"]
    config = embedded(item)
    assert config["RUs"][0]["bands"] == [78] and cell_of(config)["dl_frequencyBand"] == 78
    assert "# Carrier: n78 40 MHz at 30 kHz" in conf_text(item)


def test_target_applies_only_to_oai_gnbs(whole: Plan) -> None:
    import dataclasses

    others = tuple(dataclasses.replace(g, type="ueransim") for g in whole.gnbs)
    other = dataclasses.replace(whole, gnbs=others)
    assert oai.TARGET.applies(whole) and not oai.TARGET.applies(other)
    assert oai.TARGET.render(other, None) == []
