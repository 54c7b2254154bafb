"""The checks' shortcuts (issue 13, one-slice recompile) report what the slow rules report.

The pool checks compare each pool's (version, first, last) integers read once
(`CheckContext.pool_spans`) where they asked ipaddress per pool and rule; N5G205 reads each slice's
DNN names once (`CheckContext.dnn_names`); N5G305/N5G306 read each group's IMSI range once
(`CheckContext.imsi_ranges`); N5G206 skips slices with one DNN. Each is held against the rule as
ipaddress and the intent's lists state it, on intents whose pools, site CIDRs, names and IMSI
ranges are drawn to clash.
"""

from __future__ import annotations

import copy
import ipaddress
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from strategies import examples, valid_networks

from n5gc.checks import pools, references, subscribers
from n5gc.checks.context import CheckContext
from n5gc.load import load_text
from n5gc.model import Network, parse_network

Net = ipaddress.IPv4Network | ipaddress.IPv6Network


@st.composite
def crowded_blocks(draw: st.DrawFn) -> str:
    """Blocks crowded into a few places (nesting, equality, adjacency, unusable space, /31 and /32),
    v4 and v6 (some v6 blocks at the integers of v4 ones), written as the model keeps them."""
    if draw(st.integers(0, 4)):
        prefix = draw(st.sampled_from([8, 16, 24, 28, 29, 30, 31, 32]) | st.integers(4, 32))
        base = draw(
            st.sampled_from([10 << 24, (10 << 24) + (1 << 16), 127 << 24, 169 << 24 | 254 << 16, 224 << 24])
        )
        address = base + draw(st.integers(0, 3)) * (1 << (32 - prefix))
        return str(ipaddress.IPv4Network((address % 2**32, prefix), strict=False))
    prefix = draw(st.integers(40, 128))
    base = draw(st.sampled_from([0xFD00 << 112, 10 << 24]))
    address = base + draw(st.integers(0, 3)) * (1 << (128 - prefix))
    return str(ipaddress.IPv6Network((address, prefix), strict=False))


@st.composite
def clashing_pool_networks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid intent whose DNN pools and site CIDRs are redrawn from `crowded_blocks`."""
    network = copy.deepcopy(draw(valid_networks()))
    for slice_ in network["spec"]["slices"]:
        for dnn in slice_["dnns"]:
            dnn["subnet"] = draw(crowded_blocks())
            dnn.pop("gateway", None)
    for site in network["spec"]["sites"]:
        for key in ("podCidr", "serviceCidr"):
            if draw(st.booleans()):
                site[key] = draw(crowded_blocks())
    for group in network["spec"].get("subscribers", []):  # demands at the sizes of /24, /28, /29
        group["imsi"]["count"] = draw(st.sampled_from([group["imsi"]["count"], 1, 2, 5, 6, 13, 14, 253, 254]))
    return network


def _context(network: dict[str, Any]) -> CheckContext | None:
    document = load_text(intents.to_yaml(network), "network.yaml")
    network_model, _ = parse_network(document)
    return CheckContext(network_model, document.origin) if isinstance(network_model, Network) else None


def _found(rule: Any, ctx: CheckContext) -> Counter[tuple[str, str]]:
    return Counter((d.code, str(d.location)) for d in rule(ctx))


def _pool_places(ctx: CheckContext) -> list[tuple[tuple[str | int, ...], Net, str, str]]:
    """Each pool: its subnet's path, its network, its slice and DNN names (intent order)."""
    return [
        (("spec", "slices", i, "dnns", j, "subnet"), ipaddress.ip_network(d.subnet), s.name, d.name)
        for i, s in enumerate(ctx.network.spec.slices)
        for j, d in enumerate(s.dnns)
    ]


def _expected_pool_findings(ctx: CheckContext) -> dict[str, Counter[tuple[str, str]]]:
    """Each pool rule's findings as ipaddress states the rule, pool by pool."""
    places = _pool_places(ctx)
    at = {id(net): str(ctx.at(*path)) for path, net, _, _ in places}
    cidrs = [
        ipaddress.ip_network(c)
        for site in ctx.network.spec.sites
        for c in (site.pod_cidr, site.service_cidr)
        if c
    ]
    demand: Counter[tuple[str, str]] = Counter()
    for group in ctx.network.spec.subscribers:
        for sub in group.slices:
            for dnn in sub.dnns:
                demand[(sub.slice, dnn)] += group.imsi.count
    found: dict[str, Counter[tuple[str, str]]] = {
        code: Counter() for code in ("307", "308", "309", "315", "316")
    }
    for k, (_, net, slice_name, dnn) in enumerate(places):
        if any(other.version == net.version and net.overlaps(other) for _, other, _, _ in places[:k]):
            found["307"][("N5G307", at[id(net)])] += 1
        for cidr in cidrs:
            if cidr.version == net.version and net.overlaps(cidr):
                found["308"][("N5G308", at[id(net)])] += 1
        if demand[(slice_name, dnn)] > net.num_addresses - pools.RESERVED_IN_POOL:
            found["309"][("N5G309", at[id(net)])] += 1
        if net.version == 6:
            found["315"][("N5G315", at[id(net)])] += 1
        elif any(net.overlaps(block) for block in pools.UNUSABLE_SPACE) or net.prefixlen > 30:
            found["316"][("N5G316", at[id(net)])] += 1
    return found


@examples(80)
@given(clashing_pool_networks())
def test_pool_checks_report_the_pools_ipaddress_finds(network: dict[str, Any]) -> None:
    ctx = _context(network)
    if ctx is None:  # the model refused a drawn block: nothing for the pool checks to read
        return
    expected = _expected_pool_findings(ctx)
    assert _found(pools.pools_disjoint, ctx) == expected["307"]
    assert _found(pools.pools_clear_of_clusters, ctx) == expected["308"]
    assert _found(pools.pools_hold_their_ues, ctx) == expected["309"]
    assert _found(pools.pools_ipv4, ctx) == expected["315"]
    assert _found(pools.pools_usable, ctx) == expected["316"]


def test_pool_spans_are_each_pools_first_and_last_address() -> None:
    network = intents.network_data()
    network["spec"]["slices"][0]["dnns"][0]["subnet"] = "fd00::/64"
    ctx = _context(network)
    assert ctx is not None
    for (*_, net), (version, first, last) in zip(ctx.pools, ctx.pool_spans, strict=True):
        assert (version, first, last) == (net.version, int(net[0]), int(net[-1]))


# ---- names, DNNs and IMSI ranges read once ------------------------------------------------------


@st.composite
def clashing_name_networks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid intent with repeated slice and DNN names (a slice name repeated with other DNNs),
    DNNs subscribed that a slice of that name may or may not serve, and IMSI ranges that may touch
    or overlap, run past 15 digits or leave the PLMN by one."""
    network = copy.deepcopy(draw(valid_networks()))
    spec = network["spec"]
    slices = spec["slices"]
    if draw(st.booleans()):  # the first slice's name again, serving other DNNs
        again = copy.deepcopy(slices[0])
        again["dnns"] = [{**dnn, "name": f"{dnn['name']}-again"} for dnn in again["dnns"]]
        again.pop("sd", None)
        again["sst"] = (again["sst"] + 1) % 256
        slices.insert(draw(st.integers(0, len(slices))), again)
    dnn_names = sorted({d["name"] for s in slices for d in s["dnns"]} | {"internet", "ims"})
    for slice_ in slices:
        for dnn in slice_["dnns"]:
            if draw(st.integers(0, 3)) == 0:
                dnn["name"] = draw(st.sampled_from(dnn_names))
    plmn = spec["plmn"]["mcc"] + spec["plmn"]["mnc"]
    end_of_plmn = plmn + "9" * (15 - len(plmn))
    previous_last = None
    for group in spec.get("subscribers", []):
        for sub in group["slices"]:
            sub["slice"] = draw(st.sampled_from([sub["slice"], slices[0]["name"]]))
            sub["dnns"] = draw(st.lists(st.sampled_from(dnn_names), min_size=1, max_size=3))
        firsts = [group["imsi"]["first"], end_of_plmn, "999999999999999", "999999999999990"]
        if previous_last is not None:
            firsts += [f"{previous_last + step:015d}" for step in (0, 1) if previous_last + step < 10**15]
        group["imsi"]["first"] = draw(st.sampled_from(firsts))
        group["imsi"]["count"] = draw(st.sampled_from([group["imsi"]["count"], 1, 2, 10]))
        previous_last = int(group["imsi"]["first"]) + group["imsi"]["count"] - 1
    return network


def _dnn_findings(ctx: CheckContext) -> Counter[tuple[str, str]]:
    """N5G205 as the intent's lists state it: a slice name means the last slice of that name."""
    found: Counter[tuple[str, str]] = Counter()
    by_name = {s.name: s for s in ctx.network.spec.slices}
    for i, group in enumerate(ctx.network.spec.subscribers):
        for j, sub in enumerate(group.slices):
            if sub.slice not in by_name:
                continue
            served = [d.name for d in by_name[sub.slice].dnns]
            for k, dnn in enumerate(sub.dnns):
                if dnn not in served:
                    found[("N5G205", str(ctx.at("spec", "subscribers", i, "slices", j, "dnns", k)))] += 1
    return found


def _repeated_dnn_findings(ctx: CheckContext) -> Counter[tuple[str, str]]:
    """N5G206 of the DNNs: each DNN whose name an earlier DNN of its slice has."""
    found: Counter[tuple[str, str]] = Counter()
    for i, s in enumerate(ctx.network.spec.slices):
        for j, dnn in enumerate(s.dnns):
            if dnn.name in [d.name for d in s.dnns[:j]]:
                found[("N5G206", str(ctx.at("spec", "slices", i, "dnns", j, "name")))] += 1
    return found


def _imsi_findings(ctx: CheckContext) -> Counter[tuple[str, str]]:
    """N5G305 and N5G306 as the groups' first and count state them."""
    found: Counter[tuple[str, str]] = Counter()
    plmn = ctx.network.spec.plmn
    prefix = plmn.mcc + plmn.mnc
    groups = ctx.network.spec.subscribers
    widest = -1
    for i, g in enumerate(groups):
        last = int(g.imsi.first) + g.imsi.count - 1
        if last > 10**15 - 1 or (g.imsi.first.startswith(prefix) and not f"{last:015d}".startswith(prefix)):
            found[("N5G305", str(ctx.at("spec", "subscribers", i, "imsi", "count")))] += 1
    for first, last, i in sorted(
        (int(g.imsi.first), int(g.imsi.first) + g.imsi.count - 1, i) for i, g in enumerate(groups)
    ):
        if first <= widest:
            found[("N5G306", str(ctx.at("spec", "subscribers", i, "imsi", "first")))] += 1
        widest = max(widest, last)
    return found


def _codes(diagnostics: Any, *codes: str) -> Counter[tuple[str, str]]:
    return Counter((d.code, str(d.location)) for d in diagnostics if d.code in codes)


@examples(80)
@given(clashing_name_networks())
def test_name_dnn_and_imsi_checks_report_what_the_lists_state(network: dict[str, Any]) -> None:
    ctx = _context(network)
    if ctx is None:
        return
    repeated_dnns = [d for d in references.unique_names(ctx) if '": dnn "' in d.message]
    assert _codes(repeated_dnns, "N5G206") == _repeated_dnn_findings(ctx)
    assert _found(references.dnns_exist, ctx) == _dnn_findings(ctx)
    imsi = list(subscribers.imsi_fits(ctx)) + list(subscribers.imsi_disjoint(ctx))
    assert _codes(imsi, "N5G305", "N5G306") == _imsi_findings(ctx)
