"""Rollout hashes: a pod's `n5gc.io/config-sha256` (or the provisioning Job's
`n5gc.io/subscribers-checksum`) is the hash of the config it mounts, so a changed config rolls the
pods. A hash that matches no reading of the config means the pods keep running the old config
after the new one is applied, or that the hash was computed over something else (the keys: a
hash of K/OPc must never leave the Secret) (N5G817).

Keys: every pod owner that mounts a Secret must carry `n5gc.io/keys-digest`, else a rotated key
never reaches it. For a Secret in plain text the digest is recomputed here (sha256 of the Secret
object's canonical JSON, domain-separated). For an encrypted Secret it cannot be: it is salted
and the plaintext is unreadable without an age identity, so it must equal the salted digest the
lock records for the Secret's file (`sealed`: the lock's entries, or at compile time the entries
the files are about to get), which the next compile recomputes over the plaintext.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, hashable, site_releases
from n5gc.diagnostics import Diagnostic, Location, error

CONFIG_HASH = "n5gc.io/config-sha256"
SUBSCRIBERS_HASH = "n5gc.io/subscribers-checksum"
KEYS_DIGEST = "n5gc.io/keys-digest"
PLAINTEXT_KEYS_DOMAIN = b"n5gc-keys-plaintext-v1\0"
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "Job")
KEY_FIELDS = ("key:", "op:")  # UERANSIM UE config fields holding K and OPc (top level)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def config_hashes(text: str, secret: bool) -> set[str]:
    """The hashes a config's rollout annotation may hold: of the text, or of the text without its
    leading comment lines; a Secret's config is hashed without its key lines."""
    lines = text.splitlines(keepends=True)
    if secret:
        return {_sha("".join(line for line in lines if not line.startswith(KEY_FIELDS)))}
    body = lines
    while body and body[0].lstrip().startswith("#"):
        body = body[1:]
    return {_sha(text), _sha("".join(body))}


def keys_digest(secret: Any) -> str:
    """The keys digest of a Secret written in plain text."""
    canonical = json.dumps(secret, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(PLAINTEXT_KEYS_DOMAIN + canonical.encode("utf-8")).hexdigest()


def check_rollout(
    files: list[TreeFile], sealed: Mapping[str, Mapping[str, str]] | None = None
) -> list[Diagnostic]:
    """N5G817 for every rollout annotation that does not follow what its pods mount. `sealed`:
    the lock's entries of the encrypted files (path -> salt and salted digest)."""
    sources: dict[tuple[str, str, str], Doc] = {}  # (kind, namespace, name) -> ConfigMap/Secret
    for tree_file in files:
        for kind in ("ConfigMap", "Secret"):
            for doc in tree_file.objects(kind):
                sources[(kind, str(doc.get("metadata", "namespace")), str(doc.get("metadata", "name")))] = doc
    problems: list[Diagnostic] = []
    for tree_file in files:
        for kind in ("Deployment", "Job"):
            for doc in tree_file.objects(kind):
                problems.extend(_workload(doc, sources))
    secrets = _every_secret(files, sealed or {})
    for tree_file in files:
        for kind in WORKLOADS:
            for doc in tree_file.objects(kind):
                problems.extend(_keys_digest(doc, secrets))
    for release in site_releases(files):
        values = release.values_doc
        if values is not None and isinstance(values.get("podAnnotations", CONFIG_HASH), str):  # srsRAN chart
            config = values.get("config")
            texts = [v for v in config.values() if isinstance(v, str)] if isinstance(config, dict) else []
            expected = set().union(*(config_hashes(t, False) for t in texts)) if texts else set()
            where = values.loc("config")
            problems.extend(_compare(values, ("podAnnotations", CONFIG_HASH), expected, where))
    return problems


def _workload(doc: Doc, sources: dict[tuple[str, str, str], Doc]) -> Iterator[Diagnostic]:
    template = ("spec", "template")
    annotations = doc.get(*template, "metadata", "annotations")
    if not isinstance(annotations, dict):
        return
    namespace = str(doc.get("metadata", "namespace"))
    for volume in doc.items(*template, "spec", "volumes"):
        source = _volume_source(volume, namespace, sources)
        if source is None:
            continue
        kind, data = source
        path = (*template, "metadata", "annotations")
        if CONFIG_HASH in annotations:
            texts = [v for v in data.values() if isinstance(v, str)]
            expected = set().union(*(config_hashes(t, kind == "Secret") for t in texts)) if texts else set()
            yield from _compare(
                doc, (*path, CONFIG_HASH), expected, _data_loc(sources, kind, namespace, volume)
            )
        if SUBSCRIBERS_HASH in annotations and kind == "ConfigMap":
            expected = {_sha(json.dumps(data, sort_keys=True))}
            where = _data_loc(sources, kind, namespace, volume)
            yield from _compare(doc, (*path, SUBSCRIBERS_HASH), expected, where)


@dataclass(frozen=True)
class MountedSecret:
    """A Secret of the tree, encrypted or not: where it is, and the keys digest its pods must carry
    (None: the file is encrypted and the lock records no salted digest for it)."""

    where: Location
    file: str
    expected: str | None


def _every_secret(
    files: list[TreeFile], sealed: Mapping[str, Mapping[str, str]]
) -> dict[tuple[str, str], MountedSecret]:
    """(namespace, name) -> every Secret of the tree, the SOPS-encrypted ones included (their
    names are not encrypted)."""
    found: dict[tuple[str, str], MountedSecret] = {}
    for tree_file in files:
        for doc in tree_file.docs:
            if not (isinstance(doc.data, dict) and doc.data.get("kind") == "Secret"):
                continue
            entry = sealed.get(tree_file.path)
            if entry is not None:
                expected = hashable(entry.get("sha256"))
            else:
                expected = None if isinstance(doc.data.get("sops"), dict) else keys_digest(doc.data)
            key = (str(doc.get("metadata", "namespace")), str(doc.get("metadata", "name")))
            found[key] = MountedSecret(doc.loc("metadata", "name"), tree_file.shown, expected)
    return found


def _keys_digest(doc: Doc, secrets: dict[tuple[str, str], MountedSecret]) -> Iterator[Diagnostic]:
    """A pod owner mounting Secrets carries their keys digests (joined by "," in volume order)."""
    template = ("spec", "template")
    namespace = str(doc.get("metadata", "namespace"))
    mounted = [
        secrets[(namespace, str(volume["secret"].get("secretName")))]
        for volume in doc.items(*template, "spec", "volumes")
        if isinstance(volume, dict)
        and isinstance(volume.get("secret"), dict)
        and (namespace, str(volume["secret"].get("secretName"))) in secrets
    ]
    if not mounted:
        return
    path = (*template, "metadata", "annotations", KEYS_DIGEST)
    written = doc.get(*path)
    unknown = [m.file for m in mounted if m.expected is None]
    if written is None:
        message = f"its pods mount the Secret at {mounted[0].where} but carry no {KEYS_DIGEST}"
    elif unknown:
        message = f"{KEYS_DIGEST} cannot be checked: the lock records no salted digest for {unknown[0]}"
    elif written != ",".join(str(m.expected) for m in mounted):
        message = f"{KEYS_DIGEST} is not the digest of the Secret its pods mount ({mounted[0].where})"
    else:
        return
    yield error(
        "N5G817",
        message,
        doc.loc(*path),
        "without it a rotated key (K/OPc) never reaches these pods: recompile (the digest is the "
        "lock's salted one for an encrypted Secret's file, else the sha256 of the Secret)",
    )


def _volume_source(
    volume: Any, namespace: str, sources: dict[tuple[str, str, str], Doc]
) -> tuple[str, dict[str, Any]] | None:
    if not isinstance(volume, dict):
        return None
    for kind, field, name_key in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
        ref = volume.get(field)
        if isinstance(ref, dict) and (kind, namespace, str(ref.get(name_key))) in sources:
            source = sources[(kind, namespace, str(ref.get(name_key)))]
            data = source.get("stringData" if kind == "Secret" else "data")
            if kind == "Secret" and not isinstance(data, dict):
                return None  # base64 `data`: not what n5gc writes; nothing to compare
            return (kind, data) if isinstance(data, dict) else None
    return None


def _data_loc(
    sources: dict[tuple[str, str, str], Doc], kind: str, namespace: str, volume: dict[str, Any]
) -> Location:
    ref = volume.get("configMap") or volume.get("secret") or {}
    source = sources[(kind, namespace, str(ref.get("name") or ref.get("secretName")))]
    return source.loc("stringData" if kind == "Secret" else "data")


def _compare(doc: Doc, path: tuple[str, ...], expected: set[str], config: Location) -> Iterator[Diagnostic]:
    written = hashable(doc.get(*path))
    if not expected or written in expected:
        return
    yield error(
        "N5G817",
        f"rollout hash {path[-1]} is not the hash of the config it belongs to ({config})",
        doc.loc(*path),
        "the annotation must change with the config (else pods keep the old one): recompile, or "
        "set it to the sha256 of the config (a Secret's without its key lines)",
    )
