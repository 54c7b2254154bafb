"""What a cell announces besides its carrier: the common configuration of TS 38.331
ServingCellConfigCommon (and the MIB's CORESET#0), derived from a planned carrier.

The planner computes it once per cell (`ir.Cell.common`); a target only writes it in its format.
Every value follows from the `CarrierPlan` and n5gc's fixed choices (initial BWP = the whole
carrier, search space #0 index 0, the DDDDDDDSUU TDD pattern), so the same carrier always gives
the same numbers.
"""

from __future__ import annotations

from n5gc.radio.bwp import bwp_riv
from n5gc.radio.carrier import CarrierPlan
from n5gc.radio.coreset import coreset0_index
from n5gc.radio.ssb import ssb_l_max
from n5gc.radio.tables import numerology
from n5gc.radio.tdd import TddPattern, tdd_pattern
from n5gc.records import record

SEARCH_SPACE_ZERO = 0  # searchSpaceZero: row 0 of TS 38.213 table 13-11 (pattern 1, one SSB per slot)


@record
class ServingCellCommon:
    """The common cell configuration the carrier implies; SCS fields are numerologies µ."""

    numerology: int  # of the carrier (subCarrierSpacingCommon, BWPs, msg1)
    ssb_numerology: int  # of the SSB
    initial_bwp_riv: int  # locationAndBandwidth of the initial DL and UL BWP: the whole carrier
    coreset0_index: int | None  # controlResourceSetZero; None where n5gc holds no table (coreset.py)
    search_space0_index: int  # searchSpaceZero
    ssb_l_max: int  # 4, 8 or 64: short, medium or long ssb-PositionsInBurst bitmap
    tdd: TddPattern | None  # pattern1 of TDD-UL-DL-ConfigCommon; None for a paired (FDD) carrier


def plan_serving_cell(carrier: CarrierPlan) -> ServingCellCommon:
    """The common configuration of a cell on `carrier`; never raises for a planned carrier."""
    return ServingCellCommon(
        numerology=numerology(carrier.scs_khz),
        ssb_numerology=numerology(carrier.ssb_scs_khz),
        initial_bwp_riv=bwp_riv(carrier.n_rb),
        coreset0_index=coreset0_index(carrier),
        search_space0_index=SEARCH_SPACE_ZERO,
        ssb_l_max=ssb_l_max(carrier),
        tdd=tdd_pattern(carrier.scs_khz) if carrier.duplex == "TDD" else None,
    )
