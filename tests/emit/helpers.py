"""Test helpers for emit and the hostile output-folder tests: fault injection at chosen steps,
an in-process `n5gc` run, a small repository, and snapshots of folders.

Fault injection: `crash_at(step, work)` runs `work` in a forked child whose file-system changes
(every os/shutil call that creates, writes, renames, links or removes) are counted; right after
change number `step` the child kills itself with SIGKILL. Stepping `step` from 1 upwards crashes
the writer after every single change it makes, deterministically: no sleeps, no timing.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import NETWORK, SECRETS

from n5gc.cli import main

try:  # where the swap lives (n5gc.emit itself in older versions: lets these tests run against them)
    import n5gc.emit.writer as _swap_module
except ImportError:  # pragma: no cover
    import n5gc.emit as _swap_module  # type: ignore[no-redef]

# (module, function) pairs that change the file system; shutil.rmtree is counted as one change
# and, through os.unlink/os.rmdir, once per entry it removes.
MUTATORS: list[tuple[object, str]] = [
    (os, name) for name in ("mkdir", "rmdir", "unlink", "rename", "replace", "link", "symlink", "write")
] + [(shutil, "rmtree"), (_swap_module, "_exchange")]


def _hook(step: int, on_step: Callable[[], None]) -> None:
    """Make the `step`-th file-system change of this process call `on_step` right after it."""
    seen = [0]

    def wrap(module: object, name: str) -> None:
        real = getattr(module, name)

        def counted(*args: object, **kwargs: object) -> object:
            result = real(*args, **kwargs)
            seen[0] += 1
            if seen[0] == step:
                on_step()
            return result

        setattr(module, name, counted)

    for module, name in MUTATORS:
        wrap(module, name)


def _fork(work: Callable[[], object], step: int, on_step: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            _hook(step, on_step)
            work()
            code = 0
        except SystemExit as exc:  # the CLI's way to end
            code = exc.code if isinstance(exc.code, int) else 0
        finally:
            os._exit(code)
    return pid


def crash_at(step: int, work: Callable[[], object]) -> bool:
    """Run `work` in a child killed right after its `step`-th file-system change; True when the
    child finished (it made fewer changes), False when it was killed."""
    pid = _fork(work, step, lambda: os.kill(os.getpid(), signal.SIGKILL))
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return False
    assert os.WEXITSTATUS(status) == 0, "the writer failed instead of finishing"
    return True


@dataclass
class Paused:
    """A child stopped after a chosen file-system change, until `resume()`."""

    pid: int
    go: int

    def resume(self) -> int:
        """Let the child go on; returns its exit code."""
        os.write(self.go, b"g")
        os.close(self.go)
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        """End the child if it is still paused (a failed test must not leave it behind)."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.go)
            self.pid = 0


def pause_at(step: int, work: Callable[[], object]) -> Paused:
    """Run `work` in a child that stops right after its `step`-th file-system change (returns once
    it has stopped there)."""
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()

    def wait_for_go() -> None:
        os.write(ready_w, b"r")
        os.read(go_r, 1)

    pid = _fork(work, step, wait_for_go)
    os.close(ready_w)
    os.close(go_r)
    assert os.read(ready_r, 1) == b"r", "the child finished before the chosen step"
    os.close(ready_r)
    return Paused(pid, go_w)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """`n5gc ARGS` in this process (the real entry point, so exit codes are the CLI's)."""
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def network(folder: Path, name: str = "network") -> Path:
    """A valid intent (and its secrets file beside it) in `folder`; returns the intent's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.secrets.yaml").write_text(SECRETS)
    intent = folder / f"{name}.yaml"
    intent.write_text(NETWORK)
    return intent


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder` (links not followed): file bytes, link targets, folders."""
    entries: dict[str, bytes | str] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                entries[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                entries[key] = "folder"
            else:
                entries[key] = path.read_bytes()
    return entries


def leftovers(*folders: Path) -> list[str]:
    """Staging folders and temporaries n5gc names (`.n5gc-new-`) anywhere below `folders`."""
    return sorted(str(p) for folder in folders for p in folder.rglob("*") if ".n5gc-new-" in p.name)
