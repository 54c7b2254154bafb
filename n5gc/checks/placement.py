"""Placement: every NF lands on a site, and generated names fit Kubernetes and Helm limits."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.names import NameLimits, generated_names


def core_site_given(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G207: with several sites, the core's site must be named (there is no sensible default)."""
    if ctx.core_site is None:
        yield error(
            "N5G207",
            f"core: site is required when the network has {len(ctx.site_names)} sites",
            ctx.at("spec", "core", key=True),
            f"add `site:` under core, one of: {', '.join(ctx.site_names)}",
        )


def split_parts(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G313: `split: f1` needs cu and du placements; `split: none` takes neither."""
    for i, gnb in enumerate(ctx.network.spec.ran):
        if gnb.split == "f1":
            for part in ("cu", "du"):
                if getattr(gnb, part) is None:
                    yield error(
                        "N5G313",
                        f'gNB "{gnb.name}": split f1 needs `{part}: {{site: ...}}`',
                        ctx.at("spec", "ran", i, "split"),
                        "say on which site the CU and the DU run",
                    )
            if gnb.type == "ueransim":
                yield error(
                    "N5G313",
                    f'gNB "{gnb.name}": UERANSIM has no CU/DU split',
                    ctx.at("spec", "ran", i, "split"),
                    "use type oai for an F1 split, or split: none",
                )
        else:
            for part in ("cu", "du"):
                if getattr(gnb, part) is not None:
                    yield error(
                        "N5G313",
                        f'gNB "{gnb.name}": `{part}` is only used with split: f1',
                        ctx.at("spec", "ran", i, part, key=True),
                        "set `split: f1` or remove it",
                    )


def names_fit(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G311: generated namespace, release and Service names stay within Kubernetes/Helm limits."""
    for generated in generated_names(ctx.network):
        limit = NameLimits.for_kind(generated.kind)
        if len(generated.name) > limit:
            yield error(
                "N5G311",
                f'{generated.owner}generated {generated.kind} name "{generated.name}" has '
                f"{len(generated.name)} characters, more than {limit}",
                ctx.at(*generated.path),
                "shorten the network name (metadata.name) or this name",
            )


RULES = [core_site_given, split_parts, names_fit]
