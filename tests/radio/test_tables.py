"""Band, N_RB and bandwidth tables: published values and internal consistency."""

from __future__ import annotations

import pytest

from n5gc.radio import BANDS, Band, allowed_bandwidths, allowed_scs, band_numbers, n_rb
from n5gc.radio.bands import FDD, SDL, SUL, TDD
from n5gc.radio.raster import arfcn_to_khz, gscn_to_khz
from n5gc.radio.tables import ALLOWED_BW, N_RB_FR1, N_RB_FR2

REQUIRED_FR1 = (
    1, 2, 3, 5, 7, 8, 12, 13, 14, 18, 20, 25, 26, 28, 29, 30, 34, 38, 39, 40, 41, 48, 50, 51, 53,
    65, 66, 70, 71, 74, 75, 76, 77, 78, 79, 90, 91, 92, 93, 94, 96, 104,
)  # fmt: skip
REQUIRED_FR2 = (257, 258, 259, 260, 261)
DL_BANDS = [b for b in BANDS.values() if b.has_dl]


@pytest.mark.parametrize(
    ("bw", "scs", "fr", "expected"),
    [
        (100, 30, "FR1", 273),
        (20, 15, "FR1", 106),
        (40, 30, "FR1", 106),  # OAI band 78 106PRB config
        (5, 15, "FR1", 25),
        (100, 60, "FR1", 135),
        (35, 15, "FR1", 188),
        (45, 30, "FR1", 119),
        (400, 120, "FR2", 264),
        (200, 60, "FR2", 264),
        (50, 120, "FR2", 32),
    ],
)
def test_published_n_rb(bw: int, scs: int, fr: str, expected: int) -> None:
    assert n_rb(bw, scs, fr) == expected


@pytest.mark.parametrize(
    ("bw", "scs", "fr"), [(60, 15, "FR1"), (5, 60, "FR1"), (400, 60, "FR2"), (7, 30, "FR1")]
)
def test_undefined_n_rb(bw: int, scs: int, fr: str) -> None:
    assert n_rb(bw, scs, fr) is None


@pytest.mark.parametrize(("table", "fr"), [(N_RB_FR1, "FR1"), (N_RB_FR2, "FR2")])
def test_n_rb_leaves_a_guard_band(table: dict[int, dict[int, int]], fr: str) -> None:
    for scs, row in table.items():
        for bw, rbs in row.items():
            occupied_khz = rbs * 12 * scs
            assert occupied_khz < bw * 1000, (fr, scs, bw)
            # Guard bands of TS 38.104 Table 5.3.3-1/-2 take at most ~20% (5 MHz at 30 kHz).
            assert occupied_khz >= bw * 1000 * 0.79, (fr, scs, bw)


@pytest.mark.parametrize("number", REQUIRED_FR1 + REQUIRED_FR2)
def test_required_bands_are_plannable(number: int) -> None:
    band = BANDS[number]
    assert band.has_dl
    assert band.fr == ("FR2" if number in REQUIRED_FR2 else "FR1")
    assert allowed_scs(number)
    assert band.sync, "every DL band needs SSB raster rows"


@pytest.mark.parametrize(
    ("number", "duplex"),
    [(1, FDD), (78, TDD), (29, SDL), (67, SDL), (75, SDL), (76, SDL), (257, TDD), (91, FDD)]
    + [(n, SUL) for n in (80, 81, 82, 83, 84, 86, 89, 95, 97, 98, 99)],
)
def test_duplex_modes(number: int, duplex: str) -> None:
    band = BANDS[number]
    assert band.duplex == duplex
    assert band.has_dl == (duplex != SUL)
    assert (band.ul_khz is None) == (duplex == SDL)


def test_band_numbers_sorted_and_named() -> None:
    numbers = band_numbers()
    assert list(numbers) == sorted(numbers)
    assert all(BANDS[n].name == f"n{n}" for n in numbers)


@pytest.mark.parametrize("band", list(BANDS.values()), ids=lambda b: b.name)
def test_channel_rasters_lie_inside_the_band(band: Band) -> None:
    for r in band.rasters:
        for first, step, last, span in (
            (r.dl_first, r.dl_step, r.dl_last, band.dl_khz),
            (r.ul_first, r.ul_step, r.ul_last, band.ul_khz),
        ):
            if first is None:
                continue
            assert span is not None and step is not None and last is not None
            assert (last - first) % step == 0, band.name
            assert span[0] <= arfcn_to_khz(first) < arfcn_to_khz(last) <= span[1], band.name


@pytest.mark.parametrize("band", DL_BANDS, ids=lambda b: b.name)
def test_sync_rasters_lie_inside_the_band(band: Band) -> None:
    assert band.dl_khz is not None
    for row in band.sync:
        gscns = list(row.gscns())
        assert gscns == sorted(gscns) and gscns, band.name
        for g in (gscns[0], gscns[-1]):
            assert band.dl_khz[0] <= gscn_to_khz(g) <= band.dl_khz[1], (band.name, g)
        assert row.case in "ABCDE"
        expected_case = {15: "A", 120: "D", 240: "E"}.get(row.ssb_scs_khz)
        assert expected_case is None or row.case == expected_case


@pytest.mark.parametrize("band", DL_BANDS, ids=lambda b: b.name)
def test_every_allowed_bandwidth_has_n_rb_and_fits(band: Band) -> None:
    assert band.dl_khz is not None
    width = band.dl_khz[1] - band.dl_khz[0]
    for scs in allowed_scs(band.number):
        assert scs in ((60, 120) if band.fr == "FR2" else (15, 30, 60))
        for bw in allowed_bandwidths(band.number, scs):
            assert n_rb(bw, scs, band.fr) is not None, (band.name, scs, bw)
            assert bw * 1000 <= width, (band.name, bw)
            assert any(band.sync_raster(s, bw) for s in band.ssb_scs_options()), (band.name, bw)


def test_bandwidth_table_covers_exactly_the_known_bands() -> None:
    assert set(ALLOWED_BW) == set(BANDS)


def test_n78_bandwidths() -> None:
    assert allowed_bandwidths(78, 30) == (10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100)
    assert allowed_bandwidths(78, 15) == (10, 15, 20, 25, 30, 40, 50)
    assert allowed_bandwidths(78, 120) == ()
    assert allowed_scs(257) == (60, 120)


def test_shared_spectrum_channel_lists_are_on_the_raster() -> None:
    for number in (46, 96, 102):
        band = BANDS[number]
        assert band.dl_khz is not None
        for bw, arfcns in band.restricted_dl_arfcns.items():
            assert bw in allowed_bandwidths(number, 30)
            for a in arfcns:
                assert any(r.has_dl(a) for r in band.rasters)
                centre = arfcn_to_khz(a)
                # Channels are nominally aligned to 20 MHz LBT sub-bands; the 15 kHz raster
                # leaves the edge channels up to 20 kHz over the band edge.
                slack = 20
                assert band.dl_khz[0] - slack <= centre - bw * 500
                assert centre + bw * 500 <= band.dl_khz[1] + slack


def test_raster_choice_follows_scs() -> None:
    n78 = BANDS[78]
    assert [r.delta_khz for r in n78.raster_for(15)] == [15]
    assert [r.delta_khz for r in n78.raster_for(30)] == [30]
    assert [r.delta_khz for r in n78.raster_for(60)] == [30]
    assert [r.delta_khz for r in BANDS[1].raster_for(30)] == [100]
    assert [r.delta_khz for r in BANDS[90].raster_for(30)] == [100, 30]
    assert [r.delta_khz for r in BANDS[96].raster_for(30)] == [15]
    assert [r.delta_khz for r in BANDS[257].raster_for(120)] == [120]
    assert [r.delta_khz for r in BANDS[257].raster_for(60)] == [60]
