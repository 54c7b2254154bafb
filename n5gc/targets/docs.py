"""docs target: the generated out/README.md — what is in the tree, a topology diagram, how to apply it.

The topology diagram is built here as a view model (`topology`), then written as Mermaid
(`mermaid`): one box per site, inside it one box for the RAN and one per slice (its SMF and the
UPFs of that site). Edges are written in the direction the picture reads, left to right: UEs ->
gNB (DU -> CU) -> control plane -> SMF -> UPF -> data network, so that Mermaid's layered layout
puts every workload in its own column and no line has to pass through another box to reach its
node. (SBI is written control plane -> SMF for that reason: the diagram draws no arrowheads.)

The README's text is a view model too (`readme`, a `Readme`): every value it prints (joined lists,
aligned Layout lines, what carries each link between sites, per-site apply steps, the Liqo and NSM
sections) is prepared here from the plan; blueprints/docs/README.md.j2 only prints them.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from typing import Any, NamedTuple

from n5gc.blueprint import template_of
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import GitopsPlan, GnbPlan, HelmRelease, Link, Plan, SlicePlan
from n5gc.products.packaging import ChartSource, core_packaging
from n5gc.records import record
from n5gc.targets.base import Artifact

# Interfaces drawn server -> client so that the layered layout reads left to right (see above).
DRAWN_BACKWARDS = {"sbi"}


# Node is a named tuple, immutable like a frozen dataclass but built several times faster: a diagram
# of 1,000 slices has about 4,000 boxes. Its 5,000 lines are kept as the Mermaid text of each.
class Node(NamedTuple):
    """One box of the diagram: a workload, a UE group or a data network."""

    id: str
    label: str
    shape: str = "box"  # box | stadium (UE group) | database (data network)


NODE_SHAPES = {"box": ("[", "]"), "stadium": ("([", "])"), "database": ("[(", ")]")}  # Mermaid's brackets


def _node_text(box: str, label: str, shape: str) -> str:
    """A node (its fields) as Mermaid writes it."""
    opening, closing = NODE_SHAPES[shape]
    return f'{box}{opening}"{label}"{closing}'


@record(frozen=False)
class Group:
    """A subgraph: a site, or inside a site the RAN or one slice."""

    id: str
    title: str
    nodes: list[Node] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    # After the groups: inner boxes already written as Mermaid lines, indented from this group's
    # inside (a site's 1,000 slice boxes, made as text rather than as Groups and Nodes).
    box_lines: list[str] = field(default_factory=list)

    def lines(self, indent: str = "  ") -> list[str]:
        inner = indent + "  "
        body = [inner + _node_text(*n) for n in self.nodes]
        body += [line for g in self.groups if g.nodes or g.groups or g.box_lines for line in g.lines(inner)]
        body += [inner + line for line in self.box_lines]
        return [f'{indent}subgraph {self.id}["{self.title}"]', *body, f"{indent}end"]


@record(frozen=False)
class Topology:
    """The diagram: one group per site, the data networks outside them, the lines between."""

    sites: list[Group]
    outside: list[Node]  # the data networks, outside every cluster
    edges: list[str]  # the Mermaid line of each: `  left ---|"label"| right`, === when it crosses sites


def mermaid_id(prefix: str, name: str) -> str:
    """A Mermaid id from a name (DNS labels: letters, digits and dashes; Mermaid ids take no dash)."""
    return prefix + name.replace("-", "_").replace(" ", "_")


# Pure functions of a name, asked again by every line that ends at the node: memoised, bounded.
@lru_cache(maxsize=1 << 14)
def node_id(workload: str) -> str:
    return mermaid_id("w_", workload)


@lru_cache(maxsize=1 << 14)
def ue_id(group: str) -> str:
    return mermaid_id("ues_", group)


@lru_cache(maxsize=1 << 14)
def data_network_id(slice_name: str) -> str:
    return mermaid_id("dn_", slice_name)


def _gnb_nodes(gnb: GnbPlan, site: str) -> list[Node]:
    if gnb.split == "f1":
        parts = []
        if gnb.site == site:
            parts.append(Node(node_id(gnb.cu_object_name), f"CU {gnb.name} ({gnb.type})<br/>TAC {gnb.tac}"))
        if gnb.du_site == site:
            parts.append(Node(node_id(gnb.du_object_name), f"DU {gnb.name} ({gnb.type})"))
        return parts
    if gnb.site != site:
        return []
    return [Node(node_id(gnb.object_name), f"gNB {gnb.name} ({gnb.type})<br/>TAC {gnb.tac}")]


def _site_group(plan: Plan, index: int, site: str) -> Group:
    """One site's box: the RAN, the control plane, then one box per slice with workloads here."""
    group = Group(f"site_{index}", f"site {site} (cluster {plan.site(site).cluster_name})")
    ran = Group(f"site_{index}_ran", "RAN")
    ran.nodes += [
        _new_tuple(Node, (ue_id(u.name), f"{u.count} UEs {u.name}", "stadium"))
        for u in plan.subscribers
        if u.simulate_gnb and u.site == site
    ]
    ran.nodes += [n for g in plan.gnbs for n in _gnb_nodes(g, site)]
    group.groups.append(ran)
    if plan.core.site == site:
        product = core_packaging(plan.core.flavor)
        label = f"{product.control_plane_title}<br/>{product.control_plane_summary}"
        group.nodes.append(Node(node_id(plan.core.release.name), label))
    prefix = f"site_{index}_slice_"
    group.box_lines = [line for s in plan.slices for line in _slice_box_lines(s, prefix, site)]
    return group


def _slice_box_lines(slice_plan: SlicePlan, prefix: str, site: str) -> list[str]:
    """A slice's box on one site as Mermaid lines (indented from the site's inside): its SMF and its
    UPFs there, as `Group.lines` writes a Group of those boxes; none when it has no workload there."""
    nodes: list[str] = []
    smf = slice_plan.smf.release
    if smf.site == site:
        nodes.append(f'  {node_id(smf.name)}["SMF {slice_plan.name}"]')
    for u in slice_plan.upfs:
        if u.release.site == site:
            pools = "<br/>".join([f"{p.dnn} {p.subnet}" for p in u.pools])
            nodes.append(f'  {node_id(u.release.name)}["UPF {slice_plan.name} #{u.index}<br/>{pools}"]')
    if not nodes:
        return nodes
    title = f"slice {slice_plan.name} (S-NSSAI {slice_plan.snssai.label})"
    return [f'subgraph {mermaid_id(prefix, slice_plan.name)}["{title}"]', *nodes, "end"]


def _edges(plan: Plan, nsm_interfaces: set[str], slice_of_upf: dict[str, str]) -> list[str]:
    """The Mermaid line of each link, labelled with its interface and what carries it across sites:
    thick (===) when it crosses sites. The middle of a line is the same for every link of one
    interface that crosses sites or not: made once per pair."""
    middles: dict[tuple[str, bool], str] = {}
    lines: list[str] = []
    append = lines.append
    for link in plan.links:
        interface, crosses = link.interface, link.client_site != link.server_site  # Link.crosses_sites
        middle = middles.get((interface, crosses))
        if middle is None:
            label = _edge_label(plan, interface, crosses, nsm_interfaces)
            middle = middles[interface, crosses] = _edge_middle(label, crosses)
        left, right = link.client, link.server
        if interface == "n6":  # the server is the slice's data network, not a workload
            append(f"  {node_id(left)}{middle}{data_network_id(slice_of_upf[left])}")
        elif interface in DRAWN_BACKWARDS:
            append(f"  {node_id(right)}{middle}{node_id(left)}")
        else:
            append(f"  {node_id(left)}{middle}{node_id(right)}")
    return lines


def _edge_middle(label: str, thick: bool) -> str:
    """What a Mermaid line holds between its two ends."""
    return f' {"===" if thick else "---"}|"{label}"| '


def _edge_label(plan: Plan, interface: str, crosses: bool, nsm_interfaces: set[str]) -> str:
    """A line's label: its interface, and what carries it when it crosses sites."""
    label = interface.upper()
    if interface in nsm_interfaces:
        label += " · NSM vL3"
    elif crosses and plan.multicluster_engine == "liqo":
        label += " · Liqo"
    return label


# Node's own constructor is Python code (a named tuple's __new__, with its defaults): a diagram of
# 1,000 slices has 2,000 boxes, built with every field given, as tuples.
_new_tuple = tuple.__new__


def _slices_of_upfs(plan: Plan) -> dict[str, str]:
    """UPF release name -> its slice's name (the first slice that lists it)."""
    slices: dict[str, str] = {}
    for s in plan.slices:
        for u in s.upfs:
            slices.setdefault(u.release.name, s.name)
    return slices


def topology(plan: Plan) -> Topology:
    """The diagram's boxes and lines for a plan."""
    nsm_interfaces = {s.interface for s in plan.nsm.services} if plan.nsm else set()
    sites = [_site_group(plan, i, s.name) for i, s in enumerate(plan.sites, start=1)]
    outside = [
        _new_tuple(
            Node,
            (
                data_network_id(s.name),
                f"data network {s.name}<br/>{', '.join([d.name for d in s.dnns])}",
                "database",
            ),
        )
        for s in plan.slices
    ]
    slice_of_upf = _slices_of_upfs(plan)
    edges = _edges(plan, nsm_interfaces, slice_of_upf)
    gnbs = {g.name: g for g in plan.gnbs}
    radio_middle = _edge_middle("radio", False)
    for u in plan.subscribers:
        if u.simulate_gnb:
            gnb = gnbs[u.simulate_gnb]
            radio = gnb.du_object_name if gnb.split == "f1" else gnb.object_name
            edges.append(f"  {ue_id(u.name)}{radio_middle}{node_id(radio)}")
    return Topology(sites, outside, edges)


def mermaid(topo: Topology) -> str:
    """The Mermaid flowchart of a topology (without the fence)."""
    lines = ["flowchart LR"]
    lines += [line for site in topo.sites for line in site.lines()]
    lines += ["  " + _node_text(*n) for n in topo.outside]
    lines += topo.edges
    return "\n".join(lines)


# --- README view model: every value the README prints, prepared here; the template only prints. ---


@record
class LinkRow:
    """A link between sites: its ends, what carries it, and (Liqo, N2/N3/F1) its packet path."""

    interface: str  # upper case, as printed
    client: str
    client_site: str
    server: str
    server_site: str
    carried_by: str
    path: str = ""


@record
class SiteSteps:
    """How to apply one site folder by hand: its cluster, then its releases in wave order."""

    name: str
    cluster: str  # "`<name>`" or "`<name>` (<server>)"
    # Its `helm upgrade --install` commands (two lines each), joined here rather than looped over in
    # the template: 2,001 releases at 1,000 slices, the same text. "" when the site has none.
    helm: str


@record
class OffloadRow:
    """One row of the README's Liqo table: a namespace and where its pods go."""

    namespace: str
    clusters_word: str  # "cluster id" or "cluster ids"
    clusters: str
    site: str


@record
class LiqoView:
    """The README's Liqo section: the home cluster, the peering, the offloaded namespaces."""

    home: str
    home_cluster: str
    peering: str
    control_traffic: str  # where Liqo's own control traffic flows: "outside" or "inside" the tunnel
    pod_strategy: str
    mapping_strategy: str
    offloaded: tuple[OffloadRow, ...]
    wave_note: bool  # the engine gives NamespaceOffloadings their own sync wave (Argo CD)
    paths: tuple[LinkRow, ...]  # N2, N3 and F1 links crossing sites, with their packet paths


@record
class NsmRow:
    """One row of the README's NSM table: an interface's vL3 network and its members."""

    interface: str
    name: str
    anchor: str
    anchor_domain: str
    sites: str
    transit_cidr: str
    members: str


@record
class NsmView:
    """The README's NSM section: the vL3 networks, the MTU left to UEs and who announces it."""

    rows: tuple[NsmRow, ...]
    client_prefix_len: int
    sbi_service: str  # the NetworkService of SBI, "" when SBI is not on NSM
    n6_service: str
    mtu: int
    gtpu_overhead: int
    ue_mtu: int  # the largest UE MTU when N3 runs over NSM
    limited_smfs: str  # the SMF releases that announce that MTU, "" when none


@record
class Readme:
    """Everything README.md.j2 prints."""

    network: str
    plmn: str
    tacs: str
    slices: str
    core_release: str
    core_namespace: str
    core_site: str
    amf_port: int
    amf_dns: str
    amf_namespace: str
    n2_service: str
    n2_node_port: int | None
    sites: str
    engine: str  # multicluster engine
    nsm_engine: bool
    diagram: str
    crossing: tuple[LinkRow, ...]
    layout: str  # the lines of the "Layout" block after the fixed ones, joined (2,000 at 1,000 slices)
    apply_extras: str  # what site folders hold besides namespaces, provisioning and RAN
    site_steps: tuple[SiteSteps, ...]
    restart_namespace: str
    database: str  # what the subscriber provisioning Job waits for
    chart_checkout: tuple[str, ...]  # commands that fetch charts published in no Helm repository
    gitops: GitopsPlan | None
    argocd: bool
    encrypted: bool  # spec.encryption.sops.age: the key Secrets are SOPS-encrypted files
    flux: bool
    liqo: LiqoView | None
    nsm: NsmView | None


def cluster_text(plan: Plan, site: str) -> str:
    """How the README names a site's cluster: "`name`", with its server when the intent gives one."""
    found = plan.site(site)
    return f"`{found.cluster_name}`" + (f" ({found.cluster_server})" if found.cluster_server else "")


def nsm_service_names(plan: Plan) -> dict[str, str]:
    """Interface -> the NetworkService that carries it (the plan's name, never rebuilt here)."""
    return {s.interface: s.name for s in plan.nsm.services} if plan.nsm else {}


def carried_by(plan: Plan, link: Link) -> str:
    """What carries a link between sites, as the table of crossing links says it."""
    if plan.multicluster_engine == "liqo":
        if link.interface == "n3":
            how = "to the UPF pod's own address (no Service, no NAT)"
        elif link.interface == "f1" and link.service:
            how = f"F1-C via Service `{link.service.name}`, F1-U to the pod addresses F1AP carries (no NAT)"
        elif link.service:
            reflected = " (reflected by Liqo)" if plan.liqo and link.client_site != plan.liqo.home else ""
            how = f"via Service `{link.service.name}`{reflected}"
        else:
            how = ""
        return f"Liqo network fabric, {how}"
    services = nsm_service_names(plan)
    if link.interface in services:
        return f"NSM vL3 network `{services[link.interface]}`"
    return "nothing (N5G601/N5G602 prevent this)"


def liqo_path(link: Link) -> str:
    """The packet path of an N2, N3 or F1 link between two Liqo clusters."""
    fabric = f"Liqo gateway of {link.client_site} → WireGuard tunnel → Liqo gateway of {link.server_site}"
    service = link.service.name if link.service else ""
    if link.interface == "n3":
        return (
            f"the gNB's pod → its node (Geneve) → {fabric} → the UPF's node (Geneve) → "
            "the UPF pod's `eth0`, UDP 2152"
        )
    if link.interface == "n2":
        port = link.service.port if link.service else ""
        return (
            f"the gNB's pod → Service `{service}` in {link.client_site} (kube-proxy DNATs it to the AMF "
            f"pod's address) → its node (Geneve) → {fabric} → the AMF's node (Geneve) → the AMF pod, "
            f"SCTP {port}"
        )
    return (
        f"the DU's pod → Service `{service}` (F1-C) and the CU pod's address (F1-U) → Liqo gateways and "
        "tunnel → the CU pod"
    )


def link_row(plan: Plan, link: Link, path: str = "") -> LinkRow:
    return LinkRow(
        link.interface.upper(),
        link.client,
        link.client_site,
        link.server,
        link.server_site,
        carried_by(plan, link),
        path,
    )


LAYOUT_COLUMN = 47  # where the descriptions of the Layout block's site files start


def described(path: str, description: str) -> str:
    """A line of the Layout block: the path, then its description at LAYOUT_COLUMN."""
    return f"{path}{' ' * (LAYOUT_COLUMN - len(path))}{description}"


def layout(plan: Plan) -> tuple[str, ...]:
    """The lines of the Layout block for the sites and the GitOps folder, aligned as printed."""
    lines = []
    offloaded = plan.liqo.offloaded if plan.liqo else ()
    nsm_sites = {site for s in plan.nsm.services for site in s.sites} if plan.nsm else set()
    anchors = {s.anchor for s in plan.nsm.services} if plan.nsm else set()
    for site in plan.sites:
        folder = f"sites/{site.name}"
        lines.append(
            described(
                f"{folder}/kustomization.yaml", f"kustomize root: every plain manifest of site {site.name}"
            )
        )
        lines += [
            f"{folder}/liqo/{o.namespace}.yaml    NamespaceOffloading of namespace {o.namespace}"
            for o in offloaded
            if o.site == site.name
        ]
        if site.name in nsm_sites:
            vl3 = "NSM vL3 endpoint (and at the anchor the vL3 IPAM) per interface"
            lines.append(described(f"{folder}/nsm/<if>-vl3.yaml", vl3))
        if site.name in anchors:
            anchored = "NSM NetworkService per interface anchored here"
            lines.append(described(f"{folder}/nsm/<if>-networkservice.yaml", anchored))
        lines += [f"{folder}/helm/{r}/    values.yaml + release.yaml" for r in site.releases]
    if plan.gitops:
        engine = plan.gitops.engine
        lines.append(f"gitops/{engine}/{' ' * 25}the {engine} objects that apply this tree")
    return tuple(lines)


def site_steps(plan: Plan) -> tuple[SiteSteps, ...]:
    by_wave = sorted(plan.releases, key=lambda r: r.wave)
    return tuple(
        SiteSteps(
            site.name,
            cluster_text(plan, site.apply_site),
            "\n".join(
                f"helm upgrade --install {r.name} {chart_reference(plan, r)} \\\n"
                f"  --namespace {r.namespace} -f sites/{site.name}/helm/{r.name}/values.yaml"
                for r in by_wave
                if r.site == site.name
            ),
        )
        for site in plan.sites
    )


def liqo_view(plan: Plan) -> LiqoView | None:
    liqo = plan.liqo
    if liqo is None:
        return None
    offloaded = tuple(
        OffloadRow(
            o.namespace, "cluster ids" if len(o.clusters) > 1 else "cluster id", ", ".join(o.clusters), o.site
        )
        for o in liqo.offloaded
    )
    crossing_ran = [k for k in plan.links if k.crosses_sites and k.interface in ("n2", "n3", "f1")]
    return LiqoView(
        home=liqo.home,
        home_cluster=cluster_text(plan, liqo.home),
        peering=liqo.peering,
        control_traffic="outside" if liqo.peering == "OutOfBand" else "inside",
        pod_strategy=liqo.pod_offloading_strategy,
        mapping_strategy=liqo.namespace_mapping_strategy,
        offloaded=offloaded,
        wave_note=plan.gitops is not None and plan.gitops.engine == "argocd",
        paths=tuple(link_row(plan, link, liqo_path(link)) for link in crossing_ran),
    )


def nsm_view(plan: Plan) -> NsmView | None:
    nsm = plan.nsm
    if nsm is None:
        return None
    rows = tuple(
        NsmRow(
            s.interface.upper(),
            s.name,
            s.anchor,
            s.anchor_domain,
            ", ".join(s.sites),
            s.transit_cidr,
            ", ".join(f"`{m.dns}`" for m in s.members),
        )
        for s in nsm.services
    )
    services = nsm_service_names(plan)
    limited = [s for s in plan.slices if s.ue_mtu_limit]
    return NsmView(
        rows=rows,
        client_prefix_len=nsm.services[0].client_prefix_len if nsm.services else 24,
        sbi_service=services.get("sbi", ""),
        n6_service=services.get("n6", ""),
        mtu=nsm.mtu,
        gtpu_overhead=nsm.gtpu_overhead,
        ue_mtu=nsm.mtu - nsm.gtpu_overhead,
        limited_smfs=", ".join(f"`{s.smf.release.name}`" for s in limited),
    )


def chart_reference(plan: Plan, release: HelmRelease) -> str:
    """How `helm upgrade --install` names a release's chart: from its Helm repository, or for a chart
    published in Git only, its folder in the checkout `chart_checkout` makes."""
    source = release.source
    if source.in_git:
        return f"{checkouts(plan)[(source.repo, source.version)]}/{source.path}"
    return f"{source.chart} --repo {source.repo} --version {source.version}"


def checkouts(plan: Plan) -> dict[tuple[str, str], str]:
    """(Git repository, tag) of the charts read from Git -> the folder the README clones it into:
    the repository's name, with the tag when one repository is cloned at several tags."""
    keys = list(dict.fromkeys((r.repo, r.version) for r in plan.releases if r.source.in_git))
    folder = {key: key[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") for key in keys}
    clash = {name for name in folder.values() if list(folder.values()).count(name) > 1}
    return {key: f"{name}-{key[1]}" if name in clash else name for key, name in folder.items()}


def chart_checkout(plan: Plan) -> tuple[str, ...]:
    """Charts published in Git only: a shallow clone per repository and tag, then the local
    dependencies of the charts that have some (`helm dependency build`, no network)."""
    folders = checkouts(plan)
    clones = tuple(
        f"git clone --depth 1 --branch {tag} {repo} {name}" for (repo, tag), name in folders.items()
    )
    built: list[ChartSource] = list(
        dict.fromkeys(r.source for r in plan.releases if r.source.in_git and r.source.local_dependencies)
    )
    return clones + tuple(
        f"helm dependency build {folders[(source.repo, source.version)]}/{source.path}" for source in built
    )


def readme(plan: Plan) -> Readme:
    """The README's view model: every value it prints, prepared from the plan."""
    engine = plan.multicluster_engine
    extras = (", NamespaceOffloadings" if plan.liqo and plan.liqo.offloaded else "") + (
        ", NSM objects" if plan.nsm and plan.nsm.services else ""
    )
    core = plan.core
    return Readme(
        network=plan.network,
        plmn=f"{plan.mcc}-{plan.mnc}",
        tacs=", ".join(str(t) for t in core.tacs),
        slices=", ".join(f"`{s.name}` (S-NSSAI {s.snssai.label})" for s in plan.slices),
        core_release=core.release.name,
        core_namespace=core.namespace,
        core_site=core.site,
        amf_port=core.amf_ngap.port,
        amf_dns=core.amf_ngap.dns,
        amf_namespace=core.amf_ngap.namespace,
        n2_service=core.n2_service,
        n2_node_port=core.n2_node_port,
        sites=", ".join(f"`{s.name}` (cluster `{s.cluster_name}`)" for s in plan.sites),
        engine=engine,
        nsm_engine=engine == "nsm",
        diagram=mermaid(topology(plan)),
        crossing=tuple(link_row(plan, link) for link in plan.links if link.crosses_sites),
        layout="\n".join(layout(plan)),
        apply_extras=extras,
        site_steps=site_steps(plan),
        restart_namespace=plan.gnbs[0].namespace if plan.gnbs else core.namespace,
        database=core_packaging(core.flavor).database_product,
        chart_checkout=chart_checkout(plan),
        gitops=plan.gitops,
        argocd=plan.gitops is not None and plan.gitops.engine == "argocd",
        encrypted=bool(plan.sops_age),
        flux=plan.gitops is not None and plan.gitops.engine == "flux",
        liqo=liqo_view(plan),
        nsm=nsm_view(plan),
    )


def _template() -> Any:
    # Markdown is not YAML: the plain (untyped) environment of blueprints/docs/.
    return template_of("docs", "README.md.j2", typed=False)


class DocsTarget:
    name = "docs"

    def applies(self, plan: Plan) -> bool:
        return True

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        text = _template().render(readme=readme(plan))
        # At most one blank line in a row: in one pass what replacing three line breaks by two until
        # none are left gives (a 1 MB README at 1,000 slices).
        return [Artifact("README.md", text=BLANK_LINES.sub("\n\n", text), schema="none")]


BLANK_LINES = re.compile(r"\n\n\n+")  # not \n{3,}: with a literal start, re looks it up 5 times faster


TARGET = DocsTarget()
