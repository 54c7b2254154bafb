"""A plain `n5gc compile` command line runs without click (n5gc/commands/compiling.py): only lines
click would read the same way take that path, and they print, exit and write exactly as click's
command does; a line whose jobs are a usage error goes back to click, which prints it as its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from cli_runs import run_n5gc

from n5gc.commands.compiling import CompileRequest, plain_command_line
from n5gc.commands.plain import COMPLETION_VARIABLE

REPO = intents.REPO
N5GC = str(intents.VENV_BIN / "n5gc")
REFERENCE = {
    "three-slices.yaml": REPO / "examples/three-slices.yaml",
    "three-slices.secrets.yaml": REPO / "examples/three-slices.secrets.yaml",
    "lab-overlay.yaml": REPO / "overlays/lab/three-slices.yaml",
}
CONFIG = """\
apiVersion: n5gc.io/v1alpha1
kind: Repository
networks:
  - intent: network.yaml
    output: out/net
"""


# --- which lines are plain --------------------------------------------------------------------------


def test_a_plain_command_line_is_read_as_click_reads_it() -> None:
    args = ["compile", "a.yaml", "--overlay", "o1", "--check", "b.yaml", "--overlay", "o2", "--adopt"]
    assert plain_command_line([*args, "--secrets", "s.yaml", "--format", "json"]) == CompileRequest(
        intents=(Path("a.yaml"), Path("b.yaml")),
        overlays=(Path("o1"), Path("o2")),
        secrets=Path("s.yaml"),
        check=True,
        adopt=True,
        fmt="json",
    )
    assert plain_command_line(["compile"]) == CompileRequest()
    assert plain_command_line(["compile", "--check", "--require-encryption"]) == CompileRequest(
        check=True, require_encryption=True
    )
    assert plain_command_line(["compile", "a.yaml", "-o", "x", "--commit"]) == CompileRequest(
        intents=(Path("a.yaml"),), output=Path("x"), commit=True
    )
    assert plain_command_line(["compile", "a.yaml", "--output", "x"]) == CompileRequest(
        intents=(Path("a.yaml"),), output=Path("x")
    )


@pytest.mark.parametrize(
    "args",
    [
        ["compile", "--help"],
        ["compile", "-h"],
        ["compile", "a.yaml", "--color", "never"],
        ["compile", "a.yaml", "--ignore", "N5G209"],
        ["compile", "a.yaml", "-ox"],
        ["compile", "a.yaml", "-o=x"],
        ["compile", "a.yaml", "--output=x"],
        ["compile", "--", "a.yaml"],
        ["compile", "-", "a.yaml"],
        ["compile", "a.yaml", "-o", "x", "-o", "y"],
        ["compile", "a.yaml", "-o", "x", "--output", "y"],
        ["compile", "a.yaml", "--secrets", "s", "--secrets", "t"],
        ["compile", "a.yaml", "--format", "xml"],
        ["compile", "a.yaml", "--format", "JSON"],
        ["compile", "a.yaml", "--format", "json", "--format", "text"],
        ["compile", "a.yaml", "-o"],
        ["compile", "a.yaml", "-o", "--check"],
        ["compile", "a.yaml", "-o", ""],
        ["compile", "a\0.yaml"],
        ["compile", "a\udcff.yaml"],
        ["compile", "a.yaml", "--chek"],
        ["--debug", "compile", "a.yaml"],
        ["compil", "a.yaml"],
        ["plan", "a.yaml"],
    ],
)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert plain_command_line(args) is None, args


def test_unreadable_files_and_completion_requests_are_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """click.Path refuses an existing intent, overlay, secrets file or output folder it cannot read;
    click answers a shell completion request."""
    present = intents.write(tmp_path, intents.NETWORK)
    absent = str(tmp_path / "absent")
    with monkeypatch.context() as patched:
        patched.setattr(os, "access", lambda path, mode: False)  # as a file of another user reads
        assert plain_command_line(["compile", str(present)]) is None
        assert plain_command_line(["compile", absent, "--overlay", str(present)]) is None
        assert plain_command_line(["compile", absent, "--secrets", str(present)]) is None
        assert plain_command_line(["compile", absent, "-o", str(tmp_path)]) is None
        assert plain_command_line(["compile", absent, "-o", absent]) is not None
    assert plain_command_line(["compile", str(present)]) is not None
    monkeypatch.setenv(COMPLETION_VARIABLE, "bash_complete")
    assert plain_command_line(["compile", str(present)]) is None


# --- the same outcome both ways ---------------------------------------------------------------------

Setup = Callable[[Path], None]


def _network(folder: Path) -> None:
    intents.write(folder, intents.NETWORK)
    intents.write(folder, intents.SECRETS, "network.secrets.yaml")


def _reference(folder: Path) -> None:
    for name, source in REFERENCE.items():
        shutil.copyfile(source, folder / name)


def _compiled(folder: Path) -> None:
    """network.yaml compiled into out/net (with its local stamps)."""
    _network(folder)
    subprocess.run([N5GC, "compile", "network.yaml"], cwd=folder, capture_output=True, check=True)


def _stale(folder: Path) -> None:
    """out/net compiled, then one file edited, one removed, one foreign file added beside them."""
    _compiled(folder)
    (folder / "out/net/README.md").write_text("edited\n")
    generated = sorted(p for p in (folder / "out/net").rglob("*.yaml") if p.is_file())
    generated[0].unlink()
    (folder / "out/net/notes.txt").write_text("mine\n")


def _foreign(folder: Path) -> None:
    """A file n5gc does not own at a path it generates (N5G704 unless --adopt)."""
    _network(folder)
    intents.write(folder, "mine\n", "out/net/README.md")


def _output_is_a_file(folder: Path) -> None:
    _network(folder)
    intents.write(folder, "not a folder\n", "out/net")


def _broken(folder: Path) -> None:
    intents.write(folder, intents.edit(intents.NETWORK, 'sd: "000002"', 'sd: "2"'))


def _config(folder: Path) -> None:
    _network(folder)
    intents.write(folder, CONFIG, "n5gc.yaml")


def _broken_config(folder: Path) -> None:
    _network(folder)
    intents.write(folder, CONFIG.replace("output: out/net", "outptu: out/net"), "n5gc.yaml")


def _two_networks(folder: Path) -> None:
    _network(folder)
    intents.write(folder, intents.NETWORK.replace("name: net\n", "name: net2\n"), "second.yaml")
    intents.write(folder, intents.SECRETS, "second.secrets.yaml")


def _git_repository(folder: Path) -> None:
    _network(folder)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)


def _nothing(folder: Path) -> None:
    pass


# (setup, arguments after `compile`, exit code: 2 is a usage problem, which the plain line leaves to click)
CASES: dict[str, tuple[Setup, list[str], int]] = {
    "reference": (_reference, ["three-slices.yaml", "--overlay", "lab-overlay.yaml", "-o", "x"], 0),
    "default output": (_network, ["network.yaml"], 0),
    "json": (_network, ["network.yaml", "-o", "o", "--format", "json"], 0),
    "github": (_network, ["--format", "github", "network.yaml", "--output", "o"], 0),
    "no-op recompile": (_compiled, ["network.yaml"], 0),
    "check up to date": (_compiled, ["--check", "network.yaml"], 0),
    "check stale": (_stale, ["network.yaml", "--check"], 1),
    "check stale json": (_stale, ["network.yaml", "--check", "--format", "json"], 1),
    "check stale github": (_stale, ["network.yaml", "--check", "--format", "github"], 1),
    "stale rewritten": (_stale, ["network.yaml"], 0),
    "foreign file": (_foreign, ["network.yaml"], 1),
    "foreign file json": (_foreign, ["network.yaml", "--format", "json"], 1),
    "foreign file adopted": (_foreign, ["network.yaml", "--adopt"], 0),
    "output is a file": (_output_is_a_file, ["network.yaml"], 1),
    "errors in the intent": (_broken, ["network.yaml"], 1),
    "errors in the intent json": (_broken, ["network.yaml", "--format", "json"], 1),
    "absent intent": (_nothing, ["absent.yaml"], 1),
    "keys must be encrypted": (_network, ["network.yaml", "--require-encryption"], 1),
    "secrets named": (_network, ["network.yaml", "--secrets", "network.secrets.yaml", "-o", "o"], 0),
    "n5gc.yaml": (_config, [], 0),
    "n5gc.yaml check": (_config, ["--check", "--require-encryption"], 1),
    "broken n5gc.yaml": (_broken_config, ["--check"], 1),
    "two intents": (_two_networks, ["network.yaml", "second.yaml"], 0),
    "non-ASCII output folder": (_network, ["network.yaml", "-o", "out/n\u00e9t"], 0),
    "commit": (_git_repository, ["network.yaml", "--commit"], 0),
    "no INTENT, no n5gc.yaml": (_nothing, [], 2),
    "options without INTENT": (_config, ["--overlay", "o.yaml"], 2),
    "-o without INTENT": (_config, ["-o", "x", "--check"], 2),
    "-o for two intents": (_two_networks, ["network.yaml", "second.yaml", "-o", "x"], 2),
    "-o the root": (_network, ["network.yaml", "-o", "/"], 2),
    "two intents, one folder": (_network, ["network.yaml", "./network.yaml"], 2),
    "check and commit": (_network, ["network.yaml", "--check", "--commit"], 2),
}

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _tree(folder: Path) -> dict[str, object]:
    """Every file, folder and link under `folder` (Git's own folder as its last commit), with the
    names of each file's extended attributes (n5gc's stamps; their values hold inode numbers)."""
    tree: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name == ".git" or name.startswith(".git/"):
            continue
        if path.is_symlink():
            tree[name] = ("link", os.readlink(path))
        elif path.is_dir():
            tree[name] = "folder"
        else:
            tree[name] = (path.read_bytes(), sorted(os.listxattr(path)))
    if (folder / ".git").is_dir():
        shown = ["git", "show", "--stat", "--format=%s%n%b", "HEAD"]
        tree[".git"] = subprocess.run(shown, cwd=folder, capture_output=True, text=True, check=False).stdout
    return tree


@pytest.mark.parametrize("case", list(CASES))
def test_the_plain_path_prints_exits_and_writes_as_the_click_command(tmp_path: Path, case: str) -> None:
    """The line run as it is (no click) and with `--color auto` (the default, which sends it through
    click), each in a fresh copy of the same folder: the same exit code, stdout, stderr and tree."""
    setup, args, expected = CASES[case]
    usage_problem = expected == 2
    assert plain_command_line(["compile", *args]) is not None  # a plain line
    outcomes = []
    for way, extra in (("plain", []), ("click", ["--color", "auto"])):
        folder = tmp_path / way
        folder.mkdir()
        setup(folder)
        code, out, err, imported = run_n5gc(["compile", *args, *extra], folder, GIT_IDENTITY)
        outcomes.append(((code, out, err), _tree(folder), imported))
    (plain, plain_tree, plain_imports), (clicked, clicked_tree, clicked_imports) = outcomes
    assert "n5gc.commands.group" in clicked_imports  # the click command ran
    assert ("n5gc.commands.group" in plain_imports) is usage_problem, plain  # back to click only then
    if not usage_problem and "\u00e9" not in " ".join(args):  # click.echo re-encodes non-ASCII text
        assert "click" not in plain_imports
    assert clicked[0] == expected, clicked
    assert plain == clicked
    assert plain_tree == clicked_tree
