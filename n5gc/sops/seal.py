"""Encrypt the key-bearing files of a compiled tree, keeping what is already encrypted.

SOPS encryption is randomised (a fresh data key and nonces), so encrypting on every compile would
rewrite every encrypted file every time. Instead each encrypted file is recorded in the lock with
a random salt and `sha256(domain, salt, recipients, plaintext)`: the next compile recomputes that
digest with the recorded salt over the plaintext it would write and, when it matches and the file
on disk is still the one the lock hashed, keeps the file's bytes. No decryption is needed (CI has
no age identity), and the lock holds no plain hash of any key: the salted digest covers the whole
file (names, labels, configs and keys together), and a new salt is drawn on every encryption.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from n5gc.sops.age import encrypt_armored
from n5gc.sops.cipher import encrypt_document, new_data_key
from n5gc.targets.base import YAML_HEADER
from n5gc.yamlio import dump, load_all

DIGEST_DOMAIN = b"n5gc-sops-plaintext-v1\0"
SALT_BYTES = 32


@dataclass
class Sealed:
    """The result of sealing: the files to write, the lock entries, what was encrypted now."""

    files: dict[str, bytes]
    lock: dict[str, dict[str, str]] = field(default_factory=dict)
    data_keys: dict[str, bytes] = field(default_factory=dict)  # in memory only, for verify
    kept: list[str] = field(default_factory=list)  # paths whose previous ciphertext is kept


def plaintext_digest(salt: bytes, recipients: tuple[str, ...], plaintext: bytes) -> str:
    """The salted digest of a file's plaintext for a set of recipients (order does not matter)."""
    digest = hashlib.sha256(DIGEST_DOMAIN + salt)
    digest.update(("\n".join(sorted(set(recipients))) + "\0").encode("ascii"))
    digest.update(plaintext)
    return digest.hexdigest()


def seal(
    serialised: dict[str, bytes],
    paths: set[str],
    recipients: tuple[str, ...],
    previous: dict[str, tuple[dict[str, str], bytes]],
) -> Sealed:
    """`serialised` with every file of `paths` SOPS-encrypted for `recipients` (or its previous
    ciphertext kept, see the module's docstring)."""
    result = Sealed(dict(serialised))
    for path in sorted(paths):
        plaintext = serialised[path]
        kept = _keep(previous.get(path), recipients, plaintext)
        if kept is not None:
            result.lock[path], result.files[path] = kept
            result.kept.append(path)
            continue
        salt = os.urandom(SALT_BYTES)
        data_key = new_data_key()
        result.files[path] = encrypt_file(plaintext, data_key, recipients)
        result.lock[path] = {"salt": salt.hex(), "sha256": plaintext_digest(salt, recipients, plaintext)}
        result.data_keys[path] = data_key
    return result


def _keep(
    previous: tuple[dict[str, str], bytes] | None, recipients: tuple[str, ...], plaintext: bytes
) -> tuple[dict[str, str], bytes] | None:
    if previous is None:
        return None
    entry, data = previous
    try:
        salt = bytes.fromhex(entry["salt"])
    except ValueError:
        return None
    if plaintext_digest(salt, recipients, plaintext) != entry["sha256"]:
        return None
    return {"salt": entry["salt"], "sha256": entry["sha256"]}, data


def encrypt_file(plaintext: bytes, data_key: bytes, recipients: tuple[str, ...]) -> bytes:
    """One single-document YAML file as SOPS writes it (header comment kept, it is not encrypted)."""
    documents = load_all(plaintext.decode("utf-8"))
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise ValueError("a SOPS file n5gc writes holds exactly one object")
    document: dict[str, Any] = documents[0]
    entries = [{"recipient": r, "enc": encrypt_armored(data_key, r)} for r in recipients]
    sealed = encrypt_document(document, data_key, entries, _now())
    return (YAML_HEADER + dump(sealed)).encode("utf-8")


def _now() -> str:
    """`lastmodified` as SOPS writes it (RFC 3339, UTC, seconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
