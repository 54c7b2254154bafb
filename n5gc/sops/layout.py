"""Where encrypted Secrets live and how each GitOps engine gets them decrypted.

SOPS encrypts by key name across a whole file (`encrypted_regex: ^(data|stringData)$`), so a Secret
sharing a file with a ConfigMap would get the ConfigMap's `data` encrypted too: `separate` moves
every key-bearing Secret into a file of its own, `<file>.sops.yaml`, beside the file it came from
(`ran/ues-embb.yaml` -> `ran/ues-embb.sops.yaml`). `wire` then makes the kustomize root that listed
the original file use it:

- Flux: the file is one more `resources:` entry, and the Flux Kustomization applying the folder gets
  `spec.decryption: {provider: sops, secretRef: {name: sops-age}}`: kustomize-controller decrypts
  each resource after the build with the `*.agekey` entries of that Secret (from its JSON; it leaves
  the MAC unchecked, as kustomize re-orders fields: values are bound to their key path, not order).
- Argo CD (and no engine): Argo CD has no SOPS of its own; the folder gets a KSOPS generator
  (`secret-generator.yaml`, KRM exec function `ksops`) listing the files, named by the
  kustomization's `generators:`, and the files leave `resources:` (kustomize must not apply the
  encrypted text). The repo-server needs KSOPS and the age key once (README of the tree).
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import Plan
from n5gc.sops import SOPS_SUFFIX
from n5gc.targets.base import Artifact

FLUX_SECRET = "sops-age"  # the Secret (in the Flux namespace) holding `age.agekey`
ARGOCD_SECRET = "sops-age"  # the Secret (in Argo CD's namespace) mounted into the repo-server
GENERATOR_FILE = "secret-generator.yaml"
KSOPS_API = "viaduct.ai/v1"
KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1"
FLUX_KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/"


def is_key_bearing(document: Any) -> bool:
    """A Secret: every Secret n5gc writes carries key material (provisioning, UE and smoke-test configs)."""
    return isinstance(document, dict) and document.get("kind") == "Secret"


def flux_engine(plan: Plan) -> bool:
    """Flux decrypts natively; every other case uses the KSOPS form."""
    return plan.gitops is not None and plan.gitops.engine == "flux"


def separate(plan: Plan, tree: list[Artifact]) -> tuple[list[Artifact], dict[str, list[str]]]:
    """Move every Secret into a `.sops.yaml` file of its own (only with recipients).

    Returns the new tree and, per original path, the encrypted files taken out of it. The new files
    are not `kustomize` artifacts: `wire` lists them where the original was listed.
    """
    if not plan.sops_age:
        return tree, {}
    result: list[Artifact] = []
    moved: dict[str, list[str]] = {}
    taken = {a.path for a in tree}
    for artifact in tree:
        secrets = [d for d in artifact.documents if is_key_bearing(d)]
        if not secrets:
            result.append(artifact)
            continue
        rest = tuple(d for d in artifact.documents if not is_key_bearing(d))
        stem = artifact.path.rsplit(".", 1)[0]
        for secret in secrets:
            # Beside the file it came from: ran/ues-embb.yaml -> ran/ues-embb.sops.yaml.
            path = stem + (
                SOPS_SUFFIX if len(secrets) == 1 else f"-{secret['metadata']['name']}{SOPS_SUFFIX}"
            )
            if path in taken:
                raise CompilerBug(f"{path}: two files would hold the encrypted Secret")
            taken.add(path)
            moved.setdefault(artifact.path, []).append(path)
            result.append(
                Artifact(
                    path, (secret,), schema=artifact.schema, site=artifact.site, embedded=artifact.embedded
                )
            )
        if rest:
            result.append(dataclasses.replace(artifact, documents=rest, embedded=()))
    return result, moved


def sealed_paths(moved: dict[str, list[str]]) -> set[str]:
    """Every file `separate` made (the files `seal` encrypts)."""
    return {p for paths in moved.values() for p in paths}


def wire(plan: Plan, artifacts: list[Artifact], moved: dict[str, list[str]]) -> list[Artifact]:
    """List the encrypted files in the kustomize roots that listed their originals, per engine;
    give Flux Kustomizations decryption and the tree's README the set-up section."""
    if not moved:
        return artifacts
    present = {a.path for a in artifacts}
    flux = flux_engine(plan)
    result: list[Artifact] = []
    for artifact in artifacts:
        if _is_kustomization(artifact):
            result.extend(_rewire(artifact, moved, present, flux))
        elif flux and _is_flux_kustomization(artifact):
            result.append(_with_decryption(plan, artifact, sealed_paths(moved)))
        elif artifact.path == "README.md" and artifact.text is not None:
            from n5gc.sops.docs import readme_section

            result.append(dataclasses.replace(artifact, text=artifact.text + readme_section(plan)))
        else:
            result.append(artifact)
    return result


def _is_kustomization(artifact: Artifact) -> bool:
    return (
        posixpath.basename(artifact.path) == "kustomization.yaml"
        and len(artifact.documents) == 1
        and artifact.documents[0].get("apiVersion") == KUSTOMIZE_API
    )


def _is_flux_kustomization(artifact: Artifact) -> bool:
    return any(
        isinstance(d, dict)
        and d.get("kind") == "Kustomization"
        and str(d.get("apiVersion", "")).startswith(FLUX_KUSTOMIZE_API)
        for d in artifact.documents
    )


def _rewire(artifact: Artifact, moved: dict[str, list[str]], present: set[str], flux: bool) -> list[Artifact]:
    """A kustomization whose resources named a file that lost its Secrets: Flux lists the
    encrypted files as resources; otherwise they go to a KSOPS generator beside it."""
    document = dict(artifact.documents[0])
    folder = posixpath.dirname(artifact.path)
    resources: list[str] = []
    encrypted: list[str] = []
    for entry in document.get("resources", []):
        original = posixpath.normpath(posixpath.join(folder, entry))
        if original not in moved:
            resources.append(entry)
            continue
        if original in present:
            resources.append(entry)
        encrypted.extend(posixpath.relpath(p, folder) for p in moved[original])
    if not encrypted:
        return [artifact]
    if flux:
        document["resources"] = resources + encrypted
        return [dataclasses.replace(artifact, documents=(document,))]
    if resources:
        document["resources"] = resources
    else:
        document.pop("resources", None)
    document["generators"] = [GENERATOR_FILE]
    generator = Artifact(
        posixpath.join(folder, GENERATOR_FILE),
        (ksops_generator(artifact.site or "", folder, encrypted),),
        schema="ksops",
        site=artifact.site,
    )
    return [dataclasses.replace(artifact, documents=(document,)), generator]


def ksops_generator(site: str, folder: str, files: list[str]) -> dict[str, Any]:
    """The KSOPS generator (KRM exec function) decrypting `files` (relative to the kustomization)."""
    name = "-".join(
        p for p in ("n5gc", site, posixpath.basename(folder) if folder.count("/") > 1 else "") if p
    )
    return {
        "apiVersion": KSOPS_API,
        "kind": "ksops",
        "metadata": {
            "name": f"{name}-secrets",
            "annotations": {"config.kubernetes.io/function": "exec:\n  path: ksops\n"},
        },
        "files": sorted(files),
    }


def _with_decryption(plan: Plan, artifact: Artifact, sealed: set[str]) -> Artifact:
    """Flux Kustomizations that apply a folder holding encrypted files decrypt with sops-age."""
    documents = []
    for document in artifact.documents:
        if _applies_encrypted(plan, document, sealed):
            spec = dict(document["spec"])
            spec["decryption"] = {"provider": "sops", "secretRef": {"name": FLUX_SECRET}}
            document = {**document, "spec": spec}
        documents.append(document)
    return dataclasses.replace(artifact, documents=tuple(documents))


def _applies_encrypted(plan: Plan, document: Any, sealed: set[str]) -> bool:
    if not (isinstance(document, dict) and document.get("kind") == "Kustomization"):
        return False
    path = str(document.get("spec", {}).get("path", ""))
    base = plan.gitops.path if plan.gitops is not None else ""
    folder = posixpath.normpath(
        posixpath.relpath(posixpath.normpath("/" + path), posixpath.normpath("/" + base))
    )
    return any(p.startswith(folder + "/") for p in sealed)
