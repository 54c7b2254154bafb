"""Validate catches everything compile needs (issue 8, items 9 and 15): each input below passed
`validate` and made `compile` crash (exit 3, no location) or emit objects a cluster refuses.

Each case asserts: `validate` exits 1 with the code at the offending value's file:line:col;
`compile` exits 1 with the same diagnostic line and writes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents

N5GC = str(intents.VENV_BIN / "n5gc")
LAB = (intents.EXAMPLES / "lab.yaml").read_text()
SRSRAN = (intents.EXAMPLES / "srsran.yaml").read_text()


@dataclass(frozen=True)
class Case:
    code: str
    text: str  # the intent
    marker: str  # the text the diagnostic must point at (first occurrence, column of its start)
    fragment: str  # part of the message
    secrets: str = "lab"  # which example's secrets file


def lab(old: str, new: str) -> str:
    return intents.edit(LAB, old, new)


GITOPS = "  gitops:\n    repo: {url: https://git.example/lab.git}\n"
CHART = "  core:\n    chart: {%s}\n  slices:\n    - name: embb"

CASES = {
    "chart-version-not-semver": Case(
        "N5G111", lab("  slices:\n    - name: embb", CHART % 'version: "2.3"'), '"2.3"', 'chart version "2.3"'
    ),
    "chart-repo-without-scheme": Case(
        "N5G112",
        lab("  slices:\n    - name: embb", CHART % "repo: gradiant.github.io/5g-charts"),
        "gradiant.github.io",
        "is not an https://, http:// or oci:// URL",
    ),
    "cluster-domain-uppercase": Case(
        "N5G113",
        lab("    - name: lab\n", "    - name: lab\n      clusterDomain: Cluster.Local\n"),
        "Cluster.Local",
        'clusterDomain "Cluster.Local" is not a lowercase DNS name',
    ),
    "label-value-too-long": Case(
        "N5G114",
        lab("  name: lab\n", "  name: lab\n  labels: {team: " + "t" * 64 + "}\n"),
        "t" * 64,
        "it has 64 characters, more than 63",
    ),
    "label-key-with-space": Case(
        "N5G114",
        lab("  name: lab\n", '  name: lab\n  labels: {"my team": radio}\n'),
        '"my team"',
        'label key "my team" is not a Kubernetes label key',
    ),
    "label-n5gc-owns": Case(
        "N5G115",
        lab("  name: lab\n", "  name: lab\n  labels: {n5gc.io/network: other}\n"),
        "n5gc.io/network",
        "is one n5gc sets itself",
    ),
    "label-managed-by": Case(
        "N5G115",
        lab("  name: lab\n", "  name: lab\n  labels: {app.kubernetes.io/managed-by: helm}\n"),
        "app.kubernetes.io/managed-by",
        "is one n5gc sets itself",
    ),
    "ipv6-pool": Case(
        "N5G315",
        lab("10.45.0.0/24", "fd00:45::/64"),
        "fd00:45::/64",
        "is IPv6; n5gc compiles IPv4 UE pools only",
    ),
    "pool-everything": Case(
        "N5G316", lab("10.45.0.0/24", "0.0.0.0/0"), "0.0.0.0/0", "overlaps 0.0.0.0/8, which UEs cannot use"
    ),
    "pool-without-room": Case(
        "N5G316", lab("10.45.0.0/24", "10.45.0.0/31"), "10.45.0.0/31", "has no address for a UE"
    ),
    "srsran-release-too-long": Case(
        "N5G311",
        intents.edit(SRSRAN, "    - name: gnb\n", "    - name: " + "g" * 50 + "\n"),
        "g" * 50,
        "has 57 characters, more than 53",
        secrets="srsran",
    ),
    "repo-url-empty": Case(
        "N5G112",
        LAB + GITOPS.replace("https://git.example/lab.git", '""'),
        '""',
        'Git repository URL "" is not a URL',
    ),
    "repo-url-not-a-url": Case(
        "N5G112",
        LAB + GITOPS.replace("https://git.example/lab.git", "git.example/lab"),
        "git.example/lab",
        "is not a URL Argo CD or Flux can clone",
    ),
    "flux-scp-url": Case(
        "N5G319",
        LAB
        + GITOPS.replace("repo:", "engine: flux\n    repo:").replace(
            "https://git.example/lab.git", "git@git.example:lab.git"
        ),
        "git@git.example",
        "Flux",
    ),
    "cluster-name-path": Case(
        "N5G116",
        lab("    - name: lab\n", '    - name: lab\n      cluster: {name: "../../etc"}\n'),
        '"../../etc"',
        'cluster name "../../etc" is not a Kubernetes label value',
    ),
    "cluster-server-not-https": Case(
        "N5G112",
        lab("    - name: lab\n", "    - name: lab\n      cluster: {name: lab, server: 10.0.0.1:6443}\n"),
        "10.0.0.1:6443",
        "is not an https:// URL",
    ),
    "gitops-namespace-invalid": Case(
        "N5G107",
        LAB + GITOPS + "    namespace: Argo_CD\n",
        "Argo_CD",
        'name "Argo_CD" is not a DNS-1123 label',
    ),
    "gitops-revision-with-space": Case(
        "N5G117",
        LAB + GITOPS.replace("lab.git}", "lab.git, revision: my branch}"),
        "my branch",
        'revision "my branch" is not a Git branch',
    ),
    "gitops-path-outside": Case(
        "N5G117",
        LAB + GITOPS.replace("lab.git}", "lab.git, path: ../x}"),
        "../x",
        'gitops path "../x" is not a folder inside the repository',
    ),
    "network-name-starts-with-digit": Case(
        "N5G317",
        lab("  name: lab\n", "  name: 5g-lab\n"),
        "5g-lab",
        'generated Service name "5g-lab-nrf-sbi" is not valid',
    ),
    "slice-named-like-the-core": Case(
        "N5G318",
        lab("    - name: embb", "    - name: core")
        .replace("slices: [embb]", "slices: [core]")
        .replace("{slice: embb,", "{slice: core,"),
        "core\n",
        'generated namespace "lab-core" is also made for the network',
    ),
    "gnb-named-like-a-ue-group": Case(
        "N5G318",
        lab("    - name: gnb\n", "    - name: phones-ues\n").replace("{gnb: gnb}", "{gnb: phones-ues}"),
        "phones\n",
        'generated object name "lab-phones-ues" is also made for gNB "phones-ues"',
    ),
}


def n5gc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([N5GC, *args], cwd=cwd, capture_output=True, text=True, check=False)


def expected_location(text: str, marker: str) -> str:
    """network.yaml:<line>:<col> of the first `marker` after the document's header comments."""
    offset = text.index(marker, text.index("apiVersion"))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"network.yaml:{line}:{col}"


def listing(folder: Path) -> list[tuple[str, bytes]]:
    return sorted(
        (str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"") for p in folder.rglob("*")
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_and_compile_refuse_with_the_same_located_diagnostic(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    (tmp_path / "network.yaml").write_text(case.text)
    secrets = (intents.EXAMPLES / f"{case.secrets}.secrets.yaml").read_text()
    (tmp_path / "network.secrets.yaml").write_text(secrets)
    where = expected_location(case.text, case.marker)
    before = listing(tmp_path)

    validated = n5gc("validate", "network.yaml", cwd=tmp_path)
    shown = validated.stdout + validated.stderr
    assert validated.returncode == 1, shown
    lines = [line for line in shown.splitlines() if line.startswith(f"{where}: error {case.code} ")]
    assert lines, f"no {case.code} at {where} in:\n{shown}"
    assert any(case.fragment in line for line in lines), f"{case.fragment!r} not in {lines}"

    compiled = n5gc("compile", "network.yaml", "-o", "out/net", cwd=tmp_path)
    compile_shown = compiled.stdout + compiled.stderr
    assert compiled.returncode == 1, compile_shown
    assert "internal error" not in compile_shown and "bug in n5gc" not in compile_shown
    assert set(lines) <= set(compile_shown.splitlines()), compile_shown
    assert listing(tmp_path) == before, "compile wrote files although it refused the intent"
