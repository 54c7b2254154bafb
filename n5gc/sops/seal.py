"""Encrypt the key-bearing files of a compiled tree, keeping what is already encrypted.

SOPS encryption is randomised (a fresh data key and nonces), so encrypting on every compile would
rewrite every encrypted file every time. Instead each encrypted file is recorded in the lock with
a random salt and `sha256(domain, salt, recipients, plaintext)`: the next compile recomputes that
digest with the recorded salt over the plaintext it would write and, when it matches and the file
on disk is still the one the lock hashed, keeps the file's bytes. No decryption is needed (CI has
no age identity), and the lock holds no plain hash of any key: the salted digest covers the whole
file (names, labels, configs and keys together), and a new salt is drawn whenever the plaintext or
the recipients change.

The salt is decided (`decide_salts`) before verify and audit, not here: its salted digest is also
stamped on the pods that mount the Secret (`n5gc.io/keys-digest`, n5gc/targets/rollout.py), so a
key rotation rolls them, and those stamped files are verified and audited like every other one.
`seal` then encrypts under exactly those salts.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import field
from datetime import UTC, datetime
from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.records import record
from n5gc.sops.age import encrypt_armored
from n5gc.sops.cipher import encrypt_document, new_data_key
from n5gc.targets.base import YAML_HEADER
from n5gc.yamlio import dump, load_all

DIGEST_DOMAIN = b"n5gc-sops-plaintext-v1\0"
SALT_BYTES = 32


@record(frozen=False)
class Sealed:
    """The result of sealing: the files to write, the lock entries, what was encrypted now."""

    files: dict[str, bytes]
    lock: dict[str, dict[str, str]] = field(default_factory=dict)
    data_keys: dict[str, bytes] = field(default_factory=dict)  # in memory only, for verify
    kept: list[str] = field(default_factory=list)  # paths whose previous ciphertext is kept


@record
class Salted:
    """The salt decided for one encrypted file, before anything is verified or encrypted.

    lock: its lock entry, {"salt", "sha256"}: the salted digest is also what the pods mounting its
          Secret carry as `n5gc.io/keys-digest` (n5gc/sops/stage.py), so it is decided once.
    kept: the previous ciphertext, to write again as it is (None: encrypt anew).
    """

    lock: dict[str, str]
    kept: bytes | None = None

    @property
    def sha256(self) -> str:
        return self.lock["sha256"]


# A previous compile's view of one encrypted file: its lock entry and, when the file on disk is
# still the one the lock hashed, its bytes (n5gc.emit.previous_sealed).
Previous = tuple[dict[str, str], bytes | None]


def plaintext_digest(salt: bytes, recipients: tuple[str, ...], plaintext: bytes) -> str:
    """The salted digest of a file's plaintext for a set of recipients (order does not matter)."""
    digest = hashlib.sha256(DIGEST_DOMAIN + salt)
    digest.update(("\n".join(sorted(set(recipients))) + "\0").encode("ascii"))
    digest.update(plaintext)
    return digest.hexdigest()


def decide_salts(
    plaintexts: dict[str, bytes], recipients: tuple[str, ...], previous: dict[str, Previous]
) -> dict[str, Salted]:
    """Per file: the previous lock's salt when the salted digest over its new plaintext matches
    (its ciphertext kept when the file is unchanged on disk), else a new random salt."""
    return {
        path: _previous_salt(previous.get(path), recipients, plaintext) or _new_salt(recipients, plaintext)
        for path, plaintext in sorted(plaintexts.items())
    }


def _previous_salt(previous: Previous | None, recipients: tuple[str, ...], plaintext: bytes) -> Salted | None:
    """The previous entry when it still describes `plaintext`. A hand-edited or lost file keeps its
    salt too: the plaintext is the same, so the pods' keys digest must not change (it is encrypted
    anew all the same)."""
    if previous is None:
        return None
    entry, data = previous
    try:
        salt = bytes.fromhex(entry["salt"])
    except ValueError:
        return None
    if plaintext_digest(salt, recipients, plaintext) != entry["sha256"]:
        return None
    return Salted({"salt": entry["salt"], "sha256": entry["sha256"]}, data)


def _new_salt(recipients: tuple[str, ...], plaintext: bytes) -> Salted:
    salt = os.urandom(SALT_BYTES)
    return Salted({"salt": salt.hex(), "sha256": plaintext_digest(salt, recipients, plaintext)})


def seal(serialised: dict[str, bytes], salted: dict[str, Salted], recipients: tuple[str, ...]) -> Sealed:
    """`serialised` with every file of `salted` SOPS-encrypted for `recipients`, or its previous
    ciphertext kept, under the salts decided before verify (see the module's docstring)."""
    result = Sealed(dict(serialised))
    for path, decision in sorted(salted.items()):
        plaintext = serialised[path]
        if plaintext_digest(bytes.fromhex(decision.lock["salt"]), recipients, plaintext) != decision.sha256:
            raise CompilerBug(f"{path}: its plaintext changed after its salt was decided")
        result.lock[path] = dict(decision.lock)
        if decision.kept is not None:
            result.files[path] = decision.kept
            result.kept.append(path)
            continue
        data_key = new_data_key()
        result.files[path] = encrypt_file(plaintext, data_key, recipients)
        result.data_keys[path] = data_key
    return result


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
