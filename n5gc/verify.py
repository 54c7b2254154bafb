"""Stage 6, verify: every artifact against its real format, on every compile.

- Kubernetes objects: kubernetes-validate's strict OpenAPI schemas (unknown fields rejected);
- everything else: the project's own JSON Schemas in `schemas/<name>.schema.json` (Helm values
  stricter than upstream, UERANSIM configs, release files, kustomizations);
- typed YAML: every file is dumped and read back by a YAML 1.1 reader; any value that would
  change type (a string "01" read as 1) is caught here.

A failure is a compiler bug (exit 3), never the user's fault: checks and the planner must have
refused the input earlier.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import sys
import types
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.resources import data_dir
from n5gc.targets.base import Artifact

SCHEMAS = data_dir("schemas")
KUBERNETES_VERSION = "1.34"


class _Unhashable(Exception):
    """A value `_json_key` does not map (NaN, a non-JSON type): jsonschema's own check decides."""


def _json_key(value: Any) -> Any:
    """A hashable key equal for two values exactly when jsonschema's `equal` finds them equal
    (booleans are not numbers, 1 equals 1.0, mappings ignore key order)."""
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, bool) or value is None:
        return ("c", value)
    if isinstance(value, int | float):
        if value != value:  # NaN is not equal to itself
            raise _Unhashable
        return ("n", value)
    if isinstance(value, list | tuple):
        return ("l", tuple(_json_key(v) for v in value))
    if isinstance(value, dict):
        return ("m", frozenset((k, _json_key(v)) for k, v in value.items()))
    raise _Unhashable


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    """jsonschema's `uniqueItems` in linear time: its own compares every pair of mappings (499,500
    comparisons for the 1,000 slices of one Helm values list). Same verdict, same message."""
    from jsonschema import ValidationError
    from jsonschema._keywords import uniqueItems

    if not unique or not validator.is_type(instance, "array"):
        return
    try:
        keys = [_json_key(item) for item in instance]
    except _Unhashable:
        yield from uniqueItems(validator, unique, instance, schema)
        return
    if len(set(keys)) != len(keys):
        yield ValidationError(f"{instance!r} has non-unique elements")


@cache
def _validator_class() -> Any:
    """Draft 2020-12 with the linear `uniqueItems`."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"uniqueItems": _unique_items})


@cache
def project_schema(name: str) -> Any:
    """The JSON Schema `schemas/<name>.schema.json` (draft 2020-12)."""
    path = SCHEMAS / f"{name}.schema.json"
    if not path.is_file():
        raise CompilerBug(f"no schema {path.name} for artifacts of schema {name!r}")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def project_validator(name: str) -> Any:
    """A jsonschema validator for `schemas/<name>.schema.json` (draft 2020-12)."""
    # Meta-validation of the schema itself is a test (tests/test_schemas.py), not a per-compile cost.
    return _validator_class()(project_schema(name))


@cache
def _kubernetes_definitions() -> tuple[str, Any]:
    """The strict schema folder of KUBERNETES_VERSION in kubernetes-validate, and its shared definitions.

    kubernetes-validate re-reads the (large) definitions and rebuilds the validator for every object;
    n5gc validates many objects per compile, so it builds each kind's validator once with the same
    schemas and the same reference registry.
    """
    folder = _kubernetes_folder()
    return folder, _kubernetes_json(f"{folder}/_definitions.json")


@cache
def _kubernetes_folder() -> str:
    """The strict schema folder of KUBERNETES_VERSION in kubernetes-validate (relative to its package)."""
    versions = sorted(
        (m.group(1) for p in _kubernetes_schemas().iterdir() if (m := re.match(r"^v([^-]*)", p.name))),
        key=lambda v: tuple(int(part) for part in re.findall(r"\d+", v)),
    )
    # kubernetes-validate's choice, kept as it is (a string comparison of "major.minor")
    version = [v for v in versions if re.sub(r"^(\d+\.\d+).*", r"\1", v) <= KUBERNETES_VERSION][-1]
    return f"kubernetes-json-schema/v{version}-local-strict"


def _kubernetes_schemas() -> Path:
    """kubernetes-validate's folder of schemas, found without importing it (its module imports
    jsonschema, which a compile whose artifacts all pass the Rust validator never needs)."""
    import importlib.util

    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise CompilerBug("kubernetes-validate is not installed: n5gc needs its Kubernetes schemas")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


def _kubernetes_json(name: str) -> Any:
    """One schema file of kubernetes-validate (`name` relative to its package folder)."""
    return json.loads((_kubernetes_schemas().parent / name).read_text(encoding="utf-8"))


@cache
def _kubernetes_schema(kind: str, api_version: str) -> Any:
    """kubernetes-validate's strict schema of one kind (None when it has none)."""
    folder = _kubernetes_folder()
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)  # rbac.authorization.k8s.io/v1 -> rbac-v1
    try:
        return _kubernetes_json(f"{folder}/{kind.lower()}-{group}.json")
    except (FileNotFoundError, NotADirectoryError):
        return None


@cache
def _kubernetes_validator(kind: str, api_version: str) -> Any:
    from referencing import Registry, Resource

    schema = _kubernetes_schema(kind, api_version)
    if schema is None:
        return None
    definitions = _kubernetes_definitions()[1]
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return _validator_class()(schema, registry=registry)


@cache
def fast_validator(schema_name: str, kind: str = "", api_version: str = "") -> Any:
    """A jsonschema-rs (Rust) validator of the same schema, or None (no such schema, or the
    package is missing): it only *accepts* documents. What it does not accept, jsonschema reads
    again and words the problem, so every message is jsonschema's; its verdicts are held equal to
    jsonschema's on every compiled artifact and on mutants of them (tests/test_verify_fast.py)."""
    try:
        jsonschema_rs = _jsonschema_rs()
    except ImportError:  # pragma: no cover - an installation without the optional accelerator
        return None
    if schema_name != "kubernetes":
        return jsonschema_rs.Draft202012Validator(project_schema(schema_name), validate_formats=False)
    schema = _kubernetes_schema(kind, api_version)
    if schema is None:
        return None
    registry = _rust_registry_of_closure(schema)
    if registry is not None:
        try:  # jsonschema-rs resolves every reference while building: a missing one fails here
            return jsonschema_rs.Draft202012Validator(schema, validate_formats=False, registry=registry)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
            pass  # a reference the closure did not see: the whole registry
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=False, registry=_rust_registry())


@cache
def _rust_registry() -> Any:
    """The Kubernetes definitions as one jsonschema-rs registry, shared by every kind's validator
    (handing the 1.5 MB of definitions to Rust once instead of once per kind)."""
    jsonschema_rs = _jsonschema_rs()

    definitions = _kubernetes_definitions()[1]
    return jsonschema_rs.Registry([(definitions["$id"], definitions)])


# ---- The definitions a kind needs, read without parsing all 1.5 MB of them ----
#
# A one-slice recompile validates a handful of kinds; parsing every definition (10 ms) and handing
# them all to Rust (5 ms) cost more than validating. For a definitions file whose layout is known
# (its sha256 in SLICEABLE_DEFINITIONS: json.dump with an indent of 2, so that every line opening
# with four spaces and a quote is a definition, its value running to the next such line, and no
# referencing keyword but `$ref`), each kind gets a registry of the definitions its `$ref`s reach,
# each parsed once. tests/test_verify_definitions.py holds, on the installed file, every cut
# definition equal to the parsed one, the `$ref`s read from each text equal to those of the parsed
# definition, and every kind's validator built from its closure (tests/test_verify_fast.py holds the
# verdicts to jsonschema's); a file of another digest is parsed whole, as before. A `$ref` the closure
# missed fails the validator's build (jsonschema-rs resolves every reference then): the whole registry.
SLICEABLE_DEFINITIONS = frozenset(
    {"81c8c580f3ddb1580b342d91b9771089a38fa33ef86ee923b9b604716b2ba552"}  # kubernetes-validate 1.37.0
)
_DEFINITION_START = '\n    "'
_DEFINITIONS_HEAD = '{\n  "$defs": {' + _DEFINITION_START
_REFERENCE = re.compile(r'"\$ref": "[^"\\]*#/\$defs/([^"\\/~%]+)"')


@cache
def _sliced_definitions() -> tuple[Mapping[str, str], dict[str, Any]] | None:
    """The definitions file of a known layout cut into its definitions' texts (name -> the text
    from the name on), and its other members ($schema, $id); None for any other file."""
    import hashlib

    data = (_kubernetes_schemas().parent / f"{_kubernetes_folder()}/_definitions.json").read_bytes()
    if hashlib.sha256(data).hexdigest() not in SLICEABLE_DEFINITIONS:
        return None
    return _slice_definitions(data.decode("utf-8"))


def _slice_definitions(text: str) -> tuple[Mapping[str, str], dict[str, Any]] | None:
    """`text` (a definitions file laid out as SLICEABLE_DEFINITIONS says) cut into its definitions;
    None when it does not even start as one."""
    if not text.startswith(_DEFINITIONS_HEAD):
        return None
    # The head holds _DEFINITION_START once, at its end: what precedes it is dropped. Each piece runs
    # from after one _DEFINITION_START to the next (the last one to the end), as splitting at them
    # would cut it; only where each starts is found here, a piece is copied out when it is asked for.
    starts = [found.start() + len(_DEFINITION_START) for found in _DEFINITION_STARTS.finditer(text)]
    texts = _Pieces(text, starts)
    last = text[starts[-1] :]
    _, end = _DECODER.raw_decode(last, last.index('": ') + 3)
    members = json.loads("{" + last[end:].removeprefix("\n  },"))  # what follows $defs: $schema, $id
    return texts, members


# Every _DEFINITION_START: the same places str.split(_DEFINITION_START) cuts at.
_DEFINITION_STARTS = re.compile(re.escape(_DEFINITION_START))


class _Pieces(Mapping[str, str]):
    """A definition's name -> its piece of the text (from its name to the next _DEFINITION_START):
    the mapping splitting the text gives, each piece cut when it is read."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        ends = [start - len(_DEFINITION_START) for start in starts[1:]] + [len(text)]
        self.spans = {
            text[start : text.index('": ', start)]: (start, end)
            for start, end in zip(starts, ends, strict=True)
        }

    def __getitem__(self, name: str) -> str:
        start, end = self.spans[name]
        return self.text[start:end]

    def __contains__(self, name: object) -> bool:
        return name in self.spans

    def __iter__(self) -> Iterator[str]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


_DECODER = json.JSONDecoder()


@cache
def _definition(name: str) -> tuple[Any, frozenset[str]]:
    """One definition of the sliced file, parsed, and the names its `$ref`s point to."""
    sliced = _sliced_definitions()
    assert sliced is not None
    piece = sliced[0][name]
    value, _ = _DECODER.raw_decode(piece, len(name) + 3)
    return value, frozenset(_REFERENCE.findall(piece))


def _rust_registry_of_closure(schema: Any) -> Any:
    """A jsonschema-rs registry of the definitions `schema` reaches, or None (a file of another layout)."""
    sliced = _sliced_definitions()
    if sliced is None:
        return None
    jsonschema_rs = _jsonschema_rs()
    texts, members = sliced
    todo = set(_REFERENCE.findall(json.dumps(schema)))
    needed: dict[str, Any] = {}
    while todo:
        name = todo.pop()
        if name in needed or name not in texts:
            continue  # an unknown name: the build fails, and the whole registry decides
        value, references = _definition(name)
        needed[name] = value
        todo |= references
    document = {"$defs": dict(sorted(needed.items())), **members}
    return jsonschema_rs.Registry([(members["$id"], document)])


@cache
def _jsonschema_rs() -> Any:
    """The jsonschema_rs module, imported without importing `email.utils`.

    Its extension asks `email.utils.parsedate_to_datetime` for its own build date (pyo3-built's
    `__build__`) while loading, and `email.utils` imports socket, random, calendar and the email
    package: 5 to 9 ms of every compile that verifies. While it loads, `email.utils` is a stand-in
    (`_EmailUtils`) that reads that date as the real function does and hands anything else to the
    real module; the stand-in leaves sys.modules when the import is done (tests/test_verify_import.py).
    """
    if "jsonschema_rs" in sys.modules or "email.utils" in sys.modules:
        import jsonschema_rs

        return jsonschema_rs
    stand_in = _EmailUtils("email.utils")
    sys.modules["email.utils"] = stand_in
    try:
        import jsonschema_rs
    finally:
        if sys.modules.get("email.utils") is stand_in:
            del sys.modules["email.utils"]
    return jsonschema_rs


class _EmailUtils(types.ModuleType):
    """`email.utils` while jsonschema_rs loads: `parsedate_to_datetime` of an RFC 2822 date as the
    extension's build date is written, every other name (and any other date) from the real module."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get("email.utils") is self:
            del sys.modules["email.utils"]  # the real module, imported now, takes its place
        import email.utils

        return getattr(email.utils, name)

    def parsedate_to_datetime(self, data: str) -> Any:
        """`email.utils.parsedate_to_datetime` (same value) for "Thu, 12 Nov 2026 07:50:16 +0000"."""
        import datetime

        found = _RFC2822_DATE.fullmatch(data) if isinstance(data, str) else None
        if found is None:
            return self.__getattr__("parsedate_to_datetime")(data)
        # Four-digit years from 1000 only (email.utils reads 0050 as 2050) and "+" zones only
        # ("-0000" is no zone at all to it): anything else is the real function's.
        day, month, year, hour, minute, second, zone_hours, zone_minutes = found.groups()
        offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
        return datetime.datetime(
            int(year),
            _MONTHS.index(month) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=datetime.timezone(datetime.timedelta(seconds=offset)),
        )


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RFC2822_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-2][0-9]|3[01]) ("
    + "|".join(_MONTHS)
    + r") ([1-9][0-9]{3}) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) \+([01][0-9]|2[0-3])([0-5][0-9])"
)


def _accepted(schema_name: str, document: Any) -> bool:
    """Whether the Rust validator accepts `document` (False: ask jsonschema)."""
    kind, api_version = "", ""
    if schema_name == "kubernetes":
        kind, api_version = str(document.get("kind")), str(document.get("apiVersion"))
    validator = fast_validator(schema_name, kind, api_version)
    return validator is not None and bool(validator.is_valid(document))


def _kubernetes_problems(document: Any) -> list[str]:
    validator = _kubernetes_validator(str(document.get("kind")), str(document.get("apiVersion")))
    if validator is None:
        return [
            f"no Kubernetes {KUBERNETES_VERSION} schema for "
            f"{document.get('apiVersion')} {document.get('kind')}"
        ]
    error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))), None)
    if error is None:
        return []
    return [f"{error.message} at {'/'.join(map(str, error.path))}"]


def document_problems(schema: str, document: Any) -> list[str]:
    """Why `document` does not match `schema` (empty when it does)."""
    if schema != "none" and _accepted(schema, document):
        return []
    if schema == "kubernetes":
        return _kubernetes_problems(document)
    if schema == "none":
        return []
    validator = project_validator(schema)
    return [
        f"{e.message} at /{'/'.join(map(str, e.absolute_path))}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]


def typed_roundtrip_problems(document: Any) -> list[str]:
    """Dump and re-read with a YAML 1.1 reader: the values must come back identical, types included."""
    from n5gc.yamlio import dump, load_all

    back = load_all(dump(document))
    if len(back) != 1 or not same_values(back[0], document):
        return ["a value changes type when written as YAML and read back"]
    return []


def same_values(a: Any, b: Any) -> bool:
    """`_same(a, b)`, mostly answered by comparing two pickles of them (C speed; the walk cost 0.1 s per
    full compile of 1,000 slices). Without its memo (fast mode) pickle writes each value by its exact
    type (1, 1.0 and True, str and a str subclass, list and tuple, bytes and bytearray differ) and
    mappings in key order, so equal pickles are values `_same` holds equal, but for NaN (equal bits,
    unequal floats): a pickle that may hold a NaN, unequal pickles (-0.0 is 0.0) and values pickle
    cannot write are answered by `_same` itself. tests/test_verify_same.py holds the two equal."""
    try:
        pickled = _pickled(a)
        if pickled == _pickled(b) and _NAN_OR_INF.search(pickled) is None:
            return True
    except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
        pass
    return _same(a, b)


def _pickled(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes do not depend on which objects are shared
    pickler.dump(value)
    return buffer.getvalue()


# A float pickled (BINFLOAT "G", 8 bytes big-endian) whose exponent bits are all ones: NaN or an
# infinity. Conservative: the same bytes inside a string or an integer only cost a walk.
_NAN_OR_INF = re.compile(rb"G[\x7f\xff][\xf0-\xff]")


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types (1, 1.0 and True differ), mappings with keys in the same order."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is str:  # most values: answered before the container checks
        return bool(a == b)
    if isinstance(a, dict):
        if len(a) != len(b):
            return False
        pairs = zip(a.items(), b.items(), strict=True)
        for (key_a, value_a), (key_b, value_b) in pairs:  # a loop, not all(): no generator per level
            if key_a != key_b or type(key_a) is not type(key_b) or not _same(value_a, value_b):
                return False
        return True
    if isinstance(a, list):
        if len(a) != len(b):
            return False
        for item_a, item_b in zip(a, b, strict=True):  # noqa: SIM110 - a loop, not all(): no generator
            if not _same(item_a, item_b):
                return False
        return True
    return bool(a == b)


def verify(artifacts: list[Artifact], files: dict[str, bytes] | None = None) -> None:
    """Raise CompilerBug listing every artifact that fails its schema or the typed round trip.

    `files` are the serialised artifacts (path -> bytes) when the caller has them: the round trip
    then reads back exactly the bytes that will be written.
    """
    from n5gc.yamlio import load_all

    problems: list[str] = []
    paths: set[str] = set()
    for artifact in artifacts:
        if artifact.path in paths:
            problems.append(f"{artifact.path}: written by two targets")
        paths.add(artifact.path)
        for index, document in enumerate(artifact.documents):
            where = f"{artifact.path}" + (f" (document {index + 1})" if len(artifact.documents) > 1 else "")
            problems.extend(f"{where}: {p}" for p in document_problems(artifact.schema, document))
        if artifact.documents:
            data = files[artifact.path] if files is not None else artifact.to_bytes()
            if not same_values(load_all(data.decode("utf-8")), list(artifact.documents)):
                problems.append(f"{artifact.path}: a value changes type when written as YAML and read back")
        for schema, embedded in artifact.embedded:
            for problem in document_problems(schema, embedded) + typed_roundtrip_problems(embedded):
                problems.append(f"{artifact.path} (embedded {schema}): {problem}")
    if problems:
        raise CompilerBug("generated artifacts fail verification:\n  " + "\n  ".join(problems))
