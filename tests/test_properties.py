"""Property tests of the front half (hypothesis).

1. Generated valid networks always validate (no error diagnostics, exit 0).
2. Random mutations of a valid network give exit 1 with located diagnostics, or exit 0 when the
   mutation happens to stay valid; never a traceback, never exit 3.
3. Loading is deterministic: the same text gives the same data, origins and diagnostics.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from strategies import (  # noqa: F401
    VALID_CELL,
    clashing_pools,
    clashing_v6_pools,
    digits,
    disjoint_adjacent_pools,
    examples,
    hex6,
    label,
    sd_case_variants,
    valid_networks,
    written_sd,
)

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
    # Fresh containers per draw: st.just would hand out one shared object, which a later "add-key"
    # mutation can put inside itself (a cyclic document, RecursionError in the strategy).
    st.builds(list),
    st.builds(dict),
    st.builds(lambda: ["x"]),
    st.builds(lambda: {"name": "x"}),
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
@example("!!set")  # found by a fresh-seed soak: ruamel's set constructor on a scalar (AttributeError)
@example("k: !!set a")
@example("k: [!!omap a]")
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


# --- 4. hard cases give exactly their code ---------------------------------------------------------


def error_codes(network: dict[str, Any]) -> set[str]:
    """The codes of the error diagnostics of an intent given as data."""
    _code, diagnostics, _report = validate_text(intents.to_yaml(network))
    return {d.code for d in diagnostics if d.severity is Severity.ERROR}


OTHER_POOL = ipaddress.ip_network("10.46.0.0/24")


def _with_pools(first: str, second: str) -> dict[str, Any]:
    network = intents.network_data()
    network["spec"]["slices"][0]["dnns"][0]["subnet"] = first
    network["spec"]["slices"][1]["dnns"][0]["subnet"] = second
    return network


@examples(60)
@given(clashing_pools())
def test_overlapping_and_nested_pools_are_n5g307(pools: tuple[str, str]) -> None:
    assert error_codes(_with_pools(*pools)) == {"N5G307"}


@examples(30)
@given(clashing_v6_pools())
def test_overlapping_and_nested_ipv6_pools_are_n5g307(pools: tuple[str, str]) -> None:
    """IPv6 pools are checked for overlap too (whether or not a target can run them yet)."""
    assert "N5G307" in error_codes(_with_pools(*pools))


@examples(30)
@given(st.integers(12, 24), st.integers(0, 255))
def test_pools_sharing_addresses_with_a_cluster_cidr_are_n5g308(prefix: int, third: int) -> None:
    """Pools nested in, equal to or containing the pod CIDR 10.42.0.0/16 (partial overlap from
    either side), never overlapping the other DNN's pool 10.46.0.0/24."""
    pool = ipaddress.ip_network(f"10.42.{third}.0/{prefix}", strict=False)
    network = _with_pools(str(pool), "10.46.0.0/24" if not pool.overlaps(OTHER_POOL) else "10.99.0.0/24")
    network["spec"]["sites"][0].update(podCidr="10.42.0.0/16", serviceCidr="10.96.0.0/16")
    assert error_codes(network) == {"N5G308"}


@examples(30)
@given(disjoint_adjacent_pools())
def test_adjacent_pools_are_accepted(pools: tuple[str, str]) -> None:
    assert error_codes(_with_pools(*pools)) == set()


@examples(40)
@given(sd_case_variants)
def test_sds_that_differ_only_in_case_are_one_slice_n5g301(sds: tuple[str, str]) -> None:
    network = intents.network_data()
    network["spec"]["slices"][0]["sd"], network["spec"]["slices"][1]["sd"] = sds
    network["spec"]["slices"][1]["sst"] = network["spec"]["slices"][0]["sst"]
    assert error_codes(network) == {"N5G301"}


@examples(60)
@given(st.integers(1, 50), st.integers(1, 50), st.integers(-50, 3))
def test_adjacent_imsi_ranges_pass_and_overlapping_ones_are_n5g306(first: int, count: int, gap: int) -> None:
    """The second group starts `gap` IMSIs after the first group's last one (0: adjacent)."""
    network = intents.network_data()
    phones = network["spec"]["subscribers"][0]
    sensors = {**copy.deepcopy(phones), "name": "sensors"}
    network["spec"]["subscribers"].append(sensors)
    phones["imsi"] = {"first": f"00101{first:010d}", "count": count}
    start = max(1, first + count + gap)
    sensors["imsi"] = {"first": f"00101{start:010d}", "count": 10}
    overlap = start <= first + count - 1 and first <= start + 10 - 1  # also adjacent below
    assert error_codes(network) == ({"N5G306"} if overlap else set())


def test_oai_cell_with_a_ssb_of_another_scs_is_n5g406_not_exit_3() -> None:
    """n1 at 30 kHz: n1's SSBs are 15 kHz; the OAI target would raise CompilerBug (exit 3)."""
    network = intents.network_data()
    cell = {"nci": "0x000000010", "pci": 1, "band": "n1", "bandwidthMHz": 20, "scsKHz": 30, "arfcn": 428000}
    network["spec"]["ran"] = [{"name": "gnb1", "type": "oai", "slices": ["embb", "urllc"], "cells": [cell]}]
    for group in network["spec"]["subscribers"]:
        group.pop("simulate", None)
    assert error_codes(network) == {"N5G406"}


def test_ipv6_pool_is_refused_with_n5g315(tmp_path: Path) -> None:
    from n5gc.compiler import compile_job
    from n5gc.repo_config import Job

    network = _with_pools("fd00:45::/64", "10.46.0.0/24")
    intent = tmp_path / "network.yaml"
    intent.write_text(intents.to_yaml(network), encoding="utf-8")
    (tmp_path / "network.secrets.yaml").write_text(intents.SECRETS, encoding="utf-8")
    result = compile_job(Job(intent, (), None, tmp_path / "out"))  # CompilerBug propagates
    assert {d.code for d in result.report.sorted() if d.severity is Severity.ERROR} == {"N5G315"}
