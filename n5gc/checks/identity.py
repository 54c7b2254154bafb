"""Identities: S-NSSAIs are distinct, cells are distinct, and the N2/AMF identity is sound."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error, warning


def distinct_snssai(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G301: two slices with equal (SST, SD) are one slice to the core: refuse the ambiguity."""
    first: dict[tuple[int, str | None], str] = {}
    for i, s in enumerate(ctx.network.spec.slices):
        key = (s.sst, s.sd)
        if key in first:
            shown = f"sst {s.sst}" + (f', sd "{s.sd}"' if s.sd else " without sd")
            yield error(
                "N5G301",
                f'slice "{s.name}": S-NSSAI ({shown}) is the same as slice "{first[key]}"',
                ctx.at("spec", "slices", i, "sst"),
                "give each slice a distinct sd",
            )
        else:
            first[key] = s.name


def distinct_cells(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G312: NCIs are unique in the network; a cell's NCI carries its gNB's id in its top bits."""
    seen: dict[int, str] = {}
    for i, gnb in enumerate(ctx.network.spec.ran):
        gnb_ids = set()
        for j, cell in enumerate(gnb.cells):
            nci = int(cell.nci)
            if nci in seen:
                yield error(
                    "N5G312",
                    f'gNB "{gnb.name}": nci 0x{nci:09x} is already used by gNB "{seen[nci]}"',
                    ctx.at("spec", "ran", i, "cells", j, "nci"),
                    "every cell needs its own NR cell identity",
                )
            seen[nci] = gnb.name
            gnb_ids.add(nci >> (36 - gnb.id_length))
        if len(gnb_ids) > 1:
            yield error(
                "N5G312",
                f'gNB "{gnb.name}": its cells have different gNB ids in the top '
                f"{gnb.id_length} bits of their NCIs",
                ctx.at("spec", "ran", i, "cells"),
                "all cells of one gNB share the gNB id; only the low cell-id bits differ",
            )


def n2_exposure(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G310: a fixed nodePort only makes sense with a NodePort Service."""
    n2 = ctx.network.spec.core.n2
    if n2.node_port is not None and n2.service != "NodePort":
        yield warning(
            "N5G310",
            f"core.n2: nodePort {n2.node_port} is ignored with service {n2.service}",
            ctx.at("spec", "core", "n2", "nodePort"),
            "set `service: NodePort` or drop nodePort",
        )


RULES = [distinct_snssai, distinct_cells, n2_exposure]
