"""Subscriber lifecycle: the provisioning Job removes the IMSIs n5gc provisioned that the intent
dropped, and never a subscriber it did not provision.

No MongoDB-compatible server installs from the registries this project may use (Debian has no
mongodb/FerretDB package; npm's mongodb-memory-server downloads its server from mongodb.org at run
time), so the Job's own script (the ConfigMap's provision.js, unchanged) runs under Node.js against
`mongosh_fake_db.js`, an in-memory collection with MongoDB's semantics for the operations the script
uses, holding documents shaped as Open5GS' WebUI stores them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import NETWORK, SECRETS, edit

FAKE_DB = Path(__file__).with_name("mongosh_fake_db.js")


def webui_subscriber(imsi: str, **extra: Any) -> dict[str, Any]:
    """A subscriber as the Open5GS WebUI writes it (lib/dbi/subscriber shape), no n5gc mark."""
    return {
        "imsi": imsi,
        "msisdn": [],
        "imeisv": [],
        "mme_host": [],
        "mme_realm": [],
        "purge_flag": [],
        "security": {
            "k": "465B5CE8B199B49FAA5F0A2EE238A6BC",
            "amf": "8000",
            "op": None,
            "opc": "E8ED289DEBA952E4283B54E88E6183CA",
            "sqn": {"$numberLong": "97"},
        },
        "ambr": {
            "downlink": {"value": {"$numberInt": "1"}, "unit": {"$numberInt": "3"}},
            "uplink": {"value": {"$numberInt": "1"}, "unit": {"$numberInt": "3"}},
        },
        "slice": [{"sst": {"$numberInt": "1"}, "default_indicator": True, "session": []}],
        "access_restriction_data": {"$numberInt": "32"},
        "subscriber_status": {"$numberInt": "0"},
        "network_access_mode": {"$numberInt": "0"},
        "subscribed_rau_tau_timer": {"$numberInt": "12"},
        "schema_version": {"$numberInt": "1"},
        "__v": {"$numberInt": "0"},
        **extra,
    }


def provisioning(intent_text: str, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The provisioning Secret, ConfigMap and Job n5gc renders for `intent_text` (by kind)."""
    from n5gc.frontend import analyse
    from n5gc.plan import build_plan
    from n5gc.targets.open5gs import provisioning_artifact

    tmp_path.mkdir(parents=True, exist_ok=True)
    intent = tmp_path / "network.yaml"
    intent.write_text(intent_text, encoding="utf-8")
    (tmp_path / "network.secrets.yaml").write_text(SECRETS, encoding="utf-8")
    analysis = analyse(intent, [], None, require_secrets=True)
    assert analysis.ok and analysis.network is not None, [str(d) for d in analysis.report.diagnostics]
    artifact = provisioning_artifact(build_plan(analysis.network, "out"), analysis.secrets)
    return {d["kind"]: d for d in artifact.documents}


def run_job(
    objects: dict[str, dict[str, Any]], state: list[dict[str, Any]], work: Path
) -> list[dict[str, Any]]:
    """Run the Job's script once as the Job would (its env, its mounted files) over `state`."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Job's mongosh script runs under Node.js here")
    work.mkdir(parents=True, exist_ok=True)
    data = objects["ConfigMap"]["data"]
    (work / "provision.js").write_text(data["provision.js"], encoding="utf-8")
    (work / "subscribers.json").write_text(data["subscribers.json"], encoding="utf-8")
    keys = work / "keys"
    keys.mkdir(exist_ok=True)
    for name, value in objects["Secret"]["stringData"].items():
        (keys / name).write_text(value, encoding="utf-8")
    (work / "state.json").write_text(json.dumps(state), encoding="utf-8")
    container = objects["Job"]["spec"]["template"]["spec"]["containers"][0]
    job_env = {e["name"]: e["value"] for e in container["env"]}
    env = {
        "PATH": "/usr/bin:/bin",
        "N5GC_KEYS": str(keys),
        "N5GC_SUBSCRIBERS": str(work / "subscribers.json"),
        "N5GC_NETWORK": job_env["N5GC_NETWORK"],
    }
    result = subprocess.run(
        [node, str(FAKE_DB), str(work / "provision.js"), str(work / "state.json")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    documents: list[dict[str, Any]] = json.loads(result.stdout)
    return documents


def by_imsi(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["imsi"]: d for d in documents}


def test_an_imsi_dropped_from_the_intent_is_removed_and_foreign_ones_are_kept(tmp_path: Path) -> None:
    full = provisioning(NETWORK, tmp_path / "full")
    groups = json.loads(full["ConfigMap"]["data"]["subscribers.json"])
    last = groups[-1]
    dropped = last["imsiLast"]
    assert last["count"] >= 2, "the base intent's last group must hold at least two IMSIs"
    hand_made = webui_subscriber("001019999999999")  # provisioned by hand in the WebUI
    other_network = webui_subscriber("001019999999998", n5gc={"network": "another", "run": "r0"})
    first = run_job(full, [hand_made, other_network], tmp_path / "run1")
    assert dropped in by_imsi(first)
    assert by_imsi(first)[dropped]["n5gc"]["network"] == full["Job"]["metadata"]["labels"]["n5gc.io/network"]
    for doc in (d for d in first if d.get("n5gc", {}).get("network") == "net"):  # the UDM's SQN: kept
        doc["security"]["sqn"] = {"$numberLong": "4242"}
    # The intent drops the group's last IMSI.
    imsi = f'first: "{last["imsiFirst"]}", count: '
    shorter = provisioning(
        edit(NETWORK, f"{imsi}{last['count']}}}", f"{imsi}{last['count'] - 1}}}"), tmp_path / "short"
    )
    second = by_imsi(run_job(shorter, first, tmp_path / "run2"))
    assert dropped not in second
    assert second[hand_made["imsi"]] == hand_made  # never provisioned by n5gc: untouched
    assert second[other_network["imsi"]] == other_network  # another network's: untouched
    kept = set(by_imsi(first)) - {dropped}
    assert set(second) == kept
    assert all(second[i]["security"]["sqn"] == by_imsi(first)[i]["security"]["sqn"] for i in kept)


def test_a_subscriber_the_intent_lists_again_is_provisioned_again(tmp_path: Path) -> None:
    full = provisioning(NETWORK, tmp_path / "full")
    first = run_job(full, [], tmp_path / "run1")
    second = run_job(full, first, tmp_path / "run2")
    assert set(by_imsi(second)) == set(by_imsi(first))  # a re-run with the same intent removes nothing
    assert {d["n5gc"]["run"] for d in second} != {d["n5gc"]["run"] for d in first}  # every IMSI re-marked


def test_a_failed_run_removes_nothing(tmp_path: Path) -> None:
    full = provisioning(NETWORK, tmp_path / "full")
    first = run_job(full, [], tmp_path / "run1")
    broken = json.loads(json.dumps(full))
    credentials = json.loads(broken["ConfigMap"]["data"]["subscribers.json"])[0]["credentials"]
    broken["Secret"]["stringData"][f"{credentials}.k"] = "not hex"  # the script stops at this group
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Job's mongosh script runs under Node.js here")
    with pytest.raises(AssertionError, match="not hexadecimal"):
        run_job(broken, first, tmp_path / "run2")
