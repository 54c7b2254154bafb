"""UERANSIM configs from the plan: the pieces the ueransim and smoketest targets both write.

The ueransim target runs simulated subscriber groups (one nr-ue process per group), the smoketest
target one nr-ue per slice x DNN: both write the same nr-ue config, built here once, so that targets
never import each other. Which keys each release reads, and the limits, are product facts
(`n5gc.products.ueransim`); how values reach UERANSIM is in the ueransim target's docstring.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.model.secrets import Credential, Secrets
from n5gc.plan.ir import GnbPlan, Plan, Snssai, SubscriberGroupPlan
from n5gc.products.ueransim import PINNED, Release, unread_keys

BLUEPRINTS = "ueransim"
CONFIG_DIR = "/etc/ueransim"  # read-only mount of the ConfigMap / Secret
UE_CONFIG = "ue.yaml"


def sd_value(sd: str | None) -> str | None:
    """The SD as UERANSIM reads it as written: "000001" -> "0x000001" (see the module docstring)."""
    return None if sd is None else f"0x{sd}"


def snssai_config(snssai: Snssai) -> dict[str, Any]:
    """An S-NSSAI in UERANSIM's {sst, sd} form; no sd key when the slice has none."""
    result: dict[str, Any] = {"sst": snssai.sst}
    if snssai.sd is not None:
        result["sd"] = sd_value(snssai.sd)
    return result


def read_by(release: Release, kind: str, config: dict[str, Any]) -> dict[str, Any]:
    """`config`, once proven to hold only keys the release's nr-gnb/nr-ue reads (else a compiler bug)."""
    unread = unread_keys(release, kind, config)
    if unread:
        raise CompilerBug(
            f"UERANSIM {release.version} nr-{kind} would ignore the keys {', '.join(unread)} "
            f"of the {kind} config n5gc wrote: the blueprint must emit only keys it reads"
        )
    return config


def group_snssais(group: SubscriberGroupPlan) -> list[Snssai]:
    """The group's distinct S-NSSAIs, in the order its sessions name them."""
    return list(dict.fromkeys(session.snssai for session in group.sessions))


def tun_netmask(group: SubscriberGroupPlan) -> str:
    """The netmask nr-ue (3.3+) gives its uesimtun devices: the group's pools' prefix.

    One value serves every session of the UE, so with pools of different sizes it is the narrowest:
    the on-link route it makes then never claims another pool's addresses (each session's traffic is
    routed through its own rule table anyway).
    """
    prefix_len = max(session.prefix_len for session in group.sessions)
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefix_len}").netmask)


def ue_config(
    plan: Plan, group: SubscriberGroupPlan, gnb: GnbPlan, credential: Credential, release: Release = PINNED
) -> dict[str, Any]:
    """The nr-ue config of one subscriber group (schema ueransim/ue); it holds K and OPc."""
    sessions = [{"type": "IPv4", "apn": s.dnn, "slice": snssai_config(s.snssai)} for s in group.sessions]
    config = render_one(
        BLUEPRINTS,
        "ue-config.yaml.j2",
        reads=release.ue_keys,
        tun_netmask=tun_netmask(group),
        supi=f"imsi-{group.imsi_first}",
        mcc=plan.mcc,
        mnc=plan.mnc,
        key=credential.k,
        opc=credential.opc,
        amf=credential.amf,
        gnb_search_list=[gnb.link.dns],
        sessions=sessions,
        nssai=[snssai_config(s) for s in group_snssais(group)],
    )
    return read_by(release, "ue", config)


def group_credential(group: SubscriberGroupPlan, secrets: Secrets | None) -> Credential:
    """The group's K/OPc; their absence here means the front half let a bad input through."""
    if secrets is None:
        raise CompilerBug(
            f'subscriber group "{group.name}" is simulated but no secrets were given '
            "(N5G208 should have stopped the compile)"
        )
    credential = secrets.credentials.get(group.credentials)
    if credential is None:
        raise CompilerBug(
            f'subscriber group "{group.name}": credentials "{group.credentials}" missing from '
            "the secrets (N5G204 should have stopped the compile)"
        )
    return credential
