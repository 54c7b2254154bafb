"""K, OPc and anything derived from them appear only inside Kubernetes Secret objects.

Scanned: a fresh compile of every reference network (into tmp_path), the committed out/, and the
trees the compile property test writes (tests/test_compile_properties.py uses `leaks` below).
Every byte outside a Secret document counts, comments included: each file is split into its YAML
documents on the raw text, and only the documents that parse as `kind: Secret` are skipped.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
_DOCUMENT_START = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)


def key_forms(values: Iterable[str]) -> set[str]:
    """Hex in both cases, base64 of the raw key bytes, base64 of the hex text (both cases)."""
    forms: set[str] = set()
    for value in values:
        for text in (value.upper(), value.lower()):
            forms |= {text, base64.b64encode(text.encode()).decode()}
        forms.add(base64.b64encode(bytes.fromhex(value)).decode())
    return forms


def example_key_forms() -> set[str]:
    """The forms of every key of every examples/*.secrets.yaml."""
    values = []
    for secrets in (REPO / "examples").glob("*.secrets.yaml"):
        for credential in yaml.safe_load(secrets.read_text())["credentials"].values():
            values += [credential["k"], credential["opc"]]
    return key_forms(values)


def raw_documents(text: str) -> list[str]:
    """The raw text of each YAML document of a file (comments included), split at `---` lines."""
    return _DOCUMENT_START.split(text)


def _is_secret(document: str) -> bool:
    try:
        data = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("kind") == "Secret" and data.get("apiVersion") == "v1"


def text_outside_secrets(path: Path) -> str:
    """Every byte of the file except the Secret documents (all of it for a non-YAML file)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix not in (".yaml", ".yml"):
        return text
    return "\n".join(d for d in raw_documents(text) if not _is_secret(d))


def leaks(tree: Path, forms: set[str]) -> list[str]:
    """Files of `tree` holding a key form outside a Secret, as 'path: form-kind' (never the key)."""
    found = []
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        outside = text_outside_secrets(path)
        if any(form in outside for form in forms):
            found.append(str(path.relative_to(tree)))
    return found


def test_the_scan_sees_comments_and_text_beside_a_secret(tmp_path: Path) -> None:
    """The hole issue 14 found: a K in a comment of a ConfigMap in a file that also has a Secret."""
    forms = key_forms(["465B5CE8B199B49FAA5F0A2EE238A6BC"])
    key = "465B5CE8B199B49FAA5F0A2EE238A6BC"
    secret = f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData: {{k: {key}}}\n"
    configmap = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n# key 465b5ce8b199b49faa5f0a2ee238a6bc\n"
    )
    (tmp_path / "both.yaml").write_text(f"# header\n---\n{secret}---\n{configmap}", encoding="utf-8")
    (tmp_path / "only-secret.yaml").write_text(secret, encoding="utf-8")
    (tmp_path / "notes.md").write_text("Rltc6LGZtJ+qXwou4jimvA==\n", encoding="utf-8")  # base64 of the bytes
    assert leaks(tmp_path, forms) == ["both.yaml", "notes.md"]


def test_fresh_compile_keeps_keys_in_secrets(tmp_path: Path) -> None:
    forms = example_key_forms()
    config = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))
    scanned = 0
    for entry in config["networks"]:
        output = tmp_path / Path(entry["output"]).name
        command = [sys.executable, "-m", "n5gc", "compile", entry["intent"], "-o", str(output)]
        for overlay in entry.get("overlays", []):
            command += ["--overlay", overlay]
        command += ["--secrets", entry["secrets"]]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert not any(form in result.stdout + result.stderr for form in forms)
        assert not leaks(output, forms), f"{entry['output']}: key material outside a Secret"
        scanned += sum(1 for p in output.rglob("*") if p.is_file())
    assert scanned > 50


def test_committed_out_keeps_keys_in_secrets() -> None:
    forms = example_key_forms()
    assert len(list((REPO / "out").rglob("*.yaml"))) > 10
    assert not leaks(REPO / "out", forms)


def test_plan_json_holds_no_key_material() -> None:
    plan = subprocess.run(
        [sys.executable, "-m", "n5gc", "plan", "examples/three-slices.yaml", "-o", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not any(f in plan for f in example_key_forms())
