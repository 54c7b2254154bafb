"""Stage 1, load: plain data plus a source map; defensive against hostile or broken files."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents

from n5gc import load
from n5gc.diagnostics import InputError, Location
from n5gc.load import Origin, load_file, load_text


def problems(text: str) -> list[tuple[str, str, str]]:
    """(location, code, message) of every diagnostic loading `text` raises."""
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml")
    return [(str(d.location), d.code, d.message) for d in caught.value.diagnostics]


def test_data_is_plain_python() -> None:
    doc = load_text("a: 1\nb: 1.5\nc: x\nd: true\ne: ~\nf: [1, {g: h}]\n", "f.yaml")
    assert doc.data == {"a": 1, "b": 1.5, "c": "x", "d": True, "e": None, "f": [1, {"g": "h"}]}
    # ruamel's round-trip subclasses (ScalarFloat, CommentedMap, ...) must not leak into later stages
    assert [type(v) for v in doc.data.values()] == [int, float, str, bool, type(None), list]
    assert type(doc.data["f"][1]) is dict


def test_positions_of_keys_and_values() -> None:
    doc = load_text(
        "spec:\n  slices:\n    - name: embb\n      sd: '000001'\n    - {name: urllc, sst: 2}\n", "n.yaml"
    )
    at = doc.origin.locate
    assert str(at(["spec"], key=True)) == "n.yaml:1:1"
    assert str(at(["spec", "slices"], key=True)) == "n.yaml:2:3"
    assert str(at(["spec", "slices", 0, "sd"], key=True)) == "n.yaml:4:7"
    assert str(at(["spec", "slices", 0, "sd"])) == "n.yaml:4:11"
    assert str(at(["spec", "slices", 1])) == "n.yaml:5:7"
    assert str(at(["spec", "slices", 1, "sst"])) == "n.yaml:5:26"
    assert str(at(["spec", "slices", 1, "sst"], key=True)) == "n.yaml:5:21"


def test_locate_falls_back_to_the_nearest_written_ancestor() -> None:
    doc = load_text("spec:\n  core: {site: a}\n", "n.yaml")
    assert str(doc.origin.locate(["spec", "core", "n2", "nodePort"])) == "n.yaml:2:9"
    assert doc.origin.locate([]) == Location("n.yaml", 1, 1)


def test_crlf_and_bom_do_not_shift_positions() -> None:
    lf = load_text("a: 1\nb:\n  c: x\n", "f")
    crlf = load_text("\ufeffa: 1\r\nb:\r\n  c: x\r\n", "f")
    assert lf.data == crlf.data == {"a": 1, "b": {"c": "x"}}
    assert lf.origin.locate(["b", "c"]) == crlf.origin.locate(["b", "c"]) == Location("f", 3, 6)


def test_yaml_1_2_scalars() -> None:
    """YAML 1.2: `on`/`no` are words, not booleans; quoted digits stay strings; dates become text."""
    data = load_text('a: on\nb: no\nc: "001"\nd: 0x1F\ne: 2001-01-01\nf: !!str 001\n', "f").data
    assert data == {"a": "on", "b": "no", "c": "001", "d": 31, "e": "2001-01-01", "f": "001"}


def test_aliases_expand_into_independent_copies() -> None:
    data = load_text("a: &x {b: [1, 2]}\nc: *x\n", "f").data
    assert data["a"] == data["c"] == {"b": [1, 2]}
    assert data["a"] is not data["c"] and data["a"]["b"] is not data["c"]["b"]


def test_a_document_starting_with_a_separator_is_one_document() -> None:
    assert load_text("---\na: 1\n", "f").data == {"a": 1}
    assert load_text("a: 1\n---\n", "f").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb:\n  c: 1\n  c: 2\n",
            [
                (
                    "f.yaml:4:3",
                    "N5G002",
                    'duplicate key "c", first written on line 3',
                )
            ],
        ),
        ("", [("f.yaml:1:1", "N5G004", "expected one YAML document, found 0")]),
        ("# only a comment\n", [("f.yaml:1:1", "N5G004", "expected one YAML document, found 0")]),
        ("a: 1\n---\nb: 2\n", [("f.yaml:1:1", "N5G004", "expected one YAML document, found 2")]),
        ("just text\n", [("f.yaml:1:1", "N5G004", "the document must be a mapping, found str")]),
        ("- 1\n", [("f.yaml:1:1", "N5G004", "the document must be a mapping, found seq")]),
        ("1: x\n", [("f.yaml:1:1", "N5G001", "mapping key 1 is not a string")]),
        (
            "a: !env HOME\nb: !!python/name:os.system x\n",
            [
                ("f.yaml:1:4", "N5G005", "unknown YAML tag !env"),
                ("f.yaml:2:4", "N5G005", "unknown YAML tag tag:yaml.org,2002:python/name:os.system"),
            ],
        ),
        (
            "a: 'unclosed\n",
            [
                (
                    "f.yaml:2:1",
                    "N5G001",
                    "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)",
                )
            ],
        ),
        (
            "a:\n\t- b\n",
            [
                (
                    "f.yaml:2:1",
                    "N5G001",
                    "YAML syntax error: found character '\\t' that cannot start any "
                    "token (while scanning for the next token)",
                )
            ],
        ),
    ],
)
def test_broken_documents(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert problems(text) == expected


def test_nesting_limit() -> None:
    node = load_text("a: " + "[" * 60 + "]" * 60 + "\n", "f").data["a"]
    depth = 1
    while node:
        node, depth = node[0], depth + 1
    assert depth == 60
    [(where, code, message)] = problems("a: " + "[" * 70 + "]" * 70 + "\n")
    assert code == "N5G006" and "nesting deeper than 64 levels" in message and where.startswith("f.yaml:1:")


def test_alias_bomb_is_refused_at_once_where_it_explodes() -> None:
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
    )
    started = time.monotonic()
    [(where, code, message)] = problems(bomb)
    assert time.monotonic() - started < 2
    assert (where, code) == ("f.yaml:7:5", "N5G006")  # a6 alone expands to ~5 million nodes
    assert "expands to more than 2000000 nodes" in message


def test_alias_fan_out_below_the_limit_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n"
    assert len(str(load_text(text, "f").data["c"])) > 0
    monkeypatch.setattr(load, "MAX_NODES", 25)  # 1 + a 4 + b 13 + c 27 > 25
    [(where, code, _)] = problems(text)
    assert (where, code) == ("f.yaml:3:4", "N5G006")


def test_recursive_alias_does_not_hang() -> None:
    data = load_text("a: &a [1, *a]\n", "f").data  # ruamel cannot build the cycle: the alias reads as null
    assert data == {"a": [1, None]}


def test_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = intents.write(tmp_path, "a: 1\n", "good.yaml")
    assert load_file(good, "shown.yaml").path == "shown.yaml"
    assert load_file(good).path == good.as_posix()

    def fails(path: Path) -> tuple[str, str, str]:
        with pytest.raises(InputError) as caught:
            load_file(path, path.name)
        [d] = caught.value.diagnostics
        return str(d.location), d.code, d.message

    assert fails(tmp_path / "absent.yaml") == ("absent.yaml", "N5G008", "file not found")
    (tmp_path / "folder.yaml").mkdir()
    assert fails(tmp_path / "folder.yaml") == (
        "folder.yaml",
        "N5G008",
        "is a directory, expected a YAML file",
    )
    latin = intents.write(tmp_path, "a: 1\nb: x\nc: caf\xe9\n".encode("latin-1"), "latin.yaml")
    assert fails(latin) == ("latin.yaml:3:7", "N5G003", "file is not valid UTF-8 (byte 0xe9)")
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 4)
    assert fails(good) == ("good.yaml", "N5G007", "file is 5 bytes, more than the limit of 4")


def test_all_unknown_tags_are_reported_together() -> None:
    found = problems("a: !x 1\nb: [!y 2, !z 3]\n")
    assert [(w, c) for w, c, _ in found] == [
        ("f.yaml:1:4", "N5G005"),
        ("f.yaml:2:5", "N5G005"),
        ("f.yaml:2:11", "N5G005"),
    ]


def test_origin_tree_mirrors_the_data() -> None:
    doc = load_text(intents.NETWORK, "n.yaml")

    def walk(data: object, origin: Origin, path: tuple) -> int:
        count = 1
        if isinstance(data, dict):
            assert set(origin.children) == set(data), path
            for key, value in data.items():
                assert origin.children[key].key is not None
                count += walk(value, origin.children[key], (*path, key))
        elif isinstance(data, list):
            assert set(origin.children) == set(range(len(data))), path
            for index, value in enumerate(data):
                count += walk(value, origin.children[index], (*path, index))
        assert origin.value.line > 0 and origin.value.col > 0
        return count

    assert walk(doc.data, doc.origin, ()) > 60
