"""The planner's shortcuts (issue 13, one-slice recompile) answer what the slow path answers.

Each is held against what it replaces: the first host read off a pool's text against stepping
through ipaddress's `hosts()`, the serving-cell configuration made once per carrier object against
`plan_serving_cell` of every cell's own carrier, the links' Services chosen without a lambda per
link against the table of the interface's Service, the UPFs' tun devices read once per planner
against the product's answer per DNN.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from strategies import examples, valid_networks

from n5gc.frontend import analyse
from n5gc.model.cells import cell_carrier
from n5gc.model.network import Cell as CellIntent
from n5gc.model.types import ip_network_of
from n5gc.plan import build_plan
from n5gc.plan.build import _cell, _first_host
from n5gc.plan.ir import Plan
from n5gc.plan.placement import placement
from n5gc.products.packaging import core_packaging
from n5gc.radio import plan_serving_cell

# ---- the first host of a pool --------------------------------------------------------------------


def _hosts_first(subnet: str) -> tuple[str, Any]:
    """What the planner wrote before the shortcut: `str(next(hosts()))`, or the error it raised."""
    try:
        return ("ok", str(next(ip_network_of(subnet).hosts())))
    except (TypeError, StopIteration) as exc:  # /32 and /128: hosts() is a list, not an iterator
        return ("error", type(exc))


def _shortcut_first(subnet: str) -> tuple[str, Any]:
    try:
        return ("ok", _first_host(subnet))
    except (TypeError, StopIteration) as exc:
        return ("error", type(exc))


# Pools as the model keeps them: `str` of a strict network (every prefix length, both families).
_POOL_TEXTS = st.one_of(
    st.builds(
        lambda a, p: str(ipaddress.IPv4Network((a, p), strict=False)),
        st.integers(0, 2**32 - 1),
        st.integers(0, 32),
    ),
    st.builds(
        lambda a, p: str(ipaddress.IPv6Network((a, p), strict=False)),
        st.integers(0, 2**128 - 1),
        st.integers(0, 128),
    ),
)


@examples(500)
@given(_POOL_TEXTS)
@example("10.45.0.0/16")
@example("10.45.0.252/30")
@example("10.45.0.254/31")  # the first host is the network address: no +1
@example("10.45.0.255/32")
@example("255.255.255.252/30")
@example("0.0.0.0/0")
@example("fd00::/64")
@example("fd00::/127")
def test_the_first_host_read_off_the_text_is_the_first_of_hosts(subnet: str) -> None:
    assert _shortcut_first(subnet) == _hosts_first(subnet)


def test_every_ipv4_prefix_length_gives_the_first_of_hosts() -> None:
    """Each prefix length at the top of the space (the largest last octet it allows)."""
    for prefix in range(33):
        network = ipaddress.IPv4Network((2**32 - 1, prefix), strict=False)
        assert _shortcut_first(str(network)) == _hosts_first(str(network)), network


# ---- serving-cell configurations, one per carrier object -----------------------------------------


def _cells(*carriers: tuple[int, int, int]) -> list[CellIntent]:
    """One cell per (bandwidth MHz, SCS kHz, ARFCN) on n78, with NCIs 16, 17, ..."""
    return [
        CellIntent(nci=16 + i, pci=i, band="n78", bandwidth_mhz=bandwidth, scs_khz=scs, arfcn=arfcn)
        for i, (bandwidth, scs, arfcn) in enumerate(carriers)
    ]


def test_cells_of_several_carriers_each_get_their_own_carriers_configuration() -> None:
    cells = _cells((40, 30, 641280), (20, 30, 640000), (40, 30, 641280), (20, 15, 640000), (20, 30, 640000))
    commons: dict[int, Any] = {}
    planned = [_cell(cell, commons) for cell in cells]
    for cell, plan in zip(cells, planned, strict=True):
        carrier, _ = cell_carrier(cell)
        assert plan.carrier == carrier and plan.common == plan_serving_cell(carrier)
    assert len(commons) == 3  # three distinct carriers, each configured once


def test_a_remembered_configuration_of_another_carrier_object_is_not_used() -> None:
    """Keyed by the carrier object's id, and only for that very object (its id may be another's later)."""
    (narrow, wide) = _cells((20, 30, 640000), (40, 30, 641280))
    wide_carrier, _ = cell_carrier(wide)
    narrow_carrier, _ = cell_carrier(narrow)
    stale = {id(wide_carrier): (narrow_carrier, plan_serving_cell(narrow_carrier))}
    assert _cell(wide, stale).common == plan_serving_cell(wide_carrier)
    assert plan_serving_cell(wide_carrier) != plan_serving_cell(narrow_carrier)  # else this proves nothing


# ---- the whole plan against the slow rules -------------------------------------------------------


def _plan(network: dict[str, Any], folder: Path) -> tuple[Any, Plan]:
    analysis = analyse(intents.write(folder, intents.to_yaml(network)))
    assert analysis.ok and analysis.network is not None, analysis.report.sorted()
    return analysis.network, build_plan(analysis.network)


def _service_of(plan: Plan, interface: str, server: Any) -> Any:
    """The Service a link's client connects to, as the planner's table of lambdas chose it."""
    upfs = {(s.name, u.index): u for s in plan.slices for u in s.upfs}
    gnbs = {g.name: g for g in plan.gnbs}
    services = {
        "sbi": lambda w: plan.core.sbi_entry,
        "n2": lambda w: plan.core.amf_ngap,
        "n6": lambda w: None,
        "n4": lambda w: upfs[(w.name, w.index)].pfcp,
        "n3": lambda w: upfs[(w.name, w.index)].gtpu,
        "f1": lambda w: gnbs[w.name].f1_c,
    }
    return services[interface](server)


@examples(40)
@given(valid_networks())
def test_links_tun_devices_and_gateways_are_what_the_slow_rules_give(network: dict[str, Any]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        model, plan = _plan(network, Path(folder))
    intent_links = placement(model).links
    assert len(plan.links) == len(intent_links)
    for link, intent_link in zip(plan.links, intent_links, strict=True):
        assert link.interface == intent_link.interface
        assert (link.client_site, link.server_site) == (intent_link.client.site, intent_link.server.site)
        assert link.service == _service_of(plan, link.interface, intent_link.server)
    packaging = core_packaging(model.spec.core.flavor)
    for slice_plan, slice_intent in zip(plan.slices, model.spec.slices, strict=True):
        for dnn, dnn_intent in zip(slice_plan.dnns, slice_intent.dnns, strict=True):
            assert dnn.gateway == (dnn_intent.gateway or str(next(ip_network_of(dnn.subnet).hosts())))
        for upf in slice_plan.upfs:
            assert [p.tun_device for p in upf.pools] == [
                packaging.tun_device(k) for k in range(len(slice_plan.dnns))
            ]
