"""Cold-process wall time and peak memory of `n5gc validate`, `compile` and `audit` against intent size.

Generates intents of growing size (slices x subscriber groups x gNBs, up to 1,000 slices), runs
each command as a fresh process (what a pre-commit hook or CI pays), and prints a Markdown table.
Each cell is the median of --repeat runs; peak memory is the child's max RSS from wait4().

    .venv/bin/python benchmarks/scale.py [--sizes 3,10,30,100,300,1000] [--repeat 3]

No thresholds here: machines are shared and noisy; this prints numbers for people to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from n5gc.yamlio import dump

SLICES_PER_GNB = 8
UES_PER_GROUP = 10
N78_ARFCN = 633334  # a valid n78 40 MHz / 30 kHz centre


def intent(slices: int) -> dict:
    """A valid network with `slices` slices, one subscriber group per slice, a gNB per 8 slices."""
    slice_names = [f"s{i}" for i in range(slices)]
    gnbs = [
        {
            "name": f"gnb{g}",
            "slices": slice_names[g * SLICES_PER_GNB : (g + 1) * SLICES_PER_GNB],
            "cells": [
                {
                    "nci": f"0x{(g + 1) << 4:09x}",
                    "pci": g % 1008,
                    "band": "n78",
                    "bandwidthMHz": 40,
                    "scsKHz": 30,
                    "arfcn": N78_ARFCN,
                }
            ],
        }
        for g in range((slices + SLICES_PER_GNB - 1) // SLICES_PER_GNB)
    ]
    return {
        "apiVersion": "n5gc.io/v1alpha1",
        "kind": "Network",
        "metadata": {"name": "bench"},
        "spec": {
            "plmn": {"mcc": "001", "mnc": "01"},
            "sites": [{"name": "site", "podCidr": "172.16.0.0/16", "serviceCidr": "172.17.0.0/16"}],
            "slices": [
                {
                    "name": name,
                    "sst": 1 + i % 4,
                    "sd": f"{i + 1:06x}",
                    "dnns": [{"name": "internet", "subnet": f"10.{i // 16}.{(i % 16) * 16}.0/20"}],
                }
                for i, name in enumerate(slice_names)
            ],
            "ran": gnbs,
            "subscribers": [
                {
                    "name": f"g{i}",
                    "imsi": {"first": f"00101{i * UES_PER_GROUP + 1:010d}", "count": UES_PER_GROUP},
                    "slices": [{"slice": name, "dnns": ["internet"]}],
                    "credentials": "keys",
                    "simulate": {"gnb": f"gnb{i // SLICES_PER_GNB}"},
                }
                for i, name in enumerate(slice_names)
            ],
        },
    }


SECRETS = {
    "apiVersion": "n5gc.io/v1alpha1",
    "kind": "Secrets",
    "credentials": {
        "keys": {"k": "465B5CE8B199B49FAA5F0A2EE238A6BC", "opc": "E8ED289DEBA952E4283B54E88E6183CA"}
    },
}


def run(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one fresh process."""
    start = time.perf_counter()
    pid = _spawn_in(argv, cwd)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _spawn_in(argv: list[str], cwd: Path) -> int:
    pid = os.fork()
    if pid == 0:  # child: quiet, in cwd, then exec
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(argv[0], argv)
    return pid


def set_aside(folder: Path, work: Path) -> None:
    """Move `folder` (if any) into `work`/set-aside, deleted with `work` after the last measurement.

    A cold compile starts with no output folder, but deleting the last one right before it would
    be measured too on ext4 without a journal: there the kernel skips, one by one, inodes freed in
    the last 1-6 minutes when it allocates new ones (fs/ext4/ialloc.c `recently_deleted`), so
    writing a 1,000-slice tree right after deleting one costs up to 1.5 s more system time."""
    if folder.exists():
        aside = work / "set-aside"
        aside.mkdir(exist_ok=True)
        folder.rename(aside / str(len(list(aside.iterdir()))))


def measure(n5gc: str, slices: int, repeat: int) -> dict[str, tuple[float, float]]:
    work = Path(tempfile.mkdtemp(prefix=f"n5gc-bench-{slices}-"))
    try:
        # n5gc's typed dumper: PyYAML's safe_dump writes "000008" bare (a string to YAML 1.1, the
        # integer 8 to YAML 1.2 readers such as n5gc's loader).
        (work / "net.yaml").write_text(dump(intent(slices)))
        (work / "net.secrets.yaml").write_text(dump(SECRETS))
        results = {}
        for name, argv in (
            ("validate", [n5gc, "validate", "net.yaml"]),
            ("compile", [n5gc, "compile", "net.yaml", "-o", "out"]),
            ("audit", [n5gc, "audit", "out"]),  # reads the tree the last compile wrote
        ):
            samples = []
            for _ in range(repeat):
                if name == "compile":
                    set_aside(work / "out", work)
                wall, rss, code = run(argv, work)
                if code != 0:
                    raise SystemExit(f"{name} of {slices} slices exited {code}: run it by hand in {work}")
                samples.append((wall, rss))
            results[name] = (statistics.median(s[0] for s in samples), max(s[1] for s in samples))
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3,10,30,100,300,1000", help="slice counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median wall time)")
    parser.add_argument(
        "--n5gc", default=str(Path(sys.executable).parent / "n5gc"), help="the n5gc executable"
    )
    args = parser.parse_args()
    print(
        "| slices | gNBs | UE groups (UEs) | validate s | validate MiB "
        "| compile s | compile MiB | compile s/slice | audit s | audit MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for slices in (int(s) for s in args.sizes.split(",")):
        result = measure(args.n5gc, slices, args.repeat)
        gnbs = (slices + SLICES_PER_GNB - 1) // SLICES_PER_GNB
        v_s, v_mb = result["validate"]
        c_s, c_mb = result["compile"]
        a_s, a_mb = result["audit"]
        print(
            f"| {slices} | {gnbs} | {slices} ({slices * UES_PER_GROUP}) | {v_s:.2f} | {v_mb:.0f} | "
            f"{c_s:.2f} | {c_mb:.0f} | {c_s / slices:.4f} | {a_s:.2f} | {a_mb:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
