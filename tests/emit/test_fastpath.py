"""The no-op recompile (n5gc/fastpath.py): taken only when provably nothing changed, never stale.

Each way the stamp could go stale is a test: after the change, the recompile does the full work
(`render_all` runs) and the folder then equals a fresh compile of the same inputs into an empty
folder. A stamped folder must still show `--check` every hand edit, deletion and extra file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents
from filesystem import user_xattrs
from intents import NETWORK, SECRET_K, SECRETS, edit
from intents import run_cli as run

import n5gc.targets
from n5gc import fastpath
from n5gc.emit import LOCK_FILE

OVERLAY = """\
apiVersion: n5gc.io/v1alpha1
kind: Network
metadata:
  labels: {team: radio}
"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A network, its secrets and an overlay in the working directory; renders are counted."""
    if not user_xattrs(tmp_path):
        pytest.skip("this file system has no user extended attributes: the fast path is never taken")
    monkeypatch.chdir(tmp_path)
    intents.write(tmp_path, NETWORK)
    intents.write(tmp_path, SECRETS, "network.secrets.yaml")
    intents.write(tmp_path, OVERLAY, "lab.yaml")
    return tmp_path


class Renders:
    """Counts full compiles (calls of n5gc.targets.render_all)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, change: Callable[[list], list] | None = None):
        self.count = 0
        original = n5gc.targets.render_all

        def counted(*args: object, **kwargs: object) -> list:
            self.count += 1
            artifacts = original(*args, **kwargs)
            return change(artifacts) if change else artifacts

        monkeypatch.setattr(n5gc.targets, "render_all", counted)


def compile_(capsys: pytest.CaptureFixture[str], out: str = "out/net", *extra: str) -> tuple[int, str, str]:
    return run(capsys, "compile", "network.yaml", "--overlay", "lab.yaml", "-o", out, *extra)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fresh(capsys: pytest.CaptureFixture[str], work: Path) -> dict[str, bytes]:
    """A compile of the current inputs into an empty folder at the same depth (same lock paths)."""
    shutil.rmtree(work / "fresh", ignore_errors=True)
    code, _, _ = compile_(capsys, "fresh/net")
    assert code == 0
    return tree(work / "fresh" / "net")


def stamped(capsys: pytest.CaptureFixture[str], work: Path) -> Path:
    """A compiled folder whose next compile of the same inputs takes the fast path."""
    code, _, err = compile_(capsys)
    assert code == 0, err
    out = work / "out" / "net"
    assert fastpath.STAMP_ATTRIBUTE in os.listxattr(out / LOCK_FILE)
    return out


def test_noop_recompile_does_no_work_and_reports_what_the_full_compile_reports(work, capsys, monkeypatch):
    out = stamped(capsys, work)
    renders = Renders(monkeypatch)
    fast = compile_(capsys)
    assert renders.count == 0
    assert fast[0] == 0 and fast[1] == f"out/net: {len(tree(out))} files, 0 changed\n"
    assert "N5G209" in fast[2]  # the compile stage's warning, without a plan
    os.removexattr(out / LOCK_FILE, fastpath.STAMP_ATTRIBUTE)
    assert compile_(capsys) == fast and renders.count == 1  # the full compile says the same
    for fmt in ("json", "github"):
        full = compile_(capsys, "out/net", "--format", fmt)
        assert compile_(capsys, "out/net", "--format", fmt) == full
    assert renders.count == 1


def test_noop_recompile_touches_nothing(work, capsys):
    out = stamped(capsys, work)

    def snapshot() -> dict[str, tuple[int, int, int, bytes]]:
        return {
            p.as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_ctime_ns, p.read_bytes())
            for p in sorted(work.rglob("*"))
            if p.is_file()
        }

    before, stamp = snapshot(), os.getxattr(out / LOCK_FILE, fastpath.STAMP_ATTRIBUTE)
    assert compile_(capsys)[0] == 0
    assert snapshot() == before
    assert os.getxattr(out / LOCK_FILE, fastpath.STAMP_ATTRIBUTE) == stamp


def _edit_file(name: str, old: str, new: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def change(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = work / name
        path.write_text(edit(path.read_text(), old, new))

    return change


def _new_code(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """n5gc's files changed (a template, a schema, a source file): a new installation digest, and
    output that differs (an annotation on every Namespace)."""
    monkeypatch.setattr(fastpath, "environment_digest", lambda: "another n5gc")
    Renders(monkeypatch, _commented)


def _commented(artifacts: list) -> list:
    import dataclasses

    def annotated(document: object) -> object:
        if not isinstance(document, dict) or document.get("kind") != "Namespace":
            return document
        metadata = {**document["metadata"], "annotations": {"n5gc.io/changed": "template"}}
        return {**document, "metadata": metadata}

    return [dataclasses.replace(a, documents=tuple(annotated(d) for d in a.documents)) for a in artifacts]


def _hand_edit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = work / "out/net/sites/berlin/namespaces.yaml"
    path.write_text(path.read_text() + "# mine\n")


def _delete(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "out/net/sites/berlin/namespaces.yaml").unlink()


def _lock_edit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock rewritten in place (its inode and stamp kept) to own one more file."""
    lock_path = work / "out/net" / LOCK_FILE
    lock = json.loads(lock_path.read_text())
    (work / "out/net/old.yaml").write_text("kind: x\n")
    lock["files"]["old.yaml"] = hashlib.sha256(b"kind: x\n").hexdigest()
    with open(lock_path, "r+", encoding="utf-8") as handle:
        handle.write(json.dumps(lock, indent=2, sort_keys=True) + "\n")
        handle.truncate()


def _staging_left(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "out/.net.n5gc-new-999999999").mkdir()


STALE = {
    "intent": _edit_file("network.yaml", 'sd: "000002"', 'sd: "0000ff"'),
    "overlay": _edit_file("lab.yaml", "team: radio", "team: core"),
    "secrets K": _edit_file("network.secrets.yaml", SECRET_K, "00112233445566778899AABBCCDDEEFF"),
    "n5gc code, template or schema": _new_code,
    "hand-edited output file": _hand_edit,
    "deleted output file": _delete,
    "lock edited in place": _lock_edit,
    "staging folder of a killed compile": _staging_left,
}


@pytest.mark.parametrize("change", STALE.values(), ids=STALE.keys())
def test_every_change_means_the_full_compile_and_a_fresh_result(work, capsys, monkeypatch, change):
    out = stamped(capsys, work)
    change(work, monkeypatch)
    renders = Renders(monkeypatch)
    code, _, err = compile_(capsys)
    assert code == 0, err
    assert renders.count == 1  # the full work
    assert tree(out) == fresh(capsys, work)
    assert not list((work / "out").glob(".net.n5gc-new-*"))


def test_a_tree_moved_elsewhere_is_compiled_in_full(work, capsys, monkeypatch):
    out = stamped(capsys, work)
    shutil.copytree(out, work / "elsewhere" / "net", copy_function=shutil.copy2)  # copies xattrs
    assert fastpath.STAMP_ATTRIBUTE in os.listxattr(work / "elsewhere/net" / LOCK_FILE)
    renders = Renders(monkeypatch)
    code, _, _ = compile_(capsys, "elsewhere/net")
    assert (code, renders.count) == (0, 1)


def test_a_foreign_file_is_kept_and_the_noop_stays_one(work, capsys, monkeypatch):
    out = stamped(capsys, work)
    expected = tree(out)
    (out / "NOTES.md").write_text("mine")
    renders = Renders(monkeypatch)
    assert compile_(capsys)[0] == 0
    assert renders.count == 0  # the full compile would not touch it either
    assert tree(out) == {**expected, "NOTES.md": b"mine"}
    assert expected == fresh(capsys, work)


def test_a_link_where_a_generated_file_was_stops_the_compile(work, capsys, monkeypatch):
    out = stamped(capsys, work)
    victim = work / "victim.yaml"
    victim.write_text("mine\n")
    (out / "sites/berlin/namespaces.yaml").unlink()
    (out / "sites/berlin/namespaces.yaml").symlink_to(victim)
    code, stdout, _ = compile_(capsys)
    assert code == 1 and "N5G703" in stdout
    assert victim.read_text() == "mine\n"


@pytest.mark.parametrize(
    ("change", "word"),
    [(_hand_edit, "stale"), (_delete, "missing"), (_lock_edit, "extra (n5gc would remove it)")],
    ids=["edited", "deleted", "extra"],
)
def test_check_of_a_stamped_folder_still_finds_drift(work, capsys, monkeypatch, change, word):
    stamped(capsys, work)
    change(work, monkeypatch)
    code, stdout, _ = compile_(capsys, "out/net", "--check")
    assert code == 1
    assert word in stdout and "out of date" in stdout


def test_check_of_changed_inputs_finds_stale_files(work, capsys, monkeypatch):
    stamped(capsys, work)
    STALE["intent"](work, monkeypatch)
    code, stdout, _ = compile_(capsys, "out/net", "--check")
    assert code == 1 and ": stale" in stdout


def test_the_stamp_holds_no_plain_digest_and_the_lock_is_unchanged(work, capsys, monkeypatch):
    out = stamped(capsys, work)
    value = os.getxattr(out / LOCK_FILE, fastpath.STAMP_ATTRIBUTE).decode()
    secrets = (work / "network.secrets.yaml").read_bytes()
    for plain in (hashlib.sha256(secrets).hexdigest(), SECRET_K, SECRET_K.lower()):
        assert plain not in value
    code, _, _ = compile_(capsys, "second/net")
    assert code == 0
    other = json.loads(os.getxattr(work / "second/net" / LOCK_FILE, fastpath.STAMP_ATTRIBUTE))
    assert other["salt"] != json.loads(value)["salt"]  # a new salt for every stamp written
    monkeypatch.setattr(fastpath.os, "setxattr", _unsupported)
    assert tree(work / "second/net") == fresh(capsys, work) == tree(out)  # the lock's bytes: no stamp in it
    assert "recompile" not in (out / LOCK_FILE).read_text()


def _unsupported(*args: object) -> None:
    raise OSError(95, "Operation not supported")


def test_without_extended_attributes_every_compile_is_a_full_one(work, capsys, monkeypatch):
    monkeypatch.setattr(fastpath.os, "setxattr", _unsupported)
    renders = Renders(monkeypatch)
    assert compile_(capsys)[0] == 0
    assert compile_(capsys)[0] == 0
    assert renders.count == 2


def test_the_installation_digest_covers_code_templates_and_schemas(tmp_path):
    roots = []
    for name in ("n5gc", "blueprints", "schemas"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "file").write_text(name)
        roots.append(tmp_path / name)
    before = fastpath.installation_digest(roots)
    (tmp_path / "n5gc" / "__pycache__").mkdir()
    (tmp_path / "n5gc" / "__pycache__" / "x.pyc").write_bytes(b"bytecode")
    assert fastpath.installation_digest(roots) == before  # derived from the sources
    for root in roots:
        (root / "sub" / "file").write_text("changed")
        changed = fastpath.installation_digest(roots)
        assert changed != before
        before = changed


def test_the_installation_digest_covers_every_installed_distribution(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    (site / "pyyaml-6.0.4.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    before = fastpath.installation_digest([])
    (site / "pyyaml-6.0.4.dist-info").rename(site / "pyyaml-6.0.5.dist-info")  # an upgrade
    assert fastpath.installation_digest([]) != before


EXAMPLES = sorted(p for p in intents.EXAMPLES.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_plaintext_facts_are_the_plans(example):
    from n5gc.frontend import analyse
    from n5gc.plan import build_plan

    analysis = analyse(example, [], None)
    assert analysis.network is not None
    plan = build_plan(analysis.network, None)
    facts = fastpath.plaintext_facts(analysis.network)
    assert (facts.network, facts.sops_age, bool(facts.subscribers)) == (
        plan.network,
        plan.sops_age,
        bool(plan.subscribers),
    )


def test_libyaml_is_found_as_pyyaml_says_without_importing_yaml():
    """The installation digest's libyaml flag is PyYAML's own `__with_libyaml__`, found before
    anything imports yaml (a fresh interpreter: this test process has imported it long ago)."""
    probe = (
        "import sys\n"
        "from n5gc.fastpath import has_libyaml\n"
        "found = has_libyaml()\n"
        "assert 'yaml' not in sys.modules, 'has_libyaml imported yaml'\n"
        "import yaml\n"
        "print(found, yaml.__with_libyaml__)\n"
    )
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found, pyyaml_says = answer.stdout.split()
    assert found == pyyaml_says


def test_the_installation_digest_covers_whether_pyyaml_has_libyaml(tmp_path, monkeypatch):
    package = tmp_path / "yaml"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])  # this PyYAML is found first
    monkeypatch.delitem(sys.modules, "yaml", raising=False)  # (an imported one is the one found)
    assert not fastpath.has_libyaml()
    without = fastpath.installation_digest([])
    (package / "_yaml.py").write_text("")  # the binding appears
    assert fastpath.has_libyaml()
    assert fastpath.installation_digest([]) != without
