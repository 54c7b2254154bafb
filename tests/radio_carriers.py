"""Planned carriers for the radio tests: every band, SCS and bandwidth, at the edges and the middle.

Test files load this module with ``sys.path.insert(0, <tests folder>)`` + ``import radio_carriers``.
Edge carriers are where a CORESET#0 or an SSB has the least room, so a rule that holds for them
and for the middle of each band is one that no centred example alone would prove.
"""

from __future__ import annotations

import functools

from n5gc.radio import BANDS, CarrierPlan, RadioError, allowed_bandwidths, allowed_scs, plan_carrier
from n5gc.radio.raster import arfcn_to_khz


def _centres(number: int, bw: int, scs: int) -> list[int]:
    """The lowest, middle and highest raster centres (ARFCN) whose channel lies in the DL band."""
    band = BANDS[number]
    fixed = band.restricted_dl_arfcns.get(bw)
    if fixed is not None:
        return sorted({fixed[0], fixed[len(fixed) // 2], fixed[-1]})
    assert band.dl_khz is not None
    fitting: list[int] = []
    for raster in band.raster_for(scs):
        if raster.dl_first is None or raster.dl_last is None or not raster.dl_step:
            continue
        points = range(raster.dl_first, raster.dl_last + 1, raster.dl_step)
        inside = [a for a in (points[0], points[len(points) // 2], points[-1]) if raster.has_dl(a)]
        low = next((a for a in points if arfcn_to_khz(a) - bw * 500 >= band.dl_khz[0]), None)
        high = next((a for a in reversed(points) if arfcn_to_khz(a) + bw * 500 <= band.dl_khz[1]), None)
        fitting += [a for a in (low, high, *inside) if a is not None]
    return sorted(set(fitting))


@functools.cache
def edge_carriers() -> tuple[CarrierPlan, ...]:
    """A plan per DL band, SCS, bandwidth and edge/middle centre that 3GPP allows (FR1 and FR2)."""
    found: list[CarrierPlan] = []
    for number, band in sorted(BANDS.items()):
        if not band.has_dl:
            continue
        for scs in allowed_scs(number):
            for bw in allowed_bandwidths(number, scs):
                for arfcn in _centres(number, bw, scs):
                    try:
                        found.append(plan_carrier(number, bw, scs, arfcn=arfcn))
                    except RadioError:
                        continue  # no SSB position, uplink outside the band, ...: not a carrier
    return tuple(found)
