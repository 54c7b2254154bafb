"""The SS/PBCH block burst: L_max, how many SSB positions a half frame has (TS 38.213 4.1).

L_max picks the form of ssb-PositionsInBurst in ServingCellConfigCommon (TS 38.331): shortBitmap
(4 positions), mediumBitmap (8) or longBitmap (64).
"""

from __future__ import annotations

from n5gc.radio.carrier import CarrierPlan

# FR1 without shared-spectrum access: L_max = 4 up to 3 GHz, 8 above; for case C in unpaired
# spectrum the boundary is 1.88 GHz. FR2: 64.
_L_MAX_BOUNDARY_KHZ = 3_000_000
_L_MAX_BOUNDARY_CASE_C_UNPAIRED_KHZ = 1_880_000


def ssb_l_max(carrier: CarrierPlan) -> int:
    """L_max of the carrier's SSB: 4 or 8 in FR1 (by the SSB's frequency and case), 64 in FR2."""
    if carrier.fr == "FR2":
        return 64
    unpaired_case_c = carrier.ssb_case == "C" and carrier.duplex == "TDD"
    boundary = _L_MAX_BOUNDARY_CASE_C_UNPAIRED_KHZ if unpaired_case_c else _L_MAX_BOUNDARY_KHZ
    return 4 if carrier.ssb_khz <= boundary else 8
