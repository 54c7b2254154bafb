"""How n5gc names what it generates: namespaces, Helm releases, Services, workloads, GitOps objects.

One place decides every name (the planner and the targets call these functions; the name checks
call `generated_names`), so a renderer never invents a name and two targets never disagree on one.
Standalone releases set `fullnameOverride`, umbrella NFs `<alias>.fullnameOverride`, so the
Bitnami fullname rule never has to be guessed.

`generated_names` yields every name with the rule of what it names (length limit and syntax) and
the intent path it derives from, so N5G311/N5G317/N5G318 refuse at validate time, with a location,
a name the cluster or Helm would refuse.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import ClassVar

from n5gc.model.network import Network
from n5gc.products.packaging import core_packaging
from n5gc.records import record

# Liqo reads only the NamespaceOffloading named "offloading" in a namespace.
LIQO_OFFLOADING = "offloading"

DNS_1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?\Z")
LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\Z")


@record
class NameRule:
    """What Kubernetes or Helm accepts for one kind of name."""

    limit: int
    syntax: re.Pattern[str]
    syntax_text: str


class NameLimits:
    """Length and syntax per kind of name.

    - namespace: a DNS-1123 label (63).
    - release: Helm release names, at most 53 (Helm appends suffixes to reach the 63 of a label).
    - service: Services are DNS-1035 labels: 63, and they start with a letter.
    - object: Deployments, ConfigMaps, Secrets, Jobs and GitOps objects: n5gc keeps them DNS-1123
      labels of at most 63, because their names also go into label values (Argo CD writes the
      Application name into `app.kubernetes.io/instance`, Jobs into `job-name`, n5gc into
      `app.kubernetes.io/instance`).
    - label: a label value, at most 63.
    """

    RULES: ClassVar[dict[str, NameRule]] = {
        "namespace": NameRule(63, DNS_1123_LABEL, "lowercase letters, digits and '-'"),
        "release": NameRule(53, DNS_1123_LABEL, "lowercase letters, digits and '-'"),
        "service": NameRule(63, DNS_1035_LABEL, "a lowercase letter first, then letters, digits and '-'"),
        "object": NameRule(63, DNS_1123_LABEL, "lowercase letters, digits and '-'"),
        "label": NameRule(63, LABEL_VALUE, "letters, digits, '-', '_' and '.'"),
    }

    @classmethod
    def for_kind(cls, kind: str) -> int:
        """The length limit of a kind of name."""
        return cls.RULES[kind].limit

    @classmethod
    def rule(cls, kind: str) -> NameRule:
        """Length limit and syntax of a kind of name."""
        return cls.RULES[kind]


# --- Namespaces -------------------------------------------------------------------------------------


def core_namespace(network: str) -> str:
    """The control plane's namespace (umbrella release, provisioning Job)."""
    return f"{network}-core"


def slice_namespace(network: str, slice_name: str) -> str:
    """A slice's namespace (its SMF and UPF releases)."""
    return f"{network}-{slice_name}"


def ran_namespace(network: str) -> str:
    """The namespace of every gNB (and CU/DU) and simulated UE group."""
    return f"{network}-ran"


def nsm_namespace(network: str) -> str:
    """The namespace of NSM objects (NetworkService, vL3 endpoint and IPAM) on every site that has some."""
    return f"{network}-nsm"


# --- Helm releases and the Services their charts make ---------------------------------------------


def core_release(network: str) -> str:
    """The umbrella (open5gs) release of the control plane."""
    return f"{network}-core"


def core_nf_fullname(network: str, nf: str) -> str:
    """Fullname of a control-plane NF (and MongoDB) of the umbrella release."""
    return f"{network}-{nf}"


def smf_release(network: str, slice_name: str) -> str:
    """A slice's SMF release (open5gs-smf chart)."""
    return f"{network}-{slice_name}-smf"


def upf_release(network: str, slice_name: str, instance: int) -> str:
    """UPF releases are numbered from 1: each instance is its own release and PFCP peer."""
    return f"{network}-{slice_name}-upf{instance}"


def chart_service(fullname: str, suffix: str) -> str:
    """A Service a chart makes for a release or NF: `<fullname>-<suffix>` (sbi, pfcp, gtpu, ngap...)."""
    return f"{fullname}-{suffix}"


# --- RAN --------------------------------------------------------------------------------------------


def gnb_name(network: str, gnb: str) -> str:
    """A gNB's Deployment, ConfigMap, Service (and srsRAN release): `<network>-<gnb>`."""
    return f"{network}-{gnb}"


def part_name(object_name: str, part: str) -> str:
    """The CU's or DU's objects of an F1 split gNB: `<gNB object name>-cu` / `-du`."""
    return f"{object_name}-{part}"


def gnb_part_name(network: str, gnb: str, part: str) -> str:
    """`<network>-<gnb>-cu` / `-du`."""
    return part_name(gnb_name(network, gnb), part)


def f1_service(network: str, gnb: str, plane: str) -> str:
    """The CU's F1 Services the DU connects to: `<network>-<gnb>-cu-f1c` (F1-C) / `-f1u` (F1-U)."""
    return f"{gnb_part_name(network, gnb, 'cu')}-{plane}"


def ue_group_name(network: str, group: str) -> str:
    """A simulated subscriber group's Deployment and Secret."""
    return f"{network}-{group}-ues"


def smoke_test_name(network: str, slice_name: str, dnn: str) -> str:
    """The smoke test Job of one slice x DNN and the Secret holding its UE config."""
    return f"{network}-smoke-{slice_name}-{dnn}"


def provisioning_name(network: str) -> str:
    """The subscriber provisioning Job, its ConfigMap and its Secret."""
    return f"{network}-subscribers"


CONFIG_DIGEST_LENGTH = 10  # hex digits of a config's sha256 in the name of the ConfigMap holding it


def oai_config_name(network: str, scope: str, digest: str = "0" * CONFIG_DIGEST_LENGTH) -> str:
    """The ConfigMap of the OAI 5G Core's config.yaml in a namespace (scope: "core" or a slice name),
    named after the config's hash so a changed config rolls the pods mounting it. Without a digest:
    a name of the same length, for the checks (the digest is known once the config is rendered)."""
    return f"{network}-{scope}-{digest[:CONFIG_DIGEST_LENGTH]}"


# --- NSM --------------------------------------------------------------------------------------------


def nsm_service(network: str, interface: str) -> str:
    """The NetworkService (vL3 network) of one interface: `<network>-<interface>`."""
    return f"{network}-{interface}"


def nsm_endpoint(network: str, interface: str) -> str:
    """The vL3 endpoint Deployment of one interface on each site."""
    return f"{nsm_service(network, interface)}-vl3"


def nsm_ipam(network: str, interface: str) -> str:
    """The vL3 IPAM Deployment and Service of one interface (at its anchor site)."""
    return f"{nsm_service(network, interface)}-ipam"


def nsm_request_label(endpoint: str, site: str) -> str:
    """The `name` request label of a site's vL3 endpoint (a label value)."""
    return f"{endpoint}-{site}"


def vl3_dns(label: str, zone: str) -> str:
    """A workload's DNS name on a vL3 network, `<label>.<zone>` (zone: the NetworkService's name), as
    the vL3 endpoints' NSM_DNS_TEMPLATES publish it for a client whose request carries `label`."""
    return f"{label}.{zone}"


def interdomain(name: str, domain: str) -> str:
    """How another cluster names an NSM object of the cluster with DNS domain `domain`: `<name>@<domain>`."""
    return f"{name}@{domain}"


def interdomain_service_dns(service: str, namespace: str, domain: str) -> str:
    """A Service of the cluster with DNS domain `domain` as NSM's interdomain DNS resolves it from
    other clusters: `<service>.<namespace>.<domain>` (the upstream interdomain vL3 example's form)."""
    return f"{service}.{namespace}.{domain}"


# --- GitOps -----------------------------------------------------------------------------------------


def gitops_root(network: str) -> str:
    """Argo CD: the root Application and the AppProject; Flux: the GitRepository and the self-sync."""
    return network


def site_gitops_name(network: str, site: str) -> str:
    """`<network>-<site>-site` (Argo CD Application, Flux Kustomization): never a release's name."""
    return f"{network}-{site}-site"


def flux_releases(network: str) -> str:
    """The Flux Kustomization applying a cluster's HelmReleases."""
    return f"{network}-releases"


def flux_chart_repository(network: str, index: int | None = None) -> str:
    """HelmRepository names: `<network>-charts`, or numbered from 1 when there are several."""
    return f"{network}-charts" if index is None else f"{network}-charts-{index}"


def flux_values_configmap(release: str) -> str:
    """The ConfigMap a Flux HelmRelease reads its values from."""
    return f"{release}-values"


def service_dns(service: str, namespace: str, cluster_domain: str) -> str:
    """A Service's cluster DNS name."""
    return f"{service}.{namespace}.svc.{cluster_domain}"


# --- Every name, for the checks -----------------------------------------------------------------------


@record
class GeneratedName:
    """A generated name: what it names (rule), the text, who it belongs to, where it comes from.

    `scope`: names in one scope must differ (e.g. the Services of one namespace), else two objects
    would be one.
    """

    kind: str
    name: str
    owner: str
    path: tuple[str | int, ...]
    scope: str = ""


# A generated name as its family yields it: the fields of GeneratedName, in order.
NameRow = tuple[str, str, str, tuple[str | int, ...], str]


def generated_names(network: Network) -> Iterator[GeneratedName]:
    """Every generated name with the intent path it derives from (N5G311, N5G317, N5G318)."""
    return itertools.starmap(GeneratedName, generated_name_rows(network))


def generated_name_rows(network: Network) -> Iterator[NameRow]:
    """`generated_names` as rows (kind, name, owner, path, scope): what the name check reads, 10,000
    names at 1,000 slices, without an object each. The families' generators chained (each runs
    when the one before is used up), each row handed on without a generator of its own."""
    families = (_core_names, _slice_names, _ran_names, _multicluster_names, _gitops_names)
    return itertools.chain.from_iterable(family(network) for family in families)


META = ("metadata", "name")


def _core_names(network: Network) -> Iterator[NameRow]:
    net = network.metadata.name
    core_ns = core_namespace(net)
    yield ("namespace", core_ns, "", META, "Namespace")
    yield ("namespace", ran_namespace(net), "", META, "Namespace")
    yield ("release", core_release(net), "", META, "release")
    yield ("label", net, "", META, "")  # n5gc.io/network, app.kubernetes.io/part-of
    packaging = core_packaging(network.spec.core.flavor)
    for nf in packaging.nfs:  # the Services n5gc names after the NFs (the charts fix the others)
        for suffix in packaging.service_suffixes(nf):
            name = chart_service(core_nf_fullname(net, nf), suffix)
            yield ("service", name, "", META, f"Service {core_ns}")
    for kind in ("Job", "ConfigMap", "Secret"):
        yield ("object", provisioning_name(net), "", META, f"{kind} {core_ns}")
    if packaging.config_maps:
        yield ("object", oai_config_name(net, "core"), "", META, f"ConfigMap {core_ns}")


def _slice_names(network: Network) -> Iterator[NameRow]:
    net = network.metadata.name
    packaging = core_packaging(network.spec.core.flavor)
    smf_suffixes, upf_suffixes = packaging.service_suffixes("smf"), packaging.service_suffixes("upf")
    for i, s in enumerate(network.spec.slices):
        path = ("spec", "slices", i, "name")
        owner = f'slice "{s.name}": '
        ns = slice_namespace(net, s.name)
        yield ("namespace", ns, owner, path, "Namespace")
        yield ("label", s.name, owner, path, "")  # n5gc.io/slice
        if packaging.config_maps:
            yield ("object", oai_config_name(net, s.name), owner, path, f"ConfigMap {ns}")
        smf = smf_release(net, s.name)
        upfs = [upf_release(net, s.name, n) for n in range(1, s.user_plane.instances + 1)]
        services = f"Service {ns}"
        for release, suffixes in ((smf, smf_suffixes), *((u, upf_suffixes) for u in upfs)):
            yield ("release", release, owner, path, "release")
            for suffix in suffixes:
                yield ("service", chart_service(release, suffix), owner, path, services)


def _ran_names(network: Network) -> Iterator[NameRow]:
    net = network.metadata.name
    ran_ns = ran_namespace(net)
    for i, g in enumerate(network.spec.ran):
        path = ("spec", "ran", i, "name")
        owner = f'gNB "{g.name}": '
        if g.type == "srsran":
            yield ("release", gnb_name(net, g.name), owner, path, "release")
            continue
        if g.split == "f1":
            for part in ("cu", "du"):
                name = gnb_part_name(net, g.name, part)
                yield ("object", name, owner, path, f"Deployment {ran_ns}")
                yield ("object", name, owner, path, f"ConfigMap {ran_ns}")
            for plane in ("f1c", "f1u"):
                yield ("service", f1_service(net, g.name, plane), owner, path, f"Service {ran_ns}")
            continue
        name = gnb_name(net, g.name)
        yield ("object", name, owner, path, f"Deployment {ran_ns}")
        yield ("object", name, owner, path, f"ConfigMap {ran_ns}")
        yield ("service", name, owner, path, f"Service {ran_ns}")
    for i, group in enumerate(network.spec.subscribers):
        path = ("spec", "subscribers", i, "name")
        owner = f'subscriber group "{group.name}": '
        name = ue_group_name(net, group.name)
        if group.simulate is not None:
            yield ("object", name, owner, path, f"Deployment {ran_ns}")
            yield ("object", name, owner, path, f"Secret {ran_ns}")
    if network.spec.smoke_test is not None:
        path = ("spec", "smokeTest", "subscribers")
        for s in network.spec.slices:
            for dnn in s.dnns:
                name = smoke_test_name(net, s.name, dnn.name)
                owner = f'smoke test of "{s.name}/{dnn.name}": '
                for kind in ("Job", "Secret"):
                    yield ("object", name, owner, path, f"{kind} {ran_ns}")


def _multicluster_names(network: Network) -> Iterator[NameRow]:
    net = network.metadata.name
    multicluster = network.spec.multicluster
    if multicluster.engine == "nsm" and multicluster.nsm is not None and multicluster.nsm.interfaces:
        ns = nsm_namespace(net)
        yield ("namespace", ns, "", META, "Namespace")
        for interface in sorted(set(multicluster.nsm.interfaces)):
            path = ("spec", "multicluster", "nsm", "interfaces")
            yield ("object", nsm_service(net, interface), "", path, "NetworkService")
            yield ("object", nsm_endpoint(net, interface), "", path, f"Deployment {ns}")
            yield ("service", nsm_ipam(net, interface), "", path, f"Service {ns}")
            for j, site in enumerate(network.spec.sites):
                label = nsm_request_label(nsm_endpoint(net, interface), site.name)
                yield ("label", label, f'site "{site.name}": ', ("spec", "sites", j, "name"), "")


def _gitops_names(network: Network) -> Iterator[NameRow]:
    gitops = network.spec.gitops
    if gitops is None:
        return
    net = network.metadata.name
    objects = "Application" if gitops.engine == "argocd" else "Kustomization"
    yield ("object", gitops_root(net), "", META, objects)
    if gitops.engine == "flux":
        yield ("object", flux_releases(net), "", META, objects)
        # One HelmRepository per chart repository (at most two: the Gradiant charts and srsRAN's).
        for index in (None, 1, 2):
            yield ("object", flux_chart_repository(net, index), "", META, "HelmRepository")
    for j, site in enumerate(network.spec.sites):
        path = ("spec", "sites", j, "name")
        yield ("object", site_gitops_name(net, site.name), f'site "{site.name}": ', path, objects)
    # Each Helm release is also an Argo CD Application / a Flux HelmRelease and its values ConfigMap.
    families = (_core_names, _slice_names, _ran_names)
    releases = [row for family in families for row in family(network) if row[0] == "release"]
    for _, release, owner, path, _ in releases:
        scope = objects if gitops.engine == "argocd" else "HelmRelease"
        yield ("object", release, owner, path, scope)
        if gitops.engine == "flux":
            yield ("object", flux_values_configmap(release), owner, path, "ConfigMap gitops")
