"""`n5gc diff`: exit codes, the impact summary, Secrets never shown, --against DIR and a Git revision."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from n5gc.cli import cli

OUT = "out/three-slices"  # where gitops.repo.path of the example points (N5G607 inside Git)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*args: str) -> tuple[int, str]:
    """Run `n5gc ARGS` in-process; stdout and stderr together."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three-slices example compiled into tmp_path/out; cwd is tmp_path."""
    for name in ("three-slices.yaml", "three-slices.secrets.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code, output = run("compile", "three-slices.yaml", "-o", OUT)
    assert code == 0, output
    return tmp_path / "three-slices.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_no_change_exits_0(network: Path) -> None:
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 0
    assert "no changes" in output


def test_pool_change_names_the_slice_releases_and_the_pool(network: Path) -> None:
    before = snapshot(network.parent / OUT)
    edit(network, "10.46.0.0/16", "10.48.0.0/16")
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 1
    assert "--- a/sites/berlin/helm/three-slices-urllc-smf/values.yaml" in output
    assert "+++ b/sites/berlin/helm/three-slices-urllc-upf1/values.yaml" in output
    assert "release three-slices-urllc-smf: restarts" in output
    assert "release three-slices-urllc-upf1: restarts" in output
    assert "customOpen5gsConfig.smf.session[0].subnet" in output
    assert "DNN control: pool 10.46.0.0/16 -> 10.48.0.0/16" in output
    restarting = [line for line in output.splitlines() if line.startswith("  release ")]
    assert len(restarting) == 2, restarting  # exactly that slice's SMF and UPF
    assert snapshot(network.parent / OUT) == before  # diff writes nothing


def test_subscriber_count_lists_imsis_and_restarts(network: Path) -> None:
    edit(network, 'first: "001010000000021", count: 10', 'first: "001010000000021", count: 12')
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 1
    assert "IMSIs added: 001010000000031-001010000000032 (2, group miot-ues)" in output
    assert "IMSIs removed" not in output
    assert "Job three-slices-core/three-slices-subscribers: re-runs" in output
    assert "Deployment three-slices-ran/three-slices-miot-ues-ues: restarts" in output
    assert "three-slices-embb-ues-ues: restarts" not in output


def test_key_change_reports_the_secret_without_content(network: Path) -> None:
    secrets = network.parent / "three-slices.secrets.yaml"
    old_key = "465B5CE8B199B49FAA5F0A2EE238A6BC"
    new_key = "0123456789ABCDEF0123456789ABCDEF"
    edit(secrets, old_key, new_key)
    for fmt in ("text", "json"):
        code, output = run("diff", "three-slices.yaml", "-o", OUT, "--format", fmt)
        assert code == 1
        for key in (old_key, new_key, old_key.lower(), new_key.lower(), "E8ED289DEBA952E4283B54E88E6183CA"):
            assert key not in output, f"a subscriber key leaked in --format {fmt}"
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert "Secret three-slices-core/three-slices-subscribers: changed (Secret: content not shown)" in output
    assert "Secret three-slices-ran/three-slices-embb-ues-ues: changed (Secret: content not shown)" in output


def test_against_a_git_revision(network: Path) -> None:
    folder = network.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.net", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=folder, check=True)
    assert run("diff", "three-slices.yaml", "-o", OUT, "--against", "HEAD")[0] == 0
    edit(network, "10.47.0.0/16", "10.49.0.0/16")
    code, output = run("compile", "three-slices.yaml", "-o", OUT)
    assert code == 0, output
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 0  # the folder is up to date ...
    code, output = run("diff", "three-slices.yaml", "-o", OUT, "--against", "HEAD")
    assert code == 1  # ... but not the committed one
    assert "compared with HEAD:out/three-slices" in output
    assert "DNN iot: pool 10.47.0.0/16 -> 10.49.0.0/16" in output


def test_against_a_folder(network: Path) -> None:
    shutil.copytree(network.parent / OUT, network.parent / "before")
    edit(network, "10.47.0.0/16", "10.49.0.0/16")
    assert run("compile", "three-slices.yaml", "-o", OUT)[0] == 0
    code, output = run("diff", "three-slices.yaml", "-o", OUT, "--against", "before")
    assert code == 1
    assert "release three-slices-miot-smf: restarts" in output


def test_json_shape(network: Path) -> None:
    edit(network, "10.46.0.0/16", "10.48.0.0/16")
    code, output = run("diff", "three-slices.yaml", "-o", OUT, "--format", "json")
    assert code == 1
    document = json.loads(output)
    assert document["changed"] is True
    (net,) = document["networks"]
    assert set(net) == {"output", "against", "changed", "files", "unchanged", "impact"}
    paths = {f["path"] for f in net["files"]}
    assert "sites/berlin/helm/three-slices-urllc-smf/values.yaml" in paths
    assert {r["release"] for r in net["impact"]["releases"]} == {
        "three-slices-urllc-smf",
        "three-slices-urllc-upf1",
    }
    assert net["impact"]["pools"] == [
        {"dnn": "control", "before": ["10.46.0.0/16"], "after": ["10.48.0.0/16"]}
    ]
    assert "sites/berlin/ran/gnb-gnb1.yaml" in net["unchanged"]


def test_gnb_config_change_redoes_ng_setup(network: Path) -> None:
    edit(network, 'nci: "0x000000010"', 'nci: "0x000000020"')
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 1
    assert "gNB three-slices-gnb1 (gnb): re-does NG Setup with the AMF" in output


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--format", "yaml"),
        ("diff", "three-slices.yaml", "-o", OUT, "--against", "no-such-revision"),
        ("diff", "three-slices.yaml", "-o", OUT, "--against", "--bad"),
        ("diff", "--no-such-option"),
        ("diff", "three-slices.yaml", "three-slices.yaml", "-o", OUT),  # the compile's own usage rule
    ],
)
def test_usage_errors_exit_2(network: Path, args: tuple[str, ...]) -> None:
    from n5gc.cli import main

    with pytest.raises(SystemExit) as exited:
        main(list(args))
    assert exited.value.code == 2


def test_intent_errors_compare_nothing(network: Path) -> None:
    edit(network, "sst: 2", "sst: 999")
    code, output = run("diff", "three-slices.yaml", "-o", OUT)
    assert code == 1
    assert "nothing compared" in output
    assert "Impact" not in output
