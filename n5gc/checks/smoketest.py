"""Smoke test (spec.smokeTest): the group whose IMSIs the post-deploy Jobs use can run them.

One Job per slice x DNN attaches one UE of the group through a UERANSIM gNB, so the group must
exist, be simulated on a UERANSIM gNB, be subscribed to every slice x DNN, and hold one IMSI per pair.
"""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.model.network import SubscriberGroup


def smoke_group(ctx: CheckContext) -> tuple[int, SubscriberGroup] | None:
    """(index, group) of the group spec.smokeTest names, or None (no smoke test, or unknown group)."""
    smoke = ctx.network.spec.smoke_test
    if smoke is None:
        return None
    for index, group in enumerate(ctx.network.spec.subscribers):
        if group.name == smoke.subscribers:
            return index, group
    return None


def network_pairs(ctx: CheckContext) -> list[tuple[str, str]]:
    """Every (slice, DNN) of the network, in intent order: one smoke test Job each."""
    return [(s.name, d.name) for s in ctx.network.spec.slices for d in s.dnns]


def group_known(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G230: spec.smokeTest.subscribers names a declared subscriber group."""
    smoke = ctx.network.spec.smoke_test
    if smoke is None or smoke_group(ctx) is not None:
        return
    declared = ", ".join(f'"{g.name}"' for g in ctx.network.spec.subscribers) or "none"
    yield error(
        "N5G230",
        f'smokeTest: subscriber group "{smoke.subscribers}" is not declared in spec.subscribers',
        ctx.at("spec", "smokeTest", "subscribers"),
        f"name one of the groups ({declared})",
    )


def group_simulated(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G231: the group is simulated (simulate.gnb) on a gNB of type ueransim."""
    found = smoke_group(ctx)
    if found is None:
        return
    index, group = found
    if group.simulate is None:
        yield error(
            "N5G231",
            f'smokeTest: subscriber group "{group.name}" is not simulated (no simulate.gnb)',
            ctx.at("spec", "subscribers", index, "name"),
            "add simulate: {gnb: <a UERANSIM gNB>} to the group",
        )
        return
    gnb = ctx.gnbs_by_name.get(group.simulate.gnb)
    if gnb is not None and gnb.type != "ueransim":  # unknown gNBs are N5G203's
        yield error(
            "N5G231",
            f'smokeTest: subscriber group "{group.name}" is simulated on gNB "{gnb.name}" of type '
            f"{gnb.type}, but the smoke test Jobs run UERANSIM nr-ue",
            ctx.at("spec", "subscribers", index, "simulate", "gnb"),
            "simulate the group on a gNB of type ueransim",
        )


def group_subscribed(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G232: the group is subscribed to every slice x DNN of the network (names the missing ones)."""
    found = smoke_group(ctx)
    if found is None:
        return
    index, group = found
    subscribed = {(sub.slice, dnn) for sub in group.slices for dnn in sub.dnns}
    missing = [pair for pair in network_pairs(ctx) if pair not in subscribed]
    if missing:
        listed = ", ".join(f"{slice_name}/{dnn}" for slice_name, dnn in missing)
        yield error(
            "N5G232",
            f'smokeTest: subscriber group "{group.name}" is not subscribed to {listed}',
            ctx.at("spec", "subscribers", index, "slices"),
            f"subscribe it to every slice and DNN, e.g. {{slice: {missing[0][0]}, dnns: [{missing[0][1]}]}}",
        )


def group_large_enough(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G233: the group holds one IMSI per slice x DNN (each Job attaches its own UE)."""
    found = smoke_group(ctx)
    if found is None:
        return
    index, group = found
    needed = len(network_pairs(ctx))
    if group.imsi.count < needed:
        yield error(
            "N5G233",
            f'smokeTest: subscriber group "{group.name}" has {group.imsi.count} IMSIs, but the smoke '
            f"test needs one per slice x DNN ({needed})",
            ctx.at("spec", "subscribers", index, "imsi", "count"),
            f"set count to at least {needed}",
        )


RULES = [group_known, group_simulated, group_subscribed, group_large_enough]
