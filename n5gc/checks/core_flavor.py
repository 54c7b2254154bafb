"""Core flavor: what the chosen 5G core cannot carry (N5G250-N5G255, `core.flavor: oai`).

The OAI 5G Core charts (n5gc.products.oai_cn) name every object after the chart, fix the Service
type, take no Liqo affinity or NSM device, and OAI's database keeps one slice per subscriber. Each
limit is refused at the intent field that asks for it. (The GitOps refusal of this core is
retired: Argo CD and Flux read its charts from their Git repository.)
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.model.fields import given_fields


def _oai(ctx: CheckContext) -> ModuleType | None:
    """n5gc.products.oai_cn when the intent's core is OAI's, else None: an Open5GS network never
    imports the OAI core's facts (1-2 ms of every compile)."""
    if ctx.network.spec.core.flavor != "oai":
        return None
    from n5gc.products import oai_cn

    return oai_cn


def oai_one_upf(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G250: one UPF per slice: the oai-upf chart names its Service `oai-upf` in the slice's namespace."""
    oai_cn = _oai(ctx)
    if oai_cn is None:
        return
    for i, slice_intent in enumerate(ctx.network.spec.slices):
        if slice_intent.user_plane.instances > oai_cn.MAX_UPFS_PER_SLICE:
            yield error(
                "N5G250",
                f'slice "{slice_intent.name}": {slice_intent.user_plane.instances} UPF instances, but the '
                f"OAI core runs {oai_cn.MAX_UPFS_PER_SLICE} per slice (every oai-upf release renders the "
                "Service oai-upf in the slice's namespace: a second one collides)",
                ctx.at("spec", "slices", i, "userPlane", "instances"),
                "drop userPlane.instances (one UPF per slice), or use core.flavor: open5gs for several UPFs",
            )


def oai_single_cluster(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G251: no multicluster engine: the OAI charts take a nodeSelector only (no Liqo affinity, no NSM)."""
    engine = ctx.network.spec.multicluster.engine
    oai_cn = _oai(ctx)
    if oai_cn is not None and engine not in oai_cn.MULTICLUSTER_ENGINES:
        yield error(
            "N5G251",
            f"multicluster engine {engine} is not wired for the OAI core: its charts take no pod affinity "
            "(Liqo) and bind every interface to eth0 (no NSM devices)",
            ctx.at("spec", "multicluster", "engine"),
            "run the OAI core on one cluster (multicluster.engine: none), or use core.flavor: open5gs",
        )


def oai_pinned_charts(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G252: core.chart is Open5GS' (Gradiant repository and versions); the OAI charts are pinned."""
    core = ctx.network.spec.core
    oai_cn = _oai(ctx)
    if oai_cn is not None and "chart" in given_fields(core):
        yield error(
            "N5G252",
            "core.chart names the Gradiant Open5GS charts; the OAI core uses the oai-5g-core charts "
            f"of {oai_cn.CHART_GIT_REPO} at {oai_cn.CHART_TAG}, pinned by n5gc",
            ctx.at("spec", "core", "chart", key=True),
            "remove core.chart",
        )


def oai_n2_cluster_ip(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G254: the oai-amf chart's Service type is fixed to ClusterIP."""
    service = ctx.network.spec.core.n2.service
    oai_cn = _oai(ctx)
    if oai_cn is not None and service not in oai_cn.N2_SERVICE_TYPES:
        yield error(
            "N5G254",
            f"core.n2.service {service}: the oai-amf chart renders its Service (NGAP on SCTP "
            f"{oai_cn.NGAP_PORT}) as a ClusterIP only",
            ctx.at("spec", "core", "n2", "service"),
            "use n2: {service: ClusterIP} and run the gNBs in the cluster",
        )


def oai_one_slice_per_subscriber(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G255: OAI's SessionManagementSubscriptionData holds one S-NSSAI per (subscriber, PLMN)."""
    oai_cn = _oai(ctx)
    if oai_cn is None:
        return
    for i, group in enumerate(ctx.network.spec.subscribers):
        if len({s.slice for s in group.slices}) > oai_cn.MAX_SLICES_PER_SUBSCRIBER:
            second = next(j for j, s in enumerate(group.slices) if s.slice != group.slices[0].slice)
            yield error(
                "N5G255",
                f'subscriber group "{group.name}" subscribes to {len(group.slices)} slices, but the OAI core '
                "stores one slice per subscriber (SessionManagementSubscriptionData's key is the "
                "IMSI and PLMN)",
                ctx.at("spec", "subscribers", i, "slices", second, "slice"),
                "subscribe each group to one slice (split the group, each with its own IMSI range)",
            )


RULES = [
    oai_one_upf,
    oai_single_cluster,
    oai_pinned_charts,
    oai_n2_cluster_ip,
    oai_one_slice_per_subscriber,
]
