"""Rollouts that follow config: the one place a config's hash is stamped onto the pods that read it.

Kubernetes does not restart pods when a mounted ConfigMap/Secret changes, and a GitOps engine only
applies what changed. So every workload n5gc emits that mounts a config carries the sha256 of that
config in its pod template's annotations: a changed config changes the pod template, which rolls
the Deployment (or, for the provisioning Job, makes the engine recreate it). `n5gc audit`
(n5gc/audit/rollout.py) re-computes these hashes independently from the emitted tree (N5G817).

Helm releases of the core NFs are not stamped here: the Gradiant charts hash their own rendered
config, so a changed values.yaml is what rolls those pods.
"""

from __future__ import annotations

import hashlib
from typing import Any

from n5gc.targets.base import POD_OWNERS

CONFIG_HASH_ANNOTATION = "n5gc.io/config-sha256"
SUBSCRIBERS_CHECKSUM_ANNOTATION = "n5gc.io/subscribers-checksum"
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
