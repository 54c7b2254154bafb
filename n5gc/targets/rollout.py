"""Rollouts that follow config: the one place a config's hash is stamped onto the pods that read it.

Kubernetes does not restart pods when a mounted ConfigMap/Secret changes, and a GitOps engine only
applies what changed. So every workload n5gc emits that mounts a config carries the sha256 of that
config in its pod template's annotations: a changed config changes the pod template, which rolls
the Deployment (or, for the provisioning Job, makes the engine recreate it). `n5gc audit`
(n5gc/audit/rollout.py) re-computes these hashes independently from the emitted tree (N5G817).

Helm releases of the core NFs are not stamped here: the Gradiant charts hash their own rendered
config, so a changed values.yaml is what rolls those pods.

Keys are the exception. `config-sha256` leaves K/OPc out (KEY_LINES) and the provisioning Job's
checksum covers its ConfigMap only, so on their own a key rotation would roll nothing: the core
would keep the old key or the UEs would. Every pod owner that mounts a Secret (a volume's
`secret.secretName`) therefore also carries `n5gc.io/keys-digest`, a digest of that Secret, which
changes exactly when the Secret does (`stamp_keys_digests`). Which digest depends on where the keys
are written:

- Encrypted (`spec.encryption.sops.age`): the seal's SALTED digest of the Secret's file, the one
  the lock records (n5gc/sops/seal.py `plaintext_digest`). Its salt is random and drawn anew
  whenever the plaintext (or the recipients) change, so the annotation is no fingerprint of a key:
  nothing deterministic in the keys reaches Git. n5gc/sops/stage.py stamps it before verify.
- Plain text: `plaintext_keys_digest`, a deterministic sha256 of the Secret object, stamped by
  `render_all`. That is a function of the keys, but the keys themselves sit in plain text in the
  same tree (next to the annotation, N5G209 warns), so it tells a reader nothing the tree does not;
  and being deterministic keeps fresh compiles byte-identical. It is never a hash of a key alone
  (the object holds names, labels and configs too), so no key form appears in any output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from n5gc.targets.base import POD_OWNERS, Artifact

CONFIG_HASH_ANNOTATION = "n5gc.io/config-sha256"
SUBSCRIBERS_CHECKSUM_ANNOTATION = "n5gc.io/subscribers-checksum"
KEYS_DIGEST_ANNOTATION = "n5gc.io/keys-digest"
PLAINTEXT_KEYS_DOMAIN = b"n5gc-keys-plaintext-v1\0"  # n5gc/audit/rollout.py recomputes it
# Top-level lines of a UERANSIM UE config that hold K and OPc: left out of the hash, because
# nothing derived from a key may leave the Secret (an unsalted hash of a key is the key's fingerprint).
KEY_LINES = ("key:", "op:")


def stamp_config_hash(
    target: dict[str, Any] | list[Any],
    config_text: str,
    *,
    secret: bool = False,
    annotation: str = CONFIG_HASH_ANNOTATION,
) -> dict[str, Any]:
    """Stamp sha256(`config_text`) as `annotation` on the pods that mount the config; returns `target`.

    target:      the documents of a file (every pod-owning object among them: Deployment,
                 StatefulSet, DaemonSet, Job, on its pod template's annotations), or a chart's
                 values (its `podAnnotations`, e.g. the srsRAN chart).
    config_text: the config exactly as hashed: the mounted text (or its body without a leading
                 comment header, or a canonical JSON form of a ConfigMap's data).
    secret:      the config lives in a Secret next to keys: its key lines are left out of the hash.
    """
    if secret:
        config_text = "".join(
            line for line in config_text.splitlines(keepends=True) if not line.startswith(KEY_LINES)
        )
    digest = hashlib.sha256(config_text.encode()).hexdigest()
    if isinstance(target, dict):
        target.setdefault("podAnnotations", {})[annotation] = digest
        return target
    for document in target:
        if isinstance(document, dict) and document.get("kind") in POD_OWNERS:
            metadata = document["spec"]["template"].setdefault("metadata", {})
            metadata.setdefault("annotations", {})[annotation] = digest
    return target


SecretKey = tuple[str, str]  # (namespace, name) of a Secret


def plaintext_keys_digest(secret: Mapping[str, Any]) -> str:
    """The keys digest of a Secret written in plain text: sha256 of its canonical JSON (see the
    module's docstring for why a deterministic digest is acceptable there, and only there)."""
    canonical = json.dumps(secret, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(PLAINTEXT_KEYS_DOMAIN + canonical.encode("utf-8")).hexdigest()


def secret_key(document: Any) -> SecretKey | None:
    """(namespace, name) of a Secret document; None for anything else."""
    if not (isinstance(document, dict) and document.get("kind") == "Secret"):
        return None
    metadata = document.get("metadata") or {}
    return str(metadata.get("namespace")), str(metadata.get("name"))


def plaintext_keys_digests(artifacts: list[Artifact]) -> dict[SecretKey, str]:
    """Every Secret of the tree -> its plain-text keys digest."""
    return {
        key: plaintext_keys_digest(document)
        for artifact in artifacts
        for document in artifact.documents
        if (key := secret_key(document)) is not None
    }


def stamp_keys_digests(artifacts: list[Artifact], digests: Mapping[SecretKey, str]) -> list[Artifact]:
    """`artifacts` with `n5gc.io/keys-digest` on the pod template of every pod owner whose pods
    mount a Secret of `digests`: that Secret's digest (several: joined by "," in volume order).
    Artifacts without such a pod owner are returned as they are (the same objects)."""
    result = []
    for artifact in artifacts:
        documents = tuple(_with_keys_digest(document, digests) for document in artifact.documents)
        changed = any(new is not old for new, old in zip(documents, artifact.documents, strict=True))
        result.append(dataclasses.replace(artifact, documents=documents) if changed else artifact)
    return result


def mounted_secrets(document: Any) -> list[SecretKey]:
    """The Secrets (namespace, name) whose volumes the pods of a pod owner mount, in volume order;
    [] for any other document."""
    if not (isinstance(document, dict) and document.get("kind") in POD_OWNERS):
        return []
    namespace = str(document["metadata"].get("namespace"))
    volumes = document["spec"]["template"].get("spec", {}).get("volumes") or []
    return [
        (namespace, str(volume["secret"].get("secretName")))
        for volume in volumes
        if isinstance(volume.get("secret"), dict)
    ]


def _with_keys_digest(document: Any, digests: Mapping[SecretKey, str]) -> Any:
    mounted = [digests[secret] for secret in mounted_secrets(document) if secret in digests]
    if not mounted:
        return document
    # The rendered object may be shared: never edit it in place. Only the mappings on the way to the
    # annotations are copied (a deep copy of every pod owner costs 10 % of rendering 1,000 slices);
    # the stamped document shares the rest, which nothing edits after this last step of render_all.
    spec = dict(document["spec"])
    template = spec["template"] = dict(spec["template"])
    metadata = template["metadata"] = dict(template.get("metadata") or {})
    annotations = metadata["annotations"] = dict(metadata.get("annotations") or {})
    annotations[KEYS_DIGEST_ANNOTATION] = ",".join(mounted)
    return {**document, "spec": spec}
