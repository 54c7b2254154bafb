"""`n5gc.records.record` behaves as the stdlib dataclass it replaces, for every record class of n5gc.

Each record class is held against a twin: `dataclasses.dataclass` (frozen or not, as the record)
over the same annotations and field definitions. Both are built with the same arguments (all
positional, all by keyword, defaults left out) and compared: fields, instance state (in order),
repr, equality and hash, assignment and deletion, `replace`, `asdict`, pattern matching's
`__match_args__`, and the TypeError of a wrong call.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
import pkgutil
from typing import Any

import pytest

import n5gc
from n5gc.records import record


def _record_classes() -> list[type]:
    found: dict[str, type] = {}
    for module_info in pkgutil.walk_packages(n5gc.__path__, "n5gc."):
        if module_info.name.endswith(".__main__"):  # runs the CLI when imported
            continue
        try:
            module = importlib.import_module(module_info.name)
        except ImportError:  # an optional dependency missing: not a module of this check
            continue
        for value in vars(module).values():
            if isinstance(value, type) and _is_record(value) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _is_record(cls: type) -> bool:
    equal = cls.__dict__.get("__eq__")  # a closure of n5gc.records
    code = getattr(equal, "__code__", None)
    return code is not None and code.co_filename.endswith("n5gc/records.py")


RECORDS = _record_classes()


def _frozen(cls: type) -> bool:
    return cls.__dict__["__hash__"] is not None


def twin(cls: type) -> type:
    """A stdlib dataclass with the fields of the record `cls`."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__qualname__": cls.__qualname__}
    for item in dataclasses.fields(cls):
        namespace["__annotations__"][item.name] = item.type
        namespace[item.name] = dataclasses.field(
            default=item.default,
            default_factory=item.default_factory,
            init=item.init,
            repr=item.repr,
            hash=item.hash,
            compare=item.compare,
            metadata=item.metadata,
        )
    plain = type(cls.__name__, (), namespace)
    plain.__module__ = cls.__module__
    return dataclasses.dataclass(frozen=_frozen(cls))(plain)


def arguments(cls: type, salt: int) -> list[Any]:
    """One distinct hashable value per field (records never check types)."""
    return [f"{item.name}-{salt}" for item in dataclasses.fields(cls)]


def _required(cls: type) -> int:
    return sum(
        1
        for item in dataclasses.fields(cls)
        if item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING
    )


def hashed(obj: Any) -> int | str:
    """The hash of `obj`, or the name of the error hashing raises (a field holding a dict)."""
    try:
        return hash(obj)
    except TypeError as exc:
        return type(exc).__name__


def same_state(made: Any, expected: Any) -> None:
    assert list(vars(made).items()) == list(vars(expected).items())


def test_every_module_has_its_records_found() -> None:
    assert len(RECORDS) >= 28, [c.__qualname__ for c in RECORDS]  # the plan's alone are 28


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_record_behaves_as_its_dataclass(cls: type) -> None:
    model = twin(cls)
    fields = dataclasses.fields(cls)
    assert [(f.name, f.type, f.default, f.default_factory, f.hash, f.compare, f.repr) for f in fields] == [
        (f.name, f.type, f.default, f.default_factory, f.hash, f.compare, f.repr)
        for f in dataclasses.fields(model)
    ]
    assert cls.__match_args__ == model.__match_args__  # type: ignore[attr-defined]
    values = arguments(cls, 1)
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        (tuple(values), {}),
        ((), {f.name: v for f, v in zip(fields, values, strict=True)}),
        (tuple(values[: _required(cls)]), {}),
        (tuple(values[:1]), {f.name: v for f, v in list(zip(fields, values, strict=True))[1:]}),
    ]
    for args, kwargs in calls:
        made, expected = cls(*args, **kwargs), model(*args, **kwargs)
        same_state(made, expected)
        assert repr(made) == repr(expected)
        again = cls(*args, **kwargs)
        assert made == again
        assert not made != again  # noqa: SIM202 - __ne__ from __eq__, as dataclass
        assert dataclasses.asdict(made) == dataclasses.asdict(expected)
        if _frozen(cls):
            assert hashed(made) == hashed(expected)
        else:
            with pytest.raises(TypeError):
                hash(made)
    made, expected = cls(*values), model(*values)
    other = arguments(cls, 2)
    for position, item in enumerate(fields):
        changed = [*values[:position], other[position], *values[position + 1 :]]
        assert (cls(*changed) == made) == (model(*changed) == expected)
        if _frozen(cls):
            assert (hashed(cls(*changed)) == hashed(made)) == (hashed(model(*changed)) == hashed(expected))
        same_state(dataclasses.replace(made, **{item.name: other[position]}), model(*changed))
    assert made.__eq__(expected) is NotImplemented and made != object()
    same_state(copy.deepcopy(made), expected)
    same_state(pickle.loads(pickle.dumps(made)), made)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_record_refuses_what_its_dataclass_refuses(cls: type) -> None:
    model = twin(cls)
    values = arguments(cls, 1)
    name = dataclasses.fields(cls)[0].name
    for target in (cls, model):
        with pytest.raises(TypeError):
            target(*values, "one too many")
        with pytest.raises(TypeError):
            target(*values, **{name: "twice"})
        with pytest.raises(TypeError):
            target(*values, not_a_field=1)
        if _required(cls):
            with pytest.raises(TypeError):
                target()
        made = target(*values)
        if _frozen(cls):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(made, name, "changed")
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(made, name)
            with pytest.raises(dataclasses.FrozenInstanceError):
                made.not_a_field = 1
        else:
            setattr(made, name, "changed")
            assert getattr(made, name) == "changed"


def test_default_factories_give_each_instance_its_own_value() -> None:
    @record(frozen=False)
    class Holder:
        items: list[int] = dataclasses.field(default_factory=list)
        fixed: tuple[int, ...] = ()

    first, second = Holder(), Holder()
    first.items.append(1)
    assert second.items == [] and first.fixed is second.fixed


def test_subclass_of_a_frozen_record_may_set_other_attributes() -> None:
    @record
    class Base:
        value: int

    class Child(Base):
        pass

    child = Child(1)
    child.extra = 2  # dataclass's frozen __setattr__ refuses fields and the class itself only
    assert child.extra == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.value = 3


@pytest.mark.parametrize(
    "body",
    [
        "def __post_init__(self): pass",
        "__slots__ = ('value',)",
        "def __eq__(self, other): return True",
        "def __hash__(self): return 1",
    ],
)
def test_record_refuses_what_it_does_not_reproduce(body: str) -> None:
    namespace: dict[str, Any] = {}
    exec(f"class Odd:\n    value: int\n    {body}\n", namespace)  # a fixed class body
    with pytest.raises(TypeError):
        record(namespace["Odd"])
