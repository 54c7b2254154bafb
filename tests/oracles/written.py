"""Readers of a compiled tree that know only the file formats (PyYAML, a regex for OAI's libconfig).

They share no code with n5gc: the oracle tests compare what these read from the *written* files
with facts written by hand from the intent and the 3GPP tables (tests/oracles/facts.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml


def documents(path: Path) -> list[Any]:
    """Every YAML document of a file (None documents dropped)."""
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def yaml_files(tree: Path) -> Iterator[Path]:
    """The YAML files of a tree, sorted."""
    yield from sorted(p for p in tree.rglob("*.yaml") if p.is_file())


def _helm_values(tree: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(release, values) of every Helm release folder under sites/ (what `helm install` reads)."""
    for path in sorted(tree.glob("sites/*/helm/*/values.yaml")):
        yield path.parent.name, documents(path)[0]


def amf_tais(tree: Path) -> set[tuple[str, str, int]]:
    """(MCC, MNC, TAC) the AMF serves, from its taiList."""
    tais: set[tuple[str, str, int]] = set()
    for _release, values in _helm_values(tree):
        amf = values.get("amf") if isinstance(values.get("amf"), dict) else None
        if not amf or not amf.get("enabled"):
            continue
        for entry in amf["config"]["taiList"]:
            plmn = entry["plmn_id"]
            tacs = entry["tac"] if isinstance(entry["tac"], list) else [entry["tac"]]
            tais |= {(str(plmn["mcc"]), str(plmn["mnc"]), int(t)) for t in tacs}
    for _release, config in oai_release_configs(tree, "oai-5g-basic"):
        tais |= {(e["mcc"], e["mnc"], int(e["tac"])) for e in config["amf"]["plmn_support_list"]}
    return tais


def amf_slices(tree: Path) -> set[tuple[int, str | None]]:
    """(SST, SD) the AMF's plmnList announces."""
    found: set[tuple[int, str | None]] = set()
    for _release, values in _helm_values(tree):
        amf = values.get("amf") if isinstance(values.get("amf"), dict) else None
        if amf and amf.get("enabled"):
            for entry in amf["config"]["plmnList"]:
                found |= {(int(s["sst"]), s.get("sd")) for s in entry["s_nssai"]}
    for _release, config in oai_release_configs(tree, "oai-5g-basic"):
        for entry in config["amf"]["plmn_support_list"]:
            found |= {(int(s["sst"]), s["sd"].lower() if "sd" in s else None) for s in entry["nssai"]}
    return found


def smf_pools(tree: Path) -> dict[str, set[tuple[str, str]]]:
    """SMF release -> {(DNN, subnet)} of its session pools."""
    pools: dict[str, set[tuple[str, str]]] = {}
    for release, values in _helm_values(tree):
        smf = (values.get("customOpen5gsConfig") or {}).get("smf")
        if smf:
            pools[release] = {(s["dnn"], s["subnet"]) for s in smf.get("session", [])}
    for release, config in oai_release_configs(tree, "oai-smf"):
        infos = config["smf"]["smf_info"]["sNssaiSmfInfoList"]
        pools[release] = _oai_pools(config, [d["dnn"] for i in infos for d in i["dnnSmfInfoList"]])
    return pools


def upf_pools(tree: Path) -> dict[str, set[tuple[str, str]]]:
    """UPF release -> {(DNN, subnet)} it routes (config.subnetList)."""
    pools: dict[str, set[tuple[str, str]]] = {}
    for release, values in _helm_values(tree):
        subnets = (values.get("config") or {}).get("subnetList")
        if subnets is not None:
            pools[release] = {(s["dnn"], s["subnet"]) for s in subnets}
    for release, config in oai_release_configs(tree, "oai-upf"):
        infos = config["upf"]["upf_info"]["sNssaiUpfInfoList"]
        pools[release] = _oai_pools(config, [d["dnn"] for i in infos for d in i["dnnUpfInfoList"]])
    return pools


def _oai_pools(config: dict[str, Any], dnns: list[str]) -> set[tuple[str, str]]:
    return {(d["dnn"], d["ipv4_subnet"]) for d in config["dnns"] if d["dnn"] in dnns}


def oai_release_configs(tree: Path, chart: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(release, config.yaml) of every release of an OAI chart: the config is the one its pods mount,
    the ConfigMap named by values global.coreNetworkConfigMap in the release's namespace."""
    configs = {
        (doc["metadata"]["name"], doc["metadata"]["namespace"]): yaml.safe_load(doc["data"]["config.yaml"])
        for path in yaml_files(tree)
        for doc in documents(path)
        if isinstance(doc, dict)
        and doc.get("kind") == "ConfigMap"
        and "config.yaml" in (doc.get("data") or {})
    }
    for path in sorted(tree.glob("sites/*/helm/*/release.yaml")):
        release = documents(path)[0]
        if release["chart"] != chart:
            continue
        values = documents(path.parent / "values.yaml")[0]
        yield (
            release["releaseName"],
            configs[(values["global"]["coreNetworkConfigMap"], release["namespace"])],
        )


def oai_smf_upfs(tree: Path) -> dict[str, list[str]]:
    """OAI SMF release -> the UPF hosts of its config (smf.upfs)."""
    return {
        release: [u["host"] for u in c["smf"]["upfs"]] for release, c in oai_release_configs(tree, "oai-smf")
    }


def oai_guamis(tree: Path) -> set[tuple[str, ...]]:
    """(mcc, mnc, region, set, pointer) of the OAI AMF's served GUAMIs, as written (strings)."""
    return {
        tuple(g[k] for k in ("mcc", "mnc", "amf_region_id", "amf_set_id", "amf_pointer"))
        for _release, config in oai_release_configs(tree, "oai-5g-basic")
        for g in config["amf"]["served_guami_list"]
    }


def pool_gateways(tree: Path) -> dict[str, set[tuple[str, str]]]:
    """SMF or UPF release -> {(DNN, gateway)} of its pools (the UPF's tun address)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for release, values in _helm_values(tree):
        smf = (values.get("customOpen5gsConfig") or {}).get("smf")
        entries = smf.get("session", []) if smf else (values.get("config") or {}).get("subnetList")
        if entries is not None:
            found[release] = {(e["dnn"], e["gateway"]) for e in entries}
    return found


def smf_upf_peers(tree: Path) -> dict[str, list[str]]:
    """SMF release -> the PFCP addresses of its UPFs."""
    peers: dict[str, list[str]] = {}
    for release, values in _helm_values(tree):
        smf = (values.get("customOpen5gsConfig") or {}).get("smf")
        if smf:
            peers[release] = [u["address"] for u in smf["pfcp"]["client"]["upf"]]
    return peers


def _config_maps_and_secrets(tree: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in yaml_files(tree):
        if "/ran/" not in path.as_posix() and "/core/" not in path.as_posix():
            continue
        for doc in documents(path):
            if isinstance(doc, dict) and doc.get("kind") in ("ConfigMap", "Secret"):
                yield path, doc


def _data(doc: dict[str, Any]) -> dict[str, str]:
    return {**(doc.get("data") or {}), **(doc.get("stringData") or {})}


def ueransim_gnbs(tree: Path) -> dict[str, dict[str, Any]]:
    """gNB object name -> its UERANSIM gnb.yaml (parsed)."""
    return {
        doc["metadata"]["name"]: yaml.safe_load(_data(doc)["gnb.yaml"])
        for _path, doc in _config_maps_and_secrets(tree)
        if "gnb.yaml" in _data(doc)
    }


def ueransim_ues(tree: Path) -> dict[str, dict[str, Any]]:
    """UE group object name -> its UERANSIM ue.yaml (parsed) plus `count` from the nr-ue -n argument."""
    found: dict[str, dict[str, Any]] = {}
    for path in yaml_files(tree):
        docs = documents(path)
        configs = [d for d in docs if isinstance(d, dict) and "ue.yaml" in _data(d)]
        for doc in configs:
            ue = yaml.safe_load(_data(doc)["ue.yaml"])
            for deployment in (d for d in docs if d.get("kind") == "Deployment"):
                args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
                ue["count"] = int(args[args.index("-n") + 1])
            found[doc["metadata"]["name"]] = ue
    return found


def pod_config_hashes(tree: Path) -> dict[str, str]:
    """Deployment name -> its n5gc.io/config-sha256 pod annotation."""
    hashes: dict[str, str] = {}
    for path in yaml_files(tree):
        for doc in documents(path):
            if isinstance(doc, dict) and doc.get("kind") == "Deployment":
                annotations = doc["spec"]["template"]["metadata"].get("annotations") or {}
                if "n5gc.io/config-sha256" in annotations:
                    hashes[doc["metadata"]["name"]] = annotations["n5gc.io/config-sha256"]
    return hashes


def srsran_gnbs(tree: Path) -> dict[str, dict[str, Any]]:
    """srsRAN release -> its gnb-config.yml (parsed)."""
    return {
        release: yaml.safe_load(values["config"]["gnb-config.yml"])
        for release, values in _helm_values(tree)
        if "gnb-config.yml" in (values.get("config") or {})
    }


_LIBCONFIG_SETTING = re.compile(r"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*([^;\n]*);", re.MULTILINE)


def oai_gnbs(tree: Path) -> dict[str, dict[str, str]]:
    """OAI config object name -> {setting: raw value} of its libconfig text (first occurrence)."""
    found: dict[str, dict[str, str]] = {}
    for _path, doc in _config_maps_and_secrets(tree):
        for name, text in _data(doc).items():
            if name.endswith(".conf"):
                settings: dict[str, str] = {}
                for key, value in _LIBCONFIG_SETTING.findall(text):
                    settings.setdefault(key, value.strip().strip('"'))
                found[doc["metadata"]["name"]] = settings
    return found


def subscriber_ranges(tree: Path) -> set[tuple[str, str, str, int]]:
    """(group, first IMSI, last IMSI, count) of the provisioning data (subscribers.json)."""
    import json

    ranges: set[tuple[str, str, str, int]] = set()
    for _path, doc in _config_maps_and_secrets(tree):
        text = _data(doc).get("subscribers.json")
        if text:
            for group in json.loads(text):
                ranges.add((group["group"], group["imsiFirst"], group["imsiLast"], group["count"]))
    return ranges


def argocd_waves(tree: Path) -> dict[str, int]:
    """Argo CD Application name -> its sync wave."""
    waves: dict[str, int] = {}
    for path in sorted(tree.glob("gitops/argocd/**/*.yaml")):
        for doc in documents(path):
            annotations = (doc.get("metadata") or {}).get("annotations") or {}
            if doc.get("kind") == "Application" and "argocd.argoproj.io/sync-wave" in annotations:
                waves[doc["metadata"]["name"]] = int(annotations["argocd.argoproj.io/sync-wave"])
    return waves


def flux_depends_on(tree: Path) -> dict[str, set[str]]:
    """Flux HelmRelease name -> the names it dependsOn."""
    edges: dict[str, set[str]] = {}
    for path in sorted(tree.glob("gitops/flux/**/*.yaml")):
        for doc in documents(path):
            if doc.get("kind") == "HelmRelease":
                edges[doc["metadata"]["name"]] = {d["name"] for d in doc["spec"].get("dependsOn", [])}
    return edges


def smoke_tests(tree: Path) -> dict[str, tuple[str, str, str, str, int, str | None]]:
    """Smoke-test Job name -> (case, SUPI of its UE config, pool, gateway, MTU, the Flux
    Kustomization applying it or None), read from the Jobs' env and the Secret they mount."""
    appliers = _flux_appliers(tree)
    found: dict[str, tuple[str, str, str, str, int, str | None]] = {}
    for path in yaml_files(tree):
        docs = [d for d in documents(path) if isinstance(d, dict)]
        secrets = {d["metadata"]["name"]: _data(d) for d in docs if d.get("kind") == "Secret"}
        for job in (d for d in docs if d.get("kind") == "Job"):
            pod = job["spec"]["template"]["spec"]
            env = {e["name"]: e.get("value") for e in pod["containers"][0].get("env", [])}
            if "CASE" not in env:
                continue
            secret = next(v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v)
            supi = yaml.safe_load(secrets[secret]["ue.yaml"])["supi"]
            folder = "/" + path.parent.relative_to(tree).as_posix()
            applier = next((name for where, name in appliers.items() if where.endswith(folder)), None)
            found[job["metadata"]["name"]] = (
                env["CASE"],
                supi,
                env["POOL"],
                env["GATEWAY"],
                int(env["MTU"]),
                applier,
            )
    return found


def _flux_appliers(tree: Path) -> dict[str, str]:
    """`spec.path` (in the Git repository: the tree's own folder plus the path inside it) -> the
    name of the Flux Kustomization that applies it."""
    appliers: dict[str, str] = {}
    for path in sorted(tree.glob("gitops/flux/**/*.yaml")):
        for doc in documents(path):
            if doc.get("kind") == "Kustomization" and "path" in doc.get("spec", {}):
                appliers[doc["spec"]["path"]] = doc["metadata"]["name"]
    return appliers


def flux_kustomization_depends_on(tree: Path) -> dict[str, set[str]]:
    """Flux Kustomization name -> the names it dependsOn."""
    edges: dict[str, set[str]] = {}
    for path in sorted(tree.glob("gitops/flux/**/*.yaml")):
        for doc in documents(path):
            if doc.get("kind") == "Kustomization" and "sourceRef" in doc.get("spec", {}):
                edges[doc["metadata"]["name"]] = {d["name"] for d in doc["spec"].get("dependsOn", [])}
    return edges
