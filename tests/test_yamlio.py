"""Typed YAML: no string may come back as another type, whatever YAML reader reads it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from n5gc import yamlio
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


def _pyyaml_dump_all(documents: list[Any]) -> str:
    """What yamlio.dump_all wrote before its own node builder: PyYAML's representer throughout."""

    class Reference(yamlio.TypedDumper):
        def represent(self, data: Any) -> None:
            yaml.representer.SafeRepresenter.represent(self, data)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return yaml.resolver.Resolver.resolve(self, kind, value, implicit)

    return yaml.dump_all(documents, Dumper=Reference, explicit_start=True, **yamlio.DUMP_OPTIONS)


_DUMP_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(
        ["01", "yes", "no", "on", "~", "", "0x1", "1e3", "- x", "a: b", "#", "é", "a\nb", "<<", "="]
    ),
)
_DUMP_VALUES = st.recursive(
    _DUMP_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_DUMP_SCALARS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DUMP_VALUES, min_size=1, max_size=3))
def test_node_builder_writes_the_bytes_pyyamls_representer_writes(documents: list[Any]) -> None:
    assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents)


def test_shared_objects_and_other_types_keep_pyyamls_anchors_and_representers() -> None:
    shared = {"a": [1, 2]}
    for documents in ([{"x": shared, "y": shared}], [{"when": datetime.date(2020, 1, 2)}], [("t", 1)]):
        assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents)
    assert "&id001" in yamlio.dump_all([{"x": shared, "y": shared}])


def test_every_compiled_document_is_written_as_before() -> None:
    """Every document of the committed reference trees, written again, byte for byte."""
    root = Path(__file__).resolve().parent.parent / "out"
    count = 0
    for path in sorted(root.rglob("*.yaml")):
        documents = yamlio.load_all(path.read_text())
        assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents), path
        count += 1
    assert count > 50


# ---- the direct writer (yamlio._write_documents) against libyaml, on the characters it decides on ----

_EDGE_CHARS = " -:#?,[]{}'\"\n\t|>%@`!&*~.=<+_/\\01aAyntfoN\u00e9\u00a0\u2028\x85\ufeff\U00010000\r"
_EDGE_TEXT = st.text(alphabet=_EDGE_CHARS, max_size=10) | st.sampled_from(
    [
        "---",
        "...",
        "- x",
        "-x",
        "-",
        "a: b",
        "a:b",
        "a:",
        "a #b",
        "a#b",
        "#a",
        "x\n\ny",
        "x\n",
        "x\n\n",
        " x\ny",
        "\nx",
        "x \ny",
        "a\tb",
        "a  b",
        "http://h:80/p",
        "k" * 101,
        "k" * 100,
        "é\nü\n",
        "  indented\n  more\n",
    ]
)
_EDGE_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), _EDGE_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_EDGE_TEXT, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_EDGE_VALUES, min_size=1, max_size=3))
def test_direct_writer_writes_libyamls_bytes_or_leaves_it_to_pyyaml(documents: list[Any]) -> None:
    """Strings made of the characters libyaml decides a style on (indicators, spaces, breaks, tabs,
    BOM, characters beyond U+FFFF): the text is PyYAML's, whether the direct writer or PyYAML wrote it."""
    assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents)
    reference = yaml.dump(
        documents[0], Dumper=yamlio.TypedDumper, explicit_start=False, **yamlio.DUMP_OPTIONS
    )
    assert yamlio.dump(documents[0]) == reference


def test_the_direct_writer_writes_the_compiled_trees() -> None:
    """The writer is not a dead branch: it writes (nearly) every document n5gc compiles itself."""
    root = Path(__file__).resolve().parent.parent / "out"
    documents = [yamlio.load_all(p.read_text()) for p in sorted(root.rglob("*.yaml"))]
    written = [d for d in documents if yamlio._write_documents(d, explicit_start=True) is not None]
    assert len(written) > 0.9 * len(documents)
    for each in written:
        assert yamlio._write_documents(each, explicit_start=True) == _pyyaml_dump_all(each)


@pytest.mark.parametrize(
    "text",
    [
        '{"group": "g0", "count": 10}\n' * 5_000,  # 150 kB of short lines, like subscribers.json
        "x" * 300_000 + "\ny " * 3 + "\n",  # one line far longer than the one-line limit
        "long " * 30_000 + "\nand no line break at the end",
        " " * 120_000 + "x\n",  # an indentation hint: PyYAML's
        "y\n" * 60_000 + "\n",  # keep ("|+"): PyYAML's
    ],
)
def test_long_block_strings_are_written_as_libyaml_writes_them(text: str) -> None:
    """A block scalar has no line folding: its length does not matter, its lines are written as they are."""
    documents = [{"data": {"subscribers.json": text}}, ["item", {"nested": text}]]
    assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents)
    assert yamlio.dump(documents[0]) == yaml.dump(
        documents[0], Dumper=yamlio.TypedDumper, explicit_start=False, **yamlio.DUMP_OPTIONS
    )


ASCII = [chr(code) for code in range(128)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ASCII, max_size=12) | st.text(alphabet=" \tab\x7f\x1f~!", max_size=6))
def test_the_ascii_answer_for_a_block_line_is_the_regexs(line: str) -> None:
    assert yamlio._literal_line(line) == (yamlio._LITERAL_LINE.fullmatch(line) is not None)


@pytest.mark.parametrize("char", ASCII)
def test_each_ascii_character_in_a_block_line_is_answered_as_the_regex_does(char: str) -> None:
    for line in (char, f"a{char}b", f" {char}", f"{char} ", f"x {char}"):
        assert yamlio._literal_line(line) == (yamlio._LITERAL_LINE.fullmatch(line) is not None), repr(line)


def test_a_long_block_string_is_written_by_the_direct_writer() -> None:
    documents = [{"data": {"subscribers.json": '{"group": "g0"}\n' * 10_000}}]
    assert yamlio._write_documents(documents, explicit_start=True) == _pyyaml_dump_all(documents)
    assert yamlio._write_documents([{"one line": "x" * 200_000}], explicit_start=True) is None


def test_the_direct_writer_leaves_anchors_floats_and_odd_roots_to_pyyaml() -> None:
    shared: dict[str, Any] = {}
    for documents in ([{"x": shared, "y": shared}], [{"f": 1.5}], ["scalar"], [{}], [[]], [{1: "a"}]):
        assert yamlio._write_documents(documents, explicit_start=True) is None
        assert yamlio.dump_all(documents) == _pyyaml_dump_all(documents)


def test_the_memo_of_one_line_strings_never_changes_what_is_written() -> None:
    """yamlio._LINE_MEMO is keyed by the whole string and holds what `_one_line` returns for it:
    cleared, filled by earlier dumps, or holding every string already, the bytes are PyYAML's."""
    root = Path(__file__).resolve().parent.parent / "out"
    documents = [yamlio.load_all(p.read_text()) for p in sorted(root.rglob("*.yaml"))[:80]]
    yamlio._LINE_MEMO.clear()
    cold = [yamlio.dump_all(d) for d in documents]
    assert yamlio._LINE_MEMO, "the memo is used"
    assert all("\n" not in key for key in yamlio._LINE_MEMO)  # block scalars depend on indentation
    assert all(text == yamlio._one_line(key) for key, text in yamlio._LINE_MEMO.items())
    warm = [yamlio.dump_all(d) for d in documents]
    assert cold == warm == [_pyyaml_dump_all(d) for d in documents]
    document = {"a": "01", "b": "x"}
    first = yamlio.dump(document)
    document["b"] = "yes"  # the same object, another value: written anew
    assert yamlio.dump(document) == 'a: "01"\nb: "yes"\n' != first


def test_the_memo_of_mapping_keys_never_changes_what_is_written() -> None:
    """yamlio._KEY_MEMO holds, per key, its one-line text and ":": cleared or warm, the bytes are PyYAML's."""
    root = Path(__file__).resolve().parent.parent / "out"
    documents = [yamlio.load_all(p.read_text()) for p in sorted(root.rglob("*.yaml"))[:80]]
    yamlio._KEY_MEMO.clear()
    cold = [yamlio.dump_all(d) for d in documents]
    assert yamlio._KEY_MEMO, "the memo is used"
    assert all(head == yamlio._one_line(key)[:-1] + ":" for key, head in yamlio._KEY_MEMO.items())
    warm = [yamlio.dump_all(d) for d in documents]
    assert cold == warm == [_pyyaml_dump_all(d) for d in documents]
    long_key = {"k" * 101: 1, "yes": "no", "01": [1, "x"]}  # a "? key" one (PyYAML's), quoted ones
    assert yamlio.dump(long_key) == yamlio.dump(long_key) == _pyyaml_dump_all([long_key])[4:]
