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

import json
from functools import cache
from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.resources import data_dir
from n5gc.targets.base import Artifact

SCHEMAS = data_dir("schemas")
KUBERNETES_VERSION = "1.34"


@cache
def project_validator(name: str) -> Any:
    """A jsonschema validator for `schemas/<name>.schema.json` (draft 2020-12)."""
    from jsonschema import Draft202012Validator

    path = SCHEMAS / f"{name}.schema.json"
    if not path.is_file():
        raise CompilerBug(f"no schema {path.name} for artifacts of schema {name!r}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _kubernetes_problems(document: Any) -> list[str]:
    import kubernetes_validate

    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [str(exc).split("\n")[0] + f" at {'/'.join(map(str, exc.path))}"]
    except kubernetes_validate.SchemaNotFoundError as exc:
        return [f"no Kubernetes {KUBERNETES_VERSION} schema for this object: {exc}"]
    return []


def document_problems(schema: str, document: Any) -> list[str]:
    """Why `document` does not match `schema` (empty when it does)."""
    if schema == "kubernetes":
        return _kubernetes_problems(document)
    if schema == "none":
        return []
    validator = project_validator(schema)
    return [f"{e.message} at /{'/'.join(map(str, e.absolute_path))}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]


def typed_roundtrip_problems(document: Any) -> list[str]:
    """Dump and re-read with a YAML 1.1 reader: the values must come back identical, types included."""
    from n5gc.yamlio import dump, load_all

    back = load_all(dump(document))
    if len(back) != 1 or not _same(back[0], document):
        return ["a value changes type when written as YAML and read back"]
    return []


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def verify(artifacts: list[Artifact]) -> None:
    """Raise CompilerBug listing every artifact that fails its schema or the typed round trip."""
    problems: list[str] = []
    paths: set[str] = set()
    for artifact in artifacts:
        if artifact.path in paths:
            problems.append(f"{artifact.path}: written by two targets")
        paths.add(artifact.path)
        for index, document in enumerate(artifact.documents):
            where = f"{artifact.path}" + (f" (document {index + 1})" if len(artifact.documents) > 1 else "")
            for problem in document_problems(artifact.schema, document) + typed_roundtrip_problems(document):
                problems.append(f"{where}: {problem}")
        for schema, embedded in artifact.embedded:
            for problem in document_problems(schema, embedded) + typed_roundtrip_problems(embedded):
                problems.append(f"{artifact.path} (embedded {schema}): {problem}")
    if problems:
        raise CompilerBug("generated artifacts fail verification:\n  " + "\n  ".join(problems))
