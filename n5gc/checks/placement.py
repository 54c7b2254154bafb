"""Placement: every NF lands on a site, and generated names fit Kubernetes and Helm limits."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.names import GeneratedName, NameLimits, NameRow, generated_name_rows
from n5gc.products import ueransim


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
            if gnb.type == "ueransim" and gnb.split not in ueransim.SPLITS:
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
    """N5G311/N5G317/N5G318: every generated name fits its limit, has its syntax, and is unique.

    One diagnostic per intent field, code and kind of name: a long network name makes every name
    too long.
    """
    reported: set[tuple[str, str, tuple[str | int, ...]]] = set()
    owners: dict[tuple[str, str], NameRow] = {}
    first_of = owners.setdefault
    rules = {kind: (rule.limit, rule.syntax.match) for kind, rule in NameLimits.RULES.items()}
    for row in generated_name_rows(ctx.network):
        kind, name, _, _, scope = row
        limit, syntax = rules[kind]
        if len(name) <= limit and syntax(name) and (not scope or first_of((scope, name), row) is row):
            continue  # most names: it fits, has its syntax and is the first of its scope
        generated = GeneratedName(*row)
        for code, message, hint in _name_problems(generated, owners):
            if (code, generated.kind, generated.path) not in reported:
                reported.add((code, generated.kind, generated.path))
                yield error(code, f"{generated.owner}{message}", ctx.at(*generated.path), hint)


def _name_problems(
    generated: GeneratedName, owners: dict[tuple[str, str], NameRow]
) -> Iterator[tuple[str, str, str]]:
    rule = NameLimits.rule(generated.kind)
    what = KIND_WORDS[generated.kind]
    if len(generated.name) > rule.limit:
        yield (
            "N5G311",
            f'generated {what} "{generated.name}" has {len(generated.name)} characters, '
            f"more than {rule.limit}",
            "shorten the network name (metadata.name) or this name",
        )
    elif not rule.syntax.match(generated.name):
        yield (
            "N5G317",
            f'generated {what} "{generated.name}" is not valid: Kubernetes wants {rule.syntax_text}',
            "start the network name (metadata.name) with a lowercase letter"
            if generated.kind == "service"
            else "rename it with lowercase letters, digits and '-'",
        )
    if generated.scope:
        row = (generated.kind, generated.name, generated.owner, generated.path, generated.scope)
        first = GeneratedName(*owners.setdefault((generated.scope, generated.name), row))
        if first.path != generated.path:
            yield (
                "N5G318",
                f'generated {what} "{generated.name}" is also made for {first.owner or "the network "}'
                f"at {'.'.join(map(str, first.path))}: two objects would be one ({generated.scope})",
                "rename one of them",
            )


# How a kind of generated name is called in messages.
KIND_WORDS = {
    "namespace": "namespace",
    "release": "Helm release name",
    "service": "Service name",
    "object": "object name",
    "label": "label value",
}


RULES = [core_site_given, split_parts, names_fit]
