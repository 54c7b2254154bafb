"""Subscribers: IMSI ranges are 15 digits, start with the PLMN, fit, and do not overlap."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error


def imsi_in_plmn(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G304: an IMSI starts with MCC+MNC of the network (else the UE is roaming, which is not modelled)."""
    plmn = ctx.network.spec.plmn
    prefix = plmn.mcc + plmn.mnc
    for i, group in enumerate(ctx.network.spec.subscribers):
        if not group.imsi.first.startswith(prefix):
            fixed = prefix + group.imsi.first[len(prefix) :]
            yield error(
                "N5G304",
                f'subscriber group "{group.name}": imsi "{group.imsi.first}" does not start '
                f'with the PLMN {plmn.mcc}-{plmn.mnc} ("{prefix}")',
                ctx.at("spec", "subscribers", i, "imsi", "first"),
                f'e.g. "{fixed}"',
            )


def imsi_fits(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G305: first + count - 1 stays within 15 digits and, when first is in the PLMN, inside the PLMN."""
    plmn = ctx.network.spec.plmn
    prefix = plmn.mcc + plmn.mnc
    for i, (group, (_, last)) in enumerate(zip(ctx.network.spec.subscribers, ctx.imsi_ranges, strict=True)):
        if last > 999_999_999_999_999:
            yield error(
                "N5G305",
                f'subscriber group "{group.name}": {group.imsi.count} IMSIs from '
                f'"{group.imsi.first}" run past 15 digits',
                ctx.at("spec", "subscribers", i, "imsi", "count"),
                "lower count or start lower",
            )
        elif group.imsi.first.startswith(prefix) and not f"{last:015d}".startswith(prefix):
            yield error(
                "N5G305",
                f'subscriber group "{group.name}": {group.imsi.count} IMSIs from '
                f'"{group.imsi.first}" run out of the PLMN {plmn.mcc}-{plmn.mnc} '
                f'(last "{last:015d}")',
                ctx.at("spec", "subscribers", i, "imsi", "count"),
                "lower count or start lower",
            )


def imsi_disjoint(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G306: two groups never share an IMSI (the subscriber database would hold one of them)."""
    ranges = sorted(
        (first, last, i, g.name)
        for i, (g, (first, last)) in enumerate(
            zip(ctx.network.spec.subscribers, ctx.imsi_ranges, strict=True)
        )
    )
    widest: tuple[int, str] | None = None  # (last IMSI, group) of the range reaching furthest so far
    for start, end, index, name in ranges:
        if widest is not None and start <= widest[0]:
            yield error(
                "N5G306",
                f'subscriber group "{name}": its IMSIs overlap group "{widest[1]}" (up to {widest[0]:015d})',
                ctx.at("spec", "subscribers", index, "imsi", "first"),
                f'start after {widest[0]:015d}, e.g. "{widest[0] + 1:015d}"',
            )
        if widest is None or end > widest[0]:
            widest = (end, name)


RULES = [imsi_in_plmn, imsi_fits, imsi_disjoint]
