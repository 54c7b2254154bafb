"""Stage 2, model: validate loaded documents into typed, immutable intent objects.

Two paths, one result: a valid document is converted by n5gc.model.fast (no pydantic import);
anything it is not sure of is validated by pydantic (n5gc.model.slow), whose errors become the
diagnostics (n5gc.model.errors).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from n5gc.diagnostics import Diagnostic, error, shown_name
from n5gc.load import Document
from n5gc.model.fast import Unsure, convert
from n5gc.model.fields import given_fields
from n5gc.model.network import API_VERSION, Network
from n5gc.model.secrets import Credential, Secrets

__all__ = [
    "API_VERSION",
    "Credential",
    "Network",
    "Secrets",
    "given_fields",
    "parse_network",
    "parse_secrets",
    "validate_model",
]

M = TypeVar("M")


def _check_header(document: Document, kind: str) -> list[Diagnostic]:
    """apiVersion and kind first: a wrong kind would otherwise drown in unrelated field errors."""
    data: dict[str, Any] = document.data
    version, found_kind = (_shown(data.get(k), document.sensitive) for k in ("apiVersion", "kind"))
    problems = []
    if data.get("apiVersion") != API_VERSION:
        problems.append(
            error(
                "N5G010",
                f"apiVersion must be {API_VERSION}, found {version}",
                document.origin.locate(["apiVersion"]),
                f"start the file with `apiVersion: {API_VERSION}`",
            )
        )
    if data.get("kind") != kind:
        problems.append(
            error(
                "N5G010",
                f"kind must be {kind}, found {found_kind}",
                document.origin.locate(["kind"]),
                f"`kind: {kind}`"
                + (
                    " (secrets go in their own file, passed with --secrets)"
                    if kind == "Network" and data.get("kind") == "Secrets"
                    else ""
                ),
            )
        )
    return problems


def _shown(value: Any, sensitive: bool) -> str:
    """A header value as the N5G010 message quotes it (redacted in a secrets file if it could be a key)."""
    return repr(value) if not isinstance(value, str) else repr(shown_name(value, sensitive))


def validate_model(
    document: Document, model: type[M], *, fast: bool = True
) -> tuple[M | None, list[Diagnostic]]:
    """`document` as the intent dataclass `model`, or None and pydantic's diagnostics.

    With `fast` (always, outside tests) the fast converter tries first; pydantic only runs when it
    is unsure, and then decides alone, so both paths give the same object or the same diagnostics.
    """
    if fast:
        try:
            return convert(model, document.data), []
        except Unsure:
            pass
    from pydantic import ValidationError

    from n5gc.model.errors import diagnostics_from_validation
    from n5gc.model.slow import pydantic_model, validate

    try:
        return validate(model, document.data), []
    except ValidationError as exc:
        return None, list(
            diagnostics_from_validation(
                exc, document.data, document.origin, pydantic_model(model), sensitive=document.sensitive
            )
        )


def _parse(document: Document, model: type[M], kind: str) -> tuple[M | None, list[Diagnostic]]:
    problems = _check_header(document, kind)
    if problems:
        return None, problems
    return validate_model(document, model)


def parse_network(document: Document) -> tuple[Network | None, list[Diagnostic]]:
    """Validate a loaded (and overlay-merged) intent document into a `Network`."""
    return _parse(document, Network, "Network")


def parse_secrets(document: Document) -> tuple[Secrets | None, list[Diagnostic]]:
    """Validate a loaded secrets document; never echoes key material in a diagnostic.

    The document is treated as sensitive whatever its flag: the model's diagnostics then describe
    values by type and length only, and name keys only when they cannot be key material.
    """
    return _parse(replace(document, sensitive=True), Secrets, "Secrets")
