"""The fast path of stage 1: plain YAML read by libyaml's C parser, straight into data + source map.

ruamel.yaml's round-trip loader (n5gc.load) is pure Python and reads about 30 kB/s per MB of
intent (3.4 s of a 1,000-slice validate went there). Most intents are plain YAML: block and flow
mappings, lists, strings, decimal integers, booleans and nulls, without tags, anchors or
directives. For those, libyaml's event stream (PyYAML's C extension) carries every position the
source map needs: a key's and a value's start marks, which are the marks ruamel's round-trip
objects record (`lc.key`, `lc.value`, `lc.item`).

This path is an accelerator, never a second opinion: it gives up (returns None) on anything whose
meaning or diagnostic it does not reproduce exactly, and n5gc.load then reads the same text with
ruamel as before. It gives up on every libyaml error, directive, tag, anchor, alias, merge key,
non-string or duplicate key, empty value, scalar that YAML 1.2 reads as anything but a string, a null, a
boolean, a plain decimal integer or a plain decimal fraction (octal, hex, underscores,
exponents, timestamps), lone surrogate,
more than one document, a root that is not a mapping, and every limit of n5gc.load. What it
returns is equal (data and origins) to what the ruamel path returns: tests/test_fastload.py holds
the two paths against each other on every YAML file of the repository and on generated documents.

Before libyaml, a line reader (`_line_load`) tries the shape most intents have, one node per line
(block mappings and sequences, scalars and flow collections that close on their line, whole-line
comments), with no event objects and without importing PyYAML: 40 % of the events' time on a
1,000-slice intent, and no PyYAML import for the reference intents' `validate`. It gives up on
anything else, and the event path reads the text; the tests hold each reader against ruamel.
Its source map is built lazily: a node's origin is its line's number until a diagnostic, an overlay
or a comparison asks for it (n5gc.load.Origin builds it then; tests/test_lazy_origins.py).
One known divergence is kept as it was: libyaml reads a tab after a colon (`a:\tb`), which ruamel
refuses (the line reader leaves tabs to the event path).

The YAML 1.1 readers below (verify's round trip, the audit, the blueprints) share two things: inside
`parse_once` (verify then audit, in n5gc.compiler) each written text is parsed once, its documents
handed to both; and a memo of plain scalar readings, emptied whenever PyYAML's resolver table is not
the one it was filled with. Both are keyed by the whole input, so neither can answer stale.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from n5gc.diagnostics import Location

# YAML 1.2 implicit types as ruamel.yaml resolves plain scalars (ruamel/yaml/resolver.py, 1.2 rows):
# a plain scalar matching any of these is not a string; only the simplest cases are read here.
_NOT_STRING_12 = re.compile(
    r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+
    |<<
    |=
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]\ *-[0-9][0-9]?\ *-[0-9][0-9]?
     (?:[Tt]|[\ \t]+)[0-9][0-9]?
     \ *:[0-9][0-9]\ *:[0-9][0-9]\ *(?:\.[0-9]*)?
     (?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    )$""",
    re.X,
)
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SURROGATE = re.compile("[\ud800-\udfff]")
# Every first character a plain scalar that is not a string can have: _BOOLS (t, f), _NULLS (~, n,
# and the empty string), _DECIMAL and _FLOAT (-, digits), and each row of _NOT_STRING_12 (+, ., _,
# <, =). A plain scalar starting otherwise is a string without trying the patterns.
_TYPED_FIRST = frozenset(("", *"tTfF~nN-+._<=0123456789"))
# Of those, the first characters of the booleans and nulls only (no number or row of
# _NOT_STRING_12 starts so): a plain scalar starting so is a string unless it is one of them.
_WORD_FIRST = frozenset("tTfF~nN")


def _event_kinds() -> tuple[type, ...]:
    """libyaml's event classes (PyYAML's), in the order the builders unpack them."""
    from yaml import events

    return (
        events.StreamStartEvent,
        events.StreamEndEvent,
        events.DocumentStartEvent,
        events.DocumentEndEvent,
        events.MappingStartEvent,
        events.MappingEndEvent,
        events.SequenceStartEvent,
        events.SequenceEndEvent,
        events.ScalarEvent,
    )


class _GiveUp(Exception):
    """The document uses something this path does not reproduce: ruamel reads it instead."""


def _plain(value: str) -> Any:
    """A plain (unquoted, untagged) scalar as YAML 1.2 reads it, or _GiveUp for the rare kinds."""
    if value[:1] not in _TYPED_FIRST:
        return value  # no boolean, null, number or other typed scalar starts so: most strings
    if value in _BOOLS:
        return _BOOLS[value]
    if value in _NULLS:
        return None
    if value[0] in _WORD_FIRST:
        return value  # `name`, `n78`, `false-ish`: only the exact booleans and nulls above are not strings
    if _DECIMAL.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):  # 3489.42: ruamel's ScalarFloat of the same text, as a float
        return float(value)
    if _NOT_STRING_12.match(value):
        raise _GiveUp
    return value


def fast_load(text: str, display: str, max_nodes: int, max_depth: int) -> tuple[dict[str, Any], Any] | None:
    """(data, origin) of a plain one-mapping YAML document, or None: read it with ruamel instead.

    `origin` is an n5gc.load.Origin tree; `max_nodes`/`max_depth` are n5gc.load's limits (beyond
    them ruamel's path reports the problem). A document in the line-shaped subset (`_line_load`) is
    read without libyaml; any other goes through libyaml's events.
    """
    from n5gc.load import Origin

    try:
        return _line_load(text, display, Origin, max_nodes, max_depth)
    except (_GiveUp, RecursionError):
        pass
    return events_load(text, display, max_nodes, max_depth)


def events_load(text: str, display: str, max_nodes: int, max_depth: int) -> tuple[dict[str, Any], Any] | None:
    """`fast_load` through libyaml's event stream only (what it does when the line reader gives up)."""
    try:
        from yaml import YAMLError
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - a PyYAML built without libyaml
        return None
    from n5gc.load import Origin

    parser = CParser(text)
    try:
        return _build(parser, display, Origin, max_nodes, max_depth)
    except (_GiveUp, YAMLError, ValueError, OverflowError, RecursionError):
        return None
    finally:
        parser.dispose()


# ---- The line reader: block YAML written one node per line, read without libyaml ----

# A plain scalar of the subset: no indicator first, no ": " or " #" inside, no trailing space, no
# flow, quote, escape, tag, anchor or alias character anywhere (the event path reads those).
_PLAIN_CHAR = r"[A-Za-z0-9_./~=+<()$-]"
_PLAIN_FIRST = rf"[A-Za-z0-9_./~=+<($]|-(?={_PLAIN_CHAR})"
_PLAIN = rf"(?:{_PLAIN_FIRST})(?:{_PLAIN_CHAR}|:(?={_PLAIN_CHAR})| (?={_PLAIN_CHAR}))*"
_QUOTED = r'"[^"\\]*"' + r"|'[^']*'"
# One line: indentation, "- " item indicators, then `key:`, `key: value` or a lone value.
# A value may also be a flow collection that closes on its line (`{a: 1, b: [x, y]}`, read by
# `_flow`). The value is taken whole here and checked against _SCALAR (or read as a collection).
_LINE = rf"( *)((?:- +)*)(?:({_PLAIN}):(?: +(.+))?|(.+))"
# A plain or quoted scalar: a block value (fullmatch), a flow collection's key or item (match).
_SCALAR = rf"{_PLAIN}|{_QUOTED}"
# The same lines without spaces or colons inside plain scalars and with single spaces: most lines,
# matched three times faster (no lookahead per character); a line it misses is tried with _LINE.
_WORD = rf"{_PLAIN_CHAR[:-1]}]*"
_SIMPLE_VALUE = rf"[A-Za-z0-9_./~=+<($]{_WORD}|-{_PLAIN_CHAR}+|{_QUOTED}"
_SIMPLE_LINE = rf"( *)((?:- )*)(?:([A-Za-z0-9_$][A-Za-z0-9_.$/-]*):(?: ({_SIMPLE_VALUE}))?|({_SIMPLE_VALUE}))"
# What no document of the subset holds: a tab, a carriage return, a control or non-ASCII character,
# a block scalar, an anchor, alias or tag (checked first: such a document goes to the event path
# without compiling the line patterns).
# One negated class (a third of the time of a class and an alternative): printable ASCII and line
# breaks, without ! (0x21), & (0x26), * (0x2a), > (0x3e) and | (0x7c).
_OUTSIDE_SUBSET = re.compile(r"[^\n\x20\x22-\x25\x27-\x29\x2b-\x3d\x3f-\x7b\x7d\x7e]")


@functools.cache
def _line_matchers() -> tuple[Callable[..., Any], ...]:
    """The fullmatch of _SIMPLE_LINE, of _LINE and of _SCALAR, and the match of _SCALAR, compiled
    on first use."""
    scalar = re.compile(_SCALAR)
    return re.compile(_SIMPLE_LINE).fullmatch, re.compile(_LINE).fullmatch, scalar.fullmatch, scalar.match


# YAML limits an implicit key to 1,024 characters: longer lines are left to the event path.
_LONGEST_LINE = 1000


# What `_line_shape` says of a line's value: none (`key:`, the value on the next lines), a scalar
# (read), a flow collection (read where it stands: each is a new container).
_NO_VALUE, _SCALAR_VALUE, _FLOW = "none", "scalar", "flow"
_UNREAD = object()


class _LineTable:
    """What a line reader's lazy origins share: the file's display name, its lines and their shapes
    (`_line_shape`, by line text). Never changed once read; a copy of an origin shares it.

    A block container's origin holds `_lazy` = (its table, its entries) instead of `children` and
    `deleted` until they are first asked for (n5gc.load.Origin builds them then, with `children`
    below): the 30,000 nodes of a 1,000-slice intent cost an int or a list each, not an Origin, two
    Locations and two dicts, when no diagnostic asks where they were written.

    A container's entries: a header (the line of its key, 0 for a sequence item; the line and
    0-based column where it starts; whether it is a mapping), then one entry per child in the
    container's own order: a scalar is its line's number (its key, key column and value column are
    its line's shape: the line holds nothing else), a block collection its own entries, a flow
    collection its Origin (in a mapping: (key, Origin)). A key's column is its line's column after
    the line's `- ` indicators; a key is its line's key."""

    __slots__ = ("display", "lines", "shapes")

    def __init__(self, display: str, lines: list[str], shapes: dict[str, tuple[Any, ...] | None]) -> None:
        self.display, self.lines, self.shapes = display, lines, shapes

    def __copy__(self) -> _LineTable:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _LineTable:
        return self

    def children(self, entries: list[Any], origin_class: Any) -> dict[Any, Any]:
        """The children of a container's origin as the line reader used to build them (the same
        fields, in field order; a block collection's own children left unbuilt)."""
        display, lines, shapes = self.display, self.lines, self.shapes
        new_object = object.__new__
        is_mapping = entries[_HEADER - 1]
        children: dict[Any, Any] = {}
        for index in range(len(entries) - _HEADER):
            entry = entries[index + _HEADER]
            kind = type(entry)
            if kind is not int and kind is not list:  # a flow collection's origin, built
                if is_mapping:
                    children[entry[0]] = entry[1]
                else:
                    children[index] = entry
                continue
            child = new_object(origin_class)
            state = child.__dict__
            if kind is int:  # a scalar: its key (in a mapping) and value on its line
                shape: Any = shapes[lines[entry - 1]]
                key_line, line, column = entry if is_mapping else 0, entry, shape[5]
            else:  # a block collection
                key_line, line, column = entry[0], entry[1], entry[2]
            where = new_object(Location)
            fields = where.__dict__
            fields["file"], fields["line"], fields["col"] = display, line, column + 1
            state["value"], state["key"] = where, None
            if key_line:
                key_shape: Any = shapes[lines[key_line - 1]]
                key_where = new_object(Location)
                fields = key_where.__dict__
                fields["file"], fields["line"] = display, key_line
                fields["col"] = key_shape[7] + 1
                state["key"] = key_where
                if is_mapping:
                    index = key_shape[2]
            if kind is int:
                state["children"], state["deleted"] = {}, {}
            else:
                state["_lazy"] = (self, entry)
            children[index] = child
        return children


# The length of a container's entries' header (see _LineTable).
_HEADER = 4


def _line_shape(line: str, matchers: tuple[Callable[..., Any], ...]) -> tuple[Any, ...] | None:
    """What a line of the line reader's subset holds, from its text alone: (its column, its `- `
    item indicators, its key or None, the kind of its value, the value read as YAML 1.2 when a
    scalar, the value's column, whether it is a `key: scalar` entry and nothing else, the key's
    column); the indicators as their widths (`_dash_widths`). None for a line outside the subset's
    node lines (blank, comment or anything else: the reader decides). _GiveUp on a key that is not
    a string or a scalar the line reader does not read (`_plain`)."""
    simple, full, whole_scalar, _ = matchers
    match = simple(line) if len(line) <= _LONGEST_LINE else None
    if match is None and len(line) <= _LONGEST_LINE:
        match = full(line)
        rest = match and (match.group(4) or match.group(5))
        if rest and rest[0] not in "{[" and not whole_scalar(rest):
            match = None  # not a value of the subset (or a blank or comment line)
    if match is None:
        return None
    indent, dashes, key, value, item = match.groups()
    if key is not None and key[0] in _TYPED_FIRST and type(_plain(key)) is not str:
        raise _GiveUp  # a key that is not a string: ruamel reports it
    raw = value if key is not None else item
    kind, read = _SCALAR_VALUE, raw
    if raw is None:
        kind = _NO_VALUE
    elif raw[0] == '"' or raw[0] == "'":
        read = raw[1:-1]
    elif raw[0] == "{" or raw[0] == "[":
        kind = _FLOW
    elif raw[0] in _TYPED_FIRST:
        read = _plain(raw)
    key_column = len(indent) + len(dashes)  # (and a lone value's)
    value_column = match.start(4) if value is not None else key_column
    entry = kind is _SCALAR_VALUE and key is not None and not dashes
    return len(indent), _dash_widths(dashes), key, kind, read, value_column, entry, key_column


@functools.lru_cache(maxsize=256)  # a few distinct indicator runs per document
def _dash_widths(dashes: str) -> tuple[int, ...]:
    """The width of each `- ` item indicator of a line ("-" and the spaces after it)."""
    return tuple(len(item) + 1 for item in dashes.split("-")[1:])


def _line_load(text: str, display: str, origin_class: Any, max_nodes: int, max_depth: int) -> Any:
    """(data, origin) of a document written one node per line, as the event path reads it; _GiveUp
    on anything else (then the event path reads it).

    The subset: a mapping at column 1; lines holding `key: value`, `key:` (its value, a block
    mapping or sequence, on the next lines, more indented or an indentless sequence), `- ` items
    (several on one line: `- - x`) followed by one of those or by a value; values that are plain
    (see _PLAIN, read as YAML 1.2 by `_plain`), quoted without escapes, or flow collections of those
    that close on their line (`_flow`); blank lines and whole-line comments. Anything else gives
    up: multi-line scalars and flow collections, trailing comments, empty values, tabs, non-ASCII
    text, document markers and directives, tags, anchors. Every mark is the one libyaml gives: a
    key's and a scalar's first character, a block mapping's first key, a block sequence's first
    `-`, a flow collection's bracket. A block collection's origin keeps its children as line
    numbers until they are first asked for (`_LineTable`: most are never asked for); origins and
    locations are filled without their constructors, as in `_build`.
    """
    if _OUTSIDE_SUBSET.search(text):
        raise _GiveUp
    new_object = object.__new__
    plain, typed_first = _plain, _TYPED_FIRST
    matchers = _line_matchers()
    flow_scalar = matchers[3]
    lines = text.split("\n")
    # What each distinct line holds (a function of its text alone): a third of an intent's lines
    # are repeats (`dnns:`, `- name: internet`, `sst: 1`), read once.
    shapes: dict[str, tuple[Any, ...] | None] = {}
    table = _LineTable(display, lines, shapes)
    root: dict[str, Any] = {}
    root_entries: list[Any] = [0, 1, 0, True]
    root_origin = new_object(origin_class)
    root_state = root_origin.__dict__
    root_state["value"], root_state["key"] = Location(display, 1, 1), None
    root_state["_lazy"] = (table, root_entries)
    # Each open container: [container, its origin's entries (see _LineTable), its column
    # (0-based), is a mapping, is an indentless sequence (a mapping's value at its own column)].
    stack: list[list[Any]] = [[root, root_entries, 0, True, False]]
    pending: tuple[Any, ...] | None = None  # a `key:` whose value starts on a later line
    nodes = 1

    def location(line: int, column: int) -> Location:
        where = new_object(Location)
        fields = where.__dict__
        fields["file"], fields["line"], fields["col"] = display, line, column + 1
        return where

    def place(frame: list[Any], key: Any, key_line: int, value: Any, line: int, column: int) -> list[Any]:
        """Put a new block container `value` (starting at `line`, `column`) into the container of
        `frame` (at `key` written on `key_line`, or appended); returns its entries (_LineTable)."""
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes or len(stack) >= max_depth:
            raise _GiveUp  # the event path (then ruamel) decides at the limits
        entries = [key_line, line, column, type(value) is dict]
        frame[1].append(entries)
        if frame[3]:
            frame[0][key] = value
        else:
            frame[0].append(value)
        return entries

    def flow(line: str, number: int, start: int, children: dict[Any, Any], depth: int) -> tuple[Any, int]:
        """The flow collection opening at `start` of `line` and the index after its bracket; its
        nodes' origins go into `children`."""
        nonlocal nodes
        if len(stack) + depth >= max_depth:
            raise _GiveUp
        in_mapping = line[start] == "{"
        closing = "}" if in_mapping else "]"
        container: Any = {} if in_mapping else []
        position = start + 1
        while line[position : position + 1] == " ":
            position += 1
        if line[position : position + 1] == closing:
            return container, position + 1
        while True:
            key: Any = None
            key_where = None
            if in_mapping:
                found = flow_scalar(line, position)
                if found is None or line[found.end() : found.end() + 2] != ": ":
                    raise _GiveUp  # `{a}`, `{a:1}`, a complex key: the event path
                key = scalar(found.group())
                if type(key) is not str or key in container:
                    raise _GiveUp  # ruamel reports a non-string or duplicate key
                key_where = location(number, position)
                position = found.end() + 2
                while line[position : position + 1] == " ":
                    position += 1
            nodes += 1
            if nodes > max_nodes:
                raise _GiveUp
            child = new_object(origin_class)
            state = child.__dict__
            state["value"], state["key"] = location(number, position), key_where
            state["children"], state["deleted"] = {}, {}
            if line[position : position + 1] in ("{", "["):
                value, position = flow(line, number, position, state["children"], depth + 1)
            else:
                found = flow_scalar(line, position)
                if found is None:
                    raise _GiveUp  # an empty or unusual value: the event path
                value, position = scalar(found.group()), found.end()
            if in_mapping:
                children[key] = child
                container[key] = value
            else:
                children[len(container)] = child
                container.append(value)
            while line[position : position + 1] == " ":
                position += 1
            after = line[position : position + 1]
            if after == closing:
                return container, position + 1
            if after != ",":
                raise _GiveUp
            position += 1
            while line[position : position + 1] == " ":
                position += 1
            if line[position : position + 1] in (closing, ""):
                raise _GiveUp  # a trailing comma, or a collection going on on the next line

    def scalar(raw: str) -> Any:
        first = raw[0]
        if first == '"' or first == "'":
            return raw[1:-1]
        return plain(raw) if first in typed_first else raw

    for number, line in enumerate(lines, 1):
        shape = shapes.get(line, _UNREAD)
        if shape is _UNREAD:
            shape = shapes[line] = _line_shape(line, matchers)
        if shape is None:
            stripped = line.lstrip(" ")
            if not stripped or (stripped[0] == "#" and pending is None):
                continue  # blank, or a whole-line comment (never inside a scalar: none spans lines)
            raise _GiveUp
        column, dashes, key, kind, value, value_column, entry, _ = shape
        if entry and pending is None:  # `key: scalar`: most lines, most often in the open mapping
            frame = stack[-1]
            if frame[2] == column and frame[3]:  # (what the steps below do for it there)
                container = frame[0]
                if key in container:
                    raise _GiveUp
                nodes += 1
                if nodes > max_nodes:
                    raise _GiveUp
                frame[1].append(number)
                container[key] = value
                continue
        if pending is not None:
            frame, pending_key, key_line = pending
            pending = None
            if not (column > frame[2] or (column == frame[2] and dashes)):
                raise _GiveUp  # an empty value (null): its mark differs between the readers
            slot: tuple[Any, ...] | None = (frame, pending_key, key_line, column == frame[2])
        else:
            frame = stack[-1]
            while frame[2] > column or (frame[4] and frame[2] == column and not dashes):
                stack.pop()
                frame = stack[-1]
            if frame[2] != column:
                raise _GiveUp  # a continuation line, or a column between two levels
            slot = None
        # The `- ` items, each opening a sequence (or continuing the one at this column).
        for width in dashes:
            if slot is None:
                if frame[3]:
                    raise _GiveUp  # an item where a mapping entry belongs
            else:
                parent, parent_key, key_line, indentless = slot
                sequence: list[Any] = []
                entries = place(parent, parent_key, key_line, sequence, number, column)
                frame = [sequence, entries, column, False, indentless]
                stack.append(frame)
            column += width
            slot = (frame, None, 0, False)
        if key is not None:
            if slot is not None:
                parent, parent_key, key_line, _ = slot
                mapping: dict[str, Any] = {}
                entries = place(parent, parent_key, key_line, mapping, number, column)
                frame = [mapping, entries, column, True, False]
                stack.append(frame)
            elif not frame[3]:
                raise _GiveUp  # a mapping entry where a sequence item belongs
            container = frame[0]
            if key in container:
                raise _GiveUp  # a duplicate key: ruamel reports it
            if kind is _NO_VALUE:
                pending = (frame, key, number)
                continue
        elif slot is not None and slot[1] is None:  # a value as a sequence item
            frame = slot[0]
            container = frame[0]
        else:
            raise _GiveUp  # a lone value as a mapping entry, or as a `key:`'s value on its own line
        # A scalar or flow value at `value_column`, into `container` (the container of `frame`) at
        # `key`; the key's Location (at `column`) is made only for a flow value's eager origin.
        nodes += 1
        if nodes > max_nodes:
            raise _GiveUp
        if kind is _FLOW:
            child = new_object(origin_class)
            state = child.__dict__
            state["value"], state["key"] = location(number, value_column), None
            state["children"], state["deleted"] = {}, {}
            if key is not None:
                state["key"] = location(number, column)
            value, end = flow(line, number, value_column, state["children"], 0)
            if end != len(line):
                raise _GiveUp  # something after the collection: a comment, a second node
            frame[1].append(child if key is None else (key, child))
        else:  # a scalar: its origin is its line's number until asked for (_LineTable)
            frame[1].append(number)
        if key is not None:
            container[key] = value
        else:
            container.append(value)
    if pending is not None or not root:
        raise _GiveUp  # the last key has an empty value, or there is no document
    return root, root_origin


def _build(parser: Any, display: str, origin_class: Any, max_nodes: int, max_depth: int) -> Any:
    """Walk the event stream once, building data and origins with an explicit stack.

    The loop runs once per event (50,000 for a 1,000-slice intent), so it keeps the container being
    filled, its origins' children and whether it is a mapping in local variables (the stack holds
    the enclosing ones), and reads the common scalar (a plain string) inline.
    """
    (
        StreamStartEvent,
        StreamEndEvent,
        DocumentStartEvent,
        DocumentEndEvent,
        MappingStartEvent,
        MappingEndEvent,
        SequenceStartEvent,
        SequenceEndEvent,
        ScalarEvent,
    ) = _event_kinds()

    get = parser.get_event
    new_object = object.__new__
    if not isinstance(get(), StreamStartEvent):
        raise _GiveUp
    start = get()
    if not isinstance(start, DocumentStartEvent) or start.version or start.tags:
        raise _GiveUp
    first = get()
    if type(first) is not MappingStartEvent or first.anchor is not None or first.tag is not None:
        raise _GiveUp
    root: dict[str, Any] = {}
    root_origin = origin_class(Location(display, 1, 1))
    container: Any = root  # the mapping or sequence being filled
    children: dict[Any, Any] = root_origin.children  # its origin's children
    in_mapping = True
    key: Any = None  # in a mapping: the key read, whose value comes next (None: a key comes next)
    key_where: Location | None = None
    stack: list[tuple[Any, dict[Any, Any], bool]] = []  # the enclosing containers
    nodes = 1
    typed_first = _TYPED_FIRST
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            if not stack:
                break
            container, children, in_mapping = stack.pop()
            continue
        mark = event.start_mark
        # Location(display, line, col) without its frozen dataclass __init__ (three
        # object.__setattr__ calls, a fifth of this loop): the same fields, so equal and hashing alike.
        where = new_object(Location)
        fields = where.__dict__
        fields["file"], fields["line"], fields["col"] = display, mark.line + 1, mark.column + 1
        if kind is ScalarEvent:
            value: Any = event.value
            if event.anchor is not None or event.tag is not None or not (value or event.style):
                # an empty plain scalar (`key:`): libyaml and ruamel put its mark at different ends
                raise _GiveUp
            if not value.isascii() and _SURROGATE.search(value):  # a surrogate is never ASCII
                raise _GiveUp
            if not event.style and value[0] in typed_first:  # libyaml's plain style is ""
                value = _plain(value)  # a boolean, null, number or a string that looks like one
            if in_mapping and key is None:
                if type(value) is not str or value in container:
                    raise _GiveUp  # ruamel reports it (N5G001 / N5G002)
                key, key_where = value, where
                continue
        elif in_mapping and key is None:
            raise _GiveUp  # complex key
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp
            value = {} if kind is MappingStartEvent else []
        else:
            raise _GiveUp  # an alias, or a stream that ended inside the document
        nodes += 1
        if nodes > max_nodes or len(stack) >= max_depth:
            raise _GiveUp  # ruamel's path reports the limit
        # origin_class(where, key_where) without the call: the same four fields, in field order
        child = new_object(origin_class)
        state = child.__dict__
        state["value"], state["key"], state["children"], state["deleted"] = where, None, {}, {}
        if in_mapping:
            state["key"] = key_where
            children[key] = child
            container[key] = value
            key = None
        else:
            children[len(container)] = child
            container.append(value)
        if kind is not ScalarEvent:
            stack.append((container, children, in_mapping))
            container, children, in_mapping = value, child.children, kind is MappingStartEvent
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise _GiveUp  # a second document
    return root, root_origin


# ---- YAML 1.1 (PyYAML's SafeLoader): the verify round trip, the blueprints' output, the audit ----

_BOOLS_11 = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def _plain_11(value: str, resolvers: dict[Any, Any], first_chars: frozenset[str]) -> Any:
    """A plain scalar as PyYAML's SafeLoader reads it (same resolver table), or _GiveUp.
    `first_chars`: the characters a typed scalar can start with (empty: try every resolver)."""
    if value and first_chars and value[0] not in first_chars:
        return value  # most strings: no resolver is keyed by their first character
    candidates = resolvers.get(value[:1] if value else "", ())
    tag = next((t for t, regexp in (*candidates, *resolvers.get(None, ())) if regexp.match(value)), None)
    if tag is None:
        return value
    kind = tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        return _BOOLS_11[value.lower()]
    if kind == "int" and _DECIMAL.fullmatch(value):
        return int(value)
    if kind == "float" and _FLOAT.fullmatch(value):
        return float(value)
    raise _GiveUp  # octal, hex, sexagesimal, inf/nan, timestamps, merge keys: PyYAML reads them


Marks = dict[tuple[Any, ...], tuple[int, int]]


def fast_load_all_11(text: str) -> list[Any] | None:
    """`yaml.load_all(text, CSafeLoader)` for plain documents (no tags, anchors, duplicate or
    complex keys, and only decimal numbers), built from libyaml's events without PyYAML's Python
    composer and constructor; None when PyYAML must read the text itself."""
    documents = _load_11(text, None)
    return None if documents is None else [data for data, _, _ in documents]


def fast_load_marked_11(text: str, line0: int, col0: int) -> list[tuple[Any, Marks, tuple[int, int]]] | None:
    """Every document of `text` as (data, marks, span), the way n5gc.audit.documents builds them
    from PyYAML's composed nodes: YAML 1.1 values, the 1-based (line, col) of every value's start
    by path (shifted by line0/col0), and the document's character span. None when the text needs
    PyYAML (tags, anchors, duplicate or complex keys, rare scalar kinds, errors)."""
    return _load_11(text, (line0 + 1, col0 + 1))


def _load_11(
    text: str, first_mark: tuple[int, int] | None
) -> list[tuple[Any, Marks, tuple[int, int]]] | None:
    """The documents of `text` (with marks from `first_mark`, the 1-based start, when given);
    within `parse_once`, each distinct text is parsed once and its result shared."""
    if _shared is None:
        return _parse_11(text, first_mark)
    if first_mark is None:  # verify's reading: kept for the audit
        if text not in _shared:
            _shared[text] = _parse_11(text, (1, 1))
        return _shared[text]
    if text not in _shared:  # the audit's reading of a text verify did not read: nothing to keep
        return _parse_11(text, first_mark)
    found = _shared.pop(text)  # handed over once: the audit holds it from now on
    if found is None or first_mark == (1, 1):
        return found
    return _shifted(found, first_mark[0] - 1, first_mark[1] - 1)


# The texts parsed so far inside `parse_once` (text -> its documents with marks from (1, 1)).
_shared: dict[str, list[tuple[Any, Marks, tuple[int, int]]] | None] | None = None


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, a text read by `fast_load_all_11` (verify's round trip) is parsed once,
    with marks, and its documents are handed over to the first `fast_load_marked_11` of the same
    text (the audit), which then owns them: the entry leaves the memo, so the block never holds a
    second copy of what the audit holds. A text verify did not read is parsed as outside the block.

    The parse is a pure function of the text and the text is the whole key, so a shared result is
    the one a new parse would give; marks are kept from (1, 1) and shifted for a reader that wants
    other offsets. Readers must not change what they get (verify and the audit only read), which is
    why the block is kept to them: the blueprints' documents are edited by the targets. Everything
    left is dropped when the block ends.
    """
    global _shared
    outer, _shared = _shared, {} if _shared is None else _shared
    try:
        yield
    finally:
        _shared = outer


def _shifted(
    documents: list[tuple[Any, Marks, tuple[int, int]]], lines: int, columns: int
) -> list[tuple[Any, Marks, tuple[int, int]]]:
    """The same documents with every mark moved by (lines, columns) (spans are character offsets)."""
    return [
        (data, {path: (line + lines, col + columns) for path, (line, col) in marks.items()}, span)
        for data, marks, span in documents
    ]


def _parse_11(
    text: str, first_mark: tuple[int, int] | None
) -> list[tuple[Any, Marks, tuple[int, int]]] | None:
    try:
        from yaml import YAMLError
        from yaml._yaml import CParser
        from yaml.resolver import Resolver
    except ImportError:  # pragma: no cover - a PyYAML built without libyaml
        return None
    resolvers = Resolver.yaml_implicit_resolvers
    # keyed by first character; a wildcard (None) resolver would apply to every scalar
    first_chars = frozenset() if None in resolvers else frozenset(k for k in resolvers if k)
    parser = CParser(text)
    try:
        return _build_11(parser, resolvers, first_chars, first_mark, _plain_memo(resolvers))
    except (_GiveUp, YAMLError, ValueError, OverflowError, RecursionError):
        return None
    finally:
        parser.dispose()


# Plain scalars read so far (value -> what `_plain_11` made of it: a str, int, float, bool or None,
# nothing mutable), for the resolver table they were read with; a changed table starts a new memo.
_PLAIN_MEMO: dict[str, Any] = {}
_PLAIN_MEMO_TABLE: list[Any] = [None]
_PLAIN_MEMO_MAX = 100_000


def _plain_memo(resolvers: dict[Any, Any]) -> dict[str, Any]:
    """The memo of `_plain_11`'s answers, emptied when the resolver table is not the one it was
    filled with (PyYAML's add_implicit_resolver changes the table in place: its rows are compared)."""
    table = {first: tuple(rows) for first, rows in resolvers.items()}
    if _PLAIN_MEMO_TABLE[0] != table or len(_PLAIN_MEMO) > _PLAIN_MEMO_MAX:
        _PLAIN_MEMO.clear()
        _PLAIN_MEMO_TABLE[0] = table
    return _PLAIN_MEMO


def _build_11(
    parser: Any,
    resolvers: dict[Any, Any],
    first_chars: frozenset[str],
    first_mark: tuple[int, int] | None,
    memo: dict[str, Any],
) -> list[tuple[Any, Marks, tuple[int, int]]]:
    (
        StreamStartEvent,
        StreamEndEvent,
        DocumentStartEvent,
        DocumentEndEvent,
        MappingStartEvent,
        MappingEndEvent,
        SequenceStartEvent,
        SequenceEndEvent,
        ScalarEvent,
    ) = _event_kinds()
    get = parser.get_event
    if type(get()) is not StreamStartEvent:
        raise _GiveUp
    documents: list[tuple[Any, Marks, tuple[int, int]]] = []
    _missing = object()
    marked = first_mark is not None
    line1, col1 = first_mark or (1, 1)
    while True:
        event = get()
        if type(event) is StreamEndEvent:
            return documents
        if type(event) is not DocumentStartEvent or event.version or event.tags:
            raise _GiveUp
        marks: Marks = {}
        holder: list[Any] = []
        span = [-1, -1]
        path: tuple[Any, ...] = ()
        # Each frame: [container, its path, pending key (mappings; _missing when a key comes next)].
        frame: list[Any] = [holder, (), None]
        stack: list[list[Any]] = [frame]
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:  # the most frequent event first
                if event.anchor is not None or event.tag is not None:
                    raise _GiveUp
                value: Any = event.value
                if not event.style and (not value or value[0] in first_chars or not first_chars):
                    known = memo.get(value, _missing)
                    if known is _missing:
                        known = memo[value] = _plain_11(value, resolvers, first_chars)
                    value = known
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                frame = stack[-1]
                if frame[0] is holder:
                    span[1] = event.end_mark.index
                    break
                continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _GiveUp
                value = {} if kind is MappingStartEvent else []
            else:
                raise _GiveUp  # an alias
            container = frame[0]
            if type(container) is dict:
                key = frame[2]
                if key is _missing:
                    if kind is not ScalarEvent or value in container:
                        raise _GiveUp  # a complex or duplicate key
                    frame[2] = value
                    continue
                if marked:
                    path = (*frame[1], key)
                container[key] = value
                frame[2] = _missing
            elif container is holder:
                path = ()
                span[0] = event.start_mark.index
                container.append(value)
                if kind is ScalarEvent:
                    span[1] = event.end_mark.index
                    if marked:
                        mark = event.start_mark
                        marks[path] = (line1 + mark.line, col1 + mark.column)
                    break
            else:
                if marked:
                    path = (*frame[1], len(container))
                container.append(value)
            if marked:
                mark = event.start_mark
                marks[path] = (line1 + mark.line, col1 + mark.column)
            if kind is not ScalarEvent:
                frame = [value, path, _missing]
                stack.append(frame)
        if type(get()) is not DocumentEndEvent:
            raise _GiveUp
        documents.append((holder[0], marks, (span[0], span[1])))
