"""Radio: every cell is a carrier that exists (band, bandwidth, SCS, raster, fits in the band)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning

if TYPE_CHECKING:
    from n5gc.radio import CarrierPlan


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
            if snapped is not None and cell.center_mhz is not None:
                message, hint = off_raster(cell.center_mhz, carrier, snapped)
                yield warning(
                    "N5G502", f"{what}: {message}", ctx.at("spec", "ran", i, "cells", j, "centerMHz"), hint
                )


def off_raster(center_mhz: float, carrier: CarrierPlan, snapped: int) -> tuple[str, str]:
    """Message and hint of N5G502 (a centre moved onto the raster): one wording for `n5gc validate`
    and `n5gc radio --center`."""
    return (
        f"centre {center_mhz:g} MHz is not on the channel raster; "
        f"using {carrier.center_mhz:g} MHz (NR-ARFCN {snapped})",
        f"write `arfcn: {snapped}` (or centerMHz: {carrier.center_mhz:g}) to say it exactly",
    )


def oai_ssb_grid(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G503: an OAI cell's SSB starts a whole number of SSB subcarriers above point A.

    TS 38.211 7.4.3.1 counts kSSB in 15 kHz steps in FR1, so a 30 kHz SSB may start half a 30 kHz
    subcarrier off its grid (odd kSSB) and n5gc plans such SSBs when no aligned one exists (e.g. n78
    at 15 kHz on an odd ARFCN). OAI's get_ssb_subcarrier_offset (common/utils/nr/nr_common.c)
    asserts an even kSSB for a 30 kHz SSB: the gNB would abort at start. A fact of OAI, not of NR.
    """
    from n5gc.model.cells import cell_carrier
    from n5gc.radio import RadioError, nearest_plan_where, ssb_on_own_grid

    for i, gnb in enumerate(ctx.network.spec.ran):
        if gnb.type != "oai":
            continue
        for j, cell in enumerate(gnb.cells):
            try:
                carrier, _snapped = cell_carrier(cell)
            except RadioError:
                continue  # N5G501 says why
            if ssb_on_own_grid(carrier):
                continue
            better = nearest_plan_where(carrier, oai_can_place_ssb)
            hint = "plan this carrier on a srsran or ueransim gNB, which take it"
            if better is not None:
                hint = (
                    f"nearest centre whose SSB OAI can place: {better.center_mhz:g} MHz "
                    f"(arfcn: {better.center_arfcn}, GSCN {better.gscn}); or {hint}"
                )
            elif carrier.ssb_scs_khz != carrier.scs_khz:
                hint += f"; for OAI use scsKHz: {carrier.ssb_scs_khz}"
            yield error(
                "N5G503",
                f'gNB "{gnb.name}": cell {j + 1} ({cell.band}, {cell.bandwidth_mhz} MHz, '
                f"{cell.scs_khz} kHz): its {carrier.ssb_scs_khz} kHz SSB can only start "
                f"{carrier.k_ssb} x 15 kHz into a common RB (kSSB {carrier.k_ssb}, half a "
                f"{carrier.ssb_scs_khz} kHz subcarrier off its grid); TS 38.211 allows it, but OAI "
                "asserts an even kSSB for a 30 kHz SSB and would abort",
                ctx.at("spec", "ran", i, "cells", j, "arfcn" if cell.arfcn is not None else "centerMHz"),
                hint,
            )


def oai_can_place_ssb(plan: CarrierPlan) -> bool:
    """True if n5gc's OAI configs can carry the plan's SSB: at the carrier's SCS (what the oai target
    renders) and a whole number of its subcarriers above point A (OAI's even-kSSB assertion)."""
    from n5gc.products.oai_ran import CARRIERS
    from n5gc.radio import ssb_on_own_grid

    return CARRIERS.takes_ssb(plan.scs_khz, plan.ssb_scs_khz) and ssb_on_own_grid(plan)


def _field_of(kind: str, by_arfcn: bool) -> str:
    """The cell field a radio error is about, so the diagnostic points at it."""
    centre = "arfcn" if by_arfcn else "centerMHz"
    return {"unknown_band": "band", "bandwidth_not_allowed": "bandwidthMHz", "scs_not_allowed": "scsKHz"}.get(
        kind, centre
    )


RULES = [cells_plannable, oai_ssb_grid]
