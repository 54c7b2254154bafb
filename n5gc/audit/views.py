"""What the cross-file checks read from the summaries of a tree's files (n5gc/audit/summary.py).

A summary is JSON: a value the checks only print, compare or test for truth is kept as it is when
JSON holds it exactly (strings, integers, finite floats, booleans, null) and as an `Opaque` text
otherwise (a list or a map written where a scalar belongs, a date): `str()` and truth of both are
those of the value the file holds. Positions are [line, col] in the summarised file.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, NamedTuple

from n5gc.audit.documents import Doc
from n5gc.diagnostics import Location


class Opaque:
    """A value that JSON cannot hold as it is: its text and its truth."""

    __slots__ = ("text", "truth")

    def __init__(self, text: str, truth: bool) -> None:
        self.text, self.truth = text, truth

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return self.truth

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Opaque) and (other.text, other.truth) == (self.text, self.truth)

    def __hash__(self) -> int:
        return hash(self.text)


def enc(value: Any) -> Any:
    """A value of a file as a summary holds it (see the module's docstring)."""
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return {"~": str(value), "b": bool(value)}


def dec(value: Any) -> Any:
    """A value as `enc` stored it (an Opaque for what JSON could not hold)."""
    return Opaque(value["~"], value["b"]) if isinstance(value, dict) else value


def position(where: Location) -> str:
    """A position as a summary holds it where it is rarely read: "<line> <col>" (one text reads
    faster than a list of two numbers)."""
    return f"{where.line} {where.col}"


def start(values: Mapping[str, Any]) -> tuple[int, int]:
    """(line, col) of the document of a site release's values (its summary's "vx")."""
    line, col = values["vx"].split(" ")
    return int(line), int(col)


def field(doc: Doc, *path: str | int) -> list[Any]:
    """[value, line, col] of a path of a document (the nearest written ancestor's position)."""
    where = doc.loc(*path)
    return [enc(doc.get(*path)), where.line, where.col]


class Meta:
    """release.yaml's document, as the checks read it: values of its keys and their positions
    (`marks`: the text meta_record wrote, read when a position is asked for)."""

    __slots__ = ("marks", "shown", "values")

    def __init__(self, values: list[Any], marks: str, shown: str) -> None:
        self.values, self.marks, self.shown = values, marks, shown

    def get(self, key: str, default: Any = None) -> Any:
        index = META_INDEX.get(key)
        value = self.values[index] if index is not None else ABSENT
        if type(value) is list:  # ABSENT: the document has no such key
            return default
        return value if type(value) is not dict else dec(value)

    def loc(self, key: str) -> Location:
        at = 2 * META_INDEX[key]
        marks = self.marks.split(" ")
        return Location(self.shown, int(marks[at]), int(marks[at + 1]))


META_KEYS = ("chart", "releaseName", "namespace", "version", "path", "values")
META_INDEX = {key: index for index, key in enumerate(META_KEYS)}
ABSENT: list[Any] = []  # a key release.yaml does not have (`enc` never makes a list)


def meta_record(doc: Doc) -> dict[str, Any]:
    """The part of release.yaml's document the checks read, in the order of META_KEYS: the values
    as a list ([] for a missing key), and the line and col of each key (the nearest written
    ancestor's for a missing key) as one text of numbers, "6 8 4 14 ..." (a summary is read far
    more often than a release.yaml position is asked for: one text reads faster than 12 numbers)."""
    data = doc.data
    marks = []
    for key in META_KEYS:
        where = doc.loc(key)
        marks += [where.line, where.col]
    return {
        "d": [enc(data[key]) if key in data else ABSENT for key in META_KEYS],
        "m": " ".join(map(str, marks)),
    }


class SiteRelease(NamedTuple):
    """sites/<site>/helm/<release>/: release.yaml's path and meta, its values file's path and body."""

    path: str
    meta: Meta | None
    values_path: str | None
    values: Mapping[str, Any] | None  # the values file's summary body when its document is a mapping


site_release = partial(tuple.__new__, SiteRelease)  # site_release((path, meta, values_path, values))
# What documents.is_site_release(path) says of a path: sites/<site>/helm/<release>/release.yaml.
SITE_RELEASE = re.compile(r"sites/[^/]*/helm/[^/]*/release\.yaml")


class SummaryTree:
    """The summaries of a tree's files, in path order, with the paths as diagnostics show them."""

    def __init__(self, bodies: Mapping[str, Mapping[str, Any]], root: str) -> None:
        self.paths = sorted(bodies)
        self.bodies = bodies
        self.root = root
        prefix = root.rstrip("/") + "/" if root else ""
        self.shown: dict[str, str] = {path: prefix + path for path in self.paths}
        self.texts: list[str] = []  # read_tree's files
        self._releases: list[SiteRelease] | None = None
        # (path, shown path, part) of the summaries holding each part, in path order
        self._parts: defaultdict[str, list[tuple[str, str, Any]]] = defaultdict(list)
        parts, texts = self._parts, self.texts
        for path, shown in self.shown.items():  # one pass: texts, the parts of each summary
            body = bodies[path]
            if not body.get("bin"):
                texts.append(path)
            for key, part in body.items():
                parts[key].append((path, shown, part))
        self._release_paths = [path for path in texts if path.endswith("/release.yaml")]

    def items(self, key: str) -> list[tuple[str, str, Any]]:
        """(path, shown path, part) of every summary holding `key`, in path order."""
        return self._parts.get(key) or []

    def loc(self, path: str, line: int, col: int) -> Location:
        return Location(self.shown[path], line, col)

    def site_releases(self) -> list[SiteRelease]:
        """Every site release of the tree (documents.site_releases over summaries)."""
        if self._releases is None:
            found = []
            for path in self._release_paths:
                if not SITE_RELEASE.fullmatch(path):  # (is_site_release, for thousands of paths)
                    continue
                body = self.bodies[path]
                meta = (
                    Meta(body["meta"]["d"], body["meta"]["m"], self.shown[path]) if "meta" in body else None
                )
                values_path = path[: -len("release.yaml")] + "values.yaml"
                values_body = self.bodies.get(values_path)
                if values_body is None or values_body.get("bin"):
                    found.append(site_release((path, meta, None, None)))
                else:
                    values = values_body if values_body.get("vx") else None
                    found.append(site_release((path, meta, values_path, values)))
            self._releases = found
        return self._releases


Reader = Callable[[str], bytes]
