"""A plain `n5gc validate` command line runs without click (n5gc/commands/validating.py): only lines
click would read the same way take that path, and they print and exit exactly as click's command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from cli_runs import run_n5gc

from n5gc.commands.validating import COMPLETION_VARIABLE, ValidateRequest, plain_command_line

REPO = intents.REPO
REFERENCE = ["examples/three-slices.yaml", "--overlay", "overlays/lab/three-slices.yaml"]


def test_a_plain_command_line_is_read_as_click_reads_it() -> None:
    args = ["validate", "a.yaml", "--overlay", "o1", "--intents-only", "b.yaml", "--overlay", "o2"]
    assert plain_command_line([*args, "--secrets", "s.yaml", "--format", "json"]) == ValidateRequest(
        intents=(Path("a.yaml"), Path("b.yaml")),
        overlays=(Path("o1"), Path("o2")),
        secrets=Path("s.yaml"),
        fmt="json",
        intents_only=True,
    )
    assert plain_command_line(["validate", "a.yaml"]) == ValidateRequest(intents=(Path("a.yaml"),))


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--help"],
        ["validate", "-h", "a.yaml"],
        ["validate", "--color", "never", "a.yaml"],
        ["validate", "--ignore", "N5G209", "a.yaml"],
        ["validate", "--overlay=o", "a.yaml"],
        ["validate", "--", "a.yaml"],
        ["validate", "-", "a.yaml"],
        ["validate", "--format", "xml", "a.yaml"],
        ["validate", "--format", "JSON", "a.yaml"],
        ["validate", "--format", "json", "--format", "text", "a.yaml"],
        ["validate", "--secrets", "s", "--secrets", "t", "a.yaml"],
        ["validate", "a.yaml", "--overlay"],
        ["validate", "a.yaml", "--overlay", "--intents-only"],
        ["validate", "a\0.yaml"],
        ["validate", ""],
        ["validate", "a\udcff.yaml"],
        ["validate", "a.yaml", "--intents-onyl"],
        ["--debug", "validate", "a.yaml"],
        ["compile", "a.yaml"],
    ],
)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert plain_command_line(args) is None


def test_a_completion_request_is_left_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(COMPLETION_VARIABLE, "bash_complete")
    assert plain_command_line(["validate", "a.yaml"]) is None


def test_an_unreadable_file_is_left_to_click(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """click.Path refuses an existing file it cannot read (exit 2, its message)."""
    present = intents.write(tmp_path, intents.NETWORK)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a file of another user reads
    assert plain_command_line(["validate", str(present)]) is None
    assert plain_command_line(["validate", str(tmp_path / "absent.yaml")]) is not None


def _cases(tmp: Path) -> list[list[str]]:
    broken = intents.write(tmp, intents.edit(intents.NETWORK, "sst: 1", "sst: one"), "broken.yaml")
    other = intents.write(tmp, "kind: Other\n", "other.yaml")
    reference = [str(REPO / REFERENCE[0]), "--overlay", str(REPO / REFERENCE[2])]
    return [
        ["validate", *reference],
        ["validate", *reference, "--format", "json"],
        ["validate", *reference, "--format", "github"],
        ["validate", str(broken)],
        ["validate", str(broken), str(REPO / "examples/lab.yaml")],
        ["validate", "--intents-only", str(other)],
        ["validate", "--intents-only", str(other), str(REPO / "examples/lab.yaml")],
        ["validate", str(tmp / "absent.yaml")],
        ["validate", str(REPO / "examples/lab.yaml"), "--secrets", str(REPO / "examples/lab.secrets.yaml")],
    ]


def test_the_plain_path_prints_and_exits_as_the_click_command(tmp_path: Path) -> None:
    """Each line run as it is (no click) and with `--color auto` (the default, which sends it through
    click): the same exit code, stdout and stderr."""
    seen_codes = set()
    for args in _cases(tmp_path):
        plain = run_n5gc(args, tmp_path)
        clicked = run_n5gc([*args, "--color", "auto"], tmp_path)
        assert "click" not in plain[3] and "click" in clicked[3], args  # the two paths were taken
        assert plain[:3] == clicked[:3], args
        seen_codes.add(plain[0])
    assert seen_codes == {0, 1}
