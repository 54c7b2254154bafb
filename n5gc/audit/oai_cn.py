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
import re
from collections.abc import Iterator

from n5gc.audit.documents import Doc, TreeFile, site_releases
from n5gc.diagnostics import Diagnostic, error

OAI_CHARTS = ("oai-5g-basic", "oai-5g-mini", "oai-5g-advance", "oai-smf", "oai-upf", "oai-amf", "oai-nrf")
DATABASE_SERVICE = "mysql"
STRING_KEYS = ("mcc", "mnc", "amf_region_id", "amf_set_id", "amf_pointer", "sd")
DIGEST = re.compile(r"-([0-9a-f]{10})$")  # the config's sha256, first 10 hex digits


def check_oai(files: list[TreeFile]) -> list[Diagnostic]:
    """Every OAI-specific disagreement of the tree (nothing when it has no OAI release or config)."""
    config_maps: dict[tuple[str, str], Doc] = {}
    problems_of_digest: list[Diagnostic] = []
    configs: list[Doc] = []
    for tree_file in files:
        for doc in tree_file.objects("ConfigMap"):
            name, namespace = doc.get("metadata", "name"), doc.get("metadata", "namespace")
            embedded = doc.embedded("data", "config.yaml")
            if isinstance(name, str) and isinstance(namespace, str) and embedded is not None:
                config_maps[(name, namespace)] = doc
                problems_of_digest.extend(_digest(name, embedded.text, doc))
                configs += [d for d in embedded.yaml_docs() if isinstance(d.data, dict)]
    problems = [*_config_map_references(files, config_maps), *problems_of_digest]
    for config in configs:
        problems += _hosts(config)
        problems += _strings(config)
    return problems


def _config_map_references(
    files: list[TreeFile], config_maps: dict[tuple[str, str], Doc]
) -> Iterator[Diagnostic]:
    for release in site_releases(files):
        meta, values = release.meta, release.values_doc
        if meta is None or values is None or meta.get("chart") not in OAI_CHARTS:
            continue
        name, namespace = values.get("global", "coreNetworkConfigMap"), meta.get("namespace")
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
            values.loc("global", "coreNetworkConfigMap"),
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
