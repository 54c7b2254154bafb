"""The GitOps layout of a plan, computed once: what each site folder holds and which cluster gets what.

Every GitOps engine (n5gc/targets/argocd.py, flux.py, on the shared base n5gc/targets/gitops.py)
applies the same tree; what they need to know about it is planned here, not read back from rendered
files:
- per site, the namespaces its folder's objects create or use (`SitePlan.folder_namespaces`): the
  Namespaces it creates, and the namespace of every plain manifest the targets put in it (the
  subscriber provisioning at the core site, the RAN n5gc renders itself, NSM objects, Liqo's
  NamespaceOffloadings, Argo CD's smoke-test Jobs);
- per site, the folders of its cluster that must be applied before it (`SitePlan.folder_after`);
- per cluster, the site folders and Helm releases it receives (`GitopsPlan.clusters`);
- the kinds that must exist before the rest of their folder (`GitopsPlan.first_in_folder`);
- whether post-deploy checks get a folder of their own (`GitopsPlan.checks_apart`).

What differs between engines is said here as such facts, so that targets never ask which engine
applies their files: `CHECKS_APART` is the one table naming engines.

The engines check the rendered tree against these facts (targets/gitops.py `checked_tree`): a
target that puts an object where the plan does not expect it is a compiler bug, never a silent gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from n5gc.plan.ir import GitopsCluster, GitopsPlan, Plan, SitePlan

NAMESPACE_OFFLOADING = "NamespaceOffloading"  # Liqo: its namespace must be offloaded before pods start
# Engines that cannot order objects inside one applied folder after the rest of the deployment (a
# Flux Kustomization is Ready once applied): post-deploy checks need a folder and an apply of their own.
CHECKS_APART = ("flux",)


def with_gitops_layout(plan: Plan) -> Plan:
    """`plan` with the folder namespaces and apply order of every site, and its GitOps clusters."""
    used = folder_namespaces(plan)
    sites = tuple(replace(site, folder_namespaces=used[site.name]) for site in plan.sites)
    cluster_of = {site.name: plan.site(site.apply_site).cluster_name for site in plan.sites}
    sites = tuple(replace(site, folder_after=folders_before(sites, site, cluster_of)) for site in sites)
    planned = replace(plan, sites=sites)
    if plan.gitops is None:
        return planned
    return replace(planned, gitops=gitops_layout(planned, plan.gitops))


def placed_objects(plan: Plan) -> Iterator[tuple[str, str]]:
    """(site, namespace) of every plain manifest the targets put in a site folder."""
    yield plan.core.site, plan.provisioning_namespace  # the subscriber provisioning
    for gnb in plan.gnbs:
        if gnb.release is None:  # rendered by n5gc (UERANSIM, OAI), not a chart: in the site folder
            yield from ((site, gnb.namespace) for site in (gnb.site, gnb.du_site or gnb.site))
    yield from ((group.site, group.namespace) for group in plan.subscribers if group.simulate_gnb)
    if plan.nsm is not None:
        for service in plan.nsm.services:
            yield service.anchor, plan.nsm.namespace
            yield from ((endpoint.site, endpoint.namespace) for endpoint in service.endpoints)
    if plan.liqo is not None:
        yield from ((offloaded.site, offloaded.namespace) for offloaded in plan.liqo.offloaded)
    smoke = plan.smoke_test
    if smoke is not None and not checks_apart(plan.gitops):
        yield smoke.site, smoke.namespace  # else the Jobs have a kustomize root of their own


def checks_apart(gitops: GitopsPlan | None) -> bool:
    """Whether the engine applies post-deploy checks from a folder of their own (see CHECKS_APART)."""
    return gitops is not None and gitops.engine in CHECKS_APART


def folder_namespaces(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Site -> the namespaces its folder's objects create or use, sorted."""
    found: dict[str, set[str]] = {site.name: set(site.namespaces) for site in plan.sites}
    for site, namespace in placed_objects(plan):
        found[site].add(namespace)
    return {site: tuple(sorted(namespaces)) for site, namespaces in found.items()}


def folders_before(
    sites: tuple[SitePlan, ...], site: SitePlan, cluster_of: dict[str, str]
) -> tuple[str, ...]:
    """The other folders of `site`'s cluster creating a namespace its folder uses and does not create."""
    if not site.has_folder:
        return ()
    needed = set(site.folder_namespaces) - set(site.namespaces)
    return tuple(
        other.name
        for other in sites
        if other.name != site.name
        and other.has_folder
        and cluster_of[other.name] == cluster_of[site.name]
        and needed & set(other.namespaces)
    )


def gitops_layout(plan: Plan, gitops: GitopsPlan) -> GitopsPlan:
    """The GitOps settings with the clusters they apply to and the kinds that go first in a folder."""
    first = (NAMESPACE_OFFLOADING,) if plan.liqo is not None and plan.liqo.offloaded else ()
    return replace(gitops, clusters=clusters(plan), first_in_folder=first, checks_apart=checks_apart(gitops))


def clusters(plan: Plan) -> tuple[GitopsCluster, ...]:
    """Every cluster that receives a site folder or a Helm release, in the order of the plan's sites."""
    cluster_of = {site.name: plan.site(site.apply_site).cluster_name for site in plan.sites}
    order = [
        cluster_of[site.name]
        for site in plan.sites
        if site.has_folder or any(release.site == site.name for release in plan.releases)
    ]
    return tuple(
        GitopsCluster(
            name,
            tuple(site.name for site in plan.sites if site.has_folder and cluster_of[site.name] == name),
            tuple(release.name for release in plan.releases if cluster_of[release.site] == name),
        )
        for name in dict.fromkeys(order)
    )
