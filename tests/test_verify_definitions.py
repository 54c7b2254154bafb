"""The Kubernetes definitions a kind needs, cut from the definitions file instead of parsing it whole.

n5gc.verify cuts a definitions file whose sha256 is in SLICEABLE_DEFINITIONS at every line opening
with four spaces and a quote, and gives each kind's Rust validator the definitions its `$ref`s reach.
Held here on the installed file (when it is one of those digests; else these tests skip, saying
why): each cut definition is the parsed one, no referencing keyword but `$ref` is used, the `$ref`s
read from the text are every `$ref` of the parsed definitions, and every kind's closure is enough to
build its validator. A file of another digest is parsed whole; a closure that misses a definition
falls back to the whole registry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from n5gc import verify

OTHER_REFERENCING = {"$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"}


def _definitions_path() -> Any:
    return verify._kubernetes_schemas().parent / verify._kubernetes_folder() / "_definitions.json"


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of every mapping inside `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _skip_unless_known() -> None:
    """Skip (saying why) when the installed definitions file is not one n5gc cuts: verify then
    parses it whole, as before. A newer kubernetes-validate (pyproject asks >= 1.30) is not a
    failure of n5gc and must not turn CI red; add its digest once these tests pass with it added."""
    digest = hashlib.sha256(_definitions_path().read_bytes()).hexdigest()
    if digest not in verify.SLICEABLE_DEFINITIONS:
        pytest.skip(
            f"kubernetes-validate ships a definitions file of sha256 {digest}, not in "
            "SLICEABLE_DEFINITIONS: verify parses it whole (slower); add the digest and rerun this file"
        )


def test_the_installed_definitions_file_is_one_whose_layout_is_known() -> None:
    _skip_unless_known()
    assert verify._sliced_definitions() is not None


def _parsed_and_cut() -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The installed definitions file parsed whole, and cut as verify cuts it (its texts and other
    members); skips when verify does not cut this file."""
    _skip_unless_known()
    text = _definitions_path().read_text(encoding="utf-8")
    sliced = verify._slice_definitions(text)
    assert sliced is not None
    return json.loads(text), *sliced


def test_each_cut_definition_is_the_parsed_one() -> None:
    parsed, texts, members = _parsed_and_cut()
    assert list(texts) == list(parsed["$defs"])
    for name, piece in texts.items():
        value, end = verify._DECODER.raw_decode(piece, len(name) + 3)
        assert value == parsed["$defs"][name], name
        assert piece[end:] == "," or name == list(texts)[-1], name  # nothing but the separator after it
    assert members == {key: value for key, value in parsed.items() if key != "$defs"}


def test_every_reference_of_the_definitions_is_a_ref_read_from_the_text() -> None:
    parsed, texts, _ = _parsed_and_cut()
    for name, definition in parsed["$defs"].items():
        pairs = list(_walk(definition))
        assert not [key for key, value in pairs if key in OTHER_REFERENCING and isinstance(value, str)], name
        walked = {value.rsplit("/", 1)[1] for key, value in pairs if key == "$ref" and isinstance(value, str)}
        assert all(
            value.startswith("#/$defs/") for key, value in pairs if key == "$ref" and isinstance(value, str)
        )
        assert set(verify._REFERENCE.findall(texts[name])) == walked, name


def _kind_schemas() -> list[tuple[str, Any]]:
    folder = _definitions_path().parent
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
        if path.name != "_definitions.json"
    ]


def test_every_kinds_closure_builds_its_validator() -> None:
    _skip_unless_known()
    jsonschema_rs = verify._jsonschema_rs()
    schemas = _kind_schemas()
    assert len(schemas) > 100
    built = 0
    for name, schema in schemas:
        try:
            jsonschema_rs.Draft202012Validator(
                schema, validate_formats=False, registry=verify._rust_registry()
            )
        except jsonschema_rs.ValidationError:
            assert name == "all.json"  # no $id: its relative references resolve against nothing
            continue
        registry = verify._rust_registry_of_closure(schema)
        assert registry is not None
        # Built without the fallback: every definition the kind reaches is in its registry.
        jsonschema_rs.Draft202012Validator(schema, validate_formats=False, registry=registry)
        built += 1
    assert built > 100


SECRET = {
    "apiVersion": "v1",
    "kind": "Secret",
    "metadata": {"name": "keys", "namespace": "core", "labels": {"a": "b"}},
    "type": "Opaque",
    "stringData": {"k": "v"},
}


def _clear_caches() -> None:
    for name in ("fast_validator", "_sliced_definitions", "_definition"):
        cached = getattr(verify, name)
        if hasattr(cached, "cache_clear"):  # not while a test has put a stand-in there
            cached.cache_clear()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    _clear_caches()
    yield
    _clear_caches()


def test_a_file_of_another_digest_is_parsed_whole(
    fresh_caches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "SLICEABLE_DEFINITIONS", frozenset())
    assert verify._sliced_definitions() is None
    validator = verify.fast_validator("kubernetes", "Secret", "v1")
    assert validator.is_valid(SECRET)
    assert not validator.is_valid({**SECRET, "metadata": {**SECRET["metadata"], "uid": 7}})


def test_a_closure_missing_a_definition_falls_back_to_the_whole_registry(
    fresh_caches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = verify._definition.__wrapped__

    def forgetful(name: str) -> tuple[Any, frozenset[str]]:
        value, _ = real(name)
        return value, frozenset()  # as if the text showed no $ref: ObjectMeta's own refs are missed

    monkeypatch.setattr(verify, "_definition", forgetful)
    validator = verify.fast_validator("kubernetes", "Secret", "v1")
    assert validator.is_valid(SECRET)
    # ObjectMeta's managedFields items (ManagedFieldsEntry, a missed definition) are still checked.
    wrong = {**SECRET, "metadata": {**SECRET["metadata"], "managedFields": [{"manager": 7}]}}
    assert not validator.is_valid(wrong)


def _split(text: str) -> dict[str, str]:
    """The definitions' pieces as splitting the text at every _DEFINITION_START cuts them."""
    pieces = text.split(verify._DEFINITION_START)[1:]
    return {piece[: piece.index('": ')]: piece for piece in pieces}


def test_the_pieces_found_by_their_starts_are_the_split_ones() -> None:
    small = (
        verify._DEFINITIONS_HEAD + 'a": {"x": 1},\n    "b": {"$ref": "#/$defs/a"}\n  },\n  "$id": "i"\n}\n'
    )
    installed = _definitions_path().read_text(encoding="utf-8")
    for text in (small, installed) if installed.startswith(verify._DEFINITIONS_HEAD) else (small,):
        sliced = verify._slice_definitions(text)
        assert sliced is not None
        texts, _ = sliced
        assert dict(texts) == _split(text)
        assert list(texts) == list(_split(text))
        assert "no such definition" not in texts and len(texts) == len(_split(text))
