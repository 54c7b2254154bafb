"""The README's topology diagram: every line ends at the right box, and each box sits in its site and slice.

The Mermaid text of every reference network is parsed back (subgraphs, boxes, lines) and read
through the boxes' labels, not through n5gc's ids, so the test says what a reader sees: the UEs'
radio line goes to their gNB (or DU), N4 goes from a slice's SMF to that slice's UPF, N3 from a gNB
to a UPF of a slice it serves, N6 from a UPF to its slice's data network; each SMF and UPF is drawn
inside its slice's box inside its site's box, each gNB and UE group inside its site's RAN box.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import compile_intent

from n5gc.plan.ir import Plan

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
NETWORKS = {
    "three-slices": [],
    "three-slices-prod": [REPO / "overlays" / "prod" / "three-slices.yaml"],
    "liqo-up-offload": [],
    "liqo-cp-offload": [],
    "nsm-edge": [],
    "f1-split": [],
    "srsran": [],
}
SUBGRAPH = re.compile(r'^\s*subgraph (\w+)\["([^"]*)"\]$')
BOX = re.compile(r'^\s*(\w+)(\[\(|\(\[|\[)"([^"]*)"(\)\]|\]\)|\])$')
LINE = re.compile(r'^\s*(\w+) (---|===)\|"?([^"|]*)"?\| (\w+)$')


@dataclass
class Diagram:
    boxes: dict[str, str] = field(default_factory=dict)  # id -> label
    inside: dict[str, list[str]] = field(
        default_factory=dict
    )  # id -> titles of its subgraphs, outermost first
    lines: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (left, label, right, thick)

    def label(self, box: str) -> str:
        return self.boxes[box]


def parse(readme: str) -> Diagram:
    """The first Mermaid block of a README: boxes (with the subgraphs around them) and lines."""
    text = readme.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    diagram, stack = Diagram(), []
    for raw in text.splitlines()[1:]:
        if match := SUBGRAPH.match(raw):
            stack.append(match.group(2))
        elif raw.strip() == "end":
            stack.pop()
        elif match := BOX.match(raw):
            box = match.group(1)
            assert box not in diagram.boxes, f"box {box} declared twice"
            diagram.boxes[box], diagram.inside[box] = match.group(3), list(stack)
        elif match := LINE.match(raw):
            left, kind, label, right = match.groups()
            diagram.lines.append((left, label, right, kind == "==="))
        else:
            raise AssertionError(f"unparsed Mermaid line: {raw!r}")
    assert not stack, "unclosed subgraph"
    return diagram


@pytest.fixture(scope="module", params=list(NETWORKS))
def compiled(request) -> tuple[Plan, Diagram]:
    plan, artifacts = compile_intent(
        EXAMPLES / f"{request.param.removesuffix('-prod')}.yaml", NETWORKS[request.param]
    )
    readme = next(a.text for a in artifacts if a.path == "README.md")
    return plan, parse(readme or "")


def site_title(plan: Plan, site: str) -> str:
    return f"site {site} (cluster {plan.site(site).cluster_name})"


def test_every_line_joins_two_declared_boxes(compiled):
    _, diagram = compiled
    for left, label, right, _ in diagram.lines:
        assert left in diagram.boxes and right in diagram.boxes, (left, label, right)


def test_radio_lines_end_at_the_ues_own_gnb(compiled):
    plan, diagram = compiled
    radio = [(diagram.label(a), diagram.label(b)) for a, label, b, _ in diagram.lines if label == "radio"]
    expected = []
    for group in plan.subscribers:
        if group.simulate_gnb:
            gnb = next(g for g in plan.gnbs if g.name == group.simulate_gnb)
            part = "DU" if gnb.split == "f1" else "gNB"
            expected.append((f"{group.count} UEs {group.name}", f"{part} {gnb.name} ({gnb.type})"))
    assert sorted((ue, g.split("<br/>")[0]) for ue, g in radio) == sorted(expected)


def test_n4_n6_and_n3_lines_end_at_their_slices_boxes(compiled):
    plan, diagram = compiled
    for left, label, right, _ in diagram.lines:
        interface = label.split(" ")[0]
        a, b = diagram.label(left), diagram.label(right)
        if interface == "N4":
            smf_slice = a.removeprefix("SMF ")
            assert a.startswith("SMF ") and b.startswith(f"UPF {smf_slice} #"), (a, b)
        elif interface == "N6":
            upf_slice = a.removeprefix("UPF ").split(" #")[0]
            assert b.startswith(f"data network {upf_slice}<br/>"), (a, b)
        elif interface == "N3":
            gnb_name = a.split(" ")[1]
            gnb = next(g for g in plan.gnbs if g.name == gnb_name)
            assert a.startswith(("gNB ", "CU ")) and b.split(" #")[0].removeprefix("UPF ") in gnb.slices
        elif interface == "N2":
            assert a.startswith(("gNB ", "CU ")) and b.startswith("5GC control plane"), (a, b)
        elif interface == "SBI":
            assert {a.split("<br/>")[0], b.split(" ")[0]} == {"5GC control plane", "SMF"}, (a, b)
        elif interface == "F1":
            assert a.startswith("DU ") and b.startswith("CU ") and a.split(" ")[1] == b.split(" ")[1]


def test_each_box_sits_in_its_site_and_slice(compiled):
    plan, diagram = compiled
    where = {label.split("<br/>")[0]: diagram.inside[box] for box, label in diagram.boxes.items()}
    for s in plan.slices:
        slice_title = f"slice {s.name} (S-NSSAI {s.snssai.label})"
        assert where[f"SMF {s.name}"] == [site_title(plan, s.smf.release.site), slice_title]
        for u in s.upfs:
            assert where[f"UPF {s.name} #{u.index}"] == [site_title(plan, u.release.site), slice_title]
    for g in plan.gnbs:
        if g.split == "f1":
            assert where[f"DU {g.name} ({g.type})"] == [site_title(plan, g.du_site or g.site), "RAN"]
        else:
            assert where[f"gNB {g.name} ({g.type})"] == [site_title(plan, g.site), "RAN"]
    for group in plan.subscribers:
        if group.simulate_gnb:
            assert where[f"{group.count} UEs {group.name}"] == [site_title(plan, group.site), "RAN"]
    assert where["5GC control plane"] == [site_title(plan, plan.core.site)]


def test_lines_cross_sites_exactly_where_the_plan_says(compiled):
    plan, diagram = compiled
    thick = sum(1 for *_, crossing in diagram.lines if crossing)
    assert thick == sum(1 for link in plan.links if link.crosses_sites)
