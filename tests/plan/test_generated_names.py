"""names.generated_names knows every name the targets emit: a name the checks never saw could be
one Kubernetes refuses (issue 8, item 12)."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import intents

from n5gc import names
from n5gc.compiler import compile_job
from n5gc.frontend import analyse
from n5gc.repo_config import Job
from n5gc.yamlio import load_all

EXAMPLES = sorted(
    p.name.removesuffix(".yaml") for p in intents.EXAMPLES.glob("*.yaml") if ".secrets" not in p.name
)
# Kinds whose names n5gc makes (the Helm charts' own objects are covered through their fullnames).
CONSTANT_NAMES = {names.LIQO_OFFLOADING}


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_emitted_object_name_is_a_generated_name(example: str) -> None:
    intent = intents.EXAMPLES / f"{example}.yaml"
    analysis = analyse(intent, [], None, require_secrets=True)
    assert analysis.network is not None
    known = {g.name for g in names.generated_names(analysis.network)} | CONSTANT_NAMES
    with tempfile.TemporaryDirectory() as folder:
        compiled = compile_job(Job(intent, (), None, Path(folder) / "out"))
    assert compiled.ok
    emitted = {
        (document["kind"], document["metadata"]["name"])
        for path, data in compiled.files.items()
        if path.endswith(".yaml")
        for document in load_all(data.decode("utf-8"))
        if isinstance(document, dict) and isinstance(document.get("metadata"), dict)
    }
    # A config's ConfigMap is named after the config's hash (names.oai_config_name): the checks see
    # the name with a zero digest, of the same length.
    hashed = re.compile(rf"-[0-9a-f]{{{names.CONFIG_DIGEST_LENGTH}}}$")
    zero = "-" + "0" * names.CONFIG_DIGEST_LENGTH
    unknown = sorted(
        (kind, name)
        for kind, name in emitted
        if name not in known and (kind != "ConfigMap" or hashed.sub(zero, name) not in known)
    )
    assert not unknown, f"names the name checks never saw: {unknown}"
    releases = {
        document["releaseName"]
        for path, data in compiled.files.items()
        if path.endswith("/release.yaml")
        for document in load_all(data.decode("utf-8"))
    }
    assert releases <= {g.name for g in names.generated_names(analysis.network) if g.kind == "release"}
