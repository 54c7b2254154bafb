"""kubernetes target: Namespaces per site, and one kustomization.yaml per site listing every
plain manifest of that site, so that plain `kustomize build sites/<site>` yields them all.
"""

from __future__ import annotations

from n5gc.blueprint import render_one
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact, labels, site_dir

NAMESPACES_FILE = "namespaces.yaml"
POD_SECURITY = "pod-security.kubernetes.io/enforce"


class KubernetesTarget:
    name = "kubernetes"

    def applies(self, plan: Plan) -> bool:
        return True

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Namespaces of every site (the kustomizations come last, see `kustomizations`)."""
        artifacts = []
        for site in plan.sites:
            namespaces = tuple(
                render_one("kubernetes", "namespace.yaml.j2", name=ns, labels=namespace_labels(plan, ns))
                for ns in site.namespaces
            )
            if namespaces:
                artifacts.append(
                    Artifact(
                        f"{site_dir(site.name)}/{NAMESPACES_FILE}", namespaces, site=site.name, kustomize=True
                    )
                )
        return artifacts


def namespace_labels(plan: Plan, namespace: str) -> dict[str, str]:
    """Common labels, plus PodSecurity "privileged" where UPFs or simulated UEs need NET_ADMIN and tun."""
    result = labels(plan)
    if namespace in plan.privileged_namespaces:
        result[POD_SECURITY] = "privileged"
    return result


def kustomizations(plan: Plan, artifacts: list[Artifact]) -> list[Artifact]:
    """One kustomization.yaml per site, listing that site's plain manifests (namespaces first)."""
    result = []
    for site in plan.sites:
        prefix = site_dir(site.name) + "/"
        files = sorted(a.path[len(prefix) :] for a in artifacts if a.kustomize and a.site == site.name)
        files.sort(key=lambda f: f != NAMESPACES_FILE)  # namespaces before what lives in them
        if not files:
            continue
        document = render_one("kubernetes", "kustomization.yaml.j2", resources=files)
        result.append(
            Artifact(prefix + "kustomization.yaml", (document,), schema="kustomization", site=site.name)
        )
    return result


TARGET = KubernetesTarget()
