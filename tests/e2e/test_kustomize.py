"""Every site folder is a kustomize root that plain `kubectl kustomize` builds into all its manifests;
so is every folder below it with a kustomization of its own (Flux applies the smoke tests that way)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SITES = sorted((REPO / "out").glob("*/sites/*"))
# Kustomize roots: the site folders and any folder below them with its own kustomization.yaml.
ROOTS = sorted({p.parent for p in (REPO / "out").glob("*/sites/*/**/kustomization.yaml")} | set(SITES))


def test_there_are_site_folders():
    assert SITES, "out/ holds no compiled site; run n5gc compile"


@pytest.mark.parametrize("site", ROOTS, ids=lambda p: p.relative_to(REPO / "out").as_posix())
def test_kustomize_build_yields_every_listed_object(site: Path, k8s_tools):
    built = subprocess.run(
        [k8s_tools["kubectl"], "kustomize", str(site)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    objects = [d for d in yaml.safe_load_all(built.stdout) if d]
    listed = yaml.safe_load((site / "kustomization.yaml").read_text())["resources"]
    expected = [d for f in listed for d in yaml.safe_load_all((site / f).read_text()) if d]
    key = lambda o: (o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])  # noqa: E731
    assert sorted(map(key, objects)) == sorted(map(key, expected))
    # Every plain manifest of the root is listed (nothing outside helm/ and nested roots is left out).
    nested = [r for r in ROOTS if site in r.parents]
    manifests = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.yaml")
        if "helm" not in p.relative_to(site).parts
        and p.name != "kustomization.yaml"
        and not any(r in p.parents for r in nested)
    }
    assert manifests == set(listed)
