"""CORESET#0 (TS 38.213 13): the table of a carrier, and a row that lies inside it on the planned SSB."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from radio_carriers import edge_carriers

from n5gc.radio import CarrierPlan, coreset0_index, plan_carrier
from n5gc.radio.coreset import TABLE_13_1, TABLE_13_4, TABLE_13_6, coreset0_table, minimum_bandwidth

OAI_EXAMPLE = plan_carrier("n78", 40, 30, arfcn=641280)  # OAI's 106-PRB n78 gNB


def _covered(carrier: CarrierPlan) -> bool:
    """FR1 carriers whose SSB, PDCCH and data share one SCS: what tables 13-1/13-4/13-6 are for."""
    return carrier.fr == "FR1" and carrier.ssb_scs_khz == carrier.scs_common_khz == carrier.scs_khz


def test_oai_example_is_index_12_48_rbs_from_rb_27() -> None:
    """OAI's gnb.sa.band78.fr1.106PRB conf: controlResourceSetZero 12, SSB at common RB 43."""
    index = coreset0_index(OAI_EXAMPLE)
    assert index == 12 and TABLE_13_4[12] == (48, 1, 16)
    assert OAI_EXAMPLE.offset_to_point_a * 15 // 30 - TABLE_13_4[12].offset == 27


def test_tables_have_the_rows_of_38213() -> None:
    """Row counts of tables 13-1, 13-4 and 13-6 (15, 16 and 10 rows; 13-1's last three 96 RBs)."""
    assert (len(TABLE_13_1), len(TABLE_13_4), len(TABLE_13_6)) == (15, 16, 10)
    assert {row.rbs for row in TABLE_13_1[-3:]} == {96} and {row.rbs for row in TABLE_13_4} == {24, 48}


def test_coreset0_lies_inside_every_covered_carrier_from_the_ssb_frequency() -> None:
    """Independently of offsetToPointA: the common RB holding the SSB's first subcarrier, from the
    SSB and point A frequencies; CORESET#0 starts `offset` RBs below it and ends inside N_RB."""
    covered = [c for c in edge_carriers() if _covered(c)]
    assert len(covered) > 900
    for carrier in covered:
        table, index = coreset0_table(carrier), coreset0_index(carrier)
        assert table is not None and index is not None, carrier
        rb_khz = 12 * carrier.scs_khz
        first_subcarrier_khz = carrier.ssb_khz - 120 * carrier.ssb_scs_khz
        ssb_crb = (first_subcarrier_khz - carrier.point_a_khz) // rb_khz
        start = ssb_crb - table[index].offset
        assert start >= 0 and start + table[index].rbs <= carrier.n_rb, carrier


def test_48_rbs_are_chosen_whenever_they_fit() -> None:
    for carrier in (c for c in edge_carriers() if _covered(c)):
        table, index = coreset0_table(carrier), coreset0_index(carrier)
        assert table is not None and index is not None
        first = carrier.offset_to_point_a * 15 // carrier.scs_common_khz
        fits_48 = any(r.rbs == 48 and 0 <= first - r.offset <= carrier.n_rb - 48 for r in table)
        assert (table[index].rbs == 48) == fits_48, carrier


def test_no_table_no_index() -> None:
    """FR2 and mixed SSB/PDCCH SCS carriers: n5gc holds no table, so there is nothing to choose."""
    others = [c for c in edge_carriers() if not _covered(c)]
    assert {c.fr for c in others} == {"FR1", "FR2"}
    for carrier in others:
        assert coreset0_table(carrier) is None and coreset0_index(carrier) is None


def test_minimum_bandwidth_picks_the_table() -> None:
    assert minimum_bandwidth(78) == 10 and minimum_bandwidth(1) == 5 and minimum_bandwidth(96) == 20
    assert coreset0_table(OAI_EXAMPLE) is TABLE_13_4
    assert coreset0_table(plan_carrier("n3", 20, 15, arfcn=368500)) is TABLE_13_1
