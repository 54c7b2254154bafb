"""What a target is and what it produces.

A target is a plug-in: one module under `n5gc/targets/`, one folder of templates under
`blueprints/<target>/`. It reads only the Plan (and, for Secret objects, the secrets) and
returns Artifacts; it never reads the raw intent and never computes what the planner should.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from n5gc.model.secrets import Secrets
from n5gc.plan.ir import HelmRelease, Plan


@dataclass(frozen=True)
class Artifact:
    """One output file.

    path:       relative to the network's output folder, POSIX (e.g. "sites/berlin/core/namespaces.yaml").
    documents:  the YAML documents of the file (Kubernetes objects, Helm values, configs); or
    text:       a file that is not YAML (README.md).
    schema:     what `verify` checks each document against: "kubernetes" (strict OpenAPI schemas),
                or the name of a project schema in schemas/ (e.g. "helm/open5gs", "release").
    site:       the site whose folder holds the file, if any.
    kustomize:  True for plain Kubernetes manifests that the site's kustomization.yaml lists.
    embedded:   (schema, object) pairs verified too: content carried inside a document, e.g. the
                UERANSIM UE config inside a Secret.
    """

    path: str
    documents: tuple[Any, ...] = ()
    text: str | None = None
    schema: str = "kubernetes"
    site: str | None = None
    kustomize: bool = False
    embedded: tuple[tuple[str, Any], ...] = field(default=())


class Target(Protocol):
    name: str

    def applies(self, plan: Plan) -> bool:
        """Whether this target has anything to render for the plan."""

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """The artifacts of this target; deterministic for the same plan and secrets."""


def labels(plan: Plan, component: str | None = None, slice_name: str | None = None) -> dict[str, str]:
    """The labels every object carries: `app.kubernetes.io/managed-by: n5gc`, `n5gc.io/network`, and
    `app.kubernetes.io/component` / `n5gc.io/slice` where they apply."""
    result = dict(plan.labels)
    result["app.kubernetes.io/part-of"] = plan.network
    if component:
        result["app.kubernetes.io/component"] = component
    if slice_name:
        result["n5gc.io/slice"] = slice_name
    return result


def release_file(release: HelmRelease) -> dict[str, Any]:
    """release.yaml: everything `helm upgrade --install` or a GitOps engine needs besides values.yaml."""
    return {"apiVersion": "n5gc.io/v1alpha1", "kind": "HelmRelease", "releaseName": release.name,
            "namespace": release.namespace, "chart": release.chart, "repo": release.repo,
            "version": release.version, "site": release.site, "values": "values.yaml"}


def site_dir(site: str) -> str:
    return f"sites/{site}"


def helm_dir(site: str, release: str) -> str:
    return f"sites/{site}/helm/{release}"
