"""Keys only in Secrets: no K/OPc-looking value held by a Secret appears in any other byte of the tree
(other objects, comments, the README, the lock file). Messages never print the key itself.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, read_tree
from n5gc.audit.views import Reader, SummaryTree
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


# --- summaries -----------------------------------------------------------------------------------
# A summary never holds a key or a digest of one, so it cannot say which key a file holds or
# writes. It says whether the file's Secrets hold key-like values ("kh") and whether the file
# has a run of 32+ hex digits outside its Secrets that could hold one ("hx"). A run equal to a hash
# computed from the same file (a rollout hash or keys digest the file proves) is a SHA-256, and
# holds a given key by chance only (about 2^-128 a position): it is not counted. Only when some
# file holds keys and some file has such a run are the two compared, from their bytes.

# Every hex digit (either case) made "x", every other byte a space: a run of 32 or more hex digits
# is then where bytes.find(b"x" * 32) lands (a C search, far faster than a regex at every position).
# UTF-8 bytes of other characters are never hex digits, and no other character lower-cases to one.
_HEX_MARKS = bytes(120 if c in b"0123456789abcdefABCDEF" else 32 for c in range(256))
_WINDOW = b"x" * 32


def hex_runs(text: str, data: bytes | None = None) -> list[tuple[int, str]]:
    """(character offset, lower-cased run) of every run of 32 or more hex digits of a text (the
    runs of [0-9a-f]{32,} of text.lower(), found in its UTF-8 bytes without lower-casing it all).
    `data`: the bytes the text was strictly decoded from, when the caller has them (its UTF-8
    encoding exactly: a file of a tree is 1 MB, encoding it again costs more than the search)."""
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    marks = data.translate(_HEX_MARKS)
    multibyte = len(data) != len(text)
    found, position = [], 0
    counted = chars = 0  # the character offset `chars` of byte `counted` (text that is not ASCII)
    while (inside := marks.find(_WINDOW, position)) >= 0:
        start = marks.rfind(b" ", 0, inside) + 1
        end = marks.find(b" ", inside)
        end = len(marks) if end < 0 else end
        if multibyte:  # a run starts at a character's first byte: the bytes before it decode
            chars += len(data[counted:start].decode("utf-8", "surrogatepass"))
            counted = start
        found.append((chars if multibyte else start, data[start:end].decode("ascii").lower()))
        position = end
    return found


def keys_summary(tree_file: TreeFile, hashes: set[str]) -> dict[str, Any]:
    """What the keys check needs of one file (see above); `hashes`: the hashes the file proves."""
    part: dict[str, Any] = {}
    secrets = list(tree_file.objects("Secret"))
    spans = [doc.span for doc in secrets]
    if any(KEY_LIKE.search(text) for doc in secrets for text in _secret_strings(doc)):
        part["kh"] = 1
    for start, run in hex_runs(tree_file.text, tree_file.data):
        if run in hashes:
            continue
        starts = range(start, start + len(run) - 31)
        if any(not any(a <= at < b for a, b in spans) for at in starts):
            part["hx"] = 1
            break
    return part


def check_key_summaries(tree: SummaryTree, read: Reader | None) -> list[Diagnostic]:
    """N5G813 over summaries: nothing to compare unless some file holds keys and some file has a
    hex run that could be one; then those files are compared from their bytes (`read`)."""
    holders = [path for path, _, _ in tree.items("kh")]
    suspects = [path for path, _, _ in tree.items("hx")]
    if not holders or not suspects or read is None:
        return []
    wanted = sorted(set(holders) | set(suspects))
    files, _ = read_tree({path: read(path) for path in wanted}, tree.root)
    return check_keys(files)
