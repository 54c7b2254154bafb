"""Bandwidth parts: locationAndBandwidth, the resource indication value (RIV) of a BWP.

TS 38.331 BWP: locationAndBandwidth is a RIV per TS 38.214 5.1.2.2.2 with N_BWP^size = 275,
whatever the carrier's size, so the value names (start, length) for any carrier up to 275 RBs.
"""

from __future__ import annotations

N_BWP_SIZE = 275  # N_BWP^size of the RIV formula for locationAndBandwidth (TS 38.331 BWP)


def bwp_riv(length: int, rb_start: int = 0, n_size: int = N_BWP_SIZE) -> int:
    """locationAndBandwidth of a BWP of `length` RBs from `rb_start` (TS 38.214 5.1.2.2.2).

    if (L - 1) <= floor(N / 2): RIV = N (L - 1) + RB_start, else RIV = N (N - L + 1) + (N - 1 - RB_start).
    The full 106-PRB carrier gives 28875 (OAI's value); 273 PRB gives 1099. ValueError for a BWP
    that does not fit in `n_size` RBs.
    """
    if not (1 <= length <= n_size - rb_start and 0 <= rb_start < n_size):
        raise ValueError(f"no BWP of {length} RBs from RB {rb_start} in {n_size}")
    if length - 1 <= n_size // 2:
        return n_size * (length - 1) + rb_start
    return n_size * (n_size - length + 1) + (n_size - 1 - rb_start)
