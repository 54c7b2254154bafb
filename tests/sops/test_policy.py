"""Plain text only on purpose: `requireEncryption: true` in n5gc.yaml (or `--require-encryption`)
makes a network whose keys would be written in plain text an error, with nothing written."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import run_cli

REPO = Path(__file__).resolve().parents[2]


def lab_repository(folder: Path, setting: str) -> Path:
    for name in ("lab.yaml", "lab.secrets.yaml"):
        shutil.copy(REPO / "examples" / name, folder / name)
    (folder / "n5gc.yaml").write_text(
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\n"
        "networks:\n  - {intent: lab.yaml, secrets: lab.secrets.yaml, output: out/lab}\n" + setting,
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("setting", "args"),
    [("requireEncryption: true\n", ()), ("", ("--require-encryption",))],
)
def test_required_encryption_refuses_plain_keys_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    args: tuple[str, ...],
) -> None:
    monkeypatch.chdir(lab_repository(tmp_path, setting))
    for command in (("compile", *args), ("compile", "--check", *args)):
        code, out, err = run_cli(capsys, *command)
        assert code == 1
        assert "N5G241" in out + err and "encryption is required" in out + err
    assert not (tmp_path / "out").exists()


def test_without_the_setting_plain_keys_are_warning_n5g209(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(lab_repository(tmp_path, "requireEncryption: false\n"))
    code, out, err = run_cli(capsys, "compile")
    assert code == 0
    assert "N5G209" in out + err and "spec.encryption.sops.age" in out + err
    assert (tmp_path / "out" / "lab" / "n5gc.lock.json").is_file()
