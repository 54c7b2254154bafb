"""Typed, deterministic YAML out (ARCHITECTURE.md, "Typed YAML").

Strings that any YAML reader (PyYAML's 1.1, Go's yaml.v2/v3 used by Helm and kubectl, 1.2
readers) could take for a number, boolean or null are always quoted: "01", "000001", "0x000001",
"08", "000e10", "on", "no", "~", "". Output is block style, keys in insertion order, no line
folding, so the same objects give the same bytes on every machine.

Plain documents (the whole compiled tree, in practice) are written by `_write_documents` without
PyYAML's node and emitter round trip; it writes libyaml's exact bytes for the string classes it
knows and hands anything else to PyYAML (tests/test_yamlio.py holds the two byte for byte).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Broad on purpose: quoting a string never hurts, leaving a number-looking string bare does.
_AMBIGUOUS = re.compile(r"^[-+.]?[0-9]|^\.(inf|nan)$|^[-+]?\.?(inf|nan)$", re.IGNORECASE)
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "", "<<", "="}


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# Plain scalars starting with another character than these match no implicit resolver of PyYAML.
_TYPED_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)


class _Shared(Exception):
    """A list or mapping appears twice in one document: PyYAML's representer writes an anchor."""


class TypedDumper(_Dumper):  # type: ignore[misc, valid-type]
    """A SafeDumper that never lets a string read back as another type.

    Plain data (dict, list, str, int, float, bool, None, no object twice) is turned into YAML
    nodes by `_node`, without PyYAML's generic representer (its alias bookkeeping and type lookups
    were most of the time of writing a large tree); the nodes are the ones that representer
    builds, so the bytes are the same (tests/test_yamlio.py holds the two against each other).
    """

    def represent(self, data: Any) -> None:
        if self.sort_keys or self.default_flow_style is not False or self.default_style is not None:
            super().represent(data)  # _node builds what dump() and dump_all() ask for only
            return
        try:
            node = _node(self, data, set())
        except _Shared:
            super().represent(data)
            return
        self.serialize(node)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's resolver, answering at once for scalars no implicit resolver applies to: the
        non-plain reading the emitter asks about (implicit[0] false) and plain strings whose first
        character no implicit resolver is keyed by."""
        if (
            kind is yaml.ScalarNode
            and not (implicit[0] and (not value or value[0] in _TYPED_FIRST))
            and None not in self.yaml_implicit_resolvers
            and not self.yaml_path_resolvers
        ):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _node(dumper: Any, data: Any, containers: set[int]) -> Any:
    """The node SafeRepresenter (with TypedDumper's strings, block style) builds for `data`."""
    kind = type(data)
    if kind is str:
        return _represent_str(dumper, data)
    if kind is dict or kind is list:
        if id(data) in containers:
            raise _Shared
        containers.add(id(data))
        if kind is dict:
            pairs = [(_node(dumper, k, containers), _node(dumper, v, containers)) for k, v in data.items()]
            return yaml.MappingNode(_MAP, pairs, flow_style=False)
        return yaml.SequenceNode(_SEQ, [_node(dumper, v, containers) for v in data], flow_style=False)
    if kind is bool:
        return yaml.ScalarNode(_BOOL, "true" if data else "false")
    if kind is int:
        return yaml.ScalarNode(_INT, str(data))
    if data is None:
        return yaml.ScalarNode(_NULL, "null")
    if kind is float:
        return dumper.represent_float(data)
    raise _Shared  # any other type: PyYAML's representer decides


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return yaml.ScalarNode(_STR, value, style="|")
    if value.lower() in _WORDS or _AMBIGUOUS.match(value):
        return yaml.ScalarNode(_STR, value, style='"')
    return yaml.ScalarNode(_STR, value)


TypedDumper.add_representer(str, _represent_str)


# How every file is written: insertion order, block style, UTF-8 as is, no line folding.
DUMP_OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "default_flow_style": False,
    "allow_unicode": True,
    "width": 1_000_000,
}


def dump(document: Any) -> str:
    """One YAML document, typed and deterministic."""
    fast = _write_documents([document], explicit_start=False)
    if fast is not None:
        return fast
    return yaml.dump(document, Dumper=TypedDumper, explicit_start=False, **DUMP_OPTIONS)


def dump_all(documents: list[Any]) -> str:
    """Several documents separated by '---' (used for multi-object manifests)."""
    fast = _write_documents(documents, explicit_start=True)
    if fast is not None:
        return fast
    return yaml.dump_all(documents, Dumper=TypedDumper, explicit_start=True, **DUMP_OPTIONS)


# ---- The direct writer: the bytes libyaml's emitter writes for plain data, without its round trip ----
#
# PyYAML's dump builds a node per value and hands each to libyaml, which asks Python back twice per
# scalar which tag it resolves to: most of the time of writing a large tree. For documents of plain
# data whose every string is in the simple classes below, `_write_documents` writes the same text
# itself; anything else (a string libyaml would analyse differently, a float, a shared object, a
# long or non-string key, a root that is not a non-empty mapping or list) returns None and PyYAML
# writes the whole text. tests/test_yamlio.py holds the two against each other byte for byte.

# Characters libyaml writes as they are in every style (printable, not a break, not a BOM; its 0.2.5
# escapes everything beyond U+FFFF), minus
# the tab and every other space than " " (conservative: \s is wider than libyaml's space).
_PLAIN_CHAR = r"[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\U00010000-\U0010ffff"
# A plain scalar libyaml leaves plain in block context: no indicator first (a "-" only before a
# non-space), no "---"/"..." start, no ": ", ":" at the end, " #", leading, trailing or double space.
_PLAIN_SAFE = re.compile(
    r"(?!---|\.\.\.)(?:"
    + _PLAIN_CHAR
    + r"""\-?:,\[\]{}#&*!|>'"%@`]"""
    + r"|-(?=\S))"
    + r"(?:"
    + _PLAIN_CHAR
    + r":#]|:(?=\S)|(?<! )#| (?=[^\s#]))*"
)
_QUOTED_SAFE = re.compile(_PLAIN_CHAR + r'"\\]*')  # inside "...": nothing to escape
_LITERAL_LINE = re.compile(r"(?: *" + _PLAIN_CHAR + r"])*")  # no trailing space, no tab
_SIMPLE_KEY_MAX = 100  # libyaml writes longer keys (over 128 bytes) as "? key"
_LONG = 100_000  # far below the width: libyaml never folds a line of one-line strings this long


class _NotPlain(Exception):
    """Something `_write_documents` does not write itself: PyYAML writes the whole text."""


def _write_documents(documents: list[Any], explicit_start: bool) -> str | None:
    """The text `yaml.dump_all(documents, TypedDumper, ...)` writes, or None when PyYAML must."""
    out: list[str] = []
    try:
        for document in documents:
            if explicit_start:
                out.append("---\n")
            if type(document) is dict and document:
                _mapping(out, document, 0, False, set())
            elif type(document) is list and document:
                _sequence(out, document, 0, False, set())
            else:
                return None
    except _NotPlain:
        return None
    return "".join(out)


def _mapping(out: list[str], data: dict[Any, Any], indent: int, inline: bool, seen: set[int]) -> None:
    """A block mapping, keys at `indent` (the first one on the current line when `inline`); each
    entry's "key:" and a one-line string value (most values) written in one piece, without a call."""
    _once(data, seen)
    pad = " " * indent
    for key, value in data.items():
        head = _KEY_MEMO.get(key) if type(key) is str else None
        if head is None:
            head = _key(key)
        if not inline:
            head = pad + head
        inline = False
        kind = type(value)
        if kind is str:
            text = _LINE_MEMO.get(value)
            out.append(f"{head} {text if text is not None else _string(value, indent + 2)}")
        elif kind is dict and value:
            out.append(head + "\n")
            _mapping(out, value, indent + 2, False, seen)
        elif kind is list and value:
            out.append(head + "\n")
            _sequence(out, value, indent, False, seen)  # libyaml does not indent a mapping's list
        else:
            out.append(f"{head} {_scalar(value, indent + 2, seen)}")


def _key(key: Any) -> str:
    """A mapping key as written, with its ":" (kept in _KEY_MEMO: a pure function of the key)."""
    if type(key) is not str or len(key) > _SIMPLE_KEY_MAX or "\n" in key:
        raise _NotPlain  # libyaml writes these as "? key" or quotes them
    head = _string(key, 0)[:-1] + ":"
    if len(_KEY_MEMO) < _LINE_MEMO_MAX:
        _KEY_MEMO[key] = head
    return head


def _sequence(out: list[str], data: list[Any], indent: int, inline: bool, seen: set[int]) -> None:
    """A block sequence, dashes at `indent` (the first one on the current line when `inline`)."""
    _once(data, seen)
    dash = " " * indent + "- "
    for item in data:
        head = "- " if inline else dash
        inline = False
        kind = type(item)
        if kind is str:
            text = _LINE_MEMO.get(item)
            out.append(head + (text if text is not None else _string(item, indent + 2)))
        elif kind is dict and item:
            out.append(head)
            _mapping(out, item, indent + 2, True, seen)
        elif kind is list and item:
            out.append(head)
            _sequence(out, item, indent + 2, True, seen)
        else:
            out.append(head + _scalar(item, indent + 2, seen))


def _once(container: Any, seen: set[int]) -> None:
    """A list or mapping met twice in a document gets an anchor from PyYAML: not written here."""
    if id(container) in seen:
        raise _NotPlain
    seen.add(id(container))


def _scalar(value: Any, indent: int, seen: set[int] | None = None) -> str:
    """A scalar (or empty collection) and its line end, as libyaml writes it at `indent`."""
    kind = type(value)
    if kind is str:
        return _string(value, indent)
    if kind is bool:
        return "true\n" if value else "false\n"
    if kind is int:
        return f"{value}\n"
    if value is None:
        return "null\n"
    if (kind is dict or kind is list) and seen is not None:
        _once(value, seen)
        return "{}\n" if kind is dict else "[]\n"
    raise _NotPlain  # floats, other types: PyYAML's representers


def _string(value: str, indent: int) -> str:
    """A string in the style `_represent_str` asks for, when libyaml keeps that style."""
    text = _LINE_MEMO.get(value)
    if text is not None:
        return text
    if "\n" in value:  # libyaml folds no line of a block, however long (a 400 kB subscribers.json)
        return _literal(value, indent)  # depends on the indentation: never in the memo
    if len(value) > _LONG:
        raise _NotPlain
    text = _one_line(value)
    if len(_LINE_MEMO) < _LINE_MEMO_MAX:
        _LINE_MEMO[value] = text
    return text


# One-line strings as written (value -> its text and line end): a pure function of the value, so
# the memo can only answer what `_one_line` would; the keys of a tree repeat thousands of times.
_LINE_MEMO: dict[str, str] = {}
_LINE_MEMO_MAX = 100_000
# Mapping keys as written ("key:", the text `_one_line` gives without its line end): the same reasoning.
_KEY_MEMO: dict[str, str] = {}


def _one_line(value: str) -> str:
    """A string without a line break: plain, or double-quoted when a reader could take it for another type."""
    if value.lower() in _WORDS or _AMBIGUOUS.match(value):
        if _QUOTED_SAFE.fullmatch(value):
            return f'"{value}"\n'
        raise _NotPlain
    if not _PLAIN_SAFE.fullmatch(value) or _resolves_to_other_type(value):
        raise _NotPlain
    return value + "\n"


# PyYAML's implicit resolvers as this module found them at import (like _TYPED_FIRST).
_RESOLVERS = {first: tuple(rows) for first, rows in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}


def _resolves_to_other_type(value: str) -> bool:
    """Whether PyYAML's resolver reads the plain scalar as another type than a string (libyaml
    would then quote it; `_represent_str` quotes every such string already)."""
    if value[0] not in _TYPED_FIRST and None not in _RESOLVERS:
        return False
    return any(
        regexp.match(value) for _, regexp in (*_RESOLVERS.get(value[0], ()), *_RESOLVERS.get(None, ()))
    )


def _literal_line(line: str) -> bool:
    """Whether libyaml writes `line` of a "|" block as it is: _LITERAL_LINE, answered without the regex
    for ASCII (most lines): printable ASCII, " " included, is what it allows, and no trailing space."""
    if line.isascii():
        return line.isprintable() and not line.endswith(" ")
    return _LITERAL_LINE.fullmatch(line) is not None


def _literal(value: str, indent: int) -> str:
    """A "|" block: clip ("|") when the text ends with one line break, strip ("|-") without one."""
    if value.endswith("\n\n") or value[0] in " \n":
        raise _NotPlain  # keep ("|+") and indentation hints: PyYAML's
    lines = value[:-1].split("\n") if value.endswith("\n") else value.split("\n")
    if not all(_literal_line(line) for line in lines):
        raise _NotPlain
    pad = " " * indent
    body = "".join(pad + line + "\n" if line else "\n" for line in lines)
    return ("|\n" if value.endswith("\n") else "|-\n") + body


def load_all(text: str) -> list[Any]:
    """Read YAML back with a YAML 1.1 reader (the strictest about implicit types).

    Plain documents are built straight from libyaml's events (n5gc.fastload, same values as
    PyYAML's SafeLoader); anything else is read by PyYAML itself.
    """
    from n5gc.fastload import fast_load_all_11

    fast = fast_load_all_11(text)
    if fast is not None:
        return fast
    return list(yaml.load_all(text, Loader=_Loader))
