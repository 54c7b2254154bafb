"""OAI RAN product facts: the carriers n5gc's OAI configs cover, one definition for check and target."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents

from n5gc.products.oai_ran import CARRIERS, CarrierKinds


def test_carriers_covered() -> None:
    assert CARRIERS.takes("FR1", 30, 30) and CARRIERS.takes("FR1", 15, 15)
    assert not CARRIERS.takes("FR1", 30, 15)  # mixed numerology
    assert not CARRIERS.takes("FR1", 60, 60) and not CARRIERS.takes("FR2", 120, 120)
    assert CARRIERS.takes_numerology(None, 30) and not CARRIERS.takes_numerology(None, 60)


def test_described_follows_the_facts() -> None:
    assert CARRIERS.described() == "FR1 carrier at 15 or 30 kHz"
    assert CarrierKinds(("FR1", "FR2"), (30,)).described("band") == "FR1 or FR2 band at 30 kHz"


@pytest.mark.parametrize(
    ("cell", "needle"),
    [
        ({"band": "n78", "scsKHz": 60, "arfcn": 641280}, "is not an FR1 carrier at 15 or 30 kHz"),
        ({"band": "n1", "scsKHz": 30, "centerMHz": 2140, "bandwidthMHz": 20}, "would have a 15 kHz SSB"),
    ],
)
def test_the_check_refuses_what_the_product_does_not_take(
    tmp_path: Path, cell: dict[str, object], needle: str
) -> None:
    base = {"nci": "0x000000010", "pci": 0, "bandwidthMHz": 40}
    gnb = {"name": "gnb", "type": "oai", "slices": ["embb"], "cells": [{**base, **cell}]}
    path = intents.write(tmp_path, intents.to_yaml(intents.ran_network([gnb], ("lab",), "none", "01")))
    found = [d for d in intents.errors(intents.diagnose(path)) if d.code == "N5G406"]
    assert len(found) == 1 and needle in found[0].message, found
