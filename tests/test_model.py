"""Stage 2, model: strict types, identifiers as strings, unknown fields with "did you mean"."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents

from n5gc.diagnostics import Diagnostic, Severity
from n5gc.load import load_text
from n5gc.model import Network, parse_network, parse_secrets
from n5gc.model.types import normalise_sd

Mutation = Callable[[dict[str, Any]], None]


def parse(mutate: Mutation | None = None) -> tuple[Network | None, list[Diagnostic]]:
    data = intents.network_data()
    if mutate is not None:
        mutate(data)
    return parse_network(load_text(intents.to_yaml(data), "n.yaml"))


def one_problem(mutate: Mutation) -> Diagnostic:
    network, problems = parse(mutate)
    assert network is None
    assert len(problems) == 1, [p.message for p in problems]
    assert problems[0].severity is Severity.ERROR and problems[0].location is not None
    return problems[0]


def slice0(**values: Any) -> Mutation:
    return lambda d: d["spec"]["slices"][0].update(values)


def test_the_base_is_valid_and_typed() -> None:
    network, problems = parse()
    assert problems == [] and network is not None
    spec = network.spec
    assert (spec.plmn.mcc, spec.plmn.mnc, spec.tac) == ("001", "01", 1)
    assert spec.slices[0].sd == "000001" and spec.slices[0].user_plane.instances == 1
    assert spec.core.site is None and spec.core.chart.version == "2.3.4"  # defaults
    assert spec.subscribers[0].imsi.first == "001010000000001"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("000001", "000001"),
        ("0x000001", "000001"),
        ("0X0000AB", "0000ab"),
        ("FFFFFF", "ffffff"),
        ("0xabcdef", "abcdef"),
    ],
)
def test_sd_forms(written: str, normalised: str) -> None:
    network, problems = parse(slice0(sd=written))
    assert problems == [] and network is not None
    assert network.spec.slices[0].sd == normalised
    assert normalise_sd(written) == normalised


def test_sd_as_a_number_asks_for_quotes() -> None:
    problem = one_problem(slice0(sd=1))
    assert problem.code == "N5G102"
    assert problem.message == 'slice "embb": sd must be a quoted string, found the number 1'
    assert problem.hint is not None and problem.hint.startswith('quote it, e.g. "000001"')


@pytest.mark.parametrize(
    ("written", "example"),
    [
        ("2", "000002"),
        ("0x2", "000002"),
        ("abc", "000abc"),
        ("0000001", "000001"),
        ("00000g", "000001"),
        ("", "000001"),
    ],
)
def test_malformed_sd(written: str, example: str) -> None:
    problem = one_problem(slice0(sd=written))
    assert problem.code == "N5G104"
    assert problem.message == f'slice "embb": sd "{written}" must be 6 hex digits, e.g. "{example}"'


@pytest.mark.parametrize(
    ("mutate", "code", "fragment"),
    [
        (
            lambda d: d["spec"]["plmn"].update(mcc=1),
            "N5G102",
            "mcc must be a quoted string, found the number 1",
        ),
        (
            lambda d: d["spec"]["plmn"].update(mnc=1),
            "N5G102",
            "mnc must be a quoted string, found the number 1",
        ),
        (lambda d: d["spec"]["plmn"].update(mcc="01"), "N5G105", 'mcc "01" must be 3 digits'),
        (lambda d: d["spec"]["plmn"].update(mcc="00a"), "N5G105", 'mcc "00a" must be 3 digits'),
        (lambda d: d["spec"]["plmn"].update(mnc="1"), "N5G105", 'mnc "1" must be 2 or 3 digits'),
        (lambda d: d["spec"]["plmn"].update(mnc="0001"), "N5G105", 'mnc "0001" must be 2 or 3 digits'),
        (
            lambda d: d["spec"]["subscribers"][0]["imsi"].update(first=1010000000001),
            "N5G102",
            "imsi must be a quoted string, found the number 1010000000001",
        ),
        (
            lambda d: d["spec"]["subscribers"][0]["imsi"].update(first="00101000000000a"),
            "N5G106",
            'imsi "00101000000000a" must be 15 digits',
        ),
        (
            lambda d: d["spec"]["subscribers"][0]["imsi"].update(first="0010100000000011"),
            "N5G106",
            'imsi "0010100000000011" must be 15 digits',
        ),
    ],
)
def test_identifiers_are_strings(mutate: Mutation, code: str, fragment: str) -> None:
    problem = one_problem(mutate)
    assert problem.code == code and fragment in problem.message


def test_three_digit_mnc_is_another_network() -> None:
    network, problems = parse(
        lambda d: (
            d["spec"]["plmn"].update(mnc="001"),
            d["spec"]["subscribers"][0]["imsi"].update(first="001001000000001"),
        )
    )
    assert problems == [] and network is not None and network.spec.plmn.mnc == "001"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (slice0(sst="1"), 'slice "embb": sst must be an integer, found the string "1"'),
        (slice0(sst=True), 'slice "embb": sst must be an integer, found the boolean true'),
        (slice0(sst=1.0), 'slice "embb": sst must be an integer, found the number 1.0'),
        (lambda d: d["spec"].update(tac=1.5), "tac must be an integer, found the number 1.5"),
        (lambda d: d["spec"].update(tac="1"), 'tac must be an integer, found the string "1"'),
        (
            lambda d: d["spec"]["subscribers"][0]["imsi"].update(count=2.0),
            'subscriber group "phones": count must be an integer, found the number 2.0',
        ),
        (lambda d: d["spec"].update(sites={"name": "berlin"}), "sites must be a list, found a mapping"),
        (lambda d: d["spec"].update(plmn="00101"), 'plmn must be a mapping, found the string "00101"'),
        (
            lambda d: d["spec"]["ran"][0].update(slices="embb"),
            'gNB "gnb1": slices must be a list, found the string "embb"',
        ),
    ],
)
def test_types_are_not_coerced(mutate: Mutation, message: str) -> None:
    problem = one_problem(mutate)
    assert (problem.code, problem.message) == ("N5G102", message)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (slice0(sst=256), 'slice "embb": sst the number 256: input should be less than or equal to 255'),
        (slice0(sst=-1), 'slice "embb": sst the number -1: input should be greater than or equal to 0'),
        (
            lambda d: d["spec"].update(tac=16777216),
            "tac the number 16777216: input should be less than or equal to 16777215",
        ),
        (
            lambda d: d["spec"].update(slices=[]),
            "slices a list: list should have at least 1 item after validation, not 0",
        ),
        (
            lambda d: d["spec"]["ran"][0].update(type="srsRAN"),
            'gNB "gnb1": type the string "srsRAN" is not one of ueransim, srsran, oai',
        ),
    ],
)
def test_values_out_of_range(mutate: Mutation, message: str) -> None:
    problem = one_problem(mutate)
    assert (problem.code, problem.message) == ("N5G103", message)


@pytest.mark.parametrize(
    ("mutate", "message", "hint"),
    [
        (lambda d: d.update(specs={}), 'unknown field "specs"', "did you mean `spec`?"),
        (
            slice0(userplane={"instances": 2}),
            'slice "embb": unknown field "userplane"',
            "did you mean `userPlane`?",
        ),
        (
            lambda d: d["spec"]["sites"][0].update(podCIDR="10.0.0.0/16"),
            'site "berlin": unknown field "podCIDR"',
            "did you mean `podCidr`?",
        ),
        (
            lambda d: d["spec"].update(xyz="blue"),
            'unknown field "xyz"',
            "allowed here: plmn, tac, amf, sites, core, slices, ran, subscribers, multicluster, gitops, "
            "smokeTest, encryption",
        ),
    ],
)
def test_unknown_fields(mutate: Mutation, message: str, hint: str) -> None:
    problem = one_problem(mutate)
    assert (problem.code, problem.message, problem.hint) == ("N5G100", message, hint)


def test_unknown_field_points_at_the_key() -> None:
    network, problems = parse_network(
        load_text(intents.edit(intents.NETWORK, "      sst: 1\n", "      sst: 1\n      ssd: x\n"), "n.yaml")
    )
    assert network is None
    assert [(str(p.location), p.code) for p in problems] == [("n.yaml:18:7", "N5G100")]


def test_missing_field_hint_says_what_it_holds() -> None:
    problem = one_problem(lambda d: d["spec"]["plmn"].pop("mcc"))
    assert problem.code == "N5G101" and problem.message == 'missing required field "mcc"'
    assert problem.hint == 'add `mcc:` (mobile country code: 3 digits as a string, e.g. "001")'


def test_all_model_problems_at_once() -> None:
    def five(d: dict[str, Any]) -> None:
        d["spec"]["plmn"]["mcc"] = 1
        d["spec"]["slices"][0]["sd"] = "2"
        d["spec"]["slices"][1]["sst"] = "2"
        d["spec"]["sites"][0]["podCIDR"] = "10.0.0.0/16"
        d["spec"]["subscribers"][0]["imsi"]["first"] = "123"

    network, problems = parse(five)
    assert network is None
    assert sorted(p.code for p in problems) == ["N5G100", "N5G102", "N5G102", "N5G104", "N5G106"]
    assert len({p.location for p in problems}) == 5


@pytest.mark.parametrize(
    ("header", "message", "hint_part"),
    [
        (
            {"apiVersion": "n5gc.io/v1"},
            "apiVersion must be n5gc.io/v1alpha1, found 'n5gc.io/v1'",
            "apiVersion:",
        ),
        ({"kind": "Secrets"}, "kind must be Network, found 'Secrets'", "--secrets"),
    ],
)
def test_header(header: dict[str, str], message: str, hint_part: str) -> None:
    problem = one_problem(lambda d: d.update(header))
    assert (problem.code, problem.message) == ("N5G010", message)
    assert problem.hint is not None and hint_part in problem.hint


def test_cell_fields() -> None:
    cell = {"nci": "0x000000010", "pci": 1, "band": "n78", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}
    for nci, value in (("0x000000010", 16), (16, 16), ("16", 16)):
        network, problems = parse(lambda d, n=nci: d["spec"]["ran"][0].update(cells=[{**cell, "nci": n}]))
        assert problems == [] and network is not None and int(network.spec.ran[0].cells[0].nci) == value
    problem = one_problem(lambda d: d["spec"]["ran"][0].update(cells=[{**cell, "nci": "0x1000000000"}]))
    assert (problem.code, problem.message) == (
        "N5G109",
        'gNB "gnb1": nci "0x1000000000" must be a 36-bit number',
    )
    problem = one_problem(lambda d: d["spec"]["ran"][0].update(cells=[{**cell, "band": ["n78"]}]))
    assert problem.code == "N5G102"  # one diagnostic for both union alternatives (str | int)


def test_the_model_is_immutable() -> None:
    network, _ = parse()
    assert network is not None
    with pytest.raises(FrozenInstanceError):
        network.spec.slices[0].sst = 9  # type: ignore[misc]


def test_secrets() -> None:
    text = (
        "apiVersion: n5gc.io/v1alpha1\nkind: Secrets\ncredentials:\n"
        f"  a: {{k: {intents.SECRET_K.lower()}, opc: {intents.SECRET_OPC}}}\n"
    )
    secrets, problems = parse_secrets(load_text(text, "s.yaml"))
    assert problems == [] and secrets is not None
    credential = secrets.credentials["a"]
    assert credential.k == intents.SECRET_K  # normalised to upper case
    assert intents.SECRET_K not in repr(credential) and intents.SECRET_K not in str(secrets)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("465B5CE8B199B49FAA5F0A2EE238A6B", "N5G110"),
        ("465B5CE8B199B49FAA5F0A2EE238A6BZ", "N5G110"),
        ("12345678901234567890123456789012", "N5G102"),
    ],
)
def test_bad_key_material_is_never_echoed(value: str, code: str) -> None:
    text = (
        f"apiVersion: n5gc.io/v1alpha1\nkind: Secrets\ncredentials:\n  a:\n    k: {value}\n    opc: {value}\n"
    )
    secrets, problems = parse_secrets(load_text(text, "s.yaml"))
    assert secrets is None
    assert [(str(p.location), p.code) for p in problems] == [("s.yaml:5:8", code), ("s.yaml:6:10", code)]
    for p in problems:
        assert value not in f"{p.message} {p.hint}" and value[:16] not in f"{p.message} {p.hint}"


# --- formats other tools parse: what is accepted must stay accepted -----------------------------------


def gitops(**repo: Any) -> Mutation:
    return lambda d: d["spec"].update(gitops={"repo": {"url": "https://git.example/net.git", **repo}})


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["spec"].update(core={"chart": {"version": "2.3.4-rc.1", "smfVersion": "v2.3.1"}}),
        lambda d: d["spec"].update(core={"chart": {"repo": "oci://registry.example:5000/charts"}}),
        lambda d: d["spec"].update(core={"chart": {"repo": "http://charts.lab:8080/"}}),
        lambda d: d["spec"]["sites"][0].update(clusterDomain="cluster-2.example.net"),
        lambda d: d["spec"]["sites"][0].update(
            cluster={"name": "gke_project_europe-west1_lab.1", "server": "https://10.0.0.1:6443"}
        ),
        gitops(url="ssh://git@git.example:2222/5g/net.git"),
        gitops(url="git@github.com:example/net.git"),
        gitops(revision="refs/tags/v1.2.0", path="./deploy/nets/net/"),
        gitops(revision="0123456789abcdef0123456789abcdef01234567", path="."),
    ],
)
def test_valid_formats_are_accepted(mutate: Mutation) -> None:
    network, problems = parse(mutate)
    assert network is not None, [p.message for p in problems]


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda d: d["spec"].update(core={"chart": {"version": "2.3"}}), "N5G111"),
        (lambda d: d["spec"].update(core={"chart": {"upfVersion": "latest"}}), "N5G111"),
        (lambda d: d["spec"].update(core={"chart": {"repo": "ftp://charts.example"}}), "N5G112"),
        (lambda d: d["spec"]["sites"][0].update(clusterDomain="cluster_local"), "N5G113"),
        (lambda d: d["spec"]["sites"][0].update(clusterDomain="a..b"), "N5G113"),
        (lambda d: d["spec"]["sites"][0].update(cluster={"name": "x" * 64}), "N5G116"),
        (lambda d: d["spec"]["sites"][0].update(cluster={"name": "a", "server": "ssh://a"}), "N5G112"),
        (gitops(url="file:///srv/git/net"), "N5G112"),
        (gitops(path="/abs/out"), "N5G117"),
        (gitops(path="out/../../x"), "N5G117"),
        (gitops(revision="main..dev"), "N5G117"),
        (gitops(revision=""), "N5G117"),
    ],
)
def test_invalid_formats_are_refused_with_their_code(mutate: Mutation, code: str) -> None:
    assert one_problem(mutate).code == code


def _first_cell(**values: Any) -> Mutation:
    cell = {"nci": "0x000000010", "pci": 1, "band": "n78", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}
    return lambda d: d["spec"]["ran"][0].update(cells=[{**cell, **values}])


@pytest.mark.parametrize(
    "nci",
    ["1_0", "0x1_0", "٣", "0x٣", "1" * 5000, "0x" + "f" * 5000],
    ids=["underscore", "hex-underscore", "arabic-digit", "hex-arabic", "5000-digits", "5000-hex"],
)
def test_an_nci_is_ascii_digits_or_hex(nci: str) -> None:
    """int() takes "1_0" and other scripts' digits (and raises on very long strings): an NCI must be
    written in ASCII, decimal or 0x-hex, and fit 36 bits."""
    problem = one_problem(_first_cell(nci=nci))
    assert problem.code == "N5G109"


@pytest.mark.parametrize("field", ["name", "mcc", "sd"])
def test_a_trailing_newline_is_not_part_of_a_valid_identifier(field: str) -> None:
    """`$` in a regular expression also matches before a final newline: "lab\\n" must not pass as a
    DNS label (nor "001\\n" as an MCC, "000001\\n" as an SD)."""
    mutate: Mutation = {
        "name": lambda d: d["metadata"].update(name=d["metadata"]["name"] + "\n"),
        "mcc": lambda d: d["spec"]["plmn"].update(mcc=d["spec"]["plmn"]["mcc"] + "\n"),
        "sd": lambda d: d["spec"]["slices"][0].update(sd=d["spec"]["slices"][0]["sd"] + "\n"),
    }[field]
    network, problems = parse(mutate)
    assert network is None and problems, field
