"""Stage 4, plan: compute every derived value of a checked intent, once."""

from __future__ import annotations

import ipaddress

from n5gc import names
from n5gc.diagnostics import CompilerBug
from n5gc.model.network import Gnb as GnbIntent
from n5gc.model.network import LiqoOptions, Network, NsmOptions
from n5gc.model.network import Slice as SliceIntent
from n5gc.model.topology import ran_site, user_plane_site
from n5gc.model.types import ip_network_of
from n5gc.plan.gitops import with_gitops_layout
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
    NsmEndpoint,
    NsmMember,
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
    SmokeCase,
    SmokeTestPlan,
    Snssai,
    SubscriberGroupPlan,
    Upf,
)
from n5gc.plan.location import normal_repo_path
from n5gc.plan.placement import placement, workload_label
from n5gc.products import ueransim
from n5gc.products.packaging import ChartRequest, ChartSource, ServicePort, core_packaging
from n5gc.radio import CarrierPlan, ServingCellCommon

MANAGED_BY = ("app.kubernetes.io/managed-by", "n5gc")
GITOPS_NAMESPACES = {"argocd": "argocd", "flux": "flux-system"}
# NSM vL3: the IPAM server's gRPC port (cmd-ipam-vl3 NSM_LISTEN_ON), each site's block of the transit CIDR.
VL3_IPAM_PORT = 5006
VL3_CLIENT_PREFIX_LEN = 24
TRANSIT_PREFIX_LEN = 16
# Where transit CIDRs come from, in order: RFC 6598 shared space first (meant for such carrier links).
TRANSIT_SPACES = ("100.64.0.0/10", "172.16.0.0/12", "198.18.0.0/15")
# What N3 adds to a UE packet: outer IPv4 (20) + UDP (8) + GTP-U (8) + its PDU session container (8).
GTPU_OVERHEAD = 44


class _Planner:
    def __init__(self, network: Network, repo_path: str | None = None):
        self.network = network
        self.repo_path = repo_path
        self.spec = network.spec
        self.net = network.metadata.name
        self.domains = {s.name: s.cluster_domain for s in self.spec.sites}
        self.place = placement(network)
        self.core_site = self.place.core
        self.snssais = {s.name: Snssai(s.sst, s.sd) for s in self.spec.slices}
        # How the core product (core.flavor) packages the roles: charts, Services, names, devices.
        self.packaging = core_packaging(self.spec.core.flavor)
        chart_spec = self.spec.core.chart
        self.requested = ChartRequest(
            chart_spec.repo, chart_spec.version, chart_spec.smf_version, chart_spec.upf_version
        )
        self.charts: dict[str, ChartSource] = {}  # role -> its chart (one frozen value per role)
        self.service_domains: dict[str, str] = {}  # site -> the DNS domain of its Services
        self.devices: dict[int, tuple[str, ...]] = {}  # number of DNNs -> the UPF's tun devices

    def service(self, name: str, namespace: str, port: int, protocol: str, site: str) -> ServiceRef:
        # Under Liqo every Service lives in the home cluster (and is reflected to the remote ones).
        domain = self.service_domains.get(site)
        if domain is None:
            domain = self.service_domains[site] = self.domains[self.place.apply_site(site)]
        return ServiceRef(
            name,
            namespace,
            port,
            protocol,  # type: ignore[arg-type]
            names.service_dns(name, namespace, domain),
            site,
        )

    def f1_service(self, gnb: GnbIntent, interface: str, namespace: str, site: str) -> ServiceRef | None:
        """The CU's F1-C ("f1c") or F1-U ("f1u") Service of an F1-split gNB, else None."""
        if gnb.split != "f1":
            return None
        from n5gc.products import oai_ran  # only an F1 split reads the OAI RAN's facts

        port, protocol = (oai_ran.F1C_PORT, "SCTP") if interface == "f1c" else (oai_ran.F1U_CU_PORT, "UDP")
        return self.service(names.f1_service(self.net, gnb.name, interface), namespace, port, protocol, site)

    def srsran_release(
        self, gnb: GnbIntent, object_name: str, namespace: str, site: str
    ) -> HelmRelease | None:
        """The srsRAN chart's release of an srsRAN gNB, else None."""
        if gnb.type != "srsran":
            return None
        from n5gc.products import srsran  # only an srsRAN gNB reads its facts

        chart = ChartSource(srsran.CHART_REPO, srsran.CHART, srsran.CHART_VERSION)
        return HelmRelease(
            object_name,
            namespace,
            site,
            chart,
            "ran",
            scheduling=self.place.scheduling("gnb", gnb.name, site),
        )

    def chart_service(self, fullname: str, port: ServicePort, namespace: str, site: str) -> ServiceRef:
        """The Service a chart renders for a release or an NF, on its port: `<fullname>-<suffix>`,
        or the name the chart fixes."""
        name = port.name or names.chart_service(fullname, port.suffix)
        return self.service(name, namespace, port.port, port.protocol, site)

    def role_service(self, role: str, interface: str, fullname: str, namespace: str, site: str) -> ServiceRef:
        """The Service at which `role` (an NF alias, "smf", "upf") serves `interface`, as its chart
        renders it (`chart_service` of the product's port, read here: 4,000 Services at 1,000 slices)."""
        port = self.packaging.service(role, interface)
        name = port.name or names.chart_service(fullname, port.suffix)
        return self.service(name, namespace, port.port, port.protocol, site)

    def release(
        self, name: str, namespace: str, site: str, role: str, slice_name: str | None = None, index: int = 0
    ) -> HelmRelease:
        """A Helm release of a core role ("core", "smf", "upf"), of the chart the product packages it in."""
        chart = self.charts.get(role)
        if chart is None:  # the product's answer for the role and the intent's chart request
            chart = self.charts[role] = self.packaging.chart(role, self.requested)  # type: ignore[arg-type]
        return HelmRelease(
            name,
            namespace,
            site,
            chart,
            role,  # type: ignore[arg-type]
            slice_name,
            self.place.scheduling(role, slice_name or "core", site, index),
        )

    def core_fullname(self, nf: str) -> str:
        """An NF's fullname in the control-plane release: the chart's own, else `<network>-<nf>`."""
        return self.packaging.fullname(nf) or names.core_nf_fullname(self.net, nf)

    def core_service(self, nf: str, interface: str) -> ServiceRef:
        """The Service of one NF of the control-plane release for `interface`, in the core's namespace."""
        namespace = names.core_namespace(self.net)
        return self.role_service(nf, interface, self.core_fullname(nf), namespace, self.core_site)

    def gnb_tac(self, gnb: GnbIntent) -> int:
        """The TAC a gNB announces: its own, else spec.tac."""
        return gnb.tac if gnb.tac is not None else self.spec.tac

    def core(self) -> CorePlan:
        ns = names.core_namespace(self.net)
        site = self.core_site
        packaging = self.packaging
        fullnames = tuple((nf, self.core_fullname(nf)) for nf in packaging.nfs)
        database = names.service_dns(self.core_fullname(packaging.database), ns, self.domains[site])
        tacs = sorted({self.spec.tac, *(self.gnb_tac(g) for g in self.spec.ran)})
        return CorePlan(
            site=site,
            namespace=ns,
            release=self.release(names.core_release(self.net), ns, site, "core"),
            fullnames=fullnames,
            nrf_sbi=self.core_service("nrf", "sbi"),
            sbi_entry=self.core_service(packaging.sbi_entry, "sbi"),
            amf_ngap=self.core_service("amf", "ngap"),
            database_uri=packaging.database_uri(database),
            n2_service=self.n2_service(),
            n2_node_port=self.n2_node_port(),
            amf_region=self.spec.amf.region,
            amf_set=self.spec.amf.set,
            amf_pointer=self.spec.amf.pointer,
            tacs=tuple(tacs),
            nf_annotations=tuple((nf, a) for nf, _ in fullnames if (a := self.place.core_nf_annotation(nf))),
            nf_interfaces=tuple((nf, i) for nf, _ in fullnames if (i := self.place.core_nf_interfaces(nf))),
            flavor=packaging.flavor,
        )

    # --- N2 exposure ------------------------------------------------------------------------------

    def n2_service(self) -> str:
        """The AMF NGAP Service type, as the intent says.

        Never upgraded for Liqo: a gNB on another cluster dials the Service's DNS name on 38412, which
        resolves there to the Service Liqo reflects into the offloaded core namespace; a node port
        (30000-32767) is never dialled.
        """
        return self.spec.core.n2.service

    def n2_node_port(self) -> int | None:
        """The intent's fixed node port, when the intent makes N2 a NodePort."""
        return self.spec.core.n2.node_port if self.n2_service() == "NodePort" else None

    def ue_demand(self) -> dict[tuple[str, str], int]:
        demand: dict[tuple[str, str], int] = {}
        for group in self.spec.subscribers:
            for sub in group.slices:
                for dnn in sub.dnns:
                    demand[(sub.slice, dnn)] = demand.get((sub.slice, dnn), 0) + group.imsi.count
        return demand

    def slice_plan(self, intent: SliceIntent, demand: dict[tuple[str, str], int]) -> SlicePlan:
        # Called once per slice (1,000 times at 1,000 slices): the planner's lookups are held in
        # locals, and the UPFs' tun devices (the same for every slice) are read once per planner.
        net, name, role_service = self.net, intent.name, self.role_service
        ns = names.slice_namespace(net, name)
        up_site = user_plane_site(self.network, intent)
        smf_name = names.smf_release(net, name)
        core_site = self.core_site
        smf = Smf(
            self.release(smf_name, ns, core_site, "smf", name),
            role_service("smf", "sbi", smf_name, ns, core_site),
            role_service("smf", "pfcp", smf_name, ns, core_site),
        )
        dnns = tuple(
            Dnn(
                d.name,
                d.subnet,
                d.gateway or _first_host(d.subnet),
                tuple(d.dns),
                d.mtu,
                demand.get((name, d.name), 0),
            )
            for d in intent.dnns
        )
        devices = self.tun_devices(len(dnns))
        upfs = []
        for index in range(1, intent.user_plane.instances + 1):
            upf_name = names.upf_release(net, name, index)
            release = self.release(upf_name, ns, up_site, "upf", name, index)
            upfs.append(
                Upf(
                    index,
                    release,
                    role_service("upf", "pfcp", upf_name, ns, up_site),
                    role_service("upf", "gtpu", upf_name, ns, up_site),
                    tuple(map(_upf_pool, dnns, devices)),
                    self.vl3_name("n4", release.scheduling.nsm_interfaces, "upf", name, index),
                )
            )
        qos = None
        if intent.qos is not None:
            ambr = intent.qos.ambr
            qos = Qos(
                intent.qos.five_qi,
                intent.qos.arp,
                ambr.uplink if ambr else None,
                ambr.downlink if ambr else None,
            )
        n3_on_nsm = any("n3" in u.release.scheduling.nsm_interfaces for u in upfs)
        return SlicePlan(
            name,
            self.snssais[name],
            ns,
            up_site,
            smf,
            tuple(upfs),
            dnns,
            qos,
            self.nsm_mtu() - GTPU_OVERHEAD if n3_on_nsm else None,
        )

    def tun_devices(self, count: int) -> tuple[str, ...]:
        """The UPF's tun devices of `count` DNNs, in DNN order (the product's, read once per count)."""
        devices = self.devices.get(count)
        if devices is None:
            devices = self.devices[count] = tuple(self.packaging.tun_device(p) for p in range(count))
        return devices

    # --- NSM: names on the vL3 networks ------------------------------------------------------------

    def nsm_mtu(self) -> int:
        return (self.spec.multicluster.nsm or NsmOptions()).mtu

    def vl3_name(
        self, interface: str, interfaces: tuple[str, ...], kind: str, name: str, index: int = 0
    ) -> str | None:
        """The DNS name a workload has on an interface's vL3 network, when it is attached to it."""
        if interface not in interfaces:
            return None
        return names.vl3_dns(workload_label(self.net, kind, name, index), self.place.service_name(interface))

    def gnbs(self, core: CorePlan) -> tuple[GnbPlan, ...]:
        ns = names.ran_namespace(self.net)
        plans = []
        commons: dict[int, tuple[CarrierPlan, ServingCellCommon]] = {}  # see _cell
        for gnb in self.spec.ran:
            # With an F1 split the CU holds N2/N3, so the gNB's site is the CU's.
            site = ran_site(self.network, gnb)
            cells = tuple(_cell(c, commons) for c in gnb.cells)
            gnb_id = cells[0].nci >> (36 - gnb.id_length) if cells else 1
            nci_hex = cells[0].nci_hex if cells else f"0x{gnb_id << (36 - gnb.id_length):09x}"
            object_name = names.gnb_name(self.net, gnb.name)
            scheduling = self.place.scheduling("cu" if gnb.split == "f1" else "gnb", gnb.name, site)
            plans.append(
                GnbPlan(
                    name=gnb.name,
                    object_name=object_name,
                    site=site,
                    namespace=ns,
                    type=gnb.type,
                    tac=self.gnb_tac(gnb),
                    id_length=gnb.id_length,
                    gnb_id=gnb_id,
                    nci_hex=nci_hex,
                    slices=tuple(gnb.slices),
                    snssais=tuple(self.snssais[s] for s in gnb.slices),
                    cells=cells,
                    amf=core.amf_ngap,
                    link=self.service(object_name, ns, ueransim.RLS_PORT, "UDP", site),
                    split=gnb.split,
                    cu_site=gnb.cu.site if gnb.cu else None,
                    du_site=gnb.du.site if gnb.du else None,
                    scheduling=scheduling,
                    du_scheduling=self.place.scheduling("du", gnb.name, gnb.du.site)
                    if gnb.du
                    else Scheduling(),
                    f1_c=self.f1_service(gnb, "f1c", ns, site),
                    f1_u=self.f1_service(gnb, "f1u", ns, site),
                    release=self.srsran_release(gnb, object_name, ns, site),
                    amf_address=self.vl3_name("n2", scheduling.nsm_interfaces, "amf", "core"),
                )
            )
        return tuple(plans)

    def subscribers(self, gnb_sites: dict[str, str]) -> tuple[SubscriberGroupPlan, ...]:
        prefix = {
            (s.name, d.name): ip_network_of(d.subnet).prefixlen for s in self.spec.slices for d in s.dnns
        }
        groups = []
        ran_namespace = names.ran_namespace(self.net)
        snssais = self.snssais
        for group in self.spec.subscribers:  # 1,000 groups at 1,000 slices
            first = int(group.imsi.first)
            sessions = tuple(
                Session(sub.slice, snssais[sub.slice], dnn, prefix[(sub.slice, dnn)])
                for sub in group.slices
                for dnn in sub.dnns
            )
            gnb = group.simulate.gnb if group.simulate else None
            site = gnb_sites.get(gnb or "", self.core_site)
            groups.append(
                SubscriberGroupPlan(
                    name=group.name,
                    object_name=names.ue_group_name(self.net, group.name),
                    imsi_first=group.imsi.first,
                    imsi_last=f"{first + group.imsi.count - 1:015d}",
                    count=group.imsi.count,
                    sessions=sessions,
                    credentials=group.credentials,
                    simulate_gnb=gnb,
                    namespace=ran_namespace,
                    site=site,
                    scheduling=self.place.scheduling("ue", group.name, site),
                )
            )
        return tuple(groups)

    def site_namespaces(self, releases: list[HelmRelease], gnbs: tuple[GnbPlan, ...]) -> dict[str, set[str]]:
        """Namespaces each site's folder creates: where its workloads run, or under Liqo all at home."""
        result: dict[str, set[str]] = {s.name: set() for s in self.spec.sites}
        for r in releases:
            result[r.site].add(r.namespace)
        for g in gnbs:
            for site in {g.site, g.du_site or g.site}:
                result[site].add(g.namespace)
        gnb_sites: dict[str, str] = {}
        for g in gnbs:  # a repeated name (N5G206) means its first gNB, as a search would find
            gnb_sites.setdefault(g.name, g.site)
        ran_namespace = names.ran_namespace(self.net)
        for group in self.spec.subscribers:
            if group.simulate:
                result[gnb_sites[group.simulate.gnb]].add(ran_namespace)
        result[self.core_site].add(names.core_namespace(self.net))
        for interface in self.nsm_listed():
            for site in self.place.nsm_sites(interface):
                result[site].add(names.nsm_namespace(self.net))
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
            plans.append(
                SitePlan(
                    name=site.name,
                    cluster_name=cluster.name if cluster else site.name,
                    cluster_server=cluster.server if cluster else None,
                    cluster_domain=site.cluster_domain,
                    pod_cidr=site.pod_cidr,
                    service_cidr=site.service_cidr,
                    namespaces=tuple(sorted(namespaces)),
                    releases=tuple(sorted(r.name for r in releases if r.site == site.name)),
                    apply_site=self.place.apply_site(site.name),
                )
            )
        return tuple(plans)

    def gitops(self) -> GitopsPlan | None:
        gitops = self.spec.gitops
        if gitops is None:
            return None
        return GitopsPlan(
            gitops.engine,
            gitops.repo.url,
            gitops.repo.revision,
            normal_repo_path(gitops.repo.path or self.repo_path or "."),
            gitops.namespace or GITOPS_NAMESPACES[gitops.engine],
        )

    def build(self) -> Plan:
        core = self.core()
        demand = self.ue_demand()
        slices = tuple(self.slice_plan(s, demand) for s in self.spec.slices)
        gnbs = self.gnbs(core)
        releases = [core.release]
        for s in slices:
            releases.append(s.smf.release)
            releases.extend(u.release for u in s.upfs)
        releases.extend(g.release for g in gnbs if g.release is not None)
        labels = (MANAGED_BY, ("n5gc.io/network", self.net), *sorted(self.network.metadata.labels.items()))
        return Plan(
            network=self.net,
            labels=labels,
            mcc=self.spec.plmn.mcc,
            mnc=self.spec.plmn.mnc,
            tac=self.spec.tac,
            sites=self.sites(releases, gnbs),
            core=core,
            slices=slices,
            gnbs=gnbs,
            subscribers=(groups := self.subscribers({g.name: g.site for g in gnbs})),
            releases=tuple(releases),
            provisioning_namespace=core.namespace,
            provisioning_name=names.provisioning_name(self.net),
            multicluster_engine=self.spec.multicluster.engine,
            gitops=self.gitops(),
            privileged_namespaces=tuple(
                sorted(
                    {s.namespace for s in slices}
                    | ({names.ran_namespace(self.net)} if self.spec.ran else set())
                    | self.nsm_privileged(core, releases)
                )
            ),
            links=(links := self.links(core, slices, gnbs)),
            liqo=self.liqo(releases, gnbs, links),
            nsm=self.nsm(core, slices, gnbs),
            smoke_test=self.smoke_test(slices, groups),
            # The age recipients of spec.encryption.sops (n5gc/sops): key-bearing Secrets are encrypted.
            sops_age=tuple(self.spec.encryption.sops.age) if self.spec.encryption else (),
        )

    def smoke_test(
        self, slices: tuple[SlicePlan, ...], groups: tuple[SubscriberGroupPlan, ...]
    ) -> SmokeTestPlan | None:
        """spec.smokeTest: per slice x DNN (intent order) the next IMSI of the group, the pool, the
        gateway and the MTU the SMF gives (checks N5G230-N5G233 proved the group fits)."""
        if self.spec.smoke_test is None:
            return None
        group = next(g for g in groups if g.name == self.spec.smoke_test.subscribers)
        pairs = [(s, d) for s in slices for d in s.dnns]
        cases = tuple(
            SmokeCase(
                object_name=names.smoke_test_name(self.net, s.name, d.name),
                slice=s.name,
                snssai=s.snssai,
                dnn=d.name,
                imsi=f"{int(group.imsi_first) + index:015d}",
                subnet=d.subnet,
                gateway=d.gateway,
                mtu=slice_ue_mtu(s),
            )
            for index, (s, d) in enumerate(pairs)
        )
        return SmokeTestPlan(group.name, group.site, group.namespace, cases)

    def workload_names(
        self, core: CorePlan, slices: tuple[SlicePlan, ...], gnbs: tuple[GnbPlan, ...]
    ) -> dict[tuple[str, str, int], str]:
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

    def links(
        self, core: CorePlan, slices: tuple[SlicePlan, ...], gnbs: tuple[GnbPlan, ...]
    ) -> tuple[Link, ...]:
        """Every interface between workloads, with the Service the client connects to."""
        named = self.workload_names(core, slices, gnbs)
        upf = {(s.name, u.index): u for s in slices for u in s.upfs}
        gnb = {g.name: g for g in gnbs}
        made = []
        for link in self.place.links:  # 4,000 links at 1,000 slices: no call per link but Link's
            interface, client, server = link.interface, link.client, link.server
            if interface == "n4" or interface == "n3":
                served = upf[(server.name, server.index)]
                service = served.pfcp if interface == "n4" else served.gtpu
            elif interface == "sbi":
                service = core.sbi_entry
            elif interface == "n2":
                service = core.amf_ngap
            elif interface == "f1":
                service = gnb[server.name].f1_c
            elif interface == "n6":
                service = None  # the data network: no Service
            else:
                raise CompilerBug(f"a link over {interface!r}, which the planner has no Service for")
            made.append(
                Link(
                    interface,  # type: ignore[arg-type]
                    named[(client.kind, client.name, client.index)],
                    client.site,
                    named[(server.kind, server.name, server.index)],
                    server.site,
                    service,
                )
            )
        return tuple(made)

    def liqo(
        self, releases: list[HelmRelease], gnbs: tuple[GnbPlan, ...], links: tuple[Link, ...]
    ) -> LiqoPlan | None:
        """Namespaces holding pods of other sites than the home, or Services their pods reach.

        A Service is reflected to a remote cluster only from an offloaded namespace: so the namespace
        of every Service that an offloaded client connects to is offloaded to the client's cluster too
        (its own pods stay home: they are kept off virtual nodes).
        """
        if self.place.engine != "liqo":
            return None
        options = self.spec.multicluster.liqo or LiqoOptions()
        remote: dict[str, list[str]] = {}  # namespace -> remote sites, pods' sites first
        placed = [(r.namespace, r.site) for r in releases]
        placed += [(g.namespace, site) for g in gnbs for site in (g.site, g.du_site or g.site)]
        placed += [(link.service.namespace, link.client_site) for link in links if link.service is not None]
        for namespace, site in placed:
            sites = remote.setdefault(namespace, [])
            if self.place.offloaded(site) and site not in sites:
                sites.append(site)
        folders = self.offloading_folders({ns: sites for ns, sites in remote.items() if sites}, gnbs)
        home = self.place.home
        offloaded = tuple(
            OffloadedNamespace(ns, tuple(sorted({self.place.cluster_ids[s] for s in sites})), folders[ns])
            for ns, sites in sorted(remote.items())
            if sites
        )
        return LiqoPlan(
            home,
            self.place.cluster_ids[home],
            options.peering,
            options.pod_offloading_strategy,
            options.namespace_mapping_strategy,
            offloaded,
        )

    def offloading_folders(self, remote: dict[str, list[str]], gnbs: tuple[GnbPlan, ...]) -> dict[str, str]:
        """The site folder of each NamespaceOffloading: one of the remote sites it offloads to.

        Every folder is applied to the home cluster; a site folder with only Helm releases would have
        no kustomize root, so a namespace's offloading goes to one of its remote sites that has no
        other plain manifest yet (else to its first remote site, pods' sites first).
        """
        filled = {site for g in gnbs for site in (g.site, g.du_site or g.site)}
        filled |= {self.core_site} if self.spec.subscribers else set()
        folders = {}
        for namespace in sorted(remote):
            sites = remote[namespace]
            folders[namespace] = next((s for s in sites if s not in filled), sites[0])
            filled.add(folders[namespace])
        return folders

    # --- NSM ----------------------------------------------------------------------------------------

    def nsm_listed(self) -> list[str]:
        """Listed interfaces that have workloads at their ends (the others need no vL3 network)."""
        return sorted(i for i in set(self.place.nsm_interfaces) if self.place.ends(i))

    def nsm_privileged(self, core: CorePlan, releases: list[HelmRelease]) -> set[str]:
        """Namespaces whose pods NSM decorates: its webhook adds hostPath volumes (SPIRE, NSM sockets)."""
        if not self.nsm_listed():
            return set()
        decorated = {r.namespace for r in releases if r.scheduling.nsm_interfaces}
        if core.nf_interfaces:
            decorated.add(core.namespace)
        ran_kinds = ("gnb", "cu", "du")
        if any(self.place.nsm_interfaces_of(kind, g.name) for g in self.spec.ran for kind in ran_kinds):
            decorated.add(names.ran_namespace(self.net))
        return decorated | {names.nsm_namespace(self.net)}

    def nsm(self, core: CorePlan, slices: tuple[SlicePlan, ...], gnbs: tuple[GnbPlan, ...]) -> NsmPlan | None:
        """One vL3 network per listed interface: NetworkService, IPAM and endpoints, members' DNS names."""
        if self.place.engine != "nsm":
            return None
        named = self.workload_names(core, slices, gnbs)
        cidrs = transit_cidrs(self.nsm_listed(), self.taken_cidrs())
        services = tuple(
            self.nsm_service(interface, named, cidrs[interface]) for interface in self.nsm_listed()
        )
        return NsmPlan(self.nsm_mtu(), services, names.nsm_namespace(self.net), GTPU_OVERHEAD)

    def nsm_service(self, interface: str, named: dict[tuple[str, str, int], str], cidr: str) -> NsmService:
        place = self.place
        ends = place.ends(interface)
        anchor, zone = place.anchor(interface), place.service_name(interface)
        sites = place.nsm_sites(interface)
        ipam = self.service(
            names.nsm_ipam(self.net, interface), names.nsm_namespace(self.net), VL3_IPAM_PORT, "TCP", anchor
        )
        members = {
            (named[(e.kind, e.name, e.index)], e.site): workload_label(self.net, e.kind, e.name, e.index)
            for e in ends
        }
        return NsmService(
            interface,
            zone,
            sites,
            tuple(sorted({named[(e.kind, e.name, e.index)] for e in ends})),
            anchor=anchor,
            anchor_domain=place.anchor_domain(interface),
            transit_cidr=cidr,
            client_prefix_len=VL3_CLIENT_PREFIX_LEN,
            zone=zone,
            ipam=ipam,
            ipam_service_type="LoadBalancer" if len(sites) > 1 else "ClusterIP",
            endpoints=tuple(self.nsm_endpoint(interface, site, ipam) for site in sites),
            members=tuple(
                NsmMember(workload, site, names.vl3_dns(label, zone))
                for (workload, site), label in sorted(members.items())
            ),
        )

    def nsm_endpoint(self, interface: str, site: str, ipam: ServiceRef) -> NsmEndpoint:
        """The vL3 endpoint of a site: local names at the anchor, interdomain names elsewhere."""
        place = self.place
        local = site == place.anchor(interface)
        domain = place.anchor_domain(interface)
        ipam_host = ipam.dns if local else names.interdomain_service_dns(ipam.name, ipam.namespace, domain)
        return NsmEndpoint(
            site,
            names.nsm_endpoint(self.net, interface),
            names.nsm_namespace(self.net),
            place.service_ref(interface, site),
            "$(POD_NAME)" if local else names.interdomain("$(POD_NAME)", domain),
            f"tcp://{ipam_host}:{ipam.port}",
        )

    def taken_cidrs(self) -> list[str]:
        """Address space in use: every DNN pool and every cluster's pod and Service CIDR."""
        taken = [d.subnet for s in self.spec.slices for d in s.dnns]
        return taken + [c for site in self.spec.sites for c in (site.pod_cidr, site.service_cidr) if c]


def transit_cidrs(interfaces: list[str], taken: list[str]) -> dict[str, str]:
    """A /16 per interface from TRANSIT_SPACES, disjoint from `taken` and from each other, in order."""
    used = [ip_network_of(c) for c in taken]
    result: dict[str, str] = {}
    candidates = (
        block
        for space in TRANSIT_SPACES
        for block in ipaddress.ip_network(space).subnets(new_prefix=TRANSIT_PREFIX_LEN)
    )
    for interface in interfaces:
        block = next((b for b in candidates if not any(b.overlaps(u) for u in used)), None)
        if block is None:
            raise CompilerBug("no free /16 for an NSM transit network in " + ", ".join(TRANSIT_SPACES))
        result[interface] = str(block)
    return result


def _first_host(subnet: str) -> str:
    """The first host of a pool (the UPF's gateway when the intent gives none), as ipaddress's
    `hosts()` yields it.

    An IPv4 pool of up to /30 written as the model keeps it (`str` of the network: dotted decimal
    network address, host bits zero) starts at its network address + 1, whose last octet is one more
    than the text's (it is a multiple of 4: no carry): read off the text (1,000 pools at 1,000
    slices, a quarter of the time of parsing and stepping through `hosts()`). Others: `hosts()`.
    """
    address, _, prefix = subnet.partition("/")
    head, dot, last = address.rpartition(".")
    if dot and prefix.isdigit() and int(prefix) <= _LAST_PREFIX_WITH_HOSTS and last.isdigit():
        return f"{head}.{int(last) + 1}"
    return str(next(ip_network_of(subnet).hosts()))


# The longest IPv4 prefix whose hosts exclude the network address (/31 and /32 have no network address).
_LAST_PREFIX_WITH_HOSTS = 30


def _upf_pool(dnn: Dnn, device: str) -> DnnPool:
    """A planned DNN's pool as a UPF serves it on its tun `device`: every UPF of a slice routes the
    whole pool.

    Open5GS's SMF allocates a UE address from the first pool matching the DNN, whichever UPF it
    selects, and each UPF NATs its N6 traffic: so each UPF must route the whole pool (return
    traffic comes back to the UPF that translated it). The product names the device per DNN.
    """
    network = ip_network_of(dnn.subnet)
    # str(network) is dnn.subnet itself: the model keeps every subnet as ipaddress writes it
    return DnnPool(dnn.name, dnn.subnet, dnn.gateway, network.prefixlen, device, dnn.dns, dnn.mtu)


def _cell(cell, commons: dict[int, tuple[CarrierPlan, ServingCellCommon]]) -> Cell:
    """The planned cell: its carrier (checks proved it plannable) and the common configuration the
    carrier implies (CORESET#0, initial BWP, SSB burst, TDD pattern), computed here once.

    `commons`: the configurations made so far, by the carrier object they were made from (kept
    with it, so its id is not reused): `cell_carrier` answers the same object for equal cell fields
    and a configuration is a function of its carrier, so 125 cells of one carrier are one
    `plan_serving_cell` (1,000 slices: 1.4 ms less).
    """
    from n5gc.model.cells import cell_carrier
    from n5gc.radio import plan_serving_cell

    carrier, _snapped = cell_carrier(cell)
    made = commons.get(id(carrier))
    if made is None or made[0] is not carrier:
        made = commons[id(carrier)] = (carrier, plan_serving_cell(carrier))
    return Cell(
        int(cell.nci),
        f"0x{int(cell.nci):09x}",
        cell.pci,
        carrier.band_name,
        cell.bandwidth_mhz,
        cell.scs_khz,
        carrier,
        made[1],
    )


# The MTU a smoke test probes when the intent gives none: what fits a GTP-U packet (40 bytes of
# IP/UDP/GTP-U headers, with room for an extension header) on a 1500-byte pod network.
DEFAULT_UE_MTU = 1400


def slice_ue_mtu(slice_plan: SlicePlan) -> int:
    """The MTU the slice's UEs get: the one the SMF announces (`SlicePlan.announced_mtu`), else
    DEFAULT_UE_MTU."""
    announced = slice_plan.announced_mtu
    return DEFAULT_UE_MTU if announced is None else announced


def build_plan(network: Network, repo_path: str | None = None) -> Plan:
    """The deployment plan of a network that passed every check (no error diagnostics).

    `repo_path`: the output folder's path inside its Git repository (see `n5gc.plan.location`),
    the default of gitops.repo.path; without it the output folder is taken as the repository root.
    """
    return with_gitops_layout(_Planner(network, repo_path).build())
