"""plan_serving_cell: the common configuration of a cell, for every carrier 3GPP allows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from radio_carriers import edge_carriers

from n5gc.products.oai_ran import CARRIERS
from n5gc.radio import ServingCellCommon, plan_carrier, plan_serving_cell


def test_oai_example_cell() -> None:
    common = plan_serving_cell(plan_carrier("n78", 40, 30, arfcn=641280))
    assert (common.numerology, common.ssb_numerology, common.initial_bwp_riv) == (1, 1, 28875)
    assert (common.coreset0_index, common.search_space0_index, common.ssb_l_max) == (12, 0, 8)
    assert common.tdd is not None and common.tdd.periodicity == 6


def test_every_carrier_has_one_and_tdd_only_in_unpaired_bands() -> None:
    carriers = edge_carriers()
    assert len(carriers) > 2000
    for carrier in carriers:
        common = plan_serving_cell(carrier)
        assert isinstance(common, ServingCellCommon)
        assert (common.tdd is not None) == (carrier.duplex == "TDD"), carrier
        assert common.initial_bwp_riv == 275 * (carrier.n_rb - 1) or carrier.n_rb - 1 > 275 // 2


def test_every_carrier_oai_takes_has_a_coreset0() -> None:
    """What the oai target relies on (it raises CompilerBug otherwise): N5G406 lets through only
    carriers with a CORESET#0."""
    taken = [c for c in edge_carriers() if CARRIERS.takes(c.fr, c.scs_khz, c.ssb_scs_khz)]
    assert len(taken) > 900
    assert [c for c in taken if plan_serving_cell(c).coreset0_index is None] == []
