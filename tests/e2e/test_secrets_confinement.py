"""K, OPc and anything derived from them appear only inside Kubernetes Secret objects."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _key_forms() -> set[str]:
    """Every key of every secrets file used by out/, as hex (both cases) and base64 of the text."""
    forms: set[str] = set()
    for secrets in (REPO / "examples").glob("*.secrets.yaml"):
        for credential in yaml.safe_load(secrets.read_text())["credentials"].values():
            for value in (credential["k"], credential["opc"]):
                for text in (value.upper(), value.lower()):
                    forms |= {text, base64.b64encode(text.encode()).decode()}
    return forms


def _documents_outside_secrets(path: Path) -> list[str]:
    if path.suffix not in (".yaml", ".yml"):
        return [path.read_text()]
    texts = []
    for document in yaml.safe_load_all(path.read_text()):
        if isinstance(document, dict) and document.get("kind") == "Secret":
            continue
        texts.append(json.dumps(document))
    return texts


def test_keys_only_inside_secret_objects():
    forms = _key_forms()
    assert forms
    scanned = 0
    for path in sorted((REPO / "out").rglob("*")):
        if not path.is_file():
            continue
        scanned += 1
        for text in _documents_outside_secrets(path):
            leaked = sorted(f for f in forms if f in text)
            assert not leaked, f"{path.relative_to(REPO)} holds key material outside a Secret"
        # Comments are not parsed by YAML: scan the raw bytes minus Secret documents too.
        raw = path.read_text()
        if "kind: Secret" not in raw:
            assert not any(f in raw for f in forms), f"{path.relative_to(REPO)} holds key material"
    assert scanned > 10


def test_plan_json_holds_no_key_material():
    import subprocess
    import sys

    plan = subprocess.run(
        [sys.executable, "-m", "n5gc", "plan", "examples/three-slices.yaml", "-o", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not any(f in plan for f in _key_forms())
