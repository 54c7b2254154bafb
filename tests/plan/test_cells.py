"""Planned cells: the typed carrier and the common configuration it implies, computed once in the plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from intents import plan_of

from n5gc.radio import CarrierPlan, ServingCellCommon, plan_carrier, plan_serving_cell

CELL = {"nci": "0x000000010", "pci": 3, "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}


def _cell_plan(tmp_path: Path, band: Any, kind: str = "ueransim") -> Any:
    gnb = {"name": "gnb", "type": kind, "slices": ["embb"], "cells": [{**CELL, "band": band}]}
    return plan_of(intents.ran_network([gnb], ("lab",), "none", "01"), tmp_path)


@pytest.mark.parametrize("band", ["n78", "N78", " n78 ", "78", 78])
def test_every_band_spelling_plans_the_same_typed_cell(tmp_path: Path, band: Any) -> None:
    (cell,) = _cell_plan(tmp_path, band).gnbs[0].cells
    expected = plan_carrier("n78", 40, 30, arfcn=641280)
    assert isinstance(cell.carrier, CarrierPlan) and cell.carrier == expected
    assert cell.carrier.band == 78 and cell.band == "n78"
    assert isinstance(cell.common, ServingCellCommon) and cell.common == plan_serving_cell(expected)


def test_plan_json_holds_the_band_number_and_the_common_configuration(tmp_path: Path) -> None:
    data = json.loads(json.dumps(_cell_plan(tmp_path, "n78").to_dict()))
    (cell,) = data["gnbs"][0]["cells"]
    assert (cell["band"], cell["carrier"]["band"], cell["carrier"]["ssb_arfcn"]) == ("n78", 78, 641280)
    assert cell["carrier"]["dl_range_mhz"] == [3300.0, 3800.0]
    assert cell["common"]["coreset0_index"] == 12 and cell["common"]["initial_bwp_riv"] == 28875
    assert cell["common"]["tdd"]["period_us"] == 5000
