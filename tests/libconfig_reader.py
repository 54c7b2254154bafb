"""A tiny libconfig reader for tests: an oracle independent of n5gc.formats.libconfig (the writer).

https://hyperrealm.github.io/libconfig/libconfig_manual.html#Configuration-Files: settings
`name = value` or `name : value` ended by `;`, `,` or nothing; groups {}, lists (), arrays [];
strings (adjacent ones concatenated), decimal/hex integers with an optional L, floats, booleans;
#, // and /* */ comments. Lists and arrays both read as Python lists, 64-bit and hex integers as ints.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<skip>\s+|\#[^\n]*|//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<float>[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+)
  | (?P<hex>0[xX][0-9A-Fa-f]+L{0,2})
  | (?P<int>[-+]?\d+L{0,2})
  | (?P<bool>(?i:true|false)\b)
  | (?P<name>[A-Za-z*][-A-Za-z0-9_*]*)
  | (?P<punct>[=:;,(){}\[\]])
""",
    re.VERBOSE | re.DOTALL,
)
_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t", "f": "\f"}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None, f"libconfig syntax error at {text[position : position + 30]!r}"
        position = match.end()
        if match.lastgroup != "skip":
            tokens.append((match.lastgroup or "", match.group()))
    return tokens


def _unquote(literal: str) -> str:
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            if body[i + 1] == "x":
                out.append(chr(int(body[i + 2 : i + 4], 16)))
                i += 4
                continue
            out.append(_UNESCAPE[body[i + 1]])
            i += 2
            continue
        out.append(body[i])
        i += 1
    return "".join(out)


class _Reader:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, *texts: str) -> str:
        _kind, text = self.peek()
        assert not texts or text in texts, f"expected {texts}, got {text!r}"
        self.at += 1
        return text

    def settings(self, closing: str | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while self.peek()[1] != (closing or "") and self.peek()[0] != "end":
            kind, name = self.peek()
            assert kind == "name", f"expected a setting name, got {name!r}"
            self.take()
            self.take("=", ":")
            assert name not in result, f"setting {name} twice"
            result[name] = self.value()
            if self.peek()[1] in (";", ","):
                self.take()
        if closing:
            self.take(closing)
        return result

    def sequence(self, closing: str) -> list[Any]:
        items: list[Any] = []
        while self.peek()[1] != closing:
            items.append(self.value())
            if self.peek()[1] == ",":
                self.take()
        self.take(closing)
        return items

    def value(self) -> Any:
        kind, text = self.peek()
        if text in ("{", "(", "["):
            self.take()
            return self.settings("}") if text == "{" else self.sequence(")" if text == "(" else "]")
        self.take()
        if kind == "string":
            parts = [_unquote(text)]
            while self.peek()[0] == "string":
                parts.append(_unquote(self.take()))
            return "".join(parts)
        if kind in ("int", "hex"):
            return int(text.rstrip("L"), 0 if kind == "hex" else 10)
        if kind == "float":
            return float(text)
        if kind == "bool":
            return text.lower() == "true"
        raise AssertionError(f"unexpected {text!r}")


def read_libconfig(text: str) -> dict[str, Any]:
    """The settings of a libconfig file as plain Python data."""
    return _Reader(text).settings(None)
