"""`n5gc schema`: print the intent language's JSON Schema (what schemas/intent.schema.json holds)."""

from __future__ import annotations

import json
from typing import Any

import click

SCHEMA_ID = "https://n5gc.io/schemas/v1alpha1/intent.schema.json"


def intent_schema() -> dict[str, Any]:
    """The JSON Schema generated from the model (editors use it through yaml-language-server)."""
    from n5gc.model.network import Network

    schema = Network.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(intent_schema(), indent=2, sort_keys=True) + "\n"


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of kind: Network intents."""
    click.echo(schema_text(), nl=False)
