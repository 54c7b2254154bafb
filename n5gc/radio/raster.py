"""NR-ARFCN <-> frequency (TS 38.104 5.4.2.1) and GSCN <-> frequency (TS 38.104 5.4.3.1).

Pure integer arithmetic in kHz: every point of both rasters is a whole number of kHz, so
conversions are exact and round trips are lossless.  MHz helpers take ``str``/``Decimal``/``int``
/``float`` and go through ``Decimal`` so that ``3619.2`` means exactly 3619.2 MHz.

Table 5.4.2.1-1 (NR-ARFCN parameters of the global frequency raster):

=================  ===========  ============  ==========  ===================
range (MHz)        ΔF_Global    F_REF-Offs    N_REF-Offs  N_REF
=================  ===========  ============  ==========  ===================
0 – 3000           5 kHz        0 MHz         0           0 – 599999
3000 – 24250       15 kHz       3000 MHz      600000      600000 – 2016666
24250 – 100000     60 kHz       24250.08 MHz  2016667     2016667 – 3279165
=================  ===========  ============  ==========  ===================

Table 5.4.3.1-1 (GSCN parameters of the global synchronization raster):

=================  ====================================  ================================  ============
range (MHz)        SS_REF                                GSCN                              GSCN range
=================  ====================================  ================================  ============
0 – 3000           N·1200 kHz + M·50 kHz, N 1..2499,     3N + (M−3)/2                      2 – 7498
                   M ∈ {1, 3, 5}
3000 – 24250       3000 MHz + N·1.44 MHz, N 0..14756     7499 + N                          7499 – 22255
24250 – 100000     24250.08 MHz + N·17.28 MHz, N 0..4383 22256 + N                         22256 – 26639
=================  ====================================  ================================  ============

(Same constants as srsRAN ``nr_fr_params`` / ``get_ss_ref_from_gscn`` and OAI ``to_nrarfcn`` /
``check_ssb_raster``.)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple

MAX_ARFCN = 3_279_165
MIN_GSCN = 2
MAX_GSCN = 26_639

MHzLike = int | float | str | Decimal
_MAX_MHZ_DIGITS = 9  # far above any NR frequency (100 GHz = 1e5 MHz)


class _GlobalRaster(NamedTuple):
    first_arfcn: int
    last_arfcn: int
    delta_khz: int  # ΔF_Global
    f_offs_khz: int  # F_REF-Offs
    n_offs: int  # N_REF-Offs


GLOBAL_RASTER: tuple[_GlobalRaster, ...] = (
    _GlobalRaster(0, 599_999, 5, 0, 0),
    _GlobalRaster(600_000, 2_016_666, 15, 3_000_000, 600_000),
    _GlobalRaster(2_016_667, MAX_ARFCN, 60, 24_250_080, 2_016_667),
)


def _segment_of_arfcn(arfcn: int) -> _GlobalRaster:
    for seg in GLOBAL_RASTER:
        if seg.first_arfcn <= arfcn <= seg.last_arfcn:
            return seg
    raise ValueError(f"NR-ARFCN {arfcn} is outside 0..{MAX_ARFCN}")


def _segment_of_khz(khz: int) -> _GlobalRaster:
    # Frequencies between ARFCN 2016666 (24249.99 MHz) and 2016667 (24250.08 MHz) have no ARFCN;
    # they fall in the 15 kHz segment here and fail its upper bound below.
    if khz < 3_000_000:
        return GLOBAL_RASTER[0]
    if khz < 24_250_080:
        return GLOBAL_RASTER[1]
    return GLOBAL_RASTER[2]


def arfcn_to_khz(arfcn: int) -> int:
    """F_REF in kHz of an NR-ARFCN: F_REF = F_REF-Offs + ΔF_Global · (N_REF − N_REF-Offs)."""
    seg = _segment_of_arfcn(arfcn)
    return seg.f_offs_khz + seg.delta_khz * (arfcn - seg.n_offs)


def khz_to_arfcn(khz: int) -> int:
    """The NR-ARFCN of a frequency in kHz; ValueError if it is not a global raster point."""
    if khz < 0:
        raise ValueError(f"negative frequency {khz} kHz")
    seg = _segment_of_khz(khz)
    steps, rest = divmod(khz - seg.f_offs_khz, seg.delta_khz)
    arfcn = seg.n_offs + steps
    if rest or not seg.first_arfcn <= arfcn <= seg.last_arfcn:
        raise ValueError(f"{khz} kHz is not on the NR global frequency raster")
    return arfcn


def nearest_arfcn(khz: int) -> int:
    """The NR-ARFCN whose frequency is closest to ``khz`` (ties go to the lower one)."""
    khz = max(0, min(khz, arfcn_to_khz(MAX_ARFCN)))
    seg = _segment_of_khz(khz)
    steps = (khz - seg.f_offs_khz) // seg.delta_khz
    candidates = [seg.n_offs + steps, seg.n_offs + steps + 1]
    valid = [a for a in candidates if 0 <= a <= MAX_ARFCN]
    return min(valid, key=lambda a: (abs(arfcn_to_khz(a) - khz), a))


def gscn_to_khz(gscn: int) -> int:
    """SS_REF in kHz of a GSCN (TS 38.104 Table 5.4.3.1-1)."""
    if MIN_GSCN <= gscn <= 7498:
        n = (gscn + 1) // 3  # GSCN = 3N + (M-3)/2 with (M-3)/2 in {-1, 0, 1}
        m = 3 + 2 * (gscn - 3 * n)
        return n * 1200 + m * 50
    if 7499 <= gscn <= 22255:
        return 3_000_000 + (gscn - 7499) * 1440
    if 22256 <= gscn <= MAX_GSCN:
        return 24_250_080 + (gscn - 22256) * 17_280
    raise ValueError(f"GSCN {gscn} is outside {MIN_GSCN}..{MAX_GSCN}")


def khz_to_gscn(khz: int) -> int:
    """The GSCN of an SS_REF in kHz; ValueError if it is not a sync raster point."""
    if khz < 3_000_000:
        n, rest = divmod(khz, 1200)
        if rest in (50, 150, 250) and 1 <= n <= 2499:
            return 3 * n + (rest // 50 - 3) // 2
    elif khz < 24_250_080:
        n, rest = divmod(khz - 3_000_000, 1440)
        if not rest and n <= 14756:
            return 7499 + n
    else:
        n, rest = divmod(khz - 24_250_080, 17_280)
        if not rest and n <= 4383:
            return 22256 + n
    raise ValueError(f"{khz} kHz is not on the NR synchronization raster")


def gscn_to_arfcn(gscn: int) -> int:
    """NR-ARFCN of the SS_REF of a GSCN (what OAI calls absoluteFrequencySSB)."""
    return khz_to_arfcn(gscn_to_khz(gscn))


def arfcn_to_gscn(arfcn: int) -> int:
    """GSCN whose SS_REF is the frequency of ``arfcn``; ValueError if there is none."""
    return khz_to_gscn(arfcn_to_khz(arfcn))


def mhz_to_hz(mhz: MHzLike) -> int:
    """A frequency in MHz as an integer number of Hz (nearest Hz); ValueError if not a number."""
    if isinstance(mhz, bool):
        raise ValueError("a frequency must be a number, not a boolean")
    text = str(mhz).strip()
    if isinstance(mhz, str) and not text.isascii():  # Decimal() would read '٣٥٠٠' as 3500
        raise ValueError(f"not a frequency: {mhz!r}")
    try:
        value = Decimal(mhz) if isinstance(mhz, (int, Decimal)) else Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a frequency: {mhz!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite frequency: {mhz!r}")
    if value.adjusted() > _MAX_MHZ_DIGITS:  # int() of '1e999999999' MHz in Hz would never finish
        raise ValueError(f"not a radio frequency: {mhz!r}")
    return int((value * 1_000_000).to_integral_value())


def hz_to_khz(hz: int) -> int:
    """Nearest whole kHz of a frequency in Hz (halves round up), in integer arithmetic."""
    return (hz + 500) // 1000


def khz_to_mhz(khz: int) -> float:
    """kHz -> MHz as a float; repr() of the result prints the exact decimal (e.g. 3619.2)."""
    return float(Decimal(khz) / 1000)


def arfcn_to_mhz(arfcn: int) -> float:
    """Frequency of an NR-ARFCN in MHz."""
    return khz_to_mhz(arfcn_to_khz(arfcn))


def mhz_to_arfcn(mhz: MHzLike) -> int:
    """NR-ARFCN of a frequency in MHz; ValueError unless it is a raster point (to within 1 Hz)."""
    hz = mhz_to_hz(mhz)
    khz = hz_to_khz(hz)
    if abs(hz - khz * 1000) > 1:
        raise ValueError(f"{mhz} MHz is not a whole number of kHz")
    return khz_to_arfcn(khz)


def gscn_to_mhz(gscn: int) -> float:
    """SS_REF of a GSCN in MHz."""
    return khz_to_mhz(gscn_to_khz(gscn))


def mhz_to_gscn(mhz: MHzLike) -> int:
    """GSCN of an SS_REF given in MHz; ValueError unless it is a sync raster point."""
    hz = mhz_to_hz(mhz)
    khz = hz_to_khz(hz)
    if abs(hz - khz * 1000) > 1:
        raise ValueError(f"{mhz} MHz is not on the NR synchronization raster")
    return khz_to_gscn(khz)
