"""`n5gc audit DIR`: the reference trees agree; hand edits that break agreement are found and
named on both sides; compile refuses to write a tree that fails the audit; the audit shares no
code with the planner."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import run_cli as run

from n5gc.audit.facts import snssai

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "out"
NETWORKS = sorted(p.name for p in OUT.iterdir() if (p / "n5gc.lock.json").is_file())
KEY = "465B5CE8B199B49FAA5F0A2EE238A6BC"  # UERANSIM's public test K, in the examples' secrets
BERLIN = "sites/berlin"
CORE_VALUES = f"{BERLIN}/helm/three-slices-core/values.yaml"
GNB = f"{BERLIN}/ran/gnb-gnb1.yaml"
UES = f"{BERLIN}/ran/ues-embb-ues.yaml"
SUBSCRIBERS = f"{BERLIN}/core/subscribers.yaml"
EMBB_SMF = f"{BERLIN}/helm/three-slices-embb-smf/values.yaml"
EMBB_UPF = f"{BERLIN}/helm/three-slices-embb-upf1/values.yaml"


def test_every_network_of_the_repository_is_audited() -> None:
    """The parametrised audit below covers exactly the outputs n5gc.yaml lists (none forgotten)."""
    import yaml

    config = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))
    outputs = sorted(Path(entry["output"]).name for entry in config["networks"])
    assert outputs == NETWORKS
    assert len(NETWORKS) >= 10


@pytest.mark.parametrize("network", NETWORKS)
def test_every_reference_network_agrees(network: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", str(OUT / network))
    assert code == 0, out
    assert "the tree agrees" in out


def tree_copy(tmp_path: Path, network: str = "three-slices") -> Path:
    copy = tmp_path / network
    shutil.copytree(OUT / network, copy)
    return copy


def edit(tree: Path, path: str, old: str, new: str, count: int = 1) -> None:
    """Replace the first `count` occurrences of `old` (which must be there) in one file of the tree."""
    file = tree / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(tree: Path, path: str, fragment: str) -> int:
    return next(n for n, line in enumerate((tree / path).read_text().splitlines(), 1) if fragment in line)


# (name, [(file, old, new)], code, file the diagnostic is on, fragment naming the other file)
HAND_EDITS = [
    ("AMF TAC", [(CORE_VALUES, "tac:\n      - 1", "tac:\n      - 9")], "N5G803", GNB, CORE_VALUES),
    ("gNB MCC", [(GNB, 'mcc: "001"', 'mcc: "002"')], "N5G802", GNB, CORE_VALUES),
    ("gNB MNC length", [(GNB, 'mnc: "01"', 'mnc: "001"')], "N5G802", GNB, CORE_VALUES),
    (
        "SMF pool",
        [(EMBB_SMF, 'subnet: "10.45.0.0/16"', 'subnet: "10.46.0.0/16"')],
        "N5G809",
        f"{BERLIN}/helm/three-slices-urllc-smf/values.yaml",
        EMBB_SMF,
    ),
    (
        "SMF pool not routed",
        [(EMBB_SMF, 'subnet: "10.45.0.0/16"', 'subnet: "10.99.0.0/16"')],
        "N5G808",
        EMBB_SMF,
        EMBB_UPF,
    ),
    (
        "UE slice",
        [
            (
                UES,
                'configured-nssai:\n    - sst: 1\n      sd: "0x000001"',
                'configured-nssai:\n    - sst: 1\n      sd: "0x000009"',
            )
        ],
        "N5G805",
        UES,
        GNB,
    ),
    (
        "subscriber S-NSSAI",
        [(SUBSCRIBERS, '"sst": 1, "sd": "000001"', '"sst": 1, "sd": "000009"')],
        "N5G805",
        SUBSCRIBERS,
        CORE_VALUES,
    ),
    (
        "UE session not subscribed",
        [(SUBSCRIBERS, '"sessions": [{"dnn": "internet"', '"sessions": [{"dnn": "web"')],
        "N5G807",
        UES,
        SUBSCRIBERS,
    ),
    (
        "UPF subnet",
        [(EMBB_UPF, 'subnet: "10.45.0.0/16"', 'subnet: "10.99.0.0/16"')],
        "N5G808",
        EMBB_SMF,
        EMBB_UPF,
    ),
    (
        "gNB's AMF host",
        [(GNB, "three-slices-amf-ngap.three-slices-core", "three-slices-amf.three-slices-core")],
        "N5G810",
        GNB,
        CORE_VALUES,
    ),
    (
        "AMF host in another namespace",
        [(GNB, "three-slices-amf-ngap.three-slices-core", "three-slices-amf-ngap.three-slices-ran")],
        "N5G810",
        GNB,
        CORE_VALUES,
    ),
    (
        "cluster domain",
        [(GNB, "three-slices-core.svc.cluster.local", "three-slices-core.svc.other.local")],
        "N5G811",
        GNB,
        CORE_VALUES,
    ),
    ("K in a gNB ConfigMap comment", [(GNB, "data:\n", f"data:\n  # {KEY}\n")], "N5G813", GNB, SUBSCRIBERS),
    (
        "K in a ConfigMap beside the Secret",
        [(SUBSCRIBERS, "  provision.js: |\n", f"  # key {KEY.lower()}\n  provision.js: |\n")],
        "N5G813",
        SUBSCRIBERS,
        SUBSCRIBERS,
    ),
    (
        "Argo CD chart version",
        [
            (
                "gitops/argocd/releases/three-slices-embb-smf.yaml",
                'targetRevision: "2.3.1"',
                'targetRevision: "9.9.9"',
            )
        ],
        "N5G814",
        "gitops/argocd/releases/three-slices-embb-smf.yaml",
        "helm/three-slices-embb-smf/release.yaml",
    ),
    (
        "IMSI outside the PLMN",
        [(SUBSCRIBERS, '"imsiFirst": "001010000000001"', '"imsiFirst": "001020000000001"')],
        "N5G804",
        SUBSCRIBERS,
        CORE_VALUES,
    ),
]


@pytest.mark.parametrize(("name", "edits", "code", "on", "names"), HAND_EDITS, ids=[e[0] for e in HAND_EDITS])
def test_a_hand_edit_that_breaks_agreement_is_named_on_both_sides(
    name: str,
    edits: list[tuple[str, str, str]],
    code: str,
    on: str,
    names: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tree = tree_copy(tmp_path)
    for path, old, new in edits:
        edit(tree, path, old, new)
    code_, out, err = run(capsys, "audit", str(tree))
    assert code_ == 1, out
    hits = [line for line in out.splitlines() if f" {code} " in line]
    assert hits, out
    assert any(
        line.startswith(f"{tree}/{on}:") and names in line.split(f" {code} ", 1)[1] for line in hits
    ), hits
    assert KEY not in (out + err).upper()


def test_the_k_in_a_comment_is_found_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path)
    edit(tree, GNB, "data:\n", f"data:\n  # {KEY}\n")
    _, out, _ = run(capsys, "audit", str(tree))
    assert f"{tree}/{GNB}:{line_of(tree, GNB, KEY)}:5: error N5G813" in out


def test_a_tac_disagreement_points_at_both_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path)
    edit(tree, CORE_VALUES, "tac:\n      - 1", "tac:\n      - 9")
    _, out, _ = run(capsys, "audit", str(tree))
    gnb_line = line_of(tree, GNB, "    tac: 1")
    amf_line = line_of(tree, CORE_VALUES, "      - 9")
    assert (
        f"{tree}/{GNB}:{gnb_line}:10: error N5G803 gNB three-slices-gnb1 TAC 1 is not served by the AMF "
        f"({tree}/{CORE_VALUES}:{amf_line}:9 serves 9)"
    ) in out


def test_an_oai_tac_and_an_srsran_plmn_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f1 = tree_copy(tmp_path, "f1-split")
    edit(f1, "sites/edge/ran/oai-gnb-du.yaml", "tracking_area_code = 1;", "tracking_area_code = 5;")
    srsran = tree_copy(tmp_path, "srsran")
    edit(srsran, "sites/lab/helm/srsran-gnb/values.yaml", 'plmn: "00101"', 'plmn: "001001"', 2)
    _, out, _ = run(capsys, "audit", str(f1))
    assert "oai-gnb-du.yaml" in out and "N5G803 gNB f1-split-gnb-du TAC 5" in out
    _, out, _ = run(capsys, "audit", str(srsran))
    assert "srsran-gnb/values.yaml" in out and "N5G802 gNB srsran-gnb PLMN 001-001" in out


def test_an_nsm_name_must_join_its_network_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tree_copy(tmp_path, "nsm-edge")
    edit(
        tree,
        "sites/central/helm/nsm-edge-embb-smf/values.yaml",
        "nsm-edge-embb-upf1.nsm-edge-n4",
        "nsm-edge-embb-upf9.nsm-edge-n4",
    )
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1 and "N5G812 vL3 name nsm-edge-embb-upf9.nsm-edge-n4" in out


def test_flux_values_must_be_the_releases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path, "three-slices-prod")
    edit(
        tree, "gitops/flux/berlin/releases/three-slices-core/values.yaml", "logLevel: info", "logLevel: debug"
    )
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1 and "N5G814 the values Flux applies differ from" in out


def test_an_edited_tree_is_audited_without_the_lock_hashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A harmless hand edit (a comment) changes the file's hash; the audit still passes."""
    tree = tree_copy(tmp_path)
    edit(tree, GNB, "data:\n", "data:\n  # tuned by hand\n")
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 0, out


def test_a_missing_or_broken_file_is_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path)
    (tree / EMBB_UPF).unlink()
    edit(tree, GNB, "data:\n", "data: [\n")
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1
    assert f"{tree}/{EMBB_UPF}: error N5G801" in out
    assert f"{tree}/{GNB}:" in out and "N5G801 cannot read this file of the tree: not valid YAML" in out


def test_not_a_compiled_tree_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "audit", str(tmp_path))
    assert code == 2
    assert "n5gc.lock.json" in err


def test_json_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path)
    edit(tree, CORE_VALUES, "tac:\n      - 1", "tac:\n      - 9")
    code, out, _ = run(capsys, "audit", str(tree), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    [hit] = [d for d in data["diagnostics"] if d["code"] == "N5G803"]
    assert hit["file"] == f"{tree}/{GNB}" and hit["line"] == line_of(tree, GNB, "    tac: 1")
    assert CORE_VALUES in hit["message"]
    code, out, _ = run(capsys, "audit", str(tree), "--format", "github")
    assert code == 1
    assert re.search(
        rf"^::error file={re.escape(str(tree))}/sites/berlin/ran/gnb-gnb1.yaml,line=\d+,col=\d+,"
        r"title=N5G803::",
        out,
        re.MULTILINE,
    ), out
    code, out, _ = run(capsys, "audit", str(OUT / "lab"), "--format", "json")
    assert code == 0 and json.loads(out) == {"diagnostics": [], "ok": True, "summary": "0 errors, 0 warnings"}


def test_help_says_what_it_proves(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", "--help")
    assert code == 0
    for promise in ("PLMN", "TAC", "S-NSSAI", "DNN", "disjoint", "Service", "Secret", "lock"):
        assert promise in out, promise


def test_sds_compare_as_hex() -> None:
    assert snssai(1, "0x00000A") == snssai(1, "00000a") == snssai(1, 10) == (1, "00000a")
    assert snssai(1, None) == (1, None) != snssai(1, "000000")


PLANNER_MODULES = ("n5gc.plan", "n5gc.model", "n5gc.targets", "n5gc.names", "n5gc.checks", "n5gc.frontend")


def test_the_audit_imports_nothing_of_the_planner() -> None:
    """The audit is an independent oracle: no import (static or at run time) of the planner's code."""
    for path in sorted((REPO / "n5gc" / "audit").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(PLANNER_MODULES), f"{path.name} imports {name}"
    script = (
        "import sys; from pathlib import Path; from n5gc.audit import audit_directory; "
        f"assert not audit_directory(Path({str(OUT / 'three-slices-prod')!r})).has_errors; "
        f"print(sorted(m for m in sys.modules if m.startswith({PLANNER_MODULES!r})))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_an_audit_that_finds_nothing_imports_no_hint_module() -> None:
    """difflib (the hint of an unknown Service name) is imported when that hint is written, not
    with the audit: every compile runs the audit, few write that message."""
    script = (
        "import sys; from pathlib import Path; from n5gc.audit import audit_directory; "
        f"assert not audit_directory(Path({str(OUT / 'three-slices-prod')!r})).has_errors; "
        "print('difflib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False", result.stdout


def test_validate_does_not_import_the_audit() -> None:
    script = (
        "import sys\nfrom n5gc.cli import main\ntry:\n    main(['validate', 'examples/lab.yaml'])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('n5gc.audit')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_compile_refuses_a_tree_that_fails_the_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A target that emits a disagreeing file (the AMF's taiList cut to another TAC) is a compiler bug:
    exit 3, nothing written, the message names both files and no key."""
    from dataclasses import replace

    from n5gc.targets.open5gs import Open5gsTarget

    original = Open5gsTarget.render

    def broken(self: Open5gsTarget, plan: object, secrets: object) -> list:
        artifacts = original(self, plan, secrets)  # type: ignore[arg-type]
        out = []
        for artifact in artifacts:
            if artifact.path.endswith("-core/values.yaml"):
                values = json.loads(json.dumps(artifact.documents[0]))
                values["amf"]["config"]["taiList"][0]["tac"] = [42]
                artifact = replace(artifact, documents=(values,))
            out.append(artifact)
        return out

    monkeypatch.setattr(Open5gsTarget, "render", broken)
    output = tmp_path / "tree"
    code, out, err = run(
        capsys,
        "compile",
        str(REPO / "examples/three-slices.yaml"),
        "--overlay",
        str(REPO / "overlays/lab/three-slices.yaml"),
        "-o",
        str(output),
    )
    assert code == 3, out + err
    assert not output.exists()
    assert "N5G803" in err and "gnb-gnb1.yaml" in err and "three-slices-core/values.yaml" in err
    assert KEY not in (out + err).upper()


def test_ipv6_pools_must_be_disjoint_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path)
    edit(tree, EMBB_SMF, 'subnet: "10.45.0.0/16"', 'subnet: "fd00:45::/48"')
    edit(
        tree,
        f"{BERLIN}/helm/three-slices-urllc-smf/values.yaml",
        'subnet: "10.46.0.0/16"',
        'subnet: "fd00:45:0:1::/64"',
    )
    _, out, _ = run(capsys, "audit", str(tree))
    expected = "N5G809 SMF three-slices-urllc-smf pool fd00:45:0:1::/64 (control) overlaps SMF "
    assert expected + "three-slices-embb-smf pool fd00:45::/48" in out


def test_an_f1_address_must_name_the_cu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_copy(tmp_path, "f1-split")
    du = "sites/edge/ran/oai-gnb-du.yaml"
    edit(tree, du, 'remote_n_address = "f1-split-gnb-cu-f1c.', 'remote_n_address = "f1-split-gnb-cu-f1.')
    _, out, _ = run(capsys, "audit", str(tree))
    line = line_of(tree, du, "remote_n_address")
    assert f"{tree}/{du}:{line}:" in out and "N5G810 f1-split-gnb-cu-f1.f1-split-ran names no Service" in out
    assert "oai-gnb-cu.yaml" in out  # the namespace's Services are named with where they come from


PER_GNB_TACS = (
    "  ran:\n    - name: gnb\n      slices: [embb]\n",
    "  ran:\n    - name: gnb\n      slices: [embb]\n    - name: gnb2\n      tac: 7\n      slices: [embb]\n"
    '      cells:\n        - {nci: "0x000000020", pci: 2, band: n78, bandwidthMHz: 40, scsKHz: 30,'
    " arfcn: 641280}\n",
)


def test_per_gnb_tacs_compile_and_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two gNBs with their own TACs: the AMF must serve both; a gNB TAC edited to another served
    TAC still agrees on TACs, but the TAC left unbroadcast is reported as a warning (N5G816)."""
    intent = tmp_path / "lab2.yaml"
    intent.write_text((REPO / "examples/lab.yaml").read_text().replace(*PER_GNB_TACS))
    shutil.copy(REPO / "examples/lab.secrets.yaml", tmp_path / "lab2.secrets.yaml")
    tree = tmp_path / "tree"
    code, out, err = run(capsys, "compile", str(intent), "-o", str(tree))
    assert code == 0, out + err
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 0 and "the tree agrees" in out and "N5G8" not in out, out
    edit(tree, "sites/lab/ran/gnb-gnb2.yaml", "tac: 7", "tac: 1")
    code, out, _ = run(capsys, "audit", str(tree))
    assert "warning N5G816 the AMF serves TAC 7, which no gNB of the tree broadcasts" in out
    assert "N5G803" not in out  # TAC 1 is served; only the rollout hash (N5G817) says the file changed
    edit(tree, "sites/lab/ran/gnb-gnb2.yaml", "tac: 1", "tac: 8")
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1 and "N5G803 gNB lab-gnb2 TAC 8 is not served by the AMF" in out


VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w\"./-]+:\s*)(\S.*)$")


@pytest.mark.parametrize("path", [GNB, UES, EMBB_SMF, EMBB_UPF, SUBSCRIBERS])
def test_a_value_of_the_wrong_type_is_never_a_crash(path: str) -> None:
    """Hand edits put lists and maps where scalars belong (and back): the audit reports or ignores
    them, it never raises (an exception would be exit 3 in front of a reviewer)."""
    from n5gc.audit import audit_files, tree_files

    files, _ = tree_files(OUT / "three-slices")
    lines = files[path].decode().split("\n")
    edited = 0
    for index, line in enumerate(lines):
        match = VALUE_LINE.match(line)
        if not match:
            continue
        for value in ("[1, 2]", "{a: 1}"):
            changed = [*lines[:index], match.group(1) + value, *lines[index + 1 :]]
            audit_files({**files, path: "\n".join(changed).encode()}, "tree")
            edited += 1
    assert edited > 10


ROLLOUT_EDITS = [
    ("three-slices", GNB, "ignoreStreamIds: true", "ignoreStreamIds: false"),
    ("three-slices", UES, 'imei: "356938035643803"', 'imei: "356938035643804"'),
    ("three-slices", SUBSCRIBERS, "print('n5gc: ' + n5gcTotal", "print('n5gc:: ' + n5gcTotal"),
    ("f1-split", "sites/edge/ran/oai-gnb-du.yaml", "pMax = 20;", "pMax = 21;"),
    ("srsran", "sites/lab/helm/srsran-gnb/values.yaml", "pci: 1", "pci: 2"),
]


@pytest.mark.parametrize(("network", "path", "old", "new"), ROLLOUT_EDITS, ids=[e[1] for e in ROLLOUT_EDITS])
def test_a_config_edited_without_its_rollout_hash_is_found(
    network: str, path: str, old: str, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tree_copy(tmp_path, network)
    edit(tree, path, old, new)
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1
    hits = [line for line in out.splitlines() if " N5G817 " in line]
    # A UE config lives in a Secret: its config hash and its keys digest both disagree.
    assert len(hits) == (2 if path == UES else 1), hits
    assert all(hit.startswith(f"{tree}/{path}:") and f"({tree}/{path}:" in hit for hit in hits)


def test_a_rollout_hash_over_the_keys_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The UE config's hash leaves K/OPc out; one computed over the whole config (keys included)
    is a disagreement (a hash derived from the keys must not leave the Secret)."""
    import hashlib

    from n5gc.audit.documents import load_yaml

    tree = tree_copy(tmp_path)
    [secret, deployment] = load_yaml("ues", (tree / UES).read_text())
    over_keys = hashlib.sha256(secret.get("stringData", "ue.yaml").encode()).hexdigest()
    written = deployment.get("spec", "template", "metadata", "annotations", "n5gc.io/config-sha256")
    edit(tree, UES, written, over_keys)
    code, out, _ = run(capsys, "audit", str(tree))
    assert code == 1 and f"{tree}/{UES}:" in out and "N5G817" in out


def test_a_key_rotated_by_hand_without_its_keys_digest_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The UE config hash leaves K out, so only the keys digest tells that the pods would keep the
    old key; the message never shows the key."""
    tree = tree_copy(tmp_path)
    edit(tree, UES, f'key: "{KEY}"', f'key: "{"0A" * 16}"')
    code, out, _ = run(capsys, "audit", str(tree))
    [hit] = [line for line in out.splitlines() if " N5G817 " in line]
    line = line_of(tree, UES, "n5gc.io/keys-digest")
    assert code == 1 and hit.startswith(f"{tree}/{UES}:{line}:") and "n5gc.io/keys-digest" in hit
    assert KEY not in out and KEY.lower() not in out and "0A" * 16 not in out


def test_a_pod_mounting_a_secret_without_a_keys_digest_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tree_copy(tmp_path)
    text = (tree / SUBSCRIBERS).read_text(encoding="utf-8")
    (tree / SUBSCRIBERS).write_text(re.sub(r"\n *n5gc.io/keys-digest: \S+", "", text), encoding="utf-8")
    code, out, _ = run(capsys, "audit", str(tree))
    [hit] = [line for line in out.splitlines() if " N5G817 " in line]
    assert code == 1 and hit.startswith(f"{tree}/{SUBSCRIBERS}:") and "carry no n5gc.io/keys-digest" in hit


SOPS_UES = f"{BERLIN}/ran/ues-embb-ues.yaml"


def test_with_sops_the_keys_digest_must_be_the_locks_salted_digest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An encrypted Secret cannot be read: its pods' keys digest is checked against the lock's
    salted digest of its file; without that entry the audit says it cannot check it."""
    tree = tree_copy(tmp_path, "three-slices-sops")
    lock = json.loads((tree / "n5gc.lock.json").read_text(encoding="utf-8"))
    salted = lock["sealed"][SOPS_UES.replace(".yaml", ".sops.yaml")]["sha256"]
    edit(tree, SOPS_UES, salted, "0" * 64)
    code, out, _ = run(capsys, "audit", str(tree))
    [hit] = [line for line in out.splitlines() if " N5G817 " in line]
    assert code == 1 and hit.startswith(f"{tree}/{SOPS_UES}:") and "not the digest of the Secret" in hit
    edit(tree, SOPS_UES, "0" * 64, salted)
    assert run(capsys, "audit", str(tree))[0] == 0
    del lock["sealed"][SOPS_UES.replace(".yaml", ".sops.yaml")]
    (tree / "n5gc.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    code, out, _ = run(capsys, "audit", str(tree))
    [hit] = [line for line in out.splitlines() if " N5G817 " in line]
    assert code == 1 and "the lock records no salted digest for" in hit and "ues-embb-ues.sops.yaml" in hit
