"""What carrier a cell of the intent means: one rule shared by the radio check and the planner."""

from __future__ import annotations

from n5gc.model.network import Cell
from n5gc.radio import CarrierPlan, RadioError, plan_carrier, snap_to_raster


def cell_carrier(cell: Cell) -> tuple[CarrierPlan, int | None]:
    """The carrier of `cell`, and the ARFCN its centre was moved to when it was written off the raster.

    A `centerMHz` within one channel-raster step of a valid centre means that centre (people write
    3500 MHz for n78, which is ARFCN 633333.3); anything else raises the RadioError of plan_carrier.
    """
    try:
        return plan_carrier(
            cell.band, cell.bandwidth_mhz, cell.scs_khz, center_mhz=cell.center_mhz, arfcn=cell.arfcn
        ), None
    except RadioError as exc:
        if exc.kind != "off_raster" or cell.center_mhz is None or cell.arfcn is not None:
            raise
        snapped = snap_to_raster(cell.band, cell.bandwidth_mhz, cell.scs_khz, cell.center_mhz)
        if snapped is None:
            raise
        return plan_carrier(cell.band, cell.bandwidth_mhz, cell.scs_khz, arfcn=snapped[0]), snapped[0]
