"""Stage 4, plan: compute every derived value of a checked intent, once."""

from __future__ import annotations

import ipaddress

from n5gc import names
from n5gc.model.network import STANDALONE_CHART_VERSIONS, LiqoOptions, Network, NsmOptions
from n5gc.model.network import Slice as SliceIntent
from n5gc.plan.ir import (
    Cell,
    CorePlan,
    Dnn,
    DnnPool,
    GitopsPlan,
    GnbPlan,
    HelmRelease,
    Link,
    LiqoPlan,
    NsmPlan,
    NsmService,
    OffloadedNamespace,
    Plan,
    Qos,
    Scheduling,
    ServiceRef,
    Session,
    SitePlan,
    SlicePlan,
    Smf,
    Snssai,
    SubscriberGroupPlan,
    Upf,
)
from n5gc.plan.placement import placement

SBI_PORT = 7777
PFCP_PORT = 8805
GTPU_PORT = 2152
NGAP_PORT = 38412
F1C_PORT = 38472  # F1AP over SCTP (TS 38.472)
RLS_PORT = 4997  # UERANSIM radio link simulation (UE <-> gNB, UDP)
UMBRELLA_CHART = "open5gs"
SMF_CHART = "open5gs-smf"
UPF_CHART = "open5gs-upf"
MANAGED_BY = ("app.kubernetes.io/managed-by", "n5gc")
GITOPS_NAMESPACES = {"argocd": "argocd", "flux": "flux-system"}


class _Planner:
    def __init__(self, network: Network):
        self.network = network
        self.spec = network.spec
        self.net = network.metadata.name
        self.domains = {s.name: s.cluster_domain for s in self.spec.sites}
        self.core_site = self.spec.core.site or self.spec.sites[0].name
        self.place = placement(network)

    def service(self, name: str, namespace: str, port: int, protocol: str, site: str) -> ServiceRef:
        # Under Liqo every Service lives in the home cluster (and is reflected to the remote ones).
        domain = self.domains[self.place.apply_site(site)]
        return ServiceRef(name, namespace, port, protocol,  # type: ignore[arg-type]
                          names.service_dns(name, namespace, domain), site)

    def release(self, name: str, namespace: str, site: str, chart: str, role: str,
                slice_name: str | None = None, index: int = 0) -> HelmRelease:
        chart_spec = self.spec.core.chart
        workload = (role, slice_name or "core")
        return HelmRelease(name, namespace, site, chart, chart_spec.repo, self.chart_version(chart),
                           role, slice_name,  # type: ignore[arg-type]
                           self.place.scheduling(workload[0], workload[1], site, index))

    def chart_version(self, chart: str) -> str:
        """The umbrella's version, or for a standalone SMF/UPF chart the version that umbrella ships."""
        spec = self.spec.core.chart
        explicit = {SMF_CHART: spec.smf_version, UPF_CHART: spec.upf_version}.get(chart)
        if chart == UMBRELLA_CHART:
            return spec.version
        return explicit or STANDALONE_CHART_VERSIONS.get(spec.version, {}).get(chart, spec.version)

    def core(self) -> CorePlan:
        ns = names.core_namespace(self.net)
        site = self.core_site
        fullnames = tuple((nf, names.core_nf_fullname(self.net, nf))
                          for nf in (*names.CONTROL_PLANE_NFS, "mongodb"))
        mongodb = names.core_nf_fullname(self.net, "mongodb")
        tacs = sorted({self.spec.tac, *(g.tac if g.tac is not None else self.spec.tac for g in self.spec.ran)})
        return CorePlan(
            site=site, namespace=ns,
            release=self.release(names.core_release(self.net), ns, site, UMBRELLA_CHART, "core"),
            fullnames=fullnames,
            nrf_sbi=self.service(names.core_nf_fullname(self.net, "nrf") + "-sbi", ns, SBI_PORT, "TCP", site),
            scp_sbi=self.service(names.core_nf_fullname(self.net, "scp") + "-sbi", ns, SBI_PORT, "TCP", site),
            amf_ngap=self.service(names.core_nf_fullname(self.net, "amf") + "-ngap", ns, NGAP_PORT, "SCTP", site),
            mongodb_uri=f"mongodb://{names.service_dns(mongodb, ns, self.domains[site])}/open5gs",
            n2_service=self.spec.core.n2.service,
            n2_node_port=self.spec.core.n2.node_port if self.spec.core.n2.service == "NodePort" else None,
            amf_region=self.spec.amf.region, amf_set=self.spec.amf.set, amf_pointer=self.spec.amf.pointer,
            tacs=tuple(tacs),
            nf_annotations=tuple((nf, a) for nf, _ in fullnames
                                 if (a := self.place.annotation(self.place.core_nf_interfaces(nf)))))

    def ue_demand(self) -> dict[tuple[str, str], int]:
        demand: dict[tuple[str, str], int] = {}
        for group in self.spec.subscribers:
            for sub in group.slices:
                for dnn in sub.dnns:
                    demand[(sub.slice, dnn)] = demand.get((sub.slice, dnn), 0) + group.imsi.count
        return demand

    def slice_plan(self, intent: SliceIntent, demand: dict[tuple[str, str], int]) -> SlicePlan:
        ns = names.slice_namespace(self.net, intent.name)
        up_site = intent.user_plane.site or self.core_site
        smf_name = names.smf_release(self.net, intent.name)
        smf = Smf(self.release(smf_name, ns, self.core_site, SMF_CHART, "smf", intent.name),
                  self.service(smf_name + "-sbi", ns, SBI_PORT, "TCP", self.core_site),
                  self.service(smf_name + "-pfcp", ns, PFCP_PORT, "UDP", self.core_site))
        dnns = tuple(Dnn(d.name, d.subnet, d.gateway or _first_host(d.subnet), tuple(d.dns), d.mtu,
                         demand.get((intent.name, d.name), 0)) for d in intent.dnns)
        instances = intent.user_plane.instances
        upfs = []
        for index in range(1, instances + 1):
            name = names.upf_release(self.net, intent.name, index)
            pools = tuple(_upf_pool(d, position) for position, d in enumerate(intent.dnns))
            upfs.append(Upf(index, self.release(name, ns, up_site, UPF_CHART, "upf", intent.name, index),
                            self.service(name + "-pfcp", ns, PFCP_PORT, "UDP", up_site),
                            self.service(name + "-gtpu", ns, GTPU_PORT, "UDP", up_site), pools))
        qos = None
        if intent.qos is not None:
            ambr = intent.qos.ambr
            qos = Qos(intent.qos.five_qi, intent.qos.arp, ambr.uplink if ambr else None,
                      ambr.downlink if ambr else None)
        return SlicePlan(intent.name, Snssai(intent.sst, intent.sd), ns, up_site, smf, tuple(upfs), dnns, qos)

    def gnbs(self, core: CorePlan) -> tuple[GnbPlan, ...]:
        snssai = {s.name: Snssai(s.sst, s.sd) for s in self.spec.slices}
        ns = names.ran_namespace(self.net)
        plans = []
        for gnb in self.spec.ran:
            # With an F1 split the CU holds N2/N3, so the gNB's site is the CU's.
            site = gnb.cu.site if gnb.split == "f1" and gnb.cu else gnb.site or self.core_site
            cells = tuple(_cell(c) for c in gnb.cells)
            gnb_id = cells[0].nci >> (36 - gnb.id_length) if cells else 1
            nci_hex = cells[0].nci_hex if cells else f"0x{gnb_id << (36 - gnb.id_length):09x}"
            object_name = names.gnb_name(self.net, gnb.name)
            plans.append(GnbPlan(
                name=gnb.name, object_name=object_name, site=site, namespace=ns, type=gnb.type,
                tac=gnb.tac if gnb.tac is not None else self.spec.tac, id_length=gnb.id_length, gnb_id=gnb_id,
                nci_hex=nci_hex,
                slices=tuple(gnb.slices), snssais=tuple(snssai[s] for s in gnb.slices), cells=cells,
                amf=core.amf_ngap, link=self.service(object_name, ns, RLS_PORT, "UDP", site),
                split=gnb.split, cu_site=gnb.cu.site if gnb.cu else None, du_site=gnb.du.site if gnb.du else None,
                scheduling=self.place.scheduling("cu" if gnb.split == "f1" else "gnb", gnb.name, site),
                du_scheduling=self.place.scheduling("du", gnb.name, gnb.du.site) if gnb.du else Scheduling(),
                f1_c=self.service(f"{object_name}-cu-f1c", ns, F1C_PORT, "SCTP", site) if gnb.split == "f1" else None,
                f1_u=self.service(f"{object_name}-cu-f1u", ns, GTPU_PORT, "UDP", site) if gnb.split == "f1" else None))
        return tuple(plans)

    def subscribers(self, gnb_sites: dict[str, str]) -> tuple[SubscriberGroupPlan, ...]:
        snssai = {s.name: Snssai(s.sst, s.sd) for s in self.spec.slices}
        groups = []
        for group in self.spec.subscribers:
            first = int(group.imsi.first)
            sessions = tuple(Session(sub.slice, snssai[sub.slice], dnn) for sub in group.slices for dnn in sub.dnns)
            gnb = group.simulate.gnb if group.simulate else None
            groups.append(SubscriberGroupPlan(
                name=group.name, object_name=names.ue_group_name(self.net, group.name),
                imsi_first=group.imsi.first, imsi_last=f"{first + group.imsi.count - 1:015d}",
                count=group.imsi.count, sessions=sessions, credentials=group.credentials, simulate_gnb=gnb,
                namespace=names.ran_namespace(self.net), site=gnb_sites.get(gnb or "", self.core_site),
                scheduling=self.place.scheduling("ue", group.name, gnb_sites.get(gnb or "", self.core_site))))
        return tuple(groups)

    def site_namespaces(self, releases: list[HelmRelease], gnbs: tuple[GnbPlan, ...]) -> dict[str, set[str]]:
        """Namespaces each site's folder creates: where its workloads run, or under Liqo all at home."""
        result: dict[str, set[str]] = {s.name: set() for s in self.spec.sites}
        for r in releases:
            result[r.site].add(r.namespace)
        for g in gnbs:
            for site in {g.site, g.du_site or g.site}:
                result[site].add(g.namespace)
        for group in self.spec.subscribers:
            if group.simulate:
                result[next(g.site for g in gnbs if g.name == group.simulate.gnb)].add(names.ran_namespace(self.net))
        result[self.core_site].add(names.core_namespace(self.net))
        if self.place.engine == "liqo":
            everything = set().union(*result.values())
            result = {site: (everything if site == self.place.home else set()) for site in result}
        return result

    def sites(self, releases: list[HelmRelease], gnbs: tuple[GnbPlan, ...]) -> tuple[SitePlan, ...]:
        plans = []
        created = self.site_namespaces(releases, gnbs)
        for site in self.spec.sites:
            namespaces = created[site.name]
            cluster = site.cluster
            plans.append(SitePlan(
                name=site.name, cluster_name=cluster.name if cluster else site.name,
                cluster_server=cluster.server if cluster else None, cluster_domain=site.cluster_domain,
                pod_cidr=site.pod_cidr, service_cidr=site.service_cidr, namespaces=tuple(sorted(namespaces)),
                releases=tuple(sorted(r.name for r in releases if r.site == site.name)),
                apply_site=self.place.apply_site(site.name)))
        return tuple(plans)

    def gitops(self) -> GitopsPlan | None:
        gitops = self.spec.gitops
        if gitops is None:
            return None
        return GitopsPlan(gitops.engine, gitops.repo.url, gitops.repo.revision, gitops.repo.path,
                          gitops.namespace or GITOPS_NAMESPACES[gitops.engine])

    def build(self) -> Plan:
        core = self.core()
        demand = self.ue_demand()
        slices = tuple(self.slice_plan(s, demand) for s in self.spec.slices)
        gnbs = self.gnbs(core)
        releases = [core.release]
        for s in slices:
            releases.append(s.smf.release)
            releases.extend(u.release for u in s.upfs)
        labels = (MANAGED_BY, ("n5gc.io/network", self.net), *sorted(self.network.metadata.labels.items()))
        return Plan(
            network=self.net, labels=labels, mcc=self.spec.plmn.mcc, mnc=self.spec.plmn.mnc, tac=self.spec.tac,
            sites=self.sites(releases, gnbs), core=core, slices=slices, gnbs=gnbs,
            subscribers=self.subscribers({g.name: g.site for g in gnbs}), releases=tuple(releases),
            provisioning_namespace=core.namespace, provisioning_name=names.provisioning_name(self.net),
            multicluster_engine=self.spec.multicluster.engine, gitops=self.gitops(),
            privileged_namespaces=tuple(sorted({s.namespace for s in slices}
                                               | ({names.ran_namespace(self.net)} if self.spec.ran else set()))),
            links=self.links(core, slices, gnbs), liqo=self.liqo(releases, gnbs), nsm=self.nsm(core, slices, gnbs))

    def workload_names(self, core: CorePlan, slices: tuple[SlicePlan, ...],
                       gnbs: tuple[GnbPlan, ...]) -> dict[tuple[str, str, int], str]:
        """Topology workloads (kind, intent name, UPF index) -> the names of their objects/releases."""
        result = {("core", "core", 0): core.release.name, ("amf", "core", 0): core.release.name}
        for s in slices:
            result[("smf", s.name, 0)] = s.smf.release.name
            result[("dn", s.name, 0)] = f"{s.name} data network"
            for u in s.upfs:
                result[("upf", s.name, u.index)] = u.release.name
        for g in gnbs:
            result[("gnb", g.name, 0)] = g.object_name
            result[("cu", g.name, 0)] = g.cu_object_name
            result[("du", g.name, 0)] = g.du_object_name
        return result

    def links(self, core: CorePlan, slices: tuple[SlicePlan, ...], gnbs: tuple[GnbPlan, ...]) -> tuple[Link, ...]:
        """Every interface between workloads, with the Service the client connects to."""
        named = self.workload_names(core, slices, gnbs)
        upf = {(s.name, u.index): u for s in slices for u in s.upfs}
        gnb = {g.name: g for g in gnbs}
        services = {
            "sbi": lambda w: core.scp_sbi, "n2": lambda w: core.amf_ngap, "n6": lambda w: None,
            "n4": lambda w: upf[(w.name, w.index)].pfcp, "n3": lambda w: upf[(w.name, w.index)].gtpu,
            "f1": lambda w: gnb[w.name].f1_c}
        return tuple(
            Link(link.interface, named[(link.client.kind, link.client.name, link.client.index)],  # type: ignore[arg-type]
                 link.client.site, named[(link.server.kind, link.server.name, link.server.index)], link.server.site,
                 services[link.interface](link.server))
            for link in self.place.links)

    def liqo(self, releases: list[HelmRelease], gnbs: tuple[GnbPlan, ...]) -> LiqoPlan | None:
        """Namespaces holding pods of other sites than the home, and the clusters they go to."""
        if self.place.engine != "liqo":
            return None
        options = self.spec.multicluster.liqo or LiqoOptions()
        remote: dict[str, set[str]] = {}
        placed = [(r.namespace, r.site) for r in releases]
        placed += [(g.namespace, site) for g in gnbs for site in {g.site, g.du_site or g.site}]
        for namespace, site in placed:
            if self.place.offloaded(site):
                remote.setdefault(namespace, set()).add(self.place.cluster_ids[site])
        home = self.place.home
        return LiqoPlan(home, self.place.cluster_ids[home], options.peering, options.pod_offloading_strategy,
                        options.namespace_mapping_strategy,
                        tuple(OffloadedNamespace(ns, tuple(sorted(ids))) for ns, ids in sorted(remote.items())))

    def nsm(self, core: CorePlan, slices: tuple[SlicePlan, ...], gnbs: tuple[GnbPlan, ...]) -> NsmPlan | None:
        """One NetworkService per listed interface, with the sites and workloads at its ends."""
        if self.place.engine != "nsm":
            return None
        options = self.spec.multicluster.nsm or NsmOptions()
        named = self.workload_names(core, slices, gnbs)
        services = []
        for interface in sorted(set(self.place.nsm_interfaces)):
            ends = [end for link in self.place.links if link.interface == interface
                    for end in (link.client, link.server) if end.kind != "dn"]
            workloads = sorted({named[(e.kind, e.name, e.index)] for e in ends})
            sites = sorted({e.site for e in ends})
            services.append(NsmService(interface, f"{self.net}-{interface}", tuple(sites), tuple(workloads)))
        return NsmPlan(options.mtu, tuple(services))


def _first_host(subnet: str) -> str:
    return str(next(ipaddress.ip_network(subnet).hosts()))


def _upf_pool(dnn, position: int) -> DnnPool:
    """A DNN's pool as a UPF serves it: every UPF of a slice routes the whole pool.

    Open5GS's SMF allocates a UE address from the first pool matching the DNN, whichever UPF it
    selects, and each UPF NATs its N6 traffic: so each UPF must route the whole pool (return
    traffic comes back to the UPF that translated it). Each DNN gets its own tun device.
    """
    network = ipaddress.ip_network(dnn.subnet)
    gateway = dnn.gateway or str(next(network.hosts()))
    device = "ogstun" if position == 0 else f"ogstun{position + 1}"
    return DnnPool(dnn.name, str(network), gateway, network.prefixlen, device, tuple(dnn.dns), dnn.mtu)


def _cell(cell) -> Cell:
    from n5gc.model.cells import cell_carrier

    carrier, _snapped = cell_carrier(cell)
    band = cell.band if isinstance(cell.band, str) else f"n{cell.band}"
    return Cell(int(cell.nci), f"0x{int(cell.nci):09x}", cell.pci, band, cell.bandwidth_mhz, cell.scs_khz,
                carrier.to_dict())


def build_plan(network: Network) -> Plan:
    """The deployment plan of a network that passed every check (no error diagnostics)."""
    return _Planner(network).build()
