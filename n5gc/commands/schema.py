"""`n5gc schema [intent|secrets|overlay|repository]`: print a JSON Schema of the language (what
schemas/<kind>.schema.json holds; editors use them through yaml-language-server)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import click

SCHEMA_BASE = "https://n5gc.io/schemas/v1alpha1/"
SCHEMA_ID = SCHEMA_BASE + "intent.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
PATCH_KEY = "$patch"

JsonObject = dict[str, Any]

# Words of a property name shown as the 5G and Kubernetes texts spell them (hover titles).
_WORDS = {
    "amf": "AMF", "ambr": "AMBR", "api": "API", "arfcn": "ARFCN", "arp": "ARP", "cidr": "CIDR",
    "cu": "CU", "dns": "DNS", "dnns": "DNNs", "du": "DU", "gnb": "gNB", "id": "ID", "imsi": "IMSI",
    "k": "K", "khz": "kHz", "mcc": "MCC", "mhz": "MHz", "mnc": "MNC", "mtu": "MTU", "n2": "N2",
    "nci": "NCI", "nsm": "NSM", "opc": "OPc", "pci": "PCI", "plmn": "PLMN", "qi": "QI", "qos": "QoS",
    "ran": "RAN", "scs": "SCS", "sd": "SD", "sst": "SST", "tac": "TAC", "upf": "UPF", "gitops": "GitOps",
    "smf": "SMF", "url": "URL",
}  # fmt: skip
_TITLES = {"fiveQi": "5QI", "$patch": "Patch", "idLength": "gNB ID length"}
# Object titles (the model classes' names are code, not language).
_DEF_TITLES = {
    "AmfId": "AMF ID (GUAMI)", "Ambr": "AMBR", "Dnn": "DNN", "Gnb": "gNB", "ImsiRange": "IMSI range",
    "LiqoOptions": "Liqo options", "NsmOptions": "NSM options", "N2Exposure": "N2 exposure",
    "Plmn": "PLMN", "Qos": "QoS", "SplitPart": "Split part", "SubscriberGroup": "Subscriber group",
    "UserPlane": "User plane", "GitRepo": "Git repository", "Gitops": "GitOps", "NetworkEntry": "Network",
}  # fmt: skip


def readable_title(name: str) -> str:
    """A hover title from a camelCase property name: "bandwidthMHz" -> "Bandwidth MHz"."""
    if name in _TITLES:
        return _TITLES[name]
    words = re.findall(r"MHz|KHz|[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name) or [name]
    shown = [_WORDS.get(w.lower(), w.lower()) for w in words]
    first = shown[0] if words[0].lower() in _WORDS else shown[0].capitalize()  # "gNB" stays "gNB"
    return " ".join([first, *shown[1:]])


def _property_schemas(schema: JsonObject) -> Iterator[tuple[str, JsonObject]]:
    """Every (name, schema) of every `properties` mapping in `schema`, at any depth."""
    if isinstance(schema, dict):
        yield from (schema.get("properties") or {}).items()
        for value in schema.values():
            if isinstance(value, dict):
                yield from _property_schemas(value)
            elif isinstance(value, list):
                for item in value:
                    yield from _property_schemas(item)


def undescribed(schema: JsonObject) -> list[str]:
    """Names of the properties that carry no description (editors show nothing on hover)."""
    return [name for name, sub in _property_schemas(schema) if not sub.get("description")]


def _collapse_optional(sub: JsonObject) -> None:
    """`anyOf: [{type: string, pattern}, {type: null}]` -> `type: [string, null]` with the pattern:
    one hover text instead of one per alternative ("Sd || Sd")."""
    options = sub.get("anyOf")
    if not (isinstance(options, list) and len(options) == 2 and {"type": "null"} in options):
        return
    (other,) = [o for o in options if o != {"type": "null"}]
    if not isinstance(other.get("type"), str) or {"$ref", "enum", "const", "anyOf"} & other.keys():
        return
    del sub["anyOf"]
    sub.update({k: v for k, v in other.items() if k != "type"})
    sub["type"] = [other["type"], "null"]


def _polish(schema: JsonObject, schema_id: str) -> JsonObject:
    """Readable titles, single hover texts, and the header every published schema has."""
    for name, sub in _property_schemas(schema):
        _collapse_optional(sub)
        sub["title"] = readable_title(name)
    for name, definition in schema.get("$defs", {}).items():
        definition["title"] = _DEF_TITLES.get(name, definition.get("title", name))
    return {"$schema": DRAFT, "$id": schema_id, **schema}


def intent_schema() -> JsonObject:
    """The JSON Schema of kind: Network intents, generated from the model."""
    from n5gc.model.network import Network
    from n5gc.model.slow import pydantic_model

    return _polish(pydantic_model(Network).model_json_schema(by_alias=True, mode="validation"), SCHEMA_ID)


def secrets_schema() -> JsonObject:
    """The JSON Schema of kind: Secrets files (named K/OPc credentials)."""
    from n5gc.model.secrets import Secrets
    from n5gc.model.slow import pydantic_model

    return _polish(
        pydantic_model(Secrets).model_json_schema(by_alias=True, mode="validation"),
        SCHEMA_BASE + "secrets.schema.json",
    )


def repository_schema() -> JsonObject:
    """The JSON Schema of n5gc.yaml (kind: Repository)."""
    from n5gc.model.slow import pydantic_model
    from n5gc.repo_config import RepositoryConfig

    raw = pydantic_model(RepositoryConfig).model_json_schema(by_alias=True, mode="validation")
    return _polish(raw, SCHEMA_BASE + "repository.schema.json")


_DELETE = {
    "type": "object",
    "title": "Delete",
    "description": "`$patch: delete` removes this key or list item from the intent",
    "properties": {PATCH_KEY: {"const": "delete", "description": "the only patch overlays know: delete"}},
    "required": [PATCH_KEY],
    "additionalProperties": False,
}


def _partial(node: Any, top: bool) -> None:
    """Make every object of an intent schema partial (no required fields, no minimum list sizes),
    allow `$patch: delete` on objects, and `{$patch: delete}` in place of any value."""
    if isinstance(node, list):
        for item in node:
            _partial(item, False)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _partial(value, False)
    node.pop("minItems", None)
    if "properties" not in node:
        return
    node["required"] = ["apiVersion", "kind"] if top else []
    if not node["required"]:
        del node["required"]
    for name, sub in list(node["properties"].items()):
        if top and name in ("apiVersion", "kind"):
            continue
        hover = {k: sub.pop(k) for k in ("title", "description") if k in sub}
        node["properties"][name] = {**hover, "anyOf": [sub, {"$ref": "#/$defs/Delete"}]}
    node["properties"][PATCH_KEY] = {
        "const": "delete",
        "title": "Patch",
        "description": "`$patch: delete` removes this item (matched by name) from the intent",
    }


def overlay_schema() -> JsonObject:
    """The JSON Schema of overlays: a partial Network intent, every field optional, `$patch: delete`."""
    schema = copy.deepcopy(intent_schema())
    schema["$id"] = SCHEMA_BASE + "overlay.schema.json"
    schema["title"] = "n5gc Network overlay (n5gc.io/v1alpha1)"
    schema["description"] = "A partial Network intent applied on top of an intent (INTENT.md, Overlays)."
    definitions = schema.pop("$defs")
    _partial(schema, True)  # the document: apiVersion and kind stay required, as n5gc checks
    _partial(definitions, False)
    schema["$defs"] = {**definitions, "Delete": copy.deepcopy(_DELETE)}
    return schema


SCHEMAS: dict[str, Callable[[], JsonObject]] = {
    "intent": intent_schema,
    "secrets": secrets_schema,
    "overlay": overlay_schema,
    "repository": repository_schema,
}


def schema_text(kind: str = "intent") -> str:
    """The published text of schemas/<kind>.schema.json."""
    return json.dumps(SCHEMAS[kind](), indent=2, sort_keys=True) + "\n"


@click.command("schema")
@click.argument("kind", type=click.Choice(list(SCHEMAS)), default="intent", metavar="[KIND]")
def command(kind: str) -> None:
    """Print the JSON Schema of KIND: intent (kind: Network, the default), secrets (kind: Secrets),
    overlay (a partial intent) or repository (n5gc.yaml). schemas/KIND.schema.json holds the same."""
    click.echo(schema_text(kind), nl=False)
