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
import re
from collections.abc import Mapping
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, hashable, read_tree
from n5gc.audit.views import Reader, SummaryTree
from n5gc.diagnostics import Diagnostic, Location, error

CONFIG_HASH = "n5gc.io/config-sha256"
SUBSCRIBERS_HASH = "n5gc.io/subscribers-checksum"
KEYS_DIGEST = "n5gc.io/keys-digest"
PLAINTEXT_KEYS_DOMAIN = b"n5gc-keys-plaintext-v1\0"
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "Job")
KEY_FIELDS = ("key:", "op:")  # UERANSIM UE config fields holding K and OPc (top level)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Whether a text's first line that is not blank starts with "#" (\s: what str.lstrip() strips).
_LEADING_COMMENT = re.compile(r"\s*#")


def config_hashes(text: str, secret: bool) -> set[str]:
    """The hashes a config's rollout annotation may hold: of the text, or of the text without its
    leading comment lines; a Secret's config is hashed without its key lines."""
    if not secret and not _LEADING_COMMENT.match(text):  # (most: the text is its own body)
        return {_sha(text)}
    lines = text.splitlines(keepends=True)
    if secret:
        return {_sha("".join(line for line in lines if not line.startswith(KEY_FIELDS)))}
    body = lines
    while body and body[0].lstrip().startswith("#"):
        body = body[1:]
    return {_sha(text), _sha("".join(body))}


def keys_digest(secret: Any) -> str:
    """The keys digest of a Secret written in plain text."""
    try:
        canonical = json.dumps(secret, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # keys of mixed types, edited by hand: never what n5gc writes
        canonical = repr(secret)
    return hashlib.sha256(PLAINTEXT_KEYS_DOMAIN + canonical.encode("utf-8")).hexdigest()


# --- one file ------------------------------------------------------------------------------------
# Sources "rsrc": [kind C/S, namespace, name, line, col of their data, config hashes or null (no data
# a pod can mount), subscribers checksum or null]. Workloads "rwl" (Deployments, then Jobs):
# [namespace, volumes [configMap name, secret name, name of the data's source], config hash
# annotation [written, line, col] or null, subscribers checksum annotation likewise]. Secrets "rsec":
# [namespace, name, line, col, encrypted]. Pod owners "rkd": [namespace, mounted Secret names, keys
# digest written, line, col, whether it is the digest of this file's Secrets (null: not decidable
# here), document index]. srsRAN values "rpa": [hash agrees, line, col, config line, config col].
# Nothing here is a key or a digest of one: keys digests are compared inside the file.


def rollout_summary(tree_file: TreeFile, hashes: set[str]) -> dict[str, Any]:
    """What the rollout checks need of one file; adds every hash it computes to `hashes` (a hex
    run equal to one is a hash, not a key: see n5gc/audit/secrets.py)."""
    part: dict[str, Any] = {}
    sources = [
        _source(tree_file, kind, doc, hashes)
        for kind in ("ConfigMap", "Secret")
        for doc in tree_file.objects(kind)
    ]
    workloads = [_workload_record(doc) for kind in ("Deployment", "Job") for doc in tree_file.objects(kind)]
    secrets, plain = _secrets(tree_file, hashes)
    owners = [_owner_record(tree_file, doc, plain) for kind in WORKLOADS for doc in tree_file.objects(kind)]
    found = {
        "rsrc": sources,
        "rwl": [w for w in workloads if w is not None],
        "rsec": secrets,
        "rkd": [o for o in owners if o],
    }
    part.update({key: value for key, value in found.items() if value})
    first = tree_file.docs[0] if tree_file.docs and isinstance(tree_file.docs[0].data, dict) else None
    if first is not None and (srsran := _srsran(first, hashes)) is not None:
        part["rpa"] = srsran
    return part


def _source(tree_file: TreeFile, kind: str, doc: Doc, hashes: set[str]) -> list[Any]:
    key = "stringData" if kind == "Secret" else "data"
    data, where = doc.get(key), doc.loc(key)
    expected: list[str] | None = None
    checksum = None
    if isinstance(data, dict):
        texts = [v for v in data.values() if isinstance(v, str)]
        expected = sorted(set().union(*(config_hashes(t, kind == "Secret") for t in texts))) if texts else []
        if kind == "ConfigMap":
            try:
                checksum = _sha(json.dumps(data, sort_keys=True))
            except (TypeError, ValueError):
                checksum = None
        hashes.update(expected, [checksum] if checksum else [])
    namespace, name = str(doc.get("metadata", "namespace")), str(doc.get("metadata", "name"))
    return [kind[0], namespace, name, where.line, where.col, expected, checksum]


def _workload_record(doc: Doc) -> list[Any] | None:
    template = ("spec", "template")
    annotations = doc.get(*template, "metadata", "annotations")
    if not isinstance(annotations, dict):
        return None
    volumes = []
    for volume in doc.items(*template, "spec", "volumes"):
        if not isinstance(volume, dict):
            volumes.append([None, None, None])
            continue
        config_map, secret = volume.get("configMap"), volume.get("secret")
        ref = config_map or secret or {}
        volumes.append(
            [
                str(config_map.get("name")) if isinstance(config_map, dict) else None,
                str(secret.get("secretName")) if isinstance(secret, dict) else None,
                str(ref.get("name") or ref.get("secretName")) if isinstance(ref, dict) else None,
            ]
        )
    path = (*template, "metadata", "annotations")
    return [
        str(doc.get("metadata", "namespace")),
        volumes,
        _annotation(doc, path, CONFIG_HASH) if CONFIG_HASH in annotations else None,
        _annotation(doc, path, SUBSCRIBERS_HASH) if SUBSCRIBERS_HASH in annotations else None,
    ]


def _annotation(doc: Doc, path: tuple[str, ...], key: str) -> list[Any]:
    """[written, line, col]: the written hash when it is text (anything else equals no hash)."""
    written = hashable(doc.get(*path, key))
    where = doc.loc(*path, key)
    return [written if isinstance(written, str) else 0, where.line, where.col]


def _secrets(tree_file: TreeFile, hashes: set[str]) -> tuple[list[Any], dict[tuple[str, str], Any]]:
    """Every Secret of the file (encrypted ones included) and the plain ones' keys digests by
    (namespace, name) (kept in memory only)."""
    found, plain = [], {}
    for doc in tree_file.docs:
        if not (isinstance(doc.data, dict) and doc.data.get("kind") == "Secret"):
            continue
        key = (str(doc.get("metadata", "namespace")), str(doc.get("metadata", "name")))
        where = doc.loc("metadata", "name")
        encrypted = isinstance(doc.data.get("sops"), dict)
        found.append([*key, where.line, where.col, encrypted])
        plain[key] = None if encrypted else keys_digest(doc.data)
        if not encrypted:
            hashes.add(plain[key])
    return found, plain


def _owner_record(
    tree_file: TreeFile, doc: Doc, plain: dict[tuple[str, str], str | None]
) -> list[Any] | None:
    template = ("spec", "template")
    namespace = str(doc.get("metadata", "namespace"))
    mounts = [
        str(volume["secret"].get("secretName"))
        for volume in doc.items(*template, "spec", "volumes")
        if isinstance(volume, dict) and isinstance(volume.get("secret"), dict)
    ]
    if not mounts:
        return None
    path = (*template, "metadata", "annotations", KEYS_DIGEST)
    written = doc.get(*path)
    where = doc.loc(*path)
    digests = [plain.get((namespace, m)) for m in mounts]
    local = None
    if written is not None and all(d is not None for d in digests):
        local = written == ",".join(str(d) for d in digests)
    index = next(i for i, d in enumerate(tree_file.docs) if d is doc)
    return [namespace, mounts, written is not None, where.line, where.col, local, index]


def _srsran(values: Doc, hashes: set[str]) -> list[Any] | None:
    """The srsRAN chart's podAnnotations hash against the configs of the same values."""
    if not isinstance(values.get("podAnnotations", CONFIG_HASH), str):
        return None
    config = values.get("config")
    texts = [v for v in config.values() if isinstance(v, str)] if isinstance(config, dict) else []
    expected = set().union(*(config_hashes(t, False) for t in texts)) if texts else set()
    hashes.update(expected)
    written = hashable(values.get("podAnnotations", CONFIG_HASH))
    where, config_where = values.loc("podAnnotations", CONFIG_HASH), values.loc("config")
    return [not expected or written in expected, where.line, where.col, config_where.line, config_where.col]


# --- the tree --------------------------------------------------------------------------------------


def check_rollout(
    tree: SummaryTree, sealed: Mapping[str, Mapping[str, str]] | None = None, read: Reader | None = None
) -> list[Diagnostic]:
    """N5G817 for every rollout annotation that does not follow what its pods mount. `sealed`:
    the lock's entries of the encrypted files (path -> salt and salted digest). `read`: the bytes
    of a file, for a keys digest the summaries cannot decide (a Secret of another file)."""
    sources: dict[tuple[str, str, str], tuple[list[Any], str]] = {}
    for _, shown, records in tree.items("rsrc"):
        for record in records:
            sources[(record[0], record[1], record[2])] = (record, shown)
    problems: list[Diagnostic] = []
    for path, _, workloads in tree.items("rwl"):
        for namespace, volumes, config_hash, checksum in workloads:
            for volume in volumes:
                if volume[0] is None and volume[1] is None:
                    continue  # (neither a ConfigMap nor a Secret: _mounted finds no source)
                problems.extend(_mounted(tree, path, namespace, volume, config_hash, checksum, sources))
    problems += _keys_digests(tree, sealed or {}, read)
    for release in tree.site_releases():
        if release.values is not None and release.values_path is not None and "rpa" in release.values:
            agrees, line, col, config_line, config_col = release.values["rpa"]
            if not agrees:
                config = tree.loc(release.values_path, config_line, config_col)
                problems.append(_stale(CONFIG_HASH, config, tree.loc(release.values_path, line, col)))
    return problems


def _mounted(
    tree: SummaryTree,
    path: str,
    namespace: str,
    volume: list[Any],
    config_hash: list[Any] | None,
    checksum: list[Any] | None,
    sources: dict[tuple[str, str, str], tuple[list[Any], str]],
) -> list[Diagnostic]:
    config_map, secret, data_name = volume
    if config_map is not None and ("C", namespace, config_map) in sources:
        kind, (source, shown) = "C", sources[("C", namespace, config_map)]
    elif secret is not None and ("S", namespace, secret) in sources:
        kind, (source, shown) = "S", sources[("S", namespace, secret)]
    else:
        return []
    if source[5] is None:
        return []  # nothing a pod mounts as files (not what n5gc writes)
    problems = []
    if config_hash is not None:
        written, line, col = config_hash
        if source[5] and written not in source[5]:
            config = _data_location(sources, kind, namespace, data_name, source, shown)
            problems.append(_stale(CONFIG_HASH, config, tree.loc(path, line, col)))
    if checksum is not None and kind == "C" and source[6] is not None:
        written, line, col = checksum
        if written != source[6]:
            config = _data_location(sources, kind, namespace, data_name, source, shown)
            problems.append(_stale(SUBSCRIBERS_HASH, config, tree.loc(path, line, col)))
    return problems


def _data_location(
    sources: dict[tuple[str, str, str], tuple[list[Any], str]],
    kind: str,
    namespace: str,
    data_name: Any,
    source: list[Any],
    shown: str,
) -> Location:
    """Where the mounted data is written (made only for a message: most hashes agree)."""
    data_source, data_shown = sources.get((kind, namespace, str(data_name)), (source, shown))
    return Location(data_shown, data_source[3], data_source[4])


def _keys_digests(
    tree: SummaryTree, sealed: Mapping[str, Mapping[str, str]], read: Reader | None
) -> list[Diagnostic]:
    """A pod owner mounting Secrets carries their keys digests (joined by "," in volume order)."""
    secrets: dict[tuple[str, str], tuple[str, int, int, bool]] = {}  # -> (path, line, col, encrypted)
    for path, _, records in tree.items("rsec"):
        for namespace, name, line, col, encrypted in records:
            secrets[(namespace, name)] = (path, line, col, encrypted)
    problems: list[Diagnostic] = []
    exact = _ExactDigests(tree, sealed, read)
    for path, _, owners in tree.items("rkd"):
        for namespace, mounts, written, line, col, local, index in owners:
            mounted = [(m, secrets[(namespace, m)]) for m in mounts if (namespace, m) in secrets]
            if not mounted:
                continue
            if (
                local is True
                and written
                and path not in sealed
                and all(o[0] == path and not o[3] for _, o in mounted)
            ):
                continue  # (most: the file's own plain Secrets, whose digest its summary compared)
            holder = mounted[0][1]
            unknown = [owner for _, owner in mounted if not _known(owner, sealed)]
            if not written:
                first = tree.loc(holder[0], holder[1], holder[2])
                message = f"its pods mount the Secret at {first} but carry no {KEYS_DIGEST}"
            elif unknown:
                unsealed = tree.shown[unknown[0][0]]
                message = f"{KEYS_DIGEST} cannot be checked: the lock records no salted digest for {unsealed}"
            else:
                if local is not None and path not in sealed and all(owner[0] == path for _, owner in mounted):
                    agrees = local
                else:
                    agrees = exact.agrees(path, index, namespace, mounted)
                if agrees is None or agrees:
                    continue
                first = tree.loc(holder[0], holder[1], holder[2])
                message = f"{KEYS_DIGEST} is not the digest of the Secret its pods mount ({first})"
            problems.append(
                error(
                    "N5G817",
                    message,
                    tree.loc(path, line, col),
                    "without it a rotated key (K/OPc) never reaches these pods: recompile (the digest is the "
                    "lock's salted one for an encrypted Secret's file, else the sha256 of the Secret)",
                )
            )
    return problems


def _known(owner: tuple[str, int, int, bool], sealed: Mapping[str, Mapping[str, str]]) -> bool:
    """Whether the keys digest of a Secret can be known (its lock entry's, or its own when plain)."""
    entry = sealed.get(owner[0])
    return hashable(entry.get("sha256")) is not None if entry is not None else not owner[3]


class _ExactDigests:
    """Keys digests the summaries cannot decide, computed from the files' bytes (read on demand)."""

    def __init__(
        self, tree: SummaryTree, sealed: Mapping[str, Mapping[str, str]], read: Reader | None
    ) -> None:
        self.tree, self.sealed, self.read = tree, sealed, read
        self.docs: dict[str, list[Doc]] = {}

    def _docs(self, path: str) -> list[Doc]:
        if path not in self.docs:
            assert self.read is not None
            files, _ = read_tree({path: self.read(path)}, "")
            self.docs[path] = files[0].docs if files else []
        return self.docs[path]

    def agrees(self, path: str, index: int, namespace: str, mounted: list[tuple[str, Any]]) -> bool | None:
        """Whether the written digest is the mounted Secrets' (None: no bytes to tell)."""
        if self.read is None:
            return None
        docs = self._docs(path)
        written = docs[index].get("spec", "template", "metadata", "annotations", KEYS_DIGEST)
        expected = []
        for name, owner in mounted:
            entry = self.sealed.get(owner[0])
            if entry is not None:
                expected.append(hashable(entry.get("sha256")))
                continue
            secret = [
                d
                for d in self._docs(owner[0])
                if isinstance(d.data, dict)
                and d.data.get("kind") == "Secret"
                and (str(d.get("metadata", "namespace")), str(d.get("metadata", "name"))) == (namespace, name)
            ][-1]
            expected.append(keys_digest(secret.data))
        return bool(written == ",".join(str(e) for e in expected))


def _stale(key: str, config: Location, where: Location) -> Diagnostic:
    return error(
        "N5G817",
        f"rollout hash {key} is not the hash of the config it belongs to ({config})",
        where,
        "the annotation must change with the config (else pods keep the old one): recompile, or "
        "set it to the sha256 of the config (a Secret's without its key lines)",
    )
