"""`n5gc plan`: print the resolved deployment plan (the compiler's IR)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import click

from n5gc.commands.options import color_option, overlay_option
from n5gc.exits import EXIT_INPUT, exit_with
from n5gc.frontend import analyse
from n5gc.report import render

PLAN_FORMATS = ("text", "json")


def _chosen_format(fmt: str | None, legacy_fmt: str | None) -> str:
    """--format, or the deprecated -o/--output spelling of it; both given must agree."""
    if fmt is not None and legacy_fmt is not None and fmt != legacy_fmt:
        raise click.UsageError(f"--format {fmt} and -o {legacy_fmt} disagree: give --format only")
    return fmt or legacy_fmt or "text"


def _tacs_text(tacs: Iterable[int]) -> str:
    """`TACs 1` or `TACs 1, 7`, never a Python list."""
    return f"TACs {', '.join(str(t) for t in tacs)}"


def _namespaces_text(namespaces: Iterable[str]) -> str:
    """`namespaces a, b`, or `no namespaces` for a site that only hosts offloaded pods or a cluster."""
    names = list(namespaces)
    return f"namespaces {', '.join(names)}" if names else "no namespaces"


@click.command("plan")
@click.argument("intent", type=click.Path(path_type=Path))
@overlay_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PLAN_FORMATS),
    default=None,
    help="json: the whole plan; text: a short summary per site.  [default: text]",
)
@click.option(
    "-o",
    "--output",
    "legacy_fmt",
    type=click.Choice(PLAN_FORMATS),
    default=None,
    help="Deprecated alias of --format (still works; -o names an output folder in compile and diff).",
)
@color_option
def command(intent: Path, overlays: tuple[Path, ...], fmt: str | None, legacy_fmt: str | None) -> None:
    """Print the plan of INTENT: NF instances per site, namespaces, releases, Service names, pools.

    The plan never holds subscriber keys: only the names of their credentials. With --format json,
    everything goes to stdout as JSON: the plan, or when the intent has errors, the diagnostics
    as `n5gc validate --format json` prints them (exit 1).
    """
    fmt = _chosen_format(fmt, legacy_fmt)
    analysis = analyse(intent, list(overlays))
    if not analysis.ok or analysis.network is None:
        # json: one stream, one format for tools; text: the diagnostics are for a person (stderr).
        click.echo(render(analysis.report, fmt), err=fmt == "text")
        exit_with(EXIT_INPUT)
    from n5gc.plan import build_plan

    plan = build_plan(analysis.network)
    if fmt == "json":
        click.echo(json.dumps(plan.to_dict(), indent=2, sort_keys=True))
        return
    click.echo(f"network {plan.network}: PLMN {plan.mcc}-{plan.mnc}, {_tacs_text(plan.core.tacs)}")
    for site in plan.sites:
        click.echo(f"site {site.name} (cluster {site.cluster_name}): {_namespaces_text(site.namespaces)}")
        for release in site.releases:
            click.echo(f"  release {release}")
    for s in plan.slices:
        pools = ", ".join(f"{p.dnn} {p.subnet} via {p.tun_device}" for u in s.upfs for p in u.pools)
        click.echo(
            f"slice {s.name} S-NSSAI {s.snssai.label}: SMF {s.smf.release.name}, "
            f"{len(s.upfs)} UPF(s) on {s.site}: {pools}"
        )
    for g in plan.gnbs:
        click.echo(f"gNB {g.name} ({g.type}) on {g.site}: TAC {g.tac}, AMF {g.amf.dns}:{g.amf.port}")
    for group in plan.subscribers:
        click.echo(f"subscribers {group.name}: {group.imsi_first}..{group.imsi_last} ({group.count})")
