"""Names: every referenced site, slice, gNB, DNN and credentials entry exists; names are unique."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.model.errors import did_you_mean


def _unknown(code: str, what: str, name: str, known: list[str], where, owner: str) -> Diagnostic:
    hint = did_you_mean(name, known) or (
        f"known {what}s: {', '.join(known)}" if known else f"declare a {what} first"
    )
    return error(code, f'{owner}{what} "{name}" is not declared', where, hint)


def unique_names(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G206: names of sites, slices, gNBs, subscriber groups, and DNNs within a slice are unique."""
    spec = ctx.network.spec
    groups = [
        ("sites", "site", spec.sites),
        ("slices", "slice", spec.slices),
        ("ran", "gNB", spec.ran),
        ("subscribers", "subscriber group", spec.subscribers),
    ]
    for key, kind, items in groups:
        yield from _declared_twice(ctx, ("spec", key), kind, items)
    for i, s in enumerate(spec.slices):
        if len(s.dnns) > 1:  # one DNN has no name to repeat (1,000 slices: no list read, no text made)
            yield from _declared_twice(ctx, ("spec", "slices", i, "dnns"), f'slice "{s.name}": dnn', s.dnns)


def _declared_twice(
    ctx: CheckContext, path: tuple[str | int, ...], kind: str, items: Sequence[Any]
) -> Iterator[Diagnostic]:
    """N5G206 for each item of `items` (at `path`) whose name an earlier item has."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.name in first:
            yield error(
                "N5G206",
                f'{kind} "{item.name}" is declared twice',
                ctx.at(*path, index, "name"),
                f"first declared at {ctx.at(*path, first[item.name], 'name')}; rename one",
            )
        else:
            first[item.name] = index


def sites_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G201: core, user planes, gNBs, CU/DU halves and the Liqo home name declared sites."""
    spec = ctx.network.spec
    refs: list[tuple[tuple, str | None, str]] = [(("spec", "core", "site"), spec.core.site, "core: ")]
    for i, s in enumerate(spec.slices):
        refs.append((("spec", "slices", i, "userPlane", "site"), s.user_plane.site, f'slice "{s.name}": '))
    for i, g in enumerate(spec.ran):
        refs.append((("spec", "ran", i, "site"), g.site, f'gNB "{g.name}": '))
        for part in ("cu", "du"):
            half = getattr(g, part)
            if half is not None:
                refs.append((("spec", "ran", i, part, "site"), half.site, f'gNB "{g.name}" {part}: '))
    liqo = spec.multicluster.liqo
    if liqo is not None:
        refs.append((("spec", "multicluster", "liqo", "home"), liqo.home, "liqo: "))
    for path, name, owner in refs:
        if name is not None and name not in ctx.site_names:
            yield _unknown("N5G201", "site", name, ctx.site_names, ctx.at(*path), owner)


def slices_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G202: every slice a gNB announces or a subscriber group uses is declared."""
    known = list(ctx.slices_by_name)
    for i, gnb in enumerate(ctx.network.spec.ran):
        for j, name in enumerate(gnb.slices):
            if name not in ctx.slices_by_name:
                yield _unknown(
                    "N5G202",
                    "slice",
                    name,
                    known,
                    ctx.at("spec", "ran", i, "slices", j),
                    f'gNB "{gnb.name}": ',
                )
    for i, group in enumerate(ctx.network.spec.subscribers):
        for j, sub in enumerate(group.slices):
            if sub.slice not in ctx.slices_by_name:
                yield _unknown(
                    "N5G202",
                    "slice",
                    sub.slice,
                    known,
                    ctx.at("spec", "subscribers", i, "slices", j, "slice"),
                    f'subscriber group "{group.name}": ',
                )


def gnbs_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G203: a simulated subscriber group attaches to a declared gNB."""
    known = list(ctx.gnbs_by_name)
    for i, group in enumerate(ctx.network.spec.subscribers):
        if group.simulate is not None and group.simulate.gnb not in ctx.gnbs_by_name:
            yield _unknown(
                "N5G203",
                "gNB",
                group.simulate.gnb,
                known,
                ctx.at("spec", "subscribers", i, "simulate", "gnb"),
                f'subscriber group "{group.name}": ',
            )


def dnns_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G205: every subscribed DNN exists in that slice."""
    for i, group in enumerate(ctx.network.spec.subscribers):
        for j, sub in enumerate(group.slices):
            slice_ = ctx.slices_by_name.get(sub.slice)
            if slice_ is None:
                continue
            known = ctx.dnn_names[sub.slice]
            for k, dnn in enumerate(sub.dnns):
                if dnn not in known:
                    hint = did_you_mean(dnn, known) or f'slice "{slice_.name}" serves: {", ".join(known)}'
                    yield error(
                        "N5G205",
                        f'subscriber group "{group.name}": dnn "{dnn}" is not served by '
                        f'slice "{slice_.name}"',
                        ctx.at("spec", "subscribers", i, "slices", j, "dnns", k),
                        hint,
                    )


def credentials_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G204: every credentials name is in the secrets input (when one was given)."""
    if ctx.secrets is None:
        return
    known = sorted(ctx.secrets.credentials)
    for i, group in enumerate(ctx.network.spec.subscribers):
        if group.credentials not in ctx.secrets.credentials:
            yield _unknown(
                "N5G204",
                "credentials",
                group.credentials,
                known,
                ctx.at("spec", "subscribers", i, "credentials"),
                f'subscriber group "{group.name}": ',
            )


RULES = [unique_names, sites_exist, slices_exist, gnbs_exist, dnns_exist, credentials_exist]
