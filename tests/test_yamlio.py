"""Typed YAML: no string may come back as another type, whatever YAML reader reads it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from n5gc.yamlio import dump, dump_all, load_all

TRAPS = [
    "01",
    "000001",
    "0x000001",
    "08",
    "09",
    "000e10",
    "1e3",
    ".5",
    "+1",
    "-0",
    "0o17",
    "1_000",
    "on",
    "off",
    "yes",
    "no",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "",
    "12:30",
    "2024-01-01",
    ".inf",
    "-.Inf",
    ".nan",
    "0b101",
    "3.",
    "=",
    "<<",
]


def test_trap_strings_stay_strings_for_yaml_1_1_readers():
    document = {value or "empty": value for value in TRAPS}
    back = load_all(dump(document))[0]
    assert back == document
    assert all(isinstance(v, str) for v in back.values())


def test_trap_strings_are_quoted_so_go_yaml_cannot_guess():
    # Go's YAML readers (Helm, kubectl) resolve some forms PyYAML does not (e.g. "000e10" as a float):
    # n5gc quotes every string that starts like a number, so no reader has to guess.
    text = dump({"sd": "000e10", "mnc": "08", "sdhex": "0x000001"})
    assert 'sd: "000e10"' in text and 'mnc: "08"' in text and 'sdhex: "0x000001"' in text


def test_numbers_stay_numbers_and_order_is_kept():
    text = dump({"sst": 1, "tac": 16777215, "mtu": 1400.0, "b": True, "a": None})
    assert text.splitlines() == ["sst: 1", "tac: 16777215", "mtu: 1400.0", "b: true", "a: null"]


def test_multiline_strings_are_literal_blocks():
    assert dump({"script": "echo a\necho b\n"}).startswith("script: |")


def test_dump_all_separates_documents():
    text = dump_all([{"a": 1}, {"b": "01"}])
    assert load_all(text) == [{"a": 1}, {"b": "01"}]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=20), max_size=6))
def test_any_string_round_trips_with_its_type(document):
    back = yaml.safe_load(dump(document))
    assert back == document or (document == {} and back == {})


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789abcdefxXeE.+-_:", min_size=1, max_size=10))
def test_number_like_strings_round_trip(value):
    assert load_all(dump({"v": value}))[0]["v"] == value
