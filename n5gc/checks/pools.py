"""Address pools: DNN pools are disjoint, clear of cluster CIDRs, large enough, with a usable gateway."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.model.types import ip_network_of

# Addresses of a pool the UEs cannot have: network, broadcast (IPv4) and the UPF's gateway.
RESERVED_IN_POOL = 3


def pools_disjoint(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G307: no two DNN pools overlap (the UPFs would route one pool's traffic to the other's UEs).

    Each pool is reported once, against the first pool declared before it that it overlaps.
    """
    pools = ctx.pools
    for index, other in sorted(_first_earlier_overlap(ctx.pool_spans).items()):
        i, j, slice_name, dnn, net = pools[index]
        _, _, other_slice, other_dnn, other_net = pools[other]
        yield error(
            "N5G307",
            f'slice "{slice_name}": dnn "{dnn.name}" pool {net} overlaps '
            f'pool {other_net} (slice "{other_slice}", dnn "{other_dnn.name}")',
            ctx.at("spec", "slices", i, "dnns", j, "subnet"),
            "give each DNN its own subnet",
        )


def _first_earlier_overlap(spans: tuple[tuple[int, int, int], ...]) -> dict[int, int]:
    """For each pool (by position) that overlaps an earlier one, the position of the first such pool;
    pools as (IP version, first address, last address) (`CheckContext.pool_spans`).

    CIDR blocks either nest or are disjoint, so sorted by (version, first address, longest first)
    the blocks a pool contains follow it directly: one sweep finds every overlapping pair in
    O(n log n + pairs) instead of comparing every pool with every other (1,000 slices: 500k pairs).
    """
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0], spans[k][1], -spans[k][2]))
    earliest: dict[int, int] = {}
    for position, outer in enumerate(order):
        version, _, last = spans[outer]
        for next_position in range(position + 1, len(order)):
            inner = order[next_position]
            if spans[inner][0] != version or spans[inner][1] > last:
                break
            first, second = min(outer, inner), max(outer, inner)
            earliest[second] = min(earliest.get(second, first), first)
    return earliest


def pools_clear_of_clusters(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G308: a DNN pool must not overlap any site's pod or service CIDR."""
    # Each site CIDR as (version, first address, last address, what it is): a pool overlaps it
    # (net.overlaps of two blocks of one version) when their ranges of integers meet.
    cidrs = [
        (
            net.version,
            int(net.network_address),
            int(net.broadcast_address),
            f'site "{site.name}" {kind} {cidr}',
        )
        for site in ctx.network.spec.sites
        for kind, cidr in (("podCidr", site.pod_cidr), ("serviceCidr", site.service_cidr))
        if cidr
        for net in (ip_network_of(cidr),)
    ]
    for k, (version, first, last) in enumerate(ctx.pool_spans):
        for cidr_version, low, high, desc in cidrs:
            if version == cidr_version and first <= high and low <= last:
                i, j, slice_name, dnn, net = ctx.pools[k]
                yield error(
                    "N5G308",
                    f'slice "{slice_name}": dnn "{dnn.name}" pool {net} overlaps {desc}',
                    ctx.at("spec", "slices", i, "dnns", j, "subnet"),
                    "UE traffic would be routed into the cluster; pick a pool outside cluster CIDRs",
                )


def pools_hold_their_ues(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G309: each pool has an address for every subscriber that may open a session on it."""
    demand: dict[tuple[str, str], int] = {}
    for group in ctx.network.spec.subscribers:
        for sub in group.slices:
            for dnn in sub.dnns:
                demand[(sub.slice, dnn)] = demand.get((sub.slice, dnn), 0) + group.imsi.count
    for (i, j, slice_name, dnn, net), (_, first, last) in zip(ctx.pools, ctx.pool_spans, strict=True):
        need = demand.get((slice_name, dnn.name), 0)
        usable = last - first + 1 - RESERVED_IN_POOL  # net.num_addresses - RESERVED_IN_POOL
        if need > usable:
            wanted = max(1, net.max_prefixlen - (need + RESERVED_IN_POOL - 1).bit_length())
            yield error(
                "N5G309",
                f'slice "{slice_name}": dnn "{dnn.name}" pool {net} has {max(usable, 0)} '
                f"addresses for {need} subscribers",
                ctx.at("spec", "slices", i, "dnns", j, "subnet"),
                f"use a /{wanted} or larger",
            )


def gateways_usable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G314: an explicit gateway is a host address inside its pool."""
    for i, j, slice_name, dnn, net in ctx.pools:
        if dnn.gateway is None:
            continue
        gateway = ipaddress.ip_address(dnn.gateway)
        hosts_ok = (
            gateway in net
            and gateway != net.network_address
            and (net.version == 6 or gateway != net.broadcast_address)
        )
        if not hosts_ok:
            yield error(
                "N5G314",
                f'slice "{slice_name}": dnn "{dnn.name}" gateway {gateway} is not a host of {net}',
                ctx.at("spec", "slices", i, "dnns", j, "gateway"),
                f"use an address inside the pool, e.g. {next(iter(net.hosts()), net.network_address)}, "
                "or omit it (first host)",
            )


# IPv4 space a UE pool cannot use: "this network", loopback, link-local, multicast and reserved (RFC 6890).
UNUSABLE_SPACE = tuple(
    ipaddress.ip_network(block)
    for block in ("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4")
)
UNUSABLE_RANGES = tuple(
    (block, int(block.network_address), int(block.broadcast_address)) for block in UNUSABLE_SPACE
)
# A pool needs a UE address besides network, broadcast and the UPF's gateway: /30 at most.
LONGEST_POOL_PREFIX = 30


def pools_ipv4(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G315: DNN pools are IPv4 (the Open5GS UPF values n5gc writes carry IPv4 subnets only)."""
    for k, (version, _, _) in enumerate(ctx.pool_spans):
        if version == 6:
            i, j, slice_name, dnn, net = ctx.pools[k]
            yield error(
                "N5G315",
                f'slice "{slice_name}": dnn "{dnn.name}" pool {net} is IPv6; '
                "n5gc compiles IPv4 UE pools only",
                ctx.at("spec", "slices", i, "dnns", j, "subnet"),
                "use an IPv4 pool such as 10.45.0.0/16 (IPv6 and dual-stack PDU sessions are not "
                "supported yet)",
            )


def pools_usable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G316: a DNN pool is unicast IPv4 space with room for UEs besides the gateway."""
    for k, (version, first, last) in enumerate(ctx.pool_spans):
        if version != 4:
            continue
        # net.overlaps(block) of two IPv4 blocks, on their first and last addresses as integers
        unusable = next(
            (block for block, low, high in UNUSABLE_RANGES if first <= high and low <= last), None
        )
        # net.prefixlen > LONGEST_POOL_PREFIX: the block holds fewer addresses than a /30
        too_small = last - first + 1 < 1 << (32 - LONGEST_POOL_PREFIX)
        if unusable is None and not too_small:
            continue
        i, j, slice_name, dnn, net = ctx.pools[k]
        if unusable is not None:
            reason = f"overlaps {unusable}, which UEs cannot use"
        else:
            reason = "has no address for a UE besides network, broadcast and gateway"
        yield error(
            "N5G316",
            f'slice "{slice_name}": dnn "{dnn.name}" pool {net} {reason}',
            ctx.at("spec", "slices", i, "dnns", j, "subnet"),
            "use a private range sized for the subscribers, e.g. 10.45.0.0/16",
        )


RULES = [
    pools_ipv4,
    pools_usable,
    pools_disjoint,
    pools_clear_of_clusters,
    pools_hold_their_ues,
    gateways_usable,
]
