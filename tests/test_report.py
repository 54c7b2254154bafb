"""Text diagnostics as people read them: the source line with a caret, colour only where wanted,
never a line of a secrets file, and per-code ignore of warnings (--ignore, n5gc.yaml `ignore:`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from intents import NETWORK, SECRET_K, SECRET_OPC, SECRETS, edit
from test_cli import run

from n5gc.diagnostics import Location, Severity, error

ANSI = "\x1b["
CELL = "band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 641280"
OFF_RASTER = edit(NETWORK, CELL, CELL.replace("arfcn: 641280", "centerMHz: 3500"))  # warning N5G502
BROKEN = edit(NETWORK, 'sd: "000002"', 'sd: "2"')  # error N5G104 at 26:11


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, text in (("broken", BROKEN), ("warn", OFF_RASTER)):
        intents.write(tmp_path, text, f"{name}.yaml")
        intents.write(tmp_path, SECRETS, f"{name}.secrets.yaml")
    return tmp_path


def test_source_line_and_caret_under_the_column(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "broken.yaml")
    assert code == 1
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if "N5G104" in line))
    source, caret = lines[first + 1], lines[first + 2]
    assert source == f"  26 | {BROKEN.splitlines()[25]}"
    # the caret stands under column 11 of the quoted line (the quote of "2")
    assert caret.index("^") - caret.index("|") == source.index('"2"') - source.index("|")
    assert lines[first + 3].startswith("    hint: ")


def test_no_source_line_from_a_secrets_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken secrets file, named without `.secrets.yaml`: located diagnostics, none of its lines."""
    intents.write(work, SECRETS.replace("opc: ", "opcc: "), "keys.yaml")
    code, out, err = run(capsys, "validate", "warn.yaml", "--secrets", "keys.yaml")
    assert code == 1
    assert "keys.yaml:" in out  # the diagnostic still points at the file
    for text in (out + err, out.lower()):
        assert SECRET_K.lower() not in text.lower() and SECRET_OPC.lower() not in text.lower()
    assert not any(line.lstrip().startswith("4 |") for line in out.splitlines())


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lab.secrets.yaml", "credentials: {}\nline two\n"),  # by name
        ("keys.yaml", "apiVersion: n5gc.io/v1alpha1\nkind: Secrets\n"),  # by content
        ("missing.yaml", None),  # unreadable: nothing to quote
    ],
)
def test_reporter_refuses_to_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str | None
) -> None:
    from n5gc.load import _QUOTABLE
    from n5gc.report import format_text

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(_QUOTABLE, name, True)  # as if loaded as an input: refused all the same
    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    rendered = format_text(error("N5G010", "bad", Location(name, 2, 1), "fix it"))
    assert rendered.splitlines() == [f"{name}:2:1: error N5G010 bad", "    hint: fix it"]


def test_only_input_files_not_sensitive_are_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from n5gc.load import load_file
    from n5gc.report import source_excerpt

    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.yaml").write_text("a: 1\nb: 2\n", encoding="utf-8")
    (tmp_path / "hidden.yaml").write_text("a: 1\nb: 2\n", encoding="utf-8")
    assert source_excerpt(Location("plain.yaml", 2, 1), Severity.ERROR) == []  # not loaded as input
    load_file(Path("plain.yaml"), "plain.yaml")
    load_file(Path("hidden.yaml"), "hidden.yaml")
    assert source_excerpt(Location("hidden.yaml", 2, 1), Severity.ERROR) != []
    load_file(Path("hidden.yaml"), "hidden.yaml", sensitive=True)
    assert source_excerpt(Location("hidden.yaml", 2, 1), Severity.ERROR) == []
    assert source_excerpt(Location("plain.yaml", 2, 1), Severity.ERROR) == ["  2 | b: 2", "    | ^"]


def test_colour_only_when_asked_or_on_a_terminal(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(capsys, "validate", "broken.yaml")
    assert ANSI not in out  # not a terminal
    _, out, _ = run(capsys, "validate", "broken.yaml", "--color", "always")
    assert ANSI in out and "N5G104" in out
    _, out, _ = run(capsys, "validate", "broken.yaml", "--format", "json", "--color", "always")
    assert ANSI not in out and json.loads(out)["diagnostics"][0]["code"] == "N5G104"
    _, out, _ = run(capsys, "validate", "broken.yaml", "--format", "github", "--color", "always")
    assert ANSI not in out and " | " not in out  # no colour, no source lines in CI annotations
    from n5gc import report

    monkeypatch.setattr(report.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(report.sys.stderr, "isatty", lambda: True, raising=False)
    assert report.colour_wanted()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not report.colour_wanted()


def test_ignore_drops_warnings_never_errors(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "warn.yaml")
    assert code == 0 and "N5G502" in out
    code, out, _ = run(capsys, "validate", "warn.yaml", "--ignore", "N5G502")
    assert (code, out) == (0, "warn.yaml: ok\n")
    code, out, _ = run(capsys, "validate", "broken.yaml", "--ignore", "n5g104")
    assert code == 1 and "N5G104" in out  # errors cannot be ignored
    code, _, err = run(capsys, "validate", "warn.yaml", "--ignore", "N5G9999")
    assert code == 2 and "unknown code" in err
    code, out, err = run(capsys, "compile", "warn.yaml", "-o", "out/warn", "--ignore", "N5G502")
    assert code == 0 and "N5G502" not in out + err
    code, out, err = run(capsys, "diff", "warn.yaml", "-o", "out/warn", "--ignore", "N5G502")
    assert code == 0 and "N5G502" not in out + err


def test_ignore_in_n5gc_yaml(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = (
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\n{}"
        "networks:\n  - {{intent: warn.yaml, output: out/warn}}\n"
    )
    (work / "n5gc.yaml").write_text(config.format("ignore: [N5G502]\n"), encoding="utf-8")
    code, out, err = run(capsys, "validate", "warn.yaml")
    assert (code, out) == (0, "warn.yaml: ok\n")
    code, out, err = run(capsys, "compile")
    assert code == 0 and "N5G502" not in out + err
    (work / "n5gc.yaml").write_text(config.format(""), encoding="utf-8")
    _, out, _ = run(capsys, "validate", "warn.yaml")
    assert "N5G502" in out
