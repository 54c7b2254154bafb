"""Multicluster: traffic that crosses sites must be carried by the chosen engine (Liqo or NSM)."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning
from n5gc.model.topology import IntentLink, Workload
from n5gc.model.types import ip_network_of

NAMES = {
    "n2": "N2 (NGAP, SCTP)",
    "n3": "N3 (GTP-U, UDP)",
    "n4": "N4 (PFCP, UDP)",
    "n6": "N6",
    "sbi": "SBI (HTTP/2)",
    "f1": "F1 (F1AP over SCTP + GTP-U)",
}
ENDS = {
    "core": "the control plane",
    "amf": "the AMF",
    "smf": "SMF",
    "upf": "UPF",
    "gnb": "gNB",
    "cu": "CU",
    "du": "DU",
}


def _describe(link: IntentLink) -> str:
    def end(w: Workload) -> str:
        slice_of = f' of slice "{w.name}"' if w.kind in ("smf", "upf") else ""
        own = f' "{w.name}"' if w.kind in ("gnb", "cu", "du") else slice_of
        number = f" #{w.index}" if w.kind == "upf" else ""
        return f"{ENDS.get(w.kind, w.kind)}{own}{number} (site {w.site})"

    return f"{NAMES[link.interface]} between {end(link.client)} and {end(link.server)}"


def _crossing(ctx: CheckContext) -> list[IntentLink]:
    if ctx.core_site is None:
        return []  # N5G207 already asks for core.site; placements cannot be resolved without it
    known = set(ctx.site_names)  # an unknown site is N5G201's to report, not a crossing
    if len(known) < 2:
        return []  # a link crosses between two known sites: with one, none can (spares the links)
    return [
        link
        for link in ctx.links
        if link.crosses_sites and link.client.site in known and link.server.site in known
    ]


def crossing_needs_an_engine(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G601: with `multicluster.engine: none`, nothing carries traffic between clusters."""
    if ctx.network.spec.multicluster.engine != "none":
        return
    reported: set[tuple[str, tuple]] = set()
    for link in _crossing(ctx):
        key = (link.interface, link.path)
        if key in reported:
            continue
        reported.add(key)
        yield error(
            "N5G601",
            f"{_describe(link)} crosses sites, but multicluster.engine is none",
            ctx.at(*link.path),
            "set `multicluster: {engine: liqo}` (Liqo peers the clusters and offloads from the home "
            f"cluster) or `{{engine: nsm, nsm: {{interfaces: [{link.interface}, ...]}}}}` (NSM gives "
            "the pods an extra interface across clusters), or place both ends on one site",
        )


def crossing_interfaces_on_nsm(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G602: with NSM, every interface that crosses sites must be listed in `nsm.interfaces`."""
    multicluster = ctx.network.spec.multicluster
    if multicluster.engine != "nsm":
        return
    declared = set(multicluster.nsm.interfaces if multicluster.nsm else [])
    missing: dict[str, IntentLink] = {}
    for link in _crossing(ctx):
        if link.interface not in declared and link.interface not in missing:
            missing[link.interface] = link
    for interface, link in missing.items():
        listed = ("spec", "multicluster", "nsm", "interfaces")
        where = listed if multicluster.nsm else ("spec", "multicluster")
        message = f"{_describe(link)} crosses sites, but nsm.interfaces does not list {interface}"
        yield error("N5G602", message, ctx.at(*where), f"add {interface} to multicluster.nsm.interfaces")


def engine_options_match(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G603: options of an engine that is not selected are ignored."""
    multicluster = ctx.network.spec.multicluster
    for engine in ("liqo", "nsm"):
        if getattr(multicluster, engine) is not None and multicluster.engine != engine:
            yield warning(
                "N5G603",
                f"multicluster.{engine} is ignored with engine {multicluster.engine}",
                ctx.at("spec", "multicluster", engine, key=True),
                f"set `engine: {engine}` or remove the {engine} options",
            )


# --- Liqo ---------------------------------------------------------------------------------------------


def _namespace_of(end: Workload) -> str:
    """Which of n5gc's namespaces a workload lives in: the core's, its slice's, or the RAN's."""
    if end.kind in ("core", "amf"):
        return "core"
    return f"slice {end.name}" if end.kind in ("smf", "upf") else "ran"


def _liqo_home(ctx: CheckContext) -> str | None:
    options = ctx.network.spec.multicluster.liqo
    home = (options.home if options and options.home else None) or ctx.core_site
    return home if home in ctx.site_names else None  # an unknown site is N5G201's to report


def _liqo_placement(ctx: CheckContext) -> tuple[list[Workload], dict[str, set[str]]] | None:
    """(workloads on other sites than the home, namespace -> sites of its workloads), or None without Liqo."""
    home = _liqo_home(ctx)
    if ctx.network.spec.multicluster.engine != "liqo" or home is None or ctx.core_site is None:
        return None
    known = set(ctx.site_names)
    links = [link for link in ctx.links if link.client.site in known and link.server.site in known]
    ends = {end for link in links for end in (link.client, link.server) if end.kind != "dn"}
    sites: dict[str, set[str]] = {}
    for end in ends:
        sites.setdefault(_namespace_of(end), set()).add(end.site)
    away = sorted((e for e in ends if e.site != home), key=lambda e: (e.kind, e.name, e.index))
    offloaded = {_namespace_of(e) for e in away}
    offloaded |= {
        _namespace_of(link.server) for link in links if link.client.site != home and link.server.kind != "dn"
    }
    return away, {ns: sites[ns] for ns in sorted(offloaded)}


def liqo_names_resolve(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G604: offloaded pods must resolve the Service names n5gc writes (same namespace names and domain)."""
    placed = _liqo_placement(ctx)
    if not placed or not placed[0]:
        return
    away, _ = placed
    options = ctx.network.spec.multicluster.liqo
    if options is not None and options.namespace_mapping_strategy == "DefaultName":
        yield warning(
            "N5G604",
            "namespaceMappingStrategy DefaultName gives offloaded namespaces other names "
            "in the remote clusters, where the Service names n5gc writes "
            "(<service>.<namespace>.svc...) do not resolve",
            ctx.at("spec", "multicluster", "liqo", "namespaceMappingStrategy"),
            "use namespaceMappingStrategy: EnforceSameName (the default)",
        )
    home = _liqo_home(ctx)
    domains = {site.name: (i, site.cluster_domain) for i, site in enumerate(ctx.network.spec.sites)}
    for site in sorted({e.site for e in away}, key=ctx.site_names.index):
        index, domain = domains[site]
        if domain != domains[home][1]:
            yield warning(
                "N5G604",
                f'site "{site}": its pods are offloaded from the home site "{home}" and '
                f"resolve names in their cluster's domain {domain}, but n5gc writes Service names "
                f"in the home cluster's domain {domains[home][1]}",
                ctx.at("spec", "sites", index, "clusterDomain"),
                "give the clusters peered by Liqo the same cluster DNS domain",
            )


def liqo_strategy_fits(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G605: podOffloadingStrategy Local/Remote must not contradict where the workloads are placed."""
    placed = _liqo_placement(ctx)
    options = ctx.network.spec.multicluster.liqo
    if not placed or options is None or options.pod_offloading_strategy == "LocalAndRemote":
        return
    away, offloaded = placed
    where = ctx.at("spec", "multicluster", "liqo", "podOffloadingStrategy")
    hint = "use podOffloadingStrategy: LocalAndRemote (the default): n5gc pins every pod to its site"
    home = _liqo_home(ctx)
    if options.pod_offloading_strategy == "Local" and away:
        first = away[0]
        yield error(
            "N5G605",
            f"podOffloadingStrategy Local keeps every pod in the home cluster ({home}), "
            f"but {len(away)} workload(s) run on other sites, e.g. "
            f'{ENDS.get(first.kind, first.kind)} "{first.name}" on {first.site}',
            where,
            hint,
        )
    if options.pod_offloading_strategy == "Remote":
        for namespace, sites in offloaded.items():
            if home in sites:
                yield error(
                    "N5G605",
                    f"podOffloadingStrategy Remote sends every pod of the offloaded "
                    f"{namespace} namespace away, but some of its workloads run on the home site "
                    f"{home}",
                    where,
                    hint,
                )


# Interfaces whose messages carry the sender's own pod address to its peer: the UPF's N3 address in
# PFCP -> NGAP, the gNB's in NGAP, the SCTP association's addresses (N2, F1-C), F1-U's in F1AP.
CARRIED_ADDRESSES = {
    "n2": "SCTP lists each end's own addresses; NGAP carries the gNB's and the UPF's N3 addresses",
    "n3": "GTP-U goes where PFCP/NGAP say, always UDP 2152",
    "f1": "F1-U GTP-U goes where F1AP says, always UDP 2152",
}
ADDRESS_CARRYING = tuple(CARRIED_ADDRESSES)


def _liqo_address_pairs(ctx: CheckContext) -> dict[tuple[str, str], IntentLink]:
    """Site pairs joined by an address-carrying interface across clusters under Liqo, first link each."""
    if ctx.network.spec.multicluster.engine != "liqo":
        return {}
    pairs: dict[tuple[str, str], IntentLink] = {}
    for link in _crossing(ctx):
        if link.interface in ADDRESS_CARRYING:
            pair = tuple(sorted((link.client.site, link.server.site), key=ctx.site_names.index))
            pairs.setdefault(pair, link)  # type: ignore[arg-type]
    return pairs


def liqo_pod_cidrs_declared(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G620: the clusters at the ends of a cross-cluster N2/N3/F1 under Liqo must declare their pod CIDR."""
    sites = ctx.network.spec.sites
    reported: set[str] = set()
    for pair, link in _liqo_address_pairs(ctx).items():
        for name in pair:
            index = ctx.site_names.index(name)
            if sites[index].pod_cidr is not None or name in reported:
                continue
            reported.add(name)
            yield error(
                "N5G620",
                f"{_describe(link)} crosses clusters over Liqo, to the peers' own pod addresses "
                f'({CARRIED_ADDRESSES[link.interface]}), but site "{name}" does not declare its podCidr: '
                "n5gc cannot tell whether Liqo routes those addresses unchanged",
                ctx.at("spec", "sites", index, "name"),
                f"add `podCidr: <the pod CIDR of cluster {name}>` to the site (it must not overlap "
                "the other clusters' pod CIDRs), or place both ends on one site",
            )


def liqo_pod_cidrs_disjoint(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G621: Liqo routes a peer's pod addresses unchanged only when the clusters' pod CIDRs are disjoint."""
    sites = ctx.network.spec.sites
    for (first, second), link in _liqo_address_pairs(ctx).items():
        a, b = (sites[ctx.site_names.index(n)] for n in (first, second))
        if a.pod_cidr is None or b.pod_cidr is None:
            continue  # N5G620's to report
        if ip_network_of(a.pod_cidr).overlaps(ip_network_of(b.pod_cidr)):
            yield error(
                "N5G621",
                f"{_describe(link)} crosses clusters over Liqo, but the pod CIDRs of sites "
                f'"{first}" ({a.pod_cidr}) and "{second}" ({b.pod_cidr}) overlap: Liqo then reaches '
                "the other cluster's pods only through remapped (NATed) addresses, while the UPF and "
                f"the gNB hand each other their own pod addresses ({CARRIED_ADDRESSES[link.interface]}), "
                "which lead nowhere there",
                ctx.at("spec", "sites", ctx.site_names.index(second), "podCidr"),
                "give the peered clusters disjoint pod CIDRs (chosen when each cluster is created), "
                "or place both ends of the interface on one site",
            )


# --- NSM ----------------------------------------------------------------------------------------------


def nsm_domains_distinct(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G606: sites joined by an NSM interface across clusters need distinct cluster DNS domains."""
    multicluster = ctx.network.spec.multicluster
    if multicluster.engine != "nsm" or multicluster.nsm is None:
        return
    domains = {site.name: (i, site.cluster_domain) for i, site in enumerate(ctx.network.spec.sites)}
    reported: set[str] = set()
    for link in _crossing(ctx):
        if link.interface not in multicluster.nsm.interfaces:
            continue
        (_, client_domain), (index, server_domain) = domains[link.client.site], domains[link.server.site]
        if client_domain == server_domain and link.server.site not in reported:
            reported.add(link.server.site)
            yield warning(
                "N5G606",
                f"{_describe(link)} runs over NSM across clusters, but both clusters "
                f"have the DNS domain {server_domain}: NSM names the service "
                "<service>@<domain> across clusters",
                ctx.at("spec", "sites", index, "clusterDomain"),
                "give each cluster its own clusterDomain (and NSM interdomain DNS between them)",
            )


RULES = [
    crossing_needs_an_engine,
    crossing_interfaces_on_nsm,
    engine_options_match,
    liqo_names_resolve,
    liqo_strategy_fits,
    liqo_pod_cidrs_declared,
    liqo_pod_cidrs_disjoint,
    nsm_domains_distinct,
]
