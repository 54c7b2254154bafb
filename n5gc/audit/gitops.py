"""GitOps objects against the releases they apply: an Argo CD Application or a Flux HelmRelease must
install the chart, version, release name and namespace its `sites/<site>/helm/<release>/release.yaml`
states, with those values (N5G814). A chart read from a Git repository (release.yaml `path`) is
installed from that folder: Argo CD source `path`, Flux `spec.chart.spec.chart: ./<path>`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from n5gc.audit.documents import Doc, TreeFile, read_tree
from n5gc.audit.views import Meta, Reader, SummaryTree, dec, field
from n5gc.diagnostics import Diagnostic, Location, error
from n5gc.records import record

# --- one file ------------------------------------------------------------------------------------
# "app": Applications [[chart sources [index, release name, line, col, {field: [value, line, col]},
# value files, line, col]], destination namespace [value, line, col]]. "hr": Flux HelmReleases
# [release name, line, col, {field: [value, line, col]}]. "vraw": a file named values.yaml: the
# sha256 of its bytes (equal bytes, equal values; else the data are compared from the bytes).

SOURCE_FIELDS = ("chart", "path", "targetRevision")
FLUX_FIELDS = {
    "chart": ("spec", "chart", "spec", "chart"),
    "version": ("spec", "chart", "spec", "version"),
    "namespace": ("spec", "targetNamespace"),
}


def gitops_summary(tree_file: TreeFile) -> dict[str, Any]:
    """What the GitOps check needs of one file."""
    part: dict[str, Any] = {}
    applications = [_application(doc) for doc in tree_file.objects("Application")]
    releases = [
        _helm_release(doc)
        for doc in tree_file.objects("HelmRelease")
        if str(doc.get("apiVersion", default="")).startswith("helm.toolkit.fluxcd.io/")
    ]
    if applications:
        part["app"] = applications
    if releases:
        part["hr"] = releases
    if tree_file.path.rsplit("/", 1)[-1] == "values.yaml":
        part["vraw"] = hashlib.sha256(tree_file.text.encode("utf-8")).hexdigest()
    return part


def _application(doc: Doc) -> list[Any]:
    sources = []
    for i, source in enumerate(doc.items("spec", "sources")):
        # A chart source: from a Helm repository (`chart`) or a Git repository's folder (`path` + `helm`).
        if not isinstance(source, dict) or not ("chart" in source or ("path" in source and "helm" in source)):
            continue
        base = ("spec", "sources", i)
        where, files_where = doc.loc(*base), doc.loc(*base, "helm", "valueFiles")
        fields = {key: field(doc, *base, key) for key in SOURCE_FIELDS if doc.get(*base, key) is not None}
        files = [f for f in doc.items(*base, "helm", "valueFiles") if isinstance(f, str)]
        name = str(doc.get(*base, "helm", "releaseName"))
        sources.append([i, name, where.line, where.col, fields, files, files_where.line, files_where.col])
    namespace = ("spec", "destination", "namespace")
    return [sources, field(doc, *namespace) if doc.get(*namespace) is not None else None]


def _helm_release(doc: Doc) -> list[Any]:
    where = doc.loc("spec", "releaseName")
    fields = {key: field(doc, *path) for key, path in FLUX_FIELDS.items() if doc.get(*path) is not None}
    return [str(doc.get("spec", "releaseName")), where.line, where.col, fields]


# --- the tree --------------------------------------------------------------------------------------


@record
class Release:
    meta: Meta
    values: str | None  # the values file's path
    path: str  # of release.yaml, relative to the tree


def _releases(tree: SummaryTree) -> dict[str, Release]:
    """The site releases by release name."""
    found = {}
    for release in tree.site_releases():
        if release.meta is not None:
            found[str(release.meta.get("releaseName"))] = Release(
                release.meta, release.values_path, release.path
            )
    return found


def check_gitops(tree: SummaryTree, read: Reader | None = None) -> list[Diagnostic]:
    """N5G814 for every GitOps object that does not install its release as release.yaml states.
    `read`: a file's bytes, to compare a Flux values copy that is not byte for byte the release's."""
    holding = sorted({path for key in ("app", "hr") for path, _, _ in tree.items(key)})
    if not holding:  # (a tree without GitOps objects)
        return []
    releases = _releases(tree)
    problems: list[Diagnostic] = []
    for path in holding:
        body = tree.bodies[path]
        for application in body.get("app", ()):
            problems.extend(_argocd(tree, path, application, releases))
        for helm_release in body.get("hr", ()):
            problems.extend(_flux(tree, path, helm_release, releases, read))
    return problems


def _compare(
    tree: SummaryTree,
    path: str,
    release: Release,
    pairs: list[tuple[list[Any] | None, str, str]],
    prefix: str = "",
) -> Iterator[Diagnostic]:
    """Each written field against the release.yaml key it must equal (`prefix`ed for the `path` key)."""
    for written_field, name, key in pairs:
        if written_field is None:
            continue
        written, line, col = dec(written_field[0]), written_field[1], written_field[2]
        stated = release.meta.get(key)
        if key == "path" and stated is not None:
            stated = prefix + str(stated)
        if written is not None and str(written) != str(stated):
            yield _mismatch(
                f"{name} is {written}, but {release.path} states {key} {stated} ({release.meta.loc(key)})",
                tree.loc(path, line, col),
            )


def _argocd(
    tree: SummaryTree, path: str, application: list[Any], releases: dict[str, Release]
) -> Iterator[Diagnostic]:
    sources, namespace = application
    for index, name, line, col, fields, files, files_line, files_col in sources:
        release = releases.get(name)
        if release is None:
            yield _mismatch(
                f"Application installs release {name}, which no release.yaml of the tree states",
                tree.loc(path, line, col),
            )
            continue
        base = f"spec.sources.{index}"
        yield from _compare(
            tree,
            path,
            release,
            [
                (fields.get("chart"), f"{base}.chart", "chart"),
                (fields.get("path"), f"{base}.path", "path"),
                (fields.get("targetRevision"), f"{base}.targetRevision", "version"),
                (namespace, "spec.destination.namespace", "namespace"),
            ],
        )
        expected = release.path.rsplit("/", 1)[0] + "/" + str(release.meta.get("values") or "values.yaml")
        if not any(f.endswith("/" + expected) for f in files):
            yield _mismatch(
                f"Application {name} does not read the release's values file {expected}",
                tree.loc(path, files_line, files_col),
            )


def _flux(
    tree: SummaryTree, path: str, helm_release: list[Any], releases: dict[str, Release], read: Reader | None
) -> Iterator[Diagnostic]:
    name, line, col, fields = helm_release
    release = releases.get(name)
    if release is None:
        yield _mismatch(
            f"HelmRelease installs release {name}, which no release.yaml of the tree states",
            tree.loc(path, line, col),
        )
        return
    in_git = release.meta.get("path") is not None  # the chart is the folder `./<path>` of a GitRepository
    yield from _compare(
        tree,
        path,
        release,
        [
            (fields.get("chart"), "spec.chart.spec.chart", "path" if in_git else "chart"),
            (fields.get("version"), "spec.chart.spec.version", "version"),
            (fields.get("namespace"), "spec.targetNamespace", "namespace"),
        ],
        prefix="./",
    )
    copy = path.rsplit("/", 1)[0] + "/values.yaml"
    copy_body = tree.bodies.get(copy)
    if copy_body is None or copy_body.get("bin") or release.values is None:
        return
    if copy_body["vraw"] == tree.bodies[release.values]["vraw"] or read is None:
        return  # the same bytes; or, without the bytes, not decidable here (see audit_summaries)
    if _data(read, copy) != _data(read, release.values):
        yield _mismatch(
            f"the values Flux applies differ from {tree.shown[release.values]}",
            Location(tree.shown[copy], 1, 1),
        )


def _data(read: Reader, path: str) -> list[Any]:
    """The data of a file's YAML documents (none when it cannot be read as YAML)."""
    files, _ = read_tree({path: read(path)}, "")
    return [d.data for d in files[0].docs] if files else []


def _mismatch(message: str, where: Location) -> Diagnostic:
    return error(
        "N5G814",
        message,
        where,
        "the GitOps objects must install exactly the releases of sites/<site>/helm/: recompile, or "
        "edit both sides alike",
    )
