"""argocd target (`gitops.engine: argocd`): the Argo CD objects that apply the network's folder.

Output, in `gitops/argocd/` of the network's folder (`kubectl apply -k gitops/argocd` installs it):
- `appproject.yaml`: an AppProject named after the network, limited to the GitOps and chart
  repositories, to the network's (cluster, namespace) destinations, and to Namespaces as the only
  cluster-scoped kind;
- `sites/<site>.yaml`: per site folder, an Application `<network>-<site>-site` syncing that
  kustomize root (Namespaces, subscriber provisioning, RAN), sync wave WAVES["namespaces"];
- `releases/<release>.yaml`: per Helm release, a multi-source Application named after the release:
  the chart from its Helm repository (or its folder of a Git repository at a tag: `path`), and
  `values.yaml` from this Git repository through a `ref: values` source
  (`$values/<repo path>/sites/<site>/helm/<release>/values.yaml`); sync wave `HelmRelease.wave`
  (core 1 < SMF 2 < UPF 3);
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
before the namespace it deploys to exists converges. Inside a site Application, the kinds the plan
puts first in their folder (`gitops.first_in_folder`: Liqo's NamespaceOffloading) get sync wave -1
from this engine (`prepare`), so they exist before the folder's pods; the targets render them
without any engine annotation.

Site folders, clusters and repository paths come from the shared base (targets/gitops.py); what a
site's Application gets per site beyond the common fields goes in `site_additions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from n5gc import names
from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import WAVES, HelmRelease, Plan, SitePlan
from n5gc.products.packaging import ChartSource
from n5gc.targets.base import Artifact, helm_dir, labels
from n5gc.targets.gitops import (
    SiteFolder,
    annotate,
    apply_cluster,
    checked_tree,
    gitops,
    repo_path,
    site_folders,
)

BLUEPRINTS = "argocd"
FOLDER = "gitops/argocd"
APPLICATION_SCHEMA = "crd/argoproj.io/application"
APPPROJECT_SCHEMA = "crd/argoproj.io/appproject"
SYNC_WAVE = "argocd.argoproj.io/sync-wave"
FIRST_IN_FOLDER_WAVE = WAVES["namespaces"] - 1  # inside a site Application: before the folder's workloads
POST_SYNC_HOOK = {  # the smoke-test Jobs run once the site Application has synced
    "argocd.argoproj.io/hook": "PostSync",
    # The finished Job (and its log) stays until the next sync replaces it.
    "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
}
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

    def prepare(self, plan: Plan, tree: list[Artifact]) -> list[Artifact]:
        """The targets' tree with Argo CD's ordering inside a site Application: the kinds the plan
        puts first in their folder (Liqo's NamespaceOffloading) get a sync wave before the folder's
        own (WAVES["namespaces"]); the smoke-test Jobs become PostSync hooks."""
        first = gitops(plan).first_in_folder
        tree = annotate(tree, lambda d: d.get("kind") in first, {SYNC_WAVE: str(FIRST_IN_FOLDER_WAVE)})
        return annotate(tree, smoke_test_job(plan), POST_SYNC_HOOK)

    def prepared_kinds(self, plan: Plan) -> frozenset[str]:
        """The kinds of documents `prepare` may annotate (what `render` reads of the tree besides is
        paths, sites and namespaces): recipe steps holding none of them stay final and reusable."""
        return frozenset({*gitops(plan).first_in_folder, "Job"})

    def render(self, plan: Plan, tree: tuple[Artifact, ...]) -> list[Artifact]:
        """Every Argo CD object of the network, one per file, and the kustomization listing them."""
        checked_tree(plan, tree)
        folders = site_folders(plan)
        applications = {"root.yaml": root_application(plan)}
        applications.update(
            {f"sites/{folder.site}.yaml": site_application(plan, folder) for folder in folders}
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


def smoke_test_job(plan: Plan) -> Callable[[dict[str, Any]], bool]:
    """Whether a document is one of the plan's smoke-test Jobs."""
    smoke = plan.smoke_test
    jobs = {(smoke.namespace, case.object_name) for case in smoke.cases} if smoke else set()

    def wanted(document: dict[str, Any]) -> bool:
        metadata = document["metadata"]
        return document.get("kind") == "Job" and (metadata.get("namespace"), metadata["name"]) in jobs

    return wanted


def unique_names(applications: Any) -> None:
    """Application names share Argo CD's namespace: a clash (a RAN release named like a site
    Application, `<network>-<x>-site`) would make one Application overwrite another."""
    taken = [a["metadata"]["name"] for a in applications]
    clashes = sorted({n for n in taken if taken.count(n) > 1})
    if clashes:
        raise CompilerBug(f"two Argo CD Applications would be named {', '.join(clashes)}")


def destination(site: SitePlan, namespace: str) -> dict[str, str]:
    """An Argo CD destination: the cluster by URL when the intent gives one, else by its registered name."""
    cluster = {"server": site.cluster_server} if site.cluster_server else {"name": site.cluster_name}
    return {**cluster, "namespace": namespace}


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


def site_application(plan: Plan, folder: SiteFolder) -> Any:
    """The Application of a site folder: first wave, it creates the namespaces."""
    target = destination(folder.cluster, folder.namespaces[0])
    source = git_source(plan, repo_path(plan, folder.path))
    document = application(
        plan,
        site_application_name(plan, folder.site),
        WAVES["namespaces"],
        target,
        [source],
        component="site",
    )
    return site_additions(plan, folder, document)


def site_additions(plan: Plan, folder: SiteFolder, document: Any) -> Any:
    """The per-site hook: what a site's Application gets beyond the common ones (none yet; e.g. a
    KSOPS/plugin source for SOPS-encrypted site folders goes here). Returns `document`."""
    return document


def site_application_name(plan: Plan, site: str) -> str:
    """`<network>-<site>-site`: core, SMF and UPF releases end in -core, -smf, -upf<N>, never in -site."""
    return names.site_gitops_name(plan.network, site)


def release_application(plan: Plan, release: HelmRelease) -> Any:
    """A Helm release: the chart from its repository, values.yaml from this Git repository."""
    values = "$values/" + repo_path(plan, helm_dir(release.site, release.name), "values.yaml")
    chart = {
        **chart_source(release.source),
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


def chart_source(source: ChartSource) -> dict[str, str]:
    """Where an Application reads a chart: `chart` of a Helm repository at its version, or the
    chart's folder (`path`) of a Git repository at its tag (Argo CD builds its local dependencies)."""
    if source.in_git:
        return {"repoURL": source.repo, "path": str(source.path), "targetRevision": source.version}
    return {"repoURL": source.repo, "chart": source.chart, "targetRevision": source.version}


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


def app_project(plan: Plan, folders: list[SiteFolder]) -> Any:
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


def project_destinations(plan: Plan, folders: list[SiteFolder]) -> list[dict[str, str]]:
    """Every (cluster, namespace) an Application of the network deploys to, sorted, without duplicates."""
    pairs = {(folder.site, ns) for folder in folders for ns in folder.namespaces}
    pairs |= {(release.site, release.namespace) for release in plan.releases}
    found = {}
    for site, namespace in pairs:
        target = destination(apply_cluster(plan, site), namespace)
        found[(target.get("server", ""), target.get("name", ""), namespace)] = target
    return [found[key] for key in sorted(found)]


TARGET = ArgoCdTarget()
