"""The audit in two parts: a summary of each file, then the checks across the summaries.

`summarise(path, data)` reads one file (a pure function of its path in the tree and its bytes) and
keeps what every check needs of it: the facts it states with their positions, the names it defines
and writes, the rollout annotations and what they must equal, the findings that need no other file,
whether it could be read. `audit_summaries` runs every check across files over the summaries alone,
so a caller that kept the summaries of unchanged files (`FileSummary.to_bytes`/`from_bytes`) needs
to read and parse only the files that changed. `audit_files` is the two together.

A summary holds no subscriber key and no digest of one (nothing derived from a Secret's values but
whether they look like keys): it may be stored next to the files. What needs the keys is decided
inside the file, or, when a Secret and what must agree with it are in different files, from those
files' bytes (`read`): see n5gc/audit/secrets.py and n5gc/audit/rollout.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from operator import is_
from typing import Any

from n5gc.audit.documents import is_site_release, read_tree
from n5gc.audit.facts import Facts, FactsReader, decode_smf, decode_upf, error_record, file_facts
from n5gc.audit.gitops import check_gitops, gitops_summary
from n5gc.audit.oai_cn import check_oai, oai_summary
from n5gc.audit.rollout import check_rollout, rollout_summary
from n5gc.audit.rules import check_facts
from n5gc.audit.secrets import check_key_summaries, keys_summary
from n5gc.audit.services import check_nsm, check_services, names_summary
from n5gc.audit.views import Meta, Reader, SummaryTree, dec, meta_record
from n5gc.diagnostics import Diagnostic, Location, error
from n5gc.records import record

FORMAT = 3  # the summary format's version: a summary of another version is refused by from_bytes
# (2: vL3 names without their places, release.yaml's values and positions as lists, SMF and UPF
# readings without their empty lists; 3: without the file's path, which the stamp binds already,
# release.yaml's positions as one text, places of facts as "<line> <col>", the empty SMF or UPF
# reading of a site release's values left out, UE and subscriber group records as lists)
# Every part a summary may hold, with the JSON type of its value (see the modules that write them).
PARTS: dict[str, type] = {
    "bad": list,  # the file cannot be read: [reason, line, col]
    "bin": int,  # not UTF-8 text: nothing else is read
    "f": dict,  # facts of a manifest file under sites/ (n5gc/audit/facts.py)
    "gerr": list,  # embedded configs that cannot be read
    "vf": dict,  # a site release's values read as each chart
    "vx": str,  # a site release's values: the document is a mapping, its "<line> <col>"
    "fo": list,
    "al": list,
    "od": list,  # fullnameOverride, umbrella subcharts, OAI dependencies (n5gc/audit/services.py)
    "svc": list,
    "nsv": list,
    "ref": list,
    "nsm": list,
    "vl3": str,  # a file's vL3 names "<workload>.<service>", joined by spaces
    "vlk": int,  # vL3 names left out (they hold a run of hex digits: n5gc/audit/services.py)
    "meta": dict,  # release.yaml (n5gc/audit/views.py)
    "rsrc": list,
    "rwl": list,
    "rsec": list,
    "rkd": list,
    "rpa": list,  # rollout (n5gc/audit/rollout.py)
    "kh": int,
    "hx": int,  # keys (n5gc/audit/secrets.py)
    "app": list,
    "hr": list,
    "vraw": str,  # GitOps (n5gc/audit/gitops.py)
    "ocm": list,
    "o833": list,
    "o83x": list,
    "gcm": list,  # OAI (n5gc/audit/oai_cn.py)
}


@record
class FileSummary:
    """What the audit needs of one file of a tree (positions are in that file, as [line, col])."""

    path: str
    body: Mapping[str, Any]

    def to_bytes(self) -> bytes:
        """Canonical JSON (sorted keys, no whitespace) with the format's version. The path is not
        in it: a stored summary is read back for the file it is stored on (the stamp binds both)."""
        document = {"v": FORMAT, **self.body}
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> FileSummary:
        """The summary of the file at `path` that `to_bytes` wrote; ValueError for anything else
        (another version, a damaged copy): see `decode_body`."""
        return cls(path, decode_body(data))


def decode_body(data: bytes) -> dict[str, Any]:
    """The body of a summary `FileSummary.to_bytes` wrote; ValueError for anything else (see
    `decode_bodies`)."""
    body = decode_bodies({"": data}).get("")
    if body is None:
        raise ValueError(f"not an audit summary of format {FORMAT}")
    return body


def decode_bodies(stored: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """The bodies of the summaries `FileSummary.to_bytes` wrote (path -> bytes), without those
    that are anything else (another version, a damaged copy).

    Read with the JSON module's C scanner alone (what json.loads runs after its checks in Python,
    which cost as much as the scan for a summary of a few hundred bytes): the scan must end
    exactly at the end, as to_bytes writes no whitespace. Every part must be one of PARTS with
    its JSON type (both checked by maps in C). One loop for all: a compile reads thousands."""
    bodies: dict[str, dict[str, Any]] = {}
    scan, parts, version = _SCAN, PARTS.get, FORMAT
    for path, data in stored.items():
        try:
            text = data.decode("utf-8")
            document, end = scan(text, 0)
        except (ValueError, StopIteration, RecursionError):  # not UTF-8, not JSON at the start,
            continue  # damaged, or nested too deeply
        if type(document) is not dict or end != len(text) or document.pop("v", None) != version:
            continue
        if all(map(is_, map(type, document.values()), map(parts, document))):  # JSON makes exactly these
            bodies[path] = document
    return bodies


# The JSON module's scanner (C when available): scan(text, index) -> (value, end), StopIteration
# when no value starts at index, json.JSONDecodeError (a ValueError) for a damaged one.
_SCAN = json.JSONDecoder().scan_once


def summarise(path: str, data: bytes) -> FileSummary:
    """The summary of one file: `path` relative to the tree, `data` its bytes. Never raises for
    what a file holds (a file that cannot be read is summarised as such: N5G801)."""
    body: dict[str, Any] = {}
    try:
        files, errors = read_tree({path: data}, "")
    except RecursionError:
        return FileSummary(path, {"bad": ["nested too deeply to be read", 0, 0], "bin": 1})
    if errors:
        body["bad"] = error_record(errors[0])
    if not files:
        body["bin"] = 1
        return FileSummary(path, body)
    tree_file = files[0]
    hashes: set[str] = set()  # the hashes this file proves (kept in memory only)
    body.update(file_facts(tree_file))
    body.update(names_summary(tree_file))
    body.update(rollout_summary(tree_file, hashes))
    body.update(keys_summary(tree_file, hashes))
    body.update(gitops_summary(tree_file))
    body.update(oai_summary(tree_file))
    if is_site_release(path) and tree_file.docs and isinstance(tree_file.docs[0].data, dict):
        body["meta"] = meta_record(tree_file.docs[0])
    return FileSummary(path, body)


def audit_summaries(
    summaries: Mapping[str, FileSummary],
    root: str = "",
    sealed: Mapping[str, Mapping[str, str]] | None = None,
    read: Reader | None = None,
) -> list[Diagnostic]:
    """Every disagreement between the files of a tree, from their summaries (path -> summary).

    `root` is prefixed to paths in diagnostics; `sealed`: the lock's entries of the SOPS-encrypted
    files. `read(path) -> bytes` is asked for a few files' bytes only where a summary cannot decide
    (a key-like run outside a Secret while some Secret holds keys, a pod owner whose Secret is in
    another file or encrypted, a Flux values copy that is not byte for byte its release's values,
    a network service name with characters other than [a-z0-9-], a vL3 name that names a network
    service its workload does not join: a summary keeps a file's vL3 names, not their places);
    without it those comparisons are left out (`needs_bytes` says whether any is).
    """
    return audit_bodies({path: summary.body for path, summary in summaries.items()}, root, sealed, read)


def audit_bodies(
    bodies: Mapping[str, Mapping[str, Any]],
    root: str = "",
    sealed: Mapping[str, Mapping[str, str]] | None = None,
    read: Reader | None = None,
    *,
    kept: list[object] | None = None,
) -> list[Diagnostic]:
    """`audit_summaries` over the summaries' bodies (path -> `FileSummary.body`, or `decode_body`
    of its bytes: a compile reads thousands and makes no FileSummary of them). `kept`: a list
    the view of the summaries and the facts gathered from them are appended to (for a caller
    that frees them later: n5gc.compiler)."""
    tree = SummaryTree(bodies, root)
    facts, unreadable = _gather(tree)
    if kept is not None:
        kept += [tree, facts]
    problems = [_unreadable(where, reason) for where, reason in unreadable]
    problems += check_facts(facts)
    service_problems, domains = check_services(tree)
    problems += service_problems
    problems += check_nsm(tree, domains, read)
    problems += check_key_summaries(tree, read)
    problems += check_gitops(tree, read)
    problems += check_rollout(tree, sealed, read)
    problems += check_oai(tree)
    return problems


def needs_bytes(
    summaries: Mapping[str, FileSummary], sealed: Mapping[str, Mapping[str, str]] | None = None
) -> bool:
    """Whether audit_summaries would ask `read` for bytes (without it, it would leave something out)."""
    asked: list[str] = []

    def read(path: str) -> bytes:
        asked.append(path)
        raise _Asked

    try:
        audit_summaries(summaries, "", sealed, read)
    except _Asked:
        return True
    return bool(asked)


class _Asked(Exception):
    """needs_bytes: audit_summaries asked for a file's bytes."""


def _gather(tree: SummaryTree) -> tuple[Facts, list[tuple[Location, str]]]:
    """The facts of the tree (facts.gather over summaries) and the embedded files that cannot be read."""
    facts = Facts()
    reader = FactsReader(facts)
    unreadable: list[tuple[Location, str]] = [
        (tree.loc(path, line, col), reason) for path, _, (reason, line, col) in tree.items("bad")
    ]
    for release in tree.site_releases():
        meta, values, values_path = release.meta, release.values, release.values_path
        if meta is None or values is None or values_path is None:
            continue
        readings, shown = values["vf"], tree.shown[values_path]
        chart = meta.values[0]  # (as meta.get("chart") when it is one of these texts)
        # The readings of the chart release.yaml names; an SMF's and a UPF's decoded here: most
        # releases of a large tree are of these two charts.
        if chart == "open5gs-smf":
            name = _release_name(values, meta)
            smfs = readings.get("smf") or [{"w": values["vx"]}]  # (left out: nothing, at the start)
            facts.smfs += [decode_smf(smf, shown, name) for smf in smfs]
        elif chart == "open5gs-upf":
            name = _release_name(values, meta)
            upfs = readings.get("upf") or [{"w": values["vx"]}]
            facts.upfs += [decode_upf(upf, shown, name) for upf in upfs]
        elif chart == "open5gs":
            reader.add(readings.get("core", {}), shown)
        elif chart == "srsran-cu-du" and "srs" in readings:
            if "err" in readings["srs"]:
                reason, line, col = readings["srs"]["err"]
                unreadable.append((Location(shown, line, col), reason))
            else:
                reader.add(readings["srs"], shown, _release_name(values, meta))
    for _, shown, facts_record in tree.items("f"):
        reader.add(facts_record, shown)
    for path, _, errors in tree.items("gerr"):
        unreadable += [(tree.loc(path, line, col), reason) for reason, line, col in errors]
    return facts, unreadable


def _release_name(values: Mapping[str, Any], meta: Meta) -> str:
    """What a release's SMF and UPF are named after: fullnameOverride, else the release's name."""
    return str(dec(values["fo"][0]) or meta.get("releaseName"))


def _unreadable(location: Location, reason: str) -> Diagnostic:
    return error(
        "N5G801",
        f"cannot read this file of the tree: {reason}",
        location,
        "fix the file by hand or recompile the tree",
    )
