"""The plan of an OAI 5G Core (`core.flavor: oai`): the roles of the plan, packaged as OAI's charts.

The planner decides roles, namespaces, sites and pools the same way for every core; a core product
decides how a role is packaged. For OAI that changes three things, all taken from
`n5gc.products.oai_cn`: the charts of the releases (the `oai-5g-basic` umbrella for the control
plane, `oai-smf` and `oai-upf` per slice), the Services they render (named after the chart:
`oai-amf`, `oai-smf`, `oai-upf`, in the namespace of their release) and their ports (SBI 80).
Every reference to a Service in the plan (gNB -> AMF, SMF -> UPF, the links) is rewritten to the
Service the OAI chart renders, so no target can name a Service that does not exist.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from n5gc import names
from n5gc.plan.ir import CorePlan, HelmRelease, Plan, ServiceRef
from n5gc.products import oai_cn


def oai_plan(plan: Plan) -> Plan:
    """The same plan with every core release, Service and reference as the OAI charts make them."""
    domains = {s.name: s.cluster_domain for s in plan.sites}
    table: dict[Any, Any] = {}

    def service(old: ServiceRef, chart: str, port: int) -> ServiceRef:
        name = oai_cn.service_of(chart)
        dns = names.service_dns(name, old.namespace, domains[old.site])
        new = dataclasses.replace(old, name=name, port=port, dns=dns)
        table[old] = new
        return new

    def release(old: HelmRelease, chart: str) -> HelmRelease:
        new = dataclasses.replace(old, chart=chart, repo=oai_cn.CHART_GIT_REPO, version=oai_cn.CHART_VERSION)
        table[old] = new
        return new

    core = plan.core
    nrf = service(core.nrf_sbi, "oai-nrf", oai_cn.SBI_PORT)
    table[core.scp_sbi] = nrf  # no SCP: every NF reaches the NRF directly
    service(core.amf_ngap, "oai-amf", oai_cn.NGAP_PORT)
    release(core.release, oai_cn.UMBRELLA_CHART)
    for slice_plan in plan.slices:
        service(slice_plan.smf.sbi, oai_cn.SMF_CHART, oai_cn.SBI_PORT)
        service(slice_plan.smf.pfcp, oai_cn.SMF_CHART, oai_cn.PFCP_PORT)
        release(slice_plan.smf.release, oai_cn.SMF_CHART)
        for upf in slice_plan.upfs:
            service(upf.pfcp, oai_cn.UPF_CHART, oai_cn.PFCP_PORT)
            service(upf.gtpu, oai_cn.UPF_CHART, oai_cn.GTPU_PORT)
            release(upf.release, oai_cn.UPF_CHART)
    swapped = _swap(plan, table)
    return dataclasses.replace(swapped, core=_core(swapped.core, domains[core.site]))


def _core(core: CorePlan, domain: str) -> CorePlan:
    """The core's own facts: its NFs and the database the provisioning Job writes to."""
    mysql = names.service_dns(oai_cn.MYSQL_SERVICE, core.namespace, domain)
    return dataclasses.replace(
        core,
        fullnames=(
            *((nf, oai_cn.service_of(f"oai-{nf}")) for nf in oai_cn.CONTROL_PLANE_NFS),
            ("mysql", oai_cn.MYSQL_SERVICE),
        ),
        mongodb_uri=f"mysql://{mysql}:{oai_cn.MYSQL_PORT}/{oai_cn.DATABASE}",
        flavor="oai",
    )


def _swap(value: Any, table: dict[Any, Any]) -> Any:
    """`value` with every object of `table` (ServiceRefs, HelmReleases) replaced, at any depth."""
    if value in table if _hashable(value) else False:
        return table[value]
    if isinstance(value, tuple):
        return tuple(_swap(item, table) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _swap(getattr(value, f.name), table) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
