"""Placement: how the multicluster engine carries each workload and each cross-site interface.

- none: each site folder is applied to its own cluster; nothing may cross sites (check N5G601).
- liqo: GitOps applies every folder to the home cluster; Liqo offloads the namespaces that hold
  pods of other sites (NamespaceOffloading), and the planner pins each offloaded workload to the
  remote cluster's virtual node (`liqo.io/type: virtual-node` + `liqo.io/remote-cluster-id`)
  while keeping local workloads off virtual nodes.
- nsm: each site folder is applied to its own cluster; every workload at an end of a listed
  interface asks NSM for it with `networkservicemesh.io: kernel://<network>-<if>/<if>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from n5gc.model.network import Network
from n5gc.model.topology import IntentLink, Workload, core_site, intent_links
from n5gc.plan.ir import Scheduling

LIQO_TYPE = "liqo.io/type"
LIQO_VIRTUAL_NODE = "virtual-node"
LIQO_REMOTE_CLUSTER = "liqo.io/remote-cluster-id"
NSM_ANNOTATION = "networkservicemesh.io"

# Keep a workload off Liqo virtual nodes: local nodes have no liqo.io/type label (NotIn matches that).
STAY_LOCAL = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
    {"matchExpressions": [{"key": LIQO_TYPE, "operator": "NotIn", "values": [LIQO_VIRTUAL_NODE]}]}]}}}

# Which control-plane NFs of the umbrella release sit at the core end of an interface.
CORE_NFS_OF = {"n2": ("amf",), "sbi": ("scp", "nrf", "amf")}


@dataclass(frozen=True)
class Placement:
    """The engine's decisions for one network, queried by the planner per workload."""

    engine: str
    home: str  # Liqo home site (the core's site for other engines)
    cluster_ids: dict[str, str]  # site -> cluster id (Liqo remote-cluster-id = the cluster's name)
    nsm_interfaces: tuple[str, ...]
    links: tuple[IntentLink, ...]
    network: str

    def apply_site(self, site: str) -> str:
        """The site whose cluster GitOps applies `site`'s folder to."""
        return self.home if self.engine == "liqo" else site

    def offloaded(self, site: str) -> bool:
        return self.engine == "liqo" and site != self.home

    def scheduling(self, kind: str, name: str, site: str, index: int = 0) -> Scheduling:
        """nodeSelector/affinity (Liqo) and NSM annotations of one workload."""
        selector: tuple[tuple[str, str], ...] = ()
        affinity = None
        if self.engine == "liqo":
            if self.offloaded(site):
                selector = ((LIQO_REMOTE_CLUSTER, self.cluster_ids[site]), (LIQO_TYPE, LIQO_VIRTUAL_NODE))
            else:
                affinity = STAY_LOCAL
        return Scheduling(selector, affinity, self._annotations(kind, name, index))

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
        return tuple(sorted(i for i in set(mine) if nf in CORE_NFS_OF.get(i, ())))

    def annotation(self, interfaces: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        if not interfaces:
            return ()
        value = ",".join(f"kernel://{self.network}-{i}/{i}" for i in interfaces)
        return ((NSM_ANNOTATION, value),)

    def _annotations(self, kind: str, name: str, index: int) -> tuple[tuple[str, str], ...]:
        if kind == "core":
            return ()  # per NF, see core_nf_interfaces
        return self.annotation(self.nsm_interfaces_of(kind, name, index))


def _is(end: Workload, kind: str, name: str, index: int) -> bool:
    if end.kind != kind or end.name != name:
        return False
    return kind != "upf" or index == 0 or end.index == index


def placement(network: Network) -> Placement:
    """The placement decisions of a checked network."""
    spec = network.spec
    home_site = core_site(network) or spec.sites[0].name
    multicluster = spec.multicluster
    if multicluster.engine == "liqo" and multicluster.liqo is not None and multicluster.liqo.home:
        home_site = multicluster.liqo.home
    nsm = multicluster.nsm.interfaces if multicluster.engine == "nsm" and multicluster.nsm else []
    cluster_ids = {s.name: (s.cluster.name if s.cluster else s.name) for s in spec.sites}
    return Placement(multicluster.engine, home_site, cluster_ids, tuple(nsm), tuple(intent_links(network)),
                     network.metadata.name)
