"""verify's round-trip comparison answered from pickles (n5gc.verify.same_values) is `_same`'s verdict.

`same_values` accepts two values when their memo-less pickles are equal and holds no NaN, and asks
the walk (`_same`) otherwise. The oracle is the walk: on random pairs of values that differ only where
`==` cannot see it (1, 1.0 and True; key order; list and tuple; str and a str subclass; bytes and
bytearray; 0.0 and -0.0; NaN), on shared and unshared objects, and on every compiled document read
back, the verdicts are the same.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from n5gc import verify
from n5gc.yamlio import dump_all, load_all

REPO = Path(__file__).resolve().parents[1]


class Name(str):
    """A str subclass: equal to its str, not the same type."""


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, math.nan, math.inf, -math.inf]),
    st.text(max_size=6),
    st.sampled_from(["G\x7f\xf0", "nan", "1", "True", ""]),
    st.binary(max_size=4),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
        st.dictionaries(st.one_of(st.integers(0, 2), st.booleans(), st.text(max_size=2)), inner, max_size=3),
    ),
    max_leaves=12,
)


def twisted(value: Any, twist: int) -> Any:
    """A copy of `value` with one kind of change `==` may not see, applied everywhere it applies."""
    kind = type(value)
    if kind is dict:
        items = [(twisted(k, twist), twisted(v, twist)) for k, v in value.items()]
        return dict(reversed(items)) if twist == 1 else dict(items)
    if kind is list:
        items = [twisted(v, twist) for v in value]
        return tuple(items) if twist == 2 else items
    if kind is tuple:
        items = [twisted(v, twist) for v in value]
        return items if twist == 2 else tuple(items)
    if kind is int and twist == 3:
        return float(value) if abs(value) < 2**53 else value
    if kind is int and twist == 4 and value in (0, 1):
        return bool(value)
    if kind is bool and twist == 4:
        return int(value)
    if kind is str and twist == 5:
        return Name(value)
    if kind is bytes and twist == 6:
        return bytearray(value)
    if kind is float and twist == 7 and value == 0:
        return -value
    return copy.copy(value)


@given(values, st.integers(0, 7))
def test_the_pickled_answer_is_the_walks(value: Any, twist: int):
    other = twisted(value, twist)
    assert verify.same_values(value, other) == verify._same(value, other)
    assert verify.same_values(other, value) == verify._same(other, value)


@given(values, values)
def test_unrelated_values_get_the_walks_verdict(a: Any, b: Any):
    assert verify.same_values(a, b) == verify._same(a, b)


def test_shared_objects_do_not_change_the_verdict():
    labels = {"app": "x"}
    shared = {"a": labels, "b": labels, "c": [labels, labels]}
    unshared = copy.deepcopy(shared)
    unshared["b"] = dict(labels)
    assert verify.same_values(shared, unshared) and verify._same(shared, unshared)


def test_nan_is_left_to_the_walk():
    assert not verify.same_values([math.nan], [math.nan])  # as _same: NaN is not equal to itself
    assert verify.same_values({"x": math.inf}, {"x": math.inf})


def test_every_compiled_document_read_back_gets_the_walks_verdict():
    count = 0
    for path in sorted((REPO / "out").rglob("*.yaml"))[:200]:
        documents = load_all(path.read_text(encoding="utf-8"))
        back = load_all(dump_all(documents))
        assert verify.same_values(back, documents) == verify._same(back, documents) is True
        assert not verify.same_values(back, [*documents, None])
        count += 1
    assert count > 50
