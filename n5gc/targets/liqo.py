"""liqo target (`multicluster.engine: liqo`): the NamespaceOffloading of every offloaded namespace.

Output, in the home site's folder (the home cluster is where GitOps applies every site folder):
`sites/<home>/liqo/<namespace>.yaml`, one `NamespaceOffloading` named `offloading` per namespace
that holds pods of another site or Services that such pods reach (`plan.liqo.offloaded`). Its
cluster selector picks the remote clusters by `liqo.io/remote-cluster-id` (the label of their
virtual nodes); strategies come from the intent (`multicluster.liqo`). The workloads themselves
are pinned by the planner: offloaded ones to the remote virtual node (nodeSelector), the others
off virtual nodes (node affinity); the open5gs and ueransim targets write that into their pods.

Ordering: the kubernetes target lists namespaces.yaml first in the site's kustomization. The
NamespaceOffloading must exist before the site's RAN Deployments create pods (Liqo's webhook lets a
pod onto a virtual node only in an offloaded namespace): the plan lists its kind in
`gitops.first_in_folder` and the GitOps engine orders it (Argo CD: sync wave -1 inside the site
Application); this target renders it engine-agnostic. The Helm releases come later (Argo CD waves,
Flux: after the site Kustomizations).
"""

from __future__ import annotations

from typing import Any

from n5gc.blueprint import render_one
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import OffloadedNamespace, Plan
from n5gc.plan.placement import LIQO_REMOTE_CLUSTER
from n5gc.targets.base import Artifact, labels, site_dir

BLUEPRINTS = "liqo"
SCHEMA = "crd/offloading.liqo.io/namespaceoffloading"


class LiqoTarget:
    """Renders one NamespaceOffloading per offloaded namespace into the home site's folder."""

    name = "liqo"

    def applies(self, plan: Plan) -> bool:
        return plan.liqo is not None and bool(plan.liqo.offloaded)

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """`sites/<home>/liqo/<namespace>.yaml` for each offloaded namespace."""
        if plan.liqo is None:
            return []
        return [
            Artifact(
                f"{site_dir(offloaded.site)}/liqo/{offloaded.namespace}.yaml",
                (namespace_offloading(plan, offloaded),),
                schema=SCHEMA,
                site=offloaded.site,
                kustomize=True,
            )
            for offloaded in plan.liqo.offloaded
        ]


def namespace_offloading(plan: Plan, offloaded: OffloadedNamespace) -> Any:
    """The NamespaceOffloading of one namespace, selecting the clusters its pods go to."""
    liqo = plan.liqo
    assert liqo is not None  # applies() guarantees it
    return render_one(
        BLUEPRINTS,
        "namespaceoffloading.yaml.j2",
        namespace=offloaded.namespace,
        labels=labels(plan, component="liqo"),
        cluster_key=LIQO_REMOTE_CLUSTER,
        clusters=list(offloaded.clusters),
        pod_strategy=liqo.pod_offloading_strategy,
        mapping_strategy=liqo.namespace_mapping_strategy,
    )


TARGET = LiqoTarget()
