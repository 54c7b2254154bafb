"""Plan one NR carrier: N_RB, point A, SSB position (GSCN, kSSB, offsetToPointA), FDD uplink.

Everything is computed in integer kHz (every NR raster point is a whole kHz), so the plan is
exact: ``point_a_khz + n_rb * 12 * scs_khz // 2 == center_khz`` always holds, and the MHz fields
are those kHz values divided by 1000 (``repr`` shows the exact decimal).

Point A is the carrier's lowest subcarrier (offsetToCarrier = 0, CRB 0 = first carrier RB): what
OAI's ``dl_absoluteFrequencyPointA`` and srsRAN's derived point A mean for a single carrier.

SSB: on the band's sync raster, wholly inside the carrier, its first subcarrier on the kSSB grid of
TS 38.211 7.4.3.1 (15 kHz in FR1, subCarrierSpacingCommon in FR2); a position on the SSB's own
subcarrier grid is preferred when one exists (``ssb_grids``). gNB software stricter than that is a
check of its target (OAI: N5G503), not a rule of this module.

FDD: the uplink carrier has the DL bandwidth and SCS, one duplex spacing away (the UL raster point
at the DL point's index, TS 38.101-1 Table 5.4.2.3-1); a UL channel outside the band's UL range is
refused (``uplink_outside_band``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal
from typing import NamedTuple

from n5gc.radio.bands import BANDS, FDD, SUL, TDD, Band, ChannelRaster
from n5gc.radio.errors import RadioError
from n5gc.radio.raster import (
    MHzLike,
    arfcn_to_khz,
    gscn_to_khz,
    hz_to_khz,
    khz_to_arfcn,
    khz_to_mhz,
    mhz_to_hz,
)
from n5gc.radio.tables import allowed_bandwidths, allowed_scs, n_rb
from n5gc.records import record

SSB_RBS = 20  # an SS/PBCH block is 20 RBs = 240 subcarriers (TS 38.211 7.4.3.1)
SSB_SUBCARRIERS = 12 * SSB_RBS
SSB_REF_SUBCARRIER = 120  # SS_REF is subcarrier 0 of SSB RB 10 (TS 38.104 5.4.3.1)
_NEIGHBOURS_TRIED = 64  # centres tried when looking for one where an SSB fits (hint only)
# str.isdigit() and Decimal() also take '¹', '٣' and other Unicode digits, which int() then
# refuses or reads as some other number: user text must be ASCII before it becomes a number.
_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_ASCII_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_MAX_DIGITS = 12  # no radio quantity (MHz, kHz, NR-ARFCN) has more; bounds int() of '1e999999999'


@record
class CarrierPlan:
    """A planned carrier (downlink, and the paired uplink in an FDD band); frequencies in MHz
    (floats) and exact kHz (ints)."""

    band: int  # the operating band's number: 78 for n78
    fr: str
    duplex: str
    bandwidth_mhz: int
    scs_khz: int
    n_rb: int
    raster_khz: int  # ΔF_Raster of the channel raster the centre is on
    center_arfcn: int
    center_mhz: float
    center_khz: int
    point_a_arfcn: int
    point_a_mhz: float
    point_a_khz: int
    gscn: int
    ssb_arfcn: int  # NR-ARFCN of SS_REF, OAI absoluteFrequencySSB
    ssb_mhz: float
    ssb_khz: int
    ssb_scs_khz: int
    ssb_case: str  # SSB pattern case A..E (TS 38.213 4.1)
    scs_common_khz: int  # subCarrierSpacingCommon the kSSB/offsetToPointA values assume
    offset_to_point_a: int  # in RBs of 15 kHz (FR1) / 60 kHz (FR2), TS 38.211 4.4.4.2
    k_ssb: int  # in 15 kHz (FR1) / scs_common (FR2) subcarriers, TS 38.211 7.4.3.1
    dl_range_mhz: tuple[float, float]
    ul_range_mhz: tuple[float, float] | None
    ul_center_arfcn: int | None = None
    ul_center_mhz: float | None = None
    ul_point_a_arfcn: int | None = None
    ul_point_a_mhz: float | None = None

    @property
    def band_name(self) -> str:
        """The band as people write it, e.g. ``"n78"``."""
        return f"n{self.band}"

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-friendly data (tuples become lists), in field order."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


class _Ssb(NamedTuple):
    gscn: int
    ss_khz: int
    scs_khz: int
    case: str


# --------------------------------------------------------------------------------------------------
# public entry points


def lookup_band(band: str | int) -> Band:
    """The ``Band`` for ``"n78"``, ``"78"`` or ``78``; RadioError ``unknown_band`` otherwise."""
    number = _parse_band(band)
    if number is not None and number in BANDS:
        return BANDS[number]
    raise RadioError("unknown_band", f"{band!r} is not a known NR operating band", _band_hint(number))


def plan_carrier(
    band: str | int,
    bandwidth_mhz: int,
    scs_khz: int,
    center_mhz: MHzLike | None = None,
    arfcn: int | None = None,
) -> CarrierPlan:
    """Plan a downlink carrier of ``bandwidth_mhz`` at ``scs_khz`` in ``band``.

    Give ``center_mhz`` (carrier centre, on the band's channel raster to within 1 Hz) or
    ``arfcn`` (its NR-ARFCN); both only if they agree.  The SSB goes on the sync raster point
    closest to the centre (lower GSCN on a tie) whose block lies wholly inside the carrier with its
    subcarriers on the grid gNBs need.  Raises ``RadioError`` (see ``errors.KINDS``) for any
    request 3GPP does not allow; no other exception for any argument values.
    """
    b = lookup_band(band)
    _require_downlink(b)
    scs = _check_scs(b, scs_khz)
    bw, nrb = _check_bandwidth(b, bandwidth_mhz, scs)
    center_arfcn, raster = _resolve_centre(b, bw, scs, center_mhz, arfcn)
    center_khz = arfcn_to_khz(center_arfcn)
    if bw not in b.restricted_dl_arfcns:
        # A fixed channel list is authoritative: its n46 edge channels overhang by ~20 kHz.
        _check_channel_fits(b, bw, scs, center_khz)
    ul = _plan_uplink(b, bw, scs, nrb, center_arfcn)
    point_a_khz = center_khz - nrb * 6 * scs
    ssb = _choose_ssb(b, bw, scs, nrb, center_khz, point_a_khz)
    if ssb is None:
        raise RadioError(
            "no_ssb_position",
            f"no {b.name} sync raster point (GSCN) puts a whole SSB, aligned to the subcarrier grid, "
            f"inside the {bw} MHz carrier at {_mhz(center_khz)} MHz",
            _ssb_hint(b, bw, scs, nrb, center_khz),
        )
    return _assemble(b, bw, scs, nrb, center_arfcn, raster, point_a_khz, ssb, ul)


# --------------------------------------------------------------------------------------------------
# argument checks


def _as_int(value: object) -> int | None:
    """``value`` as an int if it is a whole number (int, integral float/Decimal, digit string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not isinstance(value, (float, Decimal)) and not _ASCII_NUMBER.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    if not number.is_finite() or number != number.to_integral_value() or number.adjusted() > _MAX_DIGITS:
        return None
    return int(number)


def _parse_band(band: object) -> int | None:
    if isinstance(band, str):
        text = band.strip().lower()
        text = text[1:] if text.startswith("n") else text
        return int(text) if _ASCII_DIGITS.fullmatch(text) and len(text) <= _MAX_DIGITS else None
    return band if isinstance(band, int) and not isinstance(band, bool) else None


def _band_hint(number: int | None) -> str:
    if number is None:
        return "write the band as n<number>, e.g. n78"
    near = sorted(BANDS, key=lambda n: (abs(n - number), n))[:3]
    return "closest known bands: " + ", ".join(f"n{n}" for n in sorted(near))


def _require_downlink(b: Band) -> None:
    """SUL bands carry no downlink, so there is no carrier to plan (the kind callers map to
    'this band cannot take this channel')."""
    if b.has_dl:
        return
    partner = next(
        (o for o in BANDS.values() if o.has_dl and o.duplex in (FDD, TDD) and o.ul_khz == b.ul_khz), None
    )
    hint = "choose a band with a downlink"
    if partner is not None and partner.dl_khz is not None and b.ul_khz is not None:
        hint = (
            f"plan the cell on {partner.name} (downlink {_range(partner.dl_khz)} MHz, same uplink "
            f"{_range(b.ul_khz)} MHz) and use {b.name} as its supplementary uplink"
        )
    raise RadioError(
        "bandwidth_not_allowed",
        f"{b.name} is a supplementary uplink (SUL) band: it has no downlink carrier to plan",
        hint,
    )


def _check_scs(b: Band, scs_khz: object) -> int:
    scs = _as_int(scs_khz)
    options = allowed_scs(b.number)
    if scs is None or scs not in options:
        raise RadioError(
            "scs_not_allowed",
            f"{b.name} does not allow a {scs_khz} kHz subcarrier spacing",
            f"{b.name} allows {', '.join(map(str, options))} kHz",
        )
    return scs


def _check_bandwidth(b: Band, bandwidth_mhz: object, scs: int) -> tuple[int, int]:
    bw = _as_int(bandwidth_mhz)
    options = allowed_bandwidths(b.number, scs)
    nrb = n_rb(bw, scs, b.fr) if bw is not None else None
    if bw is None or bw not in options or nrb is None:
        elsewhere = [s for s in allowed_scs(b.number) if s != scs and bw in allowed_bandwidths(b.number, s)]
        also = f"; {bw} MHz is allowed at {', '.join(map(str, elsewhere))} kHz" if elsewhere else ""
        raise RadioError(
            "bandwidth_not_allowed",
            f"{b.name} does not allow a {bandwidth_mhz} MHz channel at {scs} kHz SCS",
            f"{b.name} allows {', '.join(map(str, options))} MHz at {scs} kHz{also}",
        )
    return bw, nrb


# --------------------------------------------------------------------------------------------------
# carrier centre


def _resolve_centre(
    b: Band, bw: int, scs: int, center_mhz: MHzLike | None, arfcn: object
) -> tuple[int, ChannelRaster | None]:
    """The centre NR-ARFCN, checked against band, raster and per-bandwidth lists, and its raster
    (None for an extra off-raster channel such as n28's 40 MHz one)."""
    if center_mhz is None and arfcn is None:
        raise RadioError(
            "missing_centre",
            f"give the {b.name} carrier a centre frequency (MHz) or an NR-ARFCN",
            _centre_hint(b, bw, scs, _middle(b), "e.g. the middle of the band"),
        )
    hz = _centre_hz(b, bw, scs, center_mhz, arfcn)
    _check_centre_in_band(b, bw, scs, hz)
    candidate = _on_global_raster(b, bw, scs, hz, arfcn)
    raster = _raster_of(b, bw, scs, candidate)
    allowed = b.restricted_dl_arfcns.get(bw)
    if allowed is not None and candidate not in allowed:
        raise RadioError(
            "off_raster",
            f"{_mhz(arfcn_to_khz(candidate))} MHz (ARFCN {candidate}) is not one of the {bw} MHz "
            f"channels {b.name} allows (a shared-spectrum band with a fixed channel list)",
            _centre_hint(b, bw, scs, hz_to_khz(hz), "nearest allowed centre"),
        )
    return candidate, raster


def _centre_hz(b: Band, bw: int, scs: int, center_mhz: MHzLike | None, arfcn: object) -> int:
    """The requested centre in Hz, from the ARFCN when one is given."""
    from_mhz: int | None = None
    if center_mhz is not None:
        try:
            from_mhz = mhz_to_hz(center_mhz)
        except ValueError:
            raise RadioError(
                "off_raster",
                f"centre {center_mhz!r} is not a frequency in MHz",
                _centre_hint(b, bw, scs, _middle(b), "a valid centre"),
            ) from None
    if arfcn is None:
        assert from_mhz is not None
        return from_mhz
    number = _as_int(arfcn)
    if number is None:
        raise RadioError("off_raster", f"NR-ARFCN {arfcn!r} is not a whole number", None)
    try:
        hz = arfcn_to_khz(number) * 1000
    except ValueError:
        raise RadioError(
            "centre_out_of_band",
            f"NR-ARFCN {number} is outside the NR-ARFCN range 0..3279165",
            _centre_hint(b, bw, scs, _middle(b), f"{b.name} DL is {_range(b.dl_khz)} MHz; a valid centre"),
        ) from None
    if from_mhz is not None and abs(from_mhz - hz) > 1:
        raise RadioError(
            "conflicting_centre",
            f"centre {center_mhz} MHz and NR-ARFCN {number} ({_mhz(hz // 1000)} MHz) disagree",
            "give only one of them",
        )
    return hz


def _check_centre_in_band(b: Band, bw: int, scs: int, hz: int) -> None:
    assert b.dl_khz is not None
    low, high = b.dl_khz
    if low * 1000 <= hz <= high * 1000:
        return
    raise RadioError(
        "centre_out_of_band",
        f"centre {_hz_text(hz)} MHz is outside the {b.name} downlink band {_range(b.dl_khz)} MHz",
        _centre_hint(b, bw, scs, hz_to_khz(hz), "nearest valid centre"),
    )


def _on_global_raster(b: Band, bw: int, scs: int, hz: int, arfcn: object) -> int:
    """The NR-ARFCN of ``hz`` if it is a channel-raster point of the band, else ``off_raster``."""
    khz = hz_to_khz(hz)
    candidate: int | None = None
    if abs(hz - khz * 1000) <= 1:
        try:
            candidate = khz_to_arfcn(khz)
        except ValueError:
            candidate = None
    if candidate is not None and (
        _raster_of(b, bw, scs, candidate) is not None or candidate in _extra_dl(b, bw)
    ):
        return candidate
    rasters = b.raster_for(scs)
    steps = " or ".join(
        f"{r.delta_khz} kHz raster ARFCN {r.dl_first}–{r.dl_last} step {r.dl_step}" for r in rasters
    )
    what = f"NR-ARFCN {_as_int(arfcn)}" if arfcn is not None else f"{_hz_text(hz)} MHz"
    raise RadioError(
        "off_raster",
        f"{what} is not on the {b.name} channel raster for {scs} kHz SCS ({steps})",
        _centre_hint(b, bw, scs, khz, "nearest centre on the raster"),
    )


def _raster_of(b: Band, bw: int, scs: int, arfcn: int) -> ChannelRaster | None:
    return next((r for r in b.raster_for(scs) if r.has_dl(arfcn)), None)


def _extra_dl(b: Band, bw: int) -> tuple[int, ...]:
    return tuple(dl for dl, _ul in b.extra_arfcn_pairs.get(bw, ()))


def _check_channel_fits(b: Band, bw: int, scs: int, center_khz: int) -> None:
    assert b.dl_khz is not None
    low, high = b.dl_khz
    half = bw * 500
    if low <= center_khz - half and center_khz + half <= high:
        return
    raise RadioError(
        "channel_outside_band",
        f"a {bw} MHz channel centred at {_mhz(center_khz)} MHz spans "
        f"{_mhz(center_khz - half)}–{_mhz(center_khz + half)} MHz, outside {b.name} "
        f"({_range(b.dl_khz)} MHz)",
        _centre_hint(b, bw, scs, center_khz, "closest valid centre"),
    )


# --------------------------------------------------------------------------------------------------
# valid centres (for hints)


def _valid_centres_near(
    b: Band, bw: int, scs: int, target_khz: int, limit: int, with_uplink: bool = True
) -> list[int]:
    """Up to ``limit`` centre ARFCNs on the band's raster whose channel fits, nearest first; in an FDD
    band (``with_uplink``) only those whose paired uplink channel fits in the uplink band too."""
    allowed = b.restricted_dl_arfcns.get(bw)
    if allowed is not None:
        pool = list(allowed)
    else:
        pool = list(_extra_dl(b, bw))
        for r in b.raster_for(scs):
            pool.extend(_raster_points_near(b, bw, r, target_khz, limit, with_uplink))
    if with_uplink:
        pool = [a for a in pool if _uplink_arfcn_fits(b, bw, a)]
    return sorted(set(pool), key=lambda a: (abs(arfcn_to_khz(a) - target_khz), a))[:limit]


def _index_range(first_arfcn: int, step: int, last_arfcn: int, band_khz: tuple[int, int], half: int) -> range:
    """Indices k of the raster points first + k*step whose channel (centre ± half kHz) is in the band."""
    first_khz = arfcn_to_khz(first_arfcn)
    pitch = arfcn_to_khz(first_arfcn + step) - first_khz  # a raster never spans two segments
    k_min = max(0, -((first_khz - band_khz[0] - half) // pitch))  # ceil((low + half - f0) / pitch)
    k_max = min((last_arfcn - first_arfcn) // step, (band_khz[1] - half - first_khz) // pitch)
    return range(k_min, k_max + 1)


def _raster_points_near(
    b: Band, bw: int, r: ChannelRaster, target_khz: int, limit: int, with_uplink: bool = True
) -> list[int]:
    """Raster points around ``target_khz`` whose ``bw`` channel fits in the band (and, with
    ``with_uplink`` in an FDD band, whose uplink channel at the same raster index fits too)."""
    assert b.dl_khz is not None and r.dl_first is not None and r.dl_step is not None
    assert r.dl_last is not None
    half = bw * 500
    ks = _index_range(r.dl_first, r.dl_step, r.dl_last, b.dl_khz, half)
    if with_uplink and b.duplex == FDD and b.ul_khz is not None and r.ul_first is not None:
        assert r.ul_step is not None and r.ul_last is not None
        ul_ks = _index_range(r.ul_first, r.ul_step, r.ul_last, b.ul_khz, half)
        ks = range(max(ks.start, ul_ks.start), min(ks.stop, ul_ks.stop))
    if not ks:
        return []
    first_khz = arfcn_to_khz(r.dl_first)
    pitch = arfcn_to_khz(r.dl_first + r.dl_step) - first_khz
    k = min(max((target_khz - first_khz) // pitch, ks.start), ks.stop - 1)
    low, high = max(ks.start, k - limit), min(ks.stop - 1, k + limit + 1)
    return [r.dl_first + i * r.dl_step for i in range(low, high + 1)]


def _centre_hint(b: Band, bw: int, scs: int, target_khz: int, label: str) -> str | None:
    # Centres whose uplink fits too; if the band has none at this bandwidth (n70's UL is 15 MHz
    # wide), the DL centre still answers the question asked, and planning it then says why not.
    near = _valid_centres_near(b, bw, scs, target_khz, 2) or _valid_centres_near(
        b, bw, scs, target_khz, 2, with_uplink=False
    )
    if not near:
        return None
    text = f"{label}: {_arfcn_text(near[0])}"
    return f"{text}; next: {_arfcn_text(near[1])}" if len(near) > 1 else text


def _middle(b: Band) -> int:
    assert b.dl_khz is not None
    return (b.dl_khz[0] + b.dl_khz[1]) // 2


# --------------------------------------------------------------------------------------------------
# SSB


def _ssb_scs_preference(b: Band, scs: int) -> list[int]:
    """SSB SCS to try: the carrier SCS if the band has it, then ascending (srsRAN's
    get_most_suitable_ssb_scs; FR2 carriers at 60 kHz prefer 120 kHz SSBs before 240 kHz)."""
    options = list(b.ssb_scs_options())
    return sorted(options, key=lambda s: (s != scs, s))


def _common_scs(fr: str, scs: int, ssb_scs: int) -> int:
    """subCarrierSpacingCommon: the carrier SCS, except that FR1 initial access cannot use
    60 kHz (MIB scs15or60 means 15 kHz in FR1), so a 60 kHz FR1 carrier uses the SSB SCS."""
    if fr == "FR1" and scs not in (15, 30):
        return ssb_scs
    return scs


def ssb_grids(fr: str, scs: int, ssb_scs: int) -> tuple[int, ...]:
    """Grids (kHz) the offset of an SSB's first subcarrier above point A may be on, preferred first.

    TS 38.211 7.4.3.1 counts kSSB in 15 kHz subcarriers in FR1 and in subCarrierSpacingCommon
    subcarriers in FR2 (offsetToPointA in whole RBs of 15 / 60 kHz), so the standard lets the SSB sit
    on that grid: the last entry.  The first entry also keeps the SSB's own subcarriers on its SCS
    grid (no half-subcarrier kSSB), which every gNB n5gc targets can transmit (OAI asserts it for
    30 kHz, srsRAN requires it for a 30 kHz SSB on a 30 kHz carrier): preferred when one exists.
    """
    standard = 15 if fr == "FR1" else _common_scs(fr, scs, ssb_scs)
    aligned = max(ssb_scs, standard)  # all SCS are 15 kHz * 2^n: the larger is a multiple of both
    return (aligned, standard) if aligned != standard else (aligned,)


def ssb_first_subcarrier_offset(ssb_khz: int, ssb_scs_khz: int, point_a_khz: int) -> int:
    """kHz from point A up to subcarrier 0 of an SSB whose SS_REF is ``ssb_khz``."""
    return ssb_khz - SSB_REF_SUBCARRIER * ssb_scs_khz - point_a_khz


def _choose_ssb(b: Band, bw: int, scs: int, nrb: int, center_khz: int, point_a_khz: int) -> _Ssb | None:
    """The GSCN nearest the centre (lower on a tie) whose SSB sits wholly inside the carrier RBs,
    with its first subcarrier on a grid ``ssb_grids`` allows: the aligned grid for any SSB SCS the
    band has first (carrier SCS first), then the standard's kSSB grid."""
    top_khz = point_a_khz + nrb * 12 * scs
    tries = [
        (grid_rank, ssb_scs, row)
        for grid_rank in (0, 1)
        for ssb_scs in _ssb_scs_preference(b, scs)
        if (row := b.sync_raster(ssb_scs, bw)) is not None
    ]
    for grid_rank, ssb_scs, row in tries:
        grids = ssb_grids(b.fr, scs, ssb_scs)
        if grid_rank >= len(grids):
            continue  # the aligned grid is the standard's: nothing more to try
        best = _nearest_gscn(row.gscns(), ssb_scs, grids[grid_rank], point_a_khz, top_khz, center_khz)
        if best is not None:
            return _Ssb(best, gscn_to_khz(best), ssb_scs, row.case)
    return None


def _nearest_gscn(
    gscns: range | tuple[int, ...], ssb_scs: int, grid: int, point_a_khz: int, top_khz: int, center_khz: int
) -> int | None:
    """The GSCN closest to the centre (lower on a tie) whose SSB lies in [point A, top) on ``grid``."""
    best: tuple[int, int] | None = None
    for gscn in gscns:
        ss_khz = gscn_to_khz(gscn)
        offset = ssb_first_subcarrier_offset(ss_khz, ssb_scs, point_a_khz)
        if offset < 0 or point_a_khz + offset + SSB_SUBCARRIERS * ssb_scs > top_khz or offset % grid:
            continue
        key = (abs(ss_khz - center_khz), gscn)
        if best is None or key < best:
            best = key
    return best[1] if best is not None else None


def ssb_offsets(
    fr: str, scs_khz: int, ssb_scs_khz: int, point_a_khz: int, ssb_khz: int
) -> tuple[int, int, int]:
    """(scs_common_khz, offsetToPointA, kSSB) of an SSB with SS_REF ``ssb_khz`` above point A.

    Per TS 38.211 4.4.4.2 / 7.4.3.1: offsetToPointA counts, in 15 kHz RBs (FR1) or 60 kHz RBs
    (FR2), up to the lowest common-SCS CRB overlapping the SSB; kSSB is the rest, in 15 kHz (FR1)
    or common-SCS (FR2) subcarriers.  This matches the TS 38.508-1 test frequency tables (e.g.
    n78, 10 MHz at 15 kHz, GSCN 7711: offsetToPointA 7, kSSB 6).
    """
    common = _common_scs(fr, scs_khz, ssb_scs_khz)
    offset = ssb_first_subcarrier_offset(ssb_khz, ssb_scs_khz, point_a_khz)
    crbs, rest = divmod(offset, 12 * common)
    rb_unit, k_unit = (15, 15) if fr == "FR1" else (60, common)
    return common, crbs * common // rb_unit, rest // k_unit


def _ssb_hint(b: Band, bw: int, scs: int, nrb: int, center_khz: int) -> str | None:
    hint = _plannable_centre_hint(b, bw, scs, nrb, center_khz, "nearest centre with an SSB position")
    if hint is not None:
        return hint
    wider = [w for w in allowed_bandwidths(b.number, scs) if w > bw]
    return f"try a wider channel ({', '.join(map(str, wider))} MHz)" if wider else None


def _plannable_centre_hint(b: Band, bw: int, scs: int, nrb: int, target_khz: int, label: str) -> str | None:
    """'<label>: <centre> (ARFCN .., GSCN ..)' for the nearest centre that plans completely
    (channel and paired uplink in the band, an SSB position), or None if none is near."""
    for candidate in _valid_centres_near(b, bw, scs, target_khz, _NEIGHBOURS_TRIED):
        khz = arfcn_to_khz(candidate)
        ssb = _choose_ssb(b, bw, scs, nrb, khz, khz - nrb * 6 * scs)
        if ssb is not None:
            return f"{label}: {_arfcn_text(candidate, f'GSCN {ssb.gscn}')}"
    return None


# --------------------------------------------------------------------------------------------------
# result


class _Uplink(NamedTuple):
    center_arfcn: int
    center_khz: int
    point_a_arfcn: int
    point_a_khz: int


def _uplink_arfcn(b: Band, bw: int, center_arfcn: int) -> int | None:
    """The UL centre ARFCN paired with a DL centre of an FDD band; None for TDD/SDL bands.

    TS 38.101-1 Table 5.4.2.3-1 lists each FDD band's UL and DL rasters; a DL channel pairs with
    the UL channel at the same raster index, i.e. the band's default duplex spacing (DL first - UL
    first: n1 190 MHz, n66 400 MHz, n71 -46 MHz), as srsRAN's get_ul_arfcn_from_dl_arfcn does. n28's
    extra 40 MHz channel has its own UL ARFCN (NOTE 4 of that table).
    """
    if b.duplex != FDD:
        return None
    pairs = dict(b.extra_arfcn_pairs.get(bw, ()))
    if center_arfcn in pairs:
        return pairs[center_arfcn]
    raster = next((r for r in b.rasters if r.has_dl(center_arfcn) and r.ul_first is not None), None)
    if raster is None:
        return None
    assert raster.dl_first is not None and raster.dl_step is not None and raster.ul_first is not None
    assert raster.ul_step is not None
    return raster.ul_first + (center_arfcn - raster.dl_first) // raster.dl_step * raster.ul_step


def _uplink_arfcn_fits(b: Band, bw: int, center_arfcn: int) -> bool:
    """True unless ``center_arfcn`` is an FDD centre whose paired UL channel leaves the UL band."""
    if b.duplex != FDD:
        return True
    ul_arfcn = _uplink_arfcn(b, bw, center_arfcn)
    if ul_arfcn is None or b.ul_khz is None:
        return False
    ul_khz, half = arfcn_to_khz(ul_arfcn), bw * 500
    return b.ul_khz[0] <= ul_khz - half and ul_khz + half <= b.ul_khz[1]


def _plan_uplink(b: Band, bw: int, scs: int, nrb: int, center_arfcn: int) -> _Uplink | None:
    """The UL carrier of an FDD carrier (same bandwidth and SCS as the DL one), None for TDD/SDL;
    RadioError ``uplink_outside_band`` when it does not fit in the band's uplink range."""
    if b.duplex != FDD:
        return None
    assert b.ul_khz is not None
    ul_arfcn = _uplink_arfcn(b, bw, center_arfcn)
    if ul_arfcn is None or not _uplink_arfcn_fits(b, bw, center_arfcn):
        centre_khz, half = arfcn_to_khz(center_arfcn), bw * 500
        where = (
            f"is centred at {_mhz(arfcn_to_khz(ul_arfcn))} MHz and spans "
            f"{_mhz(arfcn_to_khz(ul_arfcn) - half)}–{_mhz(arfcn_to_khz(ul_arfcn) + half)} MHz"
            if ul_arfcn is not None
            else "has no raster point"
        )
        raise RadioError(
            "uplink_outside_band",
            f"the uplink paired with the {bw} MHz {b.name} channel at {_mhz(centre_khz)} MHz "
            f"({_duplex_text(b)}) {where}, outside the {b.name} uplink band {_range(b.ul_khz)} MHz",
            _plannable_centre_hint(b, bw, scs, nrb, centre_khz, "closest centre whose uplink fits")
            or _narrower_hint(b, bw, scs),
        )
    ul_khz = arfcn_to_khz(ul_arfcn)
    ul_point_a = ul_khz - nrb * 6 * scs
    return _Uplink(ul_arfcn, ul_khz, khz_to_arfcn(ul_point_a), ul_point_a)


def _narrower_hint(b: Band, bw: int, scs: int) -> str | None:
    """When no centre gives a ``bw`` channel a paired uplink: the bandwidths whose uplink fits.

    n5gc pairs a DL channel with a UL channel of the same width; the asymmetric DL/UL bandwidths of
    TS 38.101-1 5.3.6 (e.g. n70 DL 25 MHz with UL 15 MHz) are not modelled."""
    assert b.ul_khz is not None
    width = b.ul_khz[1] - b.ul_khz[0]
    fitting = [w for w in allowed_bandwidths(b.number, scs) if w * 1000 <= width]
    if not fitting:
        return None
    return (
        f"the {b.name} uplink band is {_mhz(width)} MHz wide and n5gc pairs equal DL and UL bandwidths: "
        f"use {', '.join(map(str, fitting))} MHz"
    )


def _duplex_text(b: Band) -> str:
    """'duplex spacing 400 MHz' (UL below DL) or 'uplink 101.5 MHz above the downlink'."""
    raster = next((r for r in b.rasters if r.dl_first is not None and r.ul_first is not None), None)
    if raster is None or raster.dl_first is None or raster.ul_first is None:
        return "no fixed duplex spacing"
    spacing = arfcn_to_khz(raster.dl_first) - arfcn_to_khz(raster.ul_first)
    if spacing >= 0:
        return f"duplex spacing {_mhz(spacing)} MHz"
    return f"uplink {_mhz(-spacing)} MHz above the downlink"


def _assemble(
    b: Band,
    bw: int,
    scs: int,
    nrb: int,
    center_arfcn: int,
    raster: ChannelRaster | None,
    point_a_khz: int,
    ssb: _Ssb,
    ul: _Uplink | None,
) -> CarrierPlan:
    assert b.dl_khz is not None
    center_khz = arfcn_to_khz(center_arfcn)
    common, offset_to_point_a, k_ssb = ssb_offsets(b.fr, scs, ssb.scs_khz, point_a_khz, ssb.ss_khz)
    ul_range = b.ul_khz if b.duplex in (FDD, TDD, SUL) else None
    return CarrierPlan(
        band=b.number,
        fr=b.fr,
        duplex=b.duplex,
        bandwidth_mhz=bw,
        scs_khz=scs,
        n_rb=nrb,
        raster_khz=raster.delta_khz if raster is not None else 100,
        center_arfcn=center_arfcn,
        center_mhz=khz_to_mhz(center_khz),
        center_khz=center_khz,
        point_a_arfcn=khz_to_arfcn(point_a_khz),
        point_a_mhz=khz_to_mhz(point_a_khz),
        point_a_khz=point_a_khz,
        gscn=ssb.gscn,
        ssb_arfcn=khz_to_arfcn(ssb.ss_khz),
        ssb_mhz=khz_to_mhz(ssb.ss_khz),
        ssb_khz=ssb.ss_khz,
        ssb_scs_khz=ssb.scs_khz,
        ssb_case=ssb.case,
        scs_common_khz=common,
        offset_to_point_a=offset_to_point_a,
        k_ssb=k_ssb,
        dl_range_mhz=(khz_to_mhz(b.dl_khz[0]), khz_to_mhz(b.dl_khz[1])),
        ul_range_mhz=(khz_to_mhz(ul_range[0]), khz_to_mhz(ul_range[1])) if ul_range else None,
        ul_center_arfcn=ul.center_arfcn if ul else None,
        ul_center_mhz=khz_to_mhz(ul.center_khz) if ul else None,
        ul_point_a_arfcn=ul.point_a_arfcn if ul else None,
        ul_point_a_mhz=khz_to_mhz(ul.point_a_khz) if ul else None,
    )


# --------------------------------------------------------------------------------------------------
# text helpers


def _mhz(khz: int) -> str:
    """kHz as a MHz string without float noise: 3619200 -> '3619.2', 3300000 -> '3300'."""
    text = f"{Decimal(khz) / 1000:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _hz_text(hz: int) -> str:
    text = f"{Decimal(hz) / 1_000_000:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _range(khz: tuple[int, int] | None) -> str:
    return f"{_mhz(khz[0])}–{_mhz(khz[1])}" if khz else "none"


def _arfcn_text(arfcn: int, extra: str = "") -> str:
    more = f", {extra}" if extra else ""
    return f"{_mhz(arfcn_to_khz(arfcn))} MHz (ARFCN {arfcn}{more})"


# Re-exported for ``from n5gc.radio.carrier import RadioError`` (the brief's home for it).
__all__ = [
    "CarrierPlan",
    "RadioError",
    "lookup_band",
    "nearest_plan_where",
    "plan_carrier",
    "ssb_grids",
    "ssb_offsets",
    "ssb_on_own_grid",
]


# --------------------------------------------------------------------------------------------------
# what a plan's SSB looks like to gNB software stricter than the standard


def ssb_on_own_grid(plan: CarrierPlan) -> bool:
    """True if the SSB's first subcarrier is a whole number of SSB subcarriers (and kSSB units)
    above point A: the aligned grid of ``ssb_grids``, e.g. an even kSSB for a 30 kHz FR1 SSB."""
    offset = ssb_first_subcarrier_offset(plan.ssb_khz, plan.ssb_scs_khz, plan.point_a_khz)
    return offset % ssb_grids(plan.fr, plan.scs_khz, plan.ssb_scs_khz)[0] == 0


def nearest_plan_where(plan: CarrierPlan, accept: Callable[[CarrierPlan], bool]) -> CarrierPlan | None:
    """The plan of the valid centre nearest ``plan``'s (same band, bandwidth, SCS) that ``accept``s,
    among the centres a hint looks at; None if none of them does."""
    b = lookup_band(plan.band)
    near = _valid_centres_near(b, plan.bandwidth_mhz, plan.scs_khz, plan.center_khz, _NEIGHBOURS_TRIED)
    for candidate in near:
        try:
            other = plan_carrier(b.number, plan.bandwidth_mhz, plan.scs_khz, arfcn=candidate)
        except RadioError:
            continue
        if accept(other):
            return other
    return None


# --------------------------------------------------------------------------------------------------
# snapping a centre given in MHz onto the raster


def snap_to_raster(
    band: str | int, bandwidth_mhz: int, scs_khz: int, center_mhz: MHzLike
) -> tuple[int, int] | None:
    """The valid centre ARFCN nearest to ``center_mhz`` and its distance in Hz, when that distance is
    at most one channel-raster step; None otherwise (or when the band/bandwidth/SCS are invalid).

    People write "3500 MHz" for an n78 carrier, which is not an NR-ARFCN (633333.3): the nearest
    raster point is the carrier they mean. Farther than one step, it is a mistake, not rounding.
    """
    try:
        b = lookup_band(band)
        _require_downlink(b)
        scs = _check_scs(b, scs_khz)
        bw, _n_rb = _check_bandwidth(b, bandwidth_mhz, scs)
        hz = mhz_to_hz(center_mhz)
    except (RadioError, ValueError):
        return None
    near = _valid_centres_near(b, bw, scs, hz_to_khz(hz), 1, with_uplink=False)
    if not near:
        return None
    distance = abs(arfcn_to_khz(near[0]) * 1000 - hz)
    step_hz = _raster_pitch_hz(b, scs, near[0])
    return (near[0], distance) if distance <= step_hz else None


def _raster_pitch_hz(b: Band, scs: int, arfcn: int) -> int:
    """Frequency distance between neighbouring raster points around ``arfcn``."""
    raster = next((r for r in b.raster_for(scs) if r.has_dl(arfcn)), None)
    if raster is None or raster.dl_step is None:
        return 0
    return (arfcn_to_khz(arfcn + raster.dl_step) - arfcn_to_khz(arfcn)) * 1000
