"""The written files of a fresh compile agree with facts written by hand (tests/oracles/facts.py).

Each reference network of n5gc.yaml is compiled by the CLI into a temporary folder; the files are
read back with PyYAML (and a regex for OAI's libconfig) only. Neither the plan nor the committed
out/ takes part: a planner bug that reaches both the AMF values and the gNB config, or an out/
regenerated from a buggy compiler, still disagrees with the hand-written facts.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import written
from facts import FACTS

REPO = Path(__file__).resolve().parents[2]
N5GC = [sys.executable, "-m", "n5gc"]


def _networks() -> dict[str, dict[str, Any]]:
    """Output folder name -> its n5gc.yaml entry."""
    config = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))
    return {Path(entry["output"]).name: entry for entry in config["networks"]}


def compile_network(entry: dict[str, Any], output: Path) -> None:
    """`n5gc compile INTENT --overlay … --secrets … -o OUTPUT`, as a user runs it."""
    command = [*N5GC, "compile", entry["intent"], "-o", str(output)]
    for overlay in entry.get("overlays", []):
        command += ["--overlay", overlay]
    if entry.get("secrets"):
        command += ["--secrets", entry["secrets"]]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every network of n5gc.yaml that has facts, freshly compiled."""
    root = tmp_path_factory.mktemp("fresh")
    compiled = {}
    for name, entry in _networks().items():
        if name in FACTS:
            compile_network(entry, root / name)
            compiled[name] = root / name
    return compiled


def test_every_fact_sheet_names_a_reference_network() -> None:
    assert set(FACTS) <= set(_networks()), "facts for a network n5gc.yaml does not build"


def _cases(key: str) -> list[str]:
    return [name for name, facts in FACTS.items() if key in facts]


@pytest.mark.parametrize("name", _cases("amf_tais"))
def test_amf_serves_exactly_the_tracking_areas(trees: dict[str, Path], name: str) -> None:
    assert written.amf_tais(trees[name]) == FACTS[name]["amf_tais"]


@pytest.mark.parametrize("name", _cases("amf_slices"))
def test_amf_announces_the_slices(trees: dict[str, Path], name: str) -> None:
    assert written.amf_slices(trees[name]) == FACTS[name]["amf_slices"]


@pytest.mark.parametrize("name", _cases("smf_pools"))
def test_smf_session_pools(trees: dict[str, Path], name: str) -> None:
    assert written.smf_pools(trees[name]) == FACTS[name]["smf_pools"]


@pytest.mark.parametrize("name", _cases("upf_pools"))
def test_upf_routed_pools(trees: dict[str, Path], name: str) -> None:
    assert written.upf_pools(trees[name]) == FACTS[name]["upf_pools"]


@pytest.mark.parametrize("name", _cases("pool_gateways"))
def test_pool_gateways(trees: dict[str, Path], name: str) -> None:
    assert written.pool_gateways(trees[name]) == FACTS[name]["pool_gateways"]


@pytest.mark.parametrize("name", _cases("smf_upf_peers"))
def test_smf_pfcp_peers(trees: dict[str, Path], name: str) -> None:
    peers = written.smf_upf_peers(trees[name])
    assert {smf: len(set(addresses)) for smf, addresses in peers.items()} == FACTS[name]["smf_upf_peers"]


@pytest.mark.parametrize("name", _cases("oai_guamis"))
def test_oai_amf_guamis(trees: dict[str, Path], name: str) -> None:
    assert written.oai_guamis(trees[name]) == FACTS[name]["oai_guamis"]


@pytest.mark.parametrize("name", _cases("oai_smf_upfs"))
def test_oai_smf_upfs(trees: dict[str, Path], name: str) -> None:
    assert written.oai_smf_upfs(trees[name]) == FACTS[name]["oai_smf_upfs"]


@pytest.mark.parametrize("name", _cases("ueransim_gnbs"))
def test_ueransim_gnb_identity_and_tac(trees: dict[str, Path], name: str) -> None:
    gnbs = written.ueransim_gnbs(trees[name])
    assert set(gnbs) == set(FACTS[name]["ueransim_gnbs"])
    for gnb, expected in FACTS[name]["ueransim_gnbs"].items():
        assert {key: gnbs[gnb][key] for key in expected} == expected, gnb
    for gnb, slices in FACTS[name].get("ueransim_gnb_slices", {}).items():
        assert gnbs[gnb]["slices"] == slices, gnb


@pytest.mark.parametrize("name", _cases("ues"))
def test_simulated_ues(trees: dict[str, Path], name: str) -> None:
    ues = written.ueransim_ues(trees[name])
    found = {name: (ue["supi"], ue["count"], [s["apn"] for s in ue["sessions"]]) for name, ue in ues.items()}
    assert found == FACTS[name]["ues"]
    for group, gnb in FACTS[name].get("ue_gnb", {}).items():
        assert ues[group]["gnbSearchList"] == [gnb], group


@pytest.mark.parametrize("name", _cases("srsran_gnbs"))
def test_srsran_cell(trees: dict[str, Path], name: str) -> None:
    gnbs = written.srsran_gnbs(trees[name])
    for release, expected in FACTS[name]["srsran_gnbs"].items():
        config = gnbs[release]
        actual = {"gnb_id": config["gnb_id"], **{k: config["cell_cfg"][k] for k in expected if k != "gnb_id"}}
        assert actual == expected
        area = config["cu_cp"]["amf"]["supported_tracking_areas"]
        assert [a["tac"] for a in area] == [expected["tac"]]


@pytest.mark.parametrize("name", _cases("oai_gnbs"))
def test_oai_carrier_and_identity(trees: dict[str, Path], name: str) -> None:
    gnbs = written.oai_gnbs(trees[name])
    assert set(gnbs) == set(FACTS[name]["oai_gnbs"])
    for gnb, expected in FACTS[name]["oai_gnbs"].items():
        assert {key: gnbs[gnb].get(key) for key in expected} == expected, gnb


@pytest.mark.parametrize("name", _cases("subscribers"))
def test_subscriber_imsi_ranges(trees: dict[str, Path], name: str) -> None:
    assert written.subscriber_ranges(trees[name]) == FACTS[name]["subscribers"]


@pytest.mark.parametrize("name", _cases("argocd_order"))
def test_argocd_sync_waves_order(trees: dict[str, Path], name: str) -> None:
    waves = written.argocd_waves(trees[name])
    order = FACTS[name]["argocd_order"]
    assert set(waves) == {app for step in order for app in step}
    for earlier, later in itertools.pairwise(order):
        assert max(waves[a] for a in earlier) < min(waves[a] for a in later), (earlier, later)
    for step in order:
        assert len({waves[a] for a in step}) == 1, step


@pytest.mark.parametrize("name", _cases("flux_depends_on"))
def test_flux_depends_on(trees: dict[str, Path], name: str) -> None:
    assert written.flux_depends_on(trees[name]) == FACTS[name]["flux_depends_on"]


@pytest.mark.parametrize("name", _cases("smoke_tests"))
def test_smoke_test_jobs(trees: dict[str, Path], name: str) -> None:
    """One Job per slice x DNN with its own IMSI, probing that DNN's pool, gateway and MTU."""
    assert written.smoke_tests(trees[name]) == FACTS[name]["smoke_tests"]


@pytest.mark.parametrize("name", _cases("flux_kustomization_depends_on"))
def test_flux_kustomization_order(trees: dict[str, Path], name: str) -> None:
    """The Kustomizations named in the facts wait for exactly those they name."""
    edges = written.flux_kustomization_depends_on(trees[name])
    expected = FACTS[name]["flux_kustomization_depends_on"]
    assert {k: edges.get(k) for k in expected} == expected


def test_config_hash_follows_the_config_values(tmp_path: Path, trees: dict[str, Path]) -> None:
    """A config change must roll the pod: the hash follows values, not just keys."""
    hashes = written.pod_config_hashes(trees["per-gnb-tacs"])
    # Same keys, different values (TAC, NCI; SUPI, count, sessions): different hashes.
    assert hashes["per-gnb-tacs-north"] != hashes["per-gnb-tacs-south"]
    assert hashes["per-gnb-tacs-north-ues-ues"] != hashes["per-gnb-tacs-south-ues-ues"]
    entry = dict(_networks()["per-gnb-tacs"])
    text = (REPO / entry["intent"]).read_text(encoding="utf-8").replace("tac: 7", "tac: 8")
    (tmp_path / "per-gnb-tacs.yaml").write_text(text, encoding="utf-8")
    entry["intent"] = str(tmp_path / "per-gnb-tacs.yaml")
    entry["secrets"] = str(REPO / entry["secrets"])
    compile_network(entry, tmp_path / "out")
    changed = written.pod_config_hashes(tmp_path / "out")
    assert changed["per-gnb-tacs-north"] != hashes["per-gnb-tacs-north"]
    assert changed["per-gnb-tacs-south"] == hashes["per-gnb-tacs-south"]
