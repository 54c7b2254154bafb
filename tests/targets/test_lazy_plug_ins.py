"""render_all imports only the plug-ins that may apply (n5gc/targets/__init__.py, `may_apply`).

A plug-in left unimported must be one whose own `applies` is False: held on every example network
and on generated valid networks, for every plug-in; and an Open5GS/UERANSIM compile really leaves the
OAI, srsRAN, Liqo, NSM and GitOps modules unread (a fresh interpreter, as this one imported them).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from strategies import examples, valid_networks

from n5gc import targets
from n5gc.frontend import analyse
from n5gc.plan import build_plan

PLUG_INS = (*targets.TARGET_MODULES, *targets.GITOPS_MODULES)
EXAMPLES = sorted(p for p in intents.EXAMPLES.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))
LAB = intents.EXAMPLES / "lab.yaml"


def plug_ins_applying(plan: Any) -> dict[str, tuple[bool, bool]]:
    """For each plug-in: (its own `applies`, `may_apply`)."""
    return {
        name: (sys.modules[f"n5gc.targets.{name}"].TARGET.applies(plan), targets.may_apply(plan, name))
        for name in PLUG_INS
    }


def test_every_plug_in_module_is_imported_here() -> None:
    targets.targets(), targets.gitops_targets()
    assert all(f"n5gc.targets.{name}" in sys.modules for name in PLUG_INS)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_plug_in_left_out_never_applies_to_an_example(path: Path) -> None:
    targets.targets(), targets.gitops_targets()
    analysis = analyse(path)
    assert analysis.ok and analysis.network is not None, analysis.report.sorted()
    plan = build_plan(analysis.network)
    wrong = [name for name, (applies, may) in plug_ins_applying(plan).items() if applies and not may]
    assert wrong == []
    chosen = [t.name for t in targets.applicable(plan, targets.TARGET_MODULES)]
    assert chosen == [t.name for t in targets.targets() if t.applies(plan)]


def test_the_examples_leave_out_every_gated_plug_in_somewhere() -> None:
    """The gates are used: each refuses some example (else the test above proves nothing of it)."""
    targets.targets(), targets.gitops_targets()
    left_out: set[str] = set()
    for path in EXAMPLES:
        analysis = analyse(path)
        assert analysis.network is not None
        plan = build_plan(analysis.network)
        left_out |= {name for name, (_, may) in plug_ins_applying(plan).items() if not may}
    assert left_out == set(targets._MAY_APPLY)


@examples(30)
@given(valid_networks())
def test_a_plug_in_left_out_never_applies_to_a_valid_network(network: dict[str, Any]) -> None:
    targets.targets(), targets.gitops_targets()
    with tempfile.TemporaryDirectory() as folder:
        plan = intents.plan_of(network, Path(folder))
    assert [n for n, (applies, may) in plug_ins_applying(plan).items() if applies and not may] == []


def test_an_open5gs_ueransim_compile_reads_no_other_plug_in() -> None:
    """Nor the facts of the products it does not run (the checks and the planner import them only
    for a network that has them)."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom n5gc.frontend import analyse\n"
        "from n5gc.plan import build_plan\nfrom n5gc.targets import render_all\n"
        f"analysis = analyse(Path({str(LAB)!r}))\n"
        "render_all(build_plan(analysis.network), analysis.secrets)\n"
        "print(*sorted(m for m in sys.modules if m.startswith(('n5gc.targets.', 'n5gc.products.'))))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(ran.stdout.split())
    assert {"n5gc.targets.open5gs", "n5gc.targets.ueransim", "n5gc.targets.kubernetes"} <= loaded
    unread = {"oai", "oai_cn", "srsran", "liqo", "nsm", "argocd", "flux"}
    assert {f"n5gc.targets.{name}" for name in unread} & loaded == set()
    assert {f"n5gc.products.{name}" for name in ("oai_cn", "oai_ran", "srsran")} & loaded == set()
