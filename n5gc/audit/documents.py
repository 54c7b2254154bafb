"""Reading a written tree: YAML documents with the line and column of every value, and the NF
configs embedded in them (UERANSIM/srsRAN YAML, OAI libconfig, subscriber JSON) with positions
mapped back to the file that holds them.

Only PyYAML's safe loader is used: the audit reads what a person may have edited by hand, so it
never constructs anything but plain data.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import field
from typing import Any

import yaml

from n5gc.diagnostics import Location
from n5gc.records import record

Path_ = tuple[str | int, ...]

STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAG = "n5gc:plain"  # an untagged plain scalar, resolved by _scalar
# YAML 1.1 plain scalars that can be something else than a string start with one of these.
_MAYBE_TYPED = frozenset("-+0123456789.~nNtTfFyYoO<=")
_RESOLVER = yaml.resolver.Resolver()

try:
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CParser = None

if CParser is not None:

    class _Loader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.BaseResolver):  # type: ignore[misc]
        """libyaml's parser with the safe constructor; plain scalars are resolved in `_scalar`, only
        when they can be something else than a string (the full resolver on every scalar of a large
        tree costs more than the parse)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            """Plain scalars are marked to be resolved later; other untagged nodes get their kind's
            default tag (libyaml asks once per node without an explicit tag)."""
            if kind is yaml.ScalarNode and implicit[0]:
                return PLAIN_TAG
            return _DEFAULT_TAGS[kind]

    _DEFAULT_TAGS = {
        yaml.ScalarNode: STR_TAG,
        yaml.SequenceNode: "tag:yaml.org,2002:seq",
        yaml.MappingNode: "tag:yaml.org,2002:map",
    }

else:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class TreeFileError(ValueError):
    """A file of the tree cannot be read as what its name says (YAML, JSON, UTF-8)."""

    def __init__(self, location: Location, reason: str):
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class Lines:
    """A file's lines, split only when asked for (most files never hold an embedded config)."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: list[str] = []

    def _split(self) -> list[str]:
        if self._text is not None:
            self._lines, self._text = self._text.splitlines(), None
        return self._lines

    def __getitem__(self, index: int) -> str:
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())


@record(frozen=False)
class Doc:
    """One YAML document of a file: its data, and where each value sits in the file."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]
    lines: Lines  # the whole file's lines (to find the indentation of block scalars)
    span: tuple[int, int] = (0, 0)  # character offsets of the document in the file's text
    line_offset: int = 0
    col_offset: int = 0

    def loc(self, *path: str | int) -> Location:
        """Where `path` is written (or its nearest written ancestor)."""
        line, col = self.mark(*path)
        return Location(self.file, line, col)

    def mark(self, *path: str | int) -> tuple[int, int]:
        """(line, col) of `loc(*path)` (without a Location: the readers of a large file ask often)."""
        mark = self.marks.get(path)  # (most: the path is written)
        if mark is not None:
            return mark
        for end in range(len(path) - 1, -1, -1):
            mark = self.marks.get(path[:end])
            if mark is not None:
                return mark
        return (self.line_offset + 1, self.col_offset + 1)

    def get(self, *path: str | int, default: Any = None) -> Any:
        """The value at `path`, or `default` when any step is missing or of the wrong type."""
        node = self.data
        for step in path:
            if not _has(node, step):
                return default
            node = node[step]
        return node

    def items(self, *path: str | int) -> list[Any]:
        """The list at `path`; empty when it is missing or not a list (a tree edited by hand)."""
        return as_list(self.get(*path))

    def embedded(self, *path: str | int) -> Embedded | None:
        """The text of a string value that holds a file (a ConfigMap's `data` entry, a values key)."""
        text = self.get(*path)
        if not isinstance(text, str):
            return None
        line, col = self.marks.get(tuple(path), (1, 1))
        indicator = self.lines[line - 1][col - 1 : col] if 0 < line <= len(self.lines) else ""
        if indicator not in ("|", ">"):  # a quoted or plain scalar: positions are the value's own
            return Embedded(self.file, text, self.lines, line - 1, col - 1)
        first = line  # 0-based index of the first content line (the line after the indicator)
        while first < len(self.lines) and not self.lines[first].strip():
            first += 1
        indent = len(self.lines[first]) - len(self.lines[first].lstrip(" ")) if first < len(self.lines) else 0
        return Embedded(self.file, text, self.lines, line, indent)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def hashable(value: Any) -> Any:
    """A value usable as a set member: scalars as they are, anything else as its text."""
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def _has(node: Any, step: str | int) -> bool:
    if isinstance(node, list):
        return isinstance(step, int) and -len(node) <= step < len(node)
    return isinstance(node, dict) and isinstance(step, str) and step in node


@record(frozen=False)
class Embedded:
    """A file held in a string value; line/col offsets map its positions to the outer file."""

    file: str
    text: str
    outer_lines: Lines
    line_offset: int
    col_offset: int
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def location(self, line: int, col: int = 1) -> Location:
        """The outer file's position of 1-based (line, col) of the embedded text."""
        return Location(self.file, self.line_offset + line, self.col_offset + col)

    def yaml_docs(self) -> list[Doc]:
        return load_yaml(self.file, self.text, self.outer_lines, self.line_offset, self.col_offset)

    def offset_mark(self, offset: int) -> tuple[int, int]:
        """(line, col) in the outer file of a character offset of the text (its first line for -1)."""
        if offset < 0:
            return (self.line_offset + 1, self.col_offset + 1)
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._line_starts, offset)
        return (self.line_offset + line, self.col_offset + offset - self._line_starts[line - 1] + 1)

    def matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], Location]]:
        """Every match of a one-line pattern, with its position in the outer file."""
        for number, line in enumerate(self.text.splitlines(), 1):
            for match in pattern.finditer(line):
                yield match, self.location(number, match.start(1) + 1)


def load_yaml(
    file: str, text: str, outer_lines: Lines | None = None, line_offset: int = 0, col_offset: int = 0
) -> list[Doc]:
    """Every document of a YAML text with positions (offsets: where the text sits in its file).

    Plain YAML (what n5gc writes) is built straight from libyaml's events (n5gc.fastload, the same
    values, marks and spans as below); anything else goes through PyYAML's composer below.
    """
    from n5gc.fastload import fast_load_marked_11

    lines = outer_lines if outer_lines is not None else Lines(text)
    fast = fast_load_marked_11(text, line_offset, col_offset)
    if fast is not None:
        return [Doc(file, data, marks, lines, span, line_offset, col_offset) for data, marks, span in fast]
    return _load_yaml_slow(file, text, lines, line_offset, col_offset)


def _load_yaml_slow(file: str, text: str, lines: Lines, line_offset: int, col_offset: int) -> list[Doc]:
    """load_yaml through PyYAML's composer and safe constructor: every YAML feature, every error."""
    loader = _Loader(text)
    docs = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            marks: dict[Path_, tuple[int, int]] = {}
            data = _build(loader, node, (), marks, line_offset, col_offset)
            span = (node.start_mark.index, node.end_mark.index)
            docs.append(Doc(file, data, marks, lines, span, line_offset, col_offset))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = (
            Location(file, line_offset + mark.line + 1, col_offset + mark.column + 1)
            if mark
            else Location(file, line_offset + 1)
        )
        reason = str(getattr(exc, "problem", None) or exc).strip()
        raise TreeFileError(where, f"not valid YAML: {reason}") from None
    finally:
        loader.dispose()
    return docs


def _scalar(loader: Any, node: Any) -> Any:
    """A scalar's value with YAML 1.1 implicit types (a plain 01 is the integer 1, "01" a string)."""
    if node.tag == STR_TAG:
        return node.value
    if node.tag == PLAIN_TAG:
        value = node.value
        if value and value[0] not in _MAYBE_TYPED:
            return value
        node.tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if node.tag == STR_TAG:
            return value
    return loader.construct_object(node, deep=True)


def _build(
    loader: Any, node: Any, path: Path_, marks: dict[Path_, tuple[int, int]], line0: int, col0: int
) -> Any:
    """The node's value (YAML 1.1 safe types) while recording where each value is written.

    One walk does both: construct_document followed by a second walk for positions costs twice
    as much on a large tree. Scalars other than strings go through PyYAML's safe constructor.
    """
    marks[path] = (line0 + node.start_mark.line + 1, col0 + node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), marks, line0, col0) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key that is not a scalar", key_node.start_mark
                )
            key = _scalar(loader, key_node)
            mapping[key] = _build(loader, value_node, (*path, key), marks, line0, col0)
        return mapping
    return loader.construct_object(node, deep=True)  # pragma: no cover - no other node kinds


@record(frozen=False)
class TreeFile:
    """One file of the tree: its path (as diagnostics print it), text and YAML documents."""

    path: str  # relative to the tree's root
    shown: str  # as diagnostics name it (the root's display path + path)
    text: str
    docs: list[Doc] = field(default_factory=list)
    _objects: dict[Any, list[Doc]] | None = field(default=None, repr=False, compare=False)
    # The bytes `text` was strictly decoded from (its UTF-8 encoding exactly), or None.
    data: bytes | None = field(default=None, repr=False, compare=False)

    def objects(self, kind: str) -> list[Doc]:
        """The Kubernetes objects of a kind in this file."""
        if self._objects is None:
            self._objects = {}
            for doc in self.docs:
                data = doc.data
                if isinstance(data, dict) and "apiVersion" in data and not isinstance(data.get("sops"), dict):
                    # (a SOPS-encrypted object's values cannot be read without a key: n5gc/sops)
                    self._objects.setdefault(hashable(data.get("kind")), []).append(doc)
        return self._objects.get(kind, [])


def read_tree(files: dict[str, bytes], root: str) -> tuple[list[TreeFile], list[TreeFileError]]:
    """Parse every file of a tree; the errors are files that cannot be read (reported, not raised)."""
    parsed, errors = [], []
    for path in sorted(files):
        shown = f"{root.rstrip('/')}/{path}" if root else path
        try:
            text = files[path].decode("utf-8")
        except UnicodeDecodeError:
            errors.append(TreeFileError(Location(shown), "not UTF-8 text"))
            continue
        tree_file = TreeFile(path, shown, text, data=files[path])
        if path.endswith((".yaml", ".yml")):
            try:
                tree_file.docs = load_yaml(shown, text)
            except TreeFileError as exc:
                errors.append(exc)
        parsed.append(tree_file)
    return parsed, errors


def is_site_release(path: str, name: str = "release.yaml") -> bool:
    """Whether a tree path is sites/<site>/helm/<release>/<name>."""
    if not path.endswith(name):  # (most paths: asked several times for every file)
        return False
    parts = path.split("/")
    return len(parts) == 5 and parts[0] == "sites" and parts[2] == "helm" and parts[4] == name
