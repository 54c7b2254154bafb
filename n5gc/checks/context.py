"""What every check rule receives: the intent, where each part was written, and the secrets."""

from __future__ import annotations

import ipaddress
from functools import cached_property

from n5gc.diagnostics import Location
from n5gc.load import Origin
from n5gc.model.network import Dnn, Gnb, Network, Slice
from n5gc.model.secrets import Secrets
from n5gc.model.topology import IntentLink, core_site, intent_links
from n5gc.model.types import ip_network_of
from n5gc.records import record


@record(frozen=False)
class CheckContext:
    network: Network
    origin: Origin
    secrets: Secrets | None = None
    secrets_checked: bool = False  # False when no secrets input was given (validate in pre-commit)

    def at(self, *path: str | int, key: bool = False) -> Location:
        """Where `path` (e.g. "spec", "slices", 1, "sd") was written."""
        return self.origin.locate(path, key=key)

    @cached_property
    def site_names(self) -> list[str]:
        return [s.name for s in self.network.spec.sites]

    @cached_property
    def slices_by_name(self) -> dict[str, Slice]:
        return {s.name: s for s in self.network.spec.slices}

    @cached_property
    def dnn_names(self) -> dict[str, list[str]]:
        """The DNN names of each slice of `slices_by_name`, in order (read by N5G205 for each of the
        1,000 subscriber groups of 1,000 slices: made once per slice)."""
        return {name: [d.name for d in s.dnns] for name, s in self.slices_by_name.items()}

    @cached_property
    def gnbs_by_name(self) -> dict[str, Gnb]:
        return {g.name: g for g in self.network.spec.ran}

    @cached_property
    def imsi_ranges(self) -> tuple[tuple[int, int], ...]:
        """Each subscriber group's first and last IMSI as integers (first + count - 1), in order:
        read by N5G305 and N5G306, made once."""
        return tuple(
            (first, first + g.imsi.count - 1)
            for g in self.network.spec.subscribers
            for first in (int(g.imsi.first),)
        )

    @cached_property
    def core_site(self) -> str | None:
        """core.site, or the only site when there is one (None: N5G207 asks for core.site)."""
        return core_site(self.network)

    @cached_property
    def links(self) -> tuple[IntentLink, ...]:
        """Every interface between workloads (n5gc.model.topology.intent_links), made once for the
        multicluster checks that each read them (a tuple: no rule can change what the next sees)."""
        return tuple(intent_links(self.network))

    @cached_property
    def pools(self) -> tuple[tuple[int, int, str, Dnn, ipaddress.IPv4Network | ipaddress.IPv6Network], ...]:
        """Every DNN pool as (slice index, DNN index, slice name, DNN, its network), made once for
        the pool checks that each read them all (6 rules: 6,000 readings at 1,000 slices)."""
        return tuple(
            (i, j, s.name, dnn, ip_network_of(dnn.subnet))
            for i, s in enumerate(self.network.spec.slices)
            for j, dnn in enumerate(s.dnns)
        )

    @cached_property
    def pool_spans(self) -> tuple[tuple[int, int, int], ...]:
        """Each pool of `pools` (same order) as (IP version, first address, last address), integers:
        what the pool checks compare, read once per pool instead of once per pool and rule (CIDR
        blocks overlap exactly when these ranges do). The last address is the first with every host
        bit set: `broadcast_address` without making its object (a cached property, 1,000 made)."""
        return tuple(
            (net.version, first, first | ((1 << (net.max_prefixlen - net.prefixlen)) - 1))
            for *_, net in self.pools
            for first in (int(net.network_address),)
        )
