"""Radio: every cell is a carrier that exists (band, bandwidth, SCS, raster, fits in the band)."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning


def cells_plannable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G501: the cell is a valid NR carrier; N5G502: its centre was moved onto the raster."""
    from n5gc.model.cells import cell_carrier
    from n5gc.radio import RadioError

    for i, gnb in enumerate(ctx.network.spec.ran):
        for j, cell in enumerate(gnb.cells):
            what = (
                f'gNB "{gnb.name}": cell {j + 1} ({cell.band}, {cell.bandwidth_mhz} MHz, {cell.scs_khz} kHz)'
            )
            try:
                carrier, snapped = cell_carrier(cell)
            except RadioError as exc:
                field = _field_of(exc.kind, cell.arfcn is not None)
                yield error(
                    "N5G501", f"{what}: {exc.message}", ctx.at("spec", "ran", i, "cells", j, field), exc.hint
                )
                continue
            if snapped is not None:
                yield warning(
                    "N5G502",
                    f"{what}: centre {cell.center_mhz:g} MHz is not on the channel raster; "
                    f"using {carrier.center_mhz:g} MHz (NR-ARFCN {snapped})",
                    ctx.at("spec", "ran", i, "cells", j, "centerMHz"),
                    f"write `arfcn: {snapped}` (or centerMHz: {carrier.center_mhz:g}) to say it exactly",
                )


def _field_of(kind: str, by_arfcn: bool) -> str:
    """The cell field a radio error is about, so the diagnostic points at it."""
    centre = "arfcn" if by_arfcn else "centerMHz"
    return {"unknown_band": "band", "bandwidth_not_allowed": "bandwidthMHz", "scs_not_allowed": "scsKHz"}.get(
        kind, centre
    )


RULES = [cells_plannable]
