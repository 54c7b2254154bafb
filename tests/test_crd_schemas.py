"""CRD schemas: schemas/crd/** is exactly what scripts/derive-crd-schemas derives from the upstream CRDs;
every custom resource n5gc emits (Argo CD, Flux, Liqo, NSM) validates against it (through n5gc.verify)
and against the upstream CRD itself, loaded here; an unknown field is rejected by both, as the API
server's strict field validation rejects it."""

from __future__ import annotations

import copy
import importlib.machinery
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jsonschema import Draft4Validator

from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.targets import render_all
from n5gc.targets.base import Artifact
from n5gc.verify import document_problems

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "derive-crd-schemas"
SCHEMAS = REPO / "schemas" / "crd"
EXAMPLE = REPO / "examples" / "three-slices.yaml"
# The upstream CRD files of every custom resource n5gc may emit.
UPSTREAM_GLOBS = (
    "argo-cd/manifests/crds/*.yaml",
    "flux/*/config/crd/bases/*.yaml",
    "liqo/deployments/liqo/charts/liqo-crds/crds/*.yaml",
    "networkservicemesh/deployments-k8s/apps/registry-k8s/crd-*.yaml",
)
GITOPS_KINDS = {
    "AppProject",
    "Application",
    "GitRepository",
    "HelmRepository",
    "Kustomization",
    "HelmRelease",
}
# ObjectMeta fields the API server knows (metav1.ObjectMeta): CRDs leave metadata to it.
OBJECT_META = {
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
}

TWO_CLUSTERS = """\
apiVersion: n5gc.io/v1alpha1
kind: Network
metadata: {name: duo}
spec:
  plmn: {mcc: "001", mnc: "01"}
  sites:
    - {name: berlin, cluster: {name: berlin, server: "https://berlin.example.net:6443"}}
    - {name: uk, cluster: {name: uk}}
  core: {site: berlin}
  slices:
    - {name: embb, sst: 1, sd: "000001", userPlane: {site: uk},
       dnns: [{name: internet, subnet: 10.45.0.0/24}]}
  ran: [{name: gnb-uk, site: uk, slices: [embb]}]
  multicluster: {engine: nsm, nsm: {interfaces: [n2, n3, n4]}}
  gitops:
    engine: %s
    repo: {url: https://git.example.net/5g/duo.git, revision: refs/tags/v1, path: duo}
"""


FLUX_OVERLAY = "apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  gitops: {engine: flux}\n"


def load_script() -> ModuleType:
    """scripts/derive-crd-schemas as a module (it has no .py suffix)."""
    loader = importlib.machinery.SourceFileLoader("derive_crd_schemas", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


derive = load_script()


# --- (a) the committed schemas are what the script derives from the upstream CRDs now -------------


def test_committed_crd_schemas_equal_what_the_script_derives(upstream):
    derived = derive.derive_all(derive.default_paths(upstream), upstream)
    committed = {
        p.relative_to(SCHEMAS).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(SCHEMAS.rglob("*.schema.json"))
    }
    assert sorted(committed) == sorted(derived), "run: .venv/bin/python scripts/derive-crd-schemas"
    stale = [name for name in derived if committed[name] != derived[name]]
    assert not stale, f"stale {stale}; run: .venv/bin/python scripts/derive-crd-schemas"


def test_check_mode_reports_a_stale_schema(upstream, tmp_path):
    crd = upstream / derive.DEFAULT_CRDS[1]
    assert derive.main([str(crd), "--upstream", str(upstream), "--out", str(tmp_path)]) == 0
    assert derive.main([str(crd), "--upstream", str(upstream), "--out", str(tmp_path), "--check"]) == 0
    [written] = tmp_path.rglob("*.schema.json")
    written.write_text(written.read_text() + " ")
    assert derive.main([str(crd), "--upstream", str(upstream), "--out", str(tmp_path), "--check"]) == 1


# --- the translation rules, on a small CRD (no upstream data needed) ---------------------------------

SMALL_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.io"},
    "spec": {
        "group": "example.io",
        "names": {"kind": "Widget"},
        "versions": [
            {
                "name": "v1beta1",
                "served": True,
                "storage": False,
                "schema": {"openAPIV3Schema": {"type": "object"}},
            },
            {
                "name": "v1",
                "served": True,
                "storage": True,
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "required": ["spec"],
                        "properties": {
                            "apiVersion": {"type": "string"},
                            "kind": {"type": "string"},
                            "metadata": {"type": "object"},
                            "spec": {
                                "type": "object",
                                "description": "the spec",
                                "properties": {
                                    "port": {
                                        "x-kubernetes-int-or-string": True,
                                        "anyOf": [{"type": "integer"}, {"type": "string"}],
                                    },
                                    "tags": {
                                        "type": "array",
                                        "items": {"type": "string"},
                                        "x-kubernetes-list-type": "set",
                                    },
                                    "values": {
                                        "type": "object",
                                        "x-kubernetes-preserve-unknown-fields": True,
                                    },
                                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "note": {"type": "string", "nullable": True},
                                    "ref": {
                                        "type": "object",
                                        "properties": {"name": {"type": "string"}},
                                        "x-kubernetes-validations": [{"rule": "has(self.name)"}],
                                    },
                                },
                            },
                            "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
                        },
                    }
                },
            },
        ],
    },
}


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    name, schema = derive.derive(SMALL_CRD, "widgets.yaml")
    assert name == "example.io/widget.schema.json"
    return schema


def test_derived_schema_is_the_storage_version_closed_where_the_server_prunes(small):
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(small)
    spec = small["properties"]["spec"]
    assert small["properties"]["apiVersion"] == {"const": "example.io/v1"}
    assert small["properties"]["kind"] == {"const": "Widget"}
    assert small["required"] == ["apiVersion", "kind", "metadata", "spec"]
    assert "status" not in small["properties"] and small["additionalProperties"] is False
    assert spec["additionalProperties"] is False and "description" not in spec
    assert spec["properties"]["port"]["type"] == ["integer", "string"]
    assert spec["properties"]["tags"]["uniqueItems"] is True
    assert "additionalProperties" not in spec["properties"]["values"]  # preserve-unknown-fields: open
    assert spec["properties"]["labels"]["additionalProperties"] == {"type": "string"}
    assert spec["properties"]["note"]["type"] == ["string", "null"]
    assert spec["properties"]["ref"]["additionalProperties"] is False
    assert not [k for k in str(small).split("'") if k.startswith("x-kubernetes")]
    validator = Draft202012Validator(small)
    good = {
        "apiVersion": "example.io/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "ns"},
        "spec": {"port": "http", "values": {"any": {"thing": 1}}, "ref": {"name": "x"}},
    }
    assert not list(validator.iter_errors(good))
    for bad in (
        {"spec": {"colour": "red"}},
        {"spec": {"ref": {"nam": "x"}}},
        {"metadata": {"name": "w", "uid": "1"}},
        {"spec": {"tags": ["a", "a"]}},
        {"status": {"ready": True}},
        {"apiVersion": "example.io/v1beta1"},
    ):
        assert list(validator.iter_errors({**good, **bad})), bad


# --- (b) every custom resource validates against the project schema and the upstream CRD ------------


@cache
def upstream_crds(upstream: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> openAPIV3Schema of the storage version, read from the upstream CRD files."""
    found = {}
    for pattern in UPSTREAM_GLOBS:
        for path in sorted(upstream.glob(pattern)):
            for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                for version in crd["spec"]["versions"]:
                    if version.get("storage"):
                        key = (f"{crd['spec']['group']}/{version['name']}", crd["spec"]["names"]["kind"])
                        found[key] = version["schema"]["openAPIV3Schema"]
    return found


def unknown_fields(schema: dict[str, Any], value: Any, path: str) -> list[str]:
    """Fields the API server would prune, which strict field validation rejects: not declared by the
    structural schema where it neither preserves unknown fields nor has additionalProperties."""
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return []
    if isinstance(value, list) and "items" in schema:
        return [
            problem
            for index, item in enumerate(value)
            for problem in unknown_fields(schema["items"], item, f"{path}/{index}")
        ]
    if not isinstance(value, dict):
        return []
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    problems = []
    for key, item in value.items():
        if key in properties:
            problems += unknown_fields(properties[key], item, f"{path}/{key}")
        elif isinstance(extra, dict):
            problems += unknown_fields(extra, item, f"{path}/{key}")
        elif extra is not True:
            problems.append(f"{path}/{key}")
    return problems


def upstream_problems(upstream: Path, document: dict[str, Any]) -> list[str]:
    """What the upstream CRD says about an object: schema errors, unknown fields, unknown metadata."""
    schema = upstream_crds(upstream).get((document.get("apiVersion"), document.get("kind")))
    if schema is None:
        return [f"no upstream CRD for {document.get('apiVersion')} {document.get('kind')}"]
    problems = [
        f"{e.message} at /{'/'.join(map(str, e.absolute_path))}"
        for e in Draft4Validator(schema).iter_errors(document)
    ]
    # The server keeps apiVersion, kind and metadata at the root whatever the CRD declares.
    body = {k: v for k, v in document.items() if k not in ("apiVersion", "kind", "metadata")}
    problems += [f"unknown field {p}" for p in unknown_fields(schema, body, "")]
    problems += [f"unknown field /metadata/{k}" for k in document.get("metadata", {}) if k not in OBJECT_META]
    return problems


def compiled(intent: Path, overlays: list[Path]) -> list[Artifact]:
    analysis = analyse(intent, overlays)
    assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
    return render_all(build_plan(analysis.network), analysis.secrets)


@pytest.fixture(scope="module")
def gitops_objects(tmp_path_factory) -> list[tuple[str, str, dict[str, Any]]]:
    """(where, schema, object) of every custom resource: of the reference network with Argo CD (lab)
    and Flux (prod), of a two-cluster network with each engine, of the OAI core network with Flux
    (charts from Git), and every one that out/ holds."""
    folder = tmp_path_factory.mktemp("gitops")
    artifacts = {
        "lab": compiled(EXAMPLE, [REPO / "overlays" / "lab" / "three-slices.yaml"]),
        "prod": compiled(EXAMPLE, [REPO / "overlays" / "prod" / "three-slices.yaml"]),
    }
    for engine in ("argocd", "flux"):
        (folder / f"duo-{engine}.yaml").write_text(TWO_CLUSTERS % engine)
        artifacts[f"duo-{engine}"] = compiled(folder / f"duo-{engine}.yaml", [])
    # The OAI 5G Core under Flux: its charts from a GitRepository (out/oai-core holds it under Argo CD).
    (folder / "oai-flux.yaml").write_text(FLUX_OVERLAY)
    artifacts["oai-flux"] = compiled(REPO / "examples" / "oai-core.yaml", [folder / "oai-flux.yaml"])
    found = [
        (f"{case}:{a.path}", a.schema, d)
        for case, items in artifacts.items()
        for a in items
        if a.schema.startswith("crd/")
        for d in a.documents
    ]
    for path in sorted((REPO / "out").rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(document, dict) or "/" not in str(document.get("apiVersion", "")):
                continue
            schema = f"crd/{document['apiVersion'].split('/')[0]}/{str(document.get('kind')).lower()}"
            if (REPO / "schemas" / f"{schema}.schema.json").is_file():
                found.append((path.relative_to(REPO).as_posix(), schema, document))
    return found


def test_the_objects_cover_every_gitops_kind(gitops_objects):
    kinds = {document["kind"] for _, _, document in gitops_objects}
    assert kinds >= GITOPS_KINDS
    in_out = {document["kind"] for where, _, document in gitops_objects if where.startswith("out/")}
    assert in_out & GITOPS_KINDS, "out/ holds no GitOps object"
    from_git = [
        d
        for _, _, d in gitops_objects
        if d["kind"] == "HelmRelease" and "version" not in d["spec"]["chart"]["spec"]
    ]
    assert from_git and all(
        d["spec"]["chart"]["spec"]["sourceRef"]["kind"] == "GitRepository" for d in from_git
    )
    applications = [d for _, _, d in gitops_objects if d["kind"] == "Application"]
    sources = [source for d in applications for source in d["spec"].get("sources", [])]
    assert any("path" in source and "helm" in source for source in sources), "no chart read from Git"


def test_every_custom_resource_validates_against_project_and_upstream_schema(gitops_objects, upstream):
    problems = []
    for where, schema, document in gitops_objects:
        problems += [f"{where} (project {schema}): {p}" for p in document_problems(schema, document)]
        problems += [f"{where} (upstream CRD): {p}" for p in upstream_problems(upstream, document)]
    assert not problems, "\n".join(problems)


# --- (c) an unknown field is rejected by both ---------------------------------------------------------


def a_release_application(gitops_objects) -> dict[str, Any]:
    return next(
        copy.deepcopy(document)
        for _, _, document in gitops_objects
        if document["kind"] == "Application" and "sources" in document["spec"]
    )


@pytest.mark.parametrize("where", ["spec", "spec/sources/0/helm", "spec/syncPolicy/automated", "metadata"])
def test_an_unknown_field_in_an_application_is_rejected_by_both(where, gitops_objects, upstream):
    application = a_release_application(gitops_objects)
    assert not document_problems("crd/argoproj.io/application", application)
    assert not upstream_problems(upstream, application)
    node = application
    for step in where.split("/"):
        node = node[int(step)] if isinstance(node, list) else node[step]
    node["replicaz"] = 3
    assert any("replicaz" in p for p in document_problems("crd/argoproj.io/application", application))
    assert any("replicaz" in p for p in upstream_problems(upstream, application))
