"""A lenient second parse, so that one broken field does not hide every other problem.

When an intent fails validation, the checks (stage 3) have no model to run on, and a user would
fix a malformed SD only to learn of an unknown slice in the next run. Instead the front half
prunes each failing part from a copy of the document, parses what is left, and runs the checks
on that: an optional field is dropped (its default applies), a broken list item is removed, and
this repeats a few times. Diagnostics that only follow from a removal (a reference to a removed
slice) are recognised by the removed names (`Pruned.follows_from_removal`) and dropped, so every
diagnostic still names a real problem. The pruned model is never compiled.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from n5gc.diagnostics import Diagnostic
from n5gc.load import Origin
from n5gc.model.errors import data_path, model_at
from n5gc.model.slow import from_pydantic, pydantic_model

M = TypeVar("M")

MAX_ROUNDS = 8

# Reference diagnostics and the kind of named item each one refers to: `slice "x" is not declared`.
REFERENCE_CODES = {
    "sites": ("N5G201", "site"),
    "slices": ("N5G202", "slice"),
    "ran": ("N5G203", "gNB"),
    "dnns": ("N5G205", "dnn"),
    "credentials": ("N5G204", "credentials"),
}


@dataclass
class Pruned:
    """What is left of a document after pruning, and the names of the list items removed."""

    data: Any
    origin: Origin
    removed: set[tuple[str, str]] = field(default_factory=set)  # (list key, item name)

    def follows_from_removal(self, diagnostic: Diagnostic) -> bool:
        """Whether `diagnostic` is only a consequence of a removed item (a reference to it)."""
        for list_key, name in self.removed:
            code, kind = REFERENCE_CODES.get(list_key, ("", ""))
            if diagnostic.code == code and f'{kind} "{name}"' in diagnostic.message:
                return True
        return False


def parse_pruned(data: Any, origin: Origin, intent_class: type[M]) -> tuple[M | None, Pruned]:
    """The intent dataclass `intent_class` parsed from `data` minus the parts that fail validation,
    or None when what fails cannot be pruned (e.g. a required top-level field)."""
    model = pydantic_model(intent_class)
    pruned = Pruned(copy.deepcopy(data), copy.deepcopy(origin))
    for _ in range(MAX_ROUNDS):
        try:
            parsed: M = from_pydantic(model.model_validate(pruned.data))
            return parsed, pruned
        except ValidationError as exc:
            paths = {data_path(tuple(e["loc"]), pruned.data) for e in exc.errors(include_url=False)}
            targets = [t for t in (_target(pruned.data, path, model) for path in paths) if t is not None]
            if not targets:
                return None, pruned
            _remove(pruned, targets)
    return None, pruned


def _target(data: Any, path: tuple[str | int, ...], model: type[BaseModel]) -> tuple[str | int, ...] | None:
    """The shortest safe removal that takes away the failing value at `path`: the path itself or
    the nearest ancestor that is an optional or unknown mapping field, or an item of a list."""
    for end in range(len(path), 0, -1):
        parent_path, part = path[: end - 1], path[end - 1]
        parent = _at(data, parent_path)
        if isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
            return path[:end]
        if isinstance(parent, dict) and isinstance(part, str) and part in parent:
            owner = model_at(model, parent_path)
            fields = {(f.alias or n): f for n, f in owner.model_fields.items()} if owner else {}
            declared = fields.get(part)
            if owner is None or declared is None or not declared.is_required():
                return path[:end]  # a map entry, an unknown field, or an optional field
    return None


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _remove(pruned: Pruned, targets: list[tuple[str | int, ...]]) -> None:
    """Remove every target; list items last-first, so earlier indices stay valid."""
    for path in sorted(set(targets), key=lambda p: [(isinstance(x, int), x) for x in p], reverse=True):
        parent = _at(pruned.data, path[:-1])
        origin = pruned.origin.locate_node(path[:-1])
        part = path[-1]
        if isinstance(parent, list) and isinstance(part, int) and part < len(parent):
            item = parent.pop(part)
            if isinstance(item, dict) and isinstance(item.get("name"), str) and path[:-1]:
                pruned.removed.add((str(path[-2]), item["name"]))
            if origin is not None:
                origin.children = {
                    (i - 1 if isinstance(i, int) and i > part else i): o
                    for i, o in origin.children.items()
                    if i != part
                }
        elif isinstance(parent, dict) and part in parent:
            if path[:-1] == ("credentials",):  # an entry of the secrets file's map of credentials
                pruned.removed.add(("credentials", str(part)))
            del parent[part]
            if origin is not None:
                origin.children.pop(part, None)
