"""n5gc/startup.py: the command line keeps pydantic plugins away, and only when it can do so cleanly."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
{before}
from n5gc.startup import without_pydantic_plugins
without_pydantic_plugins()
import n5gc.model  # builds every model of the intent
from pydantic.plugin._loader import get_plugins
loader = sys.modules["pydantic.plugin._loader"]
print(list(get_plugins()), "importlib.metadata" in sys.modules, loader.__doc__)
"""


def _run(before: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(before=before)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_models_are_built_without_looking_for_plugins() -> None:
    out = _run()
    assert out.startswith("[] False n5gc: no pydantic plugins"), out


def test_a_loader_pydantic_already_imported_is_left_alone() -> None:
    out = _run("import pydantic.plugin._loader")
    assert "n5gc: no pydantic plugins" not in out and out.startswith("[] True"), out


def test_validate_runs_with_the_stub() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "n5gc", "validate", "examples/three-slices.yaml"],
        capture_output=True,
        text=True,
        cwd=__file__.rsplit("/tests/", 1)[0],
    )
    assert done.returncode == 0, done.stderr
