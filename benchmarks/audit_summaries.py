"""The audit split in per-file summaries and a pass across them (n5gc/audit/summary.py), measured.

Prints, for the N-slice benchmark network (benchmarks/issue13.py's, compiled here once):
  * `audit_files` over the tree read from disk (summarise every file + the pass across them);
  * `summarise` alone, `audit_summaries` over ready summaries, `FileSummary.from_bytes` of every
    summary, and `to_bytes`;
  * the size of each summary's `to_bytes`, by kind of file (per-part files must fit an ext4
    extended attribute: at most 3,000 bytes each);
  * whether the pass over summaries read back from bytes gives the same diagnostics.
Times are the best of --repeat runs (the machine is shared; the best is the least disturbed).

    .venv/bin/python benchmarks/audit_summaries.py [--slices 1000] [--repeat 5] [--tree DIR]
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from n5gc.audit import audit_files, lock_sealed, tree_files
from n5gc.audit.summary import FileSummary, audit_summaries, needs_bytes, summarise

PER_PART_LIMIT = 3000


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, float, Any]:
    """The least disturbed wall and CPU times of `repeat` runs (the cyclic collector paused, as in
    a compile); on a shared machine the CPU time is what an idle machine's wall time comes near."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        gc.enable()
    return min(walls), min(cpus), result


def kind_of(path: str) -> str:
    """The kind of a file of the benchmark tree (numbers folded)."""
    name = re.sub(r"[0-9]+", "N", path)
    if re.search(r"/ran/(ues|gnb)-", name):
        return "per-part " + name.rsplit("/", 1)[1].split("-")[0] + "-*.yaml"
    if re.search(r"-s N-(smf|upfN)/".replace(" ", ""), name):
        return "per-part " + ("smf" if "-smf/" in name else "upf") + " " + name.rsplit("/", 1)[1]
    return "singleton " + path


def tree(slices: int, given: str | None) -> Path:
    if given:
        return Path(given)
    from issue13 import write_network

    folder = Path(tempfile.mkdtemp(prefix="n5gc-auditsum-"))
    write_network(folder, slices)
    n5gc = Path(sys.executable).with_name("n5gc")
    subprocess.run([str(n5gc), "compile", str(folder / "net.yaml"), "-o", str(folder / "out")], check=True)
    return folder / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slices", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tree", help="a compiled tree to use instead of compiling one")
    args = parser.parse_args()
    out = tree(args.slices, args.tree)
    files, _ = tree_files(out)
    sealed = lock_sealed(out)
    root = out.as_posix()
    print(f"tree {out}: {len(files)} files, {sum(map(len, files.values())) / 1e6:.1f} MB")

    *full, expected = best_of(args.repeat, lambda: audit_files(files, root, sealed))
    *made, summaries = best_of(args.repeat, lambda: {p: summarise(p, b) for p, b in files.items()})
    *passed, direct = best_of(args.repeat, lambda: audit_summaries(summaries, root, sealed))
    *written, stored = best_of(args.repeat, lambda: {p: s.to_bytes() for p, s in summaries.items()})
    *read, loaded = best_of(args.repeat, lambda: {p: FileSummary.from_bytes(p, b) for p, b in stored.items()})
    *passed_loaded, from_loaded = best_of(args.repeat, lambda: audit_summaries(loaded, root, sealed))

    print(f"{'':46} {'wall ms':>8} {'CPU ms':>8}")
    rows = [
        ("audit_files (summarise + pass, from memory)", full, ""),
        ("  summarise every file", made, ""),
        ("audit_summaries over ready summaries", passed, "ask: <= 50 ms"),
        ("  the same over summaries read from bytes", passed_loaded, ""),
        (f"FileSummary.from_bytes of all {len(stored)}", read, "ask: <= 60 ms"),
        ("to_bytes of all", written, ""),
    ]
    for label, (wall, cpu), note in rows:
        print(f"{label:46} {wall * 1000:8.1f} {cpu * 1000:8.1f}   {note}")
    same = expected == direct == from_loaded
    print(f"same diagnostics (audit_files, pass, pass after bytes): {same}; {len(expected)} diagnostics")
    print(f"needs bytes (a check the summaries cannot decide): {needs_bytes(loaded, sealed)}")

    sizes: dict[str, list[int]] = {}
    for path, data in stored.items():
        sizes.setdefault(kind_of(path), []).append(len(data))
    print(f"\n{'summary size (bytes)':46} {'files':>6} {'min':>7} {'median':>7} {'max':>7}")
    over = 0
    for kind, found in sorted(sizes.items()):
        print(f"{kind:46} {len(found):6} {min(found):7} {int(statistics.median(found)):7} {max(found):7}")
        if kind.startswith("per-part"):
            over += sum(1 for size in found if size > PER_PART_LIMIT)
    total = sum(map(len, stored.values()))
    print(f"all: {total / 1e6:.2f} MB; per-part files over {PER_PART_LIMIT} bytes: {over}")


if __name__ == "__main__":
    main()
