"""argocd target (`gitops.engine: argocd`): the Argo CD objects that apply the network's folder.

Output, in `gitops/argocd/` of the network's folder (`kubectl apply -k gitops/argocd` installs it):
- `appproject.yaml`: an AppProject named after the network, limited to the GitOps and chart
  repositories, to the network's (cluster, namespace) destinations, and to Namespaces as the only
  cluster-scoped kind;
- `sites/<site>.yaml`: per site folder, an Application `<network>-<site>-site` syncing that
  kustomize root (Namespaces, subscriber provisioning, RAN), sync wave WAVES["namespaces"];
- `releases/<release>.yaml`: per Helm release, a multi-source Application named after the release:
  the chart from the chart repository, and `values.yaml` from this Git repository through a `ref:
  values` source (`$values/<repo path>/sites/<site>/helm/<release>/values.yaml`); sync wave
  `HelmRelease.wave` (core 1 < SMF 2 < UPF 3);
- `root.yaml`: the app of apps `<network>` (project `default`, in-cluster) syncing `gitops/argocd`
  itself, so that later changes of this folder apply by Git alone and the waves order the first sync.

Destinations are the cluster of each site's `apply_site` (by `server` when the intent gives one,
else by `name`, as registered in Argo CD): with Liqo that is the home cluster for every site.

Ordering: waves order what one sync of the root creates. The site Application comes first because it
creates the namespaces everything else lives in; it also holds the RAN, which cannot be ordered
after the UPFs from there (a resource's sync-wave orders it only inside its own Application), so
the gNB and UEs retry (restart) until the AMF and the UPFs answer. Argo CD (1.8 and later) does not
wait for a child Application to be Healthy before the next wave unless an
`argoproj.io/Application` health check is configured; do not configure one for this root: the
site Application cannot be Healthy before the core is up (its RAN waits for it), which would block
wave 1 for ever. Every Application retries its sync without limit, so an Application that starts
before the namespace it deploys to exists converges.
"""

from __future__ import annotations

import posixpath
from typing import Any

from n5gc import names
from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import WAVES, GitopsPlan, HelmRelease, Plan, SitePlan
from n5gc.targets.base import Artifact, helm_dir, labels, site_dir

BLUEPRINTS = "argocd"
FOLDER = "gitops/argocd"
APPLICATION_SCHEMA = "crd/argoproj.io/application"
APPPROJECT_SCHEMA = "crd/argoproj.io/appproject"
RELEASE_FILE = "release.yaml"  # what marks a Helm release folder (base.release_file)
IN_CLUSTER = "https://kubernetes.default.svc"  # the cluster Argo CD runs in: where its own objects go
ROOT_PROJECT = "default"  # the root creates AppProjects and Applications: the network's project may not
PROJECT_WAVE = -1  # the project exists before any Application that names it
CASCADE = "resources-finalizer.argocd.argoproj.io"  # deleting an Application deletes what it deployed
RETRY = {"limit": -1, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}}  # < 0: no limit


class ArgoCdTarget:
    """Renders the AppProject, the Applications and their kustomization for Argo CD."""

    name = "argocd"

    def applies(self, plan: Plan) -> bool:
        return plan.gitops is not None and plan.gitops.engine == "argocd"

    def render(self, plan: Plan, tree: tuple[Artifact, ...]) -> list[Artifact]:
        """Every Argo CD object of the network, one per file, and the kustomization listing them."""
        folders = site_folders(plan, checked_tree(plan, tree))
        applications = {"root.yaml": root_application(plan)}
        applications.update(
            {
                f"sites/{site}.yaml": site_application(plan, site, namespaces)
                for site, namespaces in folders.items()
            }
        )
        applications.update({f"releases/{r.name}.yaml": release_application(plan, r) for r in plan.releases})
        unique_names(applications.values())
        project = app_project(plan, folders)
        artifacts = [Artifact(f"{FOLDER}/appproject.yaml", (project,), schema=APPPROJECT_SCHEMA)]
        artifacts += [
            Artifact(f"{FOLDER}/{path}", (document,), schema=APPLICATION_SCHEMA)
            for path, document in applications.items()
        ]
        kustomization = render_one(
            BLUEPRINTS,
            "kustomization.yaml.j2",
            namespace=gitops(plan).namespace,
            resources=["appproject.yaml", *applications],
        )
        artifacts.append(Artifact(f"{FOLDER}/kustomization.yaml", (kustomization,), schema="kustomization"))
        return artifacts


def unique_names(applications: Any) -> None:
    """Application names share Argo CD's namespace: a clash (a RAN release named like a site
    Application, `<network>-<x>-site`) would make one Application overwrite another."""
    taken = [a["metadata"]["name"] for a in applications]
    clashes = sorted({n for n in taken if taken.count(n) > 1})
    if clashes:
        raise CompilerBug(f"two Argo CD Applications would be named {', '.join(clashes)}")


# Helpers shared with the flux target (both GitOps engines apply the same tree).


def gitops(plan: Plan) -> GitopsPlan:
    """The plan's GitOps settings (the GitOps targets apply only when there are some)."""
    if plan.gitops is None:
        raise CompilerBug("a GitOps target rendered a plan without gitops settings")
    return plan.gitops


def checked_tree(plan: Plan, tree: tuple[Artifact, ...]) -> tuple[Artifact, ...]:
    """The tree the engine applies, after making sure the plan lists every Helm release folder in it
    (which site folders are kustomize roots, which namespaces their objects use, and each release's
    values.yaml are facts of that tree). An unlisted release folder is a compiler bug: no engine
    would deploy it.
    """
    folders = {a.path.rsplit("/", 1)[0] for a in tree if "/helm/" in a.path and a.path.endswith(RELEASE_FILE)}
    unplanned = sorted(folders - {helm_dir(r.site, r.name) for r in plan.releases})
    if unplanned:  # a GitOps engine would silently not deploy them
        raise CompilerBug(f"Helm release folders not in the plan's releases: {', '.join(unplanned)}")
    return tree


def site_folders(plan: Plan, tree: tuple[Artifact, ...]) -> dict[str, list[str]]:
    """Site -> the namespaces its folder's objects create or use (sorted), per site folder, in plan order."""
    found: dict[str, set[str]] = {}
    for artifact in tree:
        if artifact.kustomize and artifact.site:
            namespaces = found.setdefault(artifact.site, set())
            for doc in artifact.documents:
                metadata = doc["metadata"]
                namespace = metadata["name"] if doc["kind"] == "Namespace" else metadata.get("namespace")
                if namespace:
                    namespaces.add(namespace)
    return {site.name: sorted(found[site.name]) for site in plan.sites if site.name in found}


def repo_path(plan: Plan, *parts: str) -> str:
    """A path inside the Git repository, relative to its root, without "./": `<gitops path>/<parts>`."""
    return posixpath.normpath(posixpath.join(gitops(plan).path.strip("/") or ".", *parts))


def destination(site: SitePlan, namespace: str) -> dict[str, str]:
    """An Argo CD destination: the cluster by URL when the intent gives one, else by its registered name."""
    cluster = {"server": site.cluster_server} if site.cluster_server else {"name": site.cluster_name}
    return {**cluster, "namespace": namespace}


def apply_cluster(plan: Plan, site: str) -> SitePlan:
    """The site whose cluster receives `site`'s objects (itself, or the Liqo home)."""
    return plan.site(plan.site(site).apply_site)


def git_source(plan: Plan, path: str) -> dict[str, str]:
    return {"repoURL": gitops(plan).repo_url, "targetRevision": gitops(plan).revision, "path": path}


def application(
    plan: Plan,
    name: str,
    wave: int | None,
    destination_: dict[str, str],
    sources: list[dict[str, Any]],
    component: str,
    slice_name: str | None = None,
    project: str | None = None,
    cascade: bool = True,
) -> Any:
    return render_one(
        BLUEPRINTS,
        "application.yaml.j2",
        name=name,
        namespace=gitops(plan).namespace,
        labels=labels(plan, component=component, slice_name=slice_name),
        wave=None if wave is None else str(wave),
        finalizers=[CASCADE] if cascade else [],
        project=project or names.gitops_root(plan.network),
        destination=destination_,
        sources=sources,
        retry=RETRY,
    )


def site_application(plan: Plan, site: str, namespaces: list[str]) -> Any:
    """The Application of a site folder: first wave, it creates the namespaces."""
    if not namespaces:  # the destination's namespace must be one the project allows
        raise CompilerBug(f"site folder {site_dir(site)} holds no namespaced object and no Namespace")
    target = destination(apply_cluster(plan, site), namespaces[0])
    source = git_source(plan, repo_path(plan, site_dir(site)))
    return application(
        plan, site_application_name(plan, site), WAVES["namespaces"], target, [source], component="site"
    )


def site_application_name(plan: Plan, site: str) -> str:
    """`<network>-<site>-site`: core, SMF and UPF releases end in -core, -smf, -upf<N>, never in -site."""
    return names.site_gitops_name(plan.network, site)


def release_application(plan: Plan, release: HelmRelease) -> Any:
    """A Helm release: the chart from its repository, values.yaml from this Git repository."""
    values = "$values/" + repo_path(plan, helm_dir(release.site, release.name), "values.yaml")
    chart = {
        "repoURL": release.repo,
        "chart": release.chart,
        "targetRevision": release.version,
        "helm": {"releaseName": release.name, "valueFiles": [values]},
    }
    values_ref = {"repoURL": gitops(plan).repo_url, "targetRevision": gitops(plan).revision, "ref": "values"}
    target = apply_cluster(plan, release.site)
    return application(
        plan,
        release.name,
        release.wave,
        destination(target, release.namespace),
        [chart, values_ref],
        component=release.role,
        slice_name=release.slice,
    )


def root_application(plan: Plan) -> Any:
    """The app of apps: syncs gitops/argocd (itself included) into Argo CD's own namespace.

    No cascade finalizer: deleting the root to re-create it must not delete the network.
    """
    in_cluster = {"server": IN_CLUSTER, "namespace": gitops(plan).namespace}
    return application(
        plan,
        names.gitops_root(plan.network),
        None,
        in_cluster,
        [git_source(plan, repo_path(plan, FOLDER))],
        component="gitops",
        project=ROOT_PROJECT,
        cascade=False,
    )


def app_project(plan: Plan, folders: dict[str, list[str]]) -> Any:
    """The network's AppProject: its repositories, its (cluster, namespace) pairs, Namespaces only."""
    repos = sorted({gitops(plan).repo_url, *(r.repo for r in plan.releases)})
    return render_one(
        BLUEPRINTS,
        "appproject.yaml.j2",
        name=names.gitops_root(plan.network),
        namespace=gitops(plan).namespace,
        labels=labels(plan, component="gitops"),
        wave=str(PROJECT_WAVE),
        description=f"n5gc network {plan.network}: its sites and Helm releases",
        source_repos=repos,
        destinations=project_destinations(plan, folders),
    )


def project_destinations(plan: Plan, folders: dict[str, list[str]]) -> list[dict[str, str]]:
    """Every (cluster, namespace) an Application of the network deploys to, sorted, without duplicates."""
    pairs = {(site, ns) for site, namespaces in folders.items() for ns in namespaces}
    pairs |= {(release.site, release.namespace) for release in plan.releases}
    found = {}
    for site, namespace in pairs:
        target = destination(apply_cluster(plan, site), namespace)
        found[(target.get("server", ""), target.get("name", ""), namespace)] = target
    return [found[key] for key in sorted(found)]


TARGET = ArgoCdTarget()
