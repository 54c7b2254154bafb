"""Turn pydantic validation errors into n5gc diagnostics with positions, codes and hints.

Imported by the checks for `did_you_mean`: pydantic itself is imported only where a model is read.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from n5gc.diagnostics import REDACTED, Diagnostic, error, shown_name
from n5gc.load import Origin

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

# What an item of a named list is called in messages: slice "urllc": ...
ITEM_KINDS = {
    "sites": "site",
    "slices": "slice",
    "dnns": "dnn",
    "ran": "gNB",
    "cells": "cell",
    "subscribers": "subscriber group",
    "credentials": "credentials",
}

TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_parsing": "an integer",
    "float_parsing": "a number",
    "string_sub_type": "a string",
}
RANGE_TYPES = {
    "greater_than_equal",
    "less_than_equal",
    "greater_than",
    "less_than",
    "too_short",
    "too_long",
    "string_pattern_mismatch",
    "string_too_long",
    "string_too_short",
}


def describe(value: Any, sensitive: bool = False) -> str:
    """A short, user-facing description of a YAML value's type (and, unless `sensitive`, the value)."""
    if sensitive:
        return _describe_type(value)
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe_type(value: Any) -> str:
    """What a value is, never what it says: for values of a secrets file."""
    if value is None or isinstance(value, bool | list | dict):
        return describe(value) if not isinstance(value, bool) else "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return type(value).__name__


def data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic `loc` that address the data (drops union/validator tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if part == "[key]":  # pydantic's marker for "the mapping key itself failed", not data
            continue
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part == loc[-1]:
            path.append(part)  # a missing or unknown key: keep it for the message
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def entity_prefix(path: tuple[str | int, ...], data: Any, sensitive: bool = False) -> str:
    """'slice "urllc": ' for a path inside the slice named urllc (the innermost named item)."""
    prefix = ""
    node = data
    parent_key: str | int | None = None
    for part in path:
        if not isinstance(node, dict | list):
            break
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("name"), str):
            kind = ITEM_KINDS.get(str(parent_key), shown_name(parent_key, sensitive))
            prefix = f'{kind} "{shown_name(node["name"], sensitive)}": '
        elif parent_key == "credentials" and isinstance(part, str):
            prefix = f'credentials "{shown_name(part, sensitive)}": '
        parent_key = part
    return prefix


def model_at(root: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path` (for listing its allowed fields)."""
    from pydantic import BaseModel

    current: Any = root
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """list[X] / X | None / Annotated[X, ...] -> X (models only; scalars stay as they are)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(models) != 1:
                return annotation
            annotation = models[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """'did you mean `embb`?' for the closest choice, or None."""
    import difflib  # here: the checks import this module, and only a problem needs difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean `{close[0]}`?" if close else None


def diagnostics_from_validation(
    exc: ValidationError, data: Any, origin: Origin, root: type[BaseModel], *, sensitive: bool = False
) -> Iterator[Diagnostic]:
    """One diagnostic per distinct problem; union alternatives at one position collapse into one.

    With `sensitive` (a secrets file) values are described by type only and names are shown only
    when they cannot be key material.
    """
    seen: set[tuple[str | int, ...]] = set()
    errors = sorted(exc.errors(include_url=False), key=lambda e: not e["type"].startswith("n5g"))
    for err in errors:
        path = data_path(tuple(err["loc"]), data)
        if path in seen:
            continue
        seen.add(path)
        found = _diagnostic(err, path, data, origin, root, sensitive)
        yield _without_values(found, err) if sensitive else found


def _without_values(diagnostic: Diagnostic, err: Any) -> Diagnostic:
    """`diagnostic` with the failing input and every value pydantic put into its message removed:
    custom messages (`found the number {value}`) are formatted by pydantic before n5gc sees them."""
    values = (err.get("input"), (err.get("ctx") or {}).get("value"))
    texts = {str(v) for v in values if isinstance(v, str | int | float) and not isinstance(v, bool)}
    message, hint = diagnostic.message, diagnostic.hint
    for text in sorted(texts - {""}, key=len, reverse=True):  # longest first: a value holding another
        # whole words only: the number 0 must not turn "E8ED...0A2E" into "E8ED...<redacted>A2E"
        word = re.compile(rf"(?<![0-9A-Za-z]){re.escape(text)}(?![0-9A-Za-z])")
        message = word.sub(REDACTED, message)
        hint = word.sub(REDACTED, hint) if hint else hint
    return error(diagnostic.code, message, diagnostic.location, hint)


def _diagnostic(
    err: Any, path: tuple[str | int, ...], data: Any, origin: Origin, root: type[BaseModel], sensitive: bool
) -> Diagnostic:
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    prefix = entity_prefix(path, data, sensitive)
    field = shown_name(next((p for p in reversed(path) if isinstance(p, str)), "document"), sensitive)
    value = err.get("input")
    if kind.startswith("n5g"):
        on_key = tuple(err["loc"])[-1:] == ("[key]",)  # a mapping key failed: point at the key
        return error(kind.upper(), prefix + err["msg"], origin.locate(path, key=on_key), ctx.get("hint"))
    if kind == "extra_forbidden":
        model = model_at(root, path[:-1])
        allowed = field_names(model) if model else []
        hint = did_you_mean(str(field), allowed) or (
            f"allowed here: {', '.join(allowed)}" if allowed else None
        )
        return error("N5G100", f'{prefix}unknown field "{field}"', origin.locate(path, key=True), hint)
    if kind == "missing":
        model = model_at(root, path)
        described = _description(root, path)
        return error(
            "N5G101",
            f'{prefix}missing required field "{field}"',
            origin.deletion(path) or origin.locate(path[:-1], key=True),
            f"add `{field}:`" + (f" ({described})" if described else "")
            if model or described
            else f"add `{field}:`",
        )
    if kind == "literal_error":
        expected = [
            e.strip().strip("'") for e in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        expected = [e for e in expected if e]
        hint = did_you_mean(str(value), expected) if isinstance(value, str) else None
        return error(
            "N5G103",
            f"{prefix}{field} {describe(value, sensitive)} is not one of {', '.join(expected)}",
            origin.locate(path),
            hint or f"use one of: {', '.join(expected)}",
        )
    if kind in TYPE_WORDS:
        hint = None
        if kind in ("string_type",) and isinstance(value, int | float):
            hint = f'quote it: {field}: "{value}"' if not sensitive else "quote it"
        return error(
            "N5G102",
            f"{prefix}{field} must be {TYPE_WORDS[kind]}, found {describe(value, sensitive)}",
            origin.locate(path),
            hint,
        )
    if kind in RANGE_TYPES:
        return error(
            "N5G103",
            f"{prefix}{field} {describe(value, sensitive)}: {err['msg'][0].lower()}{err['msg'][1:]}",
            origin.locate(path),
            _description(root, path),
        )
    return error("N5G103", f"{prefix}{field}: {err['msg']}", origin.locate(path), _description(root, path))


def _description(root: type[BaseModel], path: tuple[str | int, ...]) -> str | None:
    model = model_at(root, path[:-1]) if path else None
    if model is None or not isinstance(path[-1], str):
        return None
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == path[-1]), None)
    return field.description if field else None
