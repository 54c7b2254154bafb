"""Property tests of multi-site placement (hypothesis): for random placements of the control plane,
the user planes and the RAN over 1-4 sites, with engine liqo or nsm (nsm listing every interface
that crosses sites), every compile succeeds (front end -> plan -> every target -> verify), and every
link that crosses sites is wired in the rendered output:

- Liqo: each workload of a site other than the home carries the virtual-node nodeSelector of its
  site's cluster id, and its namespace has a NamespaceOffloading selecting that cluster;
- NSM: both ends of each crossing link carry `kernel://<network>-<if>[@<domain>]/<if>` in their pod
  annotation, and a NetworkService `<network>-<if>` exists.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.plan.ir import Link, Plan
from n5gc.plan.placement import LIQO_REMOTE_CLUSTER, LIQO_TYPE, LIQO_VIRTUAL_NODE, NSM_ANNOTATION
from n5gc.targets import render_all
from n5gc.targets.base import Artifact
from n5gc.verify import verify
from n5gc.yamlio import dump

SECRETS = """\
apiVersion: n5gc.io/v1alpha1
kind: Secrets
credentials:
  keys: {k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA}
"""
CELL = {"pci": 1, "band": "n78", "bandwidthMHz": 40, "scsKHz": 30, "arfcn": 641280}
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def placements(draw: st.DrawFn, engine: str) -> dict[str, Any]:
    """A valid intent whose core, user planes and gNBs are spread at random over 1-4 sites."""
    count = draw(st.integers(1, 4))
    sites = [f"s{i}" for i in range(count)]
    pick = st.sampled_from(sites)
    spec: dict[str, Any] = {
        "plmn": {"mcc": "001", "mnc": "01"},
        "sites": [
            {
                "name": s,
                "cluster": {"name": f"c{i}"},
                "podCidr": f"10.{200 + i}.0.0/16",
                "serviceCidr": f"10.{210 + i}.0.0/16",
                "clusterDomain": f"{s}.local" if engine == "nsm" else "cluster.local",
            }
            for i, s in enumerate(sites)
        ],
        "core": {"site": draw(pick)},
        "slices": [
            {
                "name": f"sl{i}",
                "sst": 1,
                "sd": f"{i + 1:06x}",
                "userPlane": {"site": draw(pick), "instances": draw(st.integers(1, 2))},
                "dnns": [{"name": "internet", "subnet": f"10.{10 + i}.0.0/24"}],
            }
            for i in range(draw(st.integers(1, 3)))
        ],
    }
    names = [s["name"] for s in spec["slices"]]
    spec["ran"] = [
        {
            "name": f"g{i}",
            "site": draw(pick),
            "slices": draw(st.lists(st.sampled_from(names), min_size=1, unique=True)),
            "cells": [{"nci": f"0x{(i + 1) << 4:09x}", **CELL}],
        }
        for i in range(draw(st.integers(1, 2)))
    ]
    spec["subscribers"] = [
        {
            "name": f"ues{i}",
            "imsi": {"first": f"00101{i:04d}000001", "count": 2},
            "slices": [{"slice": g["slices"][0], "dnns": ["internet"]}],
            "credentials": "keys",
            "simulate": {"gnb": g["name"]},
        }
        for i, g in enumerate(spec["ran"])
        if draw(st.booleans())
    ]
    if engine == "liqo":
        spec["multicluster"] = {
            "engine": "liqo",
            "liqo": {"home": draw(pick), "peering": draw(st.sampled_from(["OutOfBand", "InBand"]))},
        }
    else:
        extra = draw(st.lists(st.sampled_from(["n6", "sbi"]), unique=True))
        spec["multicluster"] = {
            "engine": "nsm",
            "nsm": {"mtu": draw(st.integers(1280, 9000)), "interfaces": ["n2", "n3", "n4", *extra]},
        }
    if draw(st.booleans()):
        spec["gitops"] = {
            "engine": draw(st.sampled_from(["argocd", "flux"])),
            "repo": {"url": "https://git.example.net/5g.git", "path": "out"},
        }
    return {"apiVersion": "n5gc.io/v1alpha1", "kind": "Network", "metadata": {"name": "net"}, "spec": spec}


def compile_network(network: dict[str, Any]) -> tuple[Plan, list[Artifact]]:
    """What `n5gc compile` does before writing: front end, plan, every target, verify."""
    with tempfile.TemporaryDirectory() as folder:
        intent = Path(folder) / "net.yaml"
        intent.write_text(dump(network), encoding="utf-8")
        (Path(folder) / "net.secrets.yaml").write_text(SECRETS, encoding="utf-8")
        analysis = analyse(intent)
        assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
        plan = build_plan(analysis.network)
        artifacts = render_all(plan, analysis.secrets)
        verify(artifacts)
        return plan, artifacts


# --- where a workload's pods are rendered -------------------------------------------------------------

Pods = list[tuple[str, dict[str, Any], dict[str, Any]]]  # (site, nodeSelector, pod annotations)


def pod_specs(plan: Plan, artifacts: list[Artifact]) -> dict[str, Pods]:
    """Workload name -> (site, nodeSelector, pod annotations) of each pod kind it renders."""
    files = {a.path: a for a in artifacts}
    found: dict[str, Pods] = {}
    for release in plan.releases:
        chart = files[f"sites/{release.site}/helm/{release.name}/values.yaml"].documents[0]
        parts = [chart[nf] for nf, _ in plan.core.fullnames] if release.role == "core" else [chart]
        found[release.name] = [
            (release.site, p.get("nodeSelector", {}), p.get("podAnnotations", {})) for p in parts
        ]
    for g in plan.gnbs:
        for document in files[f"sites/{g.site}/ran/gnb-{g.name}.yaml"].documents:
            if document["kind"] == "Deployment":
                template = document["spec"]["template"]
                found[g.object_name] = [
                    (
                        g.site,
                        template["spec"].get("nodeSelector", {}),
                        template["metadata"].get("annotations", {}),
                    )
                ]
    for group in plan.subscribers:
        for document in files[f"sites/{group.site}/ran/ues-{group.name}.yaml"].documents:
            if document["kind"] == "Deployment":
                selector = document["spec"]["template"]["spec"].get("nodeSelector", {})
                found[group.object_name] = [(group.site, selector, {})]
    return found


def offloadings(artifacts: list[Artifact]) -> dict[str, set[str]]:
    """Namespace -> the cluster ids its NamespaceOffloading selects."""
    result = {}
    for a in artifacts:
        if "/liqo/" in a.path:
            doc = a.documents[0]
            terms = doc["spec"]["clusterSelector"]["nodeSelectorTerms"]
            result[doc["metadata"]["namespace"]] = {
                v
                for t in terms
                for e in t["matchExpressions"]
                if e["key"] == LIQO_REMOTE_CLUSTER
                for v in e["values"]
            }
    return result


def namespaces(plan: Plan) -> dict[str, str]:
    """Workload name -> its namespace."""
    result = {r.name: r.namespace for r in plan.releases}
    result.update({g.object_name: g.namespace for g in plan.gnbs})
    result.update({u.object_name: u.namespace for u in plan.subscribers})
    return result


# --- the properties -----------------------------------------------------------------------------------


@PROPERTY
@given(placements("liqo"))
def test_liqo_pins_every_offloaded_workload_and_offloads_its_namespace(network: dict[str, Any]) -> None:
    plan, artifacts = compile_network(network)
    assert plan.liqo is not None
    home = plan.liqo.home
    cluster = {s.name: s.cluster_name for s in plan.sites}
    offloaded = offloadings(artifacts)
    spaces = namespaces(plan)
    assert {s.apply_site for s in plan.sites} == {home}
    for workload, pods in pod_specs(plan, artifacts).items():
        for site, selector, _ in pods:
            if site == home:
                assert LIQO_TYPE not in selector, workload
                continue
            assert selector == {LIQO_REMOTE_CLUSTER: cluster[site], LIQO_TYPE: LIQO_VIRTUAL_NODE}, workload
            assert cluster[site] in offloaded.get(spaces[workload], set()), workload
    for link in plan.links:  # a Service reached from another cluster is reflected there
        if link.service is not None and link.client_site != home:
            assert cluster[link.client_site] in offloaded[link.service.namespace], link


def _ends(link: Link, plan: Plan) -> list[tuple[str, str]]:
    """(workload, part) at both ends of a link: the AMF part of the core release for N2."""
    core = plan.core.release.name
    return [(name, "amf" if name == core else "") for name in (link.client, link.server)]


@PROPERTY
@given(placements("nsm"))
def test_nsm_wires_both_ends_of_every_crossing_link(network: dict[str, Any]) -> None:
    plan, artifacts = compile_network(network)
    assert plan.nsm is not None
    services = {
        a.documents[0]["metadata"]["name"] for a in artifacts if a.path.endswith("-networkservice.yaml")
    }
    files = {a.path: a for a in artifacts}
    specs = pod_specs(plan, artifacts)
    for link in plan.links:
        if not link.crosses_sites:
            continue
        service = f"{plan.network}-{link.interface}"
        assert service in services, link
        for name, part in _ends(link, plan):
            if part:
                release = plan.core.release
                chart = files[f"sites/{release.site}/helm/{release.name}/values.yaml"].documents[0][part]
                annotations = chart["podAnnotations"]
            else:
                annotations = specs[name][0][2]
            urls = annotations[NSM_ANNOTATION].split(",")
            wired = [
                u for u in urls if u.startswith(f"kernel://{service}") and f"/{link.interface}?name=" in u
            ]
            assert wired, (link, urls)
