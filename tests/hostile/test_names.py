"""Names Kubernetes and Helm refuse (issue 8, item 12), as a property.

For intents whose names (network, sites, slices, DNNs, gNBs, subscriber groups) are at or near the
longest the schema allows, either `validate` refuses the intent with a generated-name code, at the
name's position, or the compiled tree's every `metadata.name`, `metadata.namespace`, label (key
and value) and Helm release name fits its Kubernetes/Helm limit and syntax: the emitted YAML is
parsed for this. Plus the issue's two concrete cases. Set N5GC_NAME_EXAMPLES for a longer run.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, event, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from strategies import examples

from n5gc.compiler import compile_job
from n5gc.diagnostics import Severity
from n5gc.frontend import analyse
from n5gc.repo_config import Job
from n5gc.yamlio import dump, load_all

NAME_CODES = {"N5G311", "N5G317", "N5G318"}
DNS_1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")
LABEL_PREFIX = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
KEYS = {"k": intents.SECRET_K, "opc": intents.SECRET_OPC}
COUNT = int(os.environ.get("N5GC_NAME_EXAMPLES", "12"))

OAI_CELL = {"nci": "0x000000010", "pci": 0, "band": "n78", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}
SRSRAN_CELL = {
    "nci": "0x000000190",
    "pci": 1,
    "band": "n3",
    "bandwidthMHz": 20,
    "scsKHz": 15,
    "centerMHz": 1842.5,
}


def kitchen_sink(names: dict[str, str], engine: str, gitops: str, instances: int) -> dict[str, Any]:
    """Every kind of generated object: two sites, two slices (UPF instances), a UERANSIM gNB with
    simulated UEs, an OAI gNB split over F1 across the sites, an srsRAN gNB, a multicluster engine
    carrying F1, and a GitOps engine."""
    site1, site2 = names["site1"], names["site2"]
    slice1, slice2 = names["slice1"], names["slice2"]
    multicluster: dict[str, Any] = {"engine": engine}
    if engine == "liqo":
        multicluster["liqo"] = {"home": site1}
    else:
        multicluster["nsm"] = {"interfaces": ["f1"]}
    return {
        "apiVersion": "n5gc.io/v1alpha1",
        "kind": "Network",
        "metadata": {"name": names["network"]},
        "spec": {
            "plmn": {"mcc": "001", "mnc": "01"},
            "sites": [
                {"name": site1, "clusterDomain": "one.local", "podCidr": "10.200.0.0/16"},
                {"name": site2, "clusterDomain": "two.local", "podCidr": "10.201.0.0/16"},
            ],
            "core": {"site": site1},
            "slices": [
                {
                    "name": slice1,
                    "sst": 1,
                    "sd": "000001",
                    "userPlane": {"instances": instances},
                    "dnns": [{"name": names["dnn1"], "subnet": "10.45.0.0/24"}],
                },
                {"name": slice2, "sst": 2, "dnns": [{"name": names["dnn2"], "subnet": "10.46.0.0/24"}]},
            ],
            "ran": [
                {"name": names["gnb1"], "slices": [slice1, slice2]},
                {
                    "name": names["gnb2"],
                    "type": "oai",
                    "slices": [slice1],
                    "cells": [OAI_CELL],
                    "split": "f1",
                    "cu": {"site": site1},
                    "du": {"site": site2},
                },
                {"name": names["gnb3"], "type": "srsran", "slices": [slice2], "cells": [SRSRAN_CELL]},
            ],
            "subscribers": [
                {
                    "name": names["group"],
                    "imsi": {"first": "001010000000001", "count": 2},
                    "slices": [{"slice": slice1, "dnns": [names["dnn1"]]}],
                    "credentials": "keys",
                    "simulate": {"gnb": names["gnb1"]},
                },
            ],
            "multicluster": multicluster,
            "gitops": {"engine": gitops, "repo": {"url": "https://git.example/net.git"}},
        },
    }


LETTERS = "abcdefghijklmnopqrstuvwxyz"


@st.composite
def dns_label(draw: st.DrawFn, short: bool = False) -> str:
    """A DNS-1123 label of a length near the limits (or short), sometimes starting with a digit."""
    length = draw(st.integers(1, 12) if short else st.one_of(st.integers(1, 12), st.integers(40, 63)))
    first = draw(st.sampled_from(LETTERS + ("0123456789" if draw(st.integers(0, 9)) == 0 else "")))
    if length == 1:
        return first
    middle = draw(st.text(LETTERS + "0123456789-", min_size=length - 2, max_size=length - 2))
    return first + middle + draw(st.sampled_from(LETTERS + "0123456789"))


FIELDS = ("site1", "site2", "slice1", "slice2", "dnn1", "dnn2", "gnb1", "gnb2", "gnb3", "group")


@st.composite
def name_sets(draw: st.DrawFn) -> dict[str, str]:
    names = {"network": draw(st.one_of(dns_label(short=True), dns_label()))}
    # Most fields short, some long: long everywhere would be refused by the first name every time.
    long_fields = draw(st.sets(st.sampled_from(FIELDS), max_size=3))
    for field in FIELDS:
        names[field] = draw(dns_label() if field in long_fields else dns_label(short=True))
    for group in (("site1", "site2"), ("slice1", "slice2"), ("gnb1", "gnb2", "gnb3"), ("dnn1", "dnn2")):
        assume(len({names[f] for f in group}) == len(group))  # duplicates are another check's business
    return names


def write_inputs(folder: Path, network: dict[str, Any]) -> Path:
    intent = folder / "network.yaml"
    intent.write_text(dump(network), encoding="utf-8")
    used = {group["credentials"] for group in network["spec"].get("subscribers", [])}
    secrets = {"apiVersion": "n5gc.io/v1alpha1", "kind": "Secrets", "credentials": dict.fromkeys(used, KEYS)}
    (folder / "network.secrets.yaml").write_text(dump(secrets), encoding="utf-8")
    return intent


# --- what the emitted tree must satisfy -------------------------------------------------------------


def problems_of_tree(files: dict[str, bytes]) -> list[str]:
    found: list[str] = []
    for path, data in sorted(files.items()):
        if path.endswith((".yaml", ".yml")):
            for document in load_all(data.decode("utf-8")):
                found.extend(f"{path}: {p}" for p in problems_of_document(document))
    return found


def problems_of_document(document: Any) -> Iterator[str]:
    if not isinstance(document, dict):
        return
    kind, metadata = document.get("kind"), document.get("metadata")
    if isinstance(metadata, dict) and "name" in metadata:
        name = metadata["name"]
        pattern = DNS_1035_LABEL if kind == "Service" else DNS_1123_LABEL
        if len(name) > 63 or not pattern.match(name):
            yield f"{kind} name {name!r} ({len(name)})"
        namespace = metadata.get("namespace")
        if namespace is not None and (len(namespace) > 63 or not DNS_1123_LABEL.match(namespace)):
            yield f"namespace {namespace!r}"
    yield from release_name_problems(document)
    yield from label_problems(document)


def release_name_problems(document: dict[str, Any]) -> Iterator[str]:
    """Helm release names: release.yaml, Flux HelmRelease spec.releaseName, Argo CD helm.releaseName."""
    spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    candidates = [document.get("releaseName"), spec.get("releaseName")]
    candidates += [
        (s.get("helm") or {}).get("releaseName") for s in spec.get("sources", []) if isinstance(s, dict)
    ]
    for name in candidates:
        if name is not None and (len(name) > 53 or not DNS_1123_LABEL.match(name)):
            yield f"Helm release name {name!r} ({len(name)})"


def label_problems(node: Any) -> Iterator[str]:
    """Every labels/matchLabels/commonLabels/nodeSelector map, at any depth (charts' values included)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("labels", "matchLabels", "commonLabels", "nodeSelector") and isinstance(value, dict):
                for label, text in value.items():
                    if not label_key_ok(str(label)) or not (
                        isinstance(text, str) and len(text) <= 63 and LABEL_VALUE.match(text)
                    ):
                        yield f"label {label}: {text!r}"
            else:
                yield from label_problems(value)
    elif isinstance(node, list):
        for item in node:
            yield from label_problems(item)


def label_key_ok(key: str) -> bool:
    prefix, slash, name = key.rpartition("/")
    prefix_ok = not slash or (0 < len(prefix) <= 253 and LABEL_PREFIX.match(prefix) is not None)
    return prefix_ok and 0 < len(name) <= 63 and LABEL_VALUE.match(name) is not None


# --- the property ----------------------------------------------------------------------------------


@examples(COUNT)
@given(
    names=name_sets(),
    engine=st.sampled_from(["liqo", "nsm"]),
    gitops=st.sampled_from(["argocd", "flux"]),
    instances=st.sampled_from([1, 16]),
)
def test_long_names_are_refused_or_fit_every_limit(
    names: dict[str, str], engine: str, gitops: str, instances: int
) -> None:
    network = kitchen_sink(names, engine, gitops, instances)
    with tempfile.TemporaryDirectory() as folder:
        intent = write_inputs(Path(folder), network)
        analysis = analyse(intent, [], None, require_secrets=True)
        errors = [d for d in analysis.report.diagnostics if d.severity is Severity.ERROR]
        if errors:
            shown = [f"{d.location}: {d.code} {d.message}" for d in errors]
            assert {d.code for d in errors} <= NAME_CODES, shown
            assert all(d.location is not None and d.location.line for d in errors), shown
            event("refused: " + ", ".join(sorted({d.code for d in errors})))
            return
        event("compiled")
        compiled = compile_job(Job(intent, (), None, Path(folder) / "out"))
        assert compiled.ok, [d.message for d in compiled.report.diagnostics]
        assert problems_of_tree(compiled.files) == []


def test_the_property_reaches_both_outcomes() -> None:
    """The property is not vacuous: the shortest names compile, the longest are refused."""
    short = {"network": "n", **{f: f"{f[0]}{i}" for i, f in enumerate(FIELDS)}}
    long = {**short, "gnb2": "g" * 63}
    for names, refused in ((short, False), (long, True)):
        with tempfile.TemporaryDirectory() as folder:
            intent = write_inputs(Path(folder), kitchen_sink(names, "liqo", "argocd", 16))
            compiled = compile_job(Job(intent, (), None, Path(folder) / "out"))
            assert compiled.ok is not refused, [d.message for d in compiled.report.diagnostics]
            if not refused:
                assert problems_of_tree(compiled.files) == []


# --- the two cases -------------------------------------------------------------------------


def diagnose_example(example: str, edit: Any) -> tuple[list[str], str]:
    data = yaml.safe_load((intents.EXAMPLES / f"{example}.yaml").read_text())
    edit(data)
    with tempfile.TemporaryDirectory() as folder:
        intent = write_inputs(Path(folder), copy.deepcopy(data))
        text = intent.read_text()
        analysis = analyse(intent, [], None, require_secrets=True)
        errors = [d for d in analysis.report.diagnostics if d.severity is Severity.ERROR]
        return [
            f"{d.location.line}:{d.location.col} {d.code} {d.message}" for d in errors if d.location
        ], text


def line_col(text: str, marker: str) -> str:
    offset = text.index(marker)
    return f"{text.count(chr(10), 0, offset) + 1}:{offset - text.rfind(chr(10), 0, offset)}"


def test_a_51_character_gnb_in_an_f1_split_is_refused_at_its_name() -> None:
    """`f1-split-<51>-cu-f1c` is 67 characters: the F1 Services were added after the length check."""
    gnb = "g" * 51

    def rename(data: dict[str, Any]) -> None:
        data["spec"]["ran"][0]["name"] = gnb

    errors, text = diagnose_example("f1-split", rename)
    at = line_col(text, gnb)
    assert any(
        e.startswith(f"{at} N5G311 ") and f'"f1-split-{gnb}-cu-f1c" has 67 characters' in e for e in errors
    ), errors


def test_a_47_character_gnb_in_an_f1_split_makes_63_character_services() -> None:
    """The boundary: the longest gNB name whose F1 Services fit compiles, and they are 63 long."""
    data = yaml.safe_load((intents.EXAMPLES / "f1-split.yaml").read_text())
    data["spec"]["ran"][0]["name"] = "g" * 47
    with tempfile.TemporaryDirectory() as folder:
        intent = write_inputs(Path(folder), data)
        compiled = compile_job(Job(intent, (), None, Path(folder) / "out"))
        assert compiled.ok, [d.message for d in compiled.report.diagnostics]
        services = [
            d["metadata"]["name"]
            for path, raw in compiled.files.items()
            if path.endswith(".yaml")
            for d in load_all(raw.decode())
            if isinstance(d, dict) and d.get("kind") == "Service"
        ]
        assert f"f1-split-{'g' * 47}-cu-f1c" in services
        assert max(map(len, services)) == 63
        assert problems_of_tree(compiled.files) == []


def test_a_63_character_site_with_argo_cd_is_refused_at_its_name() -> None:
    """`three-slices-<63>-site` (81) would be an Argo CD Application name, written into a label."""
    site = "s" * 63

    def rename(data: dict[str, Any]) -> None:
        text = dump(data).replace("berlin", site)
        data.clear()
        data.update(yaml.safe_load(text))
        del data["spec"]["gitops"]["repo"]["path"]

    errors, text = diagnose_example("three-slices", rename)
    at = line_col(text, f"- name: {site}").split(":")
    at = f"{at[0]}:{int(at[1]) + len('- name: ')}"
    assert any(e.startswith(f"{at} N5G311 ") and f'"three-slices-{site}-site" has 81' in e for e in errors), (
        errors
    )


@pytest.mark.parametrize("engine", ["argocd", "flux"])
def test_site_application_names_at_the_limit_compile(engine: str) -> None:
    """`<network>-<site>-site` of exactly 63 characters is accepted and emitted as such."""
    site = "s" * (63 - len("net--site"))
    data = intents.network_data()
    text = dump(data).replace("berlin", site)
    data = yaml.safe_load(text)
    data["spec"]["gitops"] = {"engine": engine, "repo": {"url": "https://git.example/net.git"}}
    with tempfile.TemporaryDirectory() as folder:
        intent = write_inputs(Path(folder), data)
        compiled = compile_job(Job(intent, (), None, Path(folder) / "out"))
        assert compiled.ok, [d.message for d in compiled.report.diagnostics]
        emitted = {
            d["metadata"]["name"]
            for path, raw in compiled.files.items()
            if path.startswith("gitops/")
            for d in load_all(raw.decode())
            if isinstance(d, dict) and "metadata" in d
        }
        assert f"net-{site}-site" in emitted
        assert problems_of_tree(compiled.files) == []
