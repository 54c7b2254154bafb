"""Compiled trees with SOPS-encrypted files made comparable: encryption is randomised, so two
compiles that start without a previous tree (no ciphertext to keep) write different bytes for the
same plaintext. `comparable` decrypts every SOPS file with the TEST identity of tests/sops (the
examples' recipients), writes each file's salted digest where the pods mounting its Secret carry it
(`n5gc.io/keys-digest`) as a placeholder naming the file, and drops the lock's per-file salts and the
hashes of the files it changed; every other byte is compared as is."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

IDENTITY = Path(__file__).resolve().parent / "sops" / "test-identity-1.agekey"


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """`files` (path -> bytes of a compiled tree) with encrypted files replaced by their plaintext."""
    result = dict(files)
    sealed: set[str] = set()
    for path, data in files.items():
        if path.endswith(".sops.yaml"):
            result[path] = _decrypted(data)
            sealed.add(path)
    for path, data in files.items():
        if path.endswith("n5gc.lock.json") and sealed:
            lock = json.loads(data)
            folder = path[: -len("n5gc.lock.json")]
            salted = {entry["sha256"]: name for name, entry in lock.pop("sealed", {}).items()}
            changed = _placeholders(result, folder, salted) | {p for p in sealed if p.startswith(folder)}
            lock["files"] = {k: v for k, v in lock["files"].items() if folder + k not in changed}
            result[path] = json.dumps(lock, sort_keys=True).encode()
    return result


def _placeholders(files: dict[str, bytes], folder: str, salted: dict[str, str]) -> set[str]:
    """Each salted digest in the files of `folder` replaced by `<salted digest of FILE>`; returns
    the paths changed."""
    changed = set()
    for path, data in files.items():
        if path.startswith(folder) and not path.endswith((".sops.yaml", "n5gc.lock.json")):
            new = data
            for digest, name in salted.items():  # YAML quotes a digest that reads as a number
                for written in (f'"{digest}"', digest):
                    new = new.replace(written.encode(), f"<salted digest of {name}>".encode())
            if new != data:
                files[path] = new
                changed.add(path)
    return changed


def _decrypted(data: bytes) -> bytes:
    from pyrage import decrypt, x25519

    from n5gc.sops.cipher import decrypt_document

    document = yaml.safe_load(data)
    secret = next(line for line in IDENTITY.read_text().splitlines() if line.startswith("AGE-SECRET-KEY-"))
    identity = x25519.Identity.from_str(secret)
    mine = str(identity.to_public())
    entry = next(e for e in document["sops"]["age"] if e["recipient"] == mine)
    key = decrypt(_dearmor(entry["enc"]), [identity])
    return yaml.safe_dump(decrypt_document(document, key), sort_keys=False).encode()


def _dearmor(text: str) -> bytes:
    import base64

    body = [line for line in text.strip().splitlines() if not line.startswith("-----")]
    return base64.b64decode("".join(body))
