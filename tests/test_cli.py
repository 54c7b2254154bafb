"""The command line as users and CI see it: exit codes, output formats, explain, schema, plan."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from intents import NETWORK, REPO, SECRETS, edit
from intents import run_cli as run

from n5gc import __version__
from n5gc.checks import identity
from n5gc.diagnostics import Diagnostic, Location, Report, Severity, error, warning
from n5gc.report import render

N5GC = str(intents.VENV_BIN / "n5gc")
BROKEN = edit(NETWORK, 'sd: "000002"', 'sd: "2"')
WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"


def n5gc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [N5GC, *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a valid network.yaml, a broken.yaml and a GitHub workflow; the working directory."""
    monkeypatch.chdir(tmp_path)
    intents.write(tmp_path, NETWORK)
    intents.write(tmp_path, BROKEN, "broken.yaml")
    intents.write(tmp_path, WORKFLOW, ".github/workflows/ci.yaml")
    return tmp_path


# --- the real console script -----------------------------------------------------------------------


def test_console_script_exit_codes(work: Path) -> None:
    ok = n5gc("validate", "network.yaml", cwd=work)
    assert (ok.returncode, ok.stdout.strip(), ok.stderr) == (0, "network.yaml: ok", "")
    bad = n5gc("validate", "broken.yaml", cwd=work)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0] == (
        'broken.yaml:26:11: error N5G104 slice "urllc": sd "2" must be 6 hex digits, e.g. "000002"'
    )
    assert bad.stdout.splitlines()[-1] == "1 error, 0 warnings"
    usage = n5gc("validate", "--no-such-option", "network.yaml", cwd=work)
    assert usage.returncode == 2 and "No such option" in usage.stderr
    assert n5gc("validate", cwd=work).returncode == 2  # INTENTS is required
    assert n5gc("no-such-verb", cwd=work).returncode == 2


def test_console_script_version() -> None:
    result = n5gc("--version")
    assert (result.returncode, result.stdout) == (0, f"n5gc {__version__}\n")


def test_python_dash_m() -> None:
    result = subprocess.run(
        [str(intents.VENV_BIN / "python"), "-m", "n5gc", "explain", "N5G104"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("N5G104: malformed SD")


def test_the_console_script_leaves_with_every_exit_code_and_all_its_output() -> None:
    """`n5gc` ends with os._exit after flushing the standard streams (n5gc.cli.run): the exit codes
    are main's, and a large output through a pipe arrives whole."""
    schema = n5gc("schema", "intent")
    assert schema.returncode == 0
    assert schema.stdout == (REPO / "schemas" / "intent.schema.json").read_text(encoding="utf-8")
    assert n5gc("validate", "examples/lab.yaml", cwd=REPO).returncode == 0
    missing = n5gc("validate", "no-such-intent.yaml", cwd=REPO)
    assert missing.returncode == 1 and "N5G008" in missing.stdout + missing.stderr
    assert n5gc("no-such-verb").returncode == 2


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`n5gc schema intent | head -c 1`: the reader is gone before n5gc writes (its end of the pipe
    is closed), so every write fails with EPIPE; no traceback, no BrokenPipeError message."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        writer = subprocess.run(
            [N5GC, "schema", "intent"], stdout=write_end, stderr=subprocess.PIPE, text=True, check=False
        )
    finally:
        os.close(write_end)
    assert writer.returncode == 1, writer.stderr  # click's rule for EPIPE: leave quietly with 1
    assert writer.stderr == ""


# --- validate ----------------------------------------------------------------------------------------


def test_validate_reports_every_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "network.yaml", "broken.yaml")
    assert code == 1
    assert [line.split(" ")[2] for line in out.splitlines() if ": error " in line] == ["N5G104"]
    code, out, _ = run(capsys, "validate", "network.yaml", "network.yaml")
    assert (code, out) == (0, "network.yaml, network.yaml: ok\n")


def test_five_independent_mistakes_give_five_diagnostics(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = NETWORK
    for old, new in [
        ("podCidr: 10.42", "podCIDR: 10.42"),  # model: unknown field
        ('mcc: "001"', "mcc: 1"),  # model: number for a string
        ("      sst: 2", "      sst: 256"),  # model: out of range
        ('sd: "000002"', 'sd: "2"'),  # model: malformed SD
        ('"001010000000101"', '"0010100000001"'),
    ]:  # model: malformed IMSI
        text = edit(text, old, new)
    intents.write(work, text, "five.yaml")
    code, out, _ = run(capsys, "validate", "five.yaml", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert code == 1
    assert [(d["line"], d["code"]) for d in found] == [
        (6, "N5G102"),
        (10, "N5G100"),
        (24, "N5G103"),
        (26, "N5G104"),
        (40, "N5G106"),
    ]


def test_five_semantic_mistakes_give_five_diagnostics(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = NETWORK
    for old, new in [
        ("    site: berlin\n    n2", "    site: paris\n    n2"),  # unknown site
        ("slices: [embb, urllc]", "slices: [embb, urllc, miot]"),  # unknown slice
        ("10.46.0.0/24", "10.45.0.128/25"),  # overlapping pools
        ('"001010000000101"', '"001010000000005"'),  # overlapping IMSIs
        ("[{slice: urllc, dnns: [control]}]", "[{slice: urllc, dnns: [ims]}]"),
    ]:  # unknown DNN
        text = edit(text, old, new)
    intents.write(work, text, "five.yaml")
    code, out, _ = run(capsys, "validate", "five.yaml")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error " in line]
    assert [line.split(" ")[2] for line in errors] == ["N5G201", "N5G307", "N5G202", "N5G306", "N5G205"]
    assert out.splitlines()[-1] == "5 errors, 0 warnings"


def test_warnings_do_not_fail(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, edit(NETWORK, "service: NodePort", "service: ClusterIP"), "warn.yaml")
    code, out, _ = run(capsys, "validate", "warn.yaml")
    assert code == 0
    assert out.splitlines()[0].startswith("warn.yaml:14:40: warning N5G310 ")
    assert out.splitlines()[-1] == "0 errors, 1 warning"


def test_json_format(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "broken.yaml", "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "ok": False,
        "summary": "1 error, 0 warnings",
        "diagnostics": [
            {
                "code": "N5G104",
                "severity": "error",
                "file": "broken.yaml",
                "line": 26,
                "col": 11,
                "message": 'slice "urllc": sd "2" must be 6 hex digits, e.g. "000002"',
                "hint": "the SD is 24 bits written as 6 hex digits; a 0x prefix is accepted",
            }
        ],
    }
    code, out, _ = run(capsys, "validate", "network.yaml", "--format", "json")
    assert code == 0 and json.loads(out) == {"ok": True, "summary": "0 errors, 0 warnings", "diagnostics": []}


def test_github_format(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "broken.yaml", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        '::error file=broken.yaml,line=26,col=11,title=N5G104::slice "urllc": sd "2" must '
        'be 6 hex digits, e.g. "000002" (hint: the SD is 24 bits written as 6 hex digits; '
        "a 0x prefix is accepted)"
    )


def test_github_format_escapes() -> None:
    report = Report(
        [
            error("N5G001", "50% off\nsecond line", Location("dir,x/a:b.yaml", 3, 4)),
            warning("N5G310", "no position", Location("whole.yaml")),
            error("N5G009", "nowhere"),
        ]
    )
    lines = render(report, "github").splitlines()
    assert lines == [
        "::error title=N5G009::nowhere",
        "::error file=dir%2Cx/a%3Ab.yaml,line=3,col=4,title=N5G001::50%25 off%0Asecond line",
        "::warning file=whole.yaml,title=N5G310::no position",
        "2 errors, 1 warning",
    ]


def test_text_report_is_sorted_and_deduplicated() -> None:
    a = Diagnostic("N5G201", Severity.ERROR, "m", Location("b.yaml", 2, 1))
    b = Diagnostic("N5G100", Severity.ERROR, "m", Location("a.yaml", 9, 1), "hint")
    c = Diagnostic("N5G303", Severity.WARNING, "m", Location("b.yaml", 1, 5))
    text = render(Report([a, b, c, a]), "text")
    assert text.splitlines() == [
        "a.yaml:9:1: error N5G100 m",
        "    hint: hint",
        "b.yaml:1:5: warning N5G303 m",
        "b.yaml:2:1: error N5G201 m",
        "2 errors, 1 warning",
    ]
    assert render(Report(), "text", "all good") == "all good"


def test_intents_only_skips_other_yaml(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--intents-only", ".github/workflows/ci.yaml")
    assert (code, out) == (0, "")
    code, out, _ = run(capsys, "validate", "--intents-only", ".github/workflows/ci.yaml", "broken.yaml")
    assert code == 1 and "ci.yaml" not in out and "broken.yaml:26:11" in out
    code, out, _ = run(capsys, "validate", ".github/workflows/ci.yaml")  # without the flag it is an error
    assert code == 1 and "N5G010" in out


def test_secrets_option(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(work, edit(SECRETS, "  keys:", "  other:"), "keys.yaml")
    code, out, _ = run(capsys, "validate", "network.yaml", "--secrets", "keys.yaml")
    assert code == 1 and out.count("N5G204") == 2
    intents.write(work, SECRETS, "network.secrets.yaml")  # found beside the intent by default
    code, out, _ = run(capsys, "validate", "network.yaml")
    assert (code, out) == (0, "network.yaml: ok\n")
    code, out, _ = run(capsys, "validate", "network.yaml", "--secrets", "missing.yaml")
    assert code == 1 and "missing.yaml: error N5G008 file not found" in out


def test_overlay_option(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intents.write(
        work,
        "apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  slices:\n    - {name: urllc, sd: '000002'}\n",
        "fix/urllc.yaml",
    )
    code, out, _ = run(capsys, "validate", "broken.yaml", "--overlay", "fix")
    assert (code, out) == (0, "broken.yaml: ok\n")
    code, out, _ = run(capsys, "validate", "network.yaml", "--overlay", "nothing-here")
    assert code == 1 and "nothing-here: error N5G008 file not found" in out


# --- internal errors ---------------------------------------------------------------------------------


def exploding_rule(ctx: object) -> list[Diagnostic]:
    raise RuntimeError("rule exploded")


def test_internal_error_exit_3(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identity, "RULES", [exploding_rule])
    code, out, err = run(capsys, "validate", "network.yaml")
    assert code == 3 and out == ""
    # The exception's text may quote input (a key): only its type and n5gc's frame are shown.
    assert re.fullmatch(
        r"n5gc: internal error: RuntimeError at n5gc/checks/__init__\.py:\d+", err.splitlines()[0]
    )
    assert "rule exploded" not in err
    assert "Traceback" not in err and "--debug" in err
    code, _, err = run(capsys, "--debug", "validate", "network.yaml")
    assert code == 3
    assert "Traceback (most recent call last)" in err and "exploding_rule" in err
    assert "RuntimeError: rule exploded" in err


# --- explain, schema, plan -----------------------------------------------------------------------------


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "N5G104")
    assert code == 0
    assert out.startswith("N5G104: malformed SD\n\nThe slice differentiator is 24 bits")
    code, out2, _ = run(capsys, "explain", "n5g104")
    assert (code, out2) == (0, out)


def test_explain_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "N5G999")
    assert (code, out) == (2, "")  # a wrong argument is a usage error
    assert err.startswith("n5gc: unknown code N5G999; did you mean `N5G")
    assert "n5gc explain --list" in err
    code, _, err = run(capsys, "explain", "N5G1O4")
    assert code == 2 and "did you mean `N5G104`?" in err


def test_explain_list(capsys: pytest.CaptureFixture[str]) -> None:
    from n5gc.codes import CATALOG

    code, out, _ = run(capsys, "explain", "--list")
    assert code == 0
    assert [line.split("  ")[0] for line in out.splitlines()] == list(CATALOG)


def test_schema_is_kept_in_sync(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    committed = (REPO / "schemas" / "intent.schema.json").read_text(encoding="utf-8")
    assert out == committed, (
        "schemas/intent.schema.json is stale: run `n5gc schema > schemas/intent.schema.json`"
    )


def test_plan_json_holds_no_key_material(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    secrets = (REPO / "examples" / "lab.secrets.yaml").read_text(encoding="utf-8")
    keys = [word for word in secrets.replace(",", " ").replace("}", " ").split() if len(word) == 32]
    assert len(keys) == 2  # K and OPc of the lab's secrets file, which sits beside the intent
    code, out, _ = run(capsys, "plan", "examples/lab.yaml", "-o", "json")
    assert code == 0
    plan = json.loads(out)
    assert plan["network"] == "lab"
    for key in keys:
        assert key.lower() not in out.lower()

    def keys_of(node: object) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys_of(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys_of(v)}
        return set()

    assert not {"k", "opc", "key", "K", "OPc"} & keys_of(plan)
    assert "ueransim-test-keys" in out  # the credentials are named, never inlined


def test_plan_refuses_a_broken_intent(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "broken.yaml")
    assert (code, out) == (1, "")
    assert err.startswith("broken.yaml:26:11: error N5G104")
    # -o json: one stream (stdout), one format, whatever the outcome
    code, out, err = run(capsys, "plan", "broken.yaml", "-o", "json")
    assert (code, err) == (1, "")
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["N5G104"]


def test_plan_text(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "plan", "examples/lab.yaml")
    assert code == 0 and out.startswith("network lab: PLMN 999-70, TACs 1\n")
    assert "subscribers phones: 999700000000001..999700000000002 (2)" in out


def test_plan_text_lists_tacs_and_says_when_a_site_has_no_namespaces(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "plan", "examples/per-gnb-tacs.yaml")
    assert code == 0 and out.startswith("network per-gnb-tacs: PLMN 001-01, TACs 7, 12\n")
    code, out, _ = run(capsys, "plan", "examples/liqo-cp-offload.yaml")
    assert code == 0
    assert "site cloud (cluster cloud): no namespaces\n" in out
    assert not any(line.rstrip() != line or line.endswith(": namespaces") for line in out.splitlines())


def test_plan_takes_format_like_the_other_verbs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "plan", "examples/lab.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["network"] == "lab"
    _, legacy, _ = run(capsys, "plan", "examples/lab.yaml", "-o", "json")
    assert legacy == out  # the deprecated spelling still works, byte for byte
    code, _, err = run(capsys, "plan", "examples/lab.yaml", "--format", "text", "-o", "json")
    assert code == 2 and "disagree" in err
    _, help_text, _ = run(capsys, "plan", "--help")
    assert "--format" in help_text and "Deprecated alias" in help_text


def test_help_lists_the_verbs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for verb in ("validate", "compile", "plan", "schema", "explain"):
        assert f"  {verb} " in out


# --- default output folder ---------------------------------------------------------------------------


def test_compile_without_output_writes_to_out_slash_network_name(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's layout promises out/<network>: the folder follows metadata.name, not the file's name."""
    intents.write(work, NETWORK, "my-intent.yaml")  # metadata.name: net
    intents.write(work, SECRETS, "my-intent.secrets.yaml")
    code, _, err = run(capsys, "compile", "my-intent.yaml")
    assert code == 0, err
    assert (work / "out" / "net" / "n5gc.lock.json").is_file()
    assert not (work / "out" / "my-intent").exists()
    _, help_text, _ = run(capsys, "compile", "--help")
    assert "out/<network>" in " ".join(help_text.split())


def test_default_output_falls_back_to_the_file_name_when_the_name_is_unusable(work: Path) -> None:
    from n5gc.commands.compile import default_output

    intents.write(work, edit(NETWORK, "name: net", "name: ../../etc"), "odd.yaml")
    assert default_output(Path("odd.yaml")) == Path("out/odd")
    assert default_output(Path("missing.yaml")) == Path("out/missing")


# --- shell completion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --no-files")]
)
def test_shell_completion_script_is_documented_and_produced(shell: str, marker: str) -> None:
    """`n5gc --help` says how to enable completion, and the variable it names prints the script."""
    help_text = n5gc("--help").stdout
    variable = f"_N5GC_COMPLETE={shell}_source n5gc"
    assert variable in help_text
    done = subprocess.run(
        [N5GC],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "_N5GC_COMPLETE": f"{shell}_source"},
    )
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout and "_N5GC_COMPLETE" in done.stdout


def test_completion_offers_the_verbs() -> None:
    env = {**os.environ, "_N5GC_COMPLETE": "bash_complete", "COMP_WORDS": "n5gc va", "COMP_CWORD": "1"}
    done = subprocess.run([N5GC], capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0 and "plain,validate" in done.stdout.splitlines()
