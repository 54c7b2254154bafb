"""One survey per compile: `n5gc compile` holds the output lock from its survey to its last write,
and `write_tree` trusts only a survey taken under the hold it still runs in (n5gc.emit.writer).

A survey taken before the lock, or under an earlier hold, is taken again; something a person puts
where the held survey found nothing stops the write (N5G704) and is left as it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import leftovers, network, run, snapshot

import n5gc.emit.writer as writer
from n5gc.diagnostics import InputError
from n5gc.emit import output_locks, survey, survey_held, tree_files, write_tree
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
    monkeypatch.chdir(tmp_path)
    intent = network(tmp_path)
    if existing:
        assert run(capsys, "compile", str(intent), "-o", "out/net").code == 0
        (tmp_path / "out" / "net" / "README.md").write_text("edited by hand\n")  # no no-op path
    surveys = Surveys(monkeypatch)
    result = run(capsys, "compile", str(intent), "-o", "out/net")
    assert result.code == 0, result.err
    assert surveys.folders == ["net"]
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
