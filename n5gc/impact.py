"""What changes between two compiled trees, in the network's terms (`n5gc diff`).

Reads only serialised files (path -> bytes): the tree a compile would write and the tree it
replaces (an output folder, another folder, or a Git revision of it). Never shows the content of a
`kind: Secret` document (subscriber keys live there): such objects are reported as changed only.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import field
from typing import Any

import yaml

from n5gc.records import record

SECRET_NOTE = "changed (Secret: content not shown)"
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job"}
_RELEASE_FILE = re.compile(r"^sites/[^/]+/helm/(?P<release>[^/]+)/(values|release)\.yaml$")
_SECRET_TEXT = re.compile(r"^kind:\s*Secret\s*$", re.MULTILINE)
_HIDDEN_KEYS = ("data:", "stringData:")

Tree = dict[str, bytes]
ObjectId = tuple[str, str, str]  # kind, namespace, name


@record(frozen=False)
class ObjectChange:
    kind: str
    namespace: str
    name: str
    status: str  # added | removed | changed
    secret: bool = False

    def line(self) -> str:
        """`  ~ Deployment three-slices-ran/gnb: changed`; a Secret never says more."""
        mark = {"added": "+", "removed": "-", "changed": "~"}[self.status]
        note = SECRET_NOTE if self.secret and self.status == "changed" else self.status
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"  {mark} {self.kind} {where}: {note}"


@record(frozen=False)
class FileChange:
    path: str
    status: str  # added | removed | changed | reordered (same objects, other bytes)
    diff: str = ""  # unified diff, Secret documents redacted
    objects: list[ObjectChange] = field(default_factory=list)
    encrypted: bool = False  # a SOPS file (n5gc/sops): neither its text nor its ciphertext is shown


@record(frozen=False)
class Impact:
    """The summary above the diff: what restarts, what the network loses or gains."""

    releases: list[dict[str, Any]] = field(default_factory=list)
    workloads: list[dict[str, str]] = field(default_factory=list)
    gnbs: list[dict[str, str]] = field(default_factory=list)
    pools: list[dict[str, Any]] = field(default_factory=list)
    slices: list[dict[str, Any]] = field(default_factory=list)
    imsis_added: list[dict[str, Any]] = field(default_factory=list)
    imsis_removed: list[dict[str, Any]] = field(default_factory=list)


@record(frozen=False)
class TreeDiff:
    files: list[FileChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    impact: Impact = field(default_factory=Impact)

    @property
    def changed(self) -> bool:
        return bool(self.files)


def compare(old: Tree, new: Tree) -> TreeDiff:
    """Every difference between `old` and `new`, per file, per object, and its impact."""
    result = TreeDiff()
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before == after:
            result.unchanged.append(path)
            continue
        result.files.append(_file_change(path, before, after))
    result.impact = _impact(old, new, result.files)
    return result


def _file_change(path: str, before: bytes | None, after: bytes | None) -> FileChange:
    status = "added" if before is None else "removed" if after is None else "changed"
    change = FileChange(path, status)
    old_objects, new_objects = objects_of(path, before), objects_of(path, after)
    change.objects = _object_changes(old_objects, new_objects)
    if _is_yaml(path) and (is_encrypted(before) or is_encrypted(after)):
        # New ciphertext says nothing a reader can use, and its plaintext is keys: no diff at all.
        change.encrypted = True
        for item in change.objects:
            item.secret = True
        return change
    if status == "changed" and _is_yaml(path) and not change.objects and _parsed(before) == _parsed(after):
        change.status = "reordered"
    change.diff = unified_diff(path, before, after)
    return change


def is_encrypted(data: bytes | None) -> bool:
    """A SOPS-encrypted YAML file: a document with a top-level `sops` mapping."""
    return (
        data is not None
        and b"\nsops:" in data
        and any(isinstance(d, dict) and isinstance(d.get("sops"), dict) for d in _parsed(data) or [])
    )


def _is_yaml(path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


def _parsed(data: bytes | None) -> list[Any] | None:
    try:
        return list(yaml.safe_load_all((data or b"").decode("utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def objects_of(path: str, data: bytes | None) -> dict[ObjectId, dict[str, Any]]:
    """The Kubernetes objects of a YAML file by (kind, namespace, name); {} for other files."""
    if data is None or not _is_yaml(path):
        return {}
    found: dict[ObjectId, dict[str, Any]] = {}
    for doc in _parsed(data) or []:
        if (
            isinstance(doc, dict)
            and isinstance(doc.get("kind"), str)
            and isinstance(doc.get("metadata"), dict)
        ):
            meta = doc["metadata"]
            found[(doc["kind"], str(meta.get("namespace") or ""), str(meta.get("name") or ""))] = doc
    return found


def _object_changes(
    old: dict[ObjectId, dict[str, Any]], new: dict[ObjectId, dict[str, Any]]
) -> list[ObjectChange]:
    changes = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        status = "added" if key not in old else "removed" if key not in new else "changed"
        changes.append(ObjectChange(*key, status=status, secret=key[0] == "Secret"))
    return changes


def unified_diff(path: str, before: bytes | None, after: bytes | None) -> str:
    """`diff -u` of the two versions with every Secret document's data replaced by a note."""
    lines = difflib.unified_diff(
        redact(before).splitlines(keepends=True),
        redact(after).splitlines(keepends=True),
        "/dev/null" if before is None else f"a/{path}",
        "/dev/null" if after is None else f"b/{path}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def redact(data: bytes | None) -> str:
    """The file as text with the data of each `kind: Secret` document hidden; a document that
    mentions Secret but cannot be read as YAML, or a file that is not text, is hidden whole."""
    if data is None:
        return ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "(binary content not shown)\n"
    if not _SECRET_TEXT.search(text):
        return text
    return "".join(_redact_document(chunk) for chunk in re.split(r"(?m)^(?=---\s*$)", text))


def _redact_document(chunk: str) -> str:
    if not _SECRET_TEXT.search(chunk):
        return chunk
    try:
        yaml.safe_load(chunk.removeprefix("---"))
    except yaml.YAMLError:
        return "--- # (document not shown: it names a Secret)\n"
    kept: list[str] = []
    hiding = False
    for line in chunk.splitlines(keepends=True):
        top_level = bool(line.strip()) and not line[0].isspace()
        if top_level:
            hiding = line.startswith(_HIDDEN_KEYS)
            kept.append(line.split(":", 1)[0] + ": (content not shown)\n" if hiding else line)
        elif not hiding:
            kept.append(line)
    return "".join(kept)


# --- impact ---------------------------------------------------------------------------------------


def _impact(old: Tree, new: Tree, files: list[FileChange]) -> Impact:
    impact = Impact()
    impact.releases = _releases(old, new, files)
    impact.workloads, impact.gnbs = _workloads(old, new, files)
    impact.pools, impact.slices = _pools_and_slices(old, new)
    impact.imsis_added, impact.imsis_removed = _imsis(old, new)
    return impact


def _releases(old: Tree, new: Tree, files: list[FileChange]) -> list[dict[str, Any]]:
    """Helm releases whose values.yaml or release.yaml changed: they roll their pods."""
    touched: dict[str, str] = {}
    for change in files:
        match = _RELEASE_FILE.match(change.path)
        if match:
            values = change.path.rsplit("/", 1)[0] + "/values.yaml"
            touched.setdefault(values, match["release"])
    found = []
    for values_path, release in sorted(touched.items(), key=lambda item: item[1]):
        before, after = old.get(values_path), new.get(values_path)
        status = "installed" if before is None else "removed" if after is None else "restarts"
        keys = changed_keys(_one_document(before), _one_document(after)) if status == "restarts" else []
        found.append({"release": release, "status": status, "changedKeys": keys})
    return found


def _one_document(data: bytes | None) -> Any:
    docs = _parsed(data) or [None]
    return docs[0]


def changed_keys(before: Any, after: Any, prefix: str = "") -> list[str]:
    """Dotted paths (list items as [i]) whose values differ; values themselves are not shown."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            key
            for name in sorted(set(before) | set(after), key=str)
            for key in changed_keys(
                before.get(name), after.get(name), f"{prefix}.{name}" if prefix else str(name)
            )
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            key
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for key in changed_keys(b, a, f"{prefix}[{i}]")
        ]
    return [] if before == after else [prefix or "(document)"]


def _workloads(
    old: Tree, new: Tree, files: list[FileChange]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Workloads whose pod template changed (they restart; a Job re-runs), and the gNBs among
    them (a restarted gNB, CU or DU sets up its NG or F1 association again)."""
    workloads: list[dict[str, str]] = []
    gnbs: list[dict[str, str]] = []
    for change in files:
        before, after = (
            objects_of(change.path, old.get(change.path)),
            objects_of(change.path, new.get(change.path)),
        )
        for key in sorted(set(before) | set(after)):
            if key[0] not in WORKLOAD_KINDS:
                continue
            reason = _restart_reason(before.get(key), after.get(key))
            if reason is None:
                continue
            kind, namespace, name = key
            entry = {
                "kind": kind,
                "namespace": namespace,
                "name": name,
                "file": change.path,
                "reason": reason,
            }
            workloads.append(entry)
            component = _labels(after.get(key) or before.get(key)).get("app.kubernetes.io/component")
            if component in ("gnb", "cu", "du") and reason != "removed":
                setup = "F1 Setup with its CU" if component == "du" else "NG Setup with the AMF"
                gnbs.append({"name": name, "component": component, "redoes": setup})
    return workloads, gnbs


def _restart_reason(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str | None:
    if before is None or after is None:
        return "added" if before is None else "removed"
    old_template, new_template = _template(before), _template(after)
    if old_template == new_template:
        return None
    keys = changed_keys(
        old_template.get("metadata", {}).get("annotations"),
        new_template.get("metadata", {}).get("annotations"),
    )
    verb = "re-runs" if after.get("kind") == "Job" else "restarts"
    if keys and keys != ["(document)"]:
        return f"{verb}: pod annotation {', '.join(keys)} changed"
    return f"{verb}: pod template changed"


def _template(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    template = spec.get("template") if isinstance(spec, dict) else None
    return template if isinstance(template, dict) else {}


def _labels(obj: dict[str, Any] | None) -> dict[str, Any]:
    meta = (obj or {}).get("metadata")
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return labels if isinstance(labels, dict) else {}


def _pools_and_slices(old: Tree, new: Tree) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """DNN pools (every `{subnet, dnn}` of the Helm values) and S-NSSAIs (every `{sst, sd, dnn}`)
    of both trees, network-wide: what a UE of that DNN or slice will see differently."""
    old_pools, old_slices = _network_config(old)
    new_pools, new_slices = _network_config(new)
    pools = [
        {"dnn": dnn, "before": sorted(old_pools.get(dnn, ())), "after": sorted(new_pools.get(dnn, ()))}
        for dnn in sorted(set(old_pools) | set(new_pools))
        if old_pools.get(dnn) != new_pools.get(dnn)
    ]
    slices = [
        {
            "sst": sst,
            "sd": sd,
            "before": sorted(old_slices.get((sst, sd), ())),
            "after": sorted(new_slices.get((sst, sd), ())),
        }
        for sst, sd in sorted(set(old_slices) | set(new_slices), key=str)
        if old_slices.get((sst, sd)) != new_slices.get((sst, sd))
    ]
    return pools, slices


def _network_config(tree: Tree) -> tuple[dict[str, set[str]], dict[tuple[Any, Any], set[str]]]:
    pools: dict[str, set[str]] = {}
    slices: dict[tuple[Any, Any], set[str]] = {}
    for path, data in tree.items():
        if path.endswith("/values.yaml") and _RELEASE_FILE.match(path):
            for node in _dicts(_one_document(data)):
                if "subnet" in node and "dnn" in node:
                    pools.setdefault(str(node["dnn"]), set()).add(str(node["subnet"]))
                if "sst" in node and isinstance(node.get("dnn"), list):
                    slices.setdefault((node["sst"], node.get("sd")), set()).update(
                        str(d) for d in node["dnn"]
                    )
    return pools, slices


def _dicts(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside a parsed YAML document, depth first."""
    if isinstance(node, dict):
        return [node, *(d for value in node.values() for d in _dicts(value))]
    if isinstance(node, list):
        return [d for item in node for d in _dicts(item)]
    return []


# --- IMSIs ----------------------------------------------------------------------------------------

Range = tuple[int, int]  # first, last (inclusive)


def _imsis(old: Tree, new: Tree) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """IMSI ranges provisioned now and not before (added) and the reverse (removed), per group,
    from the subscriber ConfigMap's `subscribers.json` of both trees."""
    old_groups, new_groups = _subscriber_groups(old), _subscriber_groups(new)
    return _ranges_missing(new_groups, old_groups), _ranges_missing(old_groups, new_groups)


def _subscriber_groups(tree: Tree) -> list[tuple[str, Range, int]]:
    groups = []
    for path, data in sorted(tree.items()):
        for (kind, _, _), obj in objects_of(path, data).items():
            text = (obj.get("data") or {}).get("subscribers.json") if kind == "ConfigMap" else None
            if not isinstance(text, str):
                continue
            try:
                entries = json.loads(text)
            except ValueError:
                continue
            for entry in entries if isinstance(entries, list) else []:
                first, last = str(entry.get("imsiFirst", "")), str(entry.get("imsiLast", ""))
                if first.isdigit() and last.isdigit():
                    groups.append((str(entry.get("group", "")), (int(first), int(last)), len(first)))
    return groups


def _ranges_missing(
    present: list[tuple[str, Range, int]], other: list[tuple[str, Range, int]]
) -> list[dict[str, Any]]:
    """Parts of each `present` group's range that no `other` range covers."""
    covered = [r for _, r, _ in other]
    found = []
    for group, imsis, width in present:
        for first, last in subtract(imsis, covered):
            found.append(
                {
                    "group": group,
                    "first": str(first).zfill(width),
                    "last": str(last).zfill(width),
                    "count": last - first + 1,
                }
            )
    return found


def subtract(span: Range, others: list[Range]) -> list[Range]:
    """`span` minus every range of `others` (inclusive bounds), in order."""
    pieces = [span]
    for low, high in others:
        pieces = [
            part
            for first, last in pieces
            for part in ((first, min(last, low - 1)), (max(first, high + 1), last))
            if part[0] <= part[1]
        ]
    return pieces
