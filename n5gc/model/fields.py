"""How intent objects are declared: frozen stdlib dataclasses whose fields carry their language facts.

Each field's description, camelCase name, bounds and pattern live in `FieldSpec` metadata, and the
constrained types of `n5gc.model.types` carry their checkers as `Before`/`After` markers. Nothing here
imports pydantic: a valid document is converted by `n5gc.model.fast`, and pydantic models are built
from these declarations only when one is needed (`n5gc.model.slow`: diagnostics, JSON Schema).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar

from n5gc.records import with_fields

T = TypeVar("T")

_GIVEN = "_n5gc_given"


class FieldSpec:
    """The language facts of one field (what pydantic's Field(...) said). A plain class: dataclass
    compiles code per class (see `intent_model`)."""

    __slots__ = ("alias", "description", "ge", "le", "min_length", "pattern")

    def __init__(
        self,
        description: str,
        alias: str | None = None,
        ge: int | None = None,
        le: int | None = None,
        min_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        self.description, self.alias, self.pattern = description, alias, pattern
        self.ge, self.le, self.min_length = ge, le, min_length

    @property
    def constrained(self) -> bool:
        """Whether the field has a bound, a minimum length or a pattern."""
        return any(v is not None for v in (self.ge, self.le, self.min_length, self.pattern))


class ModelSpec:
    """The class-level facts of an intent object: its docstring (the schema's description) and title."""

    __slots__ = ("doc", "title")

    def __init__(self, doc: str | None, title: str | None) -> None:
        self.doc, self.title = doc, title


def Field(
    default: Any = dataclasses.MISSING,
    *,
    description: str,
    default_factory: Callable[[], Any] | Any = dataclasses.MISSING,
    alias: str | None = None,
    ge: int | None = None,
    le: int | None = None,
    min_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A field of an intent object: required unless `default` or `default_factory` is given."""
    return dataclasses.field(
        default=default,
        default_factory=default_factory,
        metadata={"n5gc": FieldSpec(description, alias, ge, le, min_length, pattern)},
    )


def intent_model(title: str | None = None) -> Callable[[type[T]], type[T]]:
    """Make a class an intent object: a keyword-only dataclass, immutable, compared and hashed by its
    fields, as `dataclass(frozen=True, kw_only=True)` makes it (`dataclasses.fields` and `replace`
    work). Its methods are shared functions rather than code dataclass compiles per class (0.6 ms
    a class: 20 ms of every cold `n5gc validate` for the 30 classes). The docstring written in the class,
    if any, is the JSON Schema's description (dataclass would invent one from the signature)."""

    def decorate(cls: type[T]) -> type[T]:
        doc = cls.__dict__.get("__doc__")
        made = with_fields(cls, kw_only=True)
        made.__n5gc_model__ = ModelSpec(doc, title)  # type: ignore[attr-defined]
        made.__n5gc_init__ = tuple(  # type: ignore[attr-defined]
            (f.name, f.default, f.default_factory) for f in dataclasses.fields(made)
        )
        for name, method in _METHODS.items():
            if name not in made.__dict__:  # Credential keeps its own __repr__
                setattr(made, name, method)
        return made

    return decorate


def _init(self: Any, **values: Any) -> None:
    for name, default, factory in type(self).__n5gc_init__:
        if name in values:
            object.__setattr__(self, name, values.pop(name))
        elif factory is not dataclasses.MISSING:
            object.__setattr__(self, name, factory())
        elif default is not dataclasses.MISSING:
            object.__setattr__(self, name, default)
        else:
            raise TypeError(f"{type(self).__name__}() missing keyword argument {name!r}")
    if values:
        raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments {sorted(values)}")


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name, _, _ in type(obj).__n5gc_init__)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in type(self).__n5gc_init__)
    return f"{type(self).__qualname__}({shown})"


def _frozen(self: Any, name: str, *_: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


_METHODS: dict[str, Callable[..., Any]] = {
    "__init__": _init,
    "__eq__": _eq,
    "__hash__": _hash,
    "__repr__": _repr,
    "__setattr__": _frozen,
    "__delattr__": _frozen,
}


def own_method(cls: type, name: str) -> Callable[..., Any] | None:
    """The method `name` the class body of `cls` wrote itself (Credential's __repr__), not a shared one."""
    method = cls.__dict__.get(name)
    return None if method is None or method is _METHODS.get(name) else method


def is_intent_model(tp: Any) -> bool:
    """Whether `tp` is a class declared with `intent_model`."""
    return isinstance(tp, type) and "__n5gc_model__" in tp.__dict__


def field_spec(item: dataclasses.Field[Any]) -> FieldSpec:
    """The FieldSpec of a dataclass field of an intent object."""
    found: FieldSpec = item.metadata["n5gc"]
    return found


def to_camel(name: str) -> str:
    """snake_case -> camelCase (pydantic's alias generator's rule): the YAML name of a field, for the
    fast converter and for the pydantic models (n5gc.model.slow), so both accept the same names."""
    if re.match("^[a-z]+[A-Za-z0-9]*$", name) and not re.search(r"\d[a-z]", name):
        return name
    pascal = re.sub("([0-9A-Za-z])_(?=[0-9A-Z])", lambda m: m.group(1), name.title())
    return re.sub("(^_*[A-Z])", lambda m: m.group(1).lower(), pascal)


def field_alias(item: dataclasses.Field[Any]) -> str:
    """The name a field has in YAML (only that one is accepted)."""
    return field_spec(item).alias or to_camel(item.name)


def mark_given(obj: T, names: frozenset[str]) -> T:
    """Record which fields of `obj` the document wrote (pydantic's model_fields_set)."""
    object.__setattr__(obj, _GIVEN, names)
    return obj


def built(cls: type[T], values: dict[str, Any], given: frozenset[str]) -> T:
    """`mark_given(cls(**values), given)` for `values` holding every field of `cls` in field order
    (what the fast converter has): the same instance state (fields in order, then the given names),
    filled in one update instead of one object.__setattr__ per field (7,000 objects at 1,000 slices)."""
    obj: T = object.__new__(cls)
    state = obj.__dict__
    state.update(values)
    state[_GIVEN] = given
    return obj


def given_fields(obj: Any) -> frozenset[str]:
    """The fields the document wrote for `obj` (not those left to their defaults)."""
    found: frozenset[str] = getattr(obj, _GIVEN, frozenset())
    return found
