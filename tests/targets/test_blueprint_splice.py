"""Placed blueprint values (n5gc.blueprint): the documents are the ones the text gives.

A value is placed into the parsed skeleton of its blueprint instead of being written as JSON text and
read back. The oracle is that text route (n5gc.blueprint.text_route). They must give equal documents
(types and key order included) for random values in every position a template can put them (a value,
a list item, inside a flow collection, a whole document, twice, as a key, inside a string, in a
literal block), or both fail alike; and every reference network must render the same bytes both ways.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples

from n5gc import blueprint
from n5gc.blueprint import documents, text_route

REPO = Path(__file__).resolve().parents[2]
REFERENCE = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))["networks"]

# Where a template can put a value; the last ones leave no placeholder standing alone as a whole
# value, so the text must decide there.
TEMPLATES = {
    "value": "a: 1\nv: {{ v }}\nz: end\n",
    "item": "items:\n  - first\n  - {{ v }}\n",
    "nested": "a:\n  b:\n    c: {{ v }}\n",
    "flow": "a: [{{ v }}, 2]\nb: {x: {{ v }}}\n",
    "twice": "a: {{ v }}\nb: {{ v }}\n",
    "document": "{{ v }}\n",
    "documents": "---\nx: {{ v }}\n---\n{{ v }}\n",
    "key": "{{ v }}: 1\n",
    "in a string": "a: prefix {{ v }}\n",
    "literal": "a: |\n  {{ v }}\n",
    "comment": "a: 1 # {{ v }}\n",
}


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def environment() -> jinja2.Environment:
    """A typed environment of string templates, with the blueprints' settings."""
    return jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES),
        finalize=blueprint._typed,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


ENV = environment()


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types, mappings with keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) or (a != a and b != b)  # NaN reads back as NaN


def outcome(template: str, value: Any, placed: bool = True) -> tuple[str, Any]:
    """("ok", documents) or ("error", the exception's type) of one render, values placed or read back."""
    try:
        if placed:
            return "ok", documents(ENV.get_template(template), {"v": value})
        with text_route():
            return "ok", documents(ENV.get_template(template), {"v": value})
    except Exception as error:  # the two routes must fail alike, whatever the failure
        return "error", type(error)


def assert_same_outcome(template: str, value: Any) -> None:
    text_kind, text_result = outcome(template, value, placed=False)
    splice_kind, splice_result = outcome(template, value)
    assert splice_kind == text_kind, (template, value, text_result, splice_result)
    if text_kind == "ok":
        assert same(splice_result, text_result), (template, value, text_result, splice_result)
    else:
        assert splice_result is text_result


def all_containers(data: Any) -> list[Any]:
    """Every list and mapping inside `data`."""
    if isinstance(data, dict):
        return [data, *(c for v in data.values() for c in all_containers(v))]
    if isinstance(data, list):
        return [data, *(c for v in data for c in all_containers(v))]
    return []


# Every code point class that matters: ASCII, controls, DEL and C1, NEL, the line and paragraph
# separators, the BOM, non-characters, surrogates, beyond the BMP, quotes and backslashes.
characters = st.one_of(
    st.characters(),
    st.sampled_from(["\x00", "\t", "\n", "\r", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff"]),
    st.sampled_from(["\ufffe", "\uffff", "\ud800", "\U0001f600", '"', "\\", "'", "#", ":", "-", " "]),
)
strings = st.one_of(
    st.text(characters, max_size=12),
    st.sampled_from(["", "01", "0x1f", "yes", "null", "~", "1.5", "1e3", ".inf", "<<", "=", "2001-12-14"]),
)
scalars = st.one_of(
    strings,
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(strings, inner, max_size=4),
        st.dictionaries(st.one_of(strings, st.integers(), st.booleans()), inner, max_size=3),
    ),
    max_leaves=12,
)


@examples(300)
@given(value=values, template=st.sampled_from(sorted(TEMPLATES)))
def test_a_spliced_value_gives_the_documents_its_text_gives(value: Any, template: str):
    assert_same_outcome(template, value)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize(
    "value",
    [
        [{"sst": 1, "sd": "000001"}, {"sst": 2}],
        {"nested": {"list": [1, "two", None, True]}},
        "a\nmulti-line\n",
        'quotes " and \\ backslashes',
        "line\u2028separator",
        "next\x85line",
        "del\x7fchar",
        ["c1\x9fchar"],
        {"key\x7f": "del in a key"},
        "\ufeffbom",
        "\ud800 lone surrogate",
        "tab\tand\rreturn and nul\x00",
        [1.5, 2],
        {1: "int key"},
        (1, "tuple"),
        None,
        [],
        {},
        {"k" * 2000: 1},  # an implicit key over 1,024 characters: the reader refuses it
        "k" * 2000,
        {"\x01" * 200: "escaped as 6 characters each"},
        nested(3000),  # deeper than Python's recursion limit
    ],
)
def test_each_position_and_value_class(template: str, value: Any):
    assert_same_outcome(template, value)


def test_the_skeleton_memo_starts_again_when_a_resolver_is_added(monkeypatch: pytest.MonkeyPatch):
    template = ENV.get_template("value")
    blueprint._SKELETONS.clear()
    documents(template, {"v": 1})
    assert len(blueprint._SKELETONS) == 1
    tables = blueprint._resolver_tables()
    rows = {first: list(rows) for first, rows in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    rows.setdefault("e", []).append(("tag:example,2026:end", re.compile("^end$")))
    monkeypatch.setattr(yaml.resolver.Resolver, "yaml_implicit_resolvers", rows)
    assert blueprint._resolver_tables() != tables
    blueprint._skeleton("x: 1\n")
    assert "x: 1\n" in blueprint._SKELETONS and len(blueprint._SKELETONS) == 1  # the old entry is gone


def test_one_parse_per_skeleton_text():
    """5,000 renders of a few blueprints at 1,000 slices: each distinct skeleton is read once."""
    template = ENV.get_template("twice")
    blueprint._SKELETONS.clear()
    for value in ({"a": 1}, [1, 2], "text", 7, None):
        assert documents(template, {"v": value}) == [{"a": value, "b": value}]
    assert len(blueprint._SKELETONS) == 1


def test_a_plain_value_is_placed_not_read_back(monkeypatch: pytest.MonkeyPatch):
    """The fast route is taken for plain values (else the speed-up is gone, silently)."""
    value = [{"sst": 1, "sd": "000001"}, {"sst": 2}]
    monkeypatch.setattr(blueprint, "_plain_copy", _counting(blueprint._plain_copy))
    placed = documents(ENV.get_template("twice"), {"v": value})
    assert placed == [{"a": value, "b": value}]
    assert _counting.calls >= 2


def _counting(function: Any) -> Any:
    _counting.calls = 0  # type: ignore[attr-defined]

    def counted(value: Any) -> Any:
        _counting.calls += 1  # type: ignore[attr-defined]
        return function(value)

    return counted


def test_each_placed_copy_is_fresh():
    """No object shared between two places or with the caller's value: the YAML writer would write
    an anchor for a shared one, and a target editing one place would edit the other."""
    value = {"labels": {"app": "x"}, "list": [[1], {"k": "v"}]}
    (placed,) = documents(ENV.get_template("twice"), {"v": value})
    inside = all_containers(placed["a"]) + all_containers(placed["b"])
    assert len({id(c) for c in inside}) == len(inside)
    assert not {id(c) for c in inside} & {id(c) for c in all_containers(value)}


def test_a_string_equal_to_a_placeholder_is_left_alone():
    """Values are placed after the skeleton is read: a value can hold any string, placeholders too."""
    value = {"text": "\x00n5gc-value-0", "other": ["\x00n5gc-value-1"]}
    assert_same_outcome("twice", value)


@pytest.mark.parametrize("network", REFERENCE, ids=lambda n: n["output"])
def test_every_reference_network_renders_the_same_bytes_placed_and_read_back(network: dict[str, Any]):
    from n5gc.frontend import analyse
    from n5gc.plan import build_plan
    from n5gc.targets import render_all

    overlays = [REPO / o for o in network.get("overlays", [])]
    analysis = analyse(REPO / network["intent"], overlays, REPO / network["secrets"])
    assert analysis.ok
    plan = build_plan(analysis.network)
    spliced = {a.path: a.to_bytes() for a in render_all(plan, analysis.secrets)}
    with text_route():
        written = {a.path: a.to_bytes() for a in render_all(plan, analysis.secrets)}
    assert spliced == written


def test_the_text_route_places_nothing(monkeypatch: pytest.MonkeyPatch):
    """The oracle is another route: within text_route no value is placed (else the tests compare a
    route with itself)."""

    def placing(compiled: Any, context: dict[str, Any]) -> None:
        raise AssertionError("a value was placed inside text_route")

    monkeypatch.setattr(blueprint, "_render_spliced", placing)
    with text_route():
        assert documents(ENV.get_template("value"), {"v": [1]}) == [{"a": 1, "v": [1], "z": "end"}]
    with pytest.raises(AssertionError):
        documents(ENV.get_template("value"), {"v": [1]})
