"""Hypothesis strategies shared by the property tests: valid networks (and example-count settings)."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents  # helpers some strategies use

from n5gc.checks.slices import DELAY_CRITICAL_GBR_5QIS as DC_GBR_5QIS
from n5gc.checks.slices import GBR_5QIS
from n5gc.products.ueransim import OCTAL_TRAP


def examples(count: int) -> settings:
    """Moderate example counts: the whole file stays well under a minute on two cores.

    N5GC_EXAMPLES_SCALE (a float, default 1) scales every count, e.g. 0.2 for many seeded runs in a
    row (the 50-fresh-seeds check of issue 14) or 5 for a long soak.
    """
    scale = float(os.environ.get("N5GC_EXAMPLES_SCALE", "1"))
    return settings(
        max_examples=max(1, round(count * scale)),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- a strategy of valid networks --------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz"
label = st.builds(
    lambda head, body, tail: head + body + tail,
    st.sampled_from(LETTERS),
    st.text(LETTERS + "0123456789-", max_size=6),
    st.sampled_from(LETTERS + "0123456789"),
)
digits = st.text("0123456789", min_size=1, max_size=1)
mcc = st.text("0123456789", min_size=3, max_size=3)
mnc = st.text("0123456789", min_size=2, max_size=3)
hex6 = st.text("0123456789abcdefABCDEF", min_size=6, max_size=6)
VALID_CELL = {"pci": 1, "band": "n78", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}


def written_sd(value: str) -> st.SearchStrategy[str]:
    """Forms of one SD that normalise to the same value."""
    return st.sampled_from([value, value.upper(), "0x" + value, "0X" + value.upper()])


@st.composite
def valid_networks(draw: st.DrawFn) -> dict[str, Any]:
    """Random but valid intents: 1-4 sites, 1-6 slices with distinct S-NSSAIs, disjoint pools,
    gNBs announcing subsets of the slices, subscriber groups with disjoint IMSI ranges in the PLMN."""
    plmn = {"mcc": draw(mcc), "mnc": draw(mnc)}
    octal_trap = any(OCTAL_TRAP.match(v) for v in plmn.values())
    prefix = plmn["mcc"] + plmn["mnc"]
    sites = draw(st.lists(label, min_size=1, max_size=4, unique=True))
    spec: dict[str, Any] = {"plmn": plmn}
    if draw(st.booleans()):
        spec["tac"] = draw(st.integers(0, 0xFFFFFF))
    spec["sites"] = []
    for i, name in enumerate(sites):
        site: dict[str, Any] = {"name": name}
        if draw(st.booleans()):
            site["cluster"] = {"name": name, "server": f"https://{name}.example.net:6443"}
        if draw(st.booleans()):
            site["podCidr"], site["serviceCidr"] = f"10.{200 + i}.0.0/16", f"10.{210 + i}.0.0/16"
        spec["sites"].append(site)
    core: dict[str, Any] = {}
    if len(sites) > 1 or draw(st.booleans()):
        core["site"] = draw(st.sampled_from(sites))
    service = draw(st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer", None]))
    if service is not None:
        core["n2"] = {"service": service}
        if service == "NodePort" and draw(st.booleans()):
            core["n2"]["nodePort"] = draw(st.integers(30000, 32767))
    if core:
        spec["core"] = core
    # Workloads on other sites than the core need an engine to reach it (N5G601/N5G602).
    engine = draw(st.sampled_from(["none", "liqo", "nsm"])) if len(sites) > 1 else "none"
    placed = st.sampled_from(sites if engine != "none" else [core.get("site", sites[0])])
    if engine == "liqo":  # N2/N3/F1 across Liqo clusters need declared, disjoint pod CIDRs (N5G620/N5G621)
        for i, site in enumerate(spec["sites"]):
            site.setdefault("podCidr", f"10.{200 + i}.0.0/16")

    slice_names = draw(st.lists(label, min_size=1, max_size=6, unique=True))
    snssais = draw(
        st.lists(
            st.tuples(st.integers(0, 255), st.none() | hex6.map(str.lower)),
            min_size=len(slice_names),
            max_size=len(slice_names),
            unique=True,
        )
    )
    pool = iter(range(1, 200))
    spec["slices"] = []
    for name, (sst, sd) in zip(slice_names, snssais, strict=True):
        item: dict[str, Any] = {"name": name, "sst": sst}
        if sd is not None:
            item["sd"] = draw(written_sd(sd))
        if draw(st.booleans()):
            item["userPlane"] = {"site": draw(placed), "instances": draw(st.integers(1, 4))}
        dnns = []
        for dnn in draw(st.lists(label, min_size=1, max_size=3, unique=True)):
            subnet = ipaddress.ip_network(f"10.{next(pool)}.0.0/{draw(st.integers(16, 20))}")
            entry: dict[str, Any] = {"name": dnn, "subnet": str(subnet)}
            if draw(st.booleans()):
                entry["dns"] = ["8.8.8.8"]
            if draw(st.booleans()):
                entry["mtu"] = draw(st.integers(1280, 9000))
            if draw(st.booleans()):
                entry["gateway"] = str(subnet.network_address + draw(st.integers(1, 200)))
            dnns.append(entry)
        item["dnns"] = dnns
        if draw(st.booleans()):
            item["qos"] = {
                # A default QoS flow is non-GBR (N5G210): any 5QI but the GBR ones of TS 23.501.
                "fiveQi": draw(st.integers(1, 255).filter(lambda q: q not in GBR_5QIS | DC_GBR_5QIS)),
                "ambr": {"uplink": f"{draw(st.integers(1, 999))} Mbps", "downlink": "1 Gbps"},
            }
        spec["slices"].append(item)

    gnbs = draw(st.lists(label, max_size=3, unique=True))
    spec["ran"] = []
    for i, name in enumerate(gnbs):
        kind = "srsran" if octal_trap else draw(st.sampled_from(["ueransim", "ueransim", "srsran", "oai"]))
        gnb: dict[str, Any] = {
            "name": name,
            "type": kind,
            "slices": draw(st.lists(st.sampled_from(slice_names), min_size=1, unique=True)),
        }
        if draw(st.booleans()):
            gnb["site"] = draw(placed)
        if kind == "srsran":  # srsRAN refuses the reserved TACs 0 and 0xfffffe (N5G405)
            gnb["tac"] = draw(st.integers(1, 0xFFFFFD))
        elif draw(st.booleans()):
            gnb["tac"] = draw(st.integers(0, 0xFFFFFF))
        # one carrier per srsRAN/OAI gNB (N5G404)
        cells = 1 if kind in ("srsran", "oai") else draw(st.integers(0, 2))
        gnb["cells"] = [{"nci": f"0x{((i + 1) << 4) | j:09x}", **VALID_CELL, "pci": j} for j in range(cells)]
        if kind == "oai" and draw(st.booleans()):
            gnb.update(split="f1", cu={"site": draw(placed)}, du={"site": draw(placed)})
        spec["ran"].append(gnb)

    group_names = draw(st.lists(label, max_size=5, unique=True))
    msin_digits = 15 - len(prefix)
    spec["subscribers"] = []
    simulators = [g for g in spec["ran"] if g["type"] == "ueransim"]
    for i, name in enumerate(group_names):
        count = draw(st.integers(1, 200))
        first = prefix + str(i * 1_000_000 + draw(st.integers(0, 1000))).rjust(msin_digits, "0")
        group: dict[str, Any] = {
            "name": name,
            "imsi": {"first": first, "count": count},
            "credentials": draw(label),
        }
        gnb = draw(st.sampled_from(simulators)) if simulators and draw(st.booleans()) else None
        usable = gnb["slices"] if gnb is not None else slice_names
        chosen = draw(st.lists(st.sampled_from(usable), min_size=1, max_size=2, unique=True))
        by_name = {s["name"]: s for s in spec["slices"]}
        group["slices"] = [
            {
                "slice": s,
                "dnns": draw(
                    st.lists(
                        st.sampled_from([d["name"] for d in by_name[s]["dnns"]]), min_size=1, unique=True
                    )
                ),
            }
            for s in chosen
        ]
        if gnb is not None:
            group["simulate"] = {"gnb": gnb["name"]}
        spec["subscribers"].append(group)

    if engine == "liqo":
        spec["multicluster"] = {
            "engine": "liqo",
            "liqo": {
                "home": draw(st.sampled_from(sites)),
                "peering": draw(st.sampled_from(["OutOfBand", "InBand"])),
            },
        }
    elif engine == "nsm":
        spec["multicluster"] = {
            "engine": "nsm",
            "nsm": {
                "mtu": draw(st.integers(1280, 9000)),
                "interfaces": ["n2", "n3", "n4", "n6", "n9", "sbi", "f1"],
            },
        }
    if draw(st.booleans()):
        spec["gitops"] = {
            "engine": draw(st.sampled_from(["argocd", "flux"])),
            "repo": {"url": "https://git.example.net/5g.git", "path": "out"},
        }
    return {
        "apiVersion": "n5gc.io/v1alpha1",
        "kind": "Network",
        "metadata": {"name": draw(label)},
        "spec": spec,
    }


# --- hard cases: inputs that sit on the edge of a rule (issue 14) ----------------------------------


def public_secrets(network: dict[str, Any]) -> dict[str, Any]:
    """The secrets file of a generated network: the public test K/OPc for each credentials name its
    subscriber groups use."""
    names = sorted({group["credentials"] for group in network["spec"].get("subscribers", [])})
    keys = {"k": intents.SECRET_K, "opc": intents.SECRET_OPC}
    credentials = {name: dict(keys) for name in names}
    return {"apiVersion": "n5gc.io/v1alpha1", "kind": "Secrets", "credentials": credentials}


@st.composite
def clashing_pools(draw: st.DrawFn) -> tuple[str, str]:
    """Two IPv4 pools that share addresses: equal, nested either way, or the same network written
    with another prefix (all inside 10.100.0.0/14, clear of the test sites' cluster CIDRs)."""
    outer_prefix = draw(st.integers(16, 22))
    outer = ipaddress.ip_network(f"10.{draw(st.integers(100, 103))}.0.0/{outer_prefix}")
    inner_prefix = draw(st.integers(outer_prefix, 24))
    inner = draw(st.sampled_from(list(outer.subnets(new_prefix=inner_prefix))[:64]))
    pair = (str(outer), str(inner))
    return pair if draw(st.booleans()) else (pair[1], pair[0])


@st.composite
def clashing_v6_pools(draw: st.DrawFn) -> tuple[str, str]:
    """Two IPv6 pools that share addresses: equal or nested either way (fd00::/8 ULA space)."""
    outer_prefix = draw(st.integers(48, 64))
    outer = ipaddress.ip_network(
        f"fd{draw(st.integers(0, 255)):02x}:{draw(st.integers(0, 0xFFFF)):x}::/{outer_prefix}"
    )
    inner_prefix = draw(st.integers(outer_prefix, 64))
    inner = next(outer.subnets(new_prefix=inner_prefix))
    pair = (str(outer), str(inner))
    return pair if draw(st.booleans()) else (pair[1], pair[0])


@st.composite
def disjoint_adjacent_pools(draw: st.DrawFn) -> tuple[str, str]:
    """Two IPv4 pools that touch (the second starts right after the first) but share nothing."""
    prefix = draw(st.integers(16, 24))
    first = ipaddress.ip_network(f"10.{draw(st.integers(100, 103))}.0.0/{prefix}")
    second = ipaddress.ip_network(f"{first.broadcast_address + 1}/{prefix}")
    return str(first), str(second)


sd_case_variants = hex6.filter(lambda sd: sd.lower() != sd.upper()).flatmap(
    lambda sd: st.tuples(written_sd(sd.lower()), written_sd(sd.upper()))
)

# Cells on other bands than n78 with their point A / UL point A NR-ARFCNs, worked out by hand
# (point A = centre - N_RB * 12 * SCS / 2; UL centre = DL centre - duplex spacing):
# FDD at 15 and 30 kHz, TDD at 30 kHz, a 100 MHz n78 carrier, and FR2 (UERANSIM only).
OTHER_BANDS: list[tuple[dict[str, Any], int | None, int | None]] = [
    # n3 1842.5 MHz, 106 RB: 1842.5 - 9.54 = 1832.96 MHz; UL 95 MHz lower: 1737.96 MHz
    ({"band": "n3", "bandwidthMHz": 20, "scsKHz": 15, "arfcn": 368500}, 366592, 347592),
    # n66 2140 MHz, 51 RB at 30 kHz: 2130.82 MHz; UL (400 MHz lower) 1730.82 MHz
    ({"band": "n66", "bandwidthMHz": 20, "scsKHz": 30, "arfcn": 428000}, 426164, 346164),
    # n1 2140 MHz, 52 RB at 15 kHz: 2135.32 MHz; UL (190 MHz lower) 1945.32 MHz
    ({"band": "n1", "bandwidthMHz": 10, "scsKHz": 15, "arfcn": 428000}, 427064, 389064),
    # n41 (TDD) 2592.99 MHz, 106 RB at 30 kHz: 2573.91 MHz
    ({"band": "n41", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 518598}, 514782, None),
    # n78 3750 MHz, 273 RB at 30 kHz: 3700.86 MHz = 600000 + 700860 / 15
    ({"band": "n78", "bandwidthMHz": 100, "scsKHz": 30, "arfcn": 650000}, 646724, None),
]
FR2_CELL = {"band": "n257", "bandwidthMHz": 100, "scsKHz": 120, "arfcn": 2079167}


@st.composite
def per_gnb_tac_networks(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[int, int | None, int | None]]]:
    """A network of 1-3 gNBs (UERANSIM, srsRAN, OAI) each with its own TAC and a cell on another
    band than n78 (FR2 on UERANSIM), and per gNB (TAC, point A, UL point A) expected in its config
    (point A only where the target writes it: OAI)."""
    network = intents.network_data()
    spec = network["spec"]
    if draw(st.booleans()):
        spec["tac"] = draw(st.integers(1, 0xFFFFFD))
    for group in spec["subscribers"]:
        group.pop("simulate", None)
    expected = []
    spec["ran"] = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["ueransim", "srsran", "oai"]))
        tac = draw(st.integers(1, 0xFFFFFD))
        options = OTHER_BANDS + ([(FR2_CELL, None, None)] if kind == "ueransim" else [])
        cell, point_a, ul_point_a = draw(st.sampled_from(options))
        nci = f"0x{(i + 1) << 4:09x}"
        spec["ran"].append(
            {
                "name": f"gnb{i + 1}",
                "type": kind,
                "tac": tac,
                "slices": ["embb", "urllc"],
                "cells": [{"nci": nci, "pci": i, **cell}],
            }
        )
        expected.append((tac, point_a, ul_point_a) if kind == "oai" else (tac, None, None))
    return network, expected
