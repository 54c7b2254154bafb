"""Placement: how the multicluster engine carries each workload and each cross-site interface.

- none: each site folder is applied to its own cluster; nothing may cross sites (check N5G601).
- liqo: GitOps applies every folder to the home cluster; Liqo offloads the namespaces that hold
  pods of other sites (NamespaceOffloading), and the planner pins each offloaded workload to the
  remote cluster's virtual node (`liqo.io/type: virtual-node` + `liqo.io/remote-cluster-id`)
  while keeping local workloads off virtual nodes.
- nsm: each site folder is applied to its own cluster; every workload at an end of a listed
  interface asks NSM for it with `networkservicemesh.io: kernel://<network>-<if>/<if>`.

NSM details (see n5gc/targets/nsm.py for the objects): each listed interface is one vL3 network
(NetworkService `<network>-<if>`), anchored at one site (the core's site when it holds an end,
else the first site, in intent order, that does). The anchor's registry owns the NetworkService;
the other sites name it `<network>-<if>@<anchor cluster domain>` (NSM interdomain), so their
clients and vL3 endpoints join the same network. Each client passes its DNS label in the URL
(`?name=<label>`): the vL3 endpoints publish `<label>.<network>-<if>` for it, which is how peers
find each other's dynamically assigned addresses.
"""

from __future__ import annotations

from dataclasses import field

from n5gc import names
from n5gc.model.network import Network
from n5gc.model.topology import IntentLink, Workload, intent_links, placed_core_site
from n5gc.plan.ir import Scheduling
from n5gc.products.packaging import core_packaging
from n5gc.records import record

LIQO_TYPE = "liqo.io/type"
LIQO_VIRTUAL_NODE = "virtual-node"
LIQO_REMOTE_CLUSTER = "liqo.io/remote-cluster-id"
NSM_ANNOTATION = "networkservicemesh.io"
NSM_NAME_LABEL = "name"  # request label carrying a client's DNS label (vL3 NSM_DNS_TEMPLATES reads it)

# Keep a workload off Liqo virtual nodes: local nodes have no liqo.io/type label (NotIn matches that).
STAY_LOCAL = {
    "nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [
                {"matchExpressions": [{"key": LIQO_TYPE, "operator": "NotIn", "values": [LIQO_VIRTUAL_NODE]}]}
            ]
        }
    }
}


# The scheduling of a workload no engine places or decorates: Scheduling((), None, (), ()), one
# frozen instance shared (an annotation needs an NSM interface, so it is empty too).
_UNPLACED = Scheduling()


@record
class Placement:
    """The engine's decisions for one network, queried by the planner per workload."""

    engine: str
    home: str  # Liqo home site (the core's site for other engines)
    cluster_ids: dict[str, str]  # site -> cluster id (Liqo remote-cluster-id = the cluster's name)
    nsm_interfaces: tuple[str, ...]
    links: tuple[IntentLink, ...]
    network: str
    domains: dict[str, str] | None = None  # site -> cluster DNS domain
    sites: tuple[str, ...] = ()  # site names in intent order
    core: str = ""  # the control plane's site
    # The core product's NFs at the core end of each interface (core_packaging(...).interface_nfs).
    interface_nfs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def apply_site(self, site: str) -> str:
        """The site whose cluster GitOps applies `site`'s folder to."""
        return self.home if self.engine == "liqo" else site

    def offloaded(self, site: str) -> bool:
        return self.engine == "liqo" and site != self.home

    def scheduling(self, kind: str, name: str, site: str, index: int = 0) -> Scheduling:
        """nodeSelector/affinity (Liqo) and NSM annotations and devices of one workload."""
        if self.engine != "liqo" and self.engine != "nsm":
            return _UNPLACED  # only these engines place or decorate (3,000 workloads at 1,000 slices)
        selector: tuple[tuple[str, str], ...] = ()
        affinity = None
        if self.engine == "liqo":
            if self.offloaded(site):
                selector = ((LIQO_REMOTE_CLUSTER, self.cluster_ids[site]), (LIQO_TYPE, LIQO_VIRTUAL_NODE))
            else:
                affinity = STAY_LOCAL
        interfaces = () if kind == "core" else self.nsm_interfaces_of(kind, name, index)
        if not (selector or affinity or interfaces):
            return _UNPLACED  # no engine decision (3,000 workloads at 1,000 slices without one)
        annotations = self.annotation(interfaces, site, workload_label(self.network, kind, name, index))
        return Scheduling(selector, affinity, annotations, interfaces)

    def nsm_interfaces_of(self, kind: str, name: str, index: int = 0) -> tuple[str, ...]:
        """The NSM interfaces a workload is an end of (sorted), empty unless the engine is nsm."""
        if self.engine != "nsm":
            return ()
        mine = set()
        for link in self.links:
            if link.interface not in self.nsm_interfaces:
                continue
            for end in (link.client, link.server):
                if _is(end, kind, name, index):
                    mine.add(link.interface)
        return tuple(sorted(mine))

    def core_nf_interfaces(self, nf: str) -> tuple[str, ...]:
        """NSM interfaces of one NF of the umbrella release (the AMF ends N2, SCP/NRF/AMF end SBI)."""
        mine = self.nsm_interfaces_of("core", "core") + self.nsm_interfaces_of("amf", "core")
        return tuple(sorted(i for i in set(mine) if nf in self.interface_nfs.get(i, ())))

    def core_nf_annotation(self, nf: str) -> tuple[tuple[str, str], ...]:
        """The NSM annotation of one NF of the umbrella release (empty when it has no NSM interface)."""
        label = names.core_nf_fullname(self.network, nf)
        return self.annotation(self.core_nf_interfaces(nf), self.core, label)

    def annotation(self, interfaces: tuple[str, ...], site: str, label: str) -> tuple[tuple[str, str], ...]:
        """`networkservicemesh.io: kernel://<service>[@<anchor domain>]/<if>?name=<label>,...`."""
        if not interfaces:
            return ()
        value = ",".join(
            f"kernel://{self.service_ref(i, site)}/{i}?{NSM_NAME_LABEL}={label}" for i in interfaces
        )
        return ((NSM_ANNOTATION, value),)

    # --- NSM vL3 networks ---------------------------------------------------------------------------

    def service_name(self, interface: str) -> str:
        return names.nsm_service(self.network, interface)

    def ends(self, interface: str) -> list[Workload]:
        """The workloads at an end of an interface, in link order, without the data network."""
        return [
            end
            for link in self.links
            if link.interface == interface
            for end in (link.client, link.server)
            if end.kind != "dn"
        ]

    def nsm_sites(self, interface: str) -> tuple[str, ...]:
        """Sites with a workload at an end of the interface, in intent order."""
        used = {end.site for end in self.ends(interface)}
        return tuple(s for s in self.sites if s in used)

    def anchor(self, interface: str) -> str:
        """Where the interface's NetworkService and vL3 IPAM live: the core's site if it holds an end."""
        sites = self.nsm_sites(interface)
        return self.core if self.core in sites or not sites else sites[0]

    def anchor_domain(self, interface: str) -> str:
        return (self.domains or {}).get(self.anchor(interface), "cluster.local")

    def service_ref(self, interface: str, site: str) -> str:
        """How `site` names the interface's NetworkService: plain at the anchor, `@<domain>` elsewhere."""
        name = self.service_name(interface)
        if site == self.anchor(interface):
            return name
        return names.interdomain(name, self.anchor_domain(interface))


def workload_label(network: str, kind: str, name: str, index: int = 0) -> str:
    """The DNS label a workload takes on the vL3 networks: its release or object name."""
    if kind in ("core", "amf"):
        return names.core_nf_fullname(network, "amf")
    if kind == "smf":
        return names.smf_release(network, name)
    if kind == "upf":
        return names.upf_release(network, name, index)
    if kind in ("cu", "du"):
        return names.gnb_part_name(network, name, kind)
    return names.gnb_name(network, name) if kind == "gnb" else names.ue_group_name(network, name)


def _is(end: Workload, kind: str, name: str, index: int) -> bool:
    if end.kind != kind or end.name != name:
        return False
    return kind != "upf" or index == 0 or end.index == index


def placement(network: Network) -> Placement:
    """The placement decisions of a checked network."""
    spec = network.spec
    control_plane = placed_core_site(network)
    home_site = control_plane
    multicluster = spec.multicluster
    if multicluster.engine == "liqo" and multicluster.liqo is not None and multicluster.liqo.home:
        home_site = multicluster.liqo.home
    nsm = multicluster.nsm.interfaces if multicluster.engine == "nsm" and multicluster.nsm else []
    cluster_ids = {s.name: (s.cluster.name if s.cluster else s.name) for s in spec.sites}
    return Placement(
        multicluster.engine,
        home_site,
        cluster_ids,
        tuple(nsm),
        tuple(intent_links(network)),
        network.metadata.name,
        {s.name: s.cluster_domain for s in spec.sites},
        tuple(s.name for s in spec.sites),
        control_plane,
        core_packaging(spec.core.flavor).interface_nfs,
    )
