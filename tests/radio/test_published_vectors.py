"""n5gc.radio against published vectors that n5gc did not compute.

Source: srsRAN Project's band_helper unit tests (tests/unittests/ran/band_helper_test.cpp), which
check their own implementation against TS 38.104 / TS 38.508-1 values: point A of a carrier centre
(F_REF) for a number of RBs and SCS, DL -> UL NR-ARFCN of FDD bands. For FDD bands the uplink is
checked too: UL centre = DL centre - duplex spacing (n1: 190 MHz, n3: 95 MHz, n5: 45 MHz;
TS 38.101-1 Table 5.2-1), UL point A = UL centre - N_RB * 12 * SCS / 2, so a mistake in the uplink
SCS or raster shows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from n5gc.radio import plan_carrier

DUPLEX_MHZ = {"n1": Decimal(190), "n3": Decimal(95), "n5": Decimal(45)}


# (band, bandwidth MHz, SCS kHz, centre MHz, N_RB, point A MHz) — srsRAN test_get_point_a_from_f_req
# Left out: channels that overhang their band (n1 2160.4 MHz/20 MHz, n41 2689.98 MHz/40+ MHz),
# which n5gc refuses as it must. The n78 15 kHz vectors centred on 3620.355 MHz (planned since the
# SSB follows TS 38.211 7.4.3.1) are in test_reference_cases.py.
POINT_A = [
    ("n1", 5, 15, "2124.4", 25, "2122.15"),
    ("n3", 10, 30, "1825.7", 24, "1821.38"),
    ("n3", 15, 30, "1851.3", 38, "1844.46"),
    ("n3", 20, 30, "1869.4", 51, "1860.22"),
    ("n3", 25, 30, "1849.5", 65, "1837.8"),
    ("n3", 30, 30, "1856.1", 78, "1842.06"),
    ("n78", 15, 30, "3704.16", 38, "3697.32"),
    ("n78", 20, 30, "3704.16", 51, "3694.98"),
    ("n78", 30, 30, "3704.16", 78, "3690.12"),
    ("n78", 50, 30, "3704.16", 133, "3680.22"),
    ("n78", 80, 30, "3704.16", 217, "3665.1"),
    ("n78", 100, 30, "3704.16", 273, "3655.02"),
    ("n78", 40, 60, "3704.16", 51, "3685.8"),
    ("n78", 90, 60, "3704.16", 121, "3660.6"),
]


@pytest.mark.parametrize(("band", "bw", "scs", "centre", "n_rb", "point_a"), POINT_A)
def test_downlink_point_a(band: str, bw: int, scs: int, centre: str, n_rb: int, point_a: str) -> None:
    plan = plan_carrier(band, bw, scs, center_mhz=centre)
    assert plan.n_rb == n_rb
    assert Decimal(plan.point_a_khz) / 1000 == Decimal(point_a)


@pytest.mark.parametrize(
    ("band", "bw", "scs", "centre", "point_a"), [row[:4] + row[5:] for row in POINT_A if row[0] in DUPLEX_MHZ]
)
def test_fdd_uplink_point_a_uses_the_carrier_scs(
    band: str, bw: int, scs: int, centre: str, point_a: str
) -> None:
    plan = plan_carrier(band, bw, scs, center_mhz=centre)
    assert plan.ul_center_mhz is not None and plan.ul_point_a_mhz is not None
    assert Decimal(str(plan.ul_center_mhz)) == Decimal(centre) - DUPLEX_MHZ[band]
    assert Decimal(str(plan.ul_point_a_mhz)) == Decimal(point_a) - DUPLEX_MHZ[band]


def test_n5_arfcns() -> None:
    """srsRAN: n5 DL ARFCN 176300 (881.5 MHz) -> UL 167300; 52 RB at 15 kHz: point A 175364, UL
    point A 166364 (get_center_freq_from_abs_freq_point_a(52, 166364) = 836.5 MHz)."""
    plan = plan_carrier("n5", 10, 15, arfcn=176300)
    assert plan.center_mhz == 881.5
    assert (plan.point_a_arfcn, plan.ul_center_arfcn, plan.ul_point_a_arfcn) == (175364, 167300, 166364)


def test_n3_point_a_arfcn() -> None:
    """srsRAN get_abs_freq_point_a_arfcn(52, 368500) = 367564 (n3, 10 MHz at 15 kHz)."""
    plan = plan_carrier("n3", 10, 15, arfcn=368500)
    assert plan.point_a_arfcn == 367564
    assert plan.ul_point_a_arfcn == 367564 - 95_000 // 5  # 95 MHz lower on the 5 kHz raster


def test_nearest_arfcn_ties_go_to_the_lower_arfcn() -> None:
    """Above 24.25 GHz ARFCNs are 60 kHz apart: 30 kHz above one is exactly between two."""
    from n5gc.radio.raster import nearest_arfcn

    assert nearest_arfcn(24_250_080 + 30) == 2_016_667
    assert nearest_arfcn(24_250_080 + 60 * 7 + 30) == 2_016_667 + 7


def test_ssb_between_two_gscns_goes_to_the_lower_one() -> None:
    """n78 40 MHz at 30 kHz centred at 3619.92 MHz, half way between GSCN 7929 (3619.2 MHz) and
    7930 (3620.64 MHz); point A 3600.84 MHz; both SSBs fit (first subcarriers 14.76 and 16.2 MHz
    above point A, whole 30 kHz steps): the lower GSCN wins, as documented."""
    plan = plan_carrier("n78", 40, 30, center_mhz="3619.92")
    assert (plan.gscn, plan.ssb_arfcn, plan.point_a_arfcn) == (7929, 641280, 640056)
