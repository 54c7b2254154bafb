"""The libconfig writer: typed text that reads back as the data; what libconfig cannot hold is refused."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from libconfig_reader import read_libconfig

from n5gc.formats.libconfig import Hex, Int64, libconfig_text, plain


def test_reader_reads_every_libconfig_form() -> None:
    text = 'a : "x" "y"; b = 0x1fL, c = [1, 2]\n/* c */ d = ( { e = -1.5e3; }, ( ) ) // t\nf = TRUE'
    assert read_libconfig(text) == {"a": "xy", "b": 31, "c": [1, 2], "d": [{"e": -1500.0}, []], "f": True}


def test_writer_is_typed() -> None:
    data = {
        "s": "001",
        "q": 'say "hi"\\\n\t\x01',
        "i": 1,
        "n": -90,
        "big": 2**36,
        "h": Hex(0xA0, 6),
        "l": Int64(16),
        "b": False,
        "f": 0.5,
        "arr": (78,),
        "strs": ("a", "b"),
        "empty": [],
        "nested": [[1, "x"], {"g": {}}],
    }
    text = libconfig_text(data, "header line\n")
    assert text.startswith("# header line\n")
    assert 's = "001";' in text and "i = 1;" in text and "n = -90;" in text
    assert "big = 68719476736L;" in text and "h = 0x0000a0;" in text and "l = 16L;" in text
    assert "b = false;" in text and "f = 0.5;" in text and "arr = [78];" in text and "empty = ();" in text
    assert 'q = "say \\"hi\\"\\\\\\n\\t\\x01";' in text
    assert read_libconfig(text) == plain(data)


@pytest.mark.parametrize(
    "bad",
    [
        {"1x": 1},
        {"a b": 1},
        {"a": (1, "x")},
        {"a": ({"g": 1},)},
        {"a": None},
        {"a": float("inf")},
        {"a": b"x"},
    ],
)
def test_writer_refuses_what_libconfig_cannot_hold(bad: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        libconfig_text(bad)


def test_nested_groups_and_lists_are_indented_and_read_back() -> None:
    data = {"gNBs": [{"plmn_list": [{"mcc": 1, "snssaiList": [{"sst": 1, "sd": Hex(1, 6)}]}]}], "top": 1}
    text = libconfig_text(data)
    assert text.splitlines()[:4] == ["gNBs = (", "  {", "    plmn_list = (", "      {"]
    assert "sd = 0x000001;" in text and text.endswith("top = 1;\n")
    assert read_libconfig(text) == plain(data)


def test_wide_numbers_are_64_bit() -> None:
    assert (
        libconfig_text({"h": Hex(2**40, 10), "i": -(2**31) - 1}) == "h = 0x10000000000L;\ni = -2147483649L;\n"
    )
