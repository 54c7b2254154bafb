"""What carrier a cell of the intent means: one rule shared by the radio check and the planner."""

from __future__ import annotations

import functools

from n5gc.model.network import Cell
from n5gc.radio import CarrierPlan, RadioError, plan_carrier, snap_to_raster

CarrierFields = tuple[str | int, int, int, float | None, int | None]


def cell_carrier(cell: Cell) -> tuple[CarrierPlan, int | None]:
    """The carrier of `cell`, and the ARFCN its centre was moved to when it was written off the raster.

    A `centerMHz` within one channel-raster step of a valid centre means that centre (people write
    3500 MHz for n78, which is ARFCN 633333.3); anything else raises the RadioError of plan_carrier.
    """
    fields: CarrierFields = (cell.band, cell.bandwidth_mhz, cell.scs_khz, cell.center_mhz, cell.arfcn)
    return _carrier_of(repr(fields), fields)


@functools.lru_cache(maxsize=1024)
def _carrier_of(exact: str, fields: CarrierFields) -> tuple[CarrierPlan, int | None]:
    """`cell_carrier` of the cell fields that decide it, planned once per distinct value.

    The gNBs of a network mostly share one cell configuration (1,000 slices: 125 cells, one
    carrier), and the check and the planner both ask. Safe to share: planning is a pure function
    of these fields and a CarrierPlan is frozen; `exact` (their repr) keeps apart values that are
    equal and hash alike but read differently (3500 and 3500.0, 0.0 and -0.0, 1 and True); a
    RadioError is never cached (every caller sees it again).
    """
    band, bandwidth_mhz, scs_khz, center_mhz, arfcn = fields
    try:
        return plan_carrier(band, bandwidth_mhz, scs_khz, center_mhz=center_mhz, arfcn=arfcn), None
    except RadioError as exc:
        if exc.kind != "off_raster" or center_mhz is None or arfcn is not None:
            raise
        snapped = snap_to_raster(band, bandwidth_mhz, scs_khz, center_mhz)
        if snapped is None:
            raise
        return plan_carrier(band, bandwidth_mhz, scs_khz, arfcn=snapped[0]), snapped[0]
