"""schemas/intent.schema.json: a valid Draft 2020-12 schema that accepts the examples and rejects
broken intents (editors use it through yaml-language-server)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents

from n5gc.commands.schema import SCHEMA_ID, schema_text
from n5gc.load import load_file, load_text

SCHEMA_FILE = intents.REPO / "schemas" / "intent.schema.json"
EXAMPLES = sorted(p for p in intents.EXAMPLES.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_header() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == ["apiVersion", "kind", "metadata", "spec"]


def test_schema_file_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schemas/intent.schema.json is stale: run `n5gc schema > schemas/intent.schema.json`"
    )


def test_there_are_examples() -> None:
    assert {p.name for p in EXAMPLES} >= {"lab.yaml", "three-slices.yaml"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid(example: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = load_file(example).data
    assert [e.message for e in validator.iter_errors(data)] == []
    header = example.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", header)
    assert match, "examples name their schema for editors"
    assert (example.parent / match.group(1)).resolve() == SCHEMA_FILE


def test_the_test_base_intent_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(load_text(intents.NETWORK, "n").data)) == []


Mutation = Callable[[dict[str, Any]], None]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d["spec"]["sites"][0].update(podCIDR="10.0.0.0/16"), "'podCIDR' was unexpected"),
        (lambda d: d["spec"]["slices"][0].update(sst="1"), "'1' is not of type 'integer'"),
        (lambda d: d["spec"]["slices"][0].update(sst=256), "256 is greater than the maximum of 255"),
        (lambda d: d["spec"]["plmn"].update(mcc=1), "1 is not of type 'string'"),
        (lambda d: d.pop("spec"), "'spec' is a required property"),
        (lambda d: d.update(kind="Secrets"), "'Network' was expected"),
        (lambda d: d["spec"]["ran"][0].update(type="nokia"), "'nokia' is not one of"),
        (lambda d: d["spec"].update(slices=[]), "should be non-empty"),
    ],
    ids=[
        "unknown-field",
        "sst-string",
        "sst-range",
        "mcc-number",
        "no-spec",
        "kind",
        "ran-type",
        "no-slices",
    ],
)
def test_broken_intents_are_rejected(
    mutate: Mutation, fragment: str, validator: jsonschema.Draft202012Validator
) -> None:
    data = intents.network_data()
    assert list(validator.iter_errors(data)) == []
    mutate(data)
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(fragment in m for m in messages), messages
