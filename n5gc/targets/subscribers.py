"""What both cores' provisioning Jobs read: the keys Secret, the subscriber list, where they are mounted.

A shared base (not a plug-in): the Open5GS and OAI core targets write the same Secret
(`<credentials>.k/.opc/.amf`, mounted as files under KEYS_DIR; blueprints/subscribers/secret.yaml.j2)
and the same `subscribers.json` shape (one group a line, no keys), and name their provisioning
objects alike; only what a session carries differs (Open5GS: its QoS; OAI: the DNN), and the Job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan, Session, SubscriberGroupPlan
from n5gc.targets.base import labels

BLUEPRINTS = "subscribers"
# Where a provisioning Job mounts its ConfigMap (script, subscriber list) and the keys Secret.
PROVISIONING_DIR = "/etc/n5gc/provisioning"
KEYS_DIR = "/etc/n5gc/keys"
KEY_FILE_MODE = 0o440  # readable by the Job's group (fsGroup) only
SUBSCRIBERS_FILE = "subscribers.json"


def provisioning_metadata(plan: Plan) -> dict[str, Any]:
    """Name, namespace and labels of the provisioning Secret, ConfigMap and Job (one name for all three)."""
    return {
        "name": plan.provisioning_name,
        "namespace": plan.provisioning_namespace,
        "labels": labels(plan, component="subscribers"),
    }


def keys_secret(plan: Plan, credentials: Iterable[str], secrets: Secrets | None) -> Any:
    """The Secret holding the keys of every credentials name in use (the only object with key material)."""
    return render_one(
        BLUEPRINTS, "secret.yaml.j2", keys=key_data(credentials, secrets), **provisioning_metadata(plan)
    )


def key_data(credentials: Iterable[str], secrets: Secrets | None) -> dict[str, str]:
    """The Secret's stringData: <credentials>.k / .opc / .amf for each credentials name in use."""
    if secrets is None:
        raise CompilerBug("the plan has subscribers but no secrets were given (the front end refuses this)")
    data: dict[str, str] = {}
    for name in credentials:
        credential = secrets.credentials.get(name)
        if credential is None:
            raise CompilerBug(f'credentials "{name}" is not in the secrets input (the front end checks this)')
        data.update({f"{name}.k": credential.k, f"{name}.opc": credential.opc, f"{name}.amf": credential.amf})
    return data


# json.dumps(group, ensure_ascii=False) builds this encoder anew for each group: one for all, the same
# text. Groups are built afresh from the plan and hold no cycle to look for.
_JSON_LINE = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def subscribers_json(groups: Iterable[dict[str, Any]]) -> str:
    """subscribers.json: a JSON array, one group a line (short, readable diffs in Git), no keys.

    The groups are encoded in one call (the encoder's setup once, not 1,000 times) and the array's
    separators between groups made line breaks: see `_one_group_a_line`."""
    listed = list(groups)
    lines = _one_group_a_line(listed)
    if lines is None:
        lines = ",\n".join([_JSON_LINE.encode(group) for group in listed])
    return "[\n" + lines + "\n]\n"


# Where one group ends and the next begins in the encoded array: every group is a mapping whose first
# key is "group". Inside a JSON string every '"' is escaped, and a string's closing quote is never
# followed by a letter, so this text only occurs where a mapping opens with the key "group".
_BETWEEN_GROUPS = '}, {"group": '
_BETWEEN_LINES = '},\n{"group": '


def _one_group_a_line(groups: list[dict[str, Any]]) -> str | None:
    """The groups' JSON texts joined by ",\\n", from one encoding of the whole list; None when that
    cannot be proven (a group not opening with "group", or a mapping inside a group opening with it:
    then the separators between groups are not the only occurrences of _BETWEEN_GROUPS)."""
    if not groups or not all(type(g) is dict and next(iter(g), None) == "group" for g in groups):
        return None
    body = _JSON_LINE.encode(groups)[1:-1]  # "[" + the groups joined by ", " + "]"
    if body.count(_BETWEEN_GROUPS) != len(groups) - 1:
        return None
    return body.replace(_BETWEEN_GROUPS, _BETWEEN_LINES)


def subscriber_group(
    group: SubscriberGroupPlan, session_entry: Callable[[Session], dict[str, Any]]
) -> dict[str, Any]:
    """One group as a provisioning script reads it: IMSI range, credentials name, and per slice the
    entries `session_entry` makes of its sessions."""
    entry = group_head(group)
    entry["slices"] = group_slices(group, session_entry)
    return entry


def group_head(group: SubscriberGroupPlan) -> dict[str, Any]:
    """What a group's entry opens with: its name, IMSI range, size and credentials name ("group" first)."""
    return {
        "group": group.name,
        "imsiFirst": group.imsi_first,
        "imsiLast": group.imsi_last,
        "count": group.count,
        "credentials": group.credentials,
    }


def group_slices(
    group: SubscriberGroupPlan, session_entry: Callable[[Session], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per slice the group opens sessions on (in session order): the slice, its S-NSSAI and the
    entries `session_entry` makes of its sessions there."""
    slices: dict[str, dict[str, Any]] = {}
    for session in group.sessions:
        entry = slices.get(session.slice)
        if entry is None:
            snssai = session.snssai
            entry = slices[session.slice] = {
                "slice": session.slice,
                "sst": snssai.sst,
                "sd": snssai.sd,
                "sessions": [],
            }
        entry["sessions"].append(session_entry(session))
    return list(slices.values())
