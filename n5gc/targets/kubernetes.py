"""kubernetes target: Namespaces per site, and one kustomization.yaml per site listing every
plain manifest of that site, so that plain `kustomize build sites/<site>` yields them all.
"""

from __future__ import annotations

from n5gc.blueprint import render_one
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact, labels, site_dir
from n5gc.targets.recipes import Output, Recipe, Step, expand

NAMESPACES_FILE = "namespaces.yaml"
POD_SECURITY = "pod-security.kubernetes.io/enforce"


class KubernetesTarget:
    name = "kubernetes"

    def applies(self, plan: Plan) -> bool:
        return True

    def parts(self, plan: Plan, secrets: Secrets | None) -> list[Artifact | Step]:
        """Namespaces of every site, one recipe step per site (the kustomizations come last, see
        `kustomizations`)."""
        return [namespaces_step(site.name, site.namespaces) for site in plan.sites if site.namespaces]

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Every artifact of `parts`, the steps built."""
        return expand(plan, self.parts(plan, secrets))


def build_namespaces(plan: Plan, site: str, namespaces: tuple[str, ...]) -> list[Artifact]:
    documents = tuple(
        render_one("kubernetes", "namespace.yaml.j2", name=ns, labels=namespace_labels(plan, ns))
        for ns in namespaces
    )
    return [Artifact(f"{site_dir(site)}/{NAMESPACES_FILE}", documents, site=site, kustomize=True)]


# Labels of every Namespace: the common labels, and which namespaces are privileged.
NAMESPACES_RECIPE = Recipe(
    "kubernetes.namespaces",
    "1",
    ("network", "labels", "privileged_namespaces"),
    build_namespaces,
    ("Namespace",),
)


def namespaces_step(site: str, namespaces: tuple[str, ...]) -> Step:
    """A site's namespaces.yaml as a recipe step."""
    path = f"{site_dir(site)}/{NAMESPACES_FILE}"
    output = Output(path, "kubernetes", site, kustomize=True, namespaces=tuple(sorted(set(namespaces))))
    return Step(NAMESPACES_RECIPE, (("site", site), ("namespaces", namespaces)), (output,))


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
