"""Incremental recompiles end to end: whatever the previous tree's stamps say, a recompile writes
exactly what a fresh compile of the same inputs writes (n5gc/incremental.py, n5gc/targets/recipes.py).

The repository's 12 reference networks are copied into a temporary repository and compiled; then
each edit is applied to every network that has what it edits, the networks are recompiled over
their previous trees (stamps and all) and compiled afresh in a second copy, and the two `out/`
trees must be the same bytes. Between edits nothing is cleaned: the stamps of one round are what
the next round trusts. A round also checks that reuse happened where it can (networks without
encryption: an edit of one slice or group leaves most files' recipes reusable).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filesystem import user_xattrs
from intents import REPO
from intents import run_cli as run

import n5gc.targets
from n5gc import fastpath
from n5gc.incremental import HAS_SUMMARY, STAMP_ATTRIBUTE, SUMMARY_AT, stamp_value
from n5gc.yamlio import dump

Intent = dict[str, Any]


def _copy_repository(target: Path) -> None:
    target.mkdir(parents=True)
    for name in ("examples", "overlays"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "n5gc.yaml", target / "n5gc.yaml")


# Encrypted output is random by design (SOPS draws a new data key and IV per file, and n5gc a new
# salt whenever a plaintext changes): two compiles of that network agree on its paths only. It never
# reuses a recipe, and its encrypted files carry no stamp (test_encrypted_files_carry_no_stamp).
RANDOM_BY_DESIGN = "three-slices-sops/"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path: b"" if path.startswith(RANDOM_BY_DESIGN) else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (path := p.relative_to(folder).as_posix())
    }


class Rendered:
    """What render_all returned in this test: how many artifacts were reused and rendered."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.reused = 0
        self.rendered = 0
        original = n5gc.targets.render_all

        def counted(*args: Any, **kwargs: Any) -> list[Any]:
            artifacts = original(*args, **kwargs)
            self.reused += sum(1 for a in artifacts if a.reused is not None)
            self.rendered += sum(1 for a in artifacts if a.reused is None)
            return artifacts

        monkeypatch.setattr(n5gc.targets, "render_all", counted)

    def reset(self) -> None:
        self.reused = self.rendered = 0


def _edit_intents(root: Path, change: Callable[[Intent], bool]) -> int:
    """Apply `change` to every intent of the repository (examples/*.yaml but secrets); returns how
    many it changed (`change` says False when an intent has nothing it edits)."""
    changed = 0
    for path in sorted((root / "examples").glob("*.yaml")):
        if path.name.endswith(".secrets.yaml"):
            continue
        data = yaml.safe_load(path.read_text())
        if change(data):
            path.write_text(dump(data))
            changed += 1
    return changed


def new_sd(intent: Intent) -> bool:
    first = intent["spec"]["slices"][0]
    first["sd"] = "0000fe" if first.get("sd") != "0000fe" else "0000fd"
    return True


def fewer_ues(intent: Intent) -> bool:
    groups = intent["spec"].get("subscribers") or []
    if not groups or groups[0]["imsi"]["count"] < 2:
        return False
    groups[0]["imsi"]["count"] -= 1
    return True


def last_group_removed(intent: Intent) -> bool:
    spec = intent["spec"]
    groups = spec.get("subscribers") or []
    smoke = (spec.get("smokeTest") or {}).get("group")
    if len(groups) < 2 or groups[-1]["name"] == smoke:
        return False
    groups.pop()
    return True


def new_label(intent: Intent) -> bool:
    intent["metadata"].setdefault("labels", {})["n5gc-test"] = "relabelled"
    return True


def _rotate_keys(root: Path) -> int:
    changed = 0
    for path in sorted((root / "examples").glob("*.secrets.yaml")):
        data = yaml.safe_load(path.read_text())
        for credential in (data.get("credentials") or {}).values():
            first = "1" if credential["k"].startswith("0") else "0"
            credential["k"] = first + credential["k"][1:]
            changed += 1
            break
        path.write_text(dump(data))
    return changed


EDITS: list[tuple[str, Callable[[Intent], bool] | None]] = [
    ("the sd of the first slice", new_sd),
    ("one UE fewer in the first group", fewer_ues),
    ("a key rotated", None),
    ("the last group removed", last_group_removed),
    ("a label on every object", new_label),
]


def _stamp(path: Path) -> bytes:
    """The file's stamp (n5gc.incremental), b"" without one."""
    return os.getxattr(path, STAMP_ATTRIBUTE) if STAMP_ATTRIBUTE in os.listxattr(path) else b""


def _summary(path: Path) -> bytes | None:
    """The summary the file's stamp holds, if any."""
    stamp = _stamp(path)
    return stamp[SUMMARY_AT:] if stamp[1:2] and stamp[1] & HAS_SUMMARY else None


def _forge(path: Path, relative: str, content: bytes, summary: bytes) -> None:
    """A stamp of `summary` whose binding holds (anyone who can write the folder can compute it)."""
    os.setxattr(path, STAMP_ATTRIBUTE, stamp_value(bytes(16), None, relative, content, summary))


def _compile_all(capsys: pytest.CaptureFixture[str], root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "compile")
    assert code == 0, err


def test_every_recompile_writes_what_a_fresh_compile_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not user_xattrs(tmp_path):
        pytest.skip("this file system has no user extended attributes: every recompile is a full one")
    rendered = Rendered(monkeypatch)
    kept = tmp_path / "kept"
    _copy_repository(kept)
    _compile_all(capsys, kept, monkeypatch)
    for what, change in EDITS:
        edited = _rotate_keys(kept) if change is None else _edit_intents(kept, change)
        assert edited, f"{what}: no reference network has what this edit changes"
        rendered.reset()
        _compile_all(capsys, kept, monkeypatch)  # over the previous trees and their stamps
        reused, total = rendered.reused, rendered.reused + rendered.rendered
        fresh = tmp_path / f"fresh-{len(what)}"
        shutil.copytree(kept, fresh, ignore=shutil.ignore_patterns("out"))
        _compile_all(capsys, fresh, monkeypatch)
        assert _tree(kept / "out") == _tree(fresh / "out"), what
        if change is not new_label:  # small networks: most files are singletons, rendered every time
            assert reused > 0, f"{what}: none of {total} files reused"
        else:  # almost every recipe reads the labels (the srsRAN chart's values carry none)
            assert reused < total // 10, f"a label on every object: {reused} of {total} files reused"


@pytest.fixture
def compiled(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository with every reference network compiled (and stamped)."""
    if not user_xattrs(tmp_path):
        pytest.skip("this file system has no user extended attributes: nothing is stamped or reused")
    _copy_repository(tmp_path / "repo")
    _compile_all(capsys, tmp_path / "repo", monkeypatch)
    return tmp_path / "repo"


def _recompile_as_fresh(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit the first slice's sd, recompile over the stamped trees, and hold three-slices equal to a
    fresh compile of the same inputs."""
    _edit_intents(compiled, new_sd)
    _compile_all(capsys, compiled, monkeypatch)
    fresh = tmp_path / "fresh"
    shutil.copytree(compiled, fresh, ignore=shutil.ignore_patterns("out"))
    _compile_all(capsys, fresh, monkeypatch)
    assert _tree(compiled / "out/three-slices") == _tree(fresh / "out/three-slices")


def test_nothing_is_reused_from_another_installation(
    compiled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = Rendered(monkeypatch)
    _edit_intents(compiled, new_sd)
    monkeypatch.setattr(fastpath, "environment_digest", lambda: "an upgraded library")
    _compile_all(capsys, compiled, monkeypatch)
    assert rendered.reused == 0 and rendered.rendered > 0


def test_encrypted_files_carry_no_stamp(compiled: Path) -> None:
    out = compiled / "out/three-slices-sops"
    sealed = [p for p in out.rglob("*.yaml") if b"ENC[" in p.read_bytes()]
    assert sealed
    for path in sealed:
        assert STAMP_ATTRIBUTE not in os.listxattr(path)
    plain = out / "sites"
    assert any(_summary(p) for p in plain.rglob("*.yaml") if p not in sealed)


def test_a_hand_edit_of_a_reusable_file_is_overwritten(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit in place keeps the file's extended attributes: the stamp must not prove the edit."""
    out = compiled / "out/three-slices"
    victim = next(p for p in sorted(out.rglob("*.yaml")) if _stamp(p)[1:2] == b"\x03")  # recipe, summary
    original = victim.read_bytes()
    with victim.open("r+b") as handle:
        handle.seek(len(original) - 2)
        handle.write(b"#")
    _recompile_as_fresh(compiled, tmp_path, capsys, monkeypatch)


def test_check_after_an_edit_names_exactly_what_the_recompile_changes(
    compiled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`compile --check` over stamped trees (it reuses like a compile) reports the files the
    recompile then rewrites, no more and no fewer."""
    before = _tree(compiled / "out")
    _edit_intents(compiled, new_sd)
    monkeypatch.chdir(compiled)
    code, out, err = run(capsys, "compile", "--check")
    assert code == 1, err
    stale = [
        line.split(": ")[0].removeprefix("out/") for line in (out + err).splitlines() if ": stale" in line
    ]
    reported = {path for path in stale if not path.startswith(RANDOM_BY_DESIGN)}
    _compile_all(capsys, compiled, monkeypatch)
    after = _tree(compiled / "out")  # encrypted files blanked: their bytes are random by design
    assert reported and reported == {path for path in after if before.get(path) != after[path]}


def test_a_stored_summary_of_a_wrong_shape_is_summarised_again(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary attribute whose binding digest holds (anyone who can write the folder can compute
    it: it binds the installation's files, not a secret) but whose parts have the wrong inside: the
    compile summarises every file again from its bytes, writes what a fresh compile writes and
    stamps the file anew; never an internal error."""
    out = compiled / "out/three-slices"
    victims = 0
    for path in sorted(out.rglob("*.yaml")):
        stored = _summary(path)
        if stored is None:
            continue
        data = path.read_bytes()
        summary = json.loads(stored)
        for part, value in list(summary.items()):
            if isinstance(value, list) and value:
                summary[part] = [["not", "the", "shape"]] * 3  # a list still, as from_bytes asks
            elif isinstance(value, dict) and value:
                summary[part] = {"x": [[None]]}
        wrong = json.dumps(summary, sort_keys=True, separators=(",", ":")).encode()
        relative = path.relative_to(out).as_posix()
        _forge(path, relative, hashlib.sha256(data).digest(), wrong)
        victims += 1
    assert victims
    _recompile_as_fresh(compiled, tmp_path, capsys, monkeypatch)
    restamped = [summary for p in sorted(out.rglob("*.yaml")) if (summary := _summary(p)) is not None]
    assert restamped and all(b'"not","the","shape"' not in summary for summary in restamped)


def test_a_finding_over_stored_summaries_is_confirmed_from_the_bytes(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored summary of the right shape that says what the file does not (a Service reference to
    nowhere): the finding is not reported as n5gc's bug before the bytes confirm it; they do not,
    so the compile writes what a fresh compile writes."""
    out = compiled / "out/three-slices"
    victim = out / "sites/berlin/helm/three-slices-urllc-smf/values.yaml"  # not the edited slice's
    assert b'"ref":[[' in (_summary(victim) or b"")
    summary = json.loads(_summary(victim) or b"")
    summary["ref"] = [["nowhere", *entry[1:]] for entry in summary["ref"]]
    lying = json.dumps(summary, sort_keys=True, separators=(",", ":")).encode()
    relative = victim.relative_to(out).as_posix()
    digest = hashlib.sha256(victim.read_bytes()).digest()
    _forge(victim, relative, digest, lying)
    _recompile_as_fresh(compiled, tmp_path, capsys, monkeypatch)
    assert b"nowhere" not in (_summary(victim) or b"nowhere")
