"""The audit split in per-file summaries and a pass across them (n5gc/audit/summary.py): the same
diagnostics as the audit of the files, before and after the summaries' bytes; summaries that
cannot be read back are refused; no summary holds a key; a hostile file is summarised, never raised."""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_audit import (
    BERLIN,
    CORE_VALUES,
    EMBB_SMF,
    EMBB_UPF,
    HAND_EDITS,
    KEY,
    NETWORKS,
    OUT,
    ROLLOUT_EDITS,
    SUBSCRIBERS,
    UES,
)

from n5gc.audit import audit_files, lock_sealed, tree_files
from n5gc.audit.documents import is_site_release, load_yaml, read_tree
from n5gc.audit.facts import Facts, SubscriberGroup
from n5gc.audit.rollout import KEYS_DIGEST, config_hashes, keys_digest
from n5gc.audit.rules import _find_group
from n5gc.audit.secrets import hex_runs
from n5gc.audit.services import VL3_CANDIDATE, _line_names
from n5gc.audit.summary import FORMAT, PARTS, FileSummary, audit_summaries, needs_bytes, summarise
from n5gc.audit.views import SITE_RELEASE
from n5gc.diagnostics import Diagnostic, Location

GNB = "sites/berlin/ran/gnb-gnb1.yaml"


def round_trips(files: dict[str, bytes], root: str, sealed: dict[str, dict[str, str]]) -> list[Diagnostic]:
    """The audit over summaries read back from their bytes; asserts it is the audit of the files,
    and the pass over the summaries as summarise made them."""
    expected = audit_files(files, root, sealed)
    made = {path: summarise(path, data) for path, data in files.items()}
    stored = {path: FileSummary.from_bytes(path, summary.to_bytes()) for path, summary in made.items()}
    assert stored == made
    assert audit_summaries(made, root, sealed, files.__getitem__) == expected
    assert audit_summaries(stored, root, sealed, files.__getitem__) == expected
    if not needs_bytes(stored, sealed):  # then the summaries alone decide every check
        assert audit_summaries(stored, root, sealed) == expected
    return expected


@pytest.mark.parametrize("network", NETWORKS)
def test_every_reference_tree_round_trips(network: str) -> None:
    files, _ = tree_files(OUT / network)
    assert round_trips(files, f"out/{network}", lock_sealed(OUT / network)) == []


def edited(network: str, edits: list[tuple[str, str, str]]) -> dict[str, bytes]:
    files, _ = tree_files(OUT / network)
    for path, old, new in edits:
        text = files[path].decode("utf-8")
        assert old in text, f"{old!r} not in {path}"
        files[path] = text.replace(old, new, 1).encode("utf-8")
    return files


@pytest.mark.parametrize(("name", "edits", "code", "on", "names"), HAND_EDITS, ids=[e[0] for e in HAND_EDITS])
def test_every_hand_edit_is_found_from_the_summaries(
    name: str, edits: list[tuple[str, str, str]], code: str, on: str, names: str
) -> None:
    found = round_trips(edited("three-slices", edits), "tree", lock_sealed(OUT / "three-slices"))
    assert any(d.code == code and d.location and d.location.file == f"tree/{on}" for d in found), found


@pytest.mark.parametrize(("network", "path", "old", "new"), ROLLOUT_EDITS, ids=[e[1] for e in ROLLOUT_EDITS])
def test_every_stale_rollout_hash_is_found_from_the_summaries(
    network: str, path: str, old: str, new: str
) -> None:
    found = round_trips(edited(network, [(path, old, new)]), "tree", lock_sealed(OUT / network))
    assert [d.code for d in found if d.location and d.location.file == f"tree/{path}"].count("N5G817") >= 1


def test_a_rotated_key_is_found_from_the_summaries_without_a_digest_in_them() -> None:
    files = edited("three-slices", [(UES, f'key: "{KEY}"', f'key: "{"0A" * 16}"')])
    found = round_trips(files, "tree", {})
    assert [d.code for d in found] == ["N5G817"] and KEYS_DIGEST in found[0].message


VALUE = re.compile(r"^(\s*(?:- )?[\w\"./-]+:\s*)(\S.*)$")


@pytest.mark.parametrize("path", [GNB, UES, SUBSCRIBERS, "sites/berlin/helm/three-slices-core/values.yaml"])
def test_hand_edits_of_every_value_round_trip(path: str) -> None:
    """Every value line of a file replaced by a list, a map, a number, a date, a NaN or a key (what
    a person or a broken template writes): the pass over the summaries finds what the audit finds."""
    files, _ = tree_files(OUT / "three-slices")
    lines = files[path].decode("utf-8").split("\n")
    replacements = ["[1, 2]", "{a: 1}", "7", "2024-01-01", ".nan", KEY.lower(), '"x"']
    checked = 0
    for index, line in enumerate(lines):
        match = VALUE.match(line)
        if match is None:
            continue
        value = replacements[index % len(replacements)]
        changed = [*lines[:index], match.group(1) + value, *lines[index + 1 :]]
        round_trips({**files, path: "\n".join(changed).encode()}, "tree", {})
        checked += 1
    assert checked > 10


def test_a_summary_of_another_format_or_damaged_is_refused() -> None:
    files, _ = tree_files(OUT / "three-slices")
    good = summarise(GNB, files[GNB]).to_bytes()
    document = json.loads(good)
    bad = [
        b"",
        b"{",
        b"[]",
        b"\xff\xfe",
        good[: len(good) // 2],
        json.dumps({**document, "v": FORMAT + 1}).encode(),
        json.dumps({**document, "v": 1}).encode(),  # what an n5gc before format 2 stamped
        good + b" ",
        b" " + good,
        json.dumps({**document, "p": GNB}).encode(),  # the path, as format 2 held it: not a part
        json.dumps([document]).encode(),
        json.dumps({k: v for k, v in document.items() if k != "v"}).encode(),
        json.dumps({**document, "zz": 1}).encode(),
        json.dumps({**document, "svc": "not a list"}).encode(),
    ]
    for data in bad:
        with pytest.raises(ValueError):
            FileSummary.from_bytes(GNB, data)
    assert FileSummary.from_bytes(GNB, good).to_bytes() == good


def test_summaries_are_canonical_and_pure() -> None:
    files, _ = tree_files(OUT / "three-slices")
    for path, data in files.items():
        first = summarise(path, data).to_bytes()
        assert first == summarise(path, data).to_bytes()
        assert b" " not in first.replace(b'" ', b"").split(b'"')[0]  # no whitespace outside strings
        assert list(json.loads(first)) == sorted(json.loads(first))


def key_material(files: dict[str, bytes]) -> set[str]:
    """Every key-like value of the tree's Secrets, and every keys digest (computed or written)."""
    found: set[str] = set()
    for path, data in files.items():
        if not path.endswith(".yaml"):
            continue
        for doc in load_yaml(path, data.decode("utf-8")):
            if not isinstance(doc.data, dict):
                continue
            if doc.data.get("kind") == "Secret":
                found.add(keys_digest(doc.data))
                for value in (doc.get("stringData") or {}).values():
                    found.update(re.findall(r"[0-9a-fA-F]{32}", str(value)))
                for value in (doc.get("data") or {}).values():
                    found.update(
                        re.findall(r"[0-9a-fA-F]{32}", base64.b64decode(value).decode("utf-8", "replace"))
                    )
            written = doc.get("spec", "template", "metadata", "annotations", KEYS_DIGEST)
            if isinstance(written, str):
                found.update(written.split(","))
    return found


@pytest.mark.parametrize("network", NETWORKS)
def test_no_summary_holds_a_key_or_a_digest_of_one(network: str) -> None:
    files, _ = tree_files(OUT / network)
    secrets = key_material(files)
    if network == "three-slices":
        assert KEY in secrets  # the test can fail: it sees the keys
    for path, data in files.items():
        stored = summarise(path, data).to_bytes().decode("utf-8").lower()
        leaked = [secret for secret in secrets if secret.lower() in stored]
        assert not leaked, f"the summary of {path} holds key material"


HOSTILE = {
    "broken.yaml": b"a: [1, 2\n",
    "binary.yaml": b"\xff\xfe\x00\x01",
    "deep.yaml": b"[" * 5000 + b"]" * 5000,
    "huge.yaml": b"a: " + b"x" * 2_000_000 + b"\n",
    "sites/berlin/ran/gnb-gnb1.yaml": b"kind: ConfigMap\napiVersion: v1\ndata:\n  gnb.yaml: |\n    a: [\n",
    "sites/berlin/core/subscribers.yaml": (
        b"kind: ConfigMap\napiVersion: v1\ndata:\n  subscribers.json: '[{'\n"
    ),
    "sites/berlin/helm/x/values.yaml": b"- 1\n- 2\n",
    "sites/berlin/helm/x/release.yaml": b"chart: [open5gs]\nreleaseName: {a: 1}\n",
}


def test_a_hostile_file_is_summarised_and_reported_never_raised() -> None:
    found = round_trips(dict(HOSTILE), "tree", {})
    unreadable = {d.location.file for d in found if d.code == "N5G801" and d.location}
    assert {"tree/broken.yaml", "tree/binary.yaml", "tree/sites/berlin/ran/gnb-gnb1.yaml"} <= unreadable
    assert "tree/sites/berlin/core/subscribers.yaml" in unreadable


def test_a_key_outside_the_secrets_needs_the_bytes_and_is_named() -> None:
    """A summary cannot say which key a run of hex digits is: the pass asks for those files' bytes."""
    files = edited("three-slices", [(GNB, "data:\n", f"data:\n  # {KEY}\n")])
    stored = {p: FileSummary.from_bytes(p, summarise(p, d).to_bytes()) for p, d in files.items()}
    assert needs_bytes(stored)
    asked: list[str] = []

    def read(path: str) -> bytes:
        asked.append(path)
        return files[path]

    found = audit_summaries(stored, "tree", {}, read)
    assert [d.code for d in found] == ["N5G813"] and found[0].location.file == f"tree/{GNB}"
    assert GNB in asked and len(asked) < len(files) / 2
    assert audit_summaries(stored, "tree", {}) == []  # left out without the bytes, as documented
    assert not needs_bytes({p: summarise(p, d) for p, d in tree_files(OUT / "three-slices")[0].items()})


CROSS_FILE_EDITS = [
    (
        "f1-split",
        "sites/edge/ran/oai-gnb-du.yaml",
        "tracking_area_code = 1;",
        "tracking_area_code = 5;",
        "N5G803",
    ),
    ("srsran", "sites/lab/helm/srsran-gnb/values.yaml", 'plmn: "00101"', 'plmn: "001001"', "N5G802"),
    (
        "nsm-edge",
        "sites/central/helm/nsm-edge-embb-smf/values.yaml",
        "nsm-edge-embb-upf1.nsm-edge-n4",
        "nsm-edge-embb-upf9.nsm-edge-n4",
        "N5G812",
    ),
    (
        "three-slices-prod",
        "gitops/flux/berlin/releases/three-slices-core/values.yaml",
        "logLevel: info",
        "logLevel: debug",
        "N5G814",
    ),
]


@pytest.mark.parametrize(
    ("network", "path", "old", "new", "code"), CROSS_FILE_EDITS, ids=[e[4] for e in CROSS_FILE_EDITS]
)
def test_other_targets_disagreements_are_found_from_the_summaries(
    network: str, path: str, old: str, new: str, code: str
) -> None:
    found = round_trips(edited(network, [(path, old, new)]), "tree", lock_sealed(OUT / network))
    assert code in [d.code for d in found], found


def test_a_flux_copy_that_differs_only_in_bytes_agrees() -> None:
    """A comment in the Flux copy of a release's values: other bytes (the summaries cannot tell),
    the same values (the data are compared from the bytes)."""
    path = "gitops/flux/berlin/releases/three-slices-core/values.yaml"
    files = edited("three-slices-prod", [(path, "logLevel: info", "logLevel: info  # by hand")])
    stored = {p: FileSummary.from_bytes(p, summarise(p, d).to_bytes()) for p, d in files.items()}
    assert needs_bytes(stored, lock_sealed(OUT / "three-slices-prod"))
    assert round_trips(files, "tree", lock_sealed(OUT / "three-slices-prod")) == []


def json_from_bytes(path: str, data: bytes) -> FileSummary:
    """The summary decoder as json.loads reads it (the reference the scanner-based one must match)."""
    document = json.loads(data.decode("utf-8"))
    assert document.pop("v") == FORMAT
    return FileSummary(path, document)


@pytest.mark.parametrize("network", NETWORKS)
def test_the_decoder_reads_what_json_loads_reads_on_every_reference_tree(network: str) -> None:
    files, _ = tree_files(OUT / network)
    for path, data in files.items():
        stored = summarise(path, data).to_bytes()
        assert FileSummary.from_bytes(path, stored) == json_from_bytes(path, stored)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_damaged_summary_is_refused_with_a_value_error_only(data: st.DataObject) -> None:
    """Bytes cut, flipped, inserted or made up: from_bytes returns a summary of the format or raises
    ValueError, nothing else (the stamp is input: a traceback would be n5gc's bug)."""
    files, _ = tree_files(OUT / "three-slices")
    path = data.draw(st.sampled_from(sorted(files)))
    good = bytearray(summarise(path, files[path]).to_bytes())
    edit = data.draw(st.sampled_from(["cut", "flip", "insert", "random", "nest"]))
    at = data.draw(st.integers(0, len(good)))
    if edit == "cut":
        damaged = bytes(good[:at])
    elif edit == "flip":
        damaged = bytes(good[:at] + bytes([data.draw(st.integers(0, 255))]) + good[at + 1 :])
    elif edit == "insert":
        damaged = bytes(good[:at] + data.draw(st.binary(min_size=1, max_size=8)) + good[at:])
    elif edit == "random":
        damaged = data.draw(st.binary(max_size=64))
    else:
        damaged = b'{"v":%d,"f":' % FORMAT + b"[" * 100_000
    try:
        summary = FileSummary.from_bytes(path, damaged)
    except ValueError:
        return
    assert isinstance(summary.path, str)
    assert all(type(value) is PARTS[key] for key, value in summary.body.items())


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "0123456789abcdef" * 2,
        "a: " + "0123456789ABCDEF" * 3 + " b: " + "f" * 31 + " " + "E" * 40,
        "ü: \u2014 " + "ab" * 20 + " \U0001f600 " + "Cd" * 17 + "\n\u00e9" + "1" * 32,
        "x" * 10 + "deadbeef" * 4 + "\u0100" + "00" * 16,
        "no runs at all, é",
    ],
)
def test_hex_runs_are_the_runs_of_the_lower_cased_text(text: str) -> None:
    """Found in the UTF-8 bytes: the same (character offset, run) as a regex over text.lower()."""
    expected = [(m.start(), m.group()) for m in re.finditer(r"[0-9a-f]{32,}", text.lower())]
    assert hex_runs(text) == expected
    # A tree file's runs are found in the bytes it was read from (not encoded again): the same runs
    # at the same character offsets, with a byte-order mark and characters of 2 to 4 bytes before them.
    for data in (text.encode(), "\ufeff".encode() + text.encode()):
        (tree_file,), _ = read_tree({"README.md": data}, "")
        assert tree_file.data == data
        shift = len(tree_file.text) - len(text)
        assert hex_runs(tree_file.text, tree_file.data) == [(at + shift, run) for at, run in expected]


def vl3_edit(files: dict[str, bytes]) -> tuple[dict[str, bytes], str]:
    path = "sites/central/helm/nsm-edge-embb-smf/values.yaml"
    text = files[path].decode("utf-8")
    assert "nsm-edge-embb-upf1.nsm-edge-n4" in text
    return {
        **files,
        path: text.replace("nsm-edge-embb-upf1.nsm-edge-n4", "nsm-edge-embb-upf9.nsm-edge-n4").encode(),
    }, path


def test_a_vl3_name_that_breaks_the_rule_is_placed_from_the_bytes() -> None:
    """A summary keeps a file's vL3 names, not their places: the pass reads that one file again to
    place every breaking name (as the audit of the files does), and needs the bytes to do so."""
    files, path = vl3_edit(tree_files(OUT / "nsm-edge")[0])
    stored = {p: FileSummary.from_bytes(p, summarise(p, d).to_bytes()) for p, d in files.items()}
    assert all(isinstance(s.body.get("vl3", ""), str) for s in stored.values())
    asked: list[str] = []

    def read(wanted: str) -> bytes:
        asked.append(wanted)
        return files[wanted]

    found = audit_summaries(stored, "tree", lock_sealed(OUT / "nsm-edge"), read)
    assert found == audit_files(files, "tree", lock_sealed(OUT / "nsm-edge"))
    breaking = [d for d in found if d.code == "N5G812"]
    assert breaking and all(
        d.location and d.location.file == f"tree/{path}" and d.location.line > 1 for d in breaking
    )
    assert path in asked and len(set(asked)) < len(files) / 2
    assert needs_bytes(stored, lock_sealed(OUT / "nsm-edge"))
    assert not [
        d for d in audit_summaries(stored, "tree", lock_sealed(OUT / "nsm-edge")) if d.code == "N5G812"
    ]


def test_a_namespaces_file_of_many_labels_has_a_small_summary() -> None:
    """Every n5gc.io label is a vL3 candidate: the summary holds the name once, not every place,
    so a tree's namespaces file stays small enough to be stamped (n5gc.incremental)."""
    labels = "".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns{i}\n  labels:\n    n5gc.io/network: x\n"
        for i in range(2000)
    )
    summary = summarise("sites/a/namespaces.yaml", labels.encode())
    assert summary.body["vl3"] == "n5gc.io"
    assert len(summary.to_bytes()) < 200


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",
        "# generated\n# twice\na: 1\n",
        "  \n# after a blank line\na: 1\n",
        "\x1c# after a separator\na: 1",
        "  # indented\r\nb: 2\r\n",
        "",
        "# only comments\n",
    ],
)
def test_config_hashes_are_of_the_text_and_of_its_body(text: str) -> None:
    """The text's hash, and the hash without its leading comment lines (as splitlines() cuts them)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines = lines[1:]
    expected = {
        hashlib.sha256(text.encode()).hexdigest(),
        hashlib.sha256("".join(lines).encode()).hexdigest(),
    }
    assert config_hashes(text, False) == expected


@pytest.mark.parametrize("network", NETWORKS)
def test_vl3_candidates_are_what_the_line_by_line_pattern_finds(network: str) -> None:
    """The candidates found from their dots are VL3_CANDIDATE's, line by line, on every text of a tree."""
    files, _ = tree_files(OUT / network)
    extra = "a.b x.y.z n5gc.io/x @p.q /r.s t-.u- v.w- .lead trail. 10.0.0.1 é.f g.h\nk.l_ m.n"
    texts = {**files, "extra.yaml": extra.encode(), "breaks.yaml": (extra + "\u2028o.p").encode()}
    for path, data in texts.items():
        text = data.decode("utf-8")
        expected = [
            [*m.groups(), number, m.start() + 1]
            for number, line in enumerate(text.splitlines(), 1)
            for m in VL3_CANDIDATE.finditer(line)
        ]
        assert _line_names(text).get("vl3", []) == expected, path


def test_service_names_are_found_on_every_line_that_repeats_one() -> None:
    """A line repeated (the NSSF entries of a large tree's core values) is searched once: every
    copy still gives its names at its own line, and a line that differs by one character its own."""
    entry = "    - uri: http://nrf-sbi.core.svc.cluster.local:7777\n      sst: 1\n"
    other = "    - uri: http://nrf-sbi.core2.svc.cluster.local:7777 udr.core.svc\n"
    text = "a: kubernetes.default.svc\n" + entry * 3 + other + entry + "b: x.y.svc.other.local\n"
    expected = [
        [*m.groups(), number, m.start() + 1]
        for number, line in enumerate(text.splitlines(), 1)
        for m in re.finditer(r"([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.([a-z.]+[a-z]))?", line)
        if m.group(1, 2) != ("kubernetes", "default")
    ]
    assert [ref[3] for ref in expected] == [2, 4, 6, 8, 8, 9, 11]
    assert _line_names(text)["ref"] == expected
    assert _line_names(text + "\u2028")["ref"] == expected  # (read line by line: another line break)


def test_a_vl3_name_holding_a_hex_run_is_left_out_and_read_again() -> None:
    """A run of 32 hex digits after a dot is a vL3 candidate that could be a key: the summary does
    not keep it (only that a name was left out), and the pass reads the file again, so a network
    service of such a name is still checked."""
    hexrun = "0123456789abcdef" * 2
    files = {
        "sites/a/nsm.yaml": (
            f"apiVersion: networkservicemesh.io/v1\nkind: NetworkService\nmetadata:\n  name: {hexrun}\n"
        ).encode(),
        "sites/a/app.yaml": f"a: 1\nb: upf.{hexrun}\n".encode(),
    }
    summary = summarise("sites/a/app.yaml", files["sites/a/app.yaml"])
    assert summary.body.get("vlk") == 1 and hexrun not in summary.to_bytes().decode()
    found = round_trips(files, "tree", {})
    assert [(d.code, d.location and d.location.line) for d in found if d.code == "N5G812"] == [("N5G812", 2)]
    stored = {p: FileSummary.from_bytes(p, summarise(p, d).to_bytes()) for p, d in files.items()}
    assert needs_bytes(stored)


# --- places a summary keeps as text, or leaves out and the pass makes again ----------------------


def first_key(text: str) -> Location:
    """Where a values file's document starts (its first key), in the tree "tree"."""
    [doc] = load_yaml("x", text)
    return doc.loc()


def one(found: list[Diagnostic], code: str, path: str) -> Diagnostic:
    """The one diagnostic of `code` placed on `path` of the tree "tree"."""
    [hit] = [d for d in found if d.code == code and d.location and d.location.file == f"tree/{path}"]
    return hit


OAI_SMF = "sites/berlin/helm/oai-core-embb-smf/values.yaml"


def test_a_upf_reading_left_out_of_its_summary_is_placed_at_the_values_start() -> None:
    """UPF values without the keys a UPF reading reads: the summary leaves the empty reading out
    and the pass makes it at the document's start, which the SMF's N5G808 names."""
    files = edited("three-slices", [(EMBB_UPF, "config:\n", "configX:\n")])
    assert '"upf"' not in summarise(EMBB_UPF, files[EMBB_UPF]).to_bytes().decode()
    found = round_trips(files, "tree", {})
    start = first_key(files[EMBB_UPF].decode())
    assert f"(tree/{EMBB_UPF}:{start.line}:{start.col})" in one(found, "N5G808", EMBB_SMF).message


def test_an_unset_config_map_left_out_of_its_summary_is_placed_at_the_values_start() -> None:
    """An OAI release's values without `global`: no "gcm" in the summary; N5G830 is placed at the
    document's start, as when read from the file."""
    files = edited("oai-core", [(OAI_SMF, "global:\n", "globe:\n")])
    assert '"gcm"' not in summarise(OAI_SMF, files[OAI_SMF]).to_bytes().decode()
    found = round_trips(files, "tree", lock_sealed(OUT / "oai-core"))
    start = first_key(files[OAI_SMF].decode())
    where = one(found, "N5G830", OAI_SMF).location
    assert where is not None and (where.line, where.col) == (start.line, start.col)


@pytest.mark.parametrize(
    ("old", "new", "key"), [('targetRevision: "2.3.1"', 'targetRevision: "9.9.9"', "version")]
)
def test_release_yaml_positions_kept_as_text_are_the_documents(old: str, new: str, key: str) -> None:
    """release.yaml's positions are one text in its summary: a message naming one gives the
    position the document has."""
    argo = "gitops/argocd/releases/three-slices-embb-smf.yaml"
    release = f"{BERLIN}/helm/three-slices-embb-smf/release.yaml"
    files = edited("three-slices", [(argo, old, new)])
    found = round_trips(files, "tree", lock_sealed(OUT / "three-slices"))
    [doc] = load_yaml("x", files[release].decode())
    where = doc.loc(key)
    assert f"(tree/{release}:{where.line}:{where.col})" in one(found, "N5G814", argo).message


def test_a_subscriber_group_kept_as_text_is_placed_at_its_name() -> None:
    files = edited("three-slices", [(SUBSCRIBERS, '"sst": 1, "sd": "000001"', '"sst": 1, "sd": "000009"')])
    found = round_trips(files, "tree", lock_sealed(OUT / "three-slices"))
    text = files[SUBSCRIBERS].decode()
    offset = text.index('"group": "embb-ues"')
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    where = one(found, "N5G805", SUBSCRIBERS).location
    assert where is not None and (where.line, where.col) == (line, col)


# Edits whose finding comes from the rules the pass over summaries shortened (shared gNB offers,
# group subscriptions, SMF coverage sets, the UE count's range, places made for messages only).
SUPI = "supi: imsi-001010000000001"
NSSF = 'sst: 1\n      sd: "0000'
SESSION = 'slice:\n        sst: 1\n        sd: "0x0000'
RULE_EDITS = [
    ("UE SUPI outside its PLMN", UES, SUPI, "supi: imsi-002010000000001", "N5G804", UES, UES),
    ("UE SUPI not provisioned", UES, SUPI, "supi: imsi-001019990000001", "N5G804", UES, SUBSCRIBERS),
    ("UEs beyond their group", UES, '- "10"', '- "100000"', "N5G804", UES, SUBSCRIBERS),
    ("UE session beside its configured slices", UES, SESSION + '01"', SESSION + '02"', "N5G805", UES, UES),
    ("DNN without a pool", SUBSCRIBERS, '"dnn": "internet"', '"dnn": "web"', "N5G807", SUBSCRIBERS, EMBB_SMF),
    ("NSSF slice", CORE_VALUES, NSSF + '01"', NSSF + '99"', "N5G805", CORE_VALUES, CORE_VALUES),
    ("AMF slice without an SMF", EMBB_SMF, "sst: 1", "sst: 4", "N5G806", CORE_VALUES, EMBB_SMF),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "path", "old", "new", "code", "on", "names"), RULE_EDITS, ids=[e[0] for e in RULE_EDITS]
)
def test_every_rule_finds_its_edit_from_the_summaries(
    name: str, path: str, old: str, new: str, code: str, on: str, names: str
) -> None:
    found = round_trips(edited("three-slices", [(path, old, new)]), "tree", lock_sealed(OUT / "three-slices"))
    hits = [d for d in found if d.code == code and d.location and d.location.file == f"tree/{on}"]
    assert any(f"tree/{names}:" in d.message for d in hits), found


@given(st.lists(st.sampled_from(["sites", "helm", "a", "", "release.yaml", "b/", "/", "x\n"]), max_size=7))
def test_the_site_release_pattern_is_is_site_release(parts: list[str]) -> None:
    path = "/".join(parts)
    assert bool(SITE_RELEASE.fullmatch(path)) == is_site_release(path)


def bisected_group(groups: list[SubscriberGroup], imsi: str) -> SubscriberGroup | None:
    """The group holding an IMSI as the rules found it before they kept the groups by first IMSI."""
    index = sorted((len(g.first), g.first, i) for i, g in enumerate(groups))
    at = bisect.bisect_right(index, (len(imsi), imsi, len(groups))) - 1
    holds = [g for g in groups if len(g.first) == len(imsi) == len(g.last) and g.first <= imsi <= g.last]
    if at >= 0 and groups[index[at][2]] in holds:
        return groups[index[at][2]]
    return holds[0] if holds else None


IMSIS = st.text("0129", min_size=1, max_size=3)


@given(st.lists(st.tuples(IMSIS, IMSIS), max_size=6), IMSIS)
def test_the_group_of_a_supi_is_the_one_bisection_finds(ranges: list[tuple[str, str]], imsi: str) -> None:
    """Overlapping, repeated and reversed ranges too: the first-IMSI lookup gives what bisection gave."""
    groups = [SubscriberGroup(f"g{i}", ("x", "1 1"), first, last) for i, (first, last) in enumerate(ranges)]
    assert _find_group(Facts(subscribers=groups), "imsi-" + imsi) is bisected_group(groups, imsi)


def test_subscriber_groups_are_summarised_as_their_json_says() -> None:
    """summarise reads subscribers.json straight into group records: each group's name, its place
    (where `"group": "<name>"` is written in the file), first and last IMSI, and every slice with
    an SST as [sst, sd normalised, the DNNs sorted once each], in the order written."""
    groups = [
        {"group": "g0", "imsiFirst": "001010000000001", "imsiLast": "001010000000010",
         "slices": [{"sst": 1, "sd": "0x0000FF", "sessions": [{"dnn": d} for d in ("ims", "web", "ims")]},
                    {"sst": 2, "sessions": []}, {"sd": "000001"}, "not a slice"]},
        "not a group",
        {"group": "g1", "imsiFirst": "001010000000011", "imsiLast": "001010000000020",
         "slices": [{"sst": 3, "sd": 10, "sessions": [{"dnn": "b"}, {"dnn": "a"}, 7]}]},
        {"group": 'q"x', "imsiFirst": 1, "slices": "none"},
    ]  # fmt: skip
    body = "\n".join("    " + json.dumps(group) for group in groups)
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: subscribers\n  namespace: core\n"
        f"data:\n  subscribers.json: |\n    [\n{body.replace(chr(10), ',' + chr(10))}\n    ]\n"
    )
    lines = text.split("\n")

    def place(name: str) -> str:
        needle = f'"group": {json.dumps(name)}'
        number = next(i for i, line in enumerate(lines) if needle in line)
        return f"{number + 1} {lines[number].index(needle) + 1}"

    expected = [
        ["g0", place("g0"), "001010000000001", "001010000000010",
         [[1, "0000ff", ["ims", "web"]], [2, None, []]]],
        ["g1", place("g1"), "001010000000011", "001010000000020", [[3, "00000a", ["a", "b"]]]],
        # (a name JSON escapes is not searched for as written: placed at the embedded text's start)
        ['q"x', f"{lines.index('    [') + 1} 5", "1", "None", []],
    ]  # fmt: skip
    summary = summarise("sites/site/core/subscribers.yaml", text.encode())
    assert summary.body["f"]["sub"] == expected
