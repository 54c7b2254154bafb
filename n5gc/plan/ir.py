"""The Plan: n5gc's intermediate representation (ARCHITECTURE.md).

Plain, frozen data holding every value a target needs, computed once by `n5gc.plan.build`:
releases and their namespaces, Service DNS names, per-UPF address pools and tun devices,
gNB -> AMF wiring, IMSI ranges. Targets read only this (plus the secrets for Secret objects);
the plan itself never holds key material, so `n5gc plan -o json` is safe to share.
"""

from __future__ import annotations

from dataclasses import asdict, field
from typing import Any, Literal, TypeVar

from n5gc import names
from n5gc.products.packaging import ChartSource
from n5gc.radio import CarrierPlan, ServingCellCommon
from n5gc.records import record


@record
class Snssai:
    """An S-NSSAI: slice/service type and optional slice differentiator."""

    sst: int
    sd: str | None  # 6 lowercase hex digits, or None

    @property
    def label(self) -> str:
        """Human/DNS-friendly form: "1-000001" or "1"."""
        return f"{self.sst}-{self.sd}" if self.sd else str(self.sst)


@record
class ServiceRef:
    """A Kubernetes Service that some release or manifest renders, and how to reach it."""

    name: str
    namespace: str
    port: int
    protocol: Literal["TCP", "UDP", "SCTP"]
    dns: str  # fully qualified: <name>.<namespace>.svc.<cluster domain>
    site: str


@record
class Scheduling:
    """How a workload's pods are placed and decorated, decided by the planner from the multicluster
    engine: Liqo pins offloaded pods to the remote cluster's virtual node and keeps the others off
    it; NSM asks for extra interfaces with the `networkservicemesh.io` pod annotation."""

    node_selector: tuple[tuple[str, str], ...] = ()
    affinity: Any = None  # a Kubernetes Affinity object as plain data, or None
    pod_annotations: tuple[tuple[str, str], ...] = ()
    # NSM: the 3GPP interfaces this workload runs over NSM; each is a kernel device of the same name.
    nsm_interfaces: tuple[str, ...] = ()

    @property
    def node_selector_map(self) -> dict[str, str]:
        return dict(self.node_selector)

    @property
    def pod_annotations_map(self) -> dict[str, str]:
        return dict(self.pod_annotations)


# Order of application (Argo CD sync waves, Flux dependsOn): namespaces and plain manifests first,
# then the control plane, then each slice's SMF, its UPFs, and the RAN last.
WAVES = {"namespaces": 0, "core": 1, "smf": 2, "upf": 3, "ran": 4}


@record
class HelmRelease:
    """A Helm release n5gc emits: where it runs, which chart, its slice and placement."""

    name: str
    namespace: str
    site: str
    # The chart and where it is published: a Helm repository, or a folder of a Git repository at a tag.
    source: ChartSource
    role: Literal["core", "smf", "upf", "ran"]
    slice: str | None = None
    scheduling: Scheduling = Scheduling()

    @property
    def wave(self) -> int:
        return WAVES[self.role]

    @property
    def chart(self) -> str:
        """The chart's name, e.g. "open5gs", "open5gs-smf", "oai-smf"."""
        return self.source.chart

    @property
    def repo(self) -> str:
        """The Helm repository or the Git repository the chart is published in."""
        return self.source.repo

    @property
    def version(self) -> str:
        """The chart's version (Helm repository) or the tag it is read at (Git repository)."""
        return self.source.version


@record
class DnnPool:
    """One DNN's address pool as served by one UPF (every UPF of a slice routes the whole pool)."""

    dnn: str
    subnet: str
    gateway: str  # the UPF's tun address, first host unless the intent gave one
    prefix_len: int
    tun_device: str  # distinct per DNN on a UPF (the chart creates it when createDev is true)
    dns: tuple[str, ...]
    mtu: int | None


@record
class Upf:
    """One UPF of a slice: its release, its PFCP and GTP-U Services and the pools it serves."""

    index: int
    release: HelmRelease
    pfcp: ServiceRef
    gtpu: ServiceRef
    pools: tuple[DnnPool, ...]
    # NSM: the name the SMF reaches this UPF's PFCP by when N4 runs over NSM (vL3 DNS), else None.
    n4_address: str | None = None


@record
class Smf:
    """A slice's SMF: its release, its SBI and PFCP Services."""

    release: HelmRelease
    sbi: ServiceRef
    pfcp: ServiceRef


@record
class Dnn:
    """One DNN of a slice: its whole address pool and what its UEs are told (DNS, MTU)."""

    name: str
    subnet: str  # the whole pool from the intent
    gateway: str
    dns: tuple[str, ...]
    mtu: int | None
    ue_count: int  # subscribers that may open a session on it


@record
class Qos:
    """A slice's QoS profile: 5QI, ARP priority and session AMBR (None: the core's default)."""

    five_qi: int
    arp: int
    ambr_uplink: str | None
    ambr_downlink: str | None


@record
class SlicePlan:
    """One slice: its S-NSSAI, namespace, SMF, UPFs, DNNs and QoS."""

    name: str
    snssai: Snssai
    namespace: str
    site: str  # user-plane site
    smf: Smf
    upfs: tuple[Upf, ...]
    dnns: tuple[Dnn, ...]
    qos: Qos | None
    # NSM: with N3 over NSM, the largest UE MTU that fits a GTP-U packet into nsm.mtu (the SMF announces it).
    ue_mtu_limit: int | None = None

    @property
    def announced_mtu(self) -> int | None:
        """The one MTU the SMF announces for all the slice's DNNs: the smallest one they ask for, capped
        by `ue_mtu_limit`; None when neither says one."""
        mtus = [d.mtu for d in self.dnns if d.mtu is not None]
        if self.ue_mtu_limit is not None:
            mtus.append(self.ue_mtu_limit)
        return min(mtus) if mtus else None


@record
class CorePlan:
    """The 5G core's control plane: its release, the Services NFs and gNBs reach, AMF identity."""

    site: str
    namespace: str
    release: HelmRelease
    fullnames: tuple[tuple[str, str], ...]  # (nf alias, fullname) of every NF of the umbrella release
    nrf_sbi: ServiceRef
    # Where every NF sends its SBI requests: Open5GS' SCP (Model D), or the NRF of a core without SCP.
    sbi_entry: ServiceRef
    amf_ngap: ServiceRef
    database_uri: str  # the subscriber database (mongodb://... for Open5GS, mysql://... for OAI)
    n2_service: str
    n2_node_port: int | None
    amf_region: int
    amf_set: int
    amf_pointer: int
    tacs: tuple[int, ...]  # every TAC the AMF serves: spec.tac plus each gNB's
    # Pod annotations per NF of the umbrella release (NSM interfaces: the AMF ends N2, ...).
    nf_annotations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # NSM interfaces per NF of the umbrella release (the AMF binds NGAP to its n2 device).
    nf_interfaces: tuple[tuple[str, tuple[str, ...]], ...] = ()
    flavor: str = "open5gs"  # core.flavor: which core product packages it, which core target renders it


@record
class Cell:
    """A planned cell: its identity, its carrier and what it announces besides (n5gc.radio)."""

    nci: int
    nci_hex: str  # "0x000000010", 9 hex digits as UERANSIM writes it
    pci: int
    band: str  # as people write it: "n78" (the carrier's band number is `carrier.band`)
    bandwidth_mhz: int
    scs_khz: int
    carrier: CarrierPlan | None  # n5gc.radio.plan_carrier(...)
    common: ServingCellCommon | None  # n5gc.radio.plan_serving_cell(carrier)


@record
class GnbPlan:
    """One gNB (or CU/DU pair with split f1): identity, cells, slices and the Services it uses."""

    name: str
    object_name: str
    site: str
    namespace: str
    type: str
    tac: int
    id_length: int
    gnb_id: int
    nci_hex: str  # NCI of the gNB's first cell (cell id 0 of its gNB id when it declares no cell)
    slices: tuple[str, ...]
    snssais: tuple[Snssai, ...]
    cells: tuple[Cell, ...]
    amf: ServiceRef
    link: ServiceRef  # UERANSIM radio-link (RLS) Service that UEs search for
    split: str
    cu_site: str | None
    du_site: str | None
    scheduling: Scheduling = Scheduling()  # of the whole gNB, or of the CU with split f1
    du_scheduling: Scheduling = Scheduling()  # of the DU with split f1
    f1_c: ServiceRef | None = None  # the CU's F1-C Service (SCTP 38472) that the DU connects to
    f1_u: ServiceRef | None = None  # the CU's F1-U Service (GTP-U on 2153: N3 holds 2152 on the CU's address)
    release: HelmRelease | None = None  # the gNB's own Helm release (srsRAN), listed in Plan.releases too
    amf_address: str | None = None  # NSM: the AMF's name on the N2 vL3 network (DNS), when N2 runs over NSM

    @property
    def cu_object_name(self) -> str:
        return names.part_name(self.object_name, "cu")

    @property
    def du_object_name(self) -> str:
        return names.part_name(self.object_name, "du")


@record
class Session:
    """One PDU session a subscriber group opens: slice, S-NSSAI, DNN and the pool's prefix."""

    slice: str
    snssai: Snssai
    dnn: str
    prefix_len: int  # of the DNN's pool: the UE's address is on a network of that size


@record
class SubscriberGroupPlan:
    """A range of IMSIs sharing credentials and sessions, simulated by a gNB or not."""

    name: str
    object_name: str
    imsi_first: str
    imsi_last: str
    count: int
    sessions: tuple[Session, ...]
    credentials: str  # a name in the secrets input: the plan never holds keys
    simulate_gnb: str | None
    namespace: str
    site: str
    scheduling: Scheduling = Scheduling()


@record
class SmokeCase:
    """One smoke test Job: one IMSI of the group attaches to one slice x DNN and probes it."""

    object_name: str  # the Job and the Secret with its UE config
    slice: str
    snssai: Snssai
    dnn: str
    imsi: str
    subnet: str  # the DNN's pool: the PDU address must be inside
    gateway: str  # the UPF's address in the pool: pinged through the tunnel
    mtu: int  # what the SMF gives the slice's UEs: a don't-fragment ping of that size must pass


@record
class SmokeTestPlan:
    """spec.smokeTest: the group whose IMSIs the Jobs use, where they run, one case per slice x DNN."""

    group: str
    site: str
    namespace: str
    cases: tuple[SmokeCase, ...]


@record
class SitePlan:
    """One site: its cluster, the namespaces and releases its folder holds, where it is applied."""

    name: str
    cluster_name: str
    cluster_server: str | None
    cluster_domain: str
    pod_cidr: str | None
    service_cidr: str | None
    namespaces: tuple[str, ...]  # Namespace objects this site's folder creates
    releases: tuple[str, ...]
    apply_site: str  # the site whose cluster GitOps applies this folder to (itself, or the Liqo home)
    # Set by n5gc.plan.gitops (the GitOps engines and their checks read them; () until then):
    # every namespace the site folder's objects create or use, sorted; () when the site has no folder.
    folder_namespaces: tuple[str, ...] = ()
    # The site folders applied to the same cluster that create a namespace this folder uses but does
    # not create itself: they must be applied first (Flux dependsOn), in plan order.
    folder_after: tuple[str, ...] = ()

    @property
    def has_folder(self) -> bool:
        """Whether `sites/<site>/` is a kustomize root (it holds objects, so it uses a namespace)."""
        return bool(self.folder_namespaces)


@record
class Link:
    """Traffic between two workloads over one 3GPP interface; the planner lists every one."""

    interface: Literal["n2", "n3", "n4", "n6", "sbi", "f1"]
    client: str  # workload name (release or object name)
    client_site: str
    server: str
    server_site: str
    service: ServiceRef | None  # what the client connects to (None for N6: the data network)

    @property
    def crosses_sites(self) -> bool:
        return self.client_site != self.server_site


@record
class OffloadedNamespace:
    """A namespace Liqo offloads from the home cluster to remote clusters."""

    namespace: str
    clusters: tuple[str, ...]  # Liqo cluster ids of the remote clusters its pods go to
    site: str = ""  # the site folder holding its NamespaceOffloading (one of those remote sites)


@record
class LiqoPlan:
    """multicluster.engine liqo: the home cluster, the peering and what is offloaded."""

    home: str  # site whose cluster GitOps applies to and Liqo offloads from
    home_cluster: str
    peering: str  # OutOfBand | InBand
    pod_offloading_strategy: str
    namespace_mapping_strategy: str
    offloaded: tuple[OffloadedNamespace, ...]


@record
class NsmEndpoint:
    """The vL3 endpoint (NSE) of one interface on one site: it serves that site's clients."""

    site: str
    name: str  # Deployment name
    namespace: str
    service_ref: str  # how the site names the NetworkService: "<service>", or "<service>@<anchor domain>"
    nsm_name: str  # NSM_NAME: the pod name, with "@<anchor domain>" away from the anchor
    prefix_server: str  # NSM_PREFIX_SERVER_URL: the interface's vL3 IPAM, as this site reaches it


@record
class NsmMember:
    """A workload attached to an interface's vL3 network, and the DNS name the vL3 gives it."""

    workload: str
    site: str
    dns: str  # "<workload label>.<zone>": what its peers connect to


@record
class NsmService:
    """One 3GPP interface run over an NSM vL3 network: its sites, workloads, IPAM, endpoints."""

    interface: str  # n2, n3, ...
    name: str  # NetworkService name: <network>-<interface>
    sites: tuple[str, ...]  # sites with a workload at an end of the interface
    workloads: tuple[str, ...]  # names of the workloads annotated with it
    anchor: str = ""  # site holding the NetworkService object and the vL3 IPAM
    anchor_domain: str = ""  # the anchor cluster's DNS domain (NSM interdomain suffix)
    transit_cidr: str = ""  # vL3 prefix: disjoint from every pool and cluster CIDR
    client_prefix_len: int = 24  # each site's vL3 endpoint gets one such block of the transit CIDR
    zone: str = ""  # DNS zone of the vL3 names (the NetworkService name)
    ipam: ServiceRef | None = None  # the vL3 IPAM Service (cmd-ipam-vl3) at the anchor
    ipam_service_type: str = "ClusterIP"  # LoadBalancer when endpoints on other clusters reach it
    endpoints: tuple[NsmEndpoint, ...] = ()
    members: tuple[NsmMember, ...] = ()


@record
class NsmPlan:
    """multicluster.engine nsm: the interfaces run over NSM and the MTU they leave the UEs."""

    mtu: int
    services: tuple[NsmService, ...]
    namespace: str = ""  # the namespace of the NSM objects on every site
    gtpu_overhead: int = 0  # bytes N3 adds to a UE packet (outer IPv4 + UDP + GTP-U with extension header)


@record
class GitopsCluster:
    """A cluster a GitOps engine applies to: the site folders and Helm releases it receives."""

    name: str
    sites: tuple[str, ...]  # site folders applied to it, in plan order
    releases: tuple[str, ...]  # Helm releases installed on it, in plan order


@record
class GitopsPlan:
    """spec.gitops: the engine, the repository it reads the tree from, the clusters it applies to."""

    engine: str
    repo_url: str
    revision: str
    path: str
    namespace: str
    # Set by n5gc.plan.gitops: every cluster that receives a site folder or a release, in plan order.
    clusters: tuple[GitopsCluster, ...] = ()
    # Kinds that must exist before the other objects of their site folder (an engine that orders
    # inside a folder, Argo CD, gives them an earlier sync wave): Liqo's NamespaceOffloading.
    first_in_folder: tuple[str, ...] = ()
    # Post-deploy checks (the smoke-test Jobs) go in a kustomize root of their own that the engine
    # applies after the site folder and the releases (Flux); else they stay in the site folder and
    # the engine orders them itself (Argo CD: a PostSync hook).
    checks_apart: bool = False


@record
class Plan:
    """Everything the targets render from, computed once by n5gc.plan.build."""

    network: str
    labels: tuple[tuple[str, str], ...]  # common labels of every object
    mcc: str
    mnc: str
    tac: int
    sites: tuple[SitePlan, ...]
    core: CorePlan
    slices: tuple[SlicePlan, ...]
    gnbs: tuple[GnbPlan, ...]
    subscribers: tuple[SubscriberGroupPlan, ...]
    releases: tuple[HelmRelease, ...]
    provisioning_namespace: str
    provisioning_name: str
    multicluster_engine: str
    # Namespaces whose pods need NET_ADMIN and the tun device (UPFs, simulated UEs): PodSecurity "privileged".
    privileged_namespaces: tuple[str, ...]
    gitops: GitopsPlan | None = None
    links: tuple[Link, ...] = ()
    liqo: LiqoPlan | None = None
    nsm: NsmPlan | None = None
    notes: tuple[str, ...] = field(default=())
    smoke_test: SmokeTestPlan | None = None
    sops_age: tuple[str, ...] = ()  # age recipients: Secrets with key material are SOPS-encrypted

    def site(self, name: str) -> SitePlan:
        """The site named `name` (the first, as a search finds it; StopIteration for none)."""
        found = _first_by_name(self.sites).get(name)
        return found if found is not None else next(s for s in self.sites if s.name == name)

    def slice(self, name: str) -> SlicePlan:
        """The slice named `name` (the first, as a search finds it; StopIteration for none): targets
        ask per subscriber session, so a search was O(slices x sessions) at 1,000 slices."""
        found = _first_by_name(self.slices).get(name)
        return found if found is not None else next(s for s in self.slices if s.name == name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data (what `n5gc plan -o json` prints)."""
        return asdict(self)


Named = TypeVar("Named", SitePlan, SlicePlan)

# Name indexes of the last few tuples of sites or slices asked, by the tuple's identity. The entry
# holds the tuple itself, so its id cannot be reused by another object while the entry exists, and a
# tuple of frozen items never changes: an index always answers what the search would. Kept outside
# the plan, whose instance state stays its fields (`Plan(**plan.__dict__)` still works). Few are
# kept (the plan being rendered asks for its sites and slices): an entry keeps its tuple alive.
_NAME_INDEXES: dict[int, tuple[tuple[Any, ...], dict[str, Any]]] = {}
_NAME_INDEXES_KEPT = 4


def _first_by_name(items: tuple[Named, ...]) -> dict[str, Named]:
    """Each name's first item, as `next(i for i in items if i.name == name)` finds it."""
    if type(items) is not tuple:  # a list could change under an index: built anew each time
        return {item.name: item for item in reversed(items)}
    entry = _NAME_INDEXES.get(id(items))
    if entry is not None and entry[0] is items:
        return entry[1]
    index: dict[str, Named] = {}
    for item in items:
        index.setdefault(item.name, item)
    if len(_NAME_INDEXES) >= _NAME_INDEXES_KEPT:
        del _NAME_INDEXES[next(iter(_NAME_INDEXES))]  # the oldest
    _NAME_INDEXES[id(items)] = (items, index)
    return index
