"""n5gc's TDD pattern (DDDDDDDSUU) and its TS 38.331 periodicity at every SCS."""

from __future__ import annotations

import pytest

from n5gc.radio import numerology, tdd_pattern
from n5gc.radio.tdd import PERIODICITIES_US

SYMBOLS_PER_SLOT = 14


def test_oai_example_pattern_at_30_khz() -> None:
    """OAI's gnb.sa.band78 conf: referenceSubcarrierSpacing 1, dl_UL_TransmissionPeriodicity 6 (ms5),
    7 DL slots, 6 DL symbols, 2 UL slots, 4 UL symbols."""
    pattern = tdd_pattern(30)
    assert (pattern.reference_numerology, pattern.periodicity, pattern.period_us) == (1, 6, 5000)
    assert (pattern.dl_slots, pattern.dl_symbols, pattern.ul_slots, pattern.ul_symbols) == (7, 6, 2, 4)
    assert tdd_pattern(15).periodicity == 7  # ms10: ten 1 ms slots


@pytest.mark.parametrize("scs", [15, 30, 60, 120, 240])
def test_ten_slots_fill_one_periodicity(scs: int) -> None:
    pattern = tdd_pattern(scs)
    assert pattern.period_us == PERIODICITIES_US[pattern.periodicity]
    assert pattern.period_us * 2 ** numerology(scs) == 10 * 1000  # ten slots of 1 ms / 2^µ
    assert pattern.dl_slots + 1 + pattern.ul_slots == 10  # one special slot
    assert pattern.dl_symbols + pattern.ul_symbols < SYMBOLS_PER_SLOT  # room for a guard period


def test_numerology_of_each_scs() -> None:
    assert [numerology(s) for s in (15, 30, 60, 120, 240)] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="45 kHz"):
        numerology(45)
