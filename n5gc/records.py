"""`record`: `dataclasses.dataclass` compiling one method per class instead of six.

A dataclass compiles source text for each method it makes (`__init__`, `__repr__`, `__eq__`, and for
a frozen class `__hash__`, `__setattr__`, `__delattr__`): about 0.7 ms a frozen class, 30 ms of every
cold compile for the plan's 28 classes alone. `record` asks `dataclasses` for the fields only (the
class is a dataclass to `fields`, `replace`, `asdict`, `is_dataclass`, pattern matching), compiles
one small `__init__` (a real signature keeps construction as fast as the dataclass's: the plan builds
30,000 objects at 1,000 slices) and makes the other methods from closures over the field names.
They behave as the generated ones do: the same instance state (fields in `__dict__` in field order),
the same positional and keyword arguments with the same defaults and default factories, equality
and hashing over the compared fields as tuples, the same repr, `FrozenInstanceError` on assignment.
tests/test_records.py holds every record class of n5gc against a stdlib dataclass of the same fields.

Only what n5gc's records use is supported: no `__post_init__`, `InitVar`, keyword-only fields,
`init=False` fields, slots or ordering; `record` refuses a class that asks for one.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
_MISSING = dataclasses.MISSING
Values = Callable[[Any], tuple[Any, ...]]


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = True) -> Any:
    """`@dataclass(frozen=True)` (or `@record(frozen=False)`: `@dataclass`) at a fraction of the
    import cost; see the module docstring for what is supported."""

    def decorate(cls: type[T]) -> type[T]:
        return _make(cls, frozen)

    return decorate if cls is None else decorate(cls)


def _make(cls: type[T], frozen: bool) -> type[T]:
    _refuse_unsupported(cls)
    doc = cls.__dict__.get("__doc__")
    cls.__doc__ = doc or "-"  # a docstring spares dataclass an inspect.signature() of the class
    made = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    made.__doc__ = doc
    fields = dataclasses.fields(made)
    for item in fields:
        if not item.init or item.kw_only:
            raise TypeError(f"record {cls.__qualname__}: field {item.name} must be a plain init field")
    names = tuple(item.name for item in fields)
    methods: dict[str, Any] = {
        "__init__": _init(made, tuple((f.name, f.default, f.default_factory) for f in fields)),
        "__repr__": _repr(tuple(f.name for f in fields if f.repr)),
        "__eq__": _eq(_values(tuple(f.name for f in fields if f.compare))),
    }
    if frozen:
        hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        methods["__hash__"] = _hash(_values(hashed))
        methods["__setattr__"], methods["__delattr__"] = _frozen(made, frozenset(names))
    else:
        methods["__hash__"] = None  # as dataclass: eq without frozen makes instances unhashable
    for name, method in methods.items():
        if name in made.__dict__ and name != "__hash__":
            raise TypeError(f"record {cls.__qualname__} defines {name}: use dataclass")
        if method is not None:
            method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    return made


def _refuse_unsupported(cls: type) -> None:
    own = cls.__dict__
    if "__post_init__" in own or "__slots__" in own or "__hash__" in own:
        raise TypeError(f"record {cls.__qualname__}: __post_init__, __slots__, __hash__ need dataclass")
    for annotation in own.get("__annotations__", {}).values():
        if "InitVar" in str(annotation) or "KW_ONLY" in str(annotation):
            raise TypeError(f"record {cls.__qualname__}: InitVar and KW_ONLY need dataclass")


def _values(names: tuple[str, ...]) -> Values:
    """The tuple of `names`' values of an object (what the generated methods compare and hash)."""
    if not names:
        return lambda obj: ()
    getter = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (getter(obj),)
    return getter


_FACTORY = object()  # the default of a field made by a factory: the call did not give it


def _init(cls: type, specs: tuple[tuple[str, Any, Any], ...]) -> Any:
    """The class's __init__: the one piece compiled (a Python-level signature is what makes calls
    fast), storing every field into the instance's __dict__ in field order, as the frozen
    dataclass's object.__setattr__ calls do."""
    params, lines, defaults = [], [], []
    factories: dict[str, Any] = {"__n5gc_factory__": _FACTORY}
    for position, (field_name, default, factory) in enumerate(specs):
        if factory is not _MISSING:
            factories[f"__n5gc_factory_{position}__"] = factory
            defaults.append(_FACTORY)
            value = f"__n5gc_factory_{position}__() if {field_name} is __n5gc_factory__ else {field_name}"
        else:
            if default is not _MISSING:
                defaults.append(default)
            value = field_name
        params.append(field_name)
        lines.append(f"    __n5gc_state__[{field_name!r}] = {value}\n")
    text = (
        f"def __init__(__n5gc_self__, {', '.join(params)}):\n"
        "    __n5gc_state__ = __n5gc_self__.__dict__\n" + "".join(lines) + "    return None\n"
    )
    namespace: dict[str, Any] = {}
    exec(text, factories, namespace)  # the text holds the field names only (identifiers)
    init = namespace["__init__"]
    init.__defaults__ = tuple(defaults) or None
    return init


def _repr(names: tuple[str, ...]) -> Any:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{field_name}={getattr(self, field_name)!r}" for field_name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _eq(values: Values) -> Any:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values: Values) -> Any:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen(cls: type, names: frozenset[str]) -> tuple[Any, Any]:
    """dataclass's frozen __setattr__/__delattr__: refused on the class itself and on its fields."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__
