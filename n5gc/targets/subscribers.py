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
    """subscribers.json: a JSON array, one group a line (short, readable diffs in Git), no keys."""
    lines = [_JSON_LINE.encode(group) for group in groups]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def subscriber_group(
    group: SubscriberGroupPlan, session_entry: Callable[[Session], dict[str, Any]]
) -> dict[str, Any]:
    """One group as a provisioning script reads it: IMSI range, credentials name, and per slice the
    entries `session_entry` makes of its sessions."""
    slices: dict[str, dict[str, Any]] = {}
    for session in group.sessions:
        entry = slices.setdefault(
            session.slice,
            {"slice": session.slice, "sst": session.snssai.sst, "sd": session.snssai.sd, "sessions": []},
        )
        entry["sessions"].append(session_entry(session))
    return {
        "group": group.name,
        "imsiFirst": group.imsi_first,
        "imsiLast": group.imsi_last,
        "count": group.count,
        "credentials": group.credentials,
        "slices": list(slices.values()),
    }
