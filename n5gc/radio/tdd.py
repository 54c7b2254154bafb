"""The TDD pattern of a planned TDD cell: TDD-UL-DL-ConfigCommon pattern1 (TS 38.331, TS 38.213 11.1).

n5gc plans one pattern, OAI's example one: ten slots DDDDDDDSUU, i.e. 7 downlink slots, a special
slot of 6 downlink symbols, 4 guard symbols and 4 uplink symbols, then 2 uplink slots. Ten slots
last 10 ms / 2^µ, which is a periodicity TS 38.331 has for every SCS: 10 ms at 15 kHz, 5 ms at 30
kHz (OAI's example), 2.5 ms at 60 kHz, 1.25 ms at 120 kHz.
"""

from __future__ import annotations

from n5gc.radio.tables import numerology
from n5gc.records import record

# dl-UL-TransmissionPeriodicity ENUMERATED {ms0p5, ms0p625, ms1, ms1p25, ms2, ms2p5, ms5, ms10}, in µs.
PERIODICITIES_US = (500, 625, 1000, 1250, 2000, 2500, 5000, 10000)
SLOT_US_AT_15_KHZ = 1000
PATTERN_SLOTS = 10


@record
class TddPattern:
    """pattern1 of TDD-UL-DL-ConfigCommon: slots and symbols per period, at a reference SCS."""

    reference_numerology: int  # µ of referenceSubcarrierSpacing: the carrier's SCS
    period_us: int
    dl_slots: int
    dl_symbols: int  # downlink symbols at the start of the special slot
    ul_slots: int
    ul_symbols: int  # uplink symbols at the end of the special slot

    @property
    def periodicity(self) -> int:
        """The dl-UL-TransmissionPeriodicity enumeration index (ms0p5 = 0 ... ms5 = 6, ms10 = 7)."""
        return PERIODICITIES_US.index(self.period_us)


def tdd_pattern(scs_khz: int) -> TddPattern:
    """n5gc's DDDDDDDSUU pattern at `scs_khz`: ten slots, a 10 ms / 2^µ period."""
    period_us = (PATTERN_SLOTS * SLOT_US_AT_15_KHZ) >> numerology(scs_khz)
    if period_us not in PERIODICITIES_US:
        raise ValueError(f"no TDD periodicity of {period_us} µs for ten slots at {scs_khz} kHz")
    return TddPattern(numerology(scs_khz), period_us, dl_slots=7, dl_symbols=6, ul_slots=2, ul_symbols=4)
