"""Plans and rendered bytes of the reference networks and of generated intents, for the tests that
hold a fast rendering route against its reference (test_singletons, test_light_runtime)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import public_secrets

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.targets import render_all
from n5gc.yamlio import dump

REPO = Path(__file__).resolve().parents[2]
REFERENCE = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))["networks"]


def reference_plan(network: dict[str, Any]) -> tuple[Any, Any]:
    """(plan, secrets) of a network of n5gc.yaml."""
    overlays = [REPO / o for o in network.get("overlays", [])]
    analysis = analyse(REPO / network["intent"], overlays, REPO / network["secrets"])
    assert analysis.ok
    return build_plan(analysis.network), analysis.secrets


def generated_plan(network: dict[str, Any]) -> tuple[Any, Any]:
    """(plan, secrets) of a generated intent, with the public test keys of its credentials."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "network.secrets.yaml").write_text(dump(public_secrets(network)), encoding="utf-8")
        intent = Path(folder) / "network.yaml"
        intent.write_text(dump(network), encoding="utf-8")
        analysis = analyse(intent, [])
        assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
        return build_plan(analysis.network), analysis.secrets


def rendered(plan: Any, secrets: Any) -> dict[str, bytes]:
    """Every artifact's bytes, by path."""
    return {a.path: a.to_bytes() for a in render_all(plan, secrets)}
