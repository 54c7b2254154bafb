"""Package build step (pyproject.toml [tool.setuptools.cmdclass]): compile the blueprints to Python
before the package is built, the way compileall makes .pyc files.

`n5gc/compiled_blueprints/*_j2.py` are build products, not sources (git ignores them): this step
writes them into the source tree for every install route that builds the package (`pip install .`,
the wheel, pre-commit's install of the hooks, `pip install -e .`), and `scripts/setup` refreshes
them on every run. Each module is used only while its digest matches the blueprint read at run
time (n5gc/compiled_blueprints/__init__.py), so a missing or stale one costs time, never a byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPy(build_py):
    """build_py that first compiles the blueprints into n5gc/compiled_blueprints/."""

    def run(self) -> None:
        compile_blueprints()
        super().run()


def compile_blueprints() -> None:
    """Write the compiled blueprint modules; a source tree that cannot be written (a read-only
    checkout) only means the templates are compiled at run time, as before this step existed."""
    sys.path.insert(0, str(ROOT))
    try:
        from n5gc.compiled_blueprints import regenerate

        regenerate()
    except OSError as exc:
        print(
            f"n5gc: blueprints not compiled ahead of time ({exc}); they compile at run time", file=sys.stderr
        )
    finally:
        sys.path.remove(str(ROOT))
