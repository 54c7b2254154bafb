"""Every mutant of mutants.yaml still applies to the tree (scripts/mutants): its original text occurs
exactly once in its file, and its replacement differs. A refactor that moves the text makes the
mutant silently test nothing; this says which one to follow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MUTANTS = yaml.safe_load((Path(__file__).parent / "mutants.yaml").read_text(encoding="utf-8"))


def test_the_mutant_list_is_read() -> None:
    assert len(MUTANTS) >= 30 and len({m["id"] for m in MUTANTS}) == len(MUTANTS)


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m["id"])
def test_each_mutant_applies_exactly_once(mutant: dict[str, str]) -> None:
    path = REPO / mutant["file"]
    assert path.is_file(), f"{mutant['id']}: {mutant['file']} is gone"
    count = path.read_text(encoding="utf-8").count(mutant["original"])
    assert count == 1, f"{mutant['id']}: its original text occurs {count} times in {mutant['file']}"
    assert mutant["replacement"] != mutant["original"]
