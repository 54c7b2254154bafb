"""The srsran target: values for the srsRAN Project chart, checked against the chart's own values.yaml."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from intents import plan_of

from n5gc.diagnostics import CompilerBug
from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import WAVES, Plan
from n5gc.radio import plan_carrier
from n5gc.targets import srsran
from n5gc.targets.base import Artifact
from n5gc.targets.rollout import CONFIG_HASH_ANNOTATION
from n5gc.verify import document_problems, verify
from n5gc.yamlio import load_all

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CHART = Path("srsran/srsRAN_Project_helm/charts/srsran-project")

# Keys n5gc writes into gnb-config.yml that the chart's example config does not use; each is an option of
# srsRAN Project 25.04 (apps/units/.../*_cli11_schema.cpp at the chart image's commit 11c9bbabb6):
EXTRA_CONFIG_KEYS = {
    "/gnb_id",
    "/gnb_id_bit_length",
    "/ran_node_name",  # the gNB id and name: NCI = gnb_id + sector_id
    "/cu_cp/amf/supported_tracking_areas[]/plmn_list[]/tai_slice_support_list[]/sd",  # SD, 0..0xffffff
    "/cell_cfg/sector_id",  # the cell-id bits of the NCI
    "/cell_cfg/slicing",
    "/cell_cfg/slicing[]/sst",
    "/cell_cfg/slicing[]/sd",  # the cell's slices
    "/ru_dummy",
    "/ru_dummy/dl_processing_delay",  # the radio unit without RF (the example uses ru_ofh)
}


# ------------------------------------------------------------------------------------------------
# intents, plans, upstream


def network(
    cell: dict[str, Any], tac: int = 7, sites: tuple[str, ...] = ("lab",), engine: str = "none", **gnb: Any
) -> dict[str, Any]:
    ran = {"name": "gnb", "type": "srsran", "slices": ["embb", "iot", "urllc"], "cells": [cell], **gnb}
    return intents.ran_network([ran], sites, engine, tac=tac)


# srsRAN's own cell (the chart's values.yaml): n78, 100 MHz at 30 kHz, dl_arfcn 637212, PCI 1, TAC 7.
SRSRAN_CELL = {
    "nci": "0x000000013",
    "pci": 1,
    "band": "n78",
    "bandwidthMHz": 100,
    "scsKHz": 30,
    "arfcn": 637212,
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return plan_of(network(copy.deepcopy(SRSRAN_CELL)), tmp_path_factory.mktemp("reference"))


def render(plan: Plan) -> dict[str, Artifact]:
    return {a.path: a for a in srsran.TARGET.render(plan, None)}


def values_of(plan: Plan) -> dict[str, Any]:
    item = render(plan)[f"sites/{plan.gnbs[0].site}/helm/{plan.gnbs[0].object_name}/values.yaml"]
    return item.documents[0]


def config_of(plan: Plan) -> dict[str, Any]:
    item = render(plan)[f"sites/{plan.gnbs[0].site}/helm/{plan.gnbs[0].object_name}/values.yaml"]
    ((schema, config),) = item.embedded
    assert schema == "srsran/gnb"
    return config


def upstream_values(upstream: Path) -> dict[str, Any]:
    return load_all((upstream / CHART / "values.yaml").read_text(encoding="utf-8"))[0]


def upstream_chart(upstream: Path) -> dict[str, Any]:
    return load_all((upstream / CHART / "Chart.yaml").read_text(encoding="utf-8"))[0]


def mismatches(ours: Any, theirs: Any, where: str = "") -> list[str]:
    """Paths of `ours` (recursively; list items pooled) missing from `theirs` or of another YAML type.
    An empty upstream map ({} for podAnnotations, nodeSelector, affinity) is free-form: any keys."""
    if isinstance(ours, dict):
        if not isinstance(theirs, dict):
            return [f"{where}: a map where upstream has {type(theirs).__name__}"]
        if not theirs:
            return []
        found = [f"{where}/{k}" for k in ours if k not in theirs]
        deeper = [mismatches(ours[k], theirs[k], f"{where}/{k}") for k in ours if k in theirs]
        return found + [m for found_below in deeper for m in found_below]
    if isinstance(ours, list):
        if not isinstance(theirs, list):
            return [f"{where}: a list where upstream has {type(theirs).__name__}"]
        pooled = [t for t in theirs if isinstance(t, dict)]
        model = {k: v for t in pooled for k, v in t.items()} if pooled else (theirs[0] if theirs else None)
        if model is None:
            return []
        return [m for item in ours for m in mismatches(item, model, f"{where}[]")]
    if type(ours) is not type(theirs):
        return [f"{where}: {type(ours).__name__} where upstream has {type(theirs).__name__}"]
    return []


def paths(data: Any, where: str = "") -> set[str]:
    if isinstance(data, dict):
        return {p for k, v in data.items() for p in {f"{where}/{k}", *paths(v, f"{where}/{k}")}}
    if isinstance(data, list):
        return {p for item in data for p in paths(item, f"{where}[]")}
    return set()


# ------------------------------------------------------------------------------------------------
# against the chart: values keys and types, the embedded gNB config, the release


def test_every_value_we_set_is_in_the_charts_values_with_its_type(reference: Plan, upstream: Path) -> None:
    assert mismatches(values_of(reference), upstream_values(upstream)) == []


def test_scheduling_values_exist_in_the_chart_too(upstream: Path, tmp_path: Path) -> None:
    cell = copy.deepcopy(SRSRAN_CELL)
    plan = plan_of(network(cell, sites=("home", "remote"), engine="liqo", site="remote"), tmp_path)
    values = values_of(plan)
    assert {"nodeSelector", "podAnnotations"} <= set(values)
    theirs = upstream_values(upstream)
    assert mismatches(values, theirs) == []
    assert theirs["nodeSelector"] == theirs["affinity"] == theirs["podAnnotations"] == {}


def test_gnb_config_keys_are_the_charts_or_documented(reference: Plan, upstream: Path) -> None:
    theirs = load_all(upstream_values(upstream)["config"][srsran.CONFIG_FILE])[0]
    ours = config_of(reference)
    problems = mismatches(ours, theirs)
    assert sorted(p for p in problems if p not in EXTRA_CONFIG_KEYS) == []
    assert sorted(EXTRA_CONFIG_KEYS - paths(ours)) == []  # the allow-list holds only keys we do write


def test_cell_equals_srsrans_reference_cell(reference: Plan, upstream: Path) -> None:
    theirs = load_all(upstream_values(upstream)["config"][srsran.CONFIG_FILE])[0]["cell_cfg"]
    ours = config_of(reference)["cell_cfg"]
    keys = ("dl_arfcn", "band", "channel_bandwidth_MHz", "common_scs", "plmn", "tac", "pci")
    assert {k: ours[k] for k in keys} == {k: theirs[k] for k in keys}
    assert (ours["dl_arfcn"], ours["band"], ours["channel_bandwidth_MHz"]) == (637212, 78, 100)


def test_release_names_the_published_chart(reference: Plan, upstream: Path) -> None:
    g = reference.gnbs[0]
    item = render(reference)[f"sites/lab/helm/{g.object_name}/release.yaml"]
    release = item.documents[0]
    chart = upstream_chart(upstream)
    assert (release["chart"], release["version"]) == (chart["name"], chart["version"])
    assert (release["chart"], release["version"]) == ("srsran-cu-du", "2.3.1")
    assert release["repo"] == "https://srsran.github.io/srsRAN_Project_helm/"
    where = (release["releaseName"], release["namespace"], release["site"])
    assert where == (g.object_name, g.namespace, "lab")
    assert item.schema == "release"


def test_gnb_release_is_a_ran_wave_helm_release(reference: Plan) -> None:
    release = srsran.gnb_release(reference.gnbs[0])
    assert release.role == "ran" and release.wave == WAVES["ran"]
    assert release.scheduling == reference.gnbs[0].scheduling


# ------------------------------------------------------------------------------------------------
# the gNB config's values


def test_identity_amf_and_slices(reference: Plan) -> None:
    g = reference.gnbs[0]
    config = config_of(reference)
    assert (config["gnb_id"], config["gnb_id_bit_length"], config["ran_node_name"]) == (1, 32, g.object_name)
    amf = config["cu_cp"]["amf"]
    assert (amf["addr"], amf["port"]) == (g.amf.dns, g.amf.port)
    assert amf["addr"] == "net-amf-ngap.net-core.svc.cluster.local"
    assert "bind_addr" not in amf  # the chart's entrypoint prepends the pod IP
    slices = [{"sst": 1, "sd": 1}, {"sst": 3, "sd": 160}, {"sst": 2}]
    assert amf["supported_tracking_areas"] == [
        {"tac": 7, "plmn_list": [{"plmn": "00101", "tai_slice_support_list": slices}]}
    ]
    assert config["cell_cfg"]["slicing"] == slices


def test_gnb_id_and_sector_id_form_the_planned_nci(tmp_path: Path) -> None:
    cell = {**SRSRAN_CELL, "nci": "0x12345678a"}
    for id_length in (22, 28, 32):
        folder = tmp_path / str(id_length)
        folder.mkdir()
        plan = plan_of(network(copy.deepcopy(cell), idLength=id_length), folder)
        config = config_of(plan)
        nci = config["gnb_id"] << (36 - config["gnb_id_bit_length"]) | config["cell_cfg"]["sector_id"]
        assert nci == plan.gnbs[0].cells[0].nci == 0x12345678A
        assert config["cell_cfg"]["sector_id"] < 1 << 14


def test_plmn_is_one_string(reference: Plan) -> None:
    text = values_of(reference)["config"][srsran.CONFIG_FILE]
    assert 'plmn: "00101"' in text
    assert load_all(text)[0]["cell_cfg"]["plmn"] == "00101"


def test_example_numbers_are_plan_carriers() -> None:
    analysis = analyse(EXAMPLES / "srsran.yaml")
    assert analysis.ok and analysis.network is not None
    plan = build_plan(analysis.network)
    (intent_cell,) = analysis.network.spec.ran[0].cells
    carrier = plan_carrier(
        intent_cell.band, intent_cell.bandwidth_mhz, intent_cell.scs_khz, center_mhz=intent_cell.center_mhz
    )
    cell = config_of(plan)["cell_cfg"]
    assert cell["dl_arfcn"] == carrier.center_arfcn == 368500
    assert (cell["band"], cell["channel_bandwidth_MHz"], cell["common_scs"]) == (3, 20, 15)
    assert (cell["pci"], cell["tac"]) == (intent_cell.pci, analysis.network.spec.tac)


# ------------------------------------------------------------------------------------------------
# the values file


def test_values_layout_and_verification(reference: Plan) -> None:
    items = render(reference)
    folder = f"sites/lab/helm/{reference.gnbs[0].object_name}"
    assert set(items) == {f"{folder}/values.yaml", f"{folder}/release.yaml"}
    assert not any(a.kustomize for a in items.values())
    verify(list(items.values()))


def test_values_name_every_object_after_the_gnb(reference: Plan) -> None:
    values = values_of(reference)
    g = reference.gnbs[0]
    assert values["fullnameOverride"] == values["serviceAccount"]["name"] == g.object_name
    assert values["network"] == {"hostNetwork": False} and values["debugging"] == {"enabled": False}
    assert values["imagePullSecrets"] == []


def test_config_text_is_the_verified_config(reference: Plan) -> None:
    values = values_of(reference)
    text = values["config"][srsran.CONFIG_FILE]
    assert load_all(text)[0] == config_of(reference)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert values["podAnnotations"][CONFIG_HASH_ANNOTATION] == digest


def test_liqo_placement_reaches_the_values(tmp_path: Path) -> None:
    data = network(copy.deepcopy(SRSRAN_CELL), sites=("home", "remote"), engine="liqo", site="remote")
    remote = plan_of(data, tmp_path)
    values = values_of(remote)
    assert values["nodeSelector"] == remote.gnbs[0].scheduling.node_selector_map
    assert values["nodeSelector"]["liqo.io/type"] == "virtual-node"
    assert document_problems("helm/srsran-project", values) == []


def test_nsm_annotations_join_the_config_hash(reference: Plan) -> None:
    from n5gc.plan.ir import Scheduling

    g = dataclasses.replace(
        reference.gnbs[0],
        scheduling=Scheduling(pod_annotations=(("networkservicemesh.io", "kernel://net-n2/n2"),)),
    )
    text = srsran.config_text(srsran.gnb_config(reference, g))
    values = srsran.chart_values(g, text)
    assert set(values["podAnnotations"]) == {"networkservicemesh.io", CONFIG_HASH_ANNOTATION}


def test_schemas_are_strict(reference: Plan) -> None:
    values, config = values_of(reference), config_of(reference)
    assert document_problems("helm/srsran-project", {**values, "image": {"tag": "x"}})
    assert document_problems("helm/srsran-project", {**values, "network": {"hostNetwork": True}})
    assert document_problems("srsran/gnb", {**config, "extra": 1})
    assert document_problems("srsran/gnb", {**config, "cell_cfg": {**config["cell_cfg"], "plmn": 101}})


def test_output_is_deterministic(reference: Plan) -> None:
    first = [a.to_bytes() for a in srsran.TARGET.render(reference, None)]
    assert first == [a.to_bytes() for a in srsran.TARGET.render(reference, None)]


# ------------------------------------------------------------------------------------------------
# what the target refuses (checks should stop these first)


def test_what_srsran_cannot_run_is_a_compiler_bug(reference: Plan) -> None:
    g = reference.gnbs[0]
    for bad in (
        dataclasses.replace(g, cells=()),
        dataclasses.replace(g, cells=(g.cells[0], g.cells[0])),
        dataclasses.replace(g, split="f1"),
        dataclasses.replace(g, tac=0),
    ):
        with pytest.raises(CompilerBug, match="a check should refuse"):
            srsran.TARGET.render(dataclasses.replace(reference, gnbs=(bad,)), None)


def test_target_applies_only_to_srsran_gnbs(reference: Plan) -> None:
    others = tuple(dataclasses.replace(g, type="oai") for g in reference.gnbs)
    other = dataclasses.replace(reference, gnbs=others)
    assert srsran.TARGET.applies(reference) and not srsran.TARGET.applies(other)
    assert srsran.TARGET.render(other, None) == []
