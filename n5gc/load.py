"""Stage 1, load: YAML files in, plain data plus a source map out.

ruamel.yaml's round-trip loader keeps the line and column of every key and value; we copy
the document into plain Python data (dict/list/str/int/float/bool/None) and record, for
every path (``("spec", "slices", 0, "sd")``), where its key and its value were written.
Later stages only see plain data and ask the source map for positions.

The loader is defensive because intents come from pull requests: it rejects duplicate keys,
non-UTF-8 text, documents that are not a single mapping, unknown tags, and bounds file size,
nesting depth and alias expansion (a "billion laughs" document is a clear error, not a hang).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from n5gc.diagnostics import Diagnostic, InputError, Location, error

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64
STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
# Explicit tags a plain YAML document may carry (`!!str 001`); `!!python/object:...` shares the
# prefix but is not data, so only these are accepted.
STANDARD_TAGS = frozenset(
    STANDARD_TAG_PREFIX + t
    for t in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "map",
        "seq",
        "timestamp",
        "binary",
        "set",
        "omap",
        "pairs",
    )
)


@dataclass
class Origin:
    """Where a value (and, for a mapping entry, its key) was written; a tree parallel to the data.

    `children` is keyed by mapping key or sequence index. Overlays merge data and origins
    together, so a value set by an overlay points at the overlay file.
    """

    value: Location
    key: Location | None = None
    children: dict[str | int, Origin] = field(default_factory=dict)

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Location:
        """The position of `path` (its key with `key=True`), or of its nearest ancestor that has one."""
        node = self
        for part in path:
            child = node.children.get(part)
            if child is None:
                return node.value
            node = child
        if key and node.key is not None:
            return node.key
        return node.value


@dataclass
class Document:
    """A loaded YAML document: plain data and where each part came from."""

    path: str
    data: dict[str, Any]
    origin: Origin


def _mark_location(path: str, mark: Any) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def read_text(path: Path, display: str) -> str:
    """Read a file as strict UTF-8, refusing oversized and unreadable files with a diagnostic."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    error(
                        "N5G007",
                        f"file is {size} bytes, more than the limit of {MAX_FILE_BYTES}",
                        Location(display),
                        "split the network or remove generated content from the intent",
                    )
                ]
            )
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            [
                error(
                    "N5G008",
                    "file not found",
                    Location(display),
                    "check the path; intents are YAML files such as network.yaml",
                )
            ]
        ) from exc
    except IsADirectoryError as exc:
        raise InputError(
            [error("N5G008", "is a directory, expected a YAML file", Location(display))]
        ) from exc
    except OSError as exc:
        raise InputError([error("N5G008", f"cannot read file: {exc.strerror}", Location(display))]) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                error(
                    "N5G003",
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    Location(display, line, col),
                    "save the file as UTF-8",
                )
            ]
        ) from exc


def load_file(path: Path, display: str | None = None) -> Document:
    """Load one YAML file holding a single mapping document."""
    shown = display if display is not None else path.as_posix()
    return load_text(read_text(path, shown), shown)


def load_text(text: str, display: str) -> Document:
    """Parse YAML text (one mapping document) into plain data and a source map."""
    # Imported here: ruamel.yaml is the heaviest import of the validate path after pydantic.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        documents = list(yaml.load_all(text))
    except MarkedYAMLError as exc:
        raise InputError([_yaml_error_diagnostic(exc, display)]) from exc
    except YAMLError as exc:
        raise InputError([error("N5G001", f"YAML error: {exc}", Location(display))]) from exc
    except RecursionError as exc:
        raise InputError(
            [
                error(
                    "N5G006",
                    f"nesting deeper than {MAX_DEPTH} levels",
                    Location(display),
                    "flatten the document",
                )
            ]
        ) from exc
    documents = [d for d in documents if d is not None] if len(documents) > 1 else documents
    if len(documents) != 1:
        raise InputError(
            [
                error(
                    "N5G004",
                    f"expected one YAML document, found {len(documents)}",
                    Location(display, 1, 1),
                    "keep one document per file (no '---' separators)",
                )
            ]
        )
    root = documents[0]
    if not isinstance(root, dict):
        kind = "empty" if root is None else type(root).__name__.replace("Commented", "").lower()
        raise InputError(
            [
                error(
                    "N5G004",
                    f"the document must be a mapping, found {kind}",
                    Location(display, 1, 1),
                    "start with 'apiVersion: n5gc.io/v1alpha1'",
                )
            ]
        )
    converter = _Converter(display)
    data = converter.convert(root, converter.origin, 0)
    if converter.problems:
        raise InputError(converter.problems)
    return Document(display, data, converter.origin)


def _yaml_error_diagnostic(exc: Any, display: str) -> Diagnostic:
    from ruamel.yaml.constructor import DuplicateKeyError

    mark = exc.problem_mark or exc.context_mark
    if isinstance(exc, DuplicateKeyError):
        problem = (exc.problem or "").split("\n")[0]
        return error(
            "N5G002",
            f"duplicate key: {problem}".rstrip(": "),
            _mark_location(display, mark),
            "a key may appear once per mapping; merge the two entries",
        )
    problem = exc.problem or str(exc)
    context = f" ({exc.context})" if exc.context else ""
    return error(
        "N5G001",
        f"YAML syntax error: {problem}{context}",
        _mark_location(display, mark),
        "check indentation and quoting near this position",
    )


class _Converter:
    """Copies a ruamel round-trip tree into plain data, recording origins and bounding size."""

    def __init__(self, display: str):
        self.display = display
        self.origin = Origin(Location(display, 1, 1))
        self.nodes = 0
        self.problems: list[Diagnostic] = []
        self._active: set[int] = set()
        self._sizes: dict[int, int] = {}
        self._sizing: set[int] = set()

    def _loc(self, pos: tuple[int, int] | None, fallback: Location) -> Location:
        if pos is None:
            return fallback
        return Location(self.display, pos[0] + 1, pos[1] + 1)

    def expanded_size(self, node: Any, depth: int = 0) -> int:
        """Nodes `node` expands to once aliases are copied; memoised per shared object, so an alias
        bomb is measured in microseconds instead of being expanded until the node limit."""
        if not isinstance(node, dict | list):
            return 1
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in self._sizing or depth > MAX_DEPTH:
            return 1  # a cycle or too deep: convert() reports it with its position
        self._sizing.add(id(node))
        children = node.values() if isinstance(node, dict) else node
        size = 1 + sum(self.expanded_size(child, depth + 1) for child in children)
        self._sizing.discard(id(node))
        self._sizes[id(node)] = size
        return size

    def _culprit(self, node: Any, where: Location) -> Location:
        """The innermost value that alone expands past the node limit (where the alias chain is)."""
        seen: set[int] = set()
        while isinstance(node, dict | list) and id(node) not in seen:
            seen.add(id(node))
            lc = getattr(node, "lc", None)
            entries = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            position = (lc.value if isinstance(node, dict) else lc.item) if lc is not None else None
            for key, child in entries:
                if self.expanded_size(child) > MAX_NODES:
                    where = self._loc(_safe(lambda k=key, p=position: p(k)) if position else None, where)
                    node = child
                    break
            else:
                break
        return where

    def convert(self, node: Any, origin: Origin, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or self.nodes - 1 + self.expanded_size(node, depth) > MAX_NODES:
            raise InputError(
                [
                    error(
                        "N5G006",
                        f"the document expands to more than {MAX_NODES} nodes",
                        self._culprit(node, origin.value),
                        "aliases (*name) are expanded on load; avoid alias chains",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise InputError(
                [
                    error(
                        "N5G006",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        origin.value,
                        "flatten the document",
                    )
                ]
            )
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag is not None and tag not in STANDARD_TAGS:
            self.problems.append(
                error(
                    "N5G005",
                    f"unknown YAML tag {tag}",
                    origin.value,
                    "remove the tag; n5gc intents use plain YAML",
                )
            )
        if isinstance(node, dict | list):
            if id(node) in self._active:
                raise InputError(
                    [
                        error(
                            "N5G006",
                            "recursive alias: a node contains itself",
                            origin.value,
                            "remove the self-referencing alias",
                        )
                    ]
                )
            self._active.add(id(node))
            result = (
                self._mapping(node, origin, depth)
                if isinstance(node, dict)
                else self._sequence(node, origin, depth)
            )
            self._active.discard(id(node))
            return result
        return _scalar(node)

    def _mapping(self, node: Any, origin: Origin, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lc = getattr(node, "lc", None)
        for key, value in node.items():
            key_pos = _safe(lambda k=key: lc.key(k)) if lc is not None else None
            value_pos = _safe(lambda k=key: lc.value(k)) if lc is not None else None
            key_loc = self._loc(key_pos, origin.value)
            if not isinstance(key, str):
                self.problems.append(
                    error("N5G001", f"mapping key {key!r} is not a string", key_loc, "quote the key")
                )
                key = str(key)
            child = Origin(self._loc(value_pos, key_loc), key_loc)
            origin.children[key] = child
            result[key] = self.convert(value, child, depth + 1)
        return result

    def _sequence(self, node: Any, origin: Origin, depth: int) -> list[Any]:
        lc = getattr(node, "lc", None)
        items = []
        for index, value in enumerate(node):
            pos = _safe(lambda i=index: lc.item(i)) if lc is not None else None
            child = Origin(self._loc(pos, origin.value))
            origin.children[index] = child
            items.append(self.convert(value, child, depth + 1))
        return items


def _safe(getter: Any) -> tuple[int, int] | None:
    try:
        pos = getter()
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return (pos[0], pos[1]) if pos is not None else None


def _scalar(node: Any) -> Any:
    """Plain Python value of a ruamel scalar (ruamel subclasses int/float/str to keep formatting)."""
    if node is None or isinstance(node, bool):
        return node
    tagged_value = getattr(node, "value", None)
    if type(node).__name__ == "TaggedScalar":
        return str(tagged_value)
    if isinstance(node, int):
        if type(node).__name__ == "ScalarBoolean":
            return bool(node)
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, datetime.date | datetime.datetime):
        return node.isoformat()
    return str(node)
