"""Property tests of the front half (hypothesis).

1. Generated valid networks always validate (no error diagnostics, exit 0).
2. Random mutations of a valid network give exit 1 with located diagnostics, or exit 0 when the
   mutation happens to stay valid; never a traceback, never exit 3.
3. Loading is deterministic: the same text gives the same data, origins and diagnostics.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from strategies import VALID_CELL, digits, examples, hex6, label, valid_networks, written_sd  # noqa: F401

from n5gc.cli import main
from n5gc.diagnostics import InputError, Severity
from n5gc.frontend import analyse
from n5gc.load import load_text
from n5gc.report import render


def validate_text(text: str) -> tuple[int, list, str]:
    """(exit code the CLI gives, diagnostics, text report) for an intent written to a temporary file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.yaml"
        path.write_text(text, encoding="utf-8")
        analysis = analyse(path)
        diagnostics = analysis.report.sorted()
        for fmt in ("text", "json", "github"):
            render(analysis.report, fmt)
        report = render(analysis.report, "text")
        return (1 if analysis.report.has_errors else 0), diagnostics, report


# --- 1. valid networks validate -------------------------------------------------------------------


@examples(300)
@given(valid_networks())
def test_generated_valid_networks_validate(network: dict[str, Any]) -> None:
    code, diagnostics, report = validate_text(intents.to_yaml(network))
    assert code == 0, report
    assert all(d.severity is not Severity.ERROR for d in diagnostics)


@examples(5)
@given(valid_networks())
def test_generated_valid_networks_pass_the_cli(network: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.yaml"
        path.write_text(intents.to_yaml(network), encoding="utf-8")
        with pytest.raises(SystemExit) as caught:
            main(["validate", str(path), "--format", "json"])
        assert caught.value.code == 0


# --- 2. mutations never crash ----------------------------------------------------------------------


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into the document (to mappings' keys and lists' items)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*prefix, index))
            found.extend(paths(value, (*prefix, index)))
    return found


def parent_of(document: Any, path: tuple) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


OTHER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.just(["x"]),
    st.just({"name": "x"}),
    st.sampled_from(
        [
            "000001",
            "0x1",
            "001010000000001",
            "-1",
            "embb",
            "n78",
            "N78",
            "n999",
            "10.0.0.0/8",
            "10.45.0.0/32",
            "10.45.0.1/24",
            "10.45.0.0/31",
            "fd00::/64",
            "fd00::/128",
            "10.45.0.1",
            "::",
            "255.255.255.255",
            "0x000000010",
            "0xFFFFFFFFF",
            "1e3",
            ".inf",
            "~",
            "$patch",
            "NodePort",
            "f1",
            "liqo",
        ]
    ),
)


@st.composite
def mutated_networks(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(draw(valid_networks()))
    for _ in range(draw(st.integers(1, 3))):
        targets = paths(document)
        if draw(st.sampled_from([True] * 9 + [False])):  # mostly in spec: a broken header hides the rest
            targets = [t for t in targets if t[0] == "spec"]
        if not targets:
            break
        path = draw(st.sampled_from(targets))
        parent, last = parent_of(document, path), path[-1]
        kind = draw(st.sampled_from(["delete", "retype", "number", "rename", "duplicate", "add-key"]))
        value = parent[last]
        if kind == "delete":
            del parent[last]
        elif kind == "retype":
            parent[last] = draw(OTHER_VALUES)
        elif kind == "number":
            parent[last] = draw(
                st.sampled_from(
                    [
                        -1,
                        0,
                        1,
                        16,
                        24,
                        31,
                        32,
                        128,
                        256,
                        1024,
                        65536,
                        2**24,
                        2**36,
                        10**16,
                        1.5,
                        -0.0,
                        1e300,
                        float("inf"),
                    ]
                )
            )
        elif kind == "rename" and isinstance(value, str):
            parent[last] = draw(
                st.sampled_from([value + "x", value[:-1], value.upper(), "", "nope", value * 9])
            )
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(value))
        elif kind == "add-key" and isinstance(value, dict):
            value[draw(st.sampled_from(["name", "nmae", "sd", "$patch", "slices", "extra"]))] = draw(
                OTHER_VALUES
            )
    return document


@examples(600)
@given(mutated_networks())
def test_mutations_give_located_diagnostics_never_a_crash(document: dict[str, Any]) -> None:
    code, diagnostics, report = validate_text(intents.to_yaml(document))
    if code == 1:
        assert diagnostics
    for d in diagnostics:
        assert d.code.startswith("N5G") and d.message
        assert d.location is not None and d.location.file.endswith("network.yaml"), report
        assert d.location.line > 0 and d.location.col > 0, report


@examples(60)
@given(mutated_networks())
def test_mutations_through_the_cli_exit_0_or_1(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.yaml"
        path.write_text(intents.to_yaml(document), encoding="utf-8")
        with pytest.raises(SystemExit) as caught:
            main(["validate", str(path), "--format", "json"])
        assert caught.value.code in (0, 1)


@examples(500)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab:-[]{}&*!#'\" \n\t,?|>%@`0x.\\")) | st.characters(codec="utf-8"),
        max_size=80,
    )
)
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    try:
        load_text(text, "f.yaml")
    except InputError as exc:
        assert exc.diagnostics and all(d.code.startswith("N5G") for d in exc.diagnostics)


# --- 3. determinism --------------------------------------------------------------------------------


@examples(100)
@given(mutated_networks())
def test_loading_and_validating_are_deterministic(document: dict[str, Any]) -> None:
    text = intents.to_yaml(document)
    first, second = load_text(text, "n.yaml"), load_text(text, "n.yaml")
    assert json.dumps(first.data, sort_keys=False) == json.dumps(second.data, sort_keys=False)
    assert first.origin == second.origin
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.yaml"
        path.write_text(text, encoding="utf-8")
        reports = [render(analyse(path).report, "json") for _ in range(2)]
    assert reports[0] == reports[1]


def test_dump_keeps_identifier_strings() -> None:
    """The strategy writes YAML through the typed dumper: "001" must stay a string when read back."""
    text = intents.to_yaml({"a": "001", "b": "000001", "c": "0x000001", "d": "01", "e": 1})
    assert load_text(text, "f").data == {"a": "001", "b": "000001", "c": "0x000001", "d": "01", "e": 1}
    assert re.search(r"^a: ['\"]001['\"]$", text, re.MULTILINE)
