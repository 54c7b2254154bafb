"""Which workloads talk to which, over which 3GPP interface, on which sites.

One rule shared by the reachability checks (which point at the intent) and the planner (which
names the workloads): placements default as INTENT.md says (core.site, or the only site; a
slice's user plane and a gNB default to the core's site; with an F1 split the CU carries N2/N3).
"""

from __future__ import annotations

from n5gc.model.network import Gnb, Network, Slice
from n5gc.records import record

# Control-plane NFs that take part in each interface, per end (used for NSM annotations).
INTERFACES = ("n2", "n3", "n4", "n6", "sbi", "f1")


@record
class Workload:
    """A placed workload: kind ("core", "smf", "upf", "gnb", "cu", "du", "dn"), its intent name, its site."""

    kind: str
    name: str
    site: str
    index: int = 0  # UPF instance number (1-based) for kind "upf"


@record
class IntentLink:
    interface: str
    client: Workload
    server: Workload
    path: tuple[str | int, ...]  # the intent field that placed the far end (for diagnostics)

    @property
    def crosses_sites(self) -> bool:
        return self.client.site != self.server.site


def core_site(network: Network) -> str | None:
    """core.site, or the only site when there is one (INTENT.md's default); None when the intent
    leaves it open (several sites, no core.site: check N5G207 asks for it)."""
    spec = network.spec
    if spec.core.site is not None:
        return spec.core.site
    return spec.sites[0].name if len(spec.sites) == 1 else None


def placed_core_site(network: Network) -> str:
    """The control plane's site as placed: `core_site`, else the first site (what the planner and
    the reachability checks use, so that an open core.site is reported once, by N5G207)."""
    return core_site(network) or network.spec.sites[0].name


def user_plane_site(network: Network, slice_intent: Slice) -> str:
    """Where a slice's UPFs run: userPlane.site, else the core's site."""
    return slice_intent.user_plane.site or placed_core_site(network)


def f1_split(gnb: Gnb) -> bool:
    """Whether a gNB runs as a CU and a DU apart (split f1 with both placed; N5G313 refuses the rest)."""
    return gnb.split == "f1" and gnb.cu is not None and gnb.du is not None


def ran_site(network: Network, gnb: Gnb) -> str:
    """Where a gNB's N2/N3 end runs: the CU's site with an F1 split, else the gNB's, else the core's."""
    site = gnb.cu.site if f1_split(gnb) and gnb.cu is not None else gnb.site
    return site or placed_core_site(network)


def intent_links(network: Network) -> list[IntentLink]:
    """Every interface between workloads of the network, in intent order."""
    spec = network.spec
    home = placed_core_site(network)
    core = Workload("core", "core", home)
    links: list[IntentLink] = []
    # The UPFs of each slice name, made once and shared by its N4/N6 and every gNB's N3 links (equal
    # values, frozen); a repeated name (N5G206) means its first slice, as a search would find.
    upfs_of: dict[str, tuple[Workload, ...]] = {}
    for i, s in enumerate(spec.slices):
        smf = Workload("smf", s.name, home)
        up_site = user_plane_site(network, s)
        up_path = (
            ("spec", "slices", i, "userPlane", "site") if s.user_plane.site else ("spec", "slices", i, "name")
        )
        links.append(IntentLink("sbi", smf, core, ("spec", "slices", i, "name")))
        upfs = tuple(Workload("upf", s.name, up_site, n) for n in range(1, s.user_plane.instances + 1))
        upfs_of.setdefault(s.name, upfs)
        for upf in upfs:
            links.append(IntentLink("n4", smf, upf, up_path))
            links.append(IntentLink("n6", upf, Workload("dn", s.name, up_site), up_path))
    amf = Workload("amf", "core", home)
    for i, g in enumerate(spec.ran):
        split = f1_split(g)
        ran = Workload("cu" if split else "gnb", g.name, ran_site(network, g))
        site_path = ("spec", "ran", i, "cu", "site") if split else ("spec", "ran", i, "site")
        links.append(IntentLink("n2", ran, amf, site_path))
        for name in g.slices:
            links.extend(IntentLink("n3", ran, upf, site_path) for upf in upfs_of.get(name, ()))
        if split and g.du is not None:
            links.append(
                IntentLink("f1", Workload("du", g.name, g.du.site), ran, ("spec", "ran", i, "du", "site"))
            )
    return links
