"""GitOps objects against the releases they apply: an Argo CD Application or a Flux HelmRelease must
install the chart, version, release name and namespace its `sites/<site>/helm/<release>/release.yaml`
states, with those values (N5G814). A chart read from a Git repository (release.yaml `path`) is
installed from that folder: Argo CD source `path`, Flux `spec.chart.spec.chart: ./<path>`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from n5gc.audit.documents import Doc, TreeFile, site_releases
from n5gc.diagnostics import Diagnostic, Location, error


@dataclass(frozen=True)
class Release:
    doc: Doc
    values: TreeFile | None
    path: str  # of release.yaml, relative to the tree


def _releases(files: list[TreeFile]) -> dict[str, Release]:
    """The site releases by release name."""
    found = {}
    for release in site_releases(files):
        if release.meta is not None:
            found[str(release.meta.get("releaseName"))] = Release(
                release.meta, release.values, release.release.path
            )
    return found


def check_gitops(files: list[TreeFile]) -> list[Diagnostic]:
    releases = _releases(files)
    by_path = {f.path: f for f in files}
    problems: list[Diagnostic] = []
    for tree_file in files:
        for doc in tree_file.objects("Application"):
            problems.extend(_argocd(doc, releases))
        for doc in tree_file.objects("HelmRelease"):
            if str(doc.get("apiVersion", default="")).startswith("helm.toolkit.fluxcd.io/"):
                problems.extend(_flux(tree_file, doc, releases, by_path))
    return problems


def _compare(
    doc: Doc, release: Release, pairs: list[tuple[tuple[str | int, ...], str]], prefix: str = ""
) -> Iterator[Diagnostic]:
    """Each written field against the release.yaml key it must equal (`prefix`ed for the `path` key)."""
    for path, key in pairs:
        written, stated = doc.get(*path), release.doc.get(key)
        if key == "path" and stated is not None:
            stated = prefix + str(stated)
        if written is not None and str(written) != str(stated):
            yield _mismatch(
                f"{'.'.join(map(str, path))} is {written}, but {release.path} states {key} {stated} "
                f"({release.doc.loc(key)})",
                doc.loc(*path),
            )


def _argocd(doc: Doc, releases: dict[str, Release]) -> Iterator[Diagnostic]:
    for i, source in enumerate(doc.items("spec", "sources")):
        # A chart source: from a Helm repository (`chart`) or a Git repository's folder (`path` + `helm`).
        if not isinstance(source, dict) or not ("chart" in source or ("path" in source and "helm" in source)):
            continue
        name = str(doc.get("spec", "sources", i, "helm", "releaseName"))
        release = releases.get(name)
        if release is None:
            yield _mismatch(
                f"Application installs release {name}, which no release.yaml of the tree states",
                doc.loc("spec", "sources", i),
            )
            continue
        base = ("spec", "sources", i)
        yield from _compare(
            doc,
            release,
            [
                ((*base, "chart"), "chart"),
                ((*base, "path"), "path"),
                ((*base, "targetRevision"), "version"),
                (("spec", "destination", "namespace"), "namespace"),
            ],
        )
        files = doc.items(*base, "helm", "valueFiles")
        expected = release.path.rsplit("/", 1)[0] + "/" + str(release.doc.get("values") or "values.yaml")
        if not any(isinstance(f, str) and f.endswith("/" + expected) for f in files):
            yield _mismatch(
                f"Application {name} does not read the release's values file {expected}",
                doc.loc(*base, "helm", "valueFiles"),
            )


def _flux(
    tree_file: TreeFile, doc: Doc, releases: dict[str, Release], by_path: dict[str, TreeFile]
) -> Iterator[Diagnostic]:
    name = str(doc.get("spec", "releaseName"))
    release = releases.get(name)
    if release is None:
        yield _mismatch(
            f"HelmRelease installs release {name}, which no release.yaml of the tree states",
            doc.loc("spec", "releaseName"),
        )
        return
    in_git = release.doc.get("path") is not None  # the chart is the folder `./<path>` of a GitRepository
    yield from _compare(
        doc,
        release,
        [
            (("spec", "chart", "spec", "chart"), "path" if in_git else "chart"),
            (("spec", "chart", "spec", "version"), "version"),
            (("spec", "targetNamespace"), "namespace"),
        ],
        prefix="./",
    )
    copy = by_path.get(tree_file.path.rsplit("/", 1)[0] + "/values.yaml")
    values = release.values
    if copy is None or values is None:
        return
    if [d.data for d in copy.docs] != [d.data for d in values.docs]:
        yield _mismatch(f"the values Flux applies differ from {values.shown}", Location(copy.shown, 1, 1))


def _mismatch(message: str, where: Location) -> Diagnostic:
    return error(
        "N5G814",
        message,
        where,
        "the GitOps objects must install exactly the releases of sites/<site>/helm/: recompile, or "
        "edit both sides alike",
    )
