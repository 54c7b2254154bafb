"""kubernetes target: Namespaces with the n5gc labels, PodSecurity where needed,
one kustomization per site."""

from __future__ import annotations

from pathlib import Path

import pytest

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.targets import kubernetes
from n5gc.targets.base import Artifact
from n5gc.verify import verify

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan():
    analysis = analyse(REPO / "examples" / "three-slices.yaml")
    assert analysis.ok
    return build_plan(analysis.network)


def test_namespaces_carry_labels_and_pod_security(plan):
    [artifact] = kubernetes.TARGET.render(plan, None)
    assert artifact.path == "sites/berlin/namespaces.yaml" and artifact.kustomize
    by_name = {d["metadata"]["name"]: d["metadata"]["labels"] for d in artifact.documents}
    assert set(by_name) == {
        "three-slices-core",
        "three-slices-embb",
        "three-slices-urllc",
        "three-slices-miot",
        "three-slices-ran",
    }
    for name, labels in by_name.items():
        assert (
            labels["app.kubernetes.io/managed-by"] == "n5gc" and labels["n5gc.io/network"] == "three-slices"
        )
        privileged = labels.get("pod-security.kubernetes.io/enforce") == "privileged"
        assert privileged == (name != "three-slices-core"), name
    verify([artifact])


def test_kustomization_lists_the_sites_manifests_namespaces_first(plan):
    artifacts = [
        Artifact("sites/berlin/ran/x.yaml", site="berlin", kustomize=True),
        Artifact("sites/berlin/namespaces.yaml", site="berlin", kustomize=True),
        Artifact("sites/berlin/helm/r/values.yaml", site="berlin", schema="none"),
        Artifact("sites/other/y.yaml", site="other", kustomize=True),
    ]
    [kustomization] = kubernetes.kustomizations(plan, artifacts)
    assert kustomization.path == "sites/berlin/kustomization.yaml"
    assert kustomization.documents[0]["resources"] == ["namespaces.yaml", "ran/x.yaml"]
    verify([kustomization])
