"""Cold `n5gc validate` / `n5gc compile` of the 3-slice reference side by side with `helm template`.

The yardstick is what a user without n5gc runs: `helm template` of the Gradiant charts on values.
Each figure is the median of --repeat cold processes, n5gc and Helm samples alternating, plus a
machine baseline (`python -c pass`, `helm version`) measured in the same run so that two machines can
be compared. Prints numbers and ratios; asserts nothing (machines are shared and noisy).

    export PATH="$(bash scripts/fetch-k8s-tools):$PATH"
    .venv/bin/python benchmarks/vs_helm.py [--repeat 7] [--charts /tmp/n5gc-bench-charts]

Charts: the Gradiant chart sources (with templates) are not in /work/shared/upstream (it holds only
Chart.yaml/values). Without --charts the script unpacks them from local git snapshots
(--gradiant-repo, github:Gradiant/5g-charts, and --bitnami-repo, github:bitnami/charts, for the
`common` and `mongodb` dependencies) into a temp folder, dependencies vendored under each chart's
charts/: no network. Never commit the unpacked charts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from scale import run, set_aside  # benchmarks/ is a folder of scripts, not a package

ROOT = Path(__file__).resolve().parent.parent
INTENT = ["examples/three-slices.yaml", "--overlay", "overlays/lab/three-slices.yaml"]
GRADIANT_MIRROR = Path("/work/.mirror/Gradiant+5g-charts/repo")
BITNAMI_MIRROR = Path("/work/.mirror/bitnami+charts/repo")


def _extract(repo: Path, paths: list[str], dest: Path) -> None:
    """`git archive` the given paths of a bare snapshot into dest (no work tree needed)."""
    archive = subprocess.run(
        ["git", "--git-dir", str(repo), "archive", "HEAD", *paths], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def _vendor(chart: Path, dependency: Path) -> None:
    """Copy a dependency chart into chart/charts/ (what `helm dependency build` would download)."""
    target = chart / "charts" / dependency.name
    shutil.copytree(dependency, target, dirs_exist_ok=True)


def prepare_charts(gradiant: Path, bitnami: Path, dest: Path) -> None:
    """Unpack open5gs, open5gs-smf, open5gs-upf with every dependency vendored, offline."""
    src = dest / "src"
    src.mkdir(parents=True)
    _extract(gradiant, ["charts"], src)
    _extract(bitnami, ["bitnami/common", "bitnami/mongodb"], src)
    common, mongodb = src / "bitnami" / "common", src / "bitnami" / "mongodb"
    _vendor(mongodb, common)
    for name in ("open5gs", "open5gs-smf", "open5gs-upf"):
        chart = dest / name
        shutil.copytree(src / "charts" / name, chart)
        _vendor(chart, common)
    umbrella = dest / "open5gs"
    _vendor(umbrella, mongodb)
    chart_yaml = (umbrella / "Chart.yaml").read_text()
    for sub in sorted(p.name for p in (src / "charts").iterdir() if f"file://../{p.name}\n" in chart_yaml):
        _vendor(umbrella, src / "charts" / sub)
        _vendor(umbrella / "charts" / sub, common)


def _release(release_dir: Path) -> tuple[str, str, str]:
    """(release name, namespace, chart) read from an emitted release.yaml (flat key: value lines)."""
    fields = dict(
        line.split(": ", 1)
        for line in release_dir.joinpath("release.yaml").read_text().splitlines()
        if ": " in line and not line.startswith("#")
    )
    return fields["releaseName"], fields["namespace"], fields["chart"]


def helm_argvs(tree: Path, charts: Path) -> list[list[str]]:
    """One `helm template` command per release the compiled tree emits."""
    helm = shutil.which("helm") or "helm"
    argvs = []
    for release_dir in sorted(tree.glob("sites/*/helm/*")):
        name, namespace, chart = _release(release_dir)
        values = str(release_dir / "values.yaml")
        argvs.append([helm, "template", name, str(charts / chart), "-n", namespace, "-f", values])
    return argvs


def median_wall(sample: Callable[[], float], repeat: int) -> float:
    return statistics.median(sample() for _ in range(repeat))


def _wall(argv: list[str], cwd: Path) -> float:
    wall, _, code = run(argv, cwd)
    if code != 0:
        raise SystemExit(f"exit {code}: {' '.join(argv)} (cwd {cwd})")
    return wall


def alternate(a: Callable[[], float], b: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Medians of `repeat` samples of a and of b, taken a, b, a, b, ... so load hits both alike."""
    samples_a, samples_b = [], []
    for _ in range(repeat):
        samples_a.append(a())
        samples_b.append(b())
    return statistics.median(samples_a), statistics.median(samples_b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="cold runs per figure (median)")
    parser.add_argument("--charts", type=Path, help="folder with unpacked open5gs, open5gs-smf, ...")
    parser.add_argument("--gradiant-repo", type=Path, default=GRADIANT_MIRROR)
    parser.add_argument("--bitnami-repo", type=Path, default=BITNAMI_MIRROR)
    parser.add_argument("--n5gc", default=str(Path(sys.executable).parent / "n5gc"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="n5gc-vs-helm-"))
    try:
        charts = args.charts
        if charts is None:
            charts = work / "charts"
            prepare_charts(args.gradiant_repo, args.bitnami_repo, charts)
        report([args.n5gc], charts, work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(n5gc: list[str], charts: Path, work: Path, repeat: int) -> None:
    tree = work / "tree"
    compile_argv = [*n5gc, "compile", *INTENT, "-o", str(tree)]
    _wall(compile_argv, ROOT)  # the tree whose releases Helm renders
    helm = helm_argvs(tree, charts)
    core = next(argv for argv in helm if argv[3].endswith("/open5gs"))

    def cold_compile() -> float:
        set_aside(tree, work)
        return _wall(compile_argv, ROOT)

    def helm_all() -> float:
        return sum(_wall(argv, ROOT) for argv in helm)

    py = median_wall(lambda: _wall([sys.executable, "-c", "pass"], ROOT), repeat)
    helm_version = median_wall(lambda: _wall([helm[0][0], "version"], ROOT), repeat)
    validate, helm_core = alternate(
        lambda: _wall([*n5gc, "validate", *INTENT], ROOT), lambda: _wall(core, ROOT), repeat
    )
    compiled, helm_releases = alternate(cold_compile, helm_all, repeat)
    print(
        f"median of {repeat} cold processes; baseline: python -c pass {py:.3f} s, "
        f"helm version {helm_version:.3f} s"
    )
    print("| what | n5gc s | helm s | ratio |")
    print("|---|---:|---:|---:|")
    print(
        f"| validate 3-slice vs helm template core chart | {validate:.3f} | {helm_core:.3f} "
        f"| {validate / helm_core:.2f} |"
    )
    print(
        f"| compile 3-slice vs helm template of its {len(helm)} releases (sequential) "
        f"| {compiled:.3f} | {helm_releases:.3f} | {compiled / helm_releases:.2f} |"
    )


if __name__ == "__main__":
    main()
