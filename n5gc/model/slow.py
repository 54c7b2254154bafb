"""The pydantic side of the model: built from the dataclass declarations only when one is needed.

A valid document never comes here (n5gc.model.fast converts it). An invalid one is validated by
pydantic models made from the same declarations, field for field, as n5gc's models were written
before: the same class names, docstrings, fields, aliases, bounds, checkers and configuration, so
the errors (and so every diagnostic of n5gc.model.errors) and the JSON Schema are pydantic's own.
A document pydantic accepts is converted back into the dataclasses (`from_pydantic`).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from typing import Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints
from pydantic import Field as PydanticField

from n5gc.model.fields import ModelSpec, field_spec, is_intent_model, mark_given, own_method, to_camel
from n5gc.model.types import After, Before, Pattern, Range

T = TypeVar("T")


class Strict(BaseModel):
    """Base of every intent object: unknown fields are errors, types are not coerced."""

    # Only the camelCase names of INTENT.md are accepted (as the JSON Schema says): no snake_case twins.
    # The fast converter's own alias function, so both paths accept exactly the same names.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, alias_generator=to_camel, populate_by_name=False
    )


_BUILT: dict[type, type[BaseModel]] = {}
_SOURCE: dict[type[BaseModel], type] = {}


def pydantic_model(cls: type) -> type[BaseModel]:
    """The pydantic model of the intent dataclass `cls` (built once per process)."""
    built = _BUILT.get(cls)
    if built is not None:
        return built
    declared: ModelSpec = cls.__dict__["__n5gc_model__"]
    hints = typing.get_type_hints(cls, include_extras=True)
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": declared.doc,
        "__annotations__": {},
    }
    if declared.title is not None:
        namespace["model_config"] = ConfigDict(title=declared.title)
    own_repr = own_method(cls, "__repr__")
    if own_repr is not None:  # Credential: keys never reach a repr
        namespace["__repr__"] = namespace["__str__"] = own_repr
    for item in dataclasses.fields(cls):
        namespace["__annotations__"][item.name] = _translate(hints[item.name])
        namespace[item.name] = _pydantic_field(item)
    built = typing.cast(type[BaseModel], type(cls.__name__, (Strict,), namespace))
    _BUILT[cls] = built
    _SOURCE[built] = cls
    return built


def _pydantic_field(item: dataclasses.Field[Any]) -> Any:
    """pydantic's Field(...) for a dataclass field, with the same facts."""
    facts = field_spec(item)
    options: dict[str, Any] = {"description": facts.description}
    for name in ("alias", "ge", "le", "min_length", "pattern"):
        if getattr(facts, name) is not None:
            options[name] = getattr(facts, name)
    if item.default_factory is not dataclasses.MISSING:
        factory = item.default_factory
        options["default_factory"] = pydantic_model(factory) if is_intent_model(factory) else factory
        return PydanticField(**options)
    if item.default is not dataclasses.MISSING:
        return PydanticField(item.default, **options)
    return PydanticField(**options)


def _translate(annotation: Any) -> Any:
    """An annotation of the dataclasses with intent classes and n5gc's markers swapped for pydantic's."""
    if is_intent_model(annotation):
        return pydantic_model(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return typing.Annotated[(_translate(args[0]), *(_marker(m) for m in annotation.__metadata__))]
    if origin in (types.UnionType, typing.Union):
        return functools.reduce(operator.or_, [_translate(a) for a in args])
    if origin in (list, dict):
        return origin[tuple(_translate(a) for a in args)]
    return annotation


def _marker(marker: Any) -> Any:
    """pydantic's form of one of n5gc's annotation markers (SchemaHint is understood as it is)."""
    if isinstance(marker, Before):
        return BeforeValidator(marker.check)
    if isinstance(marker, After):
        return AfterValidator(marker.check)
    if isinstance(marker, Range):
        return PydanticField(ge=marker.ge, le=marker.le)
    if isinstance(marker, Pattern):
        return StringConstraints(pattern=marker.pattern)
    return marker


def validate(cls: type[T], data: Any) -> T:
    """`data` validated by pydantic into the dataclass `cls`; raises pydantic's ValidationError."""
    return typing.cast(T, from_pydantic(pydantic_model(cls).model_validate(data)))


def from_pydantic(value: Any) -> Any:
    """A pydantic model instance (and what it holds) as the intent dataclasses, fields given kept."""
    if isinstance(value, BaseModel):
        cls = _SOURCE[type(value)]
        made = cls(**{name: from_pydantic(getattr(value, name)) for name in type(value).model_fields})
        return mark_given(made, frozenset(value.model_fields_set))
    if isinstance(value, list):
        return [from_pydantic(v) for v in value]
    if isinstance(value, dict):
        return {k: from_pydantic(v) for k, v in value.items()}
    return value


__all__ = ["Strict", "from_pydantic", "pydantic_model", "validate"]
