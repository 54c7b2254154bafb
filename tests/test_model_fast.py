"""The model's fast path (n5gc.model.fast) against pydantic (n5gc.model.slow): same objects, same
diagnostics, and a valid intent validated without importing pydantic."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fastmodel
import intents
import strategies
from test_front_caches import _reading

import n5gc.model
from n5gc.load import Document, load_file, load_text
from n5gc.model import Network, Secrets, fast, parse_network, parse_secrets, validate_model
from n5gc.model.fields import field_alias, is_intent_model
from n5gc.model.slow import from_pydantic, pydantic_model
from n5gc.model.types import Before, Name
from n5gc.overlay import apply_overlays, load_overlays
from n5gc.repo_config import CONFIG_FILE, RepositoryConfig, load_jobs

REPO = intents.REPO
ROOTS = (Network, Secrets, RepositoryConfig)
KINDS = {"Network": Network, "Secrets": Secrets, "Repository": RepositoryConfig}


def _intent_classes() -> list[type]:
    """Every intent dataclass reachable from the three documents' roots."""
    found: list[type] = []
    pending: list[Any] = list(ROOTS)
    while pending:
        annotation = pending.pop()
        if is_intent_model(annotation):
            if annotation in found:
                continue
            found.append(annotation)
            pending.extend(typing.get_type_hints(annotation, include_extras=True).values())
        else:
            pending.extend(typing.get_args(annotation))
    return found


@pytest.mark.parametrize("cls", _intent_classes(), ids=lambda c: c.__name__)
def test_each_class_has_the_fields_pydantic_has(cls: type) -> None:
    """YAML names, required fields and defaults of the fast path are the pydantic model's."""
    model = pydantic_model(cls)
    ours = [(f.name, field_alias(f), _default(f)) for f in dataclasses.fields(cls)]
    theirs = [
        (name, f.alias, None if f.is_required() else from_pydantic(f.get_default(call_default_factory=True)))
        for name, f in model.model_fields.items()
    ]
    assert ours == theirs
    assert model.model_config["extra"] == "forbid" and model.model_config["strict"] is True


def _default(item: dataclasses.Field[Any]) -> Any:
    """A field's default (its factory's product), None for a required field."""
    if item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    return None if item.default is dataclasses.MISSING else item.default


def _repository_documents() -> list[tuple[str, type, Document]]:
    """Every intent (alone and overlay-merged as n5gc.yaml builds it: an overlay alone is partial),
    secrets and n5gc.yaml file."""
    documents: list[tuple[str, type, Document]] = []
    for path in sorted([*REPO.glob("examples/*.yaml"), REPO / CONFIG_FILE]):
        document = load_file(path, path.relative_to(REPO).as_posix())
        kind = KINDS.get(document.data.get("kind"))
        if kind is not None:
            documents.append((document.path, kind, document))
    for job in load_jobs(REPO / CONFIG_FILE):
        if job.overlays:
            merged = apply_overlays(
                load_file(REPO / job.intent), load_overlays([REPO / o for o in job.overlays], str)
            )
            documents.append((f"{job.intent}+{'+'.join(map(str, job.overlays))}", Network, merged))
    documents.append(("tests/intents.NETWORK", Network, load_text(intents.NETWORK, "network.yaml")))
    documents.append(("tests/intents.SECRETS", Secrets, load_text(intents.SECRETS, "s.yaml")))
    return documents


def test_the_repository_has_documents_of_each_kind() -> None:
    found = {kind for _, kind, _ in _repository_documents()}
    assert found == set(ROOTS)


@pytest.mark.parametrize(
    "name, kind, document", _repository_documents(), ids=[name for name, *_ in _repository_documents()]
)
def test_every_repository_document_takes_the_fast_path_to_pydantics_object(
    name: str, kind: type, document: Document
) -> None:
    fast = fastmodel.fast_or_none(kind, document.data)
    assert fast is not None, f"{name}: a valid document left to pydantic (slow, and a sign of a bug)"
    slow, problems = validate_model(document, kind, fast=False)
    assert problems == []
    fastmodel.assert_same_object(fast, slow)


def test_the_fast_path_normalises_as_the_checkers_do() -> None:
    """A value a checker rewrites (SD, subnet, K) is rewritten on both paths; a default is the same."""
    data = intents.network_data()
    data["spec"]["slices"][0]["sd"] = "0X00000A"
    data["spec"]["slices"][0]["dnns"][0]["subnet"] = "10.45.0.0/16"
    fast = fastmodel.fast_or_none(Network, data)
    assert fast is not None and fast.spec.slices[0].sd == "00000a"
    fastmodel.assert_same_object(fast, fastmodel.slow_or_none(Network, data))
    assert n5gc.model.given_fields(fast.spec.core) == frozenset()


# --- mutations: whatever the fast path says, pydantic says too ------------------------------------------

BAD_VALUES: list[Any] = [
    True, False, 0, 1, -1, 7, 300, 2**40, 1.5, 3.0, float("nan"), "1", "", "x" * 70, "N5G209", "0x1",
    "10.0.0.0/8", "200 Mbps\n", "٣", None, [], ["a"], {}, {"a": 1},
]  # fmt: skip


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _swaps(node: Any) -> list[Any]:
    """Values of another type, or the same type just wrong, in place of `node`."""
    if type(node) is bool:
        return [0, 1, "true", None]
    if type(node) is int:
        return [True, False, float(node), str(node), None, -node - 1, node + 2**36]
    if type(node) is float:
        return [int(node), str(node), True, float("inf")]
    if type(node) is str:
        return [1, 1.0, True, None, [node], {node: node}, node + "\n", node.upper(), f" {node}", node[:-1]]
    if type(node) is list:
        return [{}, [], None, node[:1] * 2, "x"]
    return [[node], [], None, "x"]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type, dict[str, Any]]:
    """A valid document (generated intent, or a secrets/n5gc.yaml/reference file) with one change."""
    source = draw(st.sampled_from(["generated", "reference"]))
    if source == "generated":
        kind, data = Network, draw(strategies.valid_networks())
    else:
        _, kind, document = draw(st.sampled_from(_REFERENCE))
        data = copy.deepcopy(document.data)
    path = draw(st.sampled_from(_paths(data)))
    node = _at(data, path)
    parent = _at(data, path[:-1]) if path else None
    change = draw(st.sampled_from(["remove", "unknown", "snake", "swap", "swap", "value", "bump"]))
    if change == "remove" and isinstance(parent, dict):
        del parent[path[-1]]
    elif change == "unknown" and isinstance(node, dict):
        node[draw(st.sampled_from(["bogus", "Name", "api_version"]))] = draw(st.sampled_from(BAD_VALUES))
    elif change == "snake" and isinstance(parent, dict) and _snake(path[-1]) != path[-1]:
        parent[_snake(path[-1])] = parent.pop(path[-1])
    elif change == "bump" and type(node) is int and path:
        parent[path[-1]] = node + draw(st.sampled_from([1, -1, 1000, -1000, 2**36, -(2**36)]))
    elif change == "swap" and path:
        parent[path[-1]] = draw(st.sampled_from(_swaps(node)))
    elif path:
        parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(BAD_VALUES)))
    return kind, data


_REFERENCE = _repository_documents()


@strategies.examples(300)
@given(mutated())
def test_a_mutated_document_gets_pydantics_object_or_pydantics_diagnostics(
    case: tuple[type, dict[str, Any]],
) -> None:
    kind, data = case
    document = load_text(intents.to_yaml(data), "mutated.yaml")
    fast = fastmodel.fast_or_none(kind, document.data)
    slow, slow_problems = validate_model(document, kind, fast=False)
    if fast is not None:
        assert slow is not None, "the fast path accepted what pydantic refuses"
        fastmodel.assert_same_object(fast, slow)
        return
    parse = {Network: parse_network, Secrets: parse_secrets}.get(kind)
    if parse is None:
        assert validate_model(document, kind) == (slow, slow_problems)
        return
    with pytest.MonkeyPatch.context() as patch:  # the whole parse, header checks included, slow only
        patch.setattr(n5gc.model, "convert", _always_unsure)
        slow_parse = parse(document)
    assert parse(document) == slow_parse


@pytest.mark.parametrize("name, kind, document", _REFERENCE, ids=[name for name, *_ in _REFERENCE])
def test_every_field_of_every_reference_document_swapped(name: str, kind: type, document: Document) -> None:
    """Exhaustively, for every value of the document, each value of another type (or a bad one)
    and the key removed, renamed to snake_case or joined by an unknown one: whatever the fast path
    accepts, pydantic accepts as the same object."""
    checked = accepted = 0
    for path in _paths(document.data)[1:]:
        for change in _leaf_changes(document.data, path):
            fast = fastmodel.fast_or_none(kind, change)
            checked += 1
            if fast is not None:
                accepted += 1
                slow = fastmodel.slow_or_none(kind, change)
                assert slow is not None, f"{name}: the fast path accepted what pydantic refuses at {path}"
                fastmodel.assert_same_object(fast, slow)
    assert checked > accepted > 0  # both sides were exercised


def _leaf_changes(data: dict[str, Any], path: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Copies of `data`, each with the value at `path` changed one way."""
    node = _at(data, path)
    variants: list[dict[str, Any]] = []
    for value in [*_swaps(node), *BAD_VALUES[:10]]:
        changed = copy.deepcopy(data)
        _at(changed, path[:-1])[path[-1]] = value
        variants.append(changed)
    if isinstance(path[-1], str):
        for edit in ("remove", "snake", "unknown"):
            changed = copy.deepcopy(data)
            parent = _at(changed, path[:-1])
            value = parent.pop(path[-1])
            if edit == "snake":
                parent[_snake(path[-1])] = value
            elif edit == "unknown":
                parent[path[-1]], parent["bogus"] = value, 1
            variants.append(changed)
    return variants


def _always_unsure(cls: type, data: Any) -> Any:
    raise n5gc.model.Unsure


# --- a valid intent never imports pydantic ------------------------------------------------------------------


def _validate_importing(*args: str, cwd: Path) -> tuple[int, set[str]]:
    """Exit code of `n5gc validate ARGS`, and the top-level packages it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "n5gc", "validate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return result.returncode, imported


def test_validating_the_reference_imports_no_pydantic() -> None:
    code, imported = _validate_importing(
        "examples/three-slices.yaml", "--overlay", "overlays/lab/three-slices.yaml", cwd=REPO
    )
    assert code == 0
    assert "n5gc" in imported and "ipaddress" in imported  # the import list was read
    assert not {"pydantic", "pydantic_core", "click"} & imported


def test_an_invalid_intent_is_diagnosed_by_pydantic(tmp_path: Path) -> None:
    """The other side of the test above: an error does take the pydantic path (and the import list
    would show it)."""
    intent = intents.write(tmp_path, intents.edit(intents.NETWORK, "sst: 1", "sst: one"))
    code, imported = _validate_importing(str(intent), cwd=tmp_path)
    assert code == 1
    assert {"pydantic", "pydantic_core"} <= imported


def test_a_credential_never_shows_its_keys_on_either_path() -> None:
    data = {"apiVersion": "n5gc.io/v1alpha1", "kind": "Secrets", "credentials": {"keys": {}}}
    data["credentials"]["keys"] = {"k": intents.SECRET_K, "opc": intents.SECRET_OPC}
    fast = fastmodel.fast_or_none(Secrets, data)
    pydantic_object = pydantic_model(Secrets).model_validate(data)
    for shown in (repr(fast), str(fast.credentials["keys"]), repr(pydantic_object)):
        assert "<redacted>" in shown
        assert intents.SECRET_K not in shown and intents.SECRET_OPC not in shown


def test_the_fast_path_refuses_to_build_on_what_it_does_not_check() -> None:
    """A constraint the fast path does not know (here a pydantic one) stops it at once, rather than
    being skipped: skipping it would accept what pydantic refuses."""
    from typing import Annotated

    from pydantic import Field as PydanticField

    from n5gc.model.fast import _compile

    with pytest.raises(TypeError, match="does not know"):
        _compile(Annotated[int, PydanticField(gt=0)])
    with pytest.raises(TypeError, match="does not know"):
        _compile(set[str])


# ---- the string shortcut of constrained types (fast._string_then) ------------------------------


def _annotated_types() -> list[Any]:
    """Every Annotated type of a field reachable from the roots (each once)."""
    found: list[Any] = []
    pending: list[Any] = [
        hint for cls in _intent_classes() for hint in typing.get_type_hints(cls, include_extras=True).values()
    ]
    while pending:
        annotation = pending.pop()
        if typing.get_origin(annotation) is typing.Annotated:
            if all(annotation is not seen for seen in found):
                found.append(annotation)
            pending.append(typing.get_args(annotation)[0])
        elif not is_intent_model(annotation):
            pending.extend(typing.get_args(annotation))
    return found


_SAMPLES: list[Any] = ["", "a", "lab", "Lab", "a" * 64, "1", "001", "01", "000001", "0x00000A", "-x", "a\n"]
_SAMPLES += ["001010000000001", "10.45.0.0/16", "10.45.0.1/16", "8.8.8.8", "é", "0" * 32, "f" * 32]
_SAMPLES += [0, 1, 7, -1, 1.5, True, False, None, [], {}, ["a"]]


def _described(annotation: Any) -> str:
    """A test id that is the same in every process (the markers' reprs hold addresses)."""
    markers = annotation.__metadata__
    named = (getattr(getattr(m, "check", None), "__qualname__", type(m).__name__) for m in markers)
    return f"{typing.get_args(annotation)[0]!r}:{','.join(named)}"


@pytest.mark.parametrize("annotation", _annotated_types(), ids=_described)
def test_the_string_shortcut_answers_what_the_general_check_answers(annotation: Any) -> None:
    base, metadata = typing.get_args(annotation)[0], annotation.__metadata__
    quick, full = fast._annotated(base, metadata), fast._annotated(base, metadata, shortcut=False)
    for sample in _SAMPLES:
        assert _reading(quick, sample, fast.Unsure) == _reading(full, sample, fast.Unsure), sample


def test_the_string_shortcut_serves_names_and_befores_that_pass_strings_return_them() -> None:
    """Names take the shortcut (else the comparison above proves little), and every Before marked
    `passes_strings` returns each string as it is."""
    name = fast._annotated(str, Name.__metadata__)
    assert name.__qualname__.startswith("_string_then")
    marked = [
        marker
        for annotation in _annotated_types()
        for marker in annotation.__metadata__
        if isinstance(marker, Before) and marker.passes_strings
    ]
    assert len(marked) >= 3
    for marker in marked:
        for sample in _SAMPLES:
            if type(sample) is str:
                assert marker.check(sample) is sample
