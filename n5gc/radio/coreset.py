"""CORESET#0: controlResourceSetZero, the MIB's choice of a row of TS 38.213 tables 13-1..13-10.

A row gives the CORESET's size in RBs, its duration in symbols and its offset: how many RBs it
starts below the common RB that overlaps the SSB's first RB. n5gc holds the FR1 tables of
multiplexing pattern 1 with the SSB at the PDCCH's SCS (13-1, 13-4, 13-6), for carriers whose SCS
is the PDCCH's: the carriers its OAI configs cover. For any other carrier `coreset0_index` is None
(no table, nothing to choose). With n5gc's band tables no FR1 band has a 40 MHz minimum channel
bandwidth, so table 13-6 is held for completeness and not chosen today.
"""

from __future__ import annotations

from typing import NamedTuple

from n5gc.radio.carrier import CarrierPlan
from n5gc.radio.tables import allowed_bandwidths, allowed_scs


class Coreset0(NamedTuple):
    """One row of a CORESET#0 table (multiplexing pattern 1)."""

    rbs: int  # N_RB^CORESET
    symbols: int  # N_symb^CORESET
    offset: int  # in RBs of the PDCCH SCS, below the common RB of the SSB's first RB


def _rows(*rows: tuple[int, int, int]) -> tuple[Coreset0, ...]:
    return tuple(Coreset0(*row) for row in rows)


# Table 13-1: SSB 15 kHz, PDCCH 15 kHz, bands with a 5 or 10 MHz minimum channel bandwidth
TABLE_13_1 = _rows(
    (24, 2, 0), (24, 2, 2), (24, 2, 4), (24, 3, 0), (24, 3, 2), (24, 3, 4),
    (48, 1, 12), (48, 1, 16), (48, 2, 12), (48, 2, 16), (48, 3, 12), (48, 3, 16),
    (96, 1, 38), (96, 2, 38), (96, 3, 38),
)  # fmt: skip

# Table 13-4: SSB 30 kHz, PDCCH 30 kHz, bands with a 5 or 10 MHz minimum channel bandwidth
TABLE_13_4 = _rows(
    (24, 2, 0), (24, 2, 1), (24, 2, 2), (24, 2, 3), (24, 2, 4), (24, 3, 0),
    (24, 3, 1), (24, 3, 2), (24, 3, 3), (24, 3, 4), (48, 1, 12), (48, 1, 14),
    (48, 1, 16), (48, 2, 12), (48, 2, 14), (48, 2, 16),
)  # fmt: skip

# Table 13-6: SSB 30 kHz, PDCCH 30 kHz, bands with a 40 MHz minimum channel bandwidth
TABLE_13_6 = _rows(
    (24, 2, 0), (24, 2, 4), (24, 3, 0), (24, 3, 4), (48, 1, 0), (48, 1, 28),
    (48, 2, 0), (48, 2, 28), (48, 3, 0), (48, 3, 28),
)  # fmt: skip

# Of the rows that fit: 48 RBs first (then 24, then 96), fewest symbols, largest offset.
_SIZE_PREFERENCE = {48: 0, 24: 1, 96: 2}


def minimum_bandwidth(band: int) -> int:
    """The smallest channel bandwidth (MHz) `band` allows at any SCS: what picks a CORESET#0 table."""
    return min(bw for scs in allowed_scs(band) for bw in allowed_bandwidths(band, scs))


def coreset0_table(carrier: CarrierPlan) -> tuple[Coreset0, ...] | None:
    """The CORESET#0 table of the carrier's SSB/PDCCH SCS and band; None where n5gc holds none.

    The PDCCH of CORESET#0 is at subCarrierSpacingCommon; a carrier of another SCS (60 kHz in FR1)
    would need a second numerology, which n5gc does not plan: no table either.
    """
    if carrier.fr != "FR1" or carrier.scs_common_khz != carrier.scs_khz:
        return None
    pair = (carrier.ssb_scs_khz, carrier.scs_common_khz)
    wide = minimum_bandwidth(carrier.band) >= 40
    if pair == (15, 15) and not wide:
        return TABLE_13_1
    if pair == (30, 30):
        return TABLE_13_6 if wide else TABLE_13_4
    return None


def ssb_common_rb(carrier: CarrierPlan) -> int:
    """The common RB (of the PDCCH SCS) that overlaps the SSB's first RB: offsetToPointA, which FR1
    counts in 15 kHz RBs, in RBs of subCarrierSpacingCommon."""
    return carrier.offset_to_point_a * 15 // carrier.scs_common_khz


def coreset0_index(carrier: CarrierPlan) -> int | None:
    """controlResourceSetZero: a CORESET#0 that lies inside the carrier, anchored on the planned SSB.

    CORESET#0 starts `offset` RBs below `ssb_common_rb`; of the rows that fit, prefer 48 RBs (then
    24, then 96), fewest symbols, largest offset: for the 106-PRB 30 kHz carrier of OAI's example
    that is index 12 (48 RBs from RB 27), OAI's value. None if n5gc holds no table for the carrier
    (`coreset0_table`) or no row fits.
    """
    table = coreset0_table(carrier)
    if table is None:
        return None
    first = ssb_common_rb(carrier)
    fitting = [
        index
        for index, row in enumerate(table)
        if first - row.offset >= 0 and first - row.offset + row.rbs <= carrier.n_rb
    ]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda i: (_SIZE_PREFERENCE[table[i].rbs], table[i].symbols, -table[i].offset, i),
    )
