"""The OAI 5G Core under GitOps: its charts are published only in a Git repository (oai-cn5g-fed,
charts/oai-5g-core at v2.1.0), so each release's chart source is a folder of that repository at the
tag, and both engines read it from Git the standard way:
- Argo CD: the chart source of the release's Application is `{repoURL, path, targetRevision: <tag>}`,
  values through the same `$values` reference as a chart of a Helm repository;
- Flux: a GitRepository of the charts at the tag, in the cluster's entry point, and each HelmRelease's
  `chart.spec` names the chart's folder (`./<path>`) from it, without a version.
Checked on examples/oai-core.yaml (Argo CD, as out/oai-core holds it) and on it with engine flux.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import run_cli as run

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import Plan
from n5gc.products import oai_cn, srsran
from n5gc.targets import render_all
from n5gc.targets.base import Artifact
from n5gc.verify import verify

REPO = Path(__file__).resolve().parents[2]
INTENT = REPO / "examples" / "oai-core.yaml"
SECRETS = REPO / "examples" / "oai-core.secrets.yaml"
THREE_SLICES = REPO / "examples" / "three-slices.yaml"
FLUX = "apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  gitops: {engine: flux}\n"
# A second gNB, a srsRAN release: its chart comes from a Helm repository, the core's from Git.
SRSRAN_GNB = FLUX + (
    "  ran:\n    - {name: gnb2, type: srsran, site: berlin, tac: 1, slices: [embb], cells: [{nci: "
    '"0x000000020", pci: 2, band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 633334}]}\n'
)


def compiled(
    tmp_path: Path, overlay: str | None = None, intent: Path = INTENT
) -> tuple[Plan, dict[str, Artifact]]:
    overlays = []
    if overlay is not None:
        (tmp_path / "overlay.yaml").write_text(overlay)
        overlays.append(tmp_path / "overlay.yaml")
    analysis = analyse(intent, overlays, secrets=SECRETS if intent == INTENT else None)
    assert analysis.ok and analysis.network is not None, [str(d) for d in analysis.report.diagnostics]
    plan = build_plan(analysis.network)
    artifacts = render_all(plan, analysis.secrets)
    verify(artifacts)  # raises CompilerBug on any schema or round-trip problem
    return plan, {a.path: a for a in artifacts}


def documents(artifacts: dict[str, Artifact], path: str, kind: str) -> list[dict[str, Any]]:
    return [d for d in artifacts[path].documents if d.get("kind") == kind]


def test_argocd_reads_each_oai_chart_from_its_folder_at_the_tag(tmp_path: Path) -> None:
    plan, artifacts = compiled(tmp_path)
    for release in plan.releases:
        [application] = documents(artifacts, f"gitops/argocd/releases/{release.name}.yaml", "Application")
        chart, values = application["spec"]["sources"]
        assert chart["repoURL"] == oai_cn.CHART_GIT_REPO
        assert chart["path"] == f"{oai_cn.CHART_FOLDER}/{release.chart}"
        assert chart["targetRevision"] == oai_cn.CHART_TAG
        assert "chart" not in chart  # a Helm repository's field: Argo CD would look for an index
        assert chart["helm"]["releaseName"] == release.name
        assert chart["helm"]["valueFiles"] == [
            f"$values/out/oai-core/sites/berlin/helm/{release.name}/values.yaml"
        ]
        assert values == {"repoURL": plan.gitops.repo_url, "targetRevision": "main", "ref": "values"}  # type: ignore[union-attr]
    [project] = documents(artifacts, "gitops/argocd/appproject.yaml", "AppProject")
    assert oai_cn.CHART_GIT_REPO in project["spec"]["sourceRepos"]


def test_argocd_passes_values_the_same_way_for_both_kinds_of_chart_source(tmp_path: Path) -> None:
    """Only where the chart comes from differs: the `helm` block and the `$values` source are the same."""
    _, oai = compiled(tmp_path)
    _, open5gs = compiled(tmp_path, intent=THREE_SLICES)
    [git_app] = documents(oai, "gitops/argocd/releases/oai-core-embb-smf.yaml", "Application")
    [helm_app] = documents(open5gs, "gitops/argocd/releases/three-slices-embb-smf.yaml", "Application")
    git_chart, helm_chart = git_app["spec"]["sources"][0], helm_app["spec"]["sources"][0]
    assert set(git_chart) - {"path"} == set(helm_chart) - {"chart"}
    assert set(git_chart["helm"]) == set(helm_chart["helm"]) == {"releaseName", "valueFiles"}
    assert set(git_app["spec"]["sources"][1]) == set(helm_app["spec"]["sources"][1])


def test_flux_serves_the_oai_charts_from_a_git_repository_at_the_tag(tmp_path: Path) -> None:
    plan, artifacts = compiled(tmp_path, FLUX)
    root = "gitops/flux/berlin"
    network, charts = documents(artifacts, f"{root}/gitrepository.yaml", "GitRepository")
    assert network["metadata"]["name"] == "oai-core"
    assert charts["metadata"]["name"] == "oai-core-charts"
    assert charts["spec"]["url"] == oai_cn.CHART_GIT_REPO
    assert charts["spec"]["ref"] == {"tag": oai_cn.CHART_TAG}
    assert f"{root}/helmrepository.yaml" not in artifacts  # no chart of a Helm repository
    for release in plan.releases:
        [helm_release] = documents(
            artifacts, f"{root}/releases/{release.name}/helmrelease.yaml", "HelmRelease"
        )
        assert helm_release["spec"]["chart"]["spec"] == {
            "chart": f"./{oai_cn.CHART_FOLDER}/{release.chart}",
            "sourceRef": {"kind": "GitRepository", "name": "oai-core-charts"},
        }
        assert helm_release["spec"]["valuesFrom"][0]["name"] == f"{release.name}-values"


def test_flux_names_a_git_and_a_helm_chart_source_apart(tmp_path: Path) -> None:
    """The OAI core from Git and a srsRAN gNB from its Helm repository: one source each, numbered."""
    plan, artifacts = compiled(tmp_path, SRSRAN_GNB)
    root = "gitops/flux/berlin"
    [repository] = documents(artifacts, f"{root}/helmrepository.yaml", "HelmRepository")
    charts = documents(artifacts, f"{root}/gitrepository.yaml", "GitRepository")[1:]
    assert [c["spec"]["url"] for c in charts] == [oai_cn.CHART_GIT_REPO]
    assert repository["spec"]["url"] == srsran.CHART_REPO
    assert {repository["metadata"]["name"], charts[0]["metadata"]["name"]} == {
        "oai-core-charts-1",
        "oai-core-charts-2",
    }
    gnb = next(r for r in plan.releases if r.role == "ran")
    [helm_release] = documents(artifacts, f"{root}/releases/{gnb.name}/helmrelease.yaml", "HelmRelease")
    assert helm_release["spec"]["chart"]["spec"] == {
        "chart": srsran.CHART,
        "version": srsran.CHART_VERSION,
        "sourceRef": {"kind": "HelmRepository", "name": repository["metadata"]["name"]},
    }


@pytest.mark.parametrize("overlay", [None, FLUX])
def test_release_files_record_the_git_source(tmp_path: Path, overlay: str | None) -> None:
    """release.yaml (what a plain `helm` install reads) holds the chart's folder and the pinned commit."""
    plan, artifacts = compiled(tmp_path, overlay)
    for release in plan.releases:
        [record] = artifacts[f"sites/berlin/helm/{release.name}/release.yaml"].documents
        assert (record["repo"], record["version"]) == (oai_cn.CHART_GIT_REPO, oai_cn.CHART_TAG)
        assert record["path"] == f"{oai_cn.CHART_FOLDER}/{release.chart}"
        assert record["commit"] == oai_cn.CHART_COMMIT


# Each engine's release object against release.yaml: the audit follows a chart read from Git.
HAND_EDITS = {
    "argocd": (
        "releases/oai-core-embb-smf.yaml",
        "path: charts/oai-5g-core/oai-smf",
        "path: charts/oai-5g-core/oai-upf",
    ),
    "flux": (
        "berlin/releases/oai-core-embb-smf/helmrelease.yaml",
        "chart: ./charts/oai-5g-core/oai-smf",
        "chart: ./charts/oai-5g-core/oai-upf",
    ),
}


@pytest.mark.parametrize("engine", sorted(HAND_EDITS))
def test_audit_checks_the_git_chart_source_of_each_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """The compiled tree passes the audit; a release object pointing at another chart folder fails it."""
    overlay = tmp_path / "engine.yaml"
    overlay.write_text(
        f"apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  gitops: {{engine: {engine}}}\n"
    )
    tree = tmp_path / "out"
    status, out, err = run(
        capsys, "compile", str(INTENT), "--overlay", str(overlay), "--secrets", str(SECRETS), "-o", str(tree)
    )
    assert status == 0, out + err
    assert run(capsys, "audit", str(tree))[0] == 0
    name, old, new = HAND_EDITS[engine]
    path = tree / "gitops" / engine / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    status, out, err = run(capsys, "audit", str(tree))
    assert status == 1 and "N5G814" in out + err, out + err
