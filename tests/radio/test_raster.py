"""NR-ARFCN and GSCN conversions: published values and round-trip properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from n5gc.radio import raster
from n5gc.radio.raster import (
    MAX_ARFCN,
    MAX_GSCN,
    MIN_GSCN,
    arfcn_to_gscn,
    arfcn_to_khz,
    arfcn_to_mhz,
    gscn_to_arfcn,
    gscn_to_khz,
    gscn_to_mhz,
    khz_to_arfcn,
    khz_to_gscn,
    mhz_to_arfcn,
    mhz_to_gscn,
    nearest_arfcn,
)

# Each of the three global-raster segments of TS 38.104 Table 5.4.2.1-1, drawn separately so
# that every segment is exercised whatever hypothesis picks.
ARFCNS = st.one_of(
    st.integers(0, 599_999), st.integers(600_000, 2_016_666), st.integers(2_016_667, MAX_ARFCN)
)
GSCNS = st.one_of(st.integers(MIN_GSCN, 7498), st.integers(7499, 22255), st.integers(22256, MAX_GSCN))


@pytest.mark.parametrize(
    ("arfcn", "mhz"),
    [
        (0, "0"),
        (599_999, "2999.995"),
        (600_000, "3000"),
        (620_000, "3300"),
        (641_280, "3619.2"),  # OAI band 78 absoluteFrequencySSB
        (640_008, "3600.12"),  # OAI band 78 dl_absoluteFrequencyPointA
        (2_016_666, "24249.99"),
        (2_016_667, "24250.08"),
        (MAX_ARFCN, "99999.96"),
        (428_000, "2140"),
    ],
)
def test_published_arfcn_frequencies(arfcn: int, mhz: str) -> None:
    assert arfcn_to_khz(arfcn) == int(Decimal(mhz) * 1000)
    assert Decimal(repr(arfcn_to_mhz(arfcn))) == Decimal(mhz)
    assert mhz_to_arfcn(mhz) == arfcn
    assert mhz_to_arfcn(Decimal(mhz)) == arfcn
    assert mhz_to_arfcn(float(mhz)) == arfcn


@pytest.mark.parametrize(
    ("gscn", "mhz"),
    [
        (MIN_GSCN, "1.25"),  # N=1, M=1
        (7498, "2999.05"),  # N=2499, M=5
        (7499, "3000"),  # 3000 MHz + 0 x 1.44 MHz
        (7711, "3305.28"),  # first n77/n78 GSCN; TS 38.508-1 n78 tables: absoluteFrequencySSB 620352
        (7929, "3619.2"),  # the OAI band 78 SSB
        (5279, "2112.05"),  # first n1 GSCN: N=1760, M=1
        (22255, "24248.64"),
        (22256, "24250.08"),
        (MAX_GSCN, "99988.32"),
    ],
)
def test_published_gscn_frequencies(gscn: int, mhz: str) -> None:
    assert gscn_to_khz(gscn) == int(Decimal(mhz) * 1000)
    assert Decimal(repr(gscn_to_mhz(gscn))) == Decimal(mhz)
    assert mhz_to_gscn(mhz) == gscn


def test_gscn_7711_is_arfcn_620352() -> None:
    assert gscn_to_arfcn(7711) == 620_352
    assert arfcn_to_gscn(620_352) == 7711


@pytest.mark.parametrize("arfcn", [-1, MAX_ARFCN + 1])
def test_arfcn_out_of_range(arfcn: int) -> None:
    with pytest.raises(ValueError):
        arfcn_to_khz(arfcn)


@pytest.mark.parametrize("gscn", [0, 1, MAX_GSCN + 1])
def test_gscn_out_of_range(gscn: int) -> None:
    with pytest.raises(ValueError):
        gscn_to_khz(gscn)


@pytest.mark.parametrize("khz", [-5, 3_000_001, 24_250_000, 24_250_020, 100_000_020, 3_000_014])
def test_frequencies_off_the_global_raster(khz: int) -> None:
    with pytest.raises(ValueError):
        khz_to_arfcn(khz)


@pytest.mark.parametrize("mhz", ["abc", "nan", "inf", True])
def test_mhz_parsing_rejects_non_numbers(mhz: object) -> None:
    with pytest.raises(ValueError):
        raster.mhz_to_hz(mhz)  # type: ignore[arg-type]


@given(ARFCNS)
def test_arfcn_round_trip(arfcn: int) -> None:
    assert khz_to_arfcn(arfcn_to_khz(arfcn)) == arfcn
    assert mhz_to_arfcn(repr(arfcn_to_mhz(arfcn))) == arfcn
    assert mhz_to_arfcn(arfcn_to_mhz(arfcn)) == arfcn


@given(st.integers(0, 100_000_000))
def test_khz_to_arfcn_is_exact_or_refuses(khz: int) -> None:
    try:
        arfcn = khz_to_arfcn(khz)
    except ValueError:
        near = nearest_arfcn(khz)
        assert arfcn_to_khz(near) != khz
        # Half a 60 kHz step, or half the 90 kHz gap between ARFCN 2016666 and 2016667.
        assert abs(arfcn_to_khz(near) - khz) <= 45 or khz > arfcn_to_khz(MAX_ARFCN)
    else:
        assert arfcn_to_khz(arfcn) == khz
        assert nearest_arfcn(khz) == arfcn


@given(ARFCNS)
def test_arfcn_frequency_is_monotonic(arfcn: int) -> None:
    if arfcn < MAX_ARFCN:
        assert arfcn_to_khz(arfcn + 1) > arfcn_to_khz(arfcn)


@given(GSCNS)
def test_gscn_round_trip(gscn: int) -> None:
    khz = gscn_to_khz(gscn)
    assert khz_to_gscn(khz) == gscn
    # Every sync raster point is also a channel raster (NR-ARFCN) point.
    assert arfcn_to_gscn(gscn_to_arfcn(gscn)) == gscn
    assert mhz_to_gscn(gscn_to_mhz(gscn)) == gscn
    if gscn < MAX_GSCN:
        assert gscn_to_khz(gscn + 1) > khz


@given(st.integers(0, 100_000_000))
def test_khz_to_gscn_is_exact_or_refuses(khz: int) -> None:
    try:
        gscn = khz_to_gscn(khz)
    except ValueError:
        return
    assert gscn_to_khz(gscn) == khz
