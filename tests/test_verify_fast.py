"""The Rust validator (jsonschema-rs) that verify asks first must give jsonschema's verdict.

verify skips jsonschema for a document only when jsonschema-rs accepts it, so the promise is: it
accepts exactly what jsonschema accepts. Held here on every artifact of every example and on
mutants of each document (an unknown field, a missing field, a value of another type).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents

from n5gc import verify

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.name.endswith(".secrets.yaml"))


def jsonschema_accepts(schema: str, document: Any) -> bool:
    if schema == "kubernetes":
        validator = verify._kubernetes_validator(str(document.get("kind")), str(document.get("apiVersion")))
    else:
        validator = verify.project_validator(schema)
    return validator is not None and next(iter(validator.iter_errors(document)), None) is None


def rust_accepts(schema: str, document: Any) -> bool:
    kind, api_version = "", ""
    if schema == "kubernetes":
        kind, api_version = str(document.get("kind")), str(document.get("apiVersion"))
    validator = verify.fast_validator(schema, kind, api_version)
    return validator is not None and bool(validator.is_valid(document))


def _documents(intent: Path) -> Iterator[tuple[str, str, Any]]:
    _, artifacts = intents.compile_intent(intent)
    for artifact in artifacts:
        if artifact.schema != "none":
            for document in artifact.documents:
                yield artifact.path, artifact.schema, document
        for schema, embedded in artifact.embedded:
            yield artifact.path, schema, embedded


_OTHER_TYPE = {str: 7, int: "7", float: "7.5", bool: "true", type(None): 0, list: {}, dict: []}


def mutants(document: Any, limit: int = 40) -> Iterator[Any]:
    """Copies of `document`, each with one change: an unknown field, a field removed, a value retyped."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if len(paths) >= limit:
            return
        paths.append(path)
        children = (
            node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        )
        for key, child in children:
            walk(child, (*path, key))

    walk(document, ())
    for path in paths:
        parent_path, last = path[:-1], path[-1:]
        for change in ("retype", "remove", "unknown"):
            mutant = copy.deepcopy(document)
            node = mutant
            for part in parent_path:
                node = node[part]
            if change == "unknown":
                target = node[last[0]] if last else node
                if isinstance(target, dict):
                    target["zzUnknownField"] = 1
                    yield mutant
            elif not last:
                continue
            elif change == "remove" and isinstance(node, dict):
                del node[last[0]]
                yield mutant
            elif change == "retype":
                node[last[0]] = _OTHER_TYPE[type(node[last[0]])]
                yield mutant


@pytest.mark.parametrize("intent", EXAMPLES, ids=lambda p: p.name)
def test_rust_validator_gives_jsonschemas_verdict(intent: Path) -> None:
    checked = 0
    for path, schema, document in _documents(intent):
        assert rust_accepts(schema, document), (path, schema)  # the compiled artifact is valid
        for mutant in mutants(document):
            assert rust_accepts(schema, mutant) == jsonschema_accepts(schema, mutant), (path, schema, mutant)
            checked += 1
    assert checked > 100


def test_a_document_the_rust_validator_refuses_gets_jsonschemas_message() -> None:
    problems = verify.document_problems("release", {"unexpected": True})
    theirs = [e.message for e in verify.project_validator("release").iter_errors({"unexpected": True})]
    assert problems and all(any(m in p for m in theirs) for p in problems)
