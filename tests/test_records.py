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
import sys
from typing import Any

import pytest

import n5gc
from n5gc.records import record, with_fields


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


# ---- with_fields: dataclass's field discovery without its per-field lookups --------------------

# Class bodies (in a module of their own, as string annotations) that `with_fields` must read as
# dataclass(init=False, repr=False, eq=False) reads them: plain fields, defaults, field() objects,
# and every way an annotation can mean ClassVar, InitVar or KW_ONLY (those go to dataclass itself).
_BODIES = {
    "plain": "a: int\n    b: str = 'x'\n    c: list[int] = field(default_factory=list)",
    "options": "a: int = field(default=1, repr=False, compare=False, metadata={'m': 1})\n    b: int = 2",
    "kw_only_field": "a: int\n    b: int = field(default=0, kw_only=True)",
    "classvar": "a: int\n    b: ClassVar[int] = 3",
    "typing_classvar": "a: int\n    b: typing.ClassVar[int] = 3",
    "classvar_alias": "a: int\n    b: CV = 3",
    "classvar_generic_alias": "a: int\n    b: CVI = 3",
    "initvar": "a: int\n    b: InitVar[int] = 3",
    "initvar_alias": "a: int\n    b: IV = 3",
    "kw_only_marker": "a: int\n    _: KW_ONLY\n    b: int = 0",
    "kw_only_alias": "a: int\n    _: KWO\n    b: int = 0",
    "typing_name": "a: typing.Any\n    b: dc.Field = None",
    "mutable_default": "a: list = []",
    "field_without_annotation": "a: int\n    b = field(default=1)",
    "no_fields": "x = 1",
    "inherited_attribute_default": "a: int\n    b: int",
}
_MODULE_HEADER = (
    "import dataclasses as dc\nimport typing\n"
    "from dataclasses import InitVar, KW_ONLY, field\nfrom typing import ClassVar\n"
    "CV = ClassVar\nCVI = ClassVar[int]\nIV = InitVar[int]\nKWO = KW_ONLY\n"
    "class Base:\n    b = 7\n"
)


def _made_by(decorate: Any, name: str, body: str, kw_only: bool, strings: bool) -> Any:
    """The class `body` makes in a fresh module (Base as its base), decorated; or the error raised.
    `strings`: the module's annotations are strings (`from __future__ import annotations`)."""
    module = type(sys)(f"n5gc_with_fields_{name}")
    sys.modules[module.__name__] = module
    try:
        future = "from __future__ import annotations\n" if strings else ""
        exec(
            future + _MODULE_HEADER + f"class Made(Base):\n    {body}\n", module.__dict__
        )  # fixed test texts
        made = decorate(module.Made, kw_only)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)
    finally:
        del sys.modules[module.__name__]
    fields = [
        (
            f.name,
            f.type,
            f.default,
            f.default_factory,
            f.init,
            f.repr,
            f.hash,
            f.compare,
            dict(f.metadata),
            f.kw_only,
            f._field_type,
        )
        for f in made.__dataclass_fields__.values()
    ]
    attributes = {k: v for k, v in vars(made).items() if k not in ("__dict__", "__weakref__", "__doc__")}
    attributes.pop("__dataclass_fields__")
    params = attributes.pop("__dataclass_params__")
    return fields, attributes, repr(params), made.__doc__


@pytest.mark.parametrize("strings", [True, False], ids=["string-annotations", "evaluated-annotations"])
@pytest.mark.parametrize("kw_only", [False, True])
@pytest.mark.parametrize("name", sorted(_BODIES))
def test_with_fields_reads_a_class_as_dataclass_reads_it(name: str, kw_only: bool, strings: bool) -> None:
    def by_dataclass(cls: type, kw_only: bool) -> type:
        doc = cls.__dict__.get("__doc__")
        cls.__doc__ = "-"  # as with_fields: no signature text for a missing docstring
        made = dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        made.__doc__ = doc
        return made

    expected = _made_by(by_dataclass, name, _BODIES[name], kw_only, strings)
    made = _made_by(lambda cls, kw: with_fields(cls, kw_only=kw), name, _BODIES[name], kw_only, strings)
    assert made == expected


def test_every_record_and_intent_class_of_n5gc_takes_the_short_way() -> None:
    """No class of n5gc needs dataclass's own reading (else it pays for it on every run)."""
    from n5gc.model.fields import is_intent_model
    from n5gc.records import _fields_made_here

    classes = list(RECORDS)
    for module_info in pkgutil.walk_packages(n5gc.__path__, "n5gc."):
        if module_info.name.startswith("n5gc.model"):
            module = importlib.import_module(module_info.name)
            classes += [
                v for v in vars(module).values() if is_intent_model(v) and v.__module__ == module.__name__
            ]
    assert len(classes) > len(RECORDS)
    for cls in classes:
        plain = type(
            cls.__name__, (), {"__annotations__": dict(cls.__annotations__), "__module__": cls.__module__}
        )
        assert _fields_made_here(plain, plain.__annotations__, False) is plain, cls


def test_location_orders_as_its_ordered_dataclass() -> None:
    """Location is a record with dataclass(order=True)'s comparisons written out: the same order."""
    from n5gc.diagnostics import Location

    model = dataclasses.make_dataclass(
        "Location", [("file", str), ("line", int, 0), ("col", int, 0)], frozen=True, order=True
    )
    values = [
        ("a.yaml", 0, 0),
        ("a.yaml", 2, 1),
        ("a.yaml", 10, 1),
        ("b.yaml", 1, 5),
        ("a.yaml", 2, 3),
        ("", 1, 1),
    ]
    for left in values:
        for right in values:
            for op in ("__lt__", "__le__", "__gt__", "__ge__"):
                assert getattr(Location(*left), op)(Location(*right)) == getattr(model(*left), op)(
                    model(*right)
                )
            assert Location(*left).__lt__(model(*right)) is NotImplemented
    assert sorted(Location(*v) for v in values) == [
        Location(*dataclasses.astuple(m)) for m in sorted(model(*v) for v in values)
    ]
