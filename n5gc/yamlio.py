"""Typed, deterministic YAML out (ARCHITECTURE.md, "Typed YAML").

Strings that any YAML reader (PyYAML's 1.1, Go's yaml.v2/v3 used by Helm and kubectl, 1.2
readers) could take for a number, boolean or null are always quoted: "01", "000001", "0x000001",
"08", "000e10", "on", "no", "~", "". Output is block style, keys in insertion order, no line
folding, so the same objects give the same bytes on every machine.
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
    return yaml.dump(document, Dumper=TypedDumper, explicit_start=False, **DUMP_OPTIONS)


def dump_all(documents: list[Any]) -> str:
    """Several documents separated by '---' (used for multi-object manifests)."""
    return yaml.dump_all(documents, Dumper=TypedDumper, explicit_start=True, **DUMP_OPTIONS)


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
