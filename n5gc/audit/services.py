"""Names across releases: every `<service>.<namespace>.svc.<domain>` and every NSM vL3 name written in
the tree must name something the tree provides (a Service object, a Service a Helm chart renders
for the values given, an NSM workload), in the right namespace, with one cluster domain per site.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from n5gc.audit.documents import Doc, SiteRelease, TreeFile, site_releases
from n5gc.diagnostics import Diagnostic, Location, error

# Chart facts of the Gradiant 5g-charts (values.yaml `services:` keys of each chart): a release
# with fullname F renders one Service `F-<key>` per key. See /work/shared/upstream/gradiant.
CHART_SERVICES: dict[str, tuple[str, ...]] = {
    "open5gs-amf": ("sbi", "ngap", "metrics"),
    "open5gs-ausf": ("sbi",),
    "open5gs-bsf": ("sbi",),
    "open5gs-nrf": ("sbi",),
    "open5gs-nssf": ("sbi",),
    "open5gs-pcf": ("sbi", "metrics"),
    "open5gs-scp": ("sbi",),
    "open5gs-smf": ("sbi", "frdi", "pfcp", "gtpc", "gtpu", "metrics"),
    "open5gs-udm": ("sbi",),
    "open5gs-udr": ("sbi",),
    "open5gs-upf": ("gtpu", "pfcp", "metrics"),
    "open5gs-webui": ("http",),
}
# The umbrella `open5gs` chart's subcharts (aliases); Bitnami MongoDB renders `F` and `F-headless`.
UMBRELLA_SUBCHARTS = (*(c.removeprefix("open5gs-") for c in CHART_SERVICES), "mongodb")
# Chart facts of the OAI 5G Core charts (oai-cn5g-fed v2.1.0, charts/oai-5g-core, rendered with
# helm: ../shared/upstream/oai/oai-cn5g-fed/CHART-FACTS.md §2-3), transcribed here independently of
# n5gc.products: every Service is named after the chart, never the release, so a release renders
# the same names in whatever namespace it is installed. The umbrella renders the Services of its
# enabled dependencies (`<dependency>.enabled`, all on by default).
OAI_CHART_SERVICES: dict[str, tuple[str, ...]] = {
    "oai-nrf": ("oai-nrf",),
    "oai-udr": ("oai-udr",),
    "oai-udm": ("oai-udm",),
    "oai-ausf": ("oai-ausf",),
    "oai-amf": ("oai-amf",),
    "oai-smf": ("oai-smf",),
    "oai-upf": ("oai-upf",),
    "oai-lmf": ("oai-lmf",),
    "oai-nssf": ("oai-nssf",),
    "mysql": ("mysql",),
    "oai-traffic-server": (),
}
OAI_UMBRELLAS: dict[str, tuple[str, ...]] = {
    "oai-5g-basic": (
        *("mysql", "oai-nrf", "oai-udr", "oai-udm", "oai-ausf", "oai-amf", "oai-smf", "oai-upf"),
        *("oai-lmf", "oai-traffic-server"),
    ),
    "oai-5g-mini": ("mysql", "oai-nrf", "oai-amf", "oai-smf", "oai-upf", "oai-traffic-server"),
    "oai-5g-advance": (
        *("mysql", "oai-nrf", "oai-udr", "oai-udm", "oai-ausf", "oai-amf", "oai-smf", "oai-upf"),
        *("oai-lmf", "oai-traffic-server", "oai-nssf"),
    ),
}
# Services every cluster has; GitOps objects name them (Argo CD's in-cluster destination).
CLUSTER_SERVICES = {("kubernetes", "default")}

SERVICE_NAME = re.compile(
    r"(?<![\w.-])([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.svc"
    r"(?:\.([a-z0-9-]+(?:\.[a-z0-9-]+)*))?(?![\w-])"
)
NSM_ANNOTATION = re.compile(r"kernel://([a-z0-9-]+)(?:@([a-z0-9.-]+))?/[a-z0-9-]+\?name=([a-z0-9-]+)")


@dataclass(frozen=True)
class Service:
    name: str
    namespace: str
    site: str
    where: Location


@dataclass(frozen=True)
class Reference:
    name: str
    namespace: str
    domain: str | None
    where: Location


def site_of(path: str) -> str:
    """The site (cluster) a file is applied to: sites/<site>/... or gitops/flux/<cluster>/..."""
    parts = path.split("/")
    if parts[0] == "sites" and len(parts) > 2:
        return parts[1]
    if parts[:2] == ["gitops", "flux"] and len(parts) > 3:
        return parts[2]
    return ""


def provided_services(files: list[TreeFile]) -> dict[tuple[str, str], Service]:
    """Every Service the tree provides: Service objects and the Services its Helm releases render."""
    found: dict[tuple[str, str], Service] = {}
    for tree_file in files:
        for doc in tree_file.objects("Service"):
            name, namespace = doc.get("metadata", "name"), doc.get("metadata", "namespace")
            if isinstance(name, str) and isinstance(namespace, str):
                service = Service(name, namespace, site_of(tree_file.path), doc.loc("metadata", "name"))
                found.setdefault((name, namespace), service)
    for release in site_releases(files):
        for service in _release_services(release):
            found.setdefault((service.name, service.namespace), service)
    return found


def _release_services(release: SiteRelease) -> Iterator[Service]:
    """The Services a chart renders for a release (chart facts; the fullname from the values)."""
    meta, doc, site = release.meta, release.values_doc, site_of(release.release.path)
    if meta is None:
        return
    chart, name, namespace = meta.get("chart"), meta.get("releaseName"), meta.get("namespace")
    if not (isinstance(chart, str) and isinstance(name, str) and isinstance(namespace, str)):
        return
    if chart in OAI_CHART_SERVICES or chart in OAI_UMBRELLAS:
        yield from _oai_services(chart, doc, namespace, site, meta.loc("chart"))
    elif chart in CHART_SERVICES:
        fullname = str((doc.get("fullnameOverride") if doc else None) or _fullname(name, chart))
        where = doc.loc("fullnameOverride") if doc else meta.loc("releaseName")
        for key in CHART_SERVICES[chart]:
            yield Service(f"{fullname}-{key}", namespace, site, where)
    elif chart == "open5gs" and doc is not None:
        for alias in UMBRELLA_SUBCHARTS:
            if doc.get(alias, "enabled") is not True:
                continue
            fullname = str(doc.get(alias, "fullnameOverride") or _fullname(name, alias))
            where = doc.loc(alias, "fullnameOverride")
            names = [fullname, fullname + "-headless"] if alias == "mongodb" else []
            names += [f"{fullname}-{key}" for key in CHART_SERVICES.get(f"open5gs-{alias}", ())]
            for service in names:
                yield Service(service, namespace, site, where)


def _oai_services(
    chart: str, doc: Doc | None, namespace: str, site: str, where: Location
) -> Iterator[Service]:
    """The Services an OAI chart renders: its own, or an umbrella's enabled dependencies'."""
    if chart in OAI_CHART_SERVICES:
        for service in OAI_CHART_SERVICES[chart]:
            yield Service(service, namespace, site, where)
        return
    for dependency in OAI_UMBRELLAS[chart]:
        if doc is not None and doc.get(dependency, "enabled") is False:
            continue
        dependency_where = doc.loc(dependency) if doc is not None and doc.get(dependency) else where
        for service in OAI_CHART_SERVICES[dependency]:
            yield Service(service, namespace, site, dependency_where)


def _fullname(release: str, chart: str) -> str:
    """Bitnami's fullname rule without fullnameOverride: the release name if it holds the chart's."""
    return release if chart in release else f"{release}-{chart}"


def references(files: list[TreeFile]) -> Iterator[Reference]:
    """Every Service DNS name written in a YAML file of the tree (values, configs, comments)."""
    for tree_file in files:
        if not tree_file.path.endswith((".yaml", ".yml")):
            continue
        for number, line in enumerate(tree_file.text.splitlines(), 1):
            if ".svc" not in line:
                continue
            for match in SERVICE_NAME.finditer(line):
                name, namespace, domain = match.groups()
                if (name, namespace) in CLUSTER_SERVICES:
                    continue
                yield Reference(name, namespace, domain, Location(tree_file.shown, number, match.start() + 1))


def check_services(files: list[TreeFile]) -> tuple[list[Diagnostic], dict[str, str]]:
    """Host names that name no Service (N5G810) or use another domain than their site's (N5G811).

    Returns the diagnostics and the cluster domain of each site (the one its Services are named
    with most often; the tree writes no other record of it).
    """
    services = provided_services(files)
    by_name: dict[str, list[Service]] = {}
    by_namespace: dict[str, list[Service]] = {}
    for service in services.values():
        by_name.setdefault(service.name, []).append(service)
        by_namespace.setdefault(service.namespace, []).append(service)
    problems: list[Diagnostic] = []
    resolved: list[tuple[Reference, Service]] = []
    for ref in references(files):
        service = services.get((ref.name, ref.namespace))
        if service is None:
            problems.append(
                _missing_service(ref, by_name.get(ref.name, []), by_namespace.get(ref.namespace, []))
            )
        else:
            resolved.append((ref, service))
    domains = _site_domains(resolved)
    for ref, service in resolved:
        domain = domains.get(service.site)
        if ref.domain != domain and domain is not None:
            example = next(r for r, s in resolved if s.site == service.site and r.domain == domain)
            problems.append(
                error(
                    "N5G811",
                    f"{ref.name}.{ref.namespace} is named with cluster domain {ref.domain or '(none)'}, "
                    f"but the Service ({service.where}) is on site {service.site or '(top)'}, whose Services "
                    f"are named with {domain} (e.g. {example.where})",
                    ref.where,
                    "write every Service name as <service>.<namespace>.svc.<cluster domain of its site>",
                )
            )
    return problems, domains


def _site_domains(resolved: list[tuple[Reference, Service]]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = {}
    for ref, service in resolved:
        if ref.domain:
            counts.setdefault(service.site, Counter())[ref.domain] += 1
    return {site: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for site, c in counts.items()}


def _missing_service(ref: Reference, same_name: list[Service], in_namespace: list[Service]) -> Diagnostic:
    if same_name:
        other = same_name[0]
        detail = (
            f"Service {other.name} is in namespace {other.namespace} ({other.where}), not {ref.namespace}"
        )
    elif close := sorted(difflib.get_close_matches(ref.name, [s.name for s in in_namespace], n=3)):
        nearest = next(s for s in in_namespace if s.name == close[0])
        detail = f"namespace {ref.namespace} has {' or '.join(close)} ({nearest.where})"
    elif in_namespace:
        names = sorted({s.name for s in in_namespace})
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
        detail = f"namespace {ref.namespace} has {shown} (e.g. {in_namespace[0].where})"
    else:
        detail = f"no Service object or Helm release of the tree is in namespace {ref.namespace}"
    return error(
        "N5G810",
        f"{ref.name}.{ref.namespace} names no Service of the tree: {detail}",
        ref.where,
        "a name across releases must be a Service the tree creates (a Service object, or "
        "<fullnameOverride>-<port> of a Helm release) in that Service's namespace",
    )


def check_nsm(files: list[TreeFile], domains: dict[str, str]) -> list[Diagnostic]:
    """NSM: annotations name a NetworkService of the tree (at its site's domain) and every vL3 name
    `<workload>.<network service>` names a workload that joins that service (N5G812)."""
    network_services: dict[str, tuple[str, Location]] = {}
    for tree_file in files:
        for doc in tree_file.objects("NetworkService"):
            name = doc.get("metadata", "name")
            if isinstance(name, str):
                network_services[name] = (site_of(tree_file.path), doc.loc("metadata", "name"))
    problems: list[Diagnostic] = []
    members: dict[str, set[str]] = {}
    for match, where in _matches(files, NSM_ANNOTATION, "kernel://"):
        service, domain, workload = match.groups()
        members.setdefault(service, set()).add(workload)
        if service not in network_services:
            problems.append(
                _nsm_error(f"joins NSM network service {service}, which the tree does not define", where)
            )
            continue
        home_site, home = network_services[service]
        if domain and domains.get(home_site, domain) != domain:
            problems.append(
                _nsm_error(
                    f"names network service {service}@{domain}, but {service} ({home}) is on site "
                    f"{home_site} whose cluster domain is {domains[home_site]}",
                    where,
                )
            )
    if network_services:
        names = "|".join(re.escape(n) for n in sorted(network_services, key=len, reverse=True))
        vl3 = re.compile(rf"(?<![\w.@/-])([a-z0-9-]+)\.({names})(?![\w.-])")
        for match, where in _matches(files, vl3, None):
            workload, service = match.groups()
            if workload not in members.get(service, set()):
                problems.append(
                    _nsm_error(
                        f"vL3 name {workload}.{service}: no workload named {workload} joins network "
                        f"service {service} ({network_services[service][1]})",
                        where,
                    )
                )
    return problems


def _matches(
    files: list[TreeFile], pattern: re.Pattern[str], needle: str | None
) -> Iterator[tuple[re.Match[str], Location]]:
    for tree_file in files:
        if not tree_file.path.endswith((".yaml", ".yml")):
            continue
        for number, line in enumerate(tree_file.text.splitlines(), 1):
            if needle is not None and needle not in line:
                continue
            for match in pattern.finditer(line):
                yield match, Location(tree_file.shown, number, match.start() + 1)


def _nsm_error(message: str, where: Location) -> Diagnostic:
    return error(
        "N5G812",
        message,
        where,
        "an NSM name is <workload>.<network service>: the workload's pod annotation "
        "networkservicemesh.io must join that service (kernel://<service>[@<domain>]/<if>?name=<workload>)",
    )
