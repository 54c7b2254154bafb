"""Slices: everything a gNB announces or a UE requests is served by the core, the RAN carries it, and
its default QoS flow is one every RAN accepts."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning


def simulated_slices_announced(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G302: a simulated UE only gets the slices its gNB announces (else registration is rejected)."""
    for i, group in enumerate(ctx.network.spec.subscribers):
        if group.simulate is None or group.simulate.gnb not in ctx.gnbs_by_name:
            continue
        gnb = ctx.gnbs_by_name[group.simulate.gnb]
        for j, sub in enumerate(group.slices):
            if sub.slice in ctx.slices_by_name and sub.slice not in gnb.slices:
                yield error(
                    "N5G302",
                    f'subscriber group "{group.name}": slice "{sub.slice}" is not announced '
                    f'by gNB "{gnb.name}"',
                    ctx.at("spec", "subscribers", i, "slices", j, "slice"),
                    f'add {sub.slice} to the slices of gNB "{gnb.name}"',
                )


def slices_reachable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G303: a slice that subscribers use but no gNB announces can never carry traffic."""
    announced = {name for gnb in ctx.network.spec.ran for name in gnb.slices}
    if not ctx.network.spec.ran:
        return
    for i, group in enumerate(ctx.network.spec.subscribers):
        for j, sub in enumerate(group.slices):
            if sub.slice in ctx.slices_by_name and sub.slice not in announced:
                yield warning(
                    "N5G303",
                    f'subscriber group "{group.name}": no gNB announces slice "{sub.slice}"',
                    ctx.at("spec", "subscribers", i, "slices", j, "slice"),
                    "add the slice to a gNB's slices",
                )


# TS 23.501 Table 5.7.4-1, the standardized 5QIs by resource type (75 was withdrawn but stays GBR; 86-90
# are the delay-critical ones added in Rel-16/17). A slice's fiveQi is its sessions' default QoS flow
# (Open5GS writes it into the default QoS rule), and TS 23.501 §5.7.1.1 wants that flow non-GBR.
NON_GBR_5QIS = (5, 6, 7, 8, 9, 69, 70, 79, 80)
GBR_5QIS = frozenset({1, 2, 3, 4, 65, 66, 67, 71, 72, 73, 74, 75, 76})
DELAY_CRITICAL_GBR_5QIS = frozenset({82, 83, 84, 85, 86, 87, 88, 89, 90})
_ANY_GBR_5QIS = GBR_5QIS | DELAY_CRITICAL_GBR_5QIS


def default_flow_non_gbr(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G210: a slice's fiveQi (its default QoS flow) must not be a GBR or delay-critical GBR 5QI.

    Open5GS's SMF adds GBR QoS information only for flows with MBR/GBR, so the gNB would receive a
    GBR 5QI without guaranteed rates: a real gNB may refuse the PDU session resource setup.
    """
    for i, slice_ in enumerate(ctx.network.spec.slices):
        five_qi = slice_.qos.five_qi if slice_.qos is not None else None
        if five_qi not in _ANY_GBR_5QIS:
            continue
        kind = "a delay-critical GBR" if five_qi in DELAY_CRITICAL_GBR_5QIS else "a GBR"
        yield error(
            "N5G210",
            f'slice "{slice_.name}": fiveQi {five_qi} is {kind} 5QI, but it sets the default QoS flow, '
            "which must be non-GBR (TS 23.501 §5.7.1.1)",
            ctx.at("spec", "slices", i, "qos", "fiveQi"),
            "use a non-GBR 5QI of TS 23.501 Table 5.7.4-1: "
            + ", ".join(map(str, NON_GBR_5QIS))
            + " (80: low-latency eMBB, 10 ms; 9: best effort)",
        )


RULES = [simulated_slices_announced, slices_reachable, default_flow_non_gbr]
