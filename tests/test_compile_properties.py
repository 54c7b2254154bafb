"""Property: any valid generated intent compiles, verifies, and compiles to the same bytes twice.

The back half must never fail (exit 3) on an intent the front half accepted: every artifact
passes strict Kubernetes validation, the project schemas and the typed YAML round trip.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "oracles"))
import written
from strategies import examples, per_gnb_tac_networks, valid_networks
from test_secrets_confinement import key_forms, leaks

from n5gc.compiler import compile_job
from n5gc.emit import write_tree
from n5gc.repo_config import Job
from n5gc.yamlio import dump

KEYS = {"k": "465B5CE8B199B49FAA5F0A2EE238A6BC", "opc": "E8ED289DEBA952E4283B54E88E6183CA"}


def _secrets(network: dict[str, Any]) -> dict[str, Any]:
    names = {group["credentials"] for group in network["spec"].get("subscribers", [])}
    return {"apiVersion": "n5gc.io/v1alpha1", "kind": "Secrets", "credentials": {n: KEYS for n in names}}


@examples(40)
@given(valid_networks())
def test_valid_intents_compile_verify_and_are_deterministic(network: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        intent = Path(folder) / "network.yaml"
        intent.write_text(dump(network), encoding="utf-8")
        (Path(folder) / "network.secrets.yaml").write_text(dump(_secrets(network)), encoding="utf-8")
        job = Job(intent, (), None, Path(folder) / "out")
        first = compile_job(job)  # verification runs inside; a failure raises CompilerBug
        assert first.ok, [str(d.message) for d in first.report.sorted()]
        second = compile_job(job)
        assert first.files == second.files
        # Keys only inside Secrets, in every byte of the written tree (comments included).
        write_tree(Path(folder) / "out", first.files)
        assert not leaks(Path(folder) / "out", key_forms(KEYS.values()))
        assert "n5gc.lock.json" in first.files and any(p.endswith("kustomization.yaml") for p in first.files)


@examples(10)
@given(per_gnb_tac_networks())
def test_amf_serves_every_gnb_tac_and_carriers_match_hand_values(
    case: tuple[dict[str, Any], list[tuple[int, int | None, int | None]]],
) -> None:
    """Read back from the written files: the AMF's TAIs cover every gNB's own TAC, each gNB config
    carries its TAC, and OAI's point A values equal the hand-computed ones (bands other than n78)."""
    network, expected = case
    with tempfile.TemporaryDirectory() as folder:
        intent = Path(folder) / "network.yaml"
        intent.write_text(dump(network), encoding="utf-8")
        (Path(folder) / "network.secrets.yaml").write_text(dump(_secrets(network)), encoding="utf-8")
        result = compile_job(Job(intent, (), None, Path(folder) / "out"))
        assert result.ok, [str(d.message) for d in result.report.sorted()]
        tree = Path(folder) / "out"
        write_tree(tree, result.files)
        tacs = sorted(tac for tac, _a, _ul in expected)
        assert {("001", "01", tac) for tac in tacs} <= written.amf_tais(tree)
        found = [g["tac"] for g in written.ueransim_gnbs(tree).values()]
        found += [g["cell_cfg"]["tac"] for g in written.srsran_gnbs(tree).values()]
        oai = written.oai_gnbs(tree).values()
        found += [int(g["tracking_area_code"]) for g in oai]
        assert sorted(found) == tacs
        points = sorted(
            (int(g["dl_absoluteFrequencyPointA"]), g.get("ul_absoluteFrequencyPointA")) for g in oai
        )
        wanted = sorted((a, None if ul is None else str(ul)) for _t, a, ul in expected if a is not None)
        assert points == wanted
        assert not leaks(tree, key_forms(KEYS.values()))
