"""`n5gc` run in a subprocess as a user runs it, for the tests that compare its plain (click-free)
command lines with click's: exit code, stdout, stderr, and the modules the run imported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

IMPORT_LINE = "import time:"


def run_n5gc(
    args: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[int, str, str, set[str]]:
    """`python -X importtime -m n5gc ARGS` in `cwd` (with `env` added to the environment): exit code,
    stdout, stderr without the import-time lines, and the names of the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "n5gc", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    lines = result.stderr.splitlines()
    imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith(IMPORT_LINE)}
    stderr = "\n".join(line for line in lines if not line.startswith(IMPORT_LINE))
    return result.returncode, result.stdout, stderr, imported
