"""libconfig: a small, typed writer (https://hyperrealm.github.io/libconfig/libconfig_manual.html).

What OAI's nr-softmodem reads. Data in, text out, one setting per line as `name = value;`:

- dict -> group `{ ... }`; list -> list `( ... )`; tuple -> array `[ ... ]` (scalars of one type);
- str -> always a quoted string; int -> bare (64-bit with `L` beyond 32 bits); float -> always with
  a `.` or an exponent; bool -> true/false; `Hex` and `Int64` for integers written otherwise.

A string is never written bare and a number never quoted, so what a libconfig reader gets back is
exactly the data given (`plain` says what that is). Names libconfig cannot hold, mixed arrays,
None, inf/nan and other types raise ValueError/TypeError: a compiler bug, never the user's input.
"""

from __future__ import annotations

import re
from typing import Any

from n5gc.records import record


@record
class Hex:
    """An integer written in hexadecimal (gNB_ID, sd), zero-padded to `digits`."""

    value: int
    digits: int = 1


@record
class Int64:
    """An integer written as a 64-bit libconfig integer (`12345678L`), e.g. the 36-bit nr_cellid."""

    value: int


_NAME = re.compile(r"^[A-Za-z*][-A-Za-z0-9_*]*\Z")
_INT32 = range(-(2**31), 2**31)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}
_INDENT = "  "


def _quote(text: str) -> str:
    """A libconfig string literal: always quoted, backslash escapes, other control bytes as \\xNN."""
    body = "".join(_ESCAPES.get(c, c if c >= " " and c != "\x7f" else f"\\x{ord(c):02x}") for c in text)
    return f'"{body}"'


def _scalar(value: Any) -> str:
    """One scalar as libconfig writes it: strings quoted, numbers bare (never the other way round)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Hex):
        return f"0x{value.value:0{value.digits}x}" + ("" if value.value in _INT32 else "L")
    if isinstance(value, Int64):
        return f"{value.value}L"
    if isinstance(value, int):
        return str(value) if value in _INT32 else f"{value}L"
    if isinstance(value, float):
        text = repr(value)
        if text in ("inf", "-inf", "nan"):
            raise ValueError(f"libconfig has no {text}")
        return text if ("." in text or "e" in text) else text + ".0"
    if isinstance(value, str):
        return _quote(value)
    raise TypeError(f"no libconfig scalar for {type(value).__name__}")


def _kind(value: Any) -> str:
    """The libconfig type of a scalar (array elements must all have the same)."""
    if isinstance(value, bool):
        return "bool"
    number = value.value if isinstance(value, Hex) else value
    if isinstance(value, Int64) or (isinstance(number, int) and number not in _INT32):
        return "int64"
    if isinstance(value, int | Hex):
        return "int"
    return type(value).__name__


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list | tuple)


def _render(value: Any, depth: int) -> list[str]:
    """Lines of a value; the first continues the current line, the others carry their own indentation.

    dict -> group `{ ... }`; list -> list `( ... )`; tuple -> array `[ ... ]` (scalars of one type).
    """
    if isinstance(value, dict):
        inner = [line for name, item in value.items() for line in _setting(name, item, depth + 1)]
        return ["{", *inner, _INDENT * depth + "}"]
    if isinstance(value, tuple):
        if not all(_is_scalar(v) for v in value) or len({_kind(v) for v in value}) > 1:
            raise ValueError(f"a libconfig array holds scalars of one type, not {value!r}")
        return ["[" + ", ".join(_scalar(v) for v in value) + "]"]
    if isinstance(value, list):
        if all(_is_scalar(v) for v in value):
            return ["(" + ", ".join(_scalar(v) for v in value) + ")"]
        lines = ["("]
        for index, item in enumerate(value):
            element = _render(item, depth + 1)
            element[0] = _INDENT * (depth + 1) + element[0]
            if index < len(value) - 1:
                element[-1] += ","
            lines.extend(element)
        return [*lines, _INDENT * depth + ")"]
    return [_scalar(value)]


def _setting(name: str, value: Any, depth: int) -> list[str]:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a libconfig setting name")
    lines = _render(value, depth)
    lines[0] = f"{_INDENT * depth}{name} = {lines[0]}"
    lines[-1] += ";"
    return lines


def libconfig_text(settings: dict[str, Any], header: str = "") -> str:
    """A libconfig file: `header` as `#` comment lines, then the settings in order, one per line."""
    comments = [f"# {line}".rstrip() for line in header.splitlines()]
    body = [line for name, value in settings.items() for line in _setting(name, value, 0)]
    return "\n".join([*comments, *body]) + "\n"


def plain(value: Any) -> Any:
    """The data a libconfig reader gets back from the text: Hex/Int64 -> int, tuples (arrays) -> lists."""
    if isinstance(value, dict):
        return {name: plain(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Hex | Int64):
        return value.value
    return value
