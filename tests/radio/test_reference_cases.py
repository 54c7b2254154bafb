"""The 3GPP reference cases of issue 11 (radio edge cases), reproduced from their sources.

* SSB position: TS 38.211 7.4.3.1 counts kSSB in 15 kHz subcarriers in FR1 and in
  subCarrierSpacingCommon subcarriers in FR2 (offsetToPointA in RBs of 15 / 60 kHz, 4.4.4.2), so
  the SSB's first subcarrier may sit on that grid above point A, not only on its own subcarrier grid.
  Carriers refused before: srsRAN's own band_helper vector (n78, 15 kHz, F_REF 3620.355 MHz, N_RB 52
  to 270, point A from srsRAN tests/unittests/ran/band_helper_test.cpp test_get_point_a_from_f_req)
  and n258, 50 MHz at 60 kHz, at 24300.06 MHz.
* FDD uplink: every FDD carrier has a paired UL carrier one duplex spacing away (TS 38.101-1
  Table 5.2-1 ranges; the spacing below is written out from those ranges, not taken from n5gc's
  tables); a UL channel outside the band's UL range is refused (n66 40 MHz at 2170 MHz: UL
  1750-1790 MHz, n66 UL 1710-1780 MHz).

srsRAN's other point-A vectors (n1, n3, n78 at 30/60 kHz) and its n5/n3 UL ARFCNs are in
test_published_vectors.py (branch oracles); the ones here are those n5gc refused.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from n5gc.radio import (
    BANDS,
    RadioError,
    allowed_bandwidths,
    nearest_plan_where,
    plan_carrier,
    ssb_grids,
    ssb_on_own_grid,
)
from n5gc.radio.raster import arfcn_to_khz, gscn_to_khz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents

# srsRAN band_helper_test.cpp, test_get_point_a_from_f_req scs_kHz15, band n78: F_REF 3620.355 MHz.
N78_15KHZ_POINT_A = [
    (10, 52, "3615.675"),
    (15, 79, "3613.245"),
    (20, 106, "3610.815"),
    (30, 160, "3605.955"),
    (40, 216, "3600.915"),
    (50, 270, "3596.055"),
]

# Downlink minus uplink frequency (MHz) of each FDD band: DL low edge - UL low edge, TS 38.101-1
# Table 5.2-1 (negative where the uplink is above: n13, n14, n20, n24, n71). n91-n94 have no
# fixed spacing (L-band DL paired with an 800/900 MHz UL) and are left out.
DUPLEX_MHZ = {
    1: 190, 2: 80, 3: 95, 5: 45, 7: 120, 8: 45, 12: 30, 13: -31, 14: -30, 18: 45, 20: -41,
    24: Decimal("-101.5"), 25: 80, 26: 45, 28: 55, 30: 45, 65: 190, 66: 400, 70: 300, 71: -46,
    74: 48, 85: 30, 100: 45,
}  # fmt: skip


def first_subcarrier_khz(plan_ssb_khz: int, ssb_scs: int, point_a_khz: int) -> int:
    return plan_ssb_khz - 120 * ssb_scs - point_a_khz


@pytest.mark.parametrize(("bw", "n_rb", "point_a"), N78_15KHZ_POINT_A)
def test_srsran_n78_15khz_vectors_plan(bw: int, n_rb: int, point_a: str) -> None:
    plan = plan_carrier("n78", bw, 15, center_mhz="3620.355")
    assert plan.n_rb == n_rb
    assert Decimal(plan.point_a_khz) / 1000 == Decimal(point_a)
    # The SSB (30 kHz, the only SSB SCS of n78) lies inside the carrier, its first subcarrier a whole
    # number of 15 kHz steps above point A, and offsetToPointA/kSSB (15 kHz units) say exactly where.
    offset = first_subcarrier_khz(plan.ssb_khz, plan.ssb_scs_khz, plan.point_a_khz)
    assert plan.ssb_scs_khz == 30 and plan.scs_common_khz == 15
    assert offset >= 0 and offset + 240 * 30 <= n_rb * 12 * 15
    assert offset % 15 == 0
    assert plan.offset_to_point_a * 180 + plan.k_ssb * 15 == offset and 0 <= plan.k_ssb <= 11


def test_srsran_n78_50mhz_vector_needs_the_15_khz_kssb_grid() -> None:
    """The 270-PRB carrier was refused: no SSB of it starts a whole number of 30 kHz subcarriers
    above point A 3596.055 MHz; the standard's 15 kHz grid has one (GSCN 7930, kSSB 7)."""
    plan = plan_carrier("n78", 50, 15, center_mhz="3620.355")
    assert (plan.gscn, plan.ssb_khz, plan.offset_to_point_a, plan.k_ssb) == (7930, 3620640, 116, 7)
    assert not ssb_on_own_grid(plan)
    for gscn in range(7711, 8052):  # n78's whole sync raster, checked by hand here
        first = gscn_to_khz(gscn) - 120 * 30
        inside = plan.point_a_khz <= first and first + 7200 <= plan.point_a_khz + 270 * 180
        assert not (inside and (first - plan.point_a_khz) % 30 == 0), gscn


def test_n258_50mhz_at_60khz() -> None:
    """FR2: kSSB counts 60 kHz subcarriers (subCarrierSpacingCommon) and offsetToPointA 60 kHz RBs;
    the 120 kHz SSB need not start on a 120 kHz step."""
    plan = plan_carrier("n258", 50, 60, center_mhz="24300.06")
    assert (plan.n_rb, plan.point_a_khz) == (66, 24300060 - 66 * 6 * 60)
    assert (plan.ssb_scs_khz, plan.ssb_case, plan.scs_common_khz) == (120, "D", 60)
    offset = first_subcarrier_khz(plan.ssb_khz, 120, plan.point_a_khz)
    assert offset % 60 == 0 and offset % 120 != 0
    assert plan.offset_to_point_a * 720 + plan.k_ssb * 60 == offset and 0 <= plan.k_ssb <= 11
    assert offset >= 0 and offset + 240 * 120 <= 66 * 12 * 60


@pytest.mark.parametrize(
    ("fr", "scs", "ssb_scs", "grids"),
    [
        ("FR1", 15, 15, (15,)),
        ("FR1", 15, 30, (30, 15)),
        ("FR1", 30, 30, (30, 15)),
        ("FR1", 30, 15, (15,)),
        ("FR1", 60, 30, (30, 15)),
        ("FR2", 60, 120, (120, 60)),
        ("FR2", 120, 120, (120,)),
        ("FR2", 120, 240, (240, 120)),
    ],
)
def test_ssb_grids(fr: str, scs: int, ssb_scs: int, grids: tuple[int, ...]) -> None:
    assert ssb_grids(fr, scs, ssb_scs) == grids


def test_carriers_accepted_before_keep_their_ssb() -> None:
    """Where an SSB on its own subcarrier grid exists, it is still the one planned (OAI's reference
    conf: n78, 106 PRB at 30 kHz, SSB ARFCN 641280, point A 640008)."""
    plan = plan_carrier("n78", 40, 30, arfcn=641280)
    assert (plan.ssb_arfcn, plan.point_a_arfcn, plan.k_ssb) == (641280, 640008, 0)
    assert ssb_on_own_grid(plan)


# --------------------------------------------------------------------------------------------------
# FDD uplink


def test_n66_40mhz_at_2170_is_refused_for_its_uplink() -> None:
    with pytest.raises(RadioError) as info:
        plan_carrier("n66", 40, 30, center_mhz=2170)
    err = info.value
    assert err.kind == "uplink_outside_band"
    assert "1750–1790 MHz" in err.message and "1710–1780 MHz" in err.message
    assert err.hint is not None
    # The proposed centre plans, and its uplink is inside n66's uplink band.
    proposed = plan_carrier("n66", 40, 30, center_mhz=err.hint.split(": ")[1].split(" MHz")[0])
    assert proposed.ul_center_mhz is not None and 1710 + 20 <= proposed.ul_center_mhz <= 1780 - 20
    assert proposed.center_mhz == 2160.0


def test_n70_channel_wider_than_its_uplink_band() -> None:
    with pytest.raises(RadioError) as info:
        plan_carrier("n70", 25, 15, center_mhz="2007.5")
    assert info.value.kind == "uplink_outside_band"
    assert info.value.hint == (
        "the n70 uplink band is 15 MHz wide and n5gc pairs equal DL and UL bandwidths: use 5, 10, 15 MHz"
    )


def _fdd_cases() -> list[tuple[int, int, int]]:
    cases = []
    for number in sorted(DUPLEX_MHZ):
        for scs in (15, 30):
            for bw in allowed_bandwidths(number, scs)[:1] + allowed_bandwidths(number, scs)[-1:]:
                cases.append((number, bw, scs))
    return sorted(set(cases))


@pytest.mark.parametrize(("number", "bw", "scs"), _fdd_cases())
def test_every_fdd_band_has_its_uplink_one_duplex_spacing_away(number: int, bw: int, scs: int) -> None:
    """Every valid centre of the band's raster either plans with UL = DL - duplex spacing,
    UL point A = UL centre - N_RB*6*SCS inside the UL band, or is refused because that UL channel
    leaves the UL band."""
    band = BANDS[number]
    assert band.dl_khz is not None and band.ul_khz is not None
    raster = band.rasters[0]
    assert raster.dl_first is not None and raster.dl_last is not None and raster.dl_step is not None
    spacing_khz = int(Decimal(DUPLEX_MHZ[number]) * 1000)
    assert band.dl_khz[0] - band.ul_khz[0] == spacing_khz  # the table n5gc holds agrees
    points = range(raster.dl_first, raster.dl_last + 1, raster.dl_step)
    planned = 0
    for arfcn in points:
        centre = arfcn_to_khz(arfcn)
        if not (band.dl_khz[0] <= centre - bw * 500 and centre + bw * 500 <= band.dl_khz[1]):
            continue
        ul_khz = centre - spacing_khz
        ul_fits = band.ul_khz[0] <= ul_khz - bw * 500 and ul_khz + bw * 500 <= band.ul_khz[1]
        try:
            plan = plan_carrier(number, bw, scs, arfcn=arfcn)
        except RadioError as err:
            assert err.kind in ("uplink_outside_band", "no_ssb_position"), err.message
            assert (err.kind == "uplink_outside_band") == (not ul_fits), err.message
            continue
        planned += 1
        assert ul_fits
        assert plan.ul_center_arfcn is not None and arfcn_to_khz(plan.ul_center_arfcn) == ul_khz
        assert plan.ul_point_a_arfcn is not None
        assert arfcn_to_khz(plan.ul_point_a_arfcn) == ul_khz - plan.n_rb * 6 * scs
        assert plan.ul_center_mhz == float(Decimal(ul_khz) / 1000)
    # Only a channel wider than the UL band (n70 at 20/25 MHz) never plans.
    assert (planned > 0) == (bw * 1000 <= band.ul_khz[1] - band.ul_khz[0])


# --------------------------------------------------------------------------------------------------
# through the compiler: the standard's SSB for srsRAN/UERANSIM cells, OAI's limit for OAI cells

N78_50MHZ_CELL = {"nci": "0x000000010", "pci": 1, "band": "n78", "bandwidthMHz": 50, "scsKHz": 15}


@pytest.mark.parametrize("kind", ["srsran", "ueransim"])
def test_srsran_and_ueransim_cells_take_the_standard_ssb(kind: str, tmp_path: Path) -> None:
    cell = {**N78_50MHZ_CELL, "centerMHz": 3620.355}
    plan, artifacts = compile_cell(kind, cell, tmp_path)
    carrier = plan.gnbs[0].cells[0].carrier
    assert carrier is not None
    assert (carrier.center_arfcn, carrier.point_a_mhz, carrier.k_ssb) == (641357, 3596.055, 7)
    if kind == "srsran":
        text = str([a.documents for a in artifacts if a.path.endswith("values.yaml")])
        assert "dl_arfcn: 641357" in text and "channel_bandwidth_MHz: 50" in text


def test_oai_cell_with_the_standard_ssb_is_n5g503(tmp_path: Path) -> None:
    """OAI asserts an even kSSB for a 30 kHz SSB; n5gc's OAI configs also need the SSB at the
    carrier's SCS, so no n78 centre at 15 kHz suits OAI: the hint says what does."""
    cell = {**N78_50MHZ_CELL, "centerMHz": 3620.355}
    found = intents.errors(intents.diagnose(write_network("oai", cell, tmp_path)))
    assert "N5G503" in intents.codes(found)
    n5g503 = next(d for d in found if d.code == "N5G503")
    assert "kSSB 7" in n5g503.message and "OAI asserts an even kSSB" in n5g503.message
    assert n5g503.hint == (
        "plan this carrier on a srsran or ueransim gNB, which take it; for OAI use scsKHz: 30"
    )


def test_what_oai_can_place() -> None:
    """N5G503's hint looks for a centre whose SSB is at the carrier's SCS and on its own grid."""
    from n5gc.checks.radio import oai_can_place_ssb

    assert not oai_can_place_ssb(plan_carrier("n78", 40, 15, arfcn=636667))  # 30 kHz SSB, kSSB odd
    assert not oai_can_place_ssb(plan_carrier("n78", 40, 15, arfcn=636666))  # 30 kHz SSB, kSSB even
    assert oai_can_place_ssb(plan_carrier("n78", 40, 30, arfcn=641280))
    near = nearest_plan_where(plan_carrier("n3", 20, 15, arfcn=368500), oai_can_place_ssb)
    assert near is not None and near.center_arfcn == 368500


def write_network(kind: str, cell: dict[str, object], folder: Path) -> Path:
    from n5gc.yamlio import dump

    data = intents.ran_network([{"name": "gnb1", "type": kind, "slices": ["embb"], "cells": [cell]}])
    path = folder / "network.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def compile_cell(kind: str, cell: dict[str, object], folder: Path) -> tuple[Any, list[Any]]:
    return intents.compile_intent(write_network(kind, cell, folder))


def test_a_30_khz_carrier_always_gets_its_30_khz_ssb_on_the_30_khz_grid() -> None:
    """The standard's 15 kHz kSSB grid only adds positions for 15 kHz carriers on the 15 kHz raster
    (n77/n78/n79/n48/n41...): at 30 kHz the centre and every SS_REF are 10 kHz multiples, and a 15 kHz
    step from such a point is never a 10 kHz multiple. So OAI's even kSSB and srsRAN's 30 kHz grid
    for a 30 kHz SSB on a 30 kHz carrier never refuse a 30 kHz carrier n5gc plans (sampled here;
    checked exhaustively over all 1.1 million FR1 30 kHz plans once, 5 minutes)."""
    planned = 0
    for band in BANDS.values():
        if not band.has_dl or band.fr != "FR1" or 30 not in band.ssb_scs_options():
            continue
        widths = allowed_bandwidths(band.number, 30)
        for bw in sorted({widths[0], widths[-1]}):
            for raster in band.raster_for(30):
                assert raster.dl_first is not None and raster.dl_last is not None and raster.dl_step
                points = range(raster.dl_first, raster.dl_last + 1, raster.dl_step)
                for arfcn in points[:: max(1, len(points) // 25)]:
                    try:
                        plan = plan_carrier(band.number, bw, 30, arfcn=arfcn)
                    except RadioError:
                        continue
                    planned += 1
                    assert plan.ssb_scs_khz != 30 or ssb_on_own_grid(plan), (band.name, bw, arfcn)
    assert planned > 300
