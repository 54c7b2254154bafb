"""Target limits: intent values that are valid 5G but that a chosen target cannot carry."""

from __future__ import annotations

import re
from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error

# UERANSIM reads mcc/mnc with base auto-detection: a leading 0 means octal, so 8 or 9 after it fails.
UERANSIM_OCTAL_TRAP = re.compile(r"^0[0-7]*[89]")


def ueransim_plmn_digits(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G401: UERANSIM cannot read an MNC/MCC such as "08" or "09" (octal parsing bug)."""
    uses_ueransim = any(g.type == "ueransim" for g in ctx.network.spec.ran)
    if not uses_ueransim:
        return
    plmn = ctx.network.spec.plmn
    for field, value in (("mcc", plmn.mcc), ("mnc", plmn.mnc)):
        if UERANSIM_OCTAL_TRAP.match(value):
            yield error("N5G401", f'{field} "{value}" cannot be used with UERANSIM: it reads "{value}" as an '
                        "octal number and fails", ctx.at("spec", "plmn", field),
                        "use another PLMN for simulated RAN (e.g. mnc \"01\"), or a real RAN (type srsran/oai)")


# nr-ue refuses `-n` above 512, and two nr-ue processes cannot share a pod (both number their
# routing tables from 1000), so one simulated group is at most 512 UEs.
UERANSIM_MAX_UES = 512


def ueransim_group_size(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G402: a simulated subscriber group fits in one nr-ue process (at most 512 UEs)."""
    for i, group in enumerate(ctx.network.spec.subscribers):
        if group.simulate is not None and group.imsi.count > UERANSIM_MAX_UES:
            yield error("N5G402", f'subscriber group "{group.name}": {group.imsi.count} simulated UEs, but one '
                        f"UERANSIM nr-ue runs at most {UERANSIM_MAX_UES}", ctx.at("spec", "subscribers", i, "imsi", "count"),
                        f"split the group into groups of at most {UERANSIM_MAX_UES} with consecutive IMSI ranges, "
                        "or drop `simulate` for the part that real devices use")


def simulated_on_ueransim(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G403: simulated UEs (UERANSIM nr-ue) can only attach to a UERANSIM gNB."""
    for i, group in enumerate(ctx.network.spec.subscribers):
        gnb = ctx.gnbs_by_name.get(group.simulate.gnb) if group.simulate else None
        if gnb is not None and gnb.type != "ueransim":
            yield error("N5G403", f'subscriber group "{group.name}": simulated UEs cannot attach to gNB '
                        f'"{gnb.name}" of type {gnb.type}: UERANSIM UEs speak only to a UERANSIM gNB',
                        ctx.at("spec", "subscribers", i, "simulate", "gnb"),
                        "simulate them on a type: ueransim gNB, or drop `simulate` (real UEs on a real RAN)")


RULES = [ueransim_plmn_digits, ueransim_group_size, simulated_on_ueransim]
