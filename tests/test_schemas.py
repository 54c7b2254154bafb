"""The project's own schemas in schemas/ are valid draft 2020-12 JSON Schemas, each used by some artifact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = sorted((REPO / "schemas").rglob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.relative_to(REPO / "schemas").as_posix())
def test_schema_is_valid_draft_2020_12(path: Path):
    Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_every_output_schema_is_used_by_a_target():
    sources = "\n".join(p.read_text() for p in (REPO / "n5gc").rglob("*.py"))
    for path in SCHEMAS:
        name = path.relative_to(REPO / "schemas").as_posix().removesuffix(".schema.json")
        if name == "intent":
            continue
        assert f'"{name}"' in sources, f"schemas/{name}.schema.json is not used by any artifact"
