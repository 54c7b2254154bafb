"""Names across releases: every `<service>.<namespace>.svc.<domain>` and every NSM vL3 name written in
the tree must name something the tree provides (a Service object, a Service a Helm chart renders
for the values given, an NSM workload), in the right namespace, with one cluster domain per site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import partial
from operator import itemgetter
from typing import Any

from n5gc.audit.documents import TreeFile, is_site_release
from n5gc.audit.views import Meta, Reader, SiteRelease, SummaryTree, dec, field, position
from n5gc.diagnostics import Diagnostic, Location, error
from n5gc.patterns import LazyPattern  # (compiled when a text needs it: most compiles need none)

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
NSM_ANNOTATION = LazyPattern(r"kernel://([a-z0-9-]+)(?:@([a-z0-9.-]+))?/[a-z0-9-]+\?name=([a-z0-9-]+)")
# What the vL3 pattern of check_nsm matches for any network service name of these characters: the
# name is then the whole run after the dot (the pattern is built from the tree's names).
VL3_CANDIDATE = LazyPattern(r"(?<![\w.@/-])([a-z0-9-]+)\.([a-z0-9-]+)(?![\w.-])")
SIMPLE_NAME = re.compile(r"[a-z0-9-]+")
HEX_RUN = re.compile(r"[0-9a-f]{32}")  # in a vL3 name: could be a subscriber key, never summarised
OAI_DEPENDENCIES = tuple(sorted({d for deps in OAI_UMBRELLAS.values() for d in deps}))


class Service(tuple):  # type: ignore[type-arg]
    """A Service the tree provides: (name, namespace, site, file, line, col); a tuple, as the tree
    provides thousands (`service_of`) and messages name few."""

    __slots__ = ()
    name = property(itemgetter(0))
    namespace = property(itemgetter(1))
    site = property(itemgetter(2))

    @property
    def where(self) -> Location:
        return Location(self[3], self[4], self[5])


class Reference(tuple):  # type: ignore[type-arg]
    """A Service DNS name written in the tree: (name, namespace, domain, file, line, col)."""

    __slots__ = ()
    name = property(itemgetter(0))
    namespace = property(itemgetter(1))
    domain = property(itemgetter(2))

    @property
    def where(self) -> Location:
        return Location(self[3], self[4], self[5])


service_of = partial(tuple.__new__, Service)
reference_of = partial(tuple.__new__, Reference)


def site_of(path: str) -> str:
    """The site (cluster) a file is applied to: sites/<site>/... or gitops/flux/<cluster>/..."""
    parts = path.split("/")
    if parts[0] == "sites" and len(parts) > 2:
        return parts[1]
    if parts[:2] == ["gitops", "flux"] and len(parts) > 3:
        return parts[2]
    return ""


# --- one file ------------------------------------------------------------------------------------


def names_summary(tree_file: TreeFile) -> dict[str, Any]:
    """What the name checks need of one file: its Service and NetworkService objects, the Service
    and NSM names its lines write, and, for a site release, what release.yaml and values.yaml say."""
    part: dict[str, Any] = {}
    services, network_services = [], []
    for doc in tree_file.objects("Service"):
        name, namespace = doc.get("metadata", "name"), doc.get("metadata", "namespace")
        if isinstance(name, str) and isinstance(namespace, str):
            where = doc.loc("metadata", "name")
            services.append([name, namespace, where.line, where.col])
    for doc in tree_file.objects("NetworkService"):
        name = doc.get("metadata", "name")
        if isinstance(name, str):
            where = doc.loc("metadata", "name")
            network_services.append([name, where.line, where.col])
    if services:
        part["svc"] = services
    if network_services:
        part["nsv"] = network_services
    if tree_file.path.endswith((".yaml", ".yml")):
        part.update(_line_names(tree_file.text))
        if "vl3" in part:  # the names alone, "<workload>.<service>" (neither has a dot nor a space),
            # in one text: a tree writes thousands (every n5gc.io label), and their places are needed
            # only for a name that breaks the rule (the file is read again then: _vl3_names)
            names = {f"{workload}.{service}" for workload, service, _, _ in part.pop("vl3")}
            kept = sorted(name for name in names if not HEX_RUN.search(name))
            if kept:
                part["vl3"] = " ".join(kept)
            if len(kept) < len(names):  # a run that could be a key stays out: the file is read again
                part["vlk"] = 1
    if (
        is_site_release(tree_file.path, "values.yaml")
        and tree_file.docs
        and isinstance(tree_file.docs[0].data, dict)
    ):
        part.update(_values_names(tree_file))
    return part


# Characters str.splitlines() breaks lines at besides "\n" (none of them can be part of a match).
ASCII_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
OTHER_LINE_BREAKS = LazyPattern("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _other_line_breaks(text: str) -> bool:
    """Whether str.splitlines() breaks the text elsewhere than at "\n" (searched for as substrings
    in ASCII text: far faster than a character class over the whole text)."""
    if text.isascii():
        return any(brk in text for brk in ASCII_LINE_BREAKS)
    return OTHER_LINE_BREAKS.search(text) is not None


def _line_names(text: str) -> dict[str, Any]:
    """Service names, NSM annotations and vL3 candidates of a text, at their line and column.

    Only the lines holding ".svc" or "kernel://" are searched for those; vL3 candidates are found
    from their dot (a literal the regex engine finds fast) and checked backwards, which finds what
    VL3_CANDIDATE finds line by line (no match spans a line)."""
    if _other_line_breaks(text):
        return _names_by_line(text)
    lines = _Lines(text)
    refs = []
    names_of: dict[str, list[tuple[str, str, str | None, int]]] = {}  # a line's names and columns:
    # a large tree's values repeat one line a thousand times (every slice's NSSF entry names the NRF)
    for number, _, line in lines.holding(".svc"):
        names = names_of.get(line)
        if names is None:
            names = names_of[line] = _service_names(line)
        refs += [[name, namespace, domain, number, col] for name, namespace, domain, col in names]
    joins = [
        [*match.groups(), number, match.start() + 1]
        for number, _, line in lines.holding("kernel://")
        for match in NSM_ANNOTATION.finditer(line)
    ]
    # A dot is a candidate's when the run before it starts well (VL3_WORKLOAD on the reversed text:
    # a scan the regex engine starts at each dot, instead of a lookbehind tried at every character)
    # and the run after it ends well (VL3_SERVICE at that dot: no match of it can reach another dot,
    # so matching at each dot is what a scan of the text finds there).
    candidates = []
    if "." in text:
        last = len(text) - 1
        workloads = {last - m.start(): m.group(1)[::-1] for m in VL3_WORKLOAD.finditer(text[::-1])}
        for dot in sorted(workloads):
            service = VL3_SERVICE.match(text, dot)
            if service is not None:
                workload = workloads[dot]
                candidates.append([workload, service.group(1), *lines.position(dot - len(workload))])
    found = {"ref": refs, "nsm": joins, "vl3": candidates}
    return {key: value for key, value in found.items() if value}


def _service_names(line: str) -> list[tuple[str, str, str | None, int]]:
    """(name, namespace, domain or None, column) of every Service name a line writes."""
    found = []
    for match in SERVICE_NAME.finditer(line):
        name, namespace, domain = match.groups()
        if (name, namespace) not in CLUSTER_SERVICES:
            found.append((name, namespace, domain, match.start() + 1))
    return found


VL3_SERVICE = re.compile(r"\.([a-z0-9-]+)(?![\w.-])")
VL3_WORKLOAD = re.compile(r"\.([a-z0-9-]+)(?![\w.@/-])")  # on the reversed text


class _Lines:
    """Line numbers and lines of a text split at "\n" only, found on demand (counted on from the
    last position asked for: the callers ask in increasing order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset, self._line = 0, 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, col), 1-based, of a character offset."""
        text = self.text
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def holding(self, needle: str) -> Iterator[tuple[int, int, str]]:
        """(number, offset, text) of every line holding `needle`."""
        text = self.text
        found = text.find(needle)
        while found >= 0:
            start = text.rfind("\n", 0, found) + 1
            end = text.find("\n", found)
            end = len(text) if end < 0 else end
            yield self.position(start)[0], start, text[start:end]
            found = text.find(needle, end)


def _names_by_line(text: str) -> dict[str, Any]:
    """_line_names line by line (for a text with line breaks other than "\n")."""
    refs, annotations, candidates = [], [], []
    for number, line in enumerate(text.splitlines(), 1):
        refs += [[*names[:3], number, names[3]] for names in _service_names(line)]
        annotations += [[*m.groups(), number, m.start() + 1] for m in NSM_ANNOTATION.finditer(line)]
        candidates += [[*m.groups(), number, m.start() + 1] for m in VL3_CANDIDATE.finditer(line)]
    found = {"ref": refs, "nsm": annotations, "vl3": candidates}
    return {key: value for key, value in found.items() if value}


def _values_names(tree_file: TreeFile) -> dict[str, Any]:
    """fullnameOverride, the umbrella's enabled subcharts and the OAI umbrella's dependencies."""
    doc = tree_file.docs[0]
    part: dict[str, Any] = {"vx": position(doc.loc()), "fo": field(doc, "fullnameOverride")}
    aliases = [
        [alias, *field(doc, alias, "fullnameOverride")]
        for alias in UMBRELLA_SUBCHARTS
        if doc.get(alias, "enabled") is True
    ]
    if aliases:
        part["al"] = aliases
    dependencies = []
    for dependency in OAI_DEPENDENCIES:
        if dependency in doc.data:
            where = doc.loc(dependency)
            disabled = doc.get(dependency, "enabled") is False
            dependencies.append([dependency, disabled, bool(doc.get(dependency)), where.line, where.col])
    if dependencies:
        part["od"] = dependencies
    return part


# --- the tree --------------------------------------------------------------------------------------


def provided_services(tree: SummaryTree) -> dict[tuple[str, str], Service]:
    """Every Service the tree provides: Service objects and the Services its Helm releases render."""
    found: dict[tuple[str, str], Service] = {}
    for service in _service_objects(tree):
        found.setdefault((service[0], service[1]), service)  # the first one written
    for release in tree.site_releases():
        for service in _release_services(tree, release):
            found.setdefault((service[0], service[1]), service)  # the first one written
    return found


class ProvidedServices:
    """`provided_services(tree).get` without making every Service: a release of a chart of
    CHART_SERVICES with its values renders `<fullname>-<key>` for each of its chart's keys (none
    holds a "-"), so it is filed under its (fullname, namespace) and its Service is made when a
    name asks for it (a large tree's releases render thousands of Services, and it names a few
    of each). The others are made at once. The first one written wins, as in provided_services:
    the Service objects, then the releases in order."""

    def __init__(self, tree: SummaryTree) -> None:
        made: dict[tuple[str, str], tuple[int, Service]] = {}  # -> (release index, -1: an object)
        for service in _service_objects(tree):
            made.setdefault((service[0], service[1]), (-1, service))
        # (fullname, namespace) -> (release index, keys, site, shown, line, col), in release order
        charted: dict[tuple[str, str], list[tuple[int, tuple[str, ...], str, str, int, int]]] = {}
        for index, release in enumerate(tree.site_releases()):
            meta, values = release.meta, release.values
            chart = meta.values[0] if meta is not None else None
            keys = CHART_SERVICES.get(chart) if type(chart) is str else None
            if keys is None or values is None or meta is None:
                for service in _release_services(tree, release):
                    made.setdefault((service[0], service[1]), (index, service))
                continue
            name, namespace = meta.values[1], meta.values[2]
            if type(name) is str and type(namespace) is str:  # (else it renders none)
                override, line, col = values["fo"]
                fullname = str(dec(override) or _fullname(name, chart))  # type: ignore[arg-type]
                shown = tree.shown[release.values_path]  # type: ignore[index]
                filed = (index, keys, site_of(release.path), shown, line, col)
                charted.setdefault((fullname, namespace), []).append(filed)
        self.made, self.charted = made, charted

    def get(self, key: tuple[str, str]) -> Service | None:
        """The Service named `key` (name, namespace) the tree provides, or None."""
        made = self.made.get(key)
        name, namespace = key
        fullname, dash, suffix = name.rpartition("-")
        if dash:
            for index, keys, site, shown, line, col in self.charted.get((fullname, namespace), ()):
                if suffix in keys:  # (the first release filed so that renders it)
                    if made is None or index < made[0]:
                        return service_of((name, namespace, site, shown, line, col))
                    break
        return made[1] if made is not None else None


def _service_objects(tree: SummaryTree) -> list[Service]:
    """The tree's Service objects, in path order."""
    found = []
    for path, shown, services in tree.items("svc"):
        site = site_of(path)
        found += [
            service_of((name, namespace, site, shown, line, col)) for name, namespace, line, col in services
        ]
    return found


def _release_services(tree: SummaryTree, release: SiteRelease) -> list[Service]:
    """The Services a chart renders for a release (chart facts; the fullname from the values)."""
    meta, values = release.meta, release.values
    if meta is None:
        return []
    # chart, releaseName, namespace as Meta.get gives them, when text (Meta.get is not: a missing
    # key, a list, or a value JSON cannot hold, which is never a str)
    chart, name, namespace = meta.values[0], meta.values[1], meta.values[2]
    if not (type(chart) is str and type(name) is str and type(namespace) is str):
        return []
    site = site_of(release.path)
    shown = tree.shown[release.values_path] if release.values_path else ""
    keys = CHART_SERVICES.get(chart)
    if keys is not None:  # the common case first, without a generator
        if values is not None:
            override, line, col = values["fo"]
            fullname = str(dec(override) or _fullname(name, chart))
        else:
            where = meta.loc("releaseName")
            fullname, shown, line, col = _fullname(name, chart), where.file, where.line, where.col
        return [service_of((f"{fullname}-{key}", namespace, site, shown, line, col)) for key in keys]
    return list(_other_release_services(chart, name, namespace, site, shown, values, meta))


def _other_release_services(
    chart: str, name: str, namespace: str, site: str, shown: str, values: Any, meta: Meta
) -> Iterator[Service]:
    """The Services of the umbrella open5gs chart and of the OAI charts."""
    if chart in OAI_CHART_SERVICES or chart in OAI_UMBRELLAS:
        yield from _oai_services(chart, values, shown, namespace, site, meta)
    elif chart == "open5gs" and values is not None:
        for alias, override, line, col in values.get("al", ()):
            fullname = str(dec(override) or _fullname(name, alias))
            names = [fullname, fullname + "-headless"] if alias == "mongodb" else []
            names += [f"{fullname}-{key}" for key in CHART_SERVICES.get(f"open5gs-{alias}", ())]
            for service in names:
                yield service_of((service, namespace, site, shown, line, col))


def _oai_services(
    chart: str, values: Any, shown: str, namespace: str, site: str, meta: Meta
) -> Iterator[Service]:
    """The Services an OAI chart renders: its own, or an umbrella's enabled dependencies'."""
    chart_at = meta.loc("chart")
    where = (chart_at.file, chart_at.line, chart_at.col)
    if chart in OAI_CHART_SERVICES:
        for service in OAI_CHART_SERVICES[chart]:
            yield service_of((service, namespace, site, *where))
        return
    written = {d[0]: d[1:] for d in values.get("od", ())} if values is not None else {}
    for dependency in OAI_UMBRELLAS[chart]:
        disabled, truthy, line, col = written.get(dependency, (False, False, 0, 0))
        if disabled:
            continue
        dependency_where = (shown, line, col) if truthy else where
        for service in OAI_CHART_SERVICES[dependency]:
            yield service_of((service, namespace, site, *dependency_where))


def _fullname(release: str, chart: str) -> str:
    """Bitnami's fullname rule without fullnameOverride: the release name if it holds the chart's."""
    return release if chart in release else f"{release}-{chart}"


def references(tree: SummaryTree) -> Iterator[Reference]:
    """Every Service DNS name written in a YAML file of the tree (values, configs, comments)."""
    for _, shown, refs in tree.items("ref"):
        for name, namespace, domain, line, col in refs:
            yield reference_of((name, namespace, domain, shown, line, col))


def check_services(tree: SummaryTree) -> tuple[list[Diagnostic], dict[str, str]]:
    """Host names that name no Service (N5G810) or use another domain than their site's (N5G811).

    Returns the diagnostics and the cluster domain of each site (the one its Services are named
    with most often; the tree writes no other record of it).
    """
    services = ProvidedServices(tree)  # (provided_services(tree), its Services made when asked for)
    missing: list[Reference] = []
    written: list[tuple[str, str | None]] = []  # (site of its Service, domain) of each name that resolves
    for _, shown, refs in tree.items("ref"):  # (references(tree), each made once)
        for name, namespace, domain, line, col in refs:
            service = services.get((name, namespace))
            if service is None:
                missing.append(reference_of((name, namespace, domain, shown, line, col)))
            else:
                written.append((service[2], domain))
    counts = Counter(written)
    domains = _site_domains(counts)
    problems: list[Diagnostic] = []  # the unknown names first, then the domains, as always
    if missing:
        problems = _missing_services(provided_services(tree), missing)
    if any(domains.get(site, domain) != domain for site, domain in counts):  # (some name breaks the rule)
        problems += _other_domains(tree, services, domains)
    return problems, domains


def _missing_services(services: dict[tuple[str, str], Service], missing: list[Reference]) -> list[Diagnostic]:
    """N5G810 for each name that names no Service."""
    by_name: dict[str, list[Service]] = {}
    by_namespace: dict[str, list[Service]] = {}
    for service in services.values():
        by_name.setdefault(service.name, []).append(service)
        by_namespace.setdefault(service.namespace, []).append(service)
    return [
        _missing_service(ref, by_name.get(ref.name, []), by_namespace.get(ref.namespace, []))
        for ref in missing
    ]


def _other_domains(
    tree: SummaryTree, services: ProvidedServices, domains: dict[str, str]
) -> list[Diagnostic]:
    """N5G811 for each Service name written with another cluster domain than its site's."""
    resolved: list[tuple[Reference, Service]] = []
    for ref in references(tree):
        service = services.get((ref[0], ref[1]))
        if service is not None:
            resolved.append((ref, service))
    problems = []
    for ref, service in resolved:
        domain = domains.get(service[2])  # (the site's)
        if ref[2] != domain and domain is not None:
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
    return problems


def _site_domains(counts: Counter[tuple[str, str | None]]) -> dict[str, str]:
    """The domain each site's Services are named with most often (the first in sorted order on a
    tie), from how often each (site, domain) is written."""
    best: dict[str, tuple[int, str]] = {}
    for (site, domain), count in counts.items():
        if not domain:
            continue  # (a name without a domain says nothing of the site's)
        if site not in best or (-count, domain) < best[site]:
            best[site] = (-count, domain)
    return {site: domain for site, (_, domain) in best.items()}


def _missing_service(ref: Reference, same_name: list[Service], in_namespace: list[Service]) -> Diagnostic:
    import difflib  # (here: only this hint uses it, and a compile reaches it only for a bug)

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


def check_nsm(tree: SummaryTree, domains: dict[str, str], read: Reader | None = None) -> list[Diagnostic]:
    """NSM: annotations name a NetworkService of the tree (at its site's domain) and every vL3 name
    `<workload>.<network service>` names a workload that joins that service (N5G812).

    `read`: the bytes of a file, needed only when a network service's name has characters other
    than [a-z0-9-] (the summaries hold the vL3 names of those characters only)."""
    network_services: dict[str, tuple[str, Location]] = {}
    for path, shown, found in tree.items("nsv"):
        for name, line, col in found:
            network_services[name] = (site_of(path), Location(shown, line, col))
    problems: list[Diagnostic] = []
    members: dict[str, set[str]] = {}
    for _, shown, joined in tree.items("nsm"):
        for service, domain, workload, line, col in joined:
            where = Location(shown, line, col)
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
        for workload, service, where in _vl3_names(tree, network_services, members, read):
            problems.append(
                _nsm_error(
                    f"vL3 name {workload}.{service}: no workload named {workload} joins network "
                    f"service {service} ({network_services[service][1]})",
                    where,
                )
            )
    return problems


def _vl3_names(
    tree: SummaryTree,
    network_services: dict[str, tuple[str, Location]],
    members: dict[str, set[str]],
    read: Reader | None,
) -> Iterator[tuple[str, str, Location]]:
    """Every `<workload>.<network service>` written in a YAML file of the tree whose workload does
    not join that service (`members`), in path and text order.

    A summary holds the file's vL3 names, not where they are written: a file with a name that
    breaks the rule is read again (`read`) for the places, and so is a file whose summary left a
    name out (one holding a run of hex digits that could be a key: "vlk"); without it, left out."""
    if read is None:
        return  # not decidable from summaries alone (see audit_summaries)
    if all(SIMPLE_NAME.fullmatch(name) for name in network_services):
        holding = {path: (shown, names) for path, shown, names in tree.items("vl3")}
        for path, shown, _ in tree.items("vlk"):  # names left out of the summary: read them
            holding[path] = (shown, None)
        for path in sorted(holding):
            shown, names = holding[path]
            if names is not None:
                split = (name.partition(".") for name in names.split(" "))
                if not any(_vl3_breaks(w, s, network_services, members) for w, _, s in split):
                    continue
            found = _line_names(read(path).decode("utf-8")).get("vl3", [])
            for workload, service, line, col in found:
                if _vl3_breaks(workload, service, network_services, members):
                    yield workload, service, Location(shown, line, col)
        return
    names = "|".join(re.escape(n) for n in sorted(network_services, key=len, reverse=True))
    vl3 = re.compile(rf"(?<![\w.@/-])([a-z0-9-]+)\.({names})(?![\w.-])")
    for path in tree.texts:
        if not path.endswith((".yaml", ".yml")):
            continue
        text = read(path).decode("utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            for match in vl3.finditer(line):
                workload, service = match.groups()
                if workload not in members.get(service, set()):
                    yield workload, service, Location(tree.shown[path], number, match.start() + 1)


def _vl3_breaks(
    workload: str,
    service: str,
    network_services: dict[str, tuple[str, Location]],
    members: dict[str, set[str]],
) -> bool:
    """Whether `<workload>.<service>` names a network service of the tree that the workload does not join."""
    return service in network_services and workload not in members.get(service, ())


def _nsm_error(message: str, where: Location) -> Diagnostic:
    return error(
        "N5G812",
        message,
        where,
        "an NSM name is <workload>.<network service>: the workload's pod annotation "
        "networkservicemesh.io must join that service (kernel://<service>[@<domain>]/<if>?name=<workload>)",
    )
