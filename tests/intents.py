"""Intents for the front-half tests: a valid base text with fixed line numbers, and helpers.

Test files load this module with ``sys.path.insert(0, <tests folder>)`` + ``import intents``
(pytest runs with --import-mode=importlib, so test modules cannot import each other).

`NETWORK` is written so that a one-line edit keeps every line number: the table of diagnostic
codes (tests/checks/test_codes_table.py) states exact ``line:col`` positions in it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from n5gc.cli import main
from n5gc.diagnostics import Diagnostic, Severity
from n5gc.frontend import analyse
from n5gc.report import format_text

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
VENV_BIN = REPO / ".venv" / "bin"

# Line numbers are part of the contract of this text: keep them (see the table of codes).
NETWORK = """\
apiVersion: n5gc.io/v1alpha1
kind: Network
metadata:
  name: net
spec:
  plmn: {mcc: "001", mnc: "01"}
  tac: 1
  sites:
    - name: berlin
      podCidr: 10.42.0.0/16
      serviceCidr: 10.43.0.0/16
  core:
    site: berlin
    n2: {service: NodePort, nodePort: 30412}
  slices:
    - name: embb
      sst: 1
      sd: "000001"
      dnns:
        - name: internet
          subnet: 10.45.0.0/24
          dns: [8.8.8.8]
    - name: urllc
      sst: 2
      dnns: [{name: control, subnet: 10.46.0.0/24}]
      sd: "000002"
  ran:
    - name: gnb1
      site: berlin
      slices: [embb, urllc]
      cells:
        - {nci: "0x000000010", pci: 1, band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 641280}
  subscribers:
    - name: phones
      imsi: {first: "001010000000001", count: 10}
      slices: [{slice: embb, dnns: [internet]}]
      credentials: keys
      simulate: {gnb: gnb1}
    - name: sensors
      imsi: {first: "001010000000101", count: 10}
      slices: [{slice: urllc, dnns: [control]}]
      credentials: keys
      simulate: {gnb: gnb1}
"""

SECRETS = """\
apiVersion: n5gc.io/v1alpha1
kind: Secrets
credentials:
  keys: {k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA}
"""

SECRET_K = "465B5CE8B199B49FAA5F0A2EE238A6BC"
SECRET_OPC = "E8ED289DEBA952E4283B54E88E6183CA"


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (fails loudly when `old` is not unique)."""
    found = text.count(old)
    assert found == 1, f"{old!r} occurs {found} times in the intent"
    return text.replace(old, new)


def write(folder: Path, text: str | bytes, name: str = "network.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def diagnose(
    intent: Path, overlays: list[Path] | None = None, secrets: Path | None = None, **kwargs: Any
) -> list[Diagnostic]:
    """Every diagnostic of the front half, in report order."""
    return analyse(intent, overlays, secrets, **kwargs).report.sorted()


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def line_of(diagnostic: Diagnostic) -> str:
    """The first line of the text report: `network.yaml:26:11: error N5G104 slice "urllc": ...`."""
    return format_text(diagnostic).splitlines()[0]


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# ------------------------------------------------------------------------------------------------
# the same network as data, for tests that build intents programmatically

NETWORK_DATA: dict[str, Any] = {
    "apiVersion": "n5gc.io/v1alpha1",
    "kind": "Network",
    "metadata": {"name": "net"},
    "spec": {
        "plmn": {"mcc": "001", "mnc": "01"},
        "sites": [{"name": "berlin"}],
        "slices": [
            {
                "name": "embb",
                "sst": 1,
                "sd": "000001",
                "dnns": [{"name": "internet", "subnet": "10.45.0.0/24"}],
            },
            {
                "name": "urllc",
                "sst": 2,
                "sd": "000002",
                "dnns": [{"name": "control", "subnet": "10.46.0.0/24"}],
            },
        ],
        "ran": [{"name": "gnb1", "slices": ["embb", "urllc"]}],
        "subscribers": [
            {
                "name": "phones",
                "imsi": {"first": "001010000000001", "count": 10},
                "slices": [{"slice": "embb", "dnns": ["internet"]}],
                "credentials": "keys",
                "simulate": {"gnb": "gnb1"},
            },
        ],
    },
}


def network_data() -> dict[str, Any]:
    """A fresh deep copy of NETWORK_DATA (tests mutate it)."""
    return copy.deepcopy(NETWORK_DATA)


def to_yaml(data: Any) -> str:
    """Typed YAML: strings that look like numbers ("001", "000001") stay quoted strings."""
    from n5gc.yamlio import dump

    return dump(data)


# Two sites on two clusters (berlin by API URL, uk by cluster name); eMBB's UPFs and a gNB in uk.
# Used by the GitOps target tests: fill in berlin (API URL), multicluster and engine.
TWO_SITES = """\
apiVersion: n5gc.io/v1alpha1
kind: Network
metadata: {name: duo}
spec:
  plmn: {mcc: "001", mnc: "01"}
  sites:
    - {name: berlin, cluster: {name: berlin, server: "%(berlin)s"},
       podCidr: 10.42.0.0/16, serviceCidr: 10.43.0.0/16}
    - {name: uk, cluster: {name: uk}, podCidr: 10.52.0.0/16, serviceCidr: 10.53.0.0/16}
  core: {site: berlin}
  slices:
    - {name: embb, sst: 1, sd: "000001", userPlane: {site: uk, instances: 2},
       dnns: [{name: internet, subnet: 10.45.0.0/24}]}
    - {name: urllc, sst: 2, sd: "000002", dnns: [{name: control, subnet: 10.46.0.0/24}]}
  ran:
    - {name: gnb-uk, site: uk, slices: [embb, urllc]}
  multicluster: %(multicluster)s
  gitops:
    engine: %(engine)s
    repo: {url: https://git.example.net/5g/duo.git, revision: main, path: networks/duo}
"""


# Three slices (one without SD) and a network around a list of gNBs: the RAN target tests' base.
RAN_SLICES = [
    {"name": "embb", "sst": 1, "sd": "000001", "dnns": [{"name": "internet", "subnet": "10.45.0.0/24"}]},
    {"name": "iot", "sst": 3, "sd": "0000a0", "dnns": [{"name": "iot", "subnet": "10.47.0.0/24"}]},
    {"name": "urllc", "sst": 2, "dnns": [{"name": "control", "subnet": "10.46.0.0/24"}]},
]


def ran_network(
    ran: list[dict[str, Any]],
    sites: tuple[str, ...] = ("lab",),
    engine: str = "none",
    mnc: str = "01",
    tac: int | None = None,
) -> dict[str, Any]:
    """A network `net` with RAN_SLICES and the given gNBs; the core on the first site."""
    spec: dict[str, Any] = {
        "plmn": {"mcc": "001", "mnc": mnc},
        # Disjoint pod CIDRs: under Liqo, N2/N3/F1 across clusters go to the pods' own addresses (N5G620).
        "sites": [{"name": s, "podCidr": f"10.{100 + i}.0.0/16"} for i, s in enumerate(sites)],
        "slices": copy.deepcopy(RAN_SLICES),
        "ran": ran,
        "multicluster": {"engine": engine},
    }
    if tac is not None:
        spec["tac"] = tac
    if len(sites) > 1:
        spec["core"] = {"site": sites[0]}
    return {"apiVersion": "n5gc.io/v1alpha1", "kind": "Network", "metadata": {"name": "net"}, "spec": spec}


def compile_intent(intent: Path, overlays: list[Path] | None = None) -> tuple[Any, list[Any]]:
    """Front end, plan, every target and verification: what `n5gc compile` does before writing."""
    from n5gc.plan import build_plan
    from n5gc.targets import render_all
    from n5gc.verify import verify

    analysis = analyse(intent, overlays or [])
    assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
    plan = build_plan(analysis.network)
    artifacts = render_all(plan, analysis.secrets)
    verify(artifacts)
    return plan, artifacts


def plan_of(data: dict[str, Any], folder: Path) -> Any:
    """The plan of an intent given as data (written to `folder`/network.yaml with n5gc's typed dumper)."""
    from n5gc.plan import build_plan
    from n5gc.yamlio import dump

    path = folder / "network.yaml"
    path.write_text(dump(data), encoding="utf-8")
    analysis = analyse(path)
    assert analysis.ok, analysis.report.sorted()
    assert analysis.network is not None
    return build_plan(analysis.network)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """n5gc.cli.main in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    return caught.value.code, out, err  # type: ignore[return-value]
