"""Overlays: a partial Network document applied on top of an intent (INTENT.md, "Overlays").

Rules: mappings merge key by key; lists whose items are all mappings with a `name` (sites,
slices, dnns, ran, subscribers, ...) merge by `name`; `$patch: delete` removes an item or a
key; any other value replaces. Data and origins merge together, so a diagnostic on a merged
value points at the file and line that set it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from n5gc.diagnostics import Diagnostic, InputError, Location, error
from n5gc.load import Document, Origin, load_file

PATCH_KEY = "$patch"
PATCH_DELETE = "delete"
OVERLAY_SUFFIXES = (".yaml", ".yml")


def overlay_files(path: Path) -> list[Path]:
    """The overlay files named by a command-line argument: a file, or every YAML file of a folder, sorted."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in OVERLAY_SUFFIXES and p.is_file())
    return [path]


def load_overlays(paths: list[Path], display: Any = None) -> list[Document]:
    """Load the overlay documents named on the command line, in order."""
    shown = display or (lambda p: p.as_posix())
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    for argument in paths:
        files = overlay_files(argument)
        if not files and argument.is_dir():
            problems.append(
                error(
                    "N5G009",
                    "overlay folder holds no .yaml file",
                    Location(shown(argument)),
                    f"put overlay files in {shown(argument)} or name a file",
                )
            )
        for file in files:
            try:
                documents.append(load_file(file, shown(file)))
            except InputError as exc:
                problems.extend(exc.diagnostics)
    if problems:
        raise InputError(problems)
    return documents


def apply_overlays(base: Document, overlays: list[Document]) -> Document:
    """Merge overlays onto `base` in order; returns a new Document (inputs are not modified)."""
    data: Any = base.data
    origin = base.origin
    problems: list[Diagnostic] = []
    for overlay in overlays:
        header = _header_problems(overlay)
        if header:  # a Deployment or a values file is not a partial Network: never merge it
            problems.extend(header)
            continue
        overlay_data = {k: v for k, v in overlay.data.items() if k not in ("apiVersion", "kind")}
        overlay_origin = Origin(
            overlay.origin.value,
            overlay.origin.key,
            {k: v for k, v in overlay.origin.children.items() if k in overlay_data},
        )
        data, origin = _merge(data, origin, overlay_data, overlay_origin, problems)
    if problems:
        raise InputError(problems)
    return Document(base.path, data, origin)


def _header_problems(overlay: Document) -> list[Diagnostic]:
    """An overlay is a partial Network document: `apiVersion: n5gc.io/v1alpha1` and `kind: Network`."""
    from n5gc.model.network import API_VERSION

    problems = []
    for field, expected in (("apiVersion", API_VERSION), ("kind", "Network")):
        found = overlay.data.get(field)
        if found != expected:
            problems.append(
                error(
                    "N5G010",
                    f"an overlay is a partial Network document: {field} must be {expected}, "
                    + (f"found {found!r}" if field in overlay.data else "it is missing"),
                    overlay.origin.locate([field]) if field in overlay.data else Location(overlay.path, 1, 1),
                    f"start the overlay with `apiVersion: {API_VERSION}` and `kind: Network`; "
                    "only n5gc overlays go in an overlay folder",
                )
            )
    return problems


def _is_delete(value: Any) -> bool:
    return isinstance(value, dict) and value.get(PATCH_KEY) == PATCH_DELETE


def _named_list(items: Any) -> bool:
    return isinstance(items, list) and all(
        isinstance(i, dict) and isinstance(i.get("name"), str) for i in items
    )


def _merge(
    base: Any, base_origin: Origin, top: Any, top_origin: Origin, problems: list[Diagnostic]
) -> tuple[Any, Origin]:
    if isinstance(base, dict) and isinstance(top, dict):
        return _merge_maps(base, base_origin, top, top_origin, problems)
    if isinstance(base, list) and isinstance(top, list) and _named_list(base) and _named_list(top):
        return _merge_named_lists(base, base_origin, top, top_origin, problems)
    return _strip_patches(top, top_origin, problems)


def _merge_maps(
    base: dict[str, Any],
    base_origin: Origin,
    top: dict[str, Any],
    top_origin: Origin,
    problems: list[Diagnostic],
) -> tuple[Any, Origin]:
    merged = dict(base)
    origin = Origin(base_origin.value, base_origin.key, dict(base_origin.children), dict(base_origin.deleted))
    for key, value in top.items():
        child_origin = top_origin.children.get(key, Origin(top_origin.value))
        if key == PATCH_KEY:
            if value != PATCH_DELETE:  # e.g. `$patch: replace` (strategic merge): never silently ignored
                problems.append(
                    error(
                        "N5G009",
                        f"'$patch: {value}' is not supported",
                        child_origin.value,
                        "overlays know only '$patch: delete'; to replace a value, delete it "
                        "in one overlay and set it in the next",
                    )
                )
            continue
        if _is_delete(value):
            if merged.pop(key, None) is not None or key in origin.children:
                origin.deleted[key] = child_origin.key or child_origin.value
            origin.children.pop(key, None)
            continue
        origin.deleted.pop(key, None)
        if key in merged:
            merged[key], origin.children[key] = _merge(
                merged[key], origin.children.get(key, base_origin), value, child_origin, problems
            )
        else:
            merged[key], origin.children[key] = _strip_patches(value, child_origin, problems)
    return merged, origin


def _merge_named_lists(
    base: list[Any], base_origin: Origin, top: list[Any], top_origin: Origin, problems: list[Diagnostic]
) -> tuple[Any, Origin]:
    positions = {item["name"]: index for index, item in enumerate(base)}
    items: list[Any] = list(base)
    origins: list[Origin | None] = [
        base_origin.children.get(i, Origin(base_origin.value)) for i in range(len(base))
    ]
    for index, item in enumerate(top):
        item_origin = top_origin.children.get(index, Origin(top_origin.value))
        name = item["name"]
        if name in positions:
            at = positions[name]
            if _is_delete(item):
                items[at], origins[at] = None, None
                continue
            items[at], origins[at] = _merge(
                items[at], origins[at] or item_origin, item, item_origin, problems
            )
        elif _is_delete(item):
            problems.append(
                error(
                    "N5G009",
                    f'overlay deletes "{name}", which the intent does not have',
                    item_origin.value,
                    "check the name, or remove the '$patch: delete' item",
                )
            )
        else:
            positions[name] = len(items)
            stripped, stripped_origin = _strip_patches(item, item_origin, problems)
            items.append(stripped)
            origins.append(stripped_origin)
    kept = [(item, origin) for item, origin in zip(items, origins, strict=True) if item is not None]
    origin = Origin(
        top_origin.value, base_origin.key, {i: o for i, (_, o) in enumerate(kept) if o is not None}
    )
    return [item for item, _ in kept], origin


def _strip_patches(value: Any, origin: Origin, problems: list[Diagnostic]) -> tuple[Any, Origin]:
    """A value taken whole from an overlay (the intent has nothing there): deleting an absent key is a
    no-op, so `key: {$patch: delete}` entries are dropped; any other `$patch` has nothing to act on."""
    if isinstance(value, dict):
        if PATCH_KEY in value:
            where = origin.children.get(PATCH_KEY, origin).value
            problems.append(
                error(
                    "N5G009",
                    f"'$patch: {value[PATCH_KEY]}' has nothing to patch here",
                    where,
                    "'$patch: delete' removes an item the intent already has; drop it here",
                )
            )
        kept: dict[str, Any] = {}
        children: dict[str | int, Origin] = {}
        for key, item in value.items():
            if key == PATCH_KEY or _is_delete(item):
                continue
            child = origin.children.get(key, Origin(origin.value))
            kept[key], children[key] = _strip_patches(item, child, problems)
            if key in origin.children:
                children[key] = Origin(children[key].value, origin.children[key].key, children[key].children)
        return kept, Origin(origin.value, origin.key, children)
    return value, origin
