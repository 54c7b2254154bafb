"""N5G307's sweep finds, for every pool, the same first earlier overlapping pool as comparing every pair."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from n5gc.checks.pools import _first_earlier_overlap

Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def _every_pair(nets: list[Net]) -> dict[int, int]:
    """The obvious quadratic oracle: each pool against every pool declared before it."""
    found: dict[int, int] = {}
    for k, net in enumerate(nets):
        for m in range(k):
            if nets[m].version == net.version and net.overlaps(nets[m]):
                found[k] = m
                break
    return found


@st.composite
def pools(draw: st.DrawFn) -> Net:
    """Pools crowded into a few blocks (so nesting, equality and adjacency are common), v4 and v6."""
    if draw(st.booleans()):
        prefix = draw(st.integers(8, 30))
        base = draw(st.sampled_from([10 << 24, (10 << 24) + (1 << 16), (10 << 24) + (1 << 8), 172 << 24]))
        address = base + draw(st.integers(0, 3)) * (1 << (32 - prefix))
        return ipaddress.IPv4Network((address & ~((1 << (32 - prefix)) - 1), prefix))
    prefix = draw(st.integers(40, 64))
    address = (0xFD00 << 112) + draw(st.integers(0, 3)) * (1 << (128 - prefix))
    return ipaddress.IPv6Network((address & ~((1 << (128 - prefix)) - 1), prefix))


@settings(max_examples=300, deadline=None)
@given(st.lists(pools(), max_size=12))
def test_the_sweep_agrees_with_comparing_every_pair(nets: list[Net]) -> None:
    spans = tuple((n.version, int(n.network_address), int(n.broadcast_address)) for n in nets)
    assert _first_earlier_overlap(spans) == _every_pair(nets)
