"""The line reader's lazy origins (n5gc.fastload._LineTable, n5gc.load.Origin.__getattr__).

A block container's origin read by the line reader keeps its children as line numbers until they
are first asked for. These tests hold that against ruamel's eager origins: the same source map, the
same diagnostics from the whole front half, and a node's fields as they were assigned, copied or
deleted before its children were built.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from strategies import examples, valid_networks
from test_properties import mutated_networks

from n5gc import fastload, load
from n5gc.frontend import analyse
from n5gc.load import Origin

ROOT = Path(__file__).resolve().parent.parent
TEXT = "a:\n  b: 1\n  c:\n  - x\n  - y: 2\n    z: [1, {q: r}]\nd: 'e'\n"


def line_read(text: str) -> tuple[Any, Origin]:
    """The line reader's answer (it must read `text`)."""
    return fastload._line_load(text, "f.yaml", Origin, load.MAX_NODES, load.MAX_DEPTH)


def eager(text: str) -> Origin:
    return load._load_slow(text, "f.yaml", False).origin


def test_children_are_kept_unbuilt_until_first_asked_for() -> None:
    _, origin = line_read(TEXT)
    assert "_lazy" in vars(origin) and "children" not in vars(origin)
    assert origin == eager(TEXT)
    assert "_lazy" not in vars(origin) and list(vars(origin)) == ["value", "key", "children", "deleted"]


def test_a_field_assigned_before_first_use_stays_as_assigned() -> None:
    """n5gc.model.lenient assigns `children`; a later `deleted` must not build them over it."""
    _, origin = line_read(TEXT)
    origin.children = {"only": Origin(origin.value)}
    assert origin.deleted == {}
    assert list(origin.children) == ["only"]
    _, other = line_read(TEXT)
    other.deleted = {"gone": other.value}
    assert other.children == eager(TEXT).children and other.deleted == {"gone": other.value}


def test_copies_build_their_own_children() -> None:
    _, origin = line_read(TEXT)
    deep, shallow = copy.deepcopy(origin), copy.copy(origin)
    deep.children.pop("a")
    assert origin == shallow == eager(TEXT) and "a" not in deep.children
    assert deep.children["d"] == origin.children["d"]


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    _, origin = line_read(TEXT)
    assert not hasattr(origin, "nothing") and "_lazy" in vars(origin)


def test_the_reference_intents_are_read_by_the_line_reader() -> None:
    """Else the comparisons below would hold ruamel against itself."""
    intent = (ROOT / "examples" / "three-slices.yaml").read_text(encoding="utf-8")
    assert "_lazy" in vars(line_read(intent)[1])


def outcomes(text: str) -> tuple[Any, Any]:
    """(sorted diagnostics, merged origin) of `text` read by the fast path, then by ruamel alone."""
    answers = []
    with tempfile.TemporaryDirectory() as folder:
        path = intents.write(Path(folder), text)
        for slow in (False, True):
            with mock.patch.object(fastload, "fast_load", lambda *args: None) if slow else _nothing():
                analysis = analyse(path)
            answers.append((analysis.report.sorted(), analysis.origin))
    return answers[0], answers[1]


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@examples(40)
@given(valid_networks())
def test_valid_intents_read_lazily_locate_as_ruamel_does(network: dict[str, Any]) -> None:
    text = intents.to_yaml(network)
    assert "_lazy" in vars(line_read(text)[1])
    fast, slow = outcomes(text)
    assert fast == slow and fast[1] is not None


@examples(120)
@given(mutated_networks())
def test_mutated_intents_give_ruamels_diagnostics(network: dict[str, Any]) -> None:
    fast, slow = outcomes(intents.to_yaml(network))
    assert fast == slow
