"""Rollout hashes: a pod's `n5gc.io/config-sha256` (or the provisioning Job's
`n5gc.io/subscribers-checksum`) is the hash of the config it mounts, so a changed config rolls the
pods. A hash that matches no reading of the config means the pods keep running the old config
after the new one is applied, or that the hash was computed over something else (the keys: a
hash of K/OPc must never leave the Secret) (N5G817).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, hashable, site_releases
from n5gc.diagnostics import Diagnostic, Location, error

CONFIG_HASH = "n5gc.io/config-sha256"
SUBSCRIBERS_HASH = "n5gc.io/subscribers-checksum"
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


def check_rollout(files: list[TreeFile]) -> list[Diagnostic]:
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
