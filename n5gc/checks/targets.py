"""Target limits: intent values that are valid 5G but that a chosen target cannot carry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.products import ueransim


def ueransim_plmn_digits(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G401: UERANSIM cannot read an MNC/MCC such as "08" or "09" (octal parsing bug)."""
    uses_ueransim = any(g.type == "ueransim" for g in ctx.network.spec.ran)
    if not uses_ueransim:
        return
    plmn = ctx.network.spec.plmn
    for field, value in (("mcc", plmn.mcc), ("mnc", plmn.mnc)):
        if ueransim.OCTAL_TRAP.match(value):
            yield error(
                "N5G401",
                f'{field} "{value}" cannot be used with UERANSIM: it reads "{value}" as an '
                "octal number and fails",
                ctx.at("spec", "plmn", field),
                'use another PLMN for simulated RAN (e.g. mnc "01"), or a real RAN (type srsran/oai)',
            )


def ueransim_group_size(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G402: a simulated subscriber group fits in one nr-ue process (at most 512 UEs)."""
    most = ueransim.MAX_UES_PER_PROCESS
    for i, group in enumerate(ctx.network.spec.subscribers):
        if group.simulate is not None and group.imsi.count > most:
            yield error(
                "N5G402",
                f'subscriber group "{group.name}": {group.imsi.count} simulated UEs, but one '
                f"UERANSIM nr-ue runs at most {most}",
                ctx.at("spec", "subscribers", i, "imsi", "count"),
                f"split the group into groups of at most {most} with consecutive IMSI ranges, "
                "or drop `simulate` for the part that real devices use",
            )


def simulated_on_ueransim(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G403: simulated UEs (UERANSIM nr-ue) can only attach to a UERANSIM gNB."""
    for i, group in enumerate(ctx.network.spec.subscribers):
        gnb = ctx.gnbs_by_name.get(group.simulate.gnb) if group.simulate else None
        if gnb is not None and gnb.type != "ueransim":
            yield error(
                "N5G403",
                f'subscriber group "{group.name}": simulated UEs cannot attach to gNB '
                f'"{gnb.name}" of type {gnb.type}: UERANSIM UEs speak only to a UERANSIM gNB',
                ctx.at("spec", "subscribers", i, "simulate", "gnb"),
                "simulate them on a type: ueransim gNB, or drop `simulate` (real UEs on a real RAN)",
            )


def real_gnb_one_cell(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G404: an srsRAN or OAI gNB is compiled with exactly one cell (one carrier per process)."""
    if not any(gnb.type in ("srsran", "oai") for gnb in ctx.network.spec.ran):
        return  # a UERANSIM network never imports the srsRAN and OAI facts
    from n5gc.products import oai_ran, srsran

    cells_per_gnb = {"srsran": srsran.CELLS_PER_GNB, "oai": oai_ran.CELLS_PER_GNB}
    for i, gnb in enumerate(ctx.network.spec.ran):
        if gnb.type in cells_per_gnb and len(gnb.cells) != cells_per_gnb[gnb.type]:
            yield error(
                "N5G404",
                f'gNB "{gnb.name}" of type {gnb.type} declares {len(gnb.cells)} cells; '
                "n5gc compiles one cell per srsRAN/OAI gNB",
                ctx.at("spec", "ran", i, "cells") if gnb.cells else ctx.at("spec", "ran", i, "name"),
                "declare exactly one cell (band, bandwidthMHz, scsKHz, centerMHz or arfcn), one gNB per cell",
            )


def srsran_limits(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G405: the srsRAN chart runs a combined CU/DU and refuses reserved TACs."""
    for i, gnb in enumerate(ctx.network.spec.ran):
        if gnb.type != "srsran":
            continue
        from n5gc.products import srsran  # only for an srsRAN gNB

        if gnb.split not in srsran.SPLITS:
            yield error(
                "N5G405",
                f'gNB "{gnb.name}": the srsRAN chart n5gc targets runs CU and DU in one pod',
                ctx.at("spec", "ran", i, "split"),
                "use split: none for srsran, or type oai for an F1 split",
            )
        tac = gnb.tac if gnb.tac is not None else ctx.network.spec.tac
        if tac in srsran.RESERVED_TACS:
            yield error(
                "N5G405",
                f'gNB "{gnb.name}": srsRAN refuses the reserved TAC {tac}',
                ctx.at("spec", "ran", i, "tac") if gnb.tac is not None else ctx.at("spec", "tac"),
                "use a TAC between 1 and 16777213",
            )


def oai_carrier_kinds(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G406: n5gc's OAI target writes the carriers `oai_ran.CARRIERS` covers (FR1 at 15 or 30 kHz,
    the SSB at the carrier's SCS)."""
    for i, gnb in enumerate(ctx.network.spec.ran):
        if gnb.type != "oai":
            continue
        from n5gc.products.oai_ran import CARRIERS  # only for an OAI gNB

        for j, cell in enumerate(gnb.cells):
            fr = _frequency_range(cell.band)
            numerology_taken = CARRIERS.takes_numerology(fr, cell.scs_khz)
            ssb_scs = _planned_ssb_scs(cell) if numerology_taken else None
            if not numerology_taken:
                yield error(
                    "N5G406",
                    f'gNB "{gnb.name}": cell {j + 1} ({cell.band}, {cell.scs_khz} kHz) is not an '
                    f"{CARRIERS.described()}, which is what n5gc's OAI configs cover",
                    ctx.at("spec", "ran", i, "cells", j, "scsKHz"),
                    f"use an {CARRIERS.described('band')}",
                )
            elif ssb_scs is not None and not CARRIERS.takes_ssb(cell.scs_khz, ssb_scs):
                # e.g. n1 at 30 kHz: n1's sync raster has 15 kHz SSBs only (mixed numerology).
                yield error(
                    "N5G406",
                    f'gNB "{gnb.name}": cell {j + 1} ({cell.band}, {cell.scs_khz} kHz) would have a '
                    f"{ssb_scs} kHz SSB; n5gc's OAI configs need the SSB at the carrier's SCS",
                    ctx.at("spec", "ran", i, "cells", j, "scsKHz"),
                    f"use scsKHz: {ssb_scs} on {cell.band}, or a band with {cell.scs_khz} kHz SSBs, e.g. n78",
                )


def _frequency_range(band: object) -> str | None:
    """FR1/FR2 of a band name; None for an unknown band (N5G501 reports it)."""
    from n5gc.radio import RadioError, lookup_band

    try:
        return lookup_band(str(band)).fr
    except RadioError:
        return None


def _planned_ssb_scs(cell: Any) -> int | None:
    """SSB SCS of the cell's planned carrier; None if it cannot be planned (N5G501 reports that)."""
    from n5gc.model.cells import cell_carrier
    from n5gc.radio import RadioError

    try:
        carrier, _snapped = cell_carrier(cell)
    except RadioError:
        return None
    return carrier.ssb_scs_khz


RULES = [
    ueransim_plmn_digits,
    ueransim_group_size,
    simulated_on_ueransim,
    real_gnb_one_cell,
    srsran_limits,
    oai_carrier_kinds,
]
