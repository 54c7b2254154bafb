"""One survey per compile: `n5gc compile` holds the output lock from its survey to its last write,
and `write_tree` trusts only a survey taken under the hold it still runs in (n5gc.emit.writer).

A survey taken before the lock, or under an earlier hold, is taken again; something a person puts
where the held survey found nothing stops the write (N5G704) and is left as it is.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import leftovers, network, run, snapshot

import n5gc.emit.writer as writer
from n5gc.diagnostics import InputError
from n5gc.emit import output_locks, survey, survey_held, tree_files, write_tree
from n5gc.emit.paths import Tree
from n5gc.incremental import PreviousTree
from n5gc.targets.base import Artifact


def _files(version: str) -> dict[str, bytes]:
    artifacts = [Artifact(f"sites/s/f{i}.yaml", ({"v": version, "i": i},), schema="none") for i in range(3)]
    return tree_files(artifacts, [("net.yaml", version.encode())])


class Surveys:
    """Counts the surveys write_tree and the compile command take."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folders: list[str] = []
        real = writer.survey

        def counted(out_dir: Path, *args: object, **kwargs: object) -> object:
            self.folders.append(Path(out_dir).name)
            return real(out_dir, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(writer, "survey", counted)


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "recompile into it"])
def test_a_compile_surveys_each_output_folder_once(tmp_path, capsys, monkeypatch, existing):
    """One survey per folder; and since `n5gc compile` holds the output lock from before it reads
    the previous tree to its last write, that survey reads again none of what the compile read
    (in a recompile: no generated file, only the lock)."""
    monkeypatch.chdir(tmp_path)
    intent = network(tmp_path)
    if existing:
        assert run(capsys, "compile", str(intent), "-o", "out/net").code == 0
        (tmp_path / "out" / "net" / "README.md").write_text("edited by hand\n")  # no no-op path
    surveys = Surveys(monkeypatch)
    reads = Reads(monkeypatch)
    result = run(capsys, "compile", str(intent), "-o", "out/net")
    assert result.code == 0, result.err
    assert surveys.folders == ["net"]
    assert reads.paths == (["n5gc.lock.json"] if existing else [])
    assert (tmp_path / "out" / "net" / "README.md").read_text() != "edited by hand\n"


def test_a_survey_from_before_the_lock_is_taken_again(tmp_path, monkeypatch):
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    early = survey(out, _files("new"))  # no lock held: anything may change after it
    surveys = Surveys(monkeypatch)
    write_tree(out, _files("new"), surveyed=early)
    assert surveys.folders == ["net"]
    with output_locks([out]):
        held = survey_held(out, _files("new"))
    with output_locks([out]):  # a later hold: the folder may have changed in between
        write_tree(out, _files("old"), surveyed=held)
    assert surveys.folders == ["net", "net", "net"]  # the held survey, then write_tree's own again


def test_a_file_put_where_the_held_survey_found_nothing_stops_the_write(tmp_path):
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    new = {**_files("new"), "sites/s/extra.yaml": b"x: 1\n"}
    with output_locks([out]):
        held = survey_held(out, new)
        assert "sites/s/extra.yaml" in held.drift.missing
        (out / "sites" / "s" / "extra.yaml").write_text("a person's file\n")
        before = snapshot(out)
        with pytest.raises(InputError) as raised:
            write_tree(out, new, surveyed=held)
    assert [d.code for d in raised.value.diagnostics] == ["N5G704"]
    assert "extra.yaml" in str(raised.value.diagnostics[0].location)
    assert snapshot(out) == before  # nothing changed, the person's file first of all
    assert not leftovers(tmp_path)


def test_the_lock_is_held_from_the_survey_to_the_write(tmp_path):
    out = tmp_path / "net"
    with output_locks([out]):
        assert writer._HELD  # write_tree inside reuses this hold instead of waiting for itself
        write_tree(out, _files("new"), surveyed=survey_held(out, _files("new")))
    assert not writer._HELD
    assert (out / "sites" / "s" / "f0.yaml").is_file()


def test_folders_made_for_the_lock_go_again_when_nothing_was_written(tmp_path):
    """The lock's parent folders are made before the survey; a blocked compile writes nothing."""
    with output_locks([tmp_path / "deep" / "er" / "net"]):
        assert (tmp_path / "deep" / "er").is_dir()
    assert not (tmp_path / "deep").exists()
    with output_locks([tmp_path / "deep" / "er" / "net"]):
        write_tree(tmp_path / "deep" / "er" / "net", _files("new"))
    assert (tmp_path / "deep" / "er" / "net" / "n5gc.lock.json").is_file()


class Reads:
    """Counts the files the survey reads itself (Tree.read), by path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = Tree.read

        def counted(tree: Tree, relative: str) -> bytes:
            self.paths.append(relative)
            return real(tree, relative)

        monkeypatch.setattr(Tree, "read", counted)


def _read_under(out: Path, paths: list[str]) -> tuple[dict[str, bytes], object]:
    """What a compile's PreviousTree reads of `paths` under the current hold, and that hold."""
    previous = PreviousTree.open(out)
    assert previous is not None
    for path in paths:
        previous.summary(path, b"")  # loads the file (no stamp here: nothing is proven)
    hold = previous.hold
    return dict(previous.close()), hold


def test_files_read_under_the_same_hold_are_not_read_again(tmp_path, monkeypatch):
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    new = _files("new")
    generated = sorted(p for p in new if p != "n5gc.lock.json")
    with output_locks([out]):
        known, hold = _read_under(out, generated)
        assert hold is not None and set(known) == set(generated)
        assert all(known[p] == (out / p).read_bytes() for p in generated)
        reads = Reads(monkeypatch)
        held = survey_held(out, new, known=known, known_hold=hold)
    assert reads.paths == ["n5gc.lock.json"]  # the lock is read; the generated files were already
    assert sorted(held.drift.stale) == sorted(new)  # every file differs from what was read
    with output_locks([out]):
        write_tree(out, new, surveyed=held)
    assert {p: (out / p).read_bytes() for p in new} == new


def test_files_read_under_another_hold_are_read_again(tmp_path, monkeypatch):
    """Reads from an earlier hold (another compile may have written since) or from no hold at
    all count for nothing: the survey reads the folder, and what it says is what is on disk."""
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    generated = sorted(p for p in _files("old") if p != "n5gc.lock.json")
    with output_locks([out]):
        known, hold = _read_under(out, generated)
    write_tree(out, _files("new"))  # what another compile wrote between the two holds
    claimed = dict.fromkeys(known, b"what the earlier hold saw\n")
    for stale_hold in (hold, None):
        reads = Reads(monkeypatch)
        with output_locks([out]):
            held = survey_held(out, _files("new"), known=claimed, known_hold=stale_hold)
        assert sorted(reads.paths) == sorted(["n5gc.lock.json", *generated])
        assert held.drift.clean  # the disk holds the new files: the claimed bytes were not used
    outside = _read_under(out, generated)  # no output lock held: no hold, nothing to trust
    assert outside[1] is None


def test_only_regular_files_reached_without_links_are_handed_on(tmp_path):
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "f0.yaml").write_text("outside\n")
    (out / "sites" / "s" / "f0.yaml").unlink()
    (out / "sites" / "s" / "f0.yaml").symlink_to(tmp_path / "elsewhere" / "f0.yaml")
    (out / "sites" / "s" / "f1.yaml").unlink()
    os.mkfifo(out / "sites" / "s" / "f1.yaml")
    (out / "sites" / "t").symlink_to(tmp_path / "elsewhere")  # a link on the way
    with output_locks([out]):
        known, _ = _read_under(
            out, ["sites/s/f0.yaml", "sites/s/f1.yaml", "sites/s/f2.yaml", "sites/t/f0.yaml"]
        )
    assert list(known) == ["sites/s/f2.yaml"]


def test_entries_read_under_the_hold_are_owned_and_the_others_still_checked(tmp_path):
    """Lock entries read under the hold are trusted without a look; every other entry is looked at
    as always: a link, a path out of the folder or the lock itself still gets its warning."""
    out = tmp_path / "net"
    write_tree(out, _files("old"))
    lock = out / "n5gc.lock.json"
    entries = json.loads(lock.read_text())
    (tmp_path / "victim.txt").write_text("not n5gc's\n")
    (out / "sites" / "s" / "link.yaml").symlink_to(tmp_path / "victim.txt")
    for odd in ("../victim.txt", "sites/s/link.yaml", "n5gc.lock.json"):
        entries["files"][odd] = "0" * 64
    lock.write_text(json.dumps(entries))
    generated = sorted(p for p in _files("old") if p != "n5gc.lock.json")
    with output_locks([out]):
        known, hold = _read_under(out, generated)
        held = survey_held(out, _files("new"), known=known, known_hold=hold)
    assert set(generated) <= held.owned and "sites/s/link.yaml" not in held.owned
    warned = [str(d.message) for d in held.diagnostics if d.code == "N5G705"]
    assert len(warned) == 3, warned
    assert [m.split('"')[1] for m in warned] == sorted(
        ["../victim.txt", "sites/s/link.yaml", "n5gc.lock.json"]
    )
    assert (tmp_path / "victim.txt").read_text() == "not n5gc's\n"
