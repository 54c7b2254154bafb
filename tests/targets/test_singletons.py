"""The whole-network artifacts (README, Open5GS core values, subscriber provisioning) rendered the
fast way give the bytes the plain way gives.

Each fast path is held against its reference: placed blueprint values against the text route
(n5gc.blueprint) on random valid intents, the provisioning Job's session entries made once per slice
and DNN against entries made anew for each group, the README's one-pass blank-line collapse against
the replace-until-none loop, the memoised bit rates against their function, the UE AMBR of one
session against max(), the slice boxes written as Mermaid text against the Groups of Nodes they were
drawn from, and the Helm commands joined in Python against the template's loop.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rendering import REFERENCE, generated_plan, reference_plan, rendered
from strategies import examples, valid_networks

from n5gc.blueprint import text_route
from n5gc.targets import docs, open5gs
from n5gc.targets import subscribers as shared


@given(valid_networks())
@examples(15)
def test_random_networks_render_the_same_bytes_placed_and_read_back(network: dict[str, Any]) -> None:
    plan, secrets = generated_plan(network)
    fast = rendered(plan, secrets)
    with text_route():
        assert rendered(plan, secrets) == fast


OPEN5GS = [n for n in REFERENCE if "oai" not in n["output"]]


@pytest.mark.parametrize("network", OPEN5GS, ids=lambda n: n["output"])
def test_subscribers_json_with_shared_session_entries_is_the_one_made_group_by_group(network: dict[str, Any]):
    plan, secrets = reference_plan(network)
    if plan.core.flavor != "open5gs" or not plan.subscribers:
        pytest.skip("no Open5GS subscriber provisioning in this network")
    artifact = open5gs.provisioning_artifact(plan, secrets)
    config = next(d for d in artifact.documents if d["kind"] == "ConfigMap")
    # entries=None: each group's entries made anew, nothing shared between groups
    one_by_one = shared.subscribers_json(open5gs.subscriber_group(plan, g) for g in plan.subscribers)
    assert config["data"][shared.SUBSCRIBERS_FILE] == one_by_one
    assert [json.loads(line.rstrip(",")) for line in one_by_one.splitlines()[1:-1]] == [
        open5gs.subscriber_group(plan, g) for g in plan.subscribers
    ]


def test_session_entries_are_made_once_per_slice_and_dnn(monkeypatch: pytest.MonkeyPatch):
    plan, _ = reference_plan(OPEN5GS[0])
    made: list[tuple[str, str]] = []
    qos = open5gs.session_qos
    monkeypatch.setattr(open5gs, "session_qos", lambda s, dnn: made.append((s.name, dnn)) or qos(s, dnn))
    entries = open5gs.session_entries(plan)
    sessions = [s for g in plan.subscribers for s in g.sessions]
    for session in sessions * 2:
        assert entries(session) == qos(plan.slice(session.slice), session.dnn)
    assert sorted(made) == sorted({(s.slice, s.dnn) for s in sessions})


@pytest.mark.parametrize("text", ["200 Mbps", "1 Gbps", "5000000 Mbps", "3Kbps", "7 bps", "9 Tbps"])
def test_memoised_bit_rates_are_fresh_and_exact(text: str):
    first = open5gs.bitrate(text)
    first["value"] = -1  # a caller editing what it got changes nothing for the next one
    assert open5gs.bitrate(text) == dict(
        zip(("value", "unit"), open5gs._bitrate.__wrapped__(text), strict=True)
    )
    assert open5gs.bitrate(text)["value"] != -1


@given(st.text(alphabet="\na ", max_size=30))
@examples(300)
def test_blank_lines_collapse_in_one_pass_as_the_loop_does(text: str):
    looped = text
    while "\n\n\n" in looped:
        looped = looped.replace("\n\n\n", "\n\n")
    assert docs.BLANK_LINES.sub("\n\n", text) == looped


RATES = ["1 bps", "999 Kbps", "1 Mbps", "1000 Mbps", "1001 Mbps", "1 Gbps", "5 Tbps"]


def _bps(text: str) -> int:
    """A rate's bits per second as Open5GS reads them: value times 1000 per unit step (its dbi)."""
    value, unit = text.split()
    return int(value) * 1000 ** ["bps", "Kbps", "Mbps", "Gbps", "Tbps"].index(unit)


@given(st.lists(st.tuples(st.sampled_from(RATES), st.sampled_from(RATES)), max_size=3))
@examples(100)
def test_the_ue_ambr_is_the_largest_session_ambr(rates: list[tuple[str, str]]):
    sessions = [
        {"ambr": {"uplink": open5gs.bitrate(up), "downlink": open5gs.bitrate(down)}} for up, down in rates
    ]
    ambr = open5gs.ue_ambr(sessions)
    for index, direction in enumerate(("uplink", "downlink")):
        texts = [pair[index] for pair in rates] or [open5gs.open5gs.DEFAULT_BITRATE]
        largest = max(texts, key=_bps)
        assert _bps(largest) == max(map(_bps, texts))
        got = ambr[direction]
        assert got["value"] * 1000 ** got["unit"] == _bps(largest)


def test_1001_mbps_is_more_than_1_gbps():
    """Units step by 1000 in Open5GS, not 1024: 1001 Mbps is the larger of the two."""
    sessions = [
        {"ambr": {"uplink": open5gs.bitrate(rate), "downlink": open5gs.bitrate(rate)}}
        for rate in ("1 Gbps", "1001 Mbps")
    ]
    assert open5gs.ue_ambr(sessions)["downlink"] == {"value": 1001, "unit": 2}


def _slice_box_as_group(slice_plan: Any, prefix: str, site: str) -> docs.Group:
    """A slice's box on a site as the Group of Nodes the README drew it from before it was text."""
    box = docs.Group(
        docs.mermaid_id(prefix, slice_plan.name),
        f"slice {slice_plan.name} (S-NSSAI {slice_plan.snssai.label})",
    )
    if slice_plan.smf.release.site == site:
        box.nodes.append(docs.Node(docs.node_id(slice_plan.smf.release.name), f"SMF {slice_plan.name}"))
    for u in slice_plan.upfs:
        if u.release.site == site:
            pools = "<br/>".join(f"{p.dnn} {p.subnet}" for p in u.pools)
            box.nodes.append(
                docs.Node(docs.node_id(u.release.name), f"UPF {slice_plan.name} #{u.index}<br/>{pools}")
            )
    return box


def test_slice_boxes_written_as_text_are_the_lines_of_their_groups():
    empty = 0  # slice boxes with nothing on their site: written as no line at all
    for network in REFERENCE:
        plan, _ = reference_plan(network)
        for index, site in enumerate(plan.sites, start=1):
            drawn = docs._site_group(plan, index, site.name).lines()
            as_groups = docs._site_group(plan, index, site.name)
            as_groups.box_lines = []
            boxes = [_slice_box_as_group(s, f"site_{index}_slice_", site.name) for s in plan.slices]
            as_groups.groups += boxes
            empty += sum(not box.nodes for box in boxes)
            assert drawn == as_groups.lines(), network["output"]
    assert empty, "some reference network has a slice with nothing on one of its sites"


@pytest.mark.parametrize("network", REFERENCE, ids=lambda n: n["output"])
def test_helm_commands_joined_in_python_are_the_ones_the_loop_wrote(network: dict[str, Any]):
    plan, _ = reference_plan(network)
    by_wave = sorted(plan.releases, key=lambda r: r.wave)
    for steps in docs.site_steps(plan):
        looped = "".join(
            f"helm upgrade --install {r.name} {docs.chart_reference(plan, r)} \\\n"
            f"  --namespace {r.namespace} -f sites/{steps.name}/helm/{r.name}/values.yaml\n"
            for r in by_wave
            if r.site == steps.name
        )
        assert steps.helm + ("\n" if steps.helm else "") == looped


def _group_by_group(groups: list[dict[str, Any]]) -> str:
    """subscribers.json as it was written before: each group encoded on its own."""
    return "[\n" + ",\n".join(json.dumps(g, ensure_ascii=False) for g in groups) + "\n]\n"


_TRICKY_TEXT = st.sampled_from(['}, {"group": ', 'a"b', "\\", "é", '{"group": 1}', "g0"])
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | _TRICKY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["group", "slice", "sd", "x"]) | _TRICKY_TEXT, inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def _groups(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Groups shaped like subscriber groups ("group" first, most of the time), holding any JSON value,
    mappings that open with "group" too, and strings that hold the separator between groups."""
    groups = []
    for _ in range(draw(st.integers(0, 4))):
        group = {"group": draw(_JSON_VALUES)} if draw(st.integers(0, 5)) else {}
        group.update(draw(st.dictionaries(st.sampled_from(["count", "slices", "group"]), _JSON_VALUES)))
        groups.append(group)
    return groups


@given(_groups())
@examples(400)
def test_subscribers_json_encoded_in_one_call_is_the_one_encoded_group_by_group(groups: list[dict[str, Any]]):
    assert shared.subscribers_json(groups) == _group_by_group(groups)


def test_a_mapping_opening_with_group_inside_a_group_is_not_taken_for_the_next_group():
    groups = [{"group": "g0", "slices": [{"slice": "s0"}, {"group": "inner"}]}, {"group": "g1"}]
    assert shared._one_group_a_line(groups) is None  # the one-call encoding cannot tell them apart
    assert shared.subscribers_json(groups) == _group_by_group(groups)
    # a group without "group" first, the inner mapping's separator in its place: as many separators
    unkeyed = [{"group": "g0", "slices": [{"slice": "s0"}, {"group": "inner"}]}, {"count": 1}]
    assert shared._one_group_a_line(unkeyed) is None
    assert shared.subscribers_json(unkeyed) == _group_by_group(unkeyed)
    text = [{"group": 'a}, {"group": b'}, {"group": "c"}]  # the separator inside a string is escaped
    assert shared._one_group_a_line(text) is not None
    assert shared.subscribers_json(text) == _group_by_group(text)
