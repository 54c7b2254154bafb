"""`n5gc plan`: print the resolved deployment plan (the compiler's IR)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from n5gc.cli import EXIT_INPUT, exit_with
from n5gc.commands.options import overlay_option
from n5gc.frontend import analyse
from n5gc.report import render


@click.command("plan")
@click.argument("intent", type=click.Path(path_type=Path))
@overlay_option
@click.option(
    "-o",
    "--output",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="text",
    show_default=True,
    help="json: the whole plan; text: a short summary per site.",
)
def command(intent: Path, overlays: tuple[Path, ...], fmt: str) -> None:
    """Print the plan of INTENT: NF instances per site, namespaces, releases, Service names, pools.

    The plan never holds subscriber keys: only the names of their credentials. With -o json,
    everything goes to stdout as JSON: the plan, or when the intent has errors, the diagnostics
    as `n5gc validate --format json` prints them (exit 1).
    """
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
    click.echo(f"network {plan.network}: PLMN {plan.mcc}-{plan.mnc}, TACs {list(plan.core.tacs)}")
    for site in plan.sites:
        click.echo(f"site {site.name} (cluster {site.cluster_name}): namespaces {', '.join(site.namespaces)}")
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
