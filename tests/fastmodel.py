"""Helpers comparing the model's two paths: the fast converter and pydantic (n5gc.model.slow)."""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import ValidationError

from n5gc.model.fast import Unsure, convert
from n5gc.model.fields import given_fields
from n5gc.model.slow import validate


def given_tree(value: Any) -> Any:
    """`value` with, for every intent object in it, the fields the document wrote (compared too:
    core_flavor's N5G252 depends on them)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            sorted(given_fields(value)),
            {f.name: given_tree(getattr(value, f.name)) for f in dataclasses.fields(value)},
        )
    if isinstance(value, list):
        return [given_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: given_tree(v) for k, v in value.items()}
    return value


def assert_same_object(fast: Any, slow: Any) -> None:
    """The two paths built the same object: equal, same types all the way down, same fields given."""
    assert fast == slow
    assert repr(fast) == repr(slow)  # repr shows int vs float, list vs tuple, which == does not
    assert given_tree(fast) == given_tree(slow)


def fast_or_none(cls: type, data: Any) -> Any:
    """The fast path's object, or None when it is unsure."""
    try:
        return convert(cls, data)
    except Unsure:
        return None


def slow_or_none(cls: type, data: Any) -> Any:
    """pydantic's object, or None when pydantic refuses `data`."""
    try:
        return validate(cls, data)
    except ValidationError:
        return None


def cross_checked(original: Any) -> Any:
    """`n5gc.model.convert` that also has pydantic validate every document it accepts, and fails
    the test when pydantic refuses it or builds another object."""

    def convert_checked(cls: type, data: Any) -> Any:
        fast = original(cls, data)  # Unsure propagates: pydantic then decides alone, as in production
        slow = slow_or_none(cls, data)
        assert slow is not None, f"the fast path accepted a {cls.__name__} pydantic refuses"
        assert_same_object(fast, slow)
        return fast

    return convert_checked
