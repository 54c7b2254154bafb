"""`n5gc audit DIR`: prove, from the written files alone, that a compiled tree agrees with itself."""

from __future__ import annotations

from pathlib import Path

import click

from n5gc.commands.options import format_option
from n5gc.exits import EXIT_INPUT, EXIT_OK, exit_with
from n5gc.report import render


@click.command("audit")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@format_option
def command(folder: Path, fmt: str) -> None:
    """Prove that the files of a compiled tree DIR agree, reading only those files.

    \b
    No intent and no planner: the audit reads the Helm values, the NF configs inside
    ConfigMaps and Secrets (Open5GS, UERANSIM, srsRAN, OAI), the subscriber provisioning
    objects, NSM/Liqo and Argo CD/Flux objects of the files DIR/n5gc.lock.json lists, as
    they are on disk now (hand edits included), and proves:
      PLMN     gNB, UE, NRF, GUAMI/TAI PLMNs = the AMF's; every IMSI and SUPI starts
               with it (MNC length matters: 01 is not 001)
      TAC      the AMF's TAIs serve every gNB/cell TAC
      S-NSSAI  AMF ⊇ NSSF ⊇ gNB ⊇ UE requested; subscribed ⊆ AMF; an SMF serves each
               (SDs compare as hex, case-insensitively)
      DNN      every subscribed DNN has a session pool in its slice's SMF, routed by a
               UPF the SMF peers with; pools pairwise disjoint (IPv4 and IPv6); UE
               sessions are subscribed
      names    every <service>.<namespace>.svc.<domain> names a Service the tree
               provides (a Service object, or one a Helm release's chart renders for
               its fullnameOverride), one cluster domain per site; NSM vL3 names and
               annotations name network services and workloads of the tree
      keys     no key held by a Secret appears in any other byte (comments included)
      GitOps   Argo CD Applications and Flux HelmReleases install what release.yaml states
    Each diagnostic names both files that disagree (file:line:col).

    \b
    Exit codes: 0 the tree agrees, 1 disagreements, 2 DIR is not a compiled tree
    (no readable n5gc.lock.json).
    """
    from n5gc.audit import NotATree, audit_directory

    try:
        report = audit_directory(folder)
    except NotATree as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(render(report, fmt, f"{folder.as_posix()}: the tree agrees"))
    exit_with(EXIT_INPUT if report.has_errors else EXIT_OK)
