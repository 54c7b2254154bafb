"""Keys only in Secrets: no K/OPc-looking value held by a Secret appears in any other byte of the tree
(other objects, comments, the README, the lock file). Messages never print the key itself.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from n5gc.audit.documents import Doc, TreeFile
from n5gc.diagnostics import Diagnostic, Location, error

KEY_LIKE = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])")


def _secret_strings(doc: Doc) -> Iterator[str]:
    for key in ("stringData", "data"):
        entries = doc.get(key)
        for value in entries.values() if isinstance(entries, dict) else []:
            if not isinstance(value, str):
                continue
            if key == "data":
                try:
                    value = base64.b64decode(value, validate=True).decode("utf-8", "replace")
                except (binascii.Error, ValueError):
                    continue
            yield value


def check_keys(files: list[TreeFile]) -> list[Diagnostic]:
    """N5G813 for every place outside a Secret where a key held by a Secret is written."""
    keys: dict[str, Location] = {}  # lower-case key -> the Secret holding it
    secret_spans: dict[str, list[tuple[int, int]]] = {}
    for tree_file in files:
        for doc in tree_file.objects("Secret"):
            secret_spans.setdefault(tree_file.path, []).append(doc.span)
            for text in _secret_strings(doc):
                for match in KEY_LIKE.finditer(text):
                    keys.setdefault(match.group().lower(), doc.loc("metadata", "name"))
    if not keys:
        return []
    problems = []
    for tree_file in files:
        lowered = tree_file.text.lower()
        spans = secret_spans.get(tree_file.path, [])
        for key, holder in keys.items():
            start = lowered.find(key)
            while start >= 0:
                if not any(a <= start < b for a, b in spans):
                    problems.append(_leak(tree_file, start, holder))
                start = lowered.find(key, start + 1)
    return problems


def _leak(tree_file: TreeFile, offset: int, holder: Location) -> Diagnostic:
    line = tree_file.text.count("\n", 0, offset) + 1
    col = offset - (tree_file.text.rfind("\n", 0, offset) + 1) + 1
    return error(
        "N5G813",
        f"a subscriber key held by the Secret at {holder} is written outside any Secret",
        Location(tree_file.shown, line, col),
        "keys (K, OPc) belong only in Kubernetes Secret objects: remove it from this file "
        "(comments included) and rotate the key if this tree was shared",
    )
