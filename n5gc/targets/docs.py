"""docs target: the generated out/README.md — what is in the tree, a topology diagram, how to apply it.

The topology diagram is built here as a view model (`topology`), then written as Mermaid
(`mermaid`): one box per site, inside it one box for the RAN and one per slice (its SMF and the
UPFs of that site). Edges are written in the direction the picture reads, left to right: UEs ->
gNB (DU -> CU) -> control plane -> SMF -> UPF -> data network, so that Mermaid's layered layout
puts every workload in its own column and no line has to pass through another box to reach its
node. (SBI is written control plane -> SMF for that reason: the diagram draws no arrowheads.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from n5gc.blueprint import environment
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import GnbPlan, Link, Plan
from n5gc.targets.base import Artifact

CORE_LABELS = {
    "open5gs": "5GC control plane<br/>AMF NRF SCP NSSF AUSF UDM UDR PCF BSF MongoDB",
    "oai": "5GC control plane (OAI)<br/>AMF NRF AUSF UDM UDR MySQL",
}
# Interfaces drawn server -> client so that the layered layout reads left to right (see above).
DRAWN_BACKWARDS = {"sbi"}


@dataclass(frozen=True)
class Node:
    """One box of the diagram: a workload, a UE group or a data network."""

    id: str
    label: str
    shape: str = "box"  # box | stadium (UE group) | database (data network)

    def mermaid(self) -> str:
        opening, closing = {"box": ("[", "]"), "stadium": ("([", "])"), "database": ("[(", ")]")}[self.shape]
        return f'{self.id}{opening}"{self.label}"{closing}'


@dataclass
class Group:
    """A subgraph: a site, or inside a site the RAN or one slice."""

    id: str
    title: str
    nodes: list[Node] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def lines(self, indent: str = "  ") -> list[str]:
        inner = indent + "  "
        body = [inner + n.mermaid() for n in self.nodes]
        body += [line for g in self.groups if g.nodes or g.groups for line in g.lines(inner)]
        return [f'{indent}subgraph {self.id}["{self.title}"]', *body, f"{indent}end"]


@dataclass(frozen=True)
class Edge:
    """A line between two nodes: thick (===) when it crosses sites."""

    left: str
    right: str
    label: str
    thick: bool = False

    def mermaid(self) -> str:
        return f'  {self.left} {"===" if self.thick else "---"}|"{self.label}"| {self.right}'


@dataclass
class Topology:
    sites: list[Group]
    outside: list[Node]  # the data networks, outside every cluster
    edges: list[Edge]


def mermaid_id(prefix: str, name: str) -> str:
    """A Mermaid id from a name (DNS labels: letters, digits and dashes; Mermaid ids take no dash)."""
    return prefix + name.replace("-", "_").replace(" ", "_")


def node_id(workload: str) -> str:
    return mermaid_id("w_", workload)


def ue_id(group: str) -> str:
    return mermaid_id("ues_", group)


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
        Node(ue_id(u.name), f"{u.count} UEs {u.name}", "stadium")
        for u in plan.subscribers
        if u.simulate_gnb and u.site == site
    ]
    ran.nodes += [n for g in plan.gnbs for n in _gnb_nodes(g, site)]
    group.groups.append(ran)
    if plan.core.site == site:
        group.nodes.append(Node(node_id(plan.core.release.name), CORE_LABELS[plan.core.flavor]))
    for s in plan.slices:
        box = Group(mermaid_id(f"site_{index}_slice_", s.name), f"slice {s.name} (S-NSSAI {s.snssai.label})")
        if s.smf.release.site == site:
            box.nodes.append(Node(node_id(s.smf.release.name), f"SMF {s.name}"))
        box.nodes += [
            Node(
                node_id(u.release.name),
                f"UPF {s.name} #{u.index}<br/>" + "<br/>".join(f"{p.dnn} {p.subnet}" for p in u.pools),
            )
            for u in s.upfs
            if u.release.site == site
        ]
        group.groups.append(box)
    return group


def _edge(link: Link, plan: Plan, nsm_interfaces: set[str]) -> Edge:
    """The line of one link, labelled with its interface and what carries it across sites."""
    label = link.interface.upper()
    if link.interface in nsm_interfaces:
        label += " · NSM vL3"
    elif link.crosses_sites and plan.multicluster_engine == "liqo":
        label += " · Liqo"
    left, right = link.client, link.server
    if link.interface == "n6":  # the server is the slice's data network, not a workload
        right_id = data_network_id(_slice_of_upf(plan, left))
        return Edge(node_id(left), right_id, label, link.crosses_sites)
    if link.interface in DRAWN_BACKWARDS:
        left, right = right, left
    return Edge(node_id(left), node_id(right), label, link.crosses_sites)


def _slice_of_upf(plan: Plan, release: str) -> str:
    return next(s.name for s in plan.slices for u in s.upfs if u.release.name == release)


def topology(plan: Plan) -> Topology:
    """The diagram's boxes and lines for a plan."""
    nsm_interfaces = {s.interface for s in plan.nsm.services} if plan.nsm else set()
    sites = [_site_group(plan, i, s.name) for i, s in enumerate(plan.sites, start=1)]
    outside = [
        Node(
            data_network_id(s.name),
            f"data network {s.name}<br/>{', '.join(d.name for d in s.dnns)}",
            "database",
        )
        for s in plan.slices
    ]
    edges = [_edge(link, plan, nsm_interfaces) for link in plan.links]
    gnbs = {g.name: g for g in plan.gnbs}
    for u in plan.subscribers:
        if u.simulate_gnb:
            gnb = gnbs[u.simulate_gnb]
            radio = gnb.du_object_name if gnb.split == "f1" else gnb.object_name
            edges.append(Edge(ue_id(u.name), node_id(radio), "radio"))
    return Topology(sites, outside, edges)


def mermaid(topo: Topology) -> str:
    """The Mermaid flowchart of a topology (without the fence)."""
    lines = ["flowchart LR"]
    lines += [line for site in topo.sites for line in site.lines()]
    lines += ["  " + n.mermaid() for n in topo.outside]
    lines += [e.mermaid() for e in topo.edges]
    return "\n".join(lines)


def _template() -> Any:
    # Markdown is not YAML: the plain (untyped) environment of blueprints/docs/.
    return environment("docs", typed=False).get_template("README.md.j2")


class DocsTarget:
    name = "docs"

    def applies(self, plan: Plan) -> bool:
        return True

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        text = _template().render(plan=plan, diagram=mermaid(topology(plan)))
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return [Artifact("README.md", text=text, schema="none")]


TARGET = DocsTarget()
