"""flux target (`gitops.engine: flux`): one Flux entry point per cluster that applies the network.

Output, per cluster C that receives something (the cluster of the sites' `apply_site`: with Liqo
only the home cluster), in `gitops/flux/<C>/` of the network's folder:
- `kustomization.yaml`, the entry point (`kubectl apply -k gitops/flux/<C>` once; self-contained:
  it holds every source it refers to) listing
  - `gitrepository.yaml`: GitRepository `<network>` (the GitOps repository, `gitops.repo`), and one
    per chart published in a Git repository only (`<network>-charts`, at the chart's tag);
  - `helmrepository.yaml`: HelmRepository `<network>-charts` (the chart repository); chart sources
    are numbered `<network>-charts-<n>` when there are several;
  - `sync.yaml`: Kustomization `<network>` applying this entry point itself, so that from then on
    a change of the folder applies by Git alone;
  - `sites/<site>.yaml`: per site folder applied to C, Kustomization `<network>-<site>-site`
    (Namespaces, subscriber provisioning, RAN), `dependsOn` the site folders of C that create a
    namespace it uses (with Liqo: the home site's, which creates every namespace);
  - `releases.yaml`: Kustomization `<network>-releases` applying `releases/`, `dependsOn` every
    site Kustomization of C: releases install into namespaces that those create;
- `releases/kustomization.yaml`, `releases/<release>/helmrelease.yaml`, `releases/<release>/values.yaml`:
  per Helm release on C a HelmRelease (in the Flux namespace, `targetNamespace` the release's; its
  chart from a HelmRepository at its version, or from a GitRepository at the chart's folder `./<path>`),
  whose `valuesFrom` names the ConfigMap `<release>-values` that the kustomization's
  configMapGenerator makes from `values.yaml` beside it.

Why a copy of values.yaml: a kustomization may not read files outside its own folder unless it is
built with `--load-restrictor LoadRestrictionsNone`. Flux's kustomize-controller does build that
way (fluxcd/pkg kustomize `SecureBuild`: files outside the kustomization's folder are allowed as
long as they are inside the source artifact), but plain `kubectl kustomize` does not, and n5gc
writes nothing into `sites/<site>/helm/<release>/` besides values.yaml and release.yaml. So each
releases folder carries a byte-identical copy of the release's values.yaml, taken from the target
that writes the original (no second implementation of any chart's values).

Ordering (WAVES): site Kustomizations first (`wait: false`: Ready once applied; their RAN restarts
until the core answers, it cannot come after the UPFs from the same folder), then the releases
Kustomization, and inside it each HelmRelease `dependsOn` the releases of the nearest wave below it
on the same cluster that share its slice (or where either has none): core < SMF < UPF. Flux cannot
depend on an object of another cluster: a release whose peers run elsewhere installs without them
(its pods retry until they answer; failed installs are retried without limit).

Clusters, site folders and their `dependsOn` come from the plan (n5gc/plan/gitops.py) through the
shared base (targets/gitops.py); what a site's Kustomization gets per site beyond the common fields
(e.g. `spec.decryption`) goes in `site_additions`.
"""

from __future__ import annotations

import re
from typing import Any

from n5gc import names
from n5gc.blueprint import render_one
from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import HelmRelease, Plan
from n5gc.products.packaging import ChartSource
from n5gc.targets import gitops as gitops_base
from n5gc.targets.base import Artifact, helm_dir, labels, site_dir
from n5gc.targets.gitops import SiteFolder, checked_tree, gitops, site_folders

BLUEPRINTS = "flux"
FOLDER = "gitops/flux"
SCHEMAS = {
    "GitRepository": "crd/source.toolkit.fluxcd.io/gitrepository",
    "HelmRepository": "crd/source.toolkit.fluxcd.io/helmrepository",
    "Kustomization": "crd/kustomize.toolkit.fluxcd.io/kustomization",
    "HelmRelease": "crd/helm.toolkit.fluxcd.io/helmrelease",
}
VALUES_FILE = "values.yaml"
VALUES_KEY = "values.yaml"
# Recent helm-controllers watch ConfigMaps with this label and upgrade as soon as one changes (older
# ones ignore it and pick the change up at the next reconcile interval).
WATCH_LABEL = ("reconcile.fluxcd.io/watch", "Enabled")
GIT_INTERVAL = "1m"
CHARTS_INTERVAL = "1h"  # chart versions are pinned: the index rarely matters
RECONCILE_INTERVAL = "10m"  # drift correction of Kustomizations and HelmReleases
RETRY_INTERVAL = "1m"
TIMEOUT = "5m"  # a Kustomization's apply
HELM_TIMEOUT = "15m"  # Helm's wait for a release's pods: a failed install is uninstalled and retried
COMMIT = re.compile(r"^[0-9a-f]{40}\Z")


class FluxTarget:
    """Renders the Flux entry point of every cluster the network is applied to."""

    name = "flux"

    def applies(self, plan: Plan) -> bool:
        return plan.gitops is not None and plan.gitops.engine == "flux"

    def prepare(self, plan: Plan, tree: list[Artifact]) -> list[Artifact]:
        """The targets' tree as is: a site Kustomization applies its folder in one go, and the folders
        that create its namespaces come first (`dependsOn`)."""
        return tree

    def render(self, plan: Plan, tree: tuple[Artifact, ...]) -> list[Artifact]:
        """Every cluster's entry point and releases folder (values copied from their owning target)."""
        tree = checked_tree(plan, tree)
        values = release_values(plan, tree)
        folders = {folder.site: folder for folder in site_folders(plan)}
        artifacts: list[Artifact] = []
        paths = {a.path for a in tree}
        planned = {release.name: release for release in plan.releases}
        for cluster in gitops(plan).clusters:
            releases = [planned[name] for name in cluster.releases]
            on_cluster = [folders[site] for site in cluster.sites]
            smoke = [site for site in cluster.sites if smoke_test_folder(site) in paths]
            artifacts += entry_point(plan, cluster.name, on_cluster, releases, smoke)
            if releases:
                artifacts += releases_folder(plan, cluster.name, releases, values)
        return artifacts


def repo_path(plan: Plan, *parts: str) -> str:
    """A path inside the Git repository as Flux writes it: "./<gitops path>/<parts>"."""
    return "./" + gitops_base.repo_path(plan, *parts)


def folder(cluster: str) -> str:
    return f"{FOLDER}/{cluster}"


def document(
    plan: Plan, template: str, component: str = "gitops", slice_name: str | None = None, **context: Any
) -> Any:
    return render_one(
        BLUEPRINTS,
        template,
        namespace=gitops(plan).namespace,
        labels=labels(plan, component=component, slice_name=slice_name),
        **context,
    )


def git_source(plan: Plan) -> dict[str, str]:
    return {"kind": "GitRepository", "name": names.gitops_root(plan.network)}


def smoke_test_folder(site: str) -> str:
    """The kustomization of a site's smoke test Jobs (the smoketest target writes it under Flux)."""
    return f"{site_dir(site)}/smoketest/kustomization.yaml"


def entry_point(
    plan: Plan,
    cluster: str,
    folders: list[SiteFolder],
    releases: list[HelmRelease],
    smoke_sites: list[str] | None = None,
) -> list[Artifact]:
    """A cluster's entry point: sources, the self-sync, site Kustomizations, the releases Kustomization,
    and per site with smoke tests a Kustomization applying them after the site (and the releases).

    `folders`: the site folders applied to the cluster (each after the folders creating its namespaces).
    """
    root = folder(cluster)
    # One Flux source per name (several charts and versions of one repository share it).
    sources = chart_sources(plan)
    used = list({sources[r.source]: (r.source, sources[r.source]) for r in releases}.values())
    charts_in_git = tuple(chart_source_document(plan, source, name) for source, name in used if source.in_git)
    files: dict[str, tuple[Any, ...]] = {"gitrepository.yaml": (git_repository(plan), *charts_in_git)}
    if any(not source.in_git for source, _ in used):
        files["helmrepository.yaml"] = tuple(
            chart_source_document(plan, source, name) for source, name in used if not source.in_git
        )
    files["sync.yaml"] = (flux_kustomization(plan, names.gitops_root(plan.network), repo_path(plan, root)),)
    for site_folder in folders:
        files[f"sites/{site_folder.site}.yaml"] = (site_kustomization(plan, site_folder),)
    if releases:
        depends = [{"name": site_kustomization_name(plan, f.site)} for f in folders]
        files["releases.yaml"] = (
            flux_kustomization(
                plan, names.flux_releases(plan.network), repo_path(plan, root, "releases"), depends
            ),
        )
    for site in smoke_sites or []:
        depends = [{"name": site_kustomization_name(plan, site)}]
        if releases:
            depends.append({"name": names.flux_releases(plan.network)})
        files[f"sites/{site}-smoketest.yaml"] = (
            flux_kustomization(
                plan,
                f"{site_kustomization_name(plan, site)}-smoketest",
                repo_path(plan, site_dir(site), "smoketest"),
                depends,
                component="smoke-test",
                # A Job's pod template is immutable: a changed test (its config hash) is recreated.
                force=True,
            ),
        )
    artifacts = [
        Artifact(f"{root}/{path}", documents, schema=SCHEMAS[documents[0]["kind"]])
        for path, documents in files.items()
    ]
    kustomization = render_one(
        BLUEPRINTS,
        "kustomization.yaml.j2",
        namespace=gitops(plan).namespace,
        resources=list(files),
        generators=[],
        generator_labels={},
    )
    return [*artifacts, Artifact(f"{root}/kustomization.yaml", (kustomization,), schema="kustomization")]


def site_kustomization(plan: Plan, site_folder: SiteFolder) -> Any:
    """The Kustomization of a site folder, after the folders of its cluster that create its namespaces."""
    document = flux_kustomization(
        plan,
        site_kustomization_name(plan, site_folder.site),
        repo_path(plan, site_folder.path),
        [{"name": site_kustomization_name(plan, other)} for other in site_folder.after],
        component="site",
    )
    return site_additions(plan, site_folder, document)


def site_additions(plan: Plan, site_folder: SiteFolder, document: Any) -> Any:
    """The per-site hook: what a site's Kustomization gets beyond the common fields (none yet; e.g.
    `spec.decryption` for SOPS-encrypted site folders goes here). Returns `document`."""
    return document


def site_kustomization_name(plan: Plan, site: str) -> str:
    """`<network>-<site>-site`: never a release's name (those end in -core, -smf, -upf<N>)."""
    return names.site_gitops_name(plan.network, site)


def git_repository(plan: Plan) -> Any:
    return document(
        plan,
        "gitrepository.yaml.j2",
        name=names.gitops_root(plan.network),
        interval=GIT_INTERVAL,
        url=gitops(plan).repo_url,
        ref=git_ref(gitops(plan).revision),
        ignore=git_ignore(plan),
    )


def git_ref(revision: str) -> dict[str, str]:
    """Flux's typed ref: a full commit SHA, a full ref name (refs/tags/v1), or else a branch."""
    if COMMIT.match(revision):
        return {"commit": revision}
    if revision.startswith("refs/"):
        return {"name": revision}
    return {"branch": revision}


def git_ignore(plan: Plan) -> str | None:
    """gitignore rules keeping only the network's folder in the source artifact (none at the root).

    Git cannot re-include a path whose parent is excluded, so each level is re-included in turn.
    """
    parts = [p for p in gitops(plan).path.strip("/").split("/") if p not in ("", ".")]
    if not parts:
        return None
    lines = ["/*"]
    for depth in range(1, len(parts) + 1):
        prefix = "/" + "/".join(parts[:depth])
        lines.append(f"!{prefix}/")
        if depth < len(parts):
            lines.append(f"{prefix}/*")
    return "\n".join(lines) + "\n"


def chart_sources(plan: Plan) -> dict[ChartSource, str]:
    """Each release's chart source -> the name of the Flux source serving it, the same on every
    cluster: one HelmRepository per Helm repository URL, one GitRepository per (Git repository, tag)."""
    keys = sorted({source_key(r.source) for r in plan.releases})
    if len(keys) == 1:
        named = {keys[0]: names.flux_chart_repository(plan.network)}
    else:
        named = {key: names.flux_chart_repository(plan.network, i) for i, key in enumerate(keys, start=1)}
    return {r.source: named[source_key(r.source)] for r in plan.releases}


def source_key(source: ChartSource) -> tuple[str, str]:
    """What one Flux source serves: a Helm repository (all its charts and versions), or a Git
    repository at one tag (all the charts of that checkout)."""
    return (source.repo, source.version if source.in_git else "")


def chart_source_document(plan: Plan, source: ChartSource, name: str) -> Any:
    """A chart source as a Flux object: a GitRepository at the charts' tag (charts published in Git
    only), or a HelmRepository (`type: oci` for an oci:// URL)."""
    if source.in_git:
        template, extra = "gitrepository.yaml.j2", {"ref": {"tag": source.version}, "ignore": None}
    else:
        template, extra = "helmrepository.yaml.j2", {"oci": source.repo.startswith("oci://")}
    return document(plan, template, name=name, interval=CHARTS_INTERVAL, url=source.repo, **extra)


def flux_kustomization(
    plan: Plan,
    name: str,
    path: str,
    depends_on: list[dict[str, str]] | None = None,
    component: str = "gitops",
    force: bool = False,
) -> Any:
    return document(
        plan,
        "flux-kustomization.yaml.j2",
        component=component,
        name=name,
        interval=RECONCILE_INTERVAL,
        retry_interval=RETRY_INTERVAL,
        timeout=TIMEOUT,
        source=git_source(plan),
        path=path,
        depends_on=depends_on or [],
        force=force,
    )


def releases_folder(
    plan: Plan, cluster: str, releases: list[HelmRelease], values: dict[str, Artifact]
) -> list[Artifact]:
    """gitops/flux/<C>/releases: per release a HelmRelease and a copy of values.yaml; the kustomization."""
    root = f"{folder(cluster)}/releases"
    artifacts: list[Artifact] = []
    generators = []
    for release in releases:
        artifacts.append(
            Artifact(
                f"{root}/{release.name}/helmrelease.yaml",
                (helm_release(plan, release, releases),),
                schema=SCHEMAS["HelmRelease"],
            )
        )
        original = values[release.name]
        artifacts.append(
            Artifact(f"{root}/{release.name}/{VALUES_FILE}", original.documents, schema=original.schema)
        )
        generators.append(
            {"name": values_configmap(release), "files": [f"{VALUES_KEY}={release.name}/{VALUES_FILE}"]}
        )
    kustomization = render_one(
        BLUEPRINTS,
        "kustomization.yaml.j2",
        namespace=gitops(plan).namespace,
        resources=[f"{r.name}/helmrelease.yaml" for r in releases],
        generators=generators,
        generator_labels={**labels(plan, component="gitops"), WATCH_LABEL[0]: WATCH_LABEL[1]},
    )
    return [*artifacts, Artifact(f"{root}/kustomization.yaml", (kustomization,), schema="kustomization")]


def values_configmap(release: HelmRelease) -> str:
    return names.flux_values_configmap(release.name)


def helm_release(plan: Plan, release: HelmRelease, same_cluster: list[HelmRelease]) -> Any:
    chart_source = release.source
    kind = "GitRepository" if chart_source.in_git else "HelmRepository"
    source = {"kind": kind, "name": chart_sources(plan)[chart_source]}
    depends_on = [{"name": d.name} for d in dependencies(release, same_cluster)]
    return document(
        plan,
        "helmrelease.yaml.j2",
        component=release.role,
        slice_name=release.slice,
        name=release.name,
        interval=RECONCILE_INTERVAL,
        timeout=HELM_TIMEOUT,
        release_name=release.name,
        target_namespace=release.namespace,
        # From Git: the chart's folder (Flux reads no version there: the GitRepository's tag pins it).
        chart=f"./{chart_source.path}" if chart_source.in_git else chart_source.chart,
        version=None if chart_source.in_git else chart_source.version,
        chart_source=source,
        depends_on=depends_on,
        values_configmap=values_configmap(release),
        values_key=VALUES_KEY,
    )


def dependencies(release: HelmRelease, same_cluster: list[HelmRelease]) -> list[HelmRelease]:
    """The releases of the nearest lower wave on the same cluster that share its slice (or where
    either has none).

    core (wave 1) has none; a slice's SMF depends on the core; its UPFs on its SMF (or on the core
    when the SMF runs on another cluster); a RAN release (no slice) on every UPF of the cluster.
    """
    below = [
        r
        for r in same_cluster
        if r.wave < release.wave and (r.slice is None or release.slice is None or r.slice == release.slice)
    ]
    if not below:
        return []
    nearest = max(r.wave for r in below)
    return [r for r in below if r.wave == nearest]


def release_values(plan: Plan, tree: tuple[Artifact, ...]) -> dict[str, Artifact]:
    """Release name -> its values.yaml artifact, as the target that writes the original renders it."""
    wanted = {f"{helm_dir(r.site, r.name)}/{VALUES_FILE}": r.name for r in plan.releases}
    found = {wanted[a.path]: a for a in tree if a.path in wanted}
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise CompilerBug(f"no target renders the values of release(s) {', '.join(missing)}")
    return found


TARGET = FluxTarget()
