"""L_max of the SSB burst (TS 38.213 4.1): what picks the short/medium/long ssb-PositionsInBurst."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from radio_carriers import edge_carriers

from n5gc.radio import plan_carrier, ssb_l_max


def test_lmax_of_known_carriers() -> None:
    assert ssb_l_max(plan_carrier("n78", 40, 30, arfcn=641280)) == 8  # 3.6 GHz
    assert ssb_l_max(plan_carrier("n3", 20, 15, arfcn=368500)) == 4  # 1.8 GHz FDD
    assert ssb_l_max(plan_carrier("n41", 40, 30, arfcn=518598)) == 8  # 2.6 GHz TDD, case C above 1.88 GHz
    assert ssb_l_max(plan_carrier("n257", 100, 120, arfcn=2079167)) == 64  # FR2


def test_lmax_follows_the_ssb_frequency_case_and_duplex() -> None:
    for carrier in edge_carriers():
        unpaired_c = carrier.ssb_case == "C" and carrier.duplex == "TDD"
        boundary_mhz = 1880 if unpaired_c else 3000
        expected = 64 if carrier.fr == "FR2" else (4 if carrier.ssb_mhz <= boundary_mhz else 8)
        assert ssb_l_max(carrier) == expected, carrier
