"""Every diagnostic code the front half can produce, from a broken intent, at its exact position.

Each row breaks the valid `intents.NETWORK` (or writes a broken file) and states the code, the
`file:line:col` the diagnostic must point at (the offending key or value) and a fragment of its
text (message or hint). A second test keeps this table, the catalog of `n5gc explain` and the
codes used in the source in sync.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from intents import NETWORK, SECRETS, edit

from n5gc import load
from n5gc.codes import CATALOG
from n5gc.diagnostics import Diagnostic
from n5gc.report import format_text

REPO = Path(__file__).resolve().parents[2]

# Codes only the compile path (or the repository config it reads) produces; tested with compile.
COMPILE_ONLY = {
    "N5G011",  # n5gc.yaml (repository config) problems: read by `n5gc compile` without arguments
    "N5G209",  # keys written in plain text: a warning of `n5gc compile`, after planning and rendering
    "N5G241",  # plain text where encryption is required: `compile --require-encryption` (tests/sops/)
    "N5G607",  # gitops.repo.path vs the output folder: needs the output (tests/plan/test_gitops_paths.py)
    # The audit of a written tree (n5gc audit DIR; compile's audit): tested in tests/audit/.
    *(f"N5G{n}" for n in range(801, 818)),
    # The audit of OAI 5G Core trees: tested in tests/targets/test_oai_cn.py.
    *(f"N5G{n}" for n in range(830, 834)),
    # The output folder and the environment (emit, `compile --check/--commit`): tests/hostile/
    # test_output_folder.py and test_environment.py, tests/emit/.
    *(f"N5G7{n:02d}" for n in (*range(1, 12), 20, 21, 22)),
}
# Codes n5gc no longer produces, kept in the catalog so that they are never reused for another meaning.
RETIRED = {
    "N5G253",  # GitOps with the OAI core: Argo CD and Flux read its charts from Git now
}

OVERLAY_HEADER = "apiVersion: n5gc.io/v1alpha1\nkind: Network\n"
# 9 levels of 9 aliases: expands to about 4 * 10^8 nodes; must be refused at once, not expanded.
ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)
)
AGE_RECIPIENT = "age1nf9vh7cpjk03pjrtjna2zy0vyutwmx8ffs3f8jyjfg8n2mmnde0s3v43hn"  # tests/sops test key 1
CELL = '        - {nci: "0x000000010", pci: 1, band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 641280}'
SENSORS_SIMULATED = "dnns: [control]}]\n      credentials: keys\n      simulate: {gnb: gnb1}"
# A second site, paris, holding the urllc user plane (its SMF stays with the core in berlin).
URLLC_IN_PARIS = (
    ("    - name: berlin\n      podCidr", "    - {name: paris}\n    - name: berlin\n      podCidr"),
    ("      dnns: [{name: control", "      userPlane: {site: paris}\n      dnns: [{name: control"),
)
GNB_SITE = "      site: berlin\n      slices: [embb"
N66_2170 = "band: n66, bandwidthMHz: 40, scsKHz: 30, centerMHz: 2170"  # its UL leaves n66's UL band
SECOND_CELL = CELL + "\n" + CELL.replace("0x000000010", "0x000000011").replace("pci: 1", "pci: 2")


# A group appended to the base intent (lines 44-47) as the smoke test's: not simulated, subscribed to
# embb/internet only, one IMSI for the two slice x DNN pairs.
SMOKE_TESTERS = (
    "    - name: testers\n"
    '      imsi: {first: "001010000000201", count: 1}\n'
    "      slices: [{slice: embb, dnns: [internet]}]\n"
    "      credentials: keys\n"
    "  smokeTest: {subscribers: testers}\n"
)


# The base intent on the OAI 5G Core: its N2 NodePort line becomes `flavor: oai` (same line count).
OAI_CORE = ("    n2: {service: NodePort, nodePort: 30412}", "    flavor: oai")


def gnb_type(kind: str) -> tuple[str, str]:
    """Edit gnb1's `site: berlin` line into `type: <kind>` (same line count)."""
    return GNB_SITE, f"      type: {kind}\n      slices: [embb"


@dataclass
class Row:
    code: str
    where: str  # file:line:col as printed (file only for whole-file problems)
    fragment: str  # part of the diagnostic's text (message, or hint)
    text: str | bytes | None = NETWORK  # network.yaml (None: not written)
    files: dict[str, str] = field(default_factory=dict)  # more files beside it
    overlays: list[str] = field(default_factory=list)
    severity: str = "error"
    options: dict[str, object] = field(default_factory=dict)  # keyword arguments of analyse()
    setup: Callable[[pytest.MonkeyPatch], None] | None = None


def edits(*pairs: tuple[str, str]) -> str:
    text = NETWORK
    for old, new in pairs:
        text = edit(text, old, new)
    return text


def small_file_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 100)


ROWS: dict[str, Row] = {
    # --- load -------------------------------------------------------------------------------
    "yaml-syntax": Row(
        "N5G001", "network.yaml:8:8", "expected ',' or ']'", edits(("  tac: 1\n", "  tac: [1\n"))
    ),
    "duplicate-key": Row(
        "N5G002", "network.yaml:6:33", 'duplicate key "mnc"', edits(('mnc: "01"}', 'mnc: "01", mnc: "02"}'))
    ),
    "not-utf8": Row(
        "N5G003",
        "network.yaml:4:10",
        "not valid UTF-8 (byte 0xe9)",
        NETWORK.encode().replace(b"name: net", b"name: n\xe9t"),
    ),
    "two-documents": Row(
        "N5G004",
        "network.yaml:1:1",
        "expected one YAML document, found 2",
        NETWORK + "---\napiVersion: n5gc.io/v1alpha1\n",
    ),
    "not-a-mapping": Row("N5G004", "network.yaml:1:1", "must be a mapping, found seq", "- a\n- b\n"),
    "unknown-tag": Row(
        "N5G005",
        "network.yaml:7:8",
        "unknown YAML tag !include",
        edits(("  tac: 1\n", "  tac: !include tac.yaml\n")),
    ),
    "python-tag": Row(
        "N5G005",
        "network.yaml:7:8",
        "python/object",
        edits(("  tac: 1\n", "  tac: !!python/object:os.system ls\n")),
    ),
    "tag-does-not-fit": Row(
        "N5G012",
        "network.yaml:7:8",
        '"one" tagged !!int cannot be read as an integer',
        edits(("  tac: 1\n", "  tac: !!int one\n")),
    ),
    "credentials-name-like-a-key": Row(
        "N5G013",
        "network.secrets.yaml:4:3",
        "could be key material",
        files={"network.secrets.yaml": SECRETS.replace("keys:", "465B5CE8B199B49FAA5F0A2EE238A6BC:")},
    ),
    "alias-bomb": Row("N5G006", "network.yaml:7:5", "expands to more than", ALIAS_BOMB),
    "too-deep": Row(
        "N5G006", "network.yaml:1:68", "nesting deeper than 64", "a: " + "[" * 100 + "]" * 100 + "\n"
    ),
    "too-large": Row("N5G007", "network.yaml", "more than the limit of 100", setup=small_file_limit),
    "missing-file": Row("N5G008", "network.yaml", "file not found", None),
    "overlay-deletes-nothing": Row(
        "N5G009",
        "ov.yaml:5:7",
        'overlay deletes "miot"',
        files={"ov.yaml": OVERLAY_HEADER + "spec:\n  slices:\n    - name: miot\n      $patch: delete\n"},
        overlays=["ov.yaml"],
    ),
    "overlay-patch-replace": Row(
        "N5G009",
        "ov.yaml:6:15",
        "'$patch: replace' is not supported",
        files={"ov.yaml": OVERLAY_HEADER + "spec:\n  core:\n    n2:\n      $patch: replace\n"},
        overlays=["ov.yaml"],
    ),
    "overlay-empty-folder": Row(
        "N5G009",
        "empty",
        "overlay folder holds no .yaml file",
        files={"empty/notes.txt": "x"},
        overlays=["empty"],
    ),
    "wrong-kind": Row(
        "N5G010",
        "network.yaml:2:7",
        "kind must be Network, found 'Netwrok'",
        edits(("kind: Network", "kind: Netwrok")),
    ),
    # --- model ------------------------------------------------------------------------------
    "unknown-field": Row(
        "N5G100",
        "network.yaml:10:7",
        "    hint: did you mean `podCidr`?",  # after the message and the quoted source line
        edits(("podCidr: 10.42", "podCIDR: 10.42")),
    ),
    "unknown-field-in-overlay": Row(
        "N5G100",
        "ov.yaml:6:7",
        "did you mean `userPlane`?",
        files={
            "ov.yaml": OVERLAY_HEADER + "spec:\n  slices:\n    - name: urllc\n"
            "      userPlan: {instances: 2}\n"
        },
        overlays=["ov.yaml"],
    ),
    "missing-field": Row(
        "N5G101",
        "network.yaml:23:7",
        'slice "urllc": missing required field "sst"',
        edits(("      sst: 2\n", "      # no sst\n")),
    ),
    "number-for-string": Row(
        "N5G102",
        "network.yaml:6:27",
        "mnc must be a quoted string, found the number 1",
        edits(('mnc: "01"', "mnc: 1")),
    ),
    "string-for-int": Row(
        "N5G102",
        "network.yaml:24:12",
        'sst must be an integer, found the string "2"',
        edits(("      sst: 2", '      sst: "2"')),
    ),
    "out-of-range": Row(
        "N5G103",
        "network.yaml:24:12",
        "sst the number 256: input should be less than or equal to 255",
        edits(("      sst: 2", "      sst: 256")),
    ),
    "not-allowed-word": Row(
        "N5G103",
        "network.yaml:14:19",
        "did you mean `NodePort`?",
        edits(("service: NodePort", "service: Nodeport")),
    ),
    "malformed-sd": Row(
        "N5G104", "network.yaml:26:11", 'sd "2" must be 6 hex digits', edits(('sd: "000002"', 'sd: "2"'))
    ),
    "malformed-mcc": Row(
        "N5G105", "network.yaml:6:15", 'mcc "0011" must be 3 digits', edits(('mcc: "001"', 'mcc: "0011"'))
    ),
    "malformed-imsi": Row(
        "N5G106",
        "network.yaml:40:21",
        'imsi "00101000000010" must be 15 digits',
        edits(('"001010000000101"', '"00101000000010"')),
    ),
    "invalid-name": Row(
        "N5G107",
        "network.yaml:34:13",
        'name "Phones" is not a DNS-1123 label',
        edits(("    - name: phones", "    - name: Phones")),
    ),
    "invalid-subnet": Row(
        "N5G108",
        "network.yaml:21:19",
        "did you mean 10.45.0.0/24? host bits must be zero",
        edits(("subnet: 10.45.0.0/24", "subnet: 10.45.0.1/24")),
    ),
    "invalid-nci": Row(
        "N5G109",
        "network.yaml:32:17",
        'nci "0xZZ" must be a 36-bit number',
        edits(('"0x000000010"', '"0xZZ"')),
    ),
    "invalid-key": Row(
        "N5G110",
        "network.secrets.yaml:4:52",
        'credentials "keys": must be 32 hex digits',
        files={"network.secrets.yaml": edit(SECRETS, intents.SECRET_OPC, intents.SECRET_OPC[:-2])},
    ),
    # --- formats other tools parse (N5G111-N5G117) ---------------------------------------------
    "chart-version": Row(
        "N5G111",
        "network.yaml:14:22",
        'chart version "2.3" is not a full semantic version',
        edits(("    n2: {service: NodePort, nodePort: 30412}", '    chart: {version: "2.3"}')),
    ),
    "chart-repo": Row(
        "N5G112",
        "network.yaml:14:19",
        'chart repository "gradiant.github.io/5g-charts" is not an https://, http:// or oci:// URL',
        edits(
            (
                "    n2: {service: NodePort, nodePort: 30412}",
                "    chart: {repo: gradiant.github.io/5g-charts}",
            )
        ),
    ),
    "git-url-empty": Row(
        "N5G112",
        "network.yaml:44:24",
        'Git repository URL "" is not a URL Argo CD or Flux can clone',
        NETWORK + '  gitops: {repo: {url: ""}}\n',
    ),
    "cluster-domain": Row(
        "N5G113",
        "network.yaml:11:22",
        'clusterDomain "Cluster.Local" is not a lowercase DNS name',
        edits(("      serviceCidr: 10.43.0.0/16", "      clusterDomain: Cluster.Local")),
    ),
    "label-value-long": Row(
        "N5G114",
        "network.yaml:5:18",
        "is not a Kubernetes label value: it has 64 characters, more than 63",
        edits(("  name: net\n", "  name: net\n  labels: {team: " + "x" * 64 + "}\n")),
    ),
    "label-key-space": Row(
        "N5G114",
        "network.yaml:5:12",
        'label key "my team" is not a Kubernetes label key',
        edits(("  name: net\n", '  name: net\n  labels: {"my team": x}\n')),
    ),
    "label-own-key": Row(
        "N5G115",
        "network.yaml:5:12",
        'label "n5gc.io/network" is one n5gc sets itself',
        edits(("  name: net\n", "  name: net\n  labels: {n5gc.io/network: other}\n")),
    ),
    "cluster-name": Row(
        "N5G116",
        "network.yaml:11:23",
        'cluster name "../clusters" is not a Kubernetes label value',
        edits(("      serviceCidr: 10.43.0.0/16", '      cluster: {name: "../clusters"}')),
    ),
    "gitops-path": Row(
        "N5G117",
        "network.yaml:44:59",
        'gitops path "../elsewhere" is not a folder inside the repository',
        NETWORK + "  gitops: {repo: {url: https://git.example/net.git, path: ../elsewhere}}\n",
    ),
    # --- references -------------------------------------------------------------------------
    "unknown-site": Row(
        "N5G201",
        "network.yaml:13:11",
        'core: site "berln" is not declared',
        edits(("    site: berlin\n    n2", "    site: berln\n    n2")),
    ),
    "unknown-slice": Row(
        "N5G202",
        "network.yaml:30:22",
        'gNB "gnb1": slice "urlc" is not declared',
        edits(("slices: [embb, urllc]", "slices: [embb, urlc]")),
    ),
    "unknown-gnb": Row(
        "N5G203",
        "network.yaml:38:23",
        'gNB "gnb2" is not declared',
        edits(("{gnb: gnb1}\n    - name: sensors", "{gnb: gnb2}\n    - name: sensors")),
    ),
    "unknown-credentials": Row(
        "N5G204",
        "network.yaml:37:20",
        'credentials "keys" is not declared',
        files={"network.secrets.yaml": edit(SECRETS, "  keys:", "  kees:")},
    ),
    # spec.encryption.sops.age (N5G240): the second recipient's checksum is broken (last character).
    "age-recipient": Row(
        "N5G240",
        "network.yaml:46:77",
        "is not an age public key",
        NETWORK
        + "  encryption:\n    sops:\n      age: ["
        + AGE_RECIPIENT
        + ", "
        + AGE_RECIPIENT[:-1]
        + "x]\n",
    ),
    # spec.smokeTest (N5G230-N5G233): lines appended after the base intent keep its line numbers.
    "smoke-test-unknown-group": Row(
        "N5G230",
        "network.yaml:44:28",
        'subscriber group "tablets" is not declared',
        NETWORK + "  smokeTest: {subscribers: tablets}\n",
    ),
    "smoke-test-not-simulated": Row(
        "N5G231", "network.yaml:44:13", 'group "testers" is not simulated', NETWORK + SMOKE_TESTERS
    ),
    "smoke-test-not-ueransim": Row(
        "N5G231",
        "network.yaml:38:23",
        "smoke test Jobs run UERANSIM nr-ue",
        edits(gnb_type("srsran")) + "  smokeTest: {subscribers: phones}\n",
    ),
    "smoke-test-missing-dnn": Row(
        "N5G232", "network.yaml:46:15", "not subscribed to urllc/control", NETWORK + SMOKE_TESTERS
    ),
    "smoke-test-too-small": Row(
        "N5G233", "network.yaml:45:47", "needs one per slice x DNN (2)", NETWORK + SMOKE_TESTERS
    ),
    "dnn-not-in-slice": Row(
        "N5G205",
        "network.yaml:41:38",
        'dnn "internet" is not served by slice "urllc"',
        edits(("[{slice: urllc, dnns: [control]}]", "[{slice: urllc, dnns: [internet]}]")),
    ),
    "duplicate-name": Row(
        "N5G206",
        "network.yaml:23:13",
        'slice "embb" is declared twice',
        edits(("    - name: urllc", "    - name: embb")),
    ),
    "core-site-needed": Row(
        "N5G207",
        "network.yaml:13:3",
        "core: site is required when the network has 2 sites",
        edits(
            ("    - name: berlin\n      podCidr", "    - {name: paris}\n    - name: berlin\n      podCidr"),
            ("    site: berlin\n    n2", "    n2"),
        ),
    ),
    "no-secrets": Row(
        "N5G208", "network.yaml", "no secrets file was given", options={"require_secrets": True}
    ),
    # --- QoS ----------------------------------------------------------------------------------
    "default-flow-delay-critical-gbr": Row(
        "N5G210",
        "network.yaml:26:21",
        'slice "urllc": fiveQi 82 is a delay-critical GBR 5QI',
        edits(('      sd: "000002"', "      qos: {fiveQi: 82}")),
    ),
    "default-flow-gbr": Row(
        "N5G210",
        "network.yaml:26:21",
        "use a non-GBR 5QI of TS 23.501 Table 5.7.4-1: 5, 6, 7, 8, 9, 69, 70, 79, 80",
        edits(('      sd: "000002"', "      qos: {fiveQi: 1, arp: 2}")),
    ),
    # --- consistency ------------------------------------------------------------------------
    "duplicate-snssai": Row(
        "N5G301",
        "network.yaml:24:12",
        'S-NSSAI (sst 1, sd "000001") is the same as slice "embb"',
        edits(("      sst: 2", "      sst: 1"), ('sd: "000002"', 'sd: "0X000001"')),
    ),
    "slice-not-announced": Row(
        "N5G302",
        "network.yaml:41:24",
        'slice "urllc" is not announced by gNB "gnb1"',
        edits(("slices: [embb, urllc]", "slices: [embb]")),
    ),
    "slice-announced-by-none": Row(
        "N5G303",
        "network.yaml:41:24",
        'no gNB announces slice "urllc"',
        edits(
            ("slices: [embb, urllc]", "slices: [embb]"),
            (SENSORS_SIMULATED, "dnns: [control]}]\n      credentials: keys\n      # real devices"),
        ),
        severity="warning",
    ),
    "imsi-outside-plmn": Row(
        "N5G304",
        "network.yaml:40:21",
        'does not start with the PLMN 001-01 ("00101")',
        edits(('"001010000000101"', '"001020000000101"')),
    ),
    "imsi-range-leaves-plmn": Row(
        "N5G305",
        "network.yaml:40:47",
        'run out of the PLMN 001-01 (last "001020000000004")',
        edits(('"001010000000101"', '"001019999999995"')),
    ),
    "imsi-range-past-15-digits": Row(
        "N5G305",
        "network.yaml:40:47",
        'from "999999999999995" run past 15 digits',
        edits(
            ('mcc: "001", mnc: "01"', 'mcc: "999", mnc: "99"'),
            ('"001010000000001"', '"999990000000001"'),
            ('"001010000000101"', '"999999999999995"'),
        ),
    ),
    "imsi-overlap": Row(
        "N5G306",
        "network.yaml:40:21",
        'its IMSIs overlap group "phones" (up to 001010000000010)',
        edits(('"001010000000101"', '"001010000000005"')),
    ),
    "pools-overlap": Row(
        "N5G307",
        "network.yaml:25:38",
        "pool 10.45.0.0/16 overlaps pool 10.45.0.0/24",
        edits(("10.46.0.0/24", "10.45.0.0/16")),
    ),
    "pool-in-cluster-cidr": Row(
        "N5G308",
        "network.yaml:25:38",
        'overlaps site "berlin" podCidr 10.42.0.0/16',
        edits(("10.46.0.0/24", "10.42.1.0/24")),
    ),
    "pool-too-small": Row(
        "N5G309",
        "network.yaml:25:38",
        "pool 10.46.0.0/29 has 5 addresses for 10 subscribers",
        edits(("10.46.0.0/24", "10.46.0.0/29")),
    ),
    "node-port-ignored": Row(
        "N5G310",
        "network.yaml:14:40",
        "nodePort 30412 is ignored with service ClusterIP",
        edits(("service: NodePort", "service: ClusterIP")),
        severity="warning",
    ),
    "name-too-long": Row(
        "N5G311",
        "network.yaml:4:9",
        '-mongodb-headless" has 68 characters, more than 63',
        edits(("  name: net\n", "  name: a-very-long-network-name-that-goes-on-and-on-and-on\n")),
    ),
    "duplicate-nci": Row(
        "N5G312",
        "network.yaml:33:17",
        'nci 0x000000010 is already used by gNB "gnb1"',
        edits((CELL, CELL + "\n" + CELL.replace("pci: 1", "pci: 2"))),
    ),
    "split-incomplete": Row(
        "N5G313",
        "network.yaml:29:14",
        "split f1 needs `cu: {site: ...}`",
        edits(("      site: berlin\n      slices: [embb", "      split: f1\n      slices: [embb")),
    ),
    "gateway-outside-pool": Row(
        "N5G314",
        "network.yaml:22:20",
        "gateway 10.99.0.1 is not a host of 10.45.0.0/24",
        edits(("          dns: [8.8.8.8]", "          gateway: 10.99.0.1")),
    ),
    "pool-ipv6": Row(
        "N5G315",
        "network.yaml:21:19",
        "pool 2001:db8::/64 is IPv6; n5gc compiles IPv4 UE pools only",
        edits(("subnet: 10.45.0.0/24", "subnet: 2001:db8::/64")),
    ),
    "pool-everything": Row(
        "N5G316",
        "network.yaml:21:19",
        "pool 0.0.0.0/0 overlaps 0.0.0.0/8, which UEs cannot use",
        edits(("subnet: 10.45.0.0/24", "subnet: 0.0.0.0/0")),
    ),
    "generated-name-invalid": Row(
        "N5G317",
        "network.yaml:4:9",
        'generated Service name "5g-nrf-sbi" is not valid',
        edits(("  name: net\n", "  name: 5g\n")),
    ),
    "generated-names-collide": Row(
        "N5G318",
        "network.yaml:16:13",
        'slice "core": generated namespace "net-core" is also made for the network at metadata.name',
        edits(("    - name: embb\n      sst: 1", "    - name: core\n      sst: 1")),
    ),
    "flux-scp-url": Row(
        "N5G319",
        "network.yaml:44:38",
        "write it as ssh://git@git.example/net.git",
        NETWORK + "  gitops: {engine: flux, repo: {url: git@git.example:net.git}}\n",
    ),
    # --- target limits ----------------------------------------------------------------------
    "ueransim-octal-mnc": Row(
        "N5G401",
        "network.yaml:6:27",
        'mnc "08" cannot be used with UERANSIM',
        edits(('mnc: "01"', 'mnc: "08"')),
    ),
    "simulated-group-too-large": Row(
        "N5G402",
        "network.yaml:40:47",
        "600 simulated UEs",
        edits(
            ('"001010000000101", count: 10', '"001010000000101", count: 600'),
            ("10.46.0.0/24", "10.46.0.0/20"),
        ),
    ),
    "simulated-on-real-gnb": Row(
        "N5G403",
        "network.yaml:38:23",
        'cannot attach to gNB "gnb1" of type srsran',
        edits(gnb_type("srsran")),
    ),
    "real-gnb-cell-count": Row(
        "N5G404",
        "network.yaml:32:9",
        'gNB "gnb1" of type oai declares 2 cells',
        edits(gnb_type("oai"), (CELL, SECOND_CELL)),
    ),
    "srsran-reserved-tac": Row(
        "N5G405",
        "network.yaml:7:8",
        'gNB "gnb1": srsRAN refuses the reserved TAC 0',
        edits(gnb_type("srsran"), ("  tac: 1\n", "  tac: 0\n")),
    ),
    # --- core flavor (N5G250-N5G255): the base intent on the OAI 5G Core ------------------------
    "oai-two-upfs": Row(
        "N5G250",
        "network.yaml:19:30",
        "the OAI core runs 1 per slice",
        edits(OAI_CORE, ('      sd: "000001"\n', '      sd: "000001"\n      userPlane: {instances: 2}\n')),
    ),
    "oai-multicluster": Row(
        "N5G251",
        "network.yaml:8:26",
        "multicluster engine nsm is not wired for the OAI core",
        edits(OAI_CORE, ("  tac: 1\n", "  tac: 1\n  multicluster: {engine: nsm}\n")),
    ),
    "oai-chart": Row(
        "N5G252",
        "network.yaml:15:5",
        "remove core.chart",
        edits((OAI_CORE[0], OAI_CORE[1] + '\n    chart: {version: "2.3.4"}')),
    ),
    "oai-n2-node-port": Row(
        "N5G254",
        "network.yaml:14:19",
        "core.n2.service NodePort",
        edits(("    site: berlin\n    n2:", "    flavor: oai\n    n2:")),
    ),
    "oai-two-slices": Row(
        "N5G255",
        "network.yaml:36:57",
        'subscriber group "phones" subscribes to 2 slices',
        edits(
            OAI_CORE,
            (
                "[{slice: embb, dnns: [internet]}]",
                "[{slice: embb, dnns: [internet]}, {slice: urllc, dnns: [control]}]",
            ),
        ),
    ),
    "oai-carrier-kind": Row(
        "N5G406",
        "network.yaml:32:77",
        "cell 1 (n78, 60 kHz) is not an FR1 carrier at 15 or 30 kHz",
        edits(gnb_type("oai"), ("scsKHz: 30", "scsKHz: 60")),
    ),
    # --- multicluster -----------------------------------------------------------------------
    "unknown-liqo-home": Row(  # regression: an unknown home site crashed the Liqo checks (KeyError, exit 3)
        "N5G201",
        "network.yaml:48:18",
        'liqo: site "nowhere" is not declared',
        edits(*URLLC_IN_PARIS) + "  multicluster:\n    engine: liqo\n    liqo: {home: nowhere}\n",
    ),
    "crossing-without-engine": Row(
        "N5G601",
        "network.yaml:26:25",
        'N4 (PFCP, UDP) between SMF of slice "urllc" '
        '(site berlin) and UPF of slice "urllc" #1 (site paris) crosses sites',
        edits(*URLLC_IN_PARIS),
    ),
    "crossing-not-on-nsm": Row(
        "N5G602",
        "network.yaml:48:23",
        "nsm.interfaces does not list n4",
        edits(*URLLC_IN_PARIS) + "  multicluster:\n    engine: nsm\n    nsm: {interfaces: [n2, n3]}\n",
    ),
    "engine-options-ignored": Row(
        "N5G603",
        "network.yaml:46:5",
        "multicluster.liqo is ignored with engine none",
        NETWORK + "  multicluster:\n    engine: none\n    liqo: {peering: InBand}\n",
        severity="warning",
    ),
    "liqo-names-do-not-resolve": Row(
        "N5G604",
        "network.yaml:48:38",
        "namespaceMappingStrategy DefaultName gives offloaded namespaces other names",
        edits(*URLLC_IN_PARIS)
        + "  multicluster:\n    engine: liqo\n    liqo: {namespaceMappingStrategy: DefaultName}\n",
        severity="warning",
    ),
    "liqo-strategy-contradicts-placement": Row(
        "N5G605",
        "network.yaml:48:35",
        "podOffloadingStrategy Local keeps every pod in the home cluster (berlin), but 1 workload(s) run on "
        'other sites, e.g. UPF "urllc" on paris',
        edits(*URLLC_IN_PARIS)
        + "  multicluster:\n    engine: liqo\n    liqo: {podOffloadingStrategy: Local}\n",
    ),
    "nsm-same-domain": Row(
        "N5G606",
        "network.yaml:9:7",
        "runs over NSM across clusters, but both clusters have the DNS domain cluster.local",
        edits(*URLLC_IN_PARIS) + "  multicluster:\n    engine: nsm\n    nsm: {interfaces: [n3, n4]}\n",
        severity="warning",
    ),
    "liqo-pod-cidr-undeclared": Row(
        "N5G620",
        "network.yaml:9:14",
        'N3 (GTP-U, UDP) between gNB "gnb1" (site berlin) and UPF of slice "urllc" #1 (site paris) crosses '
        "clusters over Liqo, to the peers' own pod addresses (GTP-U goes where PFCP/NGAP say, always UDP "
        '2152), but site "paris" does not declare its podCidr',
        edits(*URLLC_IN_PARIS) + "  multicluster:\n    engine: liqo\n",
    ),
    "liqo-pod-cidrs-overlap": Row(
        "N5G621",
        "network.yaml:11:16",
        'the pod CIDRs of sites "paris" (10.42.128.0/17) and "berlin" (10.42.0.0/16) overlap',
        edits(
            (
                URLLC_IN_PARIS[0][0],
                URLLC_IN_PARIS[0][1].replace("{name: paris}", "{name: paris, podCidr: 10.42.128.0/17}"),
            ),
            URLLC_IN_PARIS[1],
        )
        + "  multicluster:\n    engine: liqo\n",
    ),
    # --- radio ------------------------------------------------------------------------------
    "unknown-band": Row(
        "N5G501",
        "network.yaml:32:46",
        "'n999' is not a known NR operating band",
        edits(("band: n78", "band: n999")),
    ),
    "bandwidth-not-in-band": Row(
        "N5G501",
        "network.yaml:32:65",
        "n78 does not allow a 7 MHz channel at 30 kHz SCS",
        edits(("bandwidthMHz: 40", "bandwidthMHz: 7")),
    ),
    "fdd-uplink-outside-band": Row(  # issue 11: n66's DL reaches 2200 MHz, its UL only 1780 MHz
        "N5G501",
        "network.yaml:32:92",
        "spans 1750–1790 MHz, outside the n66 uplink band 1710–1780 MHz",
        edits(("band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 641280", N66_2170)),
    ),
    "oai-odd-kssb": Row(  # issue 11: the standard's SSB position, which OAI asserts against
        "N5G503",
        "network.yaml:32:88",
        "OAI asserts an even kSSB for a 30 kHz SSB",
        edits(gnb_type("oai"), ("scsKHz: 30, arfcn: 641280", "scsKHz: 15, arfcn: 636667")),
    ),
    "centre-snapped": Row(
        "N5G502",
        "network.yaml:32:92",
        "centre 3500 MHz is not on the channel raster",
        edits(("arfcn: 641280}", "centerMHz: 3500}")),
        severity="warning",
    ),
}


def run_row(row: Row, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Diagnostic]:
    monkeypatch.chdir(folder)
    if row.text is not None:
        intents.write(folder, row.text)
    for name, text in row.files.items():
        intents.write(folder, text, name)
    if row.setup is not None:
        row.setup(monkeypatch)
    return intents.diagnose(Path("network.yaml"), [Path(o) for o in row.overlays], **row.options)


@pytest.mark.parametrize("name", list(ROWS))
def test_code(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = ROWS[name]
    started = time.monotonic()
    diagnostics = run_row(row, tmp_path, monkeypatch)
    assert time.monotonic() - started < 5, "the front half must answer at once, even for an alias bomb"
    shown = "\n".join(format_text(d) for d in diagnostics)
    found = [d for d in diagnostics if d.code == row.code]
    assert found, f"no {row.code} in:\n{shown}"
    at = [d for d in found if str(d.location) == row.where]
    assert at, f"{row.code} expected at {row.where}:\n{shown}"
    assert any(row.fragment in format_text(d) for d in at), f"{row.fragment!r} not in:\n{shown}"
    assert all(intents.line_of(d).startswith(f"{row.where}: {row.severity} {row.code} ") for d in at)


def test_the_documented_example_is_printed_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics = run_row(ROWS["malformed-sd"], tmp_path, monkeypatch)
    assert [intents.line_of(d) for d in diagnostics] == [
        'network.yaml:26:11: error N5G104 slice "urllc": sd "2" must be 6 hex digits, e.g. "000002"'
    ]


def test_the_base_intent_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row breaks a valid intent: its diagnostics come from the row's edit alone."""
    assert run_row(Row("", "", ""), tmp_path, monkeypatch) == []
    intents.write(tmp_path, SECRETS, "network.secrets.yaml")
    assert intents.diagnose(Path("network.yaml"), require_secrets=True) == []


def test_key_material_is_never_repeated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("invalid-key",):
        text = "\n".join(format_text(d) for d in run_row(ROWS[name], tmp_path, monkeypatch))
        assert intents.SECRET_K not in text and intents.SECRET_OPC[:-2] not in text


def test_every_catalog_code_has_a_row() -> None:
    covered = {row.code for row in ROWS.values()}
    missing = set(CATALOG) - covered - COMPILE_ONLY - RETIRED
    assert not missing, f"add a row to ROWS for {sorted(missing)} (or to COMPILE_ONLY, with a reason)"
    assert not covered - set(CATALOG), "the table uses codes n5gc explain does not know"
    assert set(CATALOG) >= COMPILE_ONLY | RETIRED
    assert not covered & RETIRED, "a retired code is produced again"


def test_retired_codes_are_produced_nowhere() -> None:
    """A retired code stays in the catalog (n5gc explain) and appears in no other file of n5gc/."""
    for path in (REPO / "n5gc").rglob("*.py"):
        if path.name != "codes.py":
            text = path.read_text(encoding="utf-8")
            assert not [code for code in RETIRED if code in text], path


def test_every_code_in_the_source_is_in_the_catalog() -> None:
    used = {
        code
        for path in (REPO / "n5gc").rglob("*.py")
        for code in re.findall(r"N5G[0-9]{3}", path.read_text(encoding="utf-8"))
    }
    assert len(used) > 40
    unknown = sorted(used - set(CATALOG))
    assert not unknown, f"codes used in n5gc/ but missing from n5gc/codes.py CATALOG: {unknown}"
