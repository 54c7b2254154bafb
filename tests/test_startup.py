"""n5gc/startup.py: the command line keeps pydantic plugins away, and only when it can do so cleanly."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from n5gc import startup

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


class _Held:
    """An object whose end a weak reference can watch."""


def test_objects_are_kept_to_the_end_only_for_a_process_that_leaves_by_os_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A library caller (tests, diff) frees what a compile drops as usual; only `n5gc.cli.run`,
    which ends the process with os._exit, leaves it for the end."""
    import n5gc.cli

    assert startup._LEFT_FOR_EXIT is None
    assert n5gc.cli.main.__module__ == "n5gc.cli"
    with pytest.raises(SystemExit):
        n5gc.cli.main(["--version"])
    assert startup._LEFT_FOR_EXIT is None  # main alone (what tests call) keeps nothing
    held = _Held()
    watched = weakref.ref(held)
    startup.keep_to_exit("test", held)
    del held
    assert watched() is None
    monkeypatch.setattr(startup, "_LEFT_FOR_EXIT", None)
    startup.leave_for_exit()
    held = _Held()
    watched = weakref.ref(held)
    startup.keep_to_exit("test", held)
    del held
    assert watched() is not None
    startup.keep_to_exit("test", _Held())  # the slot's next objects: the first ones are freed
    assert watched() is None


def test_a_compile_in_a_library_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compile_job's plan is freed when it returns (n5gc.startup.keep_to_exit keeps it only under run)."""
    import n5gc.plan
    from n5gc.compiler import compile_job
    from n5gc.repo_config import Job

    plans: list[weakref.ref[object]] = []
    real = n5gc.plan.build_plan
    monkeypatch.setattr(n5gc.plan, "build_plan", lambda *a: plans.append(weakref.ref(p := real(*a))) or p)
    example = Path(__file__).parents[1] / "examples/three-slices.yaml"
    compiled = compile_job(Job(example, (), None, tmp_path / "out"))
    assert compiled.ok and compiled.files and len(plans) == 1
    gc.collect()
    assert plans[0]() is None
