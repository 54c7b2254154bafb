"""Rollouts that follow config, on the OAI 5G Core (issue 12, part 2, "the same for the OAI core").

The OAI charts mount the ConfigMap named by `global.coreNetworkConfigMap` and hash nothing
themselves, so n5gc names each namespace's config.yaml ConfigMap after its content: a changed config
changes the ConfigMap name in exactly the releases that mount it, and Helm rolls their pods. Here
the reference OAI network is compiled, one slice's pool changed, and recompiled: exactly that
slice's SMF and UPF releases must change values, nothing else that runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from n5gc.cli import main

REPO = Path(__file__).resolve().parents[2]


def compile_into(intent: Path, output: Path) -> dict[str, bytes]:
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "compile",
                str(intent),
                "--secrets",
                str(REPO / "examples/oai-core.secrets.yaml"),
                "-o",
                str(output),
            ]
        )
    assert caught.value.code == 0
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()
    }


def release_values(files: dict[str, bytes]) -> dict[str, bytes]:
    """Helm release -> its values.yaml bytes."""
    return {path.split("/")[-2]: data for path, data in files.items() if path.endswith("/values.yaml")}


def test_one_slice_pool_change_rolls_exactly_that_slices_releases(tmp_path: Path) -> None:
    intent = tmp_path / "oai-core.yaml"
    shutil.copy(REPO / "examples/oai-core.yaml", intent)
    before = compile_into(intent, tmp_path / "before")
    text = intent.read_text(encoding="utf-8")
    assert text.count("10.46.0.0/16") == 1
    intent.write_text(text.replace("10.46.0.0/16", "10.146.0.0/16"), encoding="utf-8")
    after = compile_into(intent, tmp_path / "after")

    old, new = release_values(before), release_values(after)
    assert set(old) == set(new)
    changed = {release for release in old if old[release] != new[release]}
    assert changed == {"oai-core-urllc-smf", "oai-core-urllc-upf1"}
    # The mounted config changed name with its content; the core's config did not change.
    configs = {
        p for p in set(before) | set(after) if p.endswith("oai-config.yaml") and before.get(p) != after.get(p)
    }
    assert configs == {"sites/berlin/slices/urllc/oai-config.yaml"}
