"""The fast path of the model: plain YAML data into the intent dataclasses, without pydantic.

A valid intent is what every commit's `n5gc validate` sees, and importing pydantic and building
its models cost more than everything else validate does. This converter, driven by the dataclass
fields and their resolved annotations, builds exactly the object pydantic would build (strict
types, no coercion, unknown and snake_case keys refused, bounds, patterns, the same checker
functions), or gives up (`Unsure`) at the first doubt: then pydantic validates the document
(n5gc.model.slow) and its errors become the diagnostics, exactly as before. So this path may only
say "valid" where pydantic says so too (tests/test_model_fast.py compares both on every document
of the repository and on mutated ones).
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from n5gc.model.fields import built, field_alias, field_spec, is_intent_model
from n5gc.model.types import After, Before, Pattern, Range, SchemaHint

T = TypeVar("T")
Convert = Callable[[Any], Any]

# Floats pydantic turns an int into exactly (beyond 2**53 float(int) rounds; left to pydantic).
_EXACT_FLOAT_INT = 2**53


class Unsure(Exception):
    """The fast path cannot tell that pydantic would build this exact object: ask pydantic."""


def convert(cls: type[T], data: Any) -> T:
    """`data` as the intent dataclass `cls`, or Unsure (then the document goes to pydantic)."""
    result: T = _converter(cls)(data)
    return result


_CONVERTERS: dict[Any, Convert] = {}


def _converter(annotation: Any) -> Convert:
    """The converter of an annotation (built once; intent classes are cached by class)."""
    if is_intent_model(annotation):
        found = _CONVERTERS.get(annotation)
        if found is None:
            found = _CONVERTERS[annotation] = _model(annotation)
        return found
    return _compile(annotation)


def _compile(annotation: Any) -> Convert:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotated(args[0], annotation.__metadata__)
    if origin in (types.UnionType, typing.Union):
        return _union(args)
    if origin is typing.Literal:
        return _literal(args)
    if origin is list:
        return _list(_converter(args[0]))
    if origin is dict:
        return _dict(_converter(args[0]), _converter(args[1]))
    if annotation in (str, int, bool):
        return _exact(annotation)
    if annotation is float:
        return _float
    raise TypeError(f"n5gc.model.fast does not know the annotation {annotation!r}")


def _exact(kind: type) -> Convert:
    """Strict str/int/bool: that type exactly (so no bool for an int, no number for a string)."""

    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise Unsure
        return value

    return check


def _float(value: Any) -> float:
    """Strict float: a float, or an int pydantic turns into the same float; finite only."""
    if type(value) is int and -_EXACT_FLOAT_INT <= value <= _EXACT_FLOAT_INT:
        return float(value)
    if type(value) is not float or not math.isfinite(value):
        raise Unsure
    return value


def _literal(choices: tuple[Any, ...]) -> Convert:
    def check(value: Any) -> Any:
        for choice in choices:
            if type(value) is type(choice) and value == choice:
                return choice
        raise Unsure

    return check


def _union(options: tuple[Any, ...]) -> Convert:
    """X | None, and unions of plain types told apart by type (str | int); anything else: Unsure."""
    nullable = type(None) in options
    rest = [o for o in options if o is not type(None)]
    if len(rest) == 1:
        inner = _converter(rest[0])
    elif all(o in (str, int) for o in rest):
        kinds = tuple(rest)

        def inner(value: Any) -> Any:
            if type(value) not in kinds:
                raise Unsure
            return value

    else:
        raise TypeError(f"n5gc.model.fast does not know the union {options!r}")

    def check(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise Unsure
        return inner(value)

    return check


def _list(item: Convert) -> Convert:
    def check(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Unsure
        return [item(v) for v in value]

    return check


def _dict(key: Convert, item: Convert) -> Convert:
    def check(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise Unsure
        return {key(k): item(v) for k, v in value.items()}

    return check


def _annotated(base: Any, metadata: tuple[Any, ...], *, shortcut: bool = True) -> Convert:
    """A constrained type: Before checkers, the base type, then After checkers and constraints in
    their order (each checker's own error, and anything it raises, means Unsure; the constraints
    raise only Unsure, so one guard serves the steps after the base type). `shortcut`: the most
    common shape takes `_string_then` (tests compare it with the general check)."""
    inner = _converter(base)
    steps: list[Convert] = []
    befores: list[Convert] = []
    for marker in metadata:
        if isinstance(marker, Before):
            if steps:
                raise TypeError("n5gc.model.fast: Before checkers come first in an Annotated type")
            befores.append(marker.check)
        elif isinstance(marker, After):
            steps.append(marker.check)
        elif isinstance(marker, Range):
            steps.append(_bounds(marker.ge, marker.le))
        elif isinstance(marker, Pattern):
            steps.append(_pattern(marker.pattern))
        elif not isinstance(marker, SchemaHint):  # a constraint this path would not check: refuse it
            raise TypeError(f"n5gc.model.fast does not know the annotation marker {marker!r}")
    # The base type's check, read inline for str and int (most constrained fields).
    exact = base if base in (str, int) else None
    strings_pass = all(marker.passes_strings for marker in metadata if isinstance(marker, Before))
    if shortcut and exact is str and strings_pass and len(steps) == 1:
        return _string_then(steps[0])

    def check(value: Any) -> Any:
        if befores:
            try:
                for step in befores:
                    value = step(value)
            except Exception as exc:  # the checker's own error, whatever it is: pydantic reports it
                raise Unsure from exc
        if exact is not None:
            if type(value) is not exact:
                raise Unsure
        else:
            value = inner(value)
        try:
            for step in steps:
                value = step(value)
        except Exception as exc:
            raise Unsure from exc
        return value

    return check


def _string_then(step: Convert) -> Convert:
    """`_annotated`'s check of a string type with one checker after it, whose Before checkers
    pass every string unchanged (`Before.passes_strings`: names, SDs, IMSIs): what is not a string
    stays what it is through them, so it is Unsure either way, and a string goes to `step`."""

    def check(value: Any) -> Any:
        if type(value) is not str:
            raise Unsure
        try:
            return step(value)
        except Exception as exc:
            raise Unsure from exc

    return check


def _bounds(ge: int | None, le: int | None) -> Convert:
    def check(value: Any) -> Any:
        if type(value) is not int or (ge is not None and value < ge) or (le is not None and value > le):
            raise Unsure
        return value

    return check


def _pattern(pattern: str) -> Convert:
    """pydantic matches with Rust's regex (`$` is the very end there, Unicode classes may differ):
    only ASCII strings without line breaks are decided here."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if type(value) is not str or not value.isascii() or "\n" in value or "\r" in value:
            raise Unsure
        if not compiled.search(value):
            raise Unsure
        return value

    return check


def _length(minimum: int) -> Convert:
    def check(value: Any) -> Any:
        if type(value) is not list or len(value) < minimum:
            raise Unsure
        return value

    return check


def _field_checks(item: dataclasses.Field[Any], hint: Any) -> Convert:
    """The converter of one field: its type, then its own bounds, minimum length and pattern."""
    convert_type = _converter(hint)
    facts = field_spec(item)
    if not facts.constrained:
        return convert_type
    steps: list[Convert] = []
    if facts.ge is not None or facts.le is not None:
        steps.append(_bounds(facts.ge, facts.le))
    if facts.min_length is not None:
        steps.append(_length(facts.min_length))
    if facts.pattern is not None:
        steps.append(_pattern(facts.pattern))

    def check(value: Any) -> Any:
        value = convert_type(value)
        if value is None:
            raise Unsure  # a constraint on an optional field: how it meets null is pydantic's to say
        for step in steps:
            value = step(value)
        return value

    return check


def _model(cls: type) -> Convert:
    """An intent object from a mapping: known camelCase keys only, every required field present."""
    hints = typing.get_type_hints(cls, include_extras=True)
    # (alias, name, converter, default factory or None for a required field), in field order
    plan: list[tuple[str, str, Convert, Callable[[], Any] | None]] = []
    for item in dataclasses.fields(cls):
        if item.default_factory is not dataclasses.MISSING:
            default: Callable[[], Any] | None = item.default_factory
        elif item.default is not dataclasses.MISSING:
            default = _constant(item.default)
        else:
            default = None
        plan.append((field_alias(item), item.name, _field_checks(item, hints[item.name]), default))
    known = frozenset(alias for alias, *_ in plan)
    # The steps of each set of keys a mapping was written with (a few per class): every field in
    # field order, converted from its key or made by its default; and the given names.
    shapes: dict[frozenset[str], tuple[tuple[tuple[str, str, Convert | None, Any], ...], frozenset[str]]] = {}

    def steps_of(
        keys: frozenset[str],
    ) -> tuple[tuple[tuple[str, str, Convert | None, Any], ...], frozenset[str]]:
        steps = []
        for alias, name, convert_field, default in plan:
            if alias in keys:
                steps.append((name, alias, convert_field, None))
            elif default is None:
                raise Unsure  # a required field missing (never remembered: each such mapping asks again)
            else:
                steps.append((name, alias, None, default))
        found = shapes[keys] = (tuple(steps), frozenset(name for name, _, convert, _ in steps if convert))
        return found

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise Unsure
        keys = frozenset(value)
        shape = shapes.get(keys)
        if shape is None:
            if not known.issuperset(keys):
                raise Unsure
            shape = steps_of(keys)
        steps, given = shape
        values: dict[str, Any] = {}
        for name, alias, convert_field, default in steps:
            values[name] = convert_field(value[alias]) if convert_field is not None else default()
        return built(cls, values, given)  # every field set, in field order

    return check


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value
