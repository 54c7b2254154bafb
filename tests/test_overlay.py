"""Overlays: named lists merge by name, `$patch: delete` removes, scalars replace, maps merge, and
diagnostics point at the overlay file that set the value."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from intents import NETWORK, edit

from n5gc.diagnostics import InputError
from n5gc.load import load_file, load_text
from n5gc.overlay import apply_overlays, load_overlays, overlay_files

HEADER = "apiVersion: n5gc.io/v1alpha1\nkind: Network\n"
OVERLAY = (
    HEADER
    + """\
metadata:
  labels: {env: lab}
spec:
  tac: 7
  core:
    n2: {nodePort: {$patch: delete}, service: LoadBalancer}
  slices:
    - name: urllc
      $patch: delete
    - name: embb
      sst: 4
      dnns:
        - name: internet
          subnet: 10.45.0.0/16
          dns: [1.1.1.1]
        - name: ims
          subnet: 10.50.0.0/24
    - name: miot
      sst: 3
      sd: "000003"
      dnns: [{name: iot, subnet: 10.47.0.0/24}]
"""
)


def merged(*overlays: str):
    base = load_text(NETWORK, "network.yaml")
    docs = [load_text(text, f"ov{i}.yaml") for i, text in enumerate(overlays)]
    return apply_overlays(base, docs)


def test_merge_rules() -> None:
    doc = merged(OVERLAY)
    spec = doc.data["spec"]
    assert doc.data["metadata"] == {"name": "net", "labels": {"env": "lab"}}  # maps merge key by key
    assert spec["tac"] == 7  # scalars replace
    assert spec["core"] == {
        "site": "berlin",
        "n2": {"service": "LoadBalancer"},
    }  # key deleted, scalar replaced
    assert [s["name"] for s in spec["slices"]] == ["embb", "miot"]  # item deleted, item appended
    embb = spec["slices"][0]
    assert (embb["sst"], embb["sd"]) == (4, "000001")  # merged by name: untouched keys stay
    assert embb["dnns"] == [  # nested named list merged by name; unnamed lists (dns) replace
        {"name": "internet", "subnet": "10.45.0.0/16", "dns": ["1.1.1.1"]},
        {"name": "ims", "subnet": "10.50.0.0/24"},
    ]
    assert doc.data["apiVersion"] == "n5gc.io/v1alpha1" and doc.data["kind"] == "Network"


def test_origins_follow_the_values() -> None:
    doc = merged(OVERLAY)
    at = doc.origin.locate
    assert str(at(["spec", "tac"])) == "ov0.yaml:6:8"
    assert str(at(["spec", "slices", 0, "sst"])) == "ov0.yaml:13:12"
    assert str(at(["spec", "slices", 0, "sd"])) == "network.yaml:18:11"  # not set by the overlay
    assert str(at(["spec", "slices", 0, "dnns", 0, "subnet"])) == "ov0.yaml:16:19"
    assert str(at(["spec", "slices", 0, "dnns", 0, "name"])) == "ov0.yaml:15:17"  # the last writer
    assert str(at(["spec", "slices", 1, "sd"])) == "ov0.yaml:22:11"
    assert str(at(["spec", "ran", 0, "cells"], key=True)) == "network.yaml:31:7"
    assert str(at(["metadata", "labels", "env"])) == "ov0.yaml:4:17"


def test_inputs_are_not_modified() -> None:
    base = load_text(NETWORK, "network.yaml")
    top = load_text(OVERLAY, "ov.yaml")
    before = (copy.deepcopy(base.data), copy.deepcopy(top.data), repr(base.origin))
    apply_overlays(base, [top])
    assert (base.data, top.data, repr(base.origin)) == before


def test_later_overlays_win() -> None:
    doc = merged(HEADER + "spec: {tac: 2}\n", HEADER + "spec:\n  tac: 3\n")
    assert doc.data["spec"]["tac"] == 3
    assert str(doc.origin.locate(["spec", "tac"])) == "ov1.yaml:4:8"


def test_delete_then_re_add_in_a_later_overlay() -> None:
    doc = merged(
        HEADER + "spec:\n  slices:\n    - {name: urllc, $patch: delete}\n",
        HEADER + "spec:\n  slices:\n    - {name: urllc, sst: 9, dnns: [{name: x, subnet: 10.9.0.0/24}]}\n",
    )
    urllc = doc.data["spec"]["slices"][1]
    assert urllc == {"name": "urllc", "sst": 9, "dnns": [{"name": "x", "subnet": "10.9.0.0/24"}]}


@pytest.mark.parametrize(
    ("overlay", "where", "message"),
    [
        (
            "spec:\n  slices:\n    - name: miot\n      $patch: delete\n",
            "ov0.yaml:5:7",
            'overlay deletes "miot", which the intent does not have',
        ),
        (
            "spec:\n  multicluster:\n    engine: liqo\n    $patch: replace\n",
            "ov0.yaml:6:13",
            "'$patch: replace' has nothing to patch here",
        ),
        (
            "spec:\n  core:\n    $patch: replace\n    site: berlin\n",
            "ov0.yaml:5:13",
            "'$patch: replace' is not supported",
        ),
        (
            "spec:\n  slices:\n    - name: embb\n      $patch: replace\n",
            "ov0.yaml:6:15",
            "'$patch: replace' is not supported",
        ),
    ],
)
def test_patch_mistakes(overlay: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        merged(HEADER + overlay)
    assert [(str(d.location), d.code, d.message) for d in caught.value.diagnostics] == [
        (where, "N5G009", message)
    ]


def test_deleting_an_absent_key_is_a_no_op() -> None:
    doc = merged(
        HEADER + "spec:\n  gitops: {$patch: delete}\n  multicluster: {engine: liqo, $patch: delete}\n"
    )
    assert "gitops" not in doc.data["spec"]
    assert doc.data == load_text(NETWORK, "n").data


def test_folder_overlays_apply_in_sorted_order(tmp_path: Path) -> None:
    folder = tmp_path / "lab"
    intents.write(folder, HEADER + "spec: {tac: 2}\n", "b.yaml")
    intents.write(folder, HEADER + "spec: {tac: 3}\n", "a.yaml")
    intents.write(folder, HEADER + "spec: {tac: 4}\n", "10-first.yml")
    intents.write(folder, "not: an overlay\n", "notes.txt")
    assert [p.name for p in overlay_files(folder)] == ["10-first.yml", "a.yaml", "b.yaml"]
    docs = load_overlays([folder], lambda p: p.relative_to(tmp_path).as_posix())
    assert [d.path for d in docs] == ["lab/10-first.yml", "lab/a.yaml", "lab/b.yaml"]
    doc = apply_overlays(load_file(intents.write(tmp_path, NETWORK), "network.yaml"), docs)
    assert doc.data["spec"]["tac"] == 2
    assert str(doc.origin.locate(["spec", "tac"])) == "lab/b.yaml:3:13"


def test_overlay_load_errors_are_collected(tmp_path: Path) -> None:
    one = intents.write(tmp_path, HEADER + "spec: {tac: [1}\n", "one.yaml")
    two = intents.write(tmp_path, HEADER + "spec: {tac: 1, tac: 2}\n", "two.yaml")
    with pytest.raises(InputError) as caught:
        load_overlays([one, two, tmp_path / "absent.yaml"], lambda p: p.name)
    assert [(d.code, str(d.location).split(":")[0]) for d in caught.value.diagnostics] == [
        ("N5G001", "one.yaml"),
        ("N5G002", "two.yaml"),
        ("N5G008", "absent.yaml"),
    ]


def test_diagnostic_on_an_overlay_value_points_at_the_overlay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    intents.write(tmp_path, NETWORK)
    intents.write(
        tmp_path,
        HEADER + 'spec:\n  slices:\n    - name: urllc\n      sd: "2"\n'
        "  subscribers:\n    - name: sensors\n      imsi: {count: 1000}\n",
        "overlays/lab/x.yaml",
    )
    found = [intents.line_of(d) for d in intents.diagnose(Path("network.yaml"), [Path("overlays/lab")])]
    # every problem in one run: the checks run on the rest while the model error is reported
    assert found == [
        'network.yaml:25:38: error N5G309 slice "urllc": dnn "control" pool 10.46.0.0/24 has 253 '
        "addresses for 1000 subscribers",
        'overlays/lab/x.yaml:6:11: error N5G104 slice "urllc": sd "2" must be 6 hex digits, e.g. "000002"',
        'overlays/lab/x.yaml:9:21: error N5G402 subscriber group "sensors": 1000 simulated UEs, but '
        "one UERANSIM nr-ue runs at most 512",
    ]
    # once the model is valid, the checks' diagnostics point at the overlay too
    intents.write(
        tmp_path,
        HEADER + "spec:\n  subscribers:\n    - name: sensors\n      imsi: {count: 1000}\n",
        "overlays/lab/x.yaml",
    )
    found = [intents.line_of(d) for d in intents.diagnose(Path("network.yaml"), [Path("overlays/lab")])]
    assert found == [
        'network.yaml:25:38: error N5G309 slice "urllc": dnn "control" pool 10.46.0.0/24 has 253 '
        "addresses for 1000 subscribers",
        'overlays/lab/x.yaml:6:21: error N5G402 subscriber group "sensors": 1000 simulated UEs, but '
        "one UERANSIM nr-ue runs at most 512",
    ]


def test_overlay_fixes_the_intent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    intents.write(tmp_path, edit(NETWORK, 'sd: "000002"', 'sd: "2"'))
    assert intents.codes(intents.diagnose(Path("network.yaml"))) == ["N5G104"]
    intents.write(tmp_path, HEADER + "spec:\n  slices: [{name: urllc, sd: '000002'}]\n", "fix.yaml")
    assert intents.diagnose(Path("network.yaml"), [Path("fix.yaml")]) == []


@pytest.mark.parametrize("overlay", ["lab", "prod"])
def test_reference_overlays_validate(overlay: str) -> None:
    """The real console script on the reference network with each environment overlay."""
    result = subprocess.run(
        [
            str(intents.VENV_BIN / "n5gc"),
            "validate",
            "examples/three-slices.yaml",
            "--overlay",
            f"overlays/{overlay}",
        ],
        cwd=intents.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " error " not in result.stdout


def test_prod_overlay_changes_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from n5gc.frontend import analyse

    monkeypatch.chdir(intents.REPO)
    analysis = analyse(Path("examples/three-slices.yaml"), [Path("overlays/prod")])
    assert analysis.network is not None
    spec = analysis.network.spec
    assert (spec.core.n2.service, spec.core.n2.node_port) == ("LoadBalancer", None)
    assert spec.slices[0].user_plane.instances == 2
    assert spec.gitops is not None and spec.gitops.engine == "flux"
    assert analysis.network.metadata.labels == {"n5gc.io/environment": "prod"}
