"""n5gc.products: one home for product facts, below every stage.

Products import nothing of n5gc (any stage may import them without a cycle), and the stages that
use a product fact (checks, plan, targets, names) import it instead of writing the value again.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from n5gc import products
from n5gc.model.network import Core
from n5gc.products import oai_cn, oai_ran, open5gs, srsran, ueransim
from n5gc.products.packaging import CORE_PRODUCTS, ChartRequest, CorePackaging, core_packaging

PACKAGE = Path(__file__).resolve().parents[1] / "n5gc"
PRODUCTS = sorted((PACKAGE / "products").glob("*.py"))
# The stages that take product facts from n5gc.products.
STAGES = [
    *sorted(path for folder in ("checks", "plan", "targets") for path in (PACKAGE / folder).glob("*.py")),
    PACKAGE / "names.py",
    PACKAGE / "model" / "topology.py",
]
# Values that are product facts: a stage that writes one again as a literal keeps a twin.
FACTS: dict[object, str] = {
    open5gs.SMF_CHART: "open5gs.SMF_CHART",
    open5gs.UPF_CHART: "open5gs.UPF_CHART",
    open5gs.CHART_REPO: "open5gs.CHART_REPO",
    open5gs.SBI.port: "open5gs.SBI.port",
    open5gs.NGAP.port: "open5gs.NGAP.port",
    open5gs.PFCP.port: "open5gs.PFCP.port",
    "ogstun": "open5gs.tun_device",
    srsran.CHART: "srsran.CHART",
    srsran.CHART_REPO: "srsran.CHART_REPO",
    srsran.RESERVED_TACS[1]: "srsran.RESERVED_TACS",
    ueransim.MAX_UES_PER_PROCESS: "ueransim.MAX_UES_PER_PROCESS",
    ueransim.RLS_PORT: "ueransim.RLS_PORT",
    oai_cn.CHART_GIT_REPO: "oai_cn.CHART_GIT_REPO",
    oai_cn.CHART_FOLDER: "oai_cn.CHART_FOLDER",
    oai_cn.UMBRELLA_CHART: "oai_cn.UMBRELLA_CHART",
    oai_cn.TUN_DEVICE: "oai_cn.TUN_DEVICE",
    oai_ran.IMAGE: "oai_ran.IMAGE",
    oai_ran.SOFTMODEM: "oai_ran.SOFTMODEM",
    oai_ran.RFSIM_PORT: "oai_ran.RFSIM_PORT",
    oai_ran.F1C_PORT: "oai_ran.F1C_PORT",
    oai_ran.F1U_CU_PORT: "oai_ran.F1U_CU_PORT",
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports as '.<name>')."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def code_constants(path: Path) -> list[tuple[object, int]]:
    """The literal values a file's code writes (docstrings left out), with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings and not isinstance(node.value, bool)
    ]


@pytest.mark.parametrize("path", PRODUCTS, ids=lambda p: p.name)
def test_a_product_module_imports_nothing_of_n5gc(path: Path) -> None:
    """Products sit below checks, plan and targets: only the standard library (and the products'
    own packaging interface, n5gc.products.packaging)."""
    own = ("n5gc.products", "n5gc.products.packaging", "n5gc.products.oai_cn", "n5gc.products.open5gs")
    n5gc_imports = {m for m in imported_modules(path) if m.startswith(("n5gc", ".")) and m not in own}
    assert n5gc_imports == set(), f"{path.name} imports {sorted(n5gc_imports)}"


def test_every_stage_module_is_scanned() -> None:
    """The twin scan below reads real files (a wrong folder would make it pass on nothing)."""
    assert len(STAGES) > 20 and all(path.exists() for path in STAGES)
    assert any(path.name == "build.py" for path in STAGES)


def twins_in(path: Path) -> list[str]:
    """The product facts a file's code writes as literals (same type and value), with their line."""
    keyed = {(type(value), value): name for value, name in FACTS.items()}
    return [
        f"{path.parent.name}/{path.name}:{line}: {value!r} is {keyed[(type(value), value)]}"
        for value, line in code_constants(path)
        if (type(value), value) in keyed
    ]


@pytest.mark.parametrize("path", STAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_stage_writes_no_product_fact_again(path: Path) -> None:
    """A product fact has one definition: checks, plan and targets import it from n5gc.products."""
    assert twins_in(path) == []


def test_the_scan_finds_a_twin(tmp_path: Path) -> None:
    """The twin scan can fail: a file that writes the srsRAN chart name and the UE limit is caught,
    not a docstring that mentions the chart, nor a float that equals a fact."""
    twin = tmp_path / "twin.py"
    twin.write_text('"""Doc: srsran-cu-du."""\nCHART = "srsran-cu-du"\nMOST = 512\nRATIO = 512.0\n')
    assert twins_in(twin) == [
        f"{tmp_path.name}/twin.py:2: 'srsran-cu-du' is srsran.CHART",
        f"{tmp_path.name}/twin.py:3: 512 is ueransim.MAX_UES_PER_PROCESS",
    ]


def test_tun_devices_are_distinct_per_dnn() -> None:
    """Open5GS's naming: ogstun, then ogstun2, ogstun3 (each DNN of a UPF needs its own device)."""
    devices = [open5gs.tun_device(position) for position in range(4)]
    assert devices == ["ogstun", "ogstun2", "ogstun3", "ogstun4"]


@pytest.mark.parametrize(
    ("chart", "smf", "upf", "expected"),
    [
        (open5gs.UMBRELLA_CHART, None, None, "2.3.4"),
        (open5gs.SMF_CHART, None, None, "2.3.1"),  # what umbrella 2.3.4 ships
        (open5gs.UPF_CHART, None, None, "2.3.2"),
        (open5gs.SMF_CHART, "9.9.9", None, "9.9.9"),  # the intent's smfVersion wins
        (open5gs.UPF_CHART, None, "8.8.8", "8.8.8"),
    ],
)
def test_standalone_chart_versions_follow_the_umbrella(
    chart: str, smf: str | None, upf: str | None, expected: str
) -> None:
    assert open5gs.chart_version(chart, "2.3.4", smf, upf) == expected


def test_an_unknown_umbrella_version_is_used_for_the_standalone_charts() -> None:
    """No dependency table for it: the standalone charts take the umbrella's version."""
    assert open5gs.chart_version(open5gs.SMF_CHART, "3.0.0") == "3.0.0"


def test_each_core_role_is_checked_against_its_charts_schema() -> None:
    """The open5gs target verifies a role's values against the schema of the chart the role is packaged in."""
    from n5gc.targets.open5gs import VALUES_SCHEMAS

    assert {role: f"helm/{chart}" for role, chart in open5gs.ROLE_CHARTS.items()} == VALUES_SCHEMAS


# Where a stage may test core.flavor: each core target's `applies` (the plug-in choice) and the checks
# of what a core cannot carry. Anywhere else a flavor branch is a product fact out of its module.
FLAVOR_TESTS_ALLOWED = {"targets/open5gs.py", "targets/oai_cn.py", "checks/core_flavor.py"}
FLAVOR_TEST = re.compile(r"flavor\s*(==|!=|in\b)")


def test_every_core_flavor_has_a_packaging_with_the_whole_interface() -> None:
    """The planner asks `core_packaging(flavor)`; each flavor of the model answers all of it."""
    flavors = typing.get_args(typing.get_type_hints(Core)["flavor"])
    members = [m for m in dir(CorePackaging) if not m.startswith("_")]
    members += list(typing.get_type_hints(CorePackaging))
    assert len(flavors) >= 2 and "chart" in members and "sbi_entry" in members
    for flavor in flavors:
        packaging = core_packaging(flavor)
        assert packaging.flavor == flavor
        assert [m for m in members if not hasattr(packaging, m)] == [], flavor
        assert packaging.database in packaging.nfs and packaging.sbi_entry in packaging.nfs
        for role in ("core", "smf", "upf"):
            source = packaging.chart(role, ChartRequest(open5gs.CHART_REPO, open5gs.CHART_VERSION))  # type: ignore[arg-type]
            assert source.in_git == (source.path is not None) and source.chart


def test_oai_charts_come_from_git_and_open5gs_charts_from_the_intents_repository() -> None:
    requested = ChartRequest("oci://registry.example:5000/charts", "2.3.4", smf_version="9.9.9")
    gradiant = open5gs.PACKAGING.chart("smf", requested)
    assert (gradiant.repo, gradiant.chart, gradiant.version, gradiant.in_git) == (
        requested.repo,
        open5gs.SMF_CHART,
        "9.9.9",
        False,
    )
    oai = oai_cn.PACKAGING.chart("smf", requested)
    assert (oai.repo, oai.version, oai.path, oai.commit) == (
        oai_cn.CHART_GIT_REPO,
        oai_cn.CHART_TAG,
        f"{oai_cn.CHART_FOLDER}/{oai_cn.SMF_CHART}",
        oai_cn.CHART_COMMIT,
    )
    # OAI's Services are named after the chart, Open5GS' after the release (`<fullname>-<suffix>`).
    assert oai_cn.PACKAGING.service("amf", "ngap").name == "oai-amf"
    assert open5gs.PACKAGING.service("amf", "ngap").name is None


@pytest.mark.parametrize("path", STAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_stage_branches_on_the_core_flavor(path: Path) -> None:
    """Planner, names, docs and GitOps engines ask the core product; only the plug-in choice and the
    core's own checks test the flavor."""
    where = f"{path.parent.name}/{path.name}"
    lines = path.read_text(encoding="utf-8").splitlines()
    branches = [f"{where}:{n}" for n, line in enumerate(lines, 1) if FLAVOR_TEST.search(line.split("#")[0])]
    assert where in FLAVOR_TESTS_ALLOWED or branches == []


def test_the_flavor_scan_finds_a_branch() -> None:
    assert FLAVOR_TEST.search('    if plan.core.flavor == "oai" and release.role != "ran":')
    assert FLAVOR_TEST.search("    if network.spec.core.flavor != 'open5gs':")
    assert not FLAVOR_TEST.search("        packaging = core_packaging(plan.core.flavor)")


def test_each_core_flavor_names_the_module_of_its_packaging() -> None:
    """`core_packaging` imports only the product asked for: its table covers every flavor of the
    model, each with the module whose PACKAGING answers for that flavor."""
    flavors = set(typing.get_args(typing.get_type_hints(Core)["flavor"]))
    assert set(CORE_PRODUCTS) == flavors
    for flavor, module in CORE_PRODUCTS.items():
        assert getattr(products, module).PACKAGING.flavor == flavor


def test_checking_an_open5gs_network_leaves_the_oai_core_facts_unread() -> None:
    """An Open5GS network is analysed without importing n5gc.products.oai_cn (the core flavor
    checks and `core_packaging` import it only for `core.flavor: oai`; tests/checks hold an OAI
    network still checked against them); in a fresh interpreter, as this one has imported it."""
    examples = PACKAGE.parent / "examples"
    script = (
        "import sys\nfrom pathlib import Path\nfrom n5gc.frontend import analyse\n"
        "from n5gc.plan import build_plan\n"
        f"result = analyse(Path({str(examples / 'lab.yaml')!r}))\n"
        "assert result.ok and result.network is not None\n"
        "build_plan(result.network)\n"
        "print('n5gc.products.oai_cn' in sys.modules)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["False"], ran.stderr
