"""Stage 3, checks: semantic rules over a validated intent (INTENT.md, "What must be proven").

One module per family; each rule is a generator `check(ctx)` yielding Diagnostics with a stable
code (documented in `n5gc.codes`, shown by `n5gc explain CODE`). All rules always run, so a
single validate reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic

Rule = Callable[[CheckContext], Iterator[Diagnostic]]


def all_rules() -> list[Rule]:
    """Every rule, in a stable order (families are imported here so each file stays independent)."""
    from n5gc.checks import (
        core_flavor,
        gitops,
        identity,
        labels,
        multicluster,
        placement,
        pools,
        radio,
        references,
        slices,
        smoketest,
        subscribers,
        targets,
    )

    families = (
        references,
        gitops,
        identity,
        labels,
        placement,
        slices,
        subscribers,
        pools,
        radio,
        targets,
        core_flavor,
        multicluster,
        smoketest,
    )
    return [rule for family in families for rule in family.RULES]


def run_checks(ctx: CheckContext) -> list[Diagnostic]:
    """Run every rule; a rule that crashes is a compiler bug, reported by the caller (exit 3)."""
    diagnostics: list[Diagnostic] = []
    for rule in all_rules():
        diagnostics.extend(rule(ctx))
    return diagnostics
