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


class TypedDumper(_Dumper):  # type: ignore[misc, valid-type]
    """A SafeDumper that never lets a string read back as another type."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if value.lower() in _WORDS or _AMBIGUOUS.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


TypedDumper.add_representer(str, _represent_str)


def dump(document: Any) -> str:
    """One YAML document, typed and deterministic."""
    return yaml.dump(
        document,
        Dumper=TypedDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1_000_000,
        explicit_start=False,
    )


def dump_all(documents: list[Any]) -> str:
    """Several documents separated by '---' (used for multi-object manifests)."""
    return yaml.dump_all(
        documents,
        Dumper=TypedDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1_000_000,
        explicit_start=True,
    )


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
