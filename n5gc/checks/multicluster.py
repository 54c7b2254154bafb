"""Multicluster: traffic that crosses sites must be carried by the chosen engine (Liqo or NSM)."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning
from n5gc.model.topology import IntentLink, intent_links

NAMES = {"n2": "N2 (NGAP, SCTP)", "n3": "N3 (GTP-U, UDP)", "n4": "N4 (PFCP, UDP)", "n6": "N6",
         "sbi": "SBI (HTTP/2)", "f1": "F1 (F1AP over SCTP + GTP-U)"}
ENDS = {"core": "the control plane", "amf": "the AMF", "smf": "SMF", "upf": "UPF", "gnb": "gNB", "cu": "CU",
        "du": "DU"}


def _describe(link: IntentLink) -> str:
    def end(w) -> str:
        own = f' "{w.name}"' if w.kind in ("gnb", "cu", "du") else (f' of slice "{w.name}"' if w.kind in ("smf", "upf")
                                                                     else "")
        number = f" #{w.index}" if w.kind == "upf" else ""
        return f"{ENDS.get(w.kind, w.kind)}{own}{number} (site {w.site})"

    return f"{NAMES[link.interface]} between {end(link.client)} and {end(link.server)}"


def _crossing(ctx: CheckContext) -> list[IntentLink]:
    if ctx.core_site is None:
        return []  # N5G207 already asks for core.site; placements cannot be resolved without it
    known = set(ctx.site_names)  # an unknown site is N5G201's to report, not a crossing
    return [link for link in intent_links(ctx.network)
            if link.crosses_sites and link.client.site in known and link.server.site in known]


def crossing_needs_an_engine(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G601: with `multicluster.engine: none`, nothing carries traffic between clusters."""
    if ctx.network.spec.multicluster.engine != "none":
        return
    reported: set[tuple[str, tuple]] = set()
    for link in _crossing(ctx):
        key = (link.interface, link.path)
        if key in reported:
            continue
        reported.add(key)
        yield error("N5G601", f"{_describe(link)} crosses sites, but multicluster.engine is none",
                    ctx.at(*link.path),
                    "set `multicluster: {engine: liqo}` (Liqo peers the clusters and offloads from the home "
                    f"cluster) or `{{engine: nsm, nsm: {{interfaces: [{link.interface}, ...]}}}}` (NSM gives "
                    "the pods an extra interface across clusters), or place both ends on one site")


def crossing_interfaces_on_nsm(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G602: with NSM, every interface that crosses sites must be listed in `nsm.interfaces`."""
    multicluster = ctx.network.spec.multicluster
    if multicluster.engine != "nsm":
        return
    declared = set(multicluster.nsm.interfaces if multicluster.nsm else [])
    missing: dict[str, IntentLink] = {}
    for link in _crossing(ctx):
        if link.interface not in declared and link.interface not in missing:
            missing[link.interface] = link
    for interface, link in missing.items():
        where = ("spec", "multicluster", "nsm", "interfaces") if multicluster.nsm else ("spec", "multicluster")
        yield error("N5G602", f"{_describe(link)} crosses sites, but nsm.interfaces does not list {interface}",
                    ctx.at(*where), f"add {interface} to multicluster.nsm.interfaces")


def engine_options_match(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G603: options of an engine that is not selected are ignored."""
    multicluster = ctx.network.spec.multicluster
    for engine in ("liqo", "nsm"):
        if getattr(multicluster, engine) is not None and multicluster.engine != engine:
            yield warning("N5G603", f"multicluster.{engine} is ignored with engine {multicluster.engine}",
                          ctx.at("spec", "multicluster", engine, key=True),
                          f"set `engine: {engine}` or remove the {engine} options")


RULES = [crossing_needs_an_engine, crossing_interfaces_on_nsm, engine_options_match]
