"""Radio: every cell is a carrier that exists (band, bandwidth, SCS, raster, fits in the band)."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error


def cells_plannable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G501: n5gc.radio.plan_carrier accepts every cell; its reason and nearby choice become the diagnostic."""
    from n5gc.radio import RadioError, plan_carrier

    for i, gnb in enumerate(ctx.network.spec.ran):
        for j, cell in enumerate(gnb.cells):
            try:
                plan_carrier(cell.band, cell.bandwidth_mhz, cell.scs_khz, center_mhz=cell.center_mhz,
                             arfcn=cell.arfcn)
            except RadioError as exc:
                field = _field_of(exc.kind, cell.arfcn is not None)
                yield error("N5G501", f'gNB "{gnb.name}": cell {j + 1} ({cell.band}, {cell.bandwidth_mhz} MHz, '
                            f"{cell.scs_khz} kHz): {exc.message}", ctx.at("spec", "ran", i, "cells", j, field),
                            exc.hint)


def _field_of(kind: str, by_arfcn: bool) -> str:
    """The cell field a radio error is about, so the diagnostic points at it."""
    centre = "arfcn" if by_arfcn else "centerMHz"
    return {"unknown_band": "band", "bandwidth_not_allowed": "bandwidthMHz", "scs_not_allowed": "scsKHz"}.get(
        kind, centre)


RULES = [cells_plannable]
