"""Slices: everything a gNB announces or a UE requests is served by the core, and the RAN carries it."""

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


RULES = [simulated_slices_announced, slices_reachable]
