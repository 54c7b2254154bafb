"""Hostile input to the front end (issue 8: items 8, 10, 11, 15, 16): every promise as a test.

Each test states a promise of the README's guarantees and would fail on the code before it:
keys never appear in a message, bad tagged values and non-regular files are located diagnostics
(exit 1, never exit 3 or a hang), printed values cannot forge a line, overlays are checked, and
one run reports every problem on one stream.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from intents import NETWORK, SECRETS, edit
from intents import run_cli as run

# Not the public UERANSIM test keys (those appear in example hints): nothing may ever print these.
K = "8BAD0C1DE2F3A4B5C6D7E8F901234567"
OPC = "F0E1D2C3B4A5968778695A4B3C2D1E0F"
GOOD_SECRETS = SECRETS.replace("465B5CE8B199B49FAA5F0A2EE238A6BC", K).replace(
    "E8ED289DEBA952E4283B54E88E6183CA", OPC
)
HEADER = "apiVersion: n5gc.io/v1alpha1\nkind: Network\n"
FORMATS = ("text", "json", "github")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a valid network.yaml; the working directory."""
    monkeypatch.chdir(tmp_path)
    intents.write(tmp_path, NETWORK)
    return tmp_path


def every_stream(capsys: pytest.CaptureFixture[str], secrets: str) -> list[tuple[str, int, str]]:
    """(command, exit code, stdout + stderr) of validate (all formats), compile and plan, with the
    secrets file `secrets` beside the intent (so plan reads it too)."""
    intents.write(Path.cwd(), secrets, "network.secrets.yaml")
    runs = [
        (f"validate --format {fmt}", *run(capsys, "validate", "network.yaml", "--format", fmt))
        for fmt in FORMATS
    ]
    runs += [
        (f"compile --format {fmt}", *run(capsys, "compile", "network.yaml", "-o", "out", "--format", fmt))
        for fmt in FORMATS
    ]
    runs += [(f"plan -o {o}", *run(capsys, "plan", "network.yaml", "-o", o)) for o in ("text", "json")]
    return [(name, code, out + err) for name, code, out, err in runs]


# --- item 8: keys never in a message ------------------------------------------------------------

KEY_LEAKS = {
    "duplicate k": GOOD_SECRETS.replace("opc:", f"k: {K}, opc:"),
    "duplicate credentials entry": GOOD_SECRETS + f"  keys: {{k: {K}, opc: {OPC}}}\n",
    "!!int K": GOOD_SECRETS.replace(f"k: {K}", f"k: !!int {K}"),
    "!!float OPc": GOOD_SECRETS.replace(f"opc: {OPC}", f"opc: !!float {OPC}"),
    "K one digit short": GOOD_SECRETS.replace(f"k: {K}", f"k: {K[:-1]}"),
    "K as a number": GOOD_SECRETS.replace(f"k: {K}", "k: 12345678901234567890123456789012"),
    "K as a key": GOOD_SECRETS.replace(f"k: {K}, ", f"k: {OPC}, {K}: 1, "),
    "credential named by K": GOOD_SECRETS.replace("keys:", f"{K}:"),
    "kind holds K": GOOD_SECRETS.replace("kind: Secrets", f"kind: {K}"),
    "syntax error after K": GOOD_SECRETS.replace(f"opc: {OPC}", f'opc: "{OPC}'),
    "unknown tag named by K": GOOD_SECRETS.replace(f"k: {K}", f"k: !{K} x"),
}


@pytest.mark.parametrize("name", list(KEY_LEAKS))
def test_a_broken_secrets_file_never_shows_a_key(
    name: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = every_stream(capsys, KEY_LEAKS[name])
    for command, code, text in results:
        assert code == 1, f"{command}: exit {code}\n{text}"
        for key in (K, OPC, K.lower(), OPC.lower(), K[:-1], "12345678901234567890123456789012"):
            assert key not in text, f"{command} printed a key:\n{text}"
        assert "network.secrets.yaml" in text, f"{command} does not name the file:\n{text}"
    assert not (work / "out").exists(), "nothing is written on an error"


def test_a_duplicate_key_is_named_and_located(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, KEY_LEAKS["duplicate k"], "network.secrets.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml", "--secrets", "network.secrets.yaml")
    assert code == 1
    assert out.splitlines()[0] == 'network.secrets.yaml:4:47: error N5G002 duplicate key "k"'


def test_an_internal_error_line_never_quotes_the_exception(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception's text may hold input (`int('<K>')`): the one-line report leaves it out."""
    from n5gc.checks import identity

    def exploding(ctx: object) -> list[object]:
        int(K)  # a ValueError quoting K, as a real bug on a key would
        return []

    monkeypatch.setattr(identity, "RULES", [exploding])
    code, out, err = run(capsys, "validate", "network.yaml")
    assert code == 3 and K not in out + err
    assert err.startswith("n5gc: internal error: ValueError at n5gc/")


# --- item 10: values that do not fit their tags, complex keys ------------------------------------

BAD_TAGS = {
    "!!int one": "!!int one",
    "!!bool maybe": "!!bool maybe",
    "!!float x": "!!float x",
    "!!timestamp 2001-13-45": "!!timestamp 2001-13-45",
    "!!int 0x": "!!int 0x",
    "!!omap [1]": "!!omap [1]",
    "!!map [1]": "!!map [1]",
}


@pytest.mark.parametrize("tagged", list(BAD_TAGS.values()), ids=list(BAD_TAGS))
@pytest.mark.parametrize("where", ["intent", "overlay", "secrets"])
def test_a_value_that_does_not_fit_its_tag_is_located(
    tagged: str, where: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["validate", "network.yaml"]
    if where == "intent":
        intents.write(work, edit(NETWORK, "  tac: 1\n", f"  tac: {tagged}\n"))
        expected = r"network\.yaml:7:\d+: error N5G01[2]"
    elif where == "overlay":
        intents.write(work, HEADER + f"spec:\n  tac: {tagged}\n", "ov.yaml")
        args += ["--overlay", "ov.yaml"]
        expected = r"ov\.yaml:4:\d+: error N5G01[2]"
    else:
        intents.write(work, GOOD_SECRETS.replace("keys: {", f"keys: {{amf: {tagged}, "), "s.yaml")
        args += ["--secrets", "s.yaml"]
        expected = r"s\.yaml:4:\d+: error N5G01[2]"
    code, out, err = run(capsys, *args)
    assert (code, err) == (1, ""), out + err
    assert re.match(expected, out), out


def test_n5gc_yaml_with_a_bad_tag_is_located(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(
        work,
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks:\n"
        "  - intent: network.yaml\n    output: !!int out\n",
        "n5gc.yaml",
    )
    code, out, err = run(capsys, "compile")
    assert code == 1, out + err
    assert out.startswith('n5gc.yaml:5:13: error N5G012 "out" tagged !!int cannot be read as an integer')
    assert not (work / "out").exists()


@pytest.mark.parametrize("key", ["?\n", "? [a, b]\n: c\n", "? {x: 1}\n: c\n"])
def test_a_complex_or_empty_key_is_located(key: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(
        work,
        edit(NETWORK, "  tac: 1\n", "  tac: 1\n" + "".join("  " + line for line in key.splitlines(True))),
    )
    code, out, err = run(capsys, "validate", "network.yaml")
    assert (code, err) == (1, "")
    assert re.match(r"network\.yaml:8:\d+: error N5G001 mapping key .* is not a string", out), out


def test_a_lone_surrogate_is_refused_not_crashed_on(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, edit(NETWORK, "  name: net\n", '  name: "n\\ud800t"\n'))
    code, out, _ = run(capsys, "validate", "network.yaml")
    assert code == 1
    assert out.startswith("network.yaml:4:9: error N5G003 a string holds a lone surrogate")


# --- item 11: /dev/zero, FIFOs ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "compile", "plan"])
def test_dev_zero_is_refused_without_reading_it(
    command: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [command, "/dev/zero"] + (["-o", "out"] if command == "compile" else [])
    code, out, err = run(capsys, *args)
    assert code == 1
    assert "/dev/zero: error N5G008 is a character device, not a regular file" in out + err
    assert not (work / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_fifo_is_refused_without_blocking(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Opening a FIFO for reading blocks until a writer comes: n5gc must not even wait for one."""
    os.mkfifo(work / "pipe.yaml")
    code, out, _ = run(capsys, "validate", "pipe.yaml", "--overlay", "pipe.yaml", "--secrets", "pipe.yaml")
    assert code == 1
    assert out.count("error N5G008 is a FIFO (named pipe), not a regular file") == 1  # the intent
    code, out, _ = run(capsys, "validate", "--intents-only", "pipe.yaml")
    assert code == 1 and "N5G008" in out


def test_a_file_larger_than_the_limit_is_read_no_further(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from n5gc import load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 64)
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    code, out, _ = run(capsys, "validate", "network.yaml")
    assert code == 1 and "N5G007" in out
    assert sum(read) <= 65


# --- item 15: control characters, overlays, did-you-mean ------------------------------------------

FORGERY = "a\nnetwork.yaml:1:1: error N5G999 forged\r\u202e\x00\x1b[2J\x85\u2028"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_value_cannot_forge_a_diagnostic_line(
    fmt: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    escaped = json.dumps(FORGERY)  # a YAML double-quoted scalar accepts JSON escapes
    intents.write(work, edit(NETWORK, "  name: net\n", f"  name: {escaped}\n"))
    code, out, err = run(capsys, "validate", "network.yaml", "--format", fmt)
    assert (code, err) == (1, "")
    if fmt == "json":
        messages = [d["message"] for d in json.loads(out)["diagnostics"]]
        assert any(FORGERY in m for m in messages)  # exact data for tools
        return
    lines = out.splitlines()
    # one diagnostic (+ its quoted source line and caret, + hint), one summary
    assert len(lines) == (5 if fmt == "text" else 2), out
    assert not any(line.startswith("network.yaml:1:1: error N5G999") for line in lines)
    for char in "\r\u202e\x00\x1b\x85\u2028":
        assert char not in out
    assert "\\u202e" in out and "\\x00" in out and "\\x1b" in out


def test_an_overlay_of_another_kind_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, "apiVersion: apps/v1\nkind: Deployment\nspec:\n  tac: 9\n", "deploy.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml", "--overlay", "deploy.yaml")
    assert code == 1
    assert (
        "deploy.yaml:2:7: error N5G010 an overlay is a partial Network document: kind must be Network" in out
    )
    assert "deploy.yaml:1:13: error N5G010" in out


def test_a_key_deleted_by_an_overlay_is_reported_at_the_overlay(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intents.write(work, HEADER + "spec:\n  plmn:\n    mcc: {$patch: delete}\n", "ov.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml", "--overlay", "ov.yaml")
    assert code == 1
    assert out.splitlines()[0] == 'ov.yaml:5:5: error N5G101 missing required field "mcc"'


def test_a_misspelt_secrets_field_gets_a_suggestion(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, GOOD_SECRETS.replace("credentials:", "credentialss:"), "s.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml", "--secrets", "s.yaml")
    assert code == 1
    assert (
        's.yaml:3:1: error N5G100 unknown field "credentialss"\n    hint: did you mean `credentials`?' in out
    )


# --- item 16: usage exit code, one run, one stream ------------------------------------------------


def test_explain_of_an_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "BADCODE")
    assert (code, out) == (2, "")
    assert "n5gc explain --list" in err


def test_every_check_family_reports_in_one_run(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A model error (N5G104) no longer hides the checks: references, slices, subscribers, pools
    and radio all report in the same run, and nothing is reported about the pruned parts."""
    broken = intents.write(
        work,
        edit(
            edit(
                edit(
                    edit(NETWORK, 'sd: "000002"', 'sd: "2"'),
                    "slices: [embb, urllc]",
                    "slices: [embb, urllc, mmtc]",
                ),
                "band: n78",
                "band: n999",
            ),
            'imsi: {first: "001010000000001"',
            'imsi: {first: "999990000000001"',
        ),
    )
    code, out, _ = run(capsys, "validate", broken.name)
    assert code == 1
    found = {line.split(" error ")[1].split()[0] for line in out.splitlines() if " error " in line}
    assert {"N5G104", "N5G202", "N5G501", "N5G304"} <= found, out


def test_a_broken_list_item_does_not_report_references_to_it(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """urllc has a required field wrong: it is left out of the checks, and the gNB announcing it is
    not told that urllc is undeclared (it is declared, just broken)."""
    intents.write(work, edit(NETWORK, "      sst: 2\n", "      sst: two\n"))
    code, out, _ = run(capsys, "validate", "network.yaml")
    assert code == 1
    assert "N5G202" not in out and 'slice "urllc"' in out
    assert out.splitlines()[-1] == "1 error, 0 warnings"


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_validate_machine_output_is_on_stdout_whatever_the_outcome(
    fmt: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intents.write(work, edit(NETWORK, 'sd: "000002"', 'sd: "2"'), "broken.yaml")
    for intent, expected in (("network.yaml", 0), ("broken.yaml", 1), ("absent.yaml", 1)):
        code, out, err = run(capsys, "validate", intent, "--format", fmt)
        assert (code, err) == (expected, ""), err
        if fmt == "json":
            assert json.loads(out)["ok"] is (expected == 0)


def test_plan_json_is_on_stdout_whatever_the_outcome(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, edit(NETWORK, 'sd: "000002"', 'sd: "2"'), "broken.yaml")
    code, out, err = run(capsys, "plan", "network.yaml", "-o", "json")
    assert (code, err) == (0, "") and json.loads(out)["network"] == "net"
    code, out, err = run(capsys, "plan", "broken.yaml", "-o", "json")
    assert (code, err) == (1, "")
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["N5G104"]


def test_a_broken_credential_does_not_hide_an_unknown_one(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The secrets file's broken entry is reported, the checks still run on the others: a group
    naming credentials that do not exist is reported in the same run, one naming the broken entry
    is not (it exists, it is just broken)."""
    sensors = "slices: [{slice: urllc, dnns: [control]}]\n      credentials: keys"
    intents.write(work, edit(NETWORK, sensors, sensors.replace("keys", "other")))
    intents.write(work, GOOD_SECRETS.replace(f"k: {K}", f"k: {K[:-1]}"), "network.secrets.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml")
    assert code == 1
    lines = [line for line in out.splitlines() if " error " in line]
    assert [line.split(" error ")[1].split()[0] for line in lines] == ["N5G110", "N5G204"], out
    assert 'credentials "other" is not declared' in out and 'credentials "keys" is not declared' not in out
