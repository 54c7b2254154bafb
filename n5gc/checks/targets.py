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


RULES = [ueransim_plmn_digits]
