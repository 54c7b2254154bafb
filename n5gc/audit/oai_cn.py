"""OAI 5G Core trees: what the OAI releases and their config.yaml ConfigMaps must agree on.

- N5G830: each OAI release's `global.coreNetworkConfigMap` names a ConfigMap of the tree, in the
  release's namespace, holding `config.yaml` (every NF of the release mounts it; a missing one leaves
  the pods in ContainerCreating).
- N5G831: in config.yaml, `nfs.<nf>.host` names the Service of that NF's chart (`oai-<nf>`), and
  `database.host` the mysql Service (N5G810 proves the Service exists in that namespace).
- N5G832: mcc, mnc, the GUAMI ids and every sd are strings: the NFs read them as text, and a YAML
  integer (`mcc: 001` is 1) loses the digits that make the PLMN.
- N5G833: the ConfigMap's name ends with the sha256 of its config.yaml (the charts put no hash of it
  on the pods: a new name is what rolls them); a config edited in place would never reach the pods.

Chart facts are transcribed here (as in n5gc.audit.services), never imported from n5gc.products.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, TreeFileError, is_site_release
from n5gc.audit.views import SummaryTree, dec, field, start
from n5gc.diagnostics import Diagnostic, Severity, error
from n5gc.patterns import LazyPattern  # (DIGEST: only OAI ConfigMaps need it)

OAI_CHARTS = ("oai-5g-basic", "oai-5g-mini", "oai-5g-advance", "oai-smf", "oai-upf", "oai-amf", "oai-nrf")
DATABASE_SERVICE = "mysql"
STRING_KEYS = ("mcc", "mnc", "amf_region_id", "amf_set_id", "amf_pointer", "sd")
DIGEST = LazyPattern(r"-([0-9a-f]{10})$")  # the config's sha256, first 10 hex digits


# --- one file ------------------------------------------------------------------------------------
# "ocm": the ConfigMaps holding a config.yaml [[name, namespace]]; "o833" and "o83x": the findings
# about them that need no other file ([code, error?, message, line, col, hint]); "gcm": a site
# release's values: global.coreNetworkConfigMap [value, line, col].


def oai_summary(tree_file: TreeFile) -> dict[str, Any]:
    """What the OAI checks need of one file."""
    config_maps, digests, findings = [], [], []
    for doc in tree_file.objects("ConfigMap"):
        name, namespace = doc.get("metadata", "name"), doc.get("metadata", "namespace")
        embedded = doc.embedded("data", "config.yaml")
        if isinstance(name, str) and isinstance(namespace, str) and embedded is not None:
            config_maps.append([name, namespace])
            digests += [finding_record(d) for d in _digest(name, embedded.text, doc)]
            try:
                configs = [d for d in embedded.yaml_docs() if isinstance(d.data, dict)]
            except TreeFileError:
                configs = []  # reported as unreadable (N5G801) by the facts
            for config in configs:
                findings += [finding_record(d) for d in (*_hosts(config), *_strings(config))]
    found = {"ocm": config_maps, "o833": digests, "o83x": findings}
    part = {key: value for key, value in found.items() if value}
    if (
        is_site_release(tree_file.path, "values.yaml")
        and tree_file.docs
        and isinstance(tree_file.docs[0].data, dict)
    ):
        written = field(tree_file.docs[0], "global", "coreNetworkConfigMap")
        root = tree_file.docs[0].loc()
        if written != [None, root.line, root.col]:  # (none and no `global`: most values; see "vx")
            part["gcm"] = written
    return part


def finding_record(diagnostic: Diagnostic) -> list[Any]:
    """A diagnostic of one file whose message names no position, as JSON."""
    where = diagnostic.location
    assert where is not None
    return [
        diagnostic.code,
        diagnostic.severity is Severity.ERROR,
        diagnostic.message,
        where.line,
        where.col,
        diagnostic.hint,
    ]


def findings(tree: SummaryTree, key: str) -> list[Diagnostic]:
    """The findings of one file stored under `key` in every summary, in path order."""
    found = []
    for path, _, records in tree.items(key):
        for code, is_error, message, line, col, hint in records:
            severity = Severity.ERROR if is_error else Severity.WARNING
            found.append(Diagnostic(code, severity, message, tree.loc(path, line, col), hint))
    return found


# --- the tree --------------------------------------------------------------------------------------


def check_oai(tree: SummaryTree) -> list[Diagnostic]:
    """Every OAI-specific disagreement of the tree (nothing when it has no OAI release or config)."""
    config_maps = {(name, namespace) for _, _, found in tree.items("ocm") for name, namespace in found}
    return [*_config_map_references(tree, config_maps), *findings(tree, "o833"), *findings(tree, "o83x")]


def _config_map_references(tree: SummaryTree, config_maps: set[tuple[str, str]]) -> Iterator[Diagnostic]:
    for release in tree.site_releases():
        meta, values = release.meta, release.values
        # (meta.values[0]: meta.get("chart") when it is text, and only a text is an OAI chart)
        if meta is None or values is None or release.values_path is None or meta.values[0] not in OAI_CHARTS:
            continue
        written, line, col = values["gcm"] if "gcm" in values else (None, *start(values))
        name, namespace = dec(written), meta.get("namespace")
        if (name, namespace) in config_maps:
            continue
        elsewhere = sorted(ns for n, ns in config_maps if n == name)
        detail = (
            f"it is in namespace {', '.join(elsewhere)}"
            if elsewhere
            else "no ConfigMap of the tree has that name"
        )
        yield error(
            "N5G830",
            f"release {meta.get('releaseName')} mounts ConfigMap {name} (global.coreNetworkConfigMap) "
            "in namespace "
            f"{namespace}, but {detail}",
            tree.loc(release.values_path, line, col),
            "every NF of an OAI release reads config.yaml from that ConfigMap: it must be in the release's "
            "namespace; recompile the tree",
        )


def _digest(name: str, text: str, doc: Doc) -> Iterator[Diagnostic]:
    match = DIGEST.search(name)
    if match is None:
        return
    digest = hashlib.sha256(text.encode()).hexdigest()[: len(match.group(1))]
    if digest != match.group(1):
        yield error(
            "N5G833",
            f"ConfigMap {name} is named after config digest {match.group(1)}, but its config.yaml hashes to "
            f"{digest}: the config was changed in place, and the pods mounting it keep the old one",
            doc.loc("metadata", "name"),
            "recompile the tree: a changed config gets a new ConfigMap name, which rolls the pods",
        )


def _hosts(config: Doc) -> Iterator[Diagnostic]:
    nfs = config.get("nfs")
    expected = [(("nfs", nf, "host"), f"oai-{nf}") for nf in (nfs if isinstance(nfs, dict) else {})]
    expected.append((("database", "host"), DATABASE_SERVICE))
    for path, service in expected:
        host = config.get(*path)
        if not isinstance(host, str) or host.split(".", 1)[0] == service:
            continue
        yield error(
            "N5G831",
            f"{'.'.join(path)} is {host}, but the OAI charts name that Service {service}",
            config.loc(*path),
            "the OAI charts name every Service after the chart (oai-<nf>, mysql): write "
            f"{service}.<namespace>.svc.<cluster domain>",
        )


def _strings(config: Doc, path: tuple[str | int, ...] = ()) -> Iterator[Diagnostic]:
    node = config.get(*path)
    if isinstance(node, dict):
        for key, value in node.items():
            if key in STRING_KEYS and not isinstance(value, str) and value is not None:
                yield error(
                    "N5G832",
                    f"{key} is the {type(value).__name__} {value!r}: the OAI NFs read it as text, and "
                    "the digits "
                    "as written are lost",
                    config.loc(*path, key),
                    f'quote it ({key}: "...") with every digit, e.g. mcc: "001", sd: "000001"',
                )
            else:
                yield from _strings(config, (*path, key))
    elif isinstance(node, list):
        for index in range(len(node)):
            yield from _strings(config, (*path, index))
