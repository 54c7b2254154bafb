"""Issue 13 in one run: every ask measured on this machine, with a machine baseline beside it.

Prints, for cold processes (median of --repeat, alternating where two things are compared):
  * the machine baseline: `python -c pass` and `helm version`;
  * cold `n5gc validate` / `n5gc compile` of the 3-slice reference, beside `helm template` of the
    Gradiant core chart / of the releases the compile emits when the charts can be unpacked
    (benchmarks/vs_helm.py), else beside the asks' absolute equivalents (0.10 s / 0.28 s, idle);
  * the scale table (validate and compile of 250 / 500 / 1,000 slices: wall, CPU, peak RSS, growth);
  * recompiles of the 1,000-slice network into its existing output: nothing changed (no-op: the
    stamp of n5gc/fastpath.py skips plan to write) and one slice changed (a full compile), as a
    share of the full compile.

A cold compile starts with no output folder: the previous one is set aside, not deleted, and all
are deleted after the last measurement (scale.set_aside: on ext4 without a journal, this machine's
disk, writing a tree right after deleting one pays for the deletion, up to 1.5 s of system time at
1,000 slices). For the same reason, leave a few minutes between two runs of this benchmark there.

Wall times on a shared machine mostly measure the neighbours: the CPU column (user + sys of the
process) is what an idle machine's wall time comes close to. Bytecode is compiled first (what
`pip install` does), so no figure includes compiling n5gc's own sources.

    export PATH="$(bash scripts/fetch-k8s-tools):$PATH"
    .venv/bin/python benchmarks/issue13.py [--repeat 5] [--sizes 250,500,1000] [--no-helm]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from scale import (
    SECRETS,
    SLICES_PER_GNB,
    UES_PER_GROUP,
    _spawn_in,
    intent,
    set_aside,
)  # benchmarks/ is a folder of scripts

from n5gc.yamlio import dump

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ["examples/three-slices.yaml", "--overlay", "overlays/lab/three-slices.yaml"]
ASK_VALIDATE_S, ASK_COMPILE_S = 0.10, 0.28  # the ratio asks in seconds on the idle machine
ASK_RATIO = 0.6


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mib: float


def cold(argv: list[str], cwd: Path) -> Sample:
    """One fresh process: wall and CPU seconds, peak RSS; a non-zero exit stops the benchmark."""
    start = time.perf_counter()
    pid = _spawn_in(argv, cwd)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"exit {os.waitstatus_to_exitcode(status)}: {' '.join(argv)} (in {cwd})")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.rss_mib for s in samples),
    )


def alternate(runs: list[Callable[[], Sample]], repeat: int) -> list[Sample]:
    """Medians of each run, sampled in turn (a, b, a, b, ...) so that load hits all alike."""
    samples: list[list[Sample]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, taken in zip(runs, samples, strict=True):
            taken.append(run())
    return [median(s) for s in samples]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def baseline(helm: str | None, repeat: int) -> tuple[Sample, Sample | None]:
    python = median([cold([sys.executable, "-c", "pass"], ROOT) for _ in range(repeat)])
    helm_version = median([cold([helm, "version"], ROOT) for _ in range(repeat)]) if helm else None
    return python, helm_version


def reference(n5gc: str, helm: str | None, charts: Path | None, work: Path, repeat: int) -> None:
    """The 3-slice rows: n5gc beside helm template when the charts are there, else beside the asks."""
    tree = work / "tree"

    def compile_cold() -> Sample:
        set_aside(tree, work)
        return cold([n5gc, "compile", *REFERENCE, "-o", str(tree)], ROOT)

    def validate() -> Sample:
        return cold([n5gc, "validate", *REFERENCE], ROOT)

    compile_cold()
    print("| what | n5gc wall s | n5gc CPU s | yardstick wall / CPU s | ratio wall / CPU | ask |")
    print("|---|---:|---:|---:|---:|---|")
    if helm and charts:
        from vs_helm import helm_argvs

        argvs = helm_argvs(tree, charts)
        core = next(a for a in argvs if a[3].endswith("/open5gs"))

        def helm_core() -> Sample:
            return cold(core, ROOT)

        def helm_all() -> Sample:
            parts = [cold(a, ROOT) for a in argvs]
            return Sample(
                sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.rss_mib for p in parts)
            )

        v, h = alternate([validate, helm_core], repeat)
        c, hs = alternate([compile_cold, helm_all], repeat)
        rows = [
            ("cold validate 3-slice vs helm template core chart", v, h),
            (f"cold compile 3-slice vs helm template of its {len(argvs)} releases", c, hs),
        ]
        for what, n, yard in rows:
            ratio, cpu_ratio = n.wall / yard.wall, n.cpu / yard.cpu
            print(
                f"| {what} | {n.wall:.3f} | {n.cpu:.3f} | {yard.wall:.3f} / {yard.cpu:.3f} "
                f"| {ratio:.2f} / {cpu_ratio:.2f} | ≤ {ASK_RATIO}: wall {verdict(ratio <= ASK_RATIO)}, "
                f"CPU {verdict(cpu_ratio <= ASK_RATIO)} |"
            )
        return
    v, c = alternate([validate, compile_cold], repeat)
    for what, n, ask in (
        ("cold validate 3-slice (ask ≈ 0.6 × helm template core chart)", v, ASK_VALIDATE_S),
        ("cold compile 3-slice (ask ≈ 0.6 × helm template of 7 releases)", c, ASK_COMPILE_S),
    ):
        print(
            f"| {what} | {n.wall:.3f} | {n.cpu:.3f} | {ask:.2f} (idle) | {n.wall / ask:.2f} | "
            f"wall {verdict(n.wall <= ask)}, CPU {verdict(n.cpu <= ask)} |"
        )


def write_network(folder: Path, slices: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "net.yaml").write_text(dump(intent(slices)))
    (folder / "net.secrets.yaml").write_text(dump(SECRETS))


def scale(n5gc: str, sizes: list[int], work: Path, repeat: int) -> dict[int, Sample]:
    """validate and cold compile per size; returns the compile medians."""
    print()
    print(
        "| slices | gNBs | UEs | validate wall s | validate CPU s | validate MiB "
        "| compile wall s | compile CPU s | compile MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    compiles: dict[int, Sample] = {}
    for slices in sizes:
        folder = work / f"scale-{slices}"
        write_network(folder, slices)

        def compile_cold(folder: Path = folder) -> Sample:
            set_aside(folder / "out", work)
            return cold([n5gc, "compile", "net.yaml", "-o", "out"], folder)

        def validate(folder: Path = folder) -> Sample:
            return cold([n5gc, "validate", "net.yaml"], folder)

        v, c = alternate([validate, compile_cold], repeat)
        compiles[slices] = c
        gnbs = (slices + SLICES_PER_GNB - 1) // SLICES_PER_GNB
        print(
            f"| {slices} | {gnbs} | {slices * UES_PER_GROUP} | {v.wall:.2f} | {v.cpu:.2f} | {v.rss_mib:.0f} "
            f"| {c.wall:.2f} | {c.cpu:.2f} | {c.rss_mib:.0f} |",
            flush=True,
        )
        if slices == max(sizes):
            print(
                f"\n1,000-slice asks: compile ≤ 8 s: wall {verdict(c.wall <= 8)}, CPU {verdict(c.cpu <= 8)}; "
                f"validate ≤ 2 s: wall {verdict(v.wall <= 2)}, CPU {verdict(v.cpu <= 2)}; "
                f"peak RSS ≤ 300 MiB: {verdict(c.rss_mib <= 300)}"
            )
    if 500 in compiles and 1000 in compiles:
        wall = compiles[1000].wall / compiles[500].wall
        cpu = compiles[1000].cpu / compiles[500].cpu
        print(
            f"growth t(1000)/t(500): wall ×{wall:.2f}, CPU ×{cpu:.2f} "
            f"(ask ≤ 2.1: wall {verdict(wall <= 2.1)}, CPU {verdict(cpu <= 2.1)})"
        )
    return compiles


def recompiles(n5gc: str, slices: int, full: Sample, work: Path, repeat: int) -> None:
    """No-op and one-slice recompiles of an existing output folder, as shares of the full compile."""
    folder = work / f"scale-{slices}"
    argv = [n5gc, "compile", "net.yaml", "-o", "out"]
    cold(argv, folder)
    text = (folder / "net.yaml").read_text()
    changed = text.replace('sd: "000001"', 'sd: "0000ff"', 1)
    assert changed != text, "the benchmark intent changed shape: update the one-slice edit"

    def noop() -> Sample:
        return cold(argv, folder)

    def one_slice() -> Sample:
        (folder / "net.yaml").write_text(changed if (folder / "net.yaml").read_text() == text else text)
        return cold(argv, folder)

    n, o = alternate([noop, one_slice], repeat)
    print()
    if "user.n5gc.recompile" not in os.listxattr(folder / "out" / "n5gc.lock.json"):
        print("(no user extended attributes here: a no-op recompile does the full work, n5gc/fastpath.py)")
    print(f"| recompile of {slices} slices | wall s | CPU s | share of full (wall / CPU) | ask |")
    print("|---|---:|---:|---:|---|")
    for what, s, ask in (("no-op", n, 0.10), ("one slice changed", o, 0.15)):
        wall, cpu = s.wall / full.wall, s.cpu / full.cpu
        print(
            f"| {what} | {s.wall:.2f} | {s.cpu:.2f} | {wall:.0%} / {cpu:.0%} | ≤ {ask:.0%} "
            f"{verdict(wall <= ask)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=5, help="cold runs per figure (median); ≥ 5 for the issue"
    )
    parser.add_argument("--scale-repeat", type=int, default=3, help="cold runs per scale cell")
    parser.add_argument("--sizes", default="250,500,1000", help="slice counts of the scale table")
    parser.add_argument("--n5gc", default=str(Path(sys.executable).parent / "n5gc"))
    parser.add_argument("--charts", type=Path, help="unpacked charts (see vs_helm.py); default: unpack them")
    parser.add_argument("--no-helm", action="store_true", help="skip helm template (compare with the asks)")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "n5gc")], check=True)
    helm = None if args.no_helm else shutil.which("helm")
    work = Path(tempfile.mkdtemp(prefix="n5gc-issue13-"))
    try:
        charts = args.charts
        if helm and charts is None:
            charts = _unpacked_charts(work)
        python, helm_version = baseline(helm, args.repeat)
        load = os.getloadavg()[0]
        print(
            f"machine: {os.cpu_count()} CPUs, load average {load:.1f}; "
            f"median of {args.repeat} cold processes; python -c pass {python.wall:.3f} s"
            + (f", helm version {helm_version.wall:.3f} s" if helm_version else ", helm not found")
        )
        print()
        reference(args.n5gc, helm, charts, work, args.repeat)
        sizes = [int(s) for s in args.sizes.split(",")]
        compiles = scale(args.n5gc, sizes, work, args.scale_repeat)
        recompiles(args.n5gc, max(sizes), compiles[max(sizes)], work, args.scale_repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _unpacked_charts(work: Path) -> Path | None:
    """The Gradiant charts unpacked from the local snapshots (vs_helm.py), or None without them."""
    from vs_helm import BITNAMI_MIRROR, GRADIANT_MIRROR, prepare_charts

    if not (GRADIANT_MIRROR.exists() and BITNAMI_MIRROR.exists()):
        return None
    charts = work / "charts"
    prepare_charts(GRADIANT_MIRROR, BITNAMI_MIRROR, charts)
    return charts


if __name__ == "__main__":
    main()
