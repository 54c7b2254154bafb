"""schemas/*.schema.json (intent, secrets, overlay, repository): valid Draft 2020-12 schemas, in sync
with the models, every property described, that accept every file of their kind (checked with the real
`check-jsonschema` CLI) and reject what `n5gc validate` rejects (editors use them through
yaml-language-server)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents

from n5gc.commands.schema import SCHEMA_ID, SCHEMAS, schema_text, undescribed
from n5gc.load import load_file, load_text
from n5gc.model.network import Network
from n5gc.model.secrets import Secrets
from n5gc.model.slow import validate

SCHEMAS_DIR = intents.REPO / "schemas"
SCHEMA_FILE = SCHEMAS_DIR / "intent.schema.json"
EXAMPLES = sorted(p for p in intents.EXAMPLES.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))
SECRETS = sorted(intents.EXAMPLES.glob("*.secrets.yaml"))
OVERLAYS = sorted((intents.REPO / "overlays").rglob("*.yaml"))
# Every file an editor opens, with the schema of its kind.
FILES_BY_KIND = {
    "intent": EXAMPLES,
    "secrets": SECRETS,
    "overlay": OVERLAYS,
    "repository": [intents.REPO / "n5gc.yaml"],
}
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def schema_file(kind: str) -> Path:
    return SCHEMAS_DIR / f"{kind}.schema.json"


def check_jsonschema(kind: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    """The real CLI editors' users and CI run (a test extra of pyproject.toml)."""
    if not CHECK_JSONSCHEMA.exists():
        pytest.skip("check-jsonschema is not installed: run `bash scripts/setup test`")
    command = [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_file(kind)), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


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


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_file_matches_the_model(kind: str) -> None:
    assert schema_file(kind).read_text(encoding="utf-8") == schema_text(kind), (
        f"schemas/{kind}.schema.json is stale: run `n5gc schema {kind} > schemas/{kind}.schema.json`"
    )
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(kind)))


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_property_is_described(kind: str) -> None:
    schema = json.loads(schema_file(kind).read_text(encoding="utf-8"))
    assert undescribed(schema) == []


def test_undescribed_finds_a_bare_property() -> None:
    assert undescribed({"properties": {"a": {"description": "x"}, "b": {"properties": {"c": {}}}}}) == [
        "b",
        "c",
    ]


def test_titles_are_readable_and_hover_is_single() -> None:
    definitions = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    cell, slice_ = definitions["Cell"]["properties"], definitions["Slice"]["properties"]
    assert cell["bandwidthMHz"]["title"] == "Bandwidth MHz"
    assert definitions["Qos"]["properties"]["fiveQi"]["title"] == "5QI"
    assert definitions["Gnb"]["title"] == "gNB"
    # One alternative, not "Sd || Sd": the pattern sits on the property itself.
    assert slice_["sd"]["title"] == "SD" and "anyOf" not in slice_["sd"]
    assert slice_["sd"]["type"] == ["string", "null"]


@pytest.mark.parametrize("kind", sorted(FILES_BY_KIND))
def test_every_file_passes_check_jsonschema(kind: str) -> None:
    files = FILES_BY_KIND[kind]
    assert files, f"no {kind} file found"
    result = check_jsonschema(kind, files)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in files:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", header)
        assert match, f"{path.name} names its schema for editors on its first line"
        assert (path.parent / match.group(1)).resolve() == schema_file(kind)


def _secrets_data() -> dict[str, Any]:
    return load_file(intents.EXAMPLES / "lab.secrets.yaml").data


def _set_sd(data: dict[str, Any], sd: str) -> None:
    data["spec"]["slices"][0]["sd"] = sd


def _set_mcc(data: dict[str, Any], mcc: str) -> None:
    data["spec"]["plmn"]["mcc"] = mcc


def _set_k(data: dict[str, Any], k: str) -> None:
    next(iter(data["credentials"].values()))["k"] = k


# (kind, base data, mutation, value): the editor and n5gc agree on each value.
Agreement = tuple[str, Callable[[], dict[str, Any]], Callable[[dict[str, Any], str], None], str]
REFUSED: list[Agreement] = [
    ("intent", intents.network_data, _set_sd, "2"),
    ("intent", intents.network_data, _set_sd, "0x00001"),
    ("intent", intents.network_data, _set_mcc, "1"),
    ("intent", intents.network_data, _set_mcc, "0011"),
    ("secrets", _secrets_data, _set_k, "465B5CE8B199B49FAA5F0A2EE238A6B"),
]
ACCEPTED: list[Agreement] = [
    ("intent", intents.network_data, _set_sd, "0x00000A"),
    ("intent", intents.network_data, _set_sd, "abcdef"),
    ("intent", intents.network_data, _set_mcc, "999"),
    ("secrets", _secrets_data, _set_k, "465b5ce8b199b49faa5f0a2ee238a6bc"),
]
MODELS = {"intent": Network, "secrets": Secrets}


def _n5gc_accepts(kind: str, data: dict[str, Any]) -> bool:
    try:
        validate(MODELS[kind], data)
    except ValidationError:
        return False
    return True


def _editor_accepts(kind: str, data: dict[str, Any], tmp_path: Path) -> bool:
    document = tmp_path / f"doc.{kind}.yaml"
    document.write_text(intents.to_yaml(data), encoding="utf-8")
    return check_jsonschema(kind, [document]).returncode == 0


AGREEMENTS = [(*case, False) for case in REFUSED] + [(*case, True) for case in ACCEPTED]


@pytest.mark.parametrize(
    ("kind", "base", "mutate", "value", "accepted"),
    AGREEMENTS,
    ids=[f"{c[2].__name__}-{c[3]}-{'ok' if c[4] else 'refused'}" for c in AGREEMENTS],
)
def test_the_editor_and_n5gc_agree(
    kind: str,
    base: Callable[[], dict[str, Any]],
    mutate: Callable[[dict[str, Any], str], None],
    value: str,
    accepted: bool,
    tmp_path: Path,
) -> None:
    """The README's `sd: "2"` fails in the editor as in `n5gc validate`; what n5gc takes, the editor takes."""
    data = base()
    assert _n5gc_accepts(kind, data) and _editor_accepts(kind, data, tmp_path)
    mutate(data, value)
    assert _n5gc_accepts(kind, data) is accepted
    assert _editor_accepts(kind, data, tmp_path) is accepted


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
