"""The planner: every derived value (names, DNS, pools, devices, NCIs, TACs) computed once and right."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from n5gc.frontend import analyse
from n5gc.load import load_text
from n5gc.model import parse_network
from n5gc.plan import build_plan

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan():
    analysis = analyse(REPO / "examples" / "three-slices.yaml")
    assert analysis.ok, analysis.report.diagnostics
    return build_plan(analysis.network)


def _plan_of(text: str):
    network, problems = parse_network(load_text(text, "net.yaml"))
    assert network is not None, problems
    return build_plan(network)


def test_core_names_and_service_dns(plan):
    assert plan.core.release.name == "three-slices-core" and plan.core.namespace == "three-slices-core"
    assert plan.core.amf_ngap.dns == "three-slices-amf-ngap.three-slices-core.svc.cluster.local"
    assert plan.core.amf_ngap.port == 38412 and plan.core.amf_ngap.protocol == "SCTP"
    assert plan.core.nrf_sbi.dns == "three-slices-nrf-sbi.three-slices-core.svc.cluster.local"
    assert (
        plan.core.database_uri == "mongodb://three-slices-mongodb.three-slices-core.svc.cluster.local/open5gs"
    )
    assert plan.core.n2_service == "NodePort" and plan.core.n2_node_port == 30412


def test_one_smf_and_upf_release_per_slice(plan):
    assert [s.name for s in plan.slices] == ["embb", "urllc", "miot"]
    for s in plan.slices:
        assert s.smf.release.name == f"three-slices-{s.name}-smf" and s.smf.release.chart == "open5gs-smf"
        assert [u.release.name for u in s.upfs] == [f"three-slices-{s.name}-upf1"]
        assert (
            s.upfs[0].pfcp.dns == f"three-slices-{s.name}-upf1-pfcp.three-slices-{s.name}.svc.cluster.local"
        )
    assert [(s.snssai.sst, s.snssai.sd) for s in plan.slices] == [(1, "000001"), (2, "000002"), (3, "000003")]


def test_pools_gateways_and_ue_counts(plan):
    embb = plan.slice("embb")
    assert embb.dnns[0].subnet == "10.45.0.0/16" and embb.dnns[0].gateway == "10.45.0.1"
    assert embb.dnns[0].ue_count == 10
    pool = embb.upfs[0].pools[0]
    assert (pool.subnet, pool.gateway, pool.tun_device, pool.prefix_len) == (
        "10.45.0.0/16",
        "10.45.0.1",
        "ogstun",
        16,
    )


def test_gnb_wiring_tacs_and_nci(plan):
    gnb = plan.gnbs[0]
    assert gnb.amf == plan.core.amf_ngap
    assert gnb.snssais == tuple(s.snssai for s in plan.slices)
    assert gnb.nci_hex == "0x000000010" and gnb.gnb_id == 1 and gnb.cells[0].carrier.center_arfcn == 633334
    assert plan.core.tacs == (1,)


def test_subscriber_ranges(plan):
    group = plan.subscribers[1]
    assert (group.imsi_first, group.imsi_last, group.count) == ("001010000000011", "001010000000020", 10)
    assert [(s.slice, s.dnn) for s in group.sessions] == [("urllc", "control")]


LAB = (REPO / "examples" / "lab.yaml").read_text()


def test_several_upf_instances_each_route_the_whole_pool_with_distinct_devices_per_dnn():
    text = LAB.replace(
        "dnns: [{name: internet, subnet: 10.45.0.0/24, dns: [8.8.8.8]}]",
        "userPlane: {instances: 3}\n      dnns: [{name: internet, subnet: 10.45.0.0/24}, "
        "{name: ims, subnet: 10.46.0.0/24}]",
    )
    plan = _plan_of(text)
    upfs = plan.slices[0].upfs
    assert [u.release.name for u in upfs] == ["lab-embb-upf1", "lab-embb-upf2", "lab-embb-upf3"]
    # The SMF allocates from the whole pool whichever UPF it picks, so each UPF routes all of it.
    assert [u.pools[0].subnet for u in upfs] == ["10.45.0.0/24"] * 3
    assert all(
        ipaddress.ip_address(u.pools[0].gateway) in ipaddress.ip_network(u.pools[0].subnet) for u in upfs
    )
    assert [p.tun_device for p in upfs[0].pools] == ["ogstun", "ogstun2"]


def test_gnb_without_cells_gets_cell_zero_of_its_id_and_tacs_union():
    plan = _plan_of(LAB.replace("    - name: gnb\n", "    - name: gnb\n      tac: 7\n"))
    assert plan.gnbs[0].nci_hex == "0x000000010"
    assert plan.core.tacs == (1, 7)


def test_standalone_chart_versions_follow_the_umbrella(plan):
    versions = {r.chart: r.version for r in plan.releases}
    assert versions == {"open5gs": "2.3.4", "open5gs-smf": "2.3.1", "open5gs-upf": "2.3.2"}


def test_plan_dict_has_no_key_material(plan):
    text = repr(plan.to_dict())
    assert "465B5CE8" not in text.upper()
