"""`record`: `dataclasses.dataclass` compiling one method per class instead of six.

A dataclass compiles source text for each method it makes (`__init__`, `__repr__`, `__eq__`, and for
a frozen class `__hash__`, `__setattr__`, `__delattr__`): about 0.7 ms a frozen class, 30 ms of every
cold compile for the plan's 28 classes alone. `record` makes the fields as dataclass does
(`with_fields`: the class is a dataclass to `fields`, `replace`, `asdict`, `is_dataclass`, pattern
matching), gives it an `__init__` with a real signature (what keeps construction as fast as the
dataclass's: the plan builds 30,000 objects at 1,000 slices) whose code is compiled once per shape
of class, and makes the other methods from closures over the field names. A record class costs
about 0.06 ms (0.15 ms with dataclass's field reading and one compile per class; 86 classes are
made in a compile).
They behave as the generated ones do: the same instance state (fields in `__dict__` in field order),
the same positional and keyword arguments with the same defaults and default factories, equality
and hashing over the compared fields as tuples, the same repr, `FrozenInstanceError` on assignment.
tests/test_records.py holds every record class of n5gc against a stdlib dataclass of the same fields.

Only what n5gc's records use is supported: no `__post_init__`, `InitVar`, keyword-only fields,
`init=False` fields, slots or ordering; `record` refuses a class that asks for one.
"""

from __future__ import annotations

import abc
import dataclasses
import operator
import re
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
_MISSING = dataclasses.MISSING


@dataclasses.dataclass(init=False, repr=False, eq=False)
class _Probe:
    """A class as dataclass makes it with `with_fields`'s arguments: its field kind and parameters
    are what `with_fields` gives its classes."""

    field: int


_FIELD_KIND = dataclasses.fields(_Probe)[0]._field_type  # type: ignore[attr-defined]
_PARAMS = _Probe.__dataclass_params__  # type: ignore[attr-defined]
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
    made = with_fields(cls)
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


def with_fields(cls: type[T], *, kw_only: bool = False) -> type[T]:
    """`dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)`: the class
    with its dataclass fields (`__dataclass_fields__`, class attributes holding the defaults,
    `__match_args__`) and no generated method, made without dataclass's per-field lookups of
    ClassVar, InitVar and KW_ONLY (most of its cost). A class where one of those may be meant (an
    annotation is one, names one or reads as an alias of one), or that inherits dataclass fields,
    is left to dataclass itself; tests/test_records.py holds both against each
    other."""
    doc = cls.__dict__.get("__doc__")
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - the class's own, as dataclass reads them
    made = _fields_made_here(cls, annotations, kw_only)
    if made is None:
        cls.__doc__ = doc or "-"  # a docstring spares dataclass an inspect.signature() of the class
        made = dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        made.__doc__ = doc
    return made


def _fields_made_here(cls: type[T], annotations: dict[str, Any], kw_only: bool) -> type[T] | None:
    """What `with_fields` does for the plain cases, or None (dataclass decides)."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return None
    module = sys.modules.get(cls.__module__)
    namespace = module.__dict__ if module is not None else {}
    for annotation in annotations.values():
        if _may_be_special(namespace, annotation):
            return None
    own = cls.__dict__
    if any(isinstance(v, dataclasses.Field) and k not in annotations for k, v in own.items()):
        return None  # dataclass raises: a field() without annotation
    fields: dict[str, dataclasses.Field[Any]] = {}
    for name, annotation in annotations.items():
        default = getattr(cls, name, _MISSING)
        if isinstance(default, dataclasses.Field):
            item = default
        else:
            if isinstance(default, types.MemberDescriptorType):
                default = _MISSING
            item = dataclasses.field(default=default)
        item.name, item.type, item._field_type = name, annotation, _FIELD_KIND  # type: ignore[attr-defined]
        if item.kw_only is _MISSING:
            item.kw_only = kw_only
        if item.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(item.default)} for field {name} is not allowed: use default_factory"
            )
        fields[name] = item
    for name, item in fields.items():
        if isinstance(getattr(cls, name, None), dataclasses.Field):
            if item.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, item.default)
    cls.__dataclass_params__ = _PARAMS  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    if "__match_args__" not in own:
        cls.__match_args__ = tuple(n for n, f in fields.items() if f.init and not f.kw_only)  # type: ignore[attr-defined]
    if hasattr(cls, "__abstractmethods__"):
        abc.update_abstractmethods(cls)
    return cls


# dataclass's leading name of a string annotation (a module and a name): what it resolves to tell
# ClassVar, InitVar and KW_ONLY annotations from fields.
_LEADING_NAME = re.compile(r"^(?:\s*(\w+)\s*\.)?\s*(\w+)")


def _may_be_special(namespace: dict[str, Any], annotation: Any) -> bool:
    """Whether dataclass could read `annotation` (of a class of the module of `namespace`) as a
    ClassVar, an InitVar or KW_ONLY: it is one, or it is a string whose leading name (as dataclass
    reads it) resolves to one or to an alias of one in the module."""
    if type(annotation) is not str:
        return _is_special(annotation)
    match = _LEADING_NAME.match(annotation)
    if match is None:
        return False
    prefix, name = match.groups()
    if prefix is None:
        found = namespace.get(name)
    else:
        holder = namespace.get(prefix)
        if holder is not typing and holder is not dataclasses:
            return False
        found = getattr(holder, name, None)
    return found is not None and _is_special(found)


def _is_special(value: Any) -> bool:
    """ClassVar (bare or subscripted), InitVar (bare or subscripted) or KW_ONLY."""
    return (
        value is typing.ClassVar
        or typing.get_origin(value) is typing.ClassVar
        or value is dataclasses.InitVar
        or type(value) is dataclasses.InitVar
        or value is dataclasses.KW_ONLY
    )


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
    """The class's __init__: a Python-level signature (what makes calls fast), storing every field
    into the instance's __dict__ in field order, as the frozen dataclass's object.__setattr__ calls
    do. Its code is compiled once per shape (number of fields, which have factories) and given the
    field names by `CodeType.replace`: compiling is most of the cost of a record class."""
    shape = (len(specs), tuple(position for position, spec in enumerate(specs) if spec[2] is not _MISSING))
    template = _INIT_CODES.get(shape)
    if template is None:
        template = _INIT_CODES[shape] = _init_code(*shape)
    names = {_placeholder(position): spec[0] for position, spec in enumerate(specs)}
    code = template.replace(
        co_varnames=tuple(names.get(name, name) for name in template.co_varnames),
        co_consts=tuple(names.get(c, c) if type(c) is str else c for c in template.co_consts),
    )
    factories: dict[str, Any] = {"__n5gc_factory__": _FACTORY}
    defaults = []
    for position, (_, default, factory) in enumerate(specs):
        if factory is not _MISSING:
            factories[f"__n5gc_factory_{position}__"] = factory
            defaults.append(_FACTORY)
        elif default is not _MISSING:
            defaults.append(default)
        elif defaults:  # as dataclass (and a def) refuse it
            raise TypeError(f"non-default argument {specs[position][0]!r} follows default argument")
    init = types.FunctionType(code, factories, "__init__", tuple(defaults) or None)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


# (number of fields, positions of the fields made by a factory) -> the code of such an __init__,
# its parameters and their keys in __dict__ named by placeholders.
_INIT_CODES: dict[tuple[int, tuple[int, ...]], types.CodeType] = {}


def _placeholder(position: int) -> str:
    return f"__n5gc_field_{position}__"


def _init_code(count: int, made_by_factory: tuple[int, ...]) -> types.CodeType:
    params, lines = [], []
    for position in range(count):
        name = _placeholder(position)
        value = name
        if position in made_by_factory:
            value = f"__n5gc_factory_{position}__() if {name} is __n5gc_factory__ else {name}"
        params.append(name)
        lines.append(f"    __n5gc_state__[{name!r}] = {value}\n")
    text = (
        f"def __init__(__n5gc_self__, {', '.join(params)}):\n"
        "    __n5gc_state__ = __n5gc_self__.__dict__\n" + "".join(lines) + "    return None\n"
    )
    namespace: dict[str, Any] = {}
    exec(text, {}, namespace)  # the text holds placeholders only (identifiers)
    code: types.CodeType = namespace["__init__"].__code__
    return code


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
