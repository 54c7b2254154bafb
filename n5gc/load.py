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

import os
import re
import stat
import warnings
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from n5gc.diagnostics import Diagnostic, InputError, Location, error, shown_name
from n5gc.patterns import LazyPattern
from n5gc.records import record

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


@record(frozen=False)
class Origin:
    """Where a value (and, for a mapping entry, its key) was written; a tree parallel to the data.

    `children` is keyed by mapping key or sequence index. Overlays merge data and origins
    together, so a value set by an overlay points at the overlay file; `deleted` remembers where an
    overlay removed a key (`$patch: delete`), so a problem its absence causes points there too.
    """

    value: Location
    key: Location | None = None
    children: dict[str | int, Origin] = field(default_factory=dict)
    deleted: dict[str | int, Location] = field(default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers: every other attribute stays checked

        def __getattr__(self, name: str) -> Any:
            """`children` and `deleted` of a node n5gc.fastload's line reader left unbuilt (its
            `_lazy` holds what builds them: fastload._LineTable), built on first use. Only called
            for an attribute the node does not hold."""
            state = self.__dict__
            if name not in ("children", "deleted") or "_lazy" not in state:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            table, entries = state.pop("_lazy")
            if "children" not in state:  # (a field assigned before first use stays as assigned)
                state["children"] = table.children(entries, Origin)
            if "deleted" not in state:
                state["deleted"] = {}
            return state[name]

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Location:
        """The position of `path` (its key with `key=True`), or of its nearest ancestor that has one
        (or of the overlay line that deleted the part of `path` that is missing)."""
        node = self
        for part in path:
            child = node.children.get(part)
            if child is None:
                return node.deleted.get(part, node.value)
            node = child
        if key and node.key is not None:
            return node.key
        return node.value

    def locate_node(self, path: Iterable[str | int]) -> Origin | None:
        """The origin node of `path` itself, or None when the source map has no entry for it."""
        node: Origin | None = self
        for part in path:
            node = node.children.get(part) if node is not None else None
        return node

    def deletion(self, path: tuple[str | int, ...]) -> Location | None:
        """Where an overlay deleted the key at `path`, if one did."""
        node = self
        for part in path[:-1]:
            child = node.children.get(part)
            if child is None:
                return None
            node = child
        return node.deleted.get(path[-1]) if path else None


@record(frozen=False)
class Document:
    """A loaded YAML document: plain data and where each part came from."""

    path: str
    data: dict[str, Any]
    origin: Origin
    # A secrets file: every diagnostic made from it names keys and positions, never values.
    sensitive: bool = False


def _mark_location(path: str, mark: Any) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def read_text(path: Path, display: str) -> str:
    """Read a file as strict UTF-8, refusing oversized, unreadable and non-regular files with a diagnostic."""
    return decode_utf8(read_bytes(path, display), display)


def read_bytes(path: Path, display: str, limit: int | None = None) -> bytes:
    """At most `limit` (default MAX_FILE_BYTES) bytes of a regular file, or an InputError.

    Opened non-blocking and checked with fstat on the open descriptor, so a FIFO never blocks
    and /dev/zero (or a file that grows while read) is never read without bound.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    where = Location(display)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError(
            [
                error(
                    "N5G008",
                    "file not found",
                    where,
                    "check the path; intents are YAML files such as network.yaml",
                )
            ]
        ) from exc
    except IsADirectoryError as exc:
        raise InputError([error("N5G008", "is a directory, expected a YAML file", where)]) from exc
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InputError([error("N5G008", f"cannot read file: {_reason(exc)}", where)]) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError([error("N5G008", "is a directory, expected a YAML file", where)])
        if not stat.S_ISREG(mode):
            raise InputError(
                [
                    error(
                        "N5G008",
                        f"is a {_file_kind(mode)}, not a regular file",
                        where,
                        "name a YAML file; n5gc does not read devices, pipes or sockets",
                    )
                ]
            )
        size = os.fstat(fd).st_size
        raw = _read_at_most(fd, limit + 1) if size <= limit else b""
    except OSError as exc:
        raise InputError([error("N5G008", f"cannot read file: {_reason(exc)}", where)]) from exc
    finally:
        os.close(fd)
    if size > limit or len(raw) > limit:
        told = f"{size} bytes, more" if size > limit else "more"
        raise InputError(
            [
                error(
                    "N5G007",
                    f"file is {told} than the limit of {limit}",
                    where,
                    "split the network or remove generated content from the intent",
                )
            ]
        )
    return raw


def _read_at_most(fd: int, count: int) -> bytes:
    """Up to `count` bytes of an open file (os.read may return less than asked before the end)."""
    chunks: list[bytes] = []
    while count > 0:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    """Why a file could not be read, without the path (the location already names it)."""
    return getattr(exc, "strerror", None) or "invalid path"


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def decode_utf8(raw: bytes, display: str) -> str:
    """`raw` as UTF-8 text, or an N5G003 diagnostic at the first bad byte."""
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


def load_file(path: Path, display: str | None = None, *, sensitive: bool = False) -> Document:
    """Load one YAML file holding a single mapping document.

    `sensitive` marks a secrets file: its diagnostics show positions and key names, never values.
    """
    shown = display if display is not None else path.as_posix()
    # before reading, so that a parse error can be quoted; once sensitive, never quotable again
    _QUOTABLE[shown] = not sensitive and _QUOTABLE.get(shown, True)
    return load_text(read_text(path, shown), shown, sensitive=sensitive)


# Display name -> whether the text reporter may quote lines of it: only input files loaded here
# (intents, overlays, n5gc.yaml), never a sensitive one (a secrets file) nor a file n5gc did not
# load as input (a compiled tree audited, which may hold a key where it must not).
_QUOTABLE: dict[str, bool] = {}


def is_quotable(display: str) -> bool:
    """Whether the file shown as `display` in diagnostics was loaded as a non-sensitive input."""
    return _QUOTABLE.get(display, False)


def load_text(text: str, display: str, *, sensitive: bool = False) -> Document:
    """Parse YAML text (one mapping document) into plain data and a source map.

    Plain documents take libyaml's fast path (n5gc.fastload); anything it does not reproduce
    exactly, every problem included, is read by ruamel.yaml's round-trip loader below.
    """
    from n5gc.fastload import fast_load

    fast = fast_load(text, display, MAX_NODES, MAX_DEPTH)
    if fast is not None:
        return Document(display, fast[0], fast[1], sensitive)
    return _load_slow(text, display, sensitive)


def _load_slow(text: str, display: str, sensitive: bool) -> Document:
    """The ruamel.yaml round-trip path: every YAML feature, every diagnostic."""
    root = _parse_one(text, display, sensitive)
    converter = _Converter(display, sensitive)
    data = converter.convert(root, converter.origin, 0)
    if converter.problems:
        raise InputError(converter.problems)
    return Document(display, data, converter.origin, sensitive)


def _parse_one(text: str, display: str, sensitive: bool) -> dict[Any, Any]:
    """The single mapping document of `text`, as ruamel's round-trip objects, or an InputError."""
    # Imported here: ruamel.yaml is the heaviest import of the validate path after pydantic.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor_class()
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():
            # ruamel warns (on stderr, quoting the lines) about reused anchors, which YAML allows.
            warnings.simplefilter("ignore")
            documents = list(yaml.load_all(text))
    except InputError:
        raise
    except MarkedYAMLError as exc:
        raise InputError([_yaml_error_diagnostic(exc, display, sensitive)]) from exc
    except YAMLError as exc:
        raise InputError(
            [error("N5G001", f"YAML error: {_quiet(str(exc).splitlines()[0], sensitive)}", Location(display))]
        ) from exc
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
    except _BadValue as exc:
        raise InputError([exc.diagnostic(display, sensitive)]) from exc
    except _DuplicateKey as exc:
        raise InputError([_duplicate_key_diagnostic(exc, display, sensitive)]) from exc
    except (ValueError, TypeError, KeyError, IndexError, AssertionError, OverflowError) as exc:
        # A value ruamel cannot build outside any one node (e.g. an unusable complex key).
        raise InputError(
            [
                error(
                    "N5G012",
                    "a value cannot be read as its YAML type",
                    Location(display),
                    "remove explicit tags (!!int, !!omap, ...) and complex keys ('?')",
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
    return root


# Quoted text in ruamel's messages ('foo', "bar") may be input; token names such as '<scalar>' are not.
_QUOTED = re.compile(r"'(?!<[a-z ]+>')[^']*'|\"[^\"]*\"")


def _quiet(problem: str, sensitive: bool) -> str:
    """ruamel's problem text; for a secrets file, with any quoted input replaced by '…'."""
    return _QUOTED.sub("'…'", problem) if sensitive else problem


class _BadValue(Exception):
    """A scalar or collection whose explicit tag does not fit its text (`!!int one`)."""

    def __init__(self, node: Any):
        super().__init__()
        self.tag = str(getattr(node, "tag", "") or "")
        self.mark = getattr(node, "start_mark", None)
        value = getattr(node, "value", None)
        self.text = value if isinstance(value, str) else None

    def diagnostic(self, display: str, sensitive: bool) -> Diagnostic:
        short = (
            "!!" + self.tag[len(STANDARD_TAG_PREFIX) :]
            if self.tag.startswith(STANDARD_TAG_PREFIX)
            else self.tag
        )
        kind = _TAG_WORDS.get(short, f"a {short} value")
        shown = "the value" if sensitive or self.text is None else f'"{self.text[:80]}"'
        return error(
            "N5G012",
            f"{shown} tagged {shown_name(short, sensitive)} cannot be read as {kind}",
            _mark_location(display, self.mark),
            f"write it as {kind}, or drop the {shown_name(short, sensitive)} tag",
        )


_TAG_WORDS = {
    "!!int": "an integer",
    "!!float": "a number",
    "!!bool": "true or false",
    "!!null": "null",
    "!!timestamp": "a date or time (e.g. 2001-12-14)",
    "!!binary": "base64 data",
    "!!map": "a mapping",
    "!!omap": "an ordered mapping (a list of one-key mappings)",
    "!!pairs": "a list of one-key mappings",
    "!!set": "a set",
    "!!seq": "a list",
    "!!str": "a string",
}


class _DuplicateKey(Exception):
    """A key that appears twice in one mapping or set; carries the key, never the values."""

    def __init__(self, key: Any, mark: Any, node: Any):
        super().__init__()
        self.key = key
        self.mark = mark
        # The first occurrence: the first key node of the mapping with the same scalar text.
        firsts = [
            k.start_mark.line + 1
            for k, *_ in ((e if isinstance(e, tuple) else (e,)) for e in getattr(node, "value", []))
            if isinstance(key, str) and getattr(k, "value", None) == key
        ]
        self.first_line = firsts[0] if firsts and firsts[0] != mark.line + 1 else None


_CONSTRUCTOR: list[type] = []


def _constructor_class() -> type:
    """ruamel's round-trip constructor, made to report bad values and duplicate keys by position
    instead of raising bare ValueErrors (which carry no position) or quoting both values."""
    if _CONSTRUCTOR:
        return _CONSTRUCTOR[0]
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.error import MarkedYAMLError

    class Constructor(RoundTripConstructor):  # type: ignore[misc]
        def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
            try:
                return super().construct_non_recursive_object(node, tag)
            except (_BadValue, _DuplicateKey, MarkedYAMLError, RecursionError):
                raise
            except (
                ValueError,
                TypeError,
                KeyError,
                IndexError,
                AttributeError,
                AssertionError,
                OverflowError,
            ) as exc:  # e.g. `!!set` on a scalar: ruamel reads a flow_style it does not have
                raise _BadValue(node) from exc

        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            if key in mapping:
                raise _DuplicateKey(key, key_node.start_mark, node)
            return True

        def check_set_key(self, node: Any, key_node: Any, setting: Any, key: Any) -> None:
            if key in setting:
                raise _DuplicateKey(key, key_node.start_mark, node)

    _CONSTRUCTOR.append(Constructor)
    return Constructor


def _yaml_error_diagnostic(exc: Any, display: str, sensitive: bool) -> Diagnostic:
    from ruamel.yaml.constructor import ConstructorError

    mark = exc.problem_mark or exc.context_mark
    problem = _quiet(exc.problem or str(exc).splitlines()[0], sensitive)
    context = f" ({_quiet(exc.context, sensitive)})" if exc.context else ""
    if isinstance(exc, ConstructorError):  # `!!omap [1]`, `!!map [1]`: parsed, but not as tagged
        return error(
            "N5G012",
            f"a tagged value cannot be built: {problem}{context}",
            _mark_location(display, mark),
            "drop the explicit tag (!!omap, !!map, ...) and write the value plainly",
        )
    return error(
        "N5G001",
        f"YAML syntax error: {problem}{context}",
        _mark_location(display, mark),
        "check indentation and quoting near this position",
    )


def _duplicate_key_diagnostic(exc: _DuplicateKey, display: str, sensitive: bool) -> Diagnostic:
    name = f'"{shown_name(exc.key, sensitive)}"' if isinstance(exc.key, str) else "(a complex key)"
    first = f", first written on line {exc.first_line}" if exc.first_line else ""
    return error(
        "N5G002",
        f"duplicate key {name}{first}",
        _mark_location(display, exc.mark),
        "a key may appear once per mapping; merge the two entries",
    )


class _Converter:
    """Copies a ruamel round-trip tree into plain data, recording origins and bounding size."""

    def __init__(self, display: str, sensitive: bool = False):
        self.display = display
        self.sensitive = sensitive
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
                    f"unknown YAML tag {shown_name(tag, self.sensitive)}",
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
        value = _scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            self.problems.append(_surrogate_diagnostic(origin.value))
        return value

    def _mapping(self, node: Any, origin: Origin, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lc = getattr(node, "lc", None)
        for key, value in node.items():
            key_pos = _safe(lambda k=key: lc.key(k)) if lc is not None else None
            value_pos = _safe(lambda k=key: lc.value(k)) if lc is not None else None
            key_loc = self._loc(key_pos, origin.value)
            if not isinstance(key, str):
                shown = "(a complex key)" if isinstance(key, tuple | dict | list | set) else repr(key)
                self.problems.append(
                    error(
                        "N5G001",
                        f"mapping key {shown_name(shown, self.sensitive)} is not a string",
                        key_loc,
                        "quote the key; complex keys ('? ...') and empty keys are not allowed",
                    )
                )
                key = str(key)
            elif _SURROGATE.search(key):
                self.problems.append(_surrogate_diagnostic(key_loc))
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


# Lone UTF-16 surrogates ("\ud800" in a double-quoted scalar) are not text: they cannot be printed
# or written as UTF-8, so they are refused here rather than crash a later stage.
_SURROGATE = LazyPattern("[\ud800-\udfff]")


def _surrogate_diagnostic(where: Location) -> Diagnostic:
    return error(
        "N5G003",
        "a string holds a lone surrogate escape (\\uD800-\\uDFFF), which is not a character",
        where,
        "write the character itself, or a \\U escape of a real code point",
    )


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
    import datetime  # only ruamel's timestamps: the fast path never reads one

    if isinstance(node, datetime.date | datetime.datetime):
        return node.isoformat()
    return str(node)
