"""locationAndBandwidth: the RIV of TS 38.214 5.1.2.2.2 with N_BWP^size = 275."""

from __future__ import annotations

import pytest

from n5gc.radio import bwp_riv


def test_bwp_riv_matches_38214_and_oais_comments() -> None:
    assert bwp_riv(106) == 28875  # OAI: full 106-PRB carrier
    assert bwp_riv(48, 27) == 12952  # OAI's comment: "RBstart=27,L=48 (275*(L-1))+RBstart"
    assert bwp_riv(273) == 1099  # 100 MHz at 30 kHz: the "else" branch, 275*3 + 274
    assert bwp_riv(275) == 549  # 275*1 + 274


@pytest.mark.parametrize(("length", "start"), [(0, 0), (276, 0), (2, 274), (1, 275), (1, -1)])
def test_a_bwp_outside_275_rbs_is_refused(length: int, start: int) -> None:
    with pytest.raises(ValueError, match=f"no BWP of {length} RBs"):
        bwp_riv(length, start)


def _decode_riv(riv: int, n: int = 275) -> tuple[int, int]:
    """(length, start) of a RIV: the inverse of TS 38.214 5.1.2.2.2 for N = 275."""
    length, start = riv // n + 1, riv % n
    if start + length > n:
        length, start = n - length + 2, n - 1 - start
    return length, start


def test_bwp_riv_is_a_bijection_onto_valid_bwps() -> None:
    seen = set()
    for start in range(275):
        for length in range(1, 276 - start):
            riv = bwp_riv(length, start)
            assert _decode_riv(riv) == (length, start)
            seen.add(riv)
    assert len(seen) == 275 * 276 // 2 and max(seen) < 37950
