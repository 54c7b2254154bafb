"""Run the mutants of tests/mutants/mutants.yaml; see scripts/mutants for usage."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MUTANTS = REPO / "tests" / "mutants" / "mutants.yaml"
# The oracle, radio and front-half property tests first (fast, independent); then the whole suite.
FIRST = ["tests/oracles", "tests/radio", "tests/test_properties.py"]
PYTEST_DEFAULT = ["-x", "-q", "-n", "0", "-p", "no:randomly", "-p", "no:cacheprovider", "-rf"]
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Mutant:
    """One one-line bug: replace `original` (which occurs once) by `replacement` in `file`."""

    id: str
    file: str
    original: str
    replacement: str
    description: str


def load_mutants() -> list[Mutant]:
    """The mutants of the data file, in order."""
    return [Mutant(**entry) for entry in yaml.safe_load(MUTANTS.read_text(encoding="utf-8"))]


def scratch_copy(destination: Path) -> None:
    """The tracked files of the working tree (with uncommitted edits), and .venv as a link."""
    for name in _source_files():
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (destination / ".venv").symlink_to(REPO / ".venv")
    shared = REPO.parent / "shared"
    if shared.exists() and not (destination.parent / "shared").exists():
        (destination.parent / "shared").symlink_to(shared)


def _source_files() -> list[str]:
    """The repository's files: git's list in a clone, else every file but .venv/.git (a snapshot)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=False,
    )  # fmt: skip
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0") if name]
    skip = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
    return [
        str(p.relative_to(REPO))
        for p in REPO.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(REPO).parts)
    ]


def apply(mutant: Mutant, tree: Path) -> str | None:
    """Patch the scratch tree; the reason when the mutant does not apply (file or text absent)."""
    path = tree / mutant.file
    if not path.is_file():
        return f"{mutant.file} does not exist on this branch"
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.original)
    if count != 1:
        return f"original text found {count} times in {mutant.file}"
    path.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")
    return None


def environment(tree: Path) -> dict[str, str]:
    """Imports of n5gc resolve to the scratch copy (the shared .venv has the live tree editable)."""
    env = dict(os.environ, PYTHONPATH=str(tree), N5GC_SHARED=str(REPO.parent / "shared"))
    env.pop("PYTEST_ADDOPTS", None)
    return env


def recompile_blueprints(tree: Path) -> None:
    """Compile the scratch copy's blueprints again (scripts/compile-blueprints), as the author of a
    template change does: a mutant must be caught by what it breaks, not by the staleness test of
    n5gc/compiled_blueprints/."""
    subprocess.run(
        [sys.executable, "-c", "from n5gc.compiled_blueprints import regenerate; regenerate()"],
        cwd=tree, env=environment(tree), capture_output=True, check=True,
    )  # fmt: skip


def run_compile(tree: Path) -> str | None:
    """`n5gc compile` of every reference network in the scratch copy (out/ regenerated, as after
    a buggy commit): a non-zero exit (compile's audit, verification) catches the mutant."""
    result = subprocess.run(
        [sys.executable, "-m", "n5gc", "compile"], cwd=tree, env=environment(tree),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    # The finding itself (an audit or verification code) says more than the closing hint line.
    finding = next((line.strip() for line in lines if re.search(r"N5G\d{3}|fail verification", line)), None)
    shown = finding or next((line for line in lines if line.startswith("n5gc:")), lines[-1] if lines else "?")
    return f"compile (exit {result.returncode}): {shown[:140]}"


# The test that each mutant still applies to the live tree: with a mutant applied it fails by design.
APPLY_TEST = "tests/mutants/test_mutants_apply.py"


def run_tests(tree: Path, pytest_args: list[str]) -> str | None:
    """The test suite, oracle tests first; the first failing test id, or None."""
    for paths in (FIRST, ["tests"]):
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *pytest_args, *paths, f"--ignore={APPLY_TEST}"],
            cwd=tree, env=environment(tree),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode not in (0, 5):  # 5: no tests collected
            found = FAILED.search(result.stdout)
            return found.group(1) if found else f"pytest exit {result.returncode}"
    return None


def run_one(mutant: Mutant, pytest_args: list[str], keep: bool) -> str:
    """What caught the mutant, 'SURVIVED', or 'n/a: …'."""
    with tempfile.TemporaryDirectory(prefix=f"n5gc-mutant-{mutant.id}-") as folder:
        tree = Path(folder) / "repo"
        scratch_copy(tree)
        reason = apply(mutant, tree)
        if reason is not None:
            return f"n/a: {reason}"
        recompile_blueprints(tree)
        caught = run_compile(tree) or run_tests(tree, pytest_args)
        if keep:
            shutil.copytree(tree, Path(tempfile.gettempdir()) / f"n5gc-mutant-{mutant.id}", symlinks=True)
        return caught or "SURVIVED"


def main() -> int:
    parser = argparse.ArgumentParser(description="Mutation spot-check of the n5gc test suite.")
    parser.add_argument("--mutant", action="append", default=[], help="run only this mutant id (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--keep", action="store_true", help="keep each scratch copy in $TMPDIR")
    parser.add_argument("pytest_args", nargs="*", help="pytest options (after --)")
    args = parser.parse_args()
    mutants = load_mutants()
    if args.list:
        for m in mutants:
            print(f"{m.id:4} {m.file}: {m.description}")
        return 0
    unknown = set(args.mutant) - {m.id for m in mutants}
    if unknown:
        parser.error(f"unknown mutant(s): {', '.join(sorted(unknown))}")
    chosen = [m for m in mutants if not args.mutant or m.id in args.mutant]
    pytest_args = args.pytest_args or PYTEST_DEFAULT
    print("| mutant | description | caught by |\n|---|---|---|", flush=True)
    survived = 0
    for mutant in chosen:
        outcome = run_one(mutant, pytest_args, args.keep)
        survived += outcome == "SURVIVED"
        print(f"| {mutant.id} | {mutant.description} | {outcome} |", flush=True)
    print(f"\n{len(chosen)} mutants, {survived} survived", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
