"""The shared base of the GitOps engines (argocd.py, flux.py): not a target, what both stand on.

Both engines apply the same tree the targets made, from the same plan facts: the site folders
(`SiteFolder`: which sites have a kustomize root, the namespaces its objects use, the cluster it is
applied to, the folders to apply before it), the clusters (`plan.gitops.clusters`), and paths
inside the Git repository. Those facts are planned once (n5gc/plan/gitops.py); `checked_tree` makes
sure the rendered tree agrees with them before an engine writes a single object.

An engine is one module here (a `TARGET` with `applies`, `prepare`, `render`), one folder of
blueprints, and the schemas of its objects. Per-site additions (e.g. SOPS decryption: Flux's
`spec.decryption`, a KSOPS generator for Argo CD) go into each engine's per-site hook,
`site_additions`, which receives the `SiteFolder` and the rendered per-site object.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import GitopsPlan, Plan, SitePlan
from n5gc.records import record
from n5gc.targets.base import Artifact, helm_dir, site_dir

RELEASE_FILE = "release.yaml"  # what marks a Helm release folder (base.release_file)


class GitopsTarget(Protocol):
    """A GitOps engine: marks the tree the targets made, then renders the objects that apply it."""

    name: str

    def applies(self, plan: Plan) -> bool:
        """Whether the plan selects this engine."""

    def prepare(self, plan: Plan, tree: list[Artifact]) -> list[Artifact]:
        """The targets' tree with the engine's own marks on it (its ordering annotations), before
        the site kustomizations are made; the targets render engine-agnostic."""

    def render(self, plan: Plan, tree: tuple[Artifact, ...]) -> list[Artifact]:
        """The engine's objects for `tree` (every artifact of the targets, kustomizations included)."""

    # Optional: `prepared_kinds(plan) -> frozenset[str]`, the kinds of documents `prepare` may change,
    # for an engine whose `prepare` and `render` read nothing else of the tree than those documents,
    # paths, sites and namespaces: recipe steps holding none of those kinds may then be reused
    # (n5gc/targets/recipes.py). An engine without it reads the documents (Flux copies release values).


@record
class SiteFolder:
    """One site folder as a GitOps engine applies it.

    site:       the site's name; `path` its folder (`sites/<site>`), a kustomize root.
    namespaces: every namespace its objects create or use, sorted (never empty).
    cluster:    the site whose cluster receives it (itself, or the Liqo home).
    after:      the folders of the same cluster to apply first (they create namespaces it uses).
    """

    site: str
    path: str
    namespaces: tuple[str, ...]
    cluster: SitePlan
    after: tuple[str, ...]


def gitops(plan: Plan) -> GitopsPlan:
    """The plan's GitOps settings (the GitOps engines apply only when there are some)."""
    if plan.gitops is None:
        raise CompilerBug("a GitOps engine rendered a plan without gitops settings")
    return plan.gitops


def apply_cluster(plan: Plan, site: str) -> SitePlan:
    """The site whose cluster receives `site`'s objects (itself, or the Liqo home)."""
    return plan.site(plan.site(site).apply_site)


def site_folders(plan: Plan) -> list[SiteFolder]:
    """Every site folder, in plan order, as planned (n5gc/plan/gitops.py)."""
    return [
        SiteFolder(
            site.name,
            site_dir(site.name),
            site.folder_namespaces,
            apply_cluster(plan, site.name),
            site.folder_after,
        )
        for site in plan.sites
        if site.has_folder
    ]


def repo_path(plan: Plan, *parts: str) -> str:
    """A path inside the Git repository, relative to its root, without "./": `<gitops path>/<parts>`."""
    return posixpath.normpath(posixpath.join(gitops(plan).path.strip("/") or ".", *parts))


def checked_tree(plan: Plan, tree: tuple[Artifact, ...]) -> tuple[Artifact, ...]:
    """The tree the engine applies, after making sure it is the tree the plan describes: every Helm
    release folder in it is one of the plan's releases, and every site folder uses exactly the
    namespaces the plan gives it. A difference is a compiler bug: an engine would silently not
    deploy a release, or deploy a folder into a namespace its project does not allow.
    """
    folders = {a.path.rsplit("/", 1)[0] for a in tree if "/helm/" in a.path and a.path.endswith(RELEASE_FILE)}
    unplanned = sorted(folders - {helm_dir(r.site, r.name) for r in plan.releases})
    if unplanned:  # a GitOps engine would silently not deploy them
        raise CompilerBug(f"Helm release folders not in the plan's releases: {', '.join(unplanned)}")
    rendered = tree_namespaces(tree)
    for site in plan.sites:
        used = rendered.get(site.name, ())
        if used != site.folder_namespaces:
            raise CompilerBug(
                f"site folder {site_dir(site.name)} uses namespaces {', '.join(used) or 'none'}, "
                f"the plan says {', '.join(site.folder_namespaces) or 'none'}"
            )
    return tree


def tree_namespaces(tree: tuple[Artifact, ...]) -> dict[str, tuple[str, ...]]:
    """Site -> the namespaces that the objects of its folder in `tree` create or use, sorted."""
    found: dict[str, set[str]] = {}
    for artifact in tree:
        if artifact.kustomize and artifact.site:
            namespaces = found.setdefault(artifact.site, set())
            namespaces.update(
                artifact.namespaces if artifact.reused is not None else used_namespaces(artifact)
            )
    return {site: tuple(sorted(namespaces)) for site, namespaces in found.items()}


def used_namespaces(artifact: Artifact) -> set[str]:
    """The namespaces the objects of a (built) artifact create or use."""
    found = set()
    for doc in artifact.documents:
        metadata = doc["metadata"]
        namespace = metadata["name"] if doc["kind"] == "Namespace" else metadata.get("namespace")
        if namespace:
            found.add(namespace)
    return found


def annotate(
    tree: list[Artifact], wanted: Callable[[dict[str, Any]], bool], annotations: dict[str, str]
) -> list[Artifact]:
    """`tree` with `annotations` added to every document of a site folder that is `wanted`
    (copies: the targets' documents are left as they rendered them)."""
    result = []
    for artifact in tree:
        if artifact.kustomize and any(wanted(d) for d in artifact.documents):
            documents = tuple(_annotated(d, annotations) if wanted(d) else d for d in artifact.documents)
            artifact = replace(artifact, documents=documents)
        result.append(artifact)
    return result


def _annotated(document: dict[str, Any], annotations: dict[str, str]) -> dict[str, Any]:
    marked = copy.deepcopy(document)
    metadata = marked["metadata"]
    metadata["annotations"] = {**(metadata.get("annotations") or {}), **annotations}
    return marked
