"""Prove the encrypted files before they are written (part of stage 6, verify).

With recipients set, every Secret of the tree must sit in an encrypted file; each encrypted file
must be what SOPS writes (one object, its `sops:` block with exactly the intent's age recipients,
`encrypted_regex`, MAC and version, every `data`/`stringData` value `ENC[AES256_GCM,...]`, every
other value the plaintext's); a file encrypted by this compile must decrypt, MAC checked, to the
plaintext Secret, which must still be a valid Kubernetes Secret. A failure is n5gc's bug.
"""

from __future__ import annotations

from typing import Any

from n5gc.diagnostics import CompilerBug
from n5gc.sops import ENCRYPTED_REGEX
from n5gc.sops.cipher import ENCRYPTED_VALUE, SopsError, decrypt_document, encrypted_path, leaves
from n5gc.sops.seal import Sealed
from n5gc.yamlio import load_all


def verify_sealed(
    recipients: tuple[str, ...], plaintext: dict[str, bytes], secret_paths: set[str], sealed: Sealed
) -> None:
    """Raise CompilerBug listing every key-bearing file that is not properly encrypted."""
    problems: list[str] = []
    for path in sorted(secret_paths):
        problems.extend(f"{path}: {p}" for p in file_problems(recipients, plaintext[path], sealed, path))
    if problems:
        raise CompilerBug("encrypted Secrets fail verification:\n  " + "\n  ".join(problems))


def file_problems(recipients: tuple[str, ...], plaintext: bytes, sealed: Sealed, path: str) -> list[str]:
    """What is wrong with one encrypted file (empty when nothing is)."""
    if path not in sealed.lock:
        return ["a Secret with key material is not encrypted"]
    try:
        (document,) = load_all(sealed.files[path].decode("utf-8"))
        (plain,) = load_all(plaintext.decode("utf-8"))
    except ValueError:
        return ["not one YAML document"]
    problems = structure_problems(recipients, document, plain)
    data_key = sealed.data_keys.get(path)
    if data_key is not None and not problems:
        problems.extend(_decryption_problems(document, plain, data_key))
    return problems


def structure_problems(recipients: tuple[str, ...], document: Any, plain: Any) -> list[str]:
    """The SOPS form, checked without the data key (so also for kept ciphertext)."""
    metadata = document.get("sops") if isinstance(document, dict) else None
    if not isinstance(metadata, dict):
        return ["no sops metadata"]
    problems = []
    if sorted(e.get("recipient") for e in metadata.get("age", [])) != sorted(recipients):
        problems.append("the age recipients are not the intent's")
    if metadata.get("encrypted_regex") != ENCRYPTED_REGEX:
        problems.append(f"encrypted_regex is not {ENCRYPTED_REGEX}")
    for key in ("mac", "lastmodified", "version"):
        if not isinstance(metadata.get(key), str):
            problems.append(f"sops.{key} missing")
    body = {k: v for k, v in document.items() if k != "sops"}
    sealed_leaves, plain_leaves = list(leaves(body)), list(leaves(plain))
    if [p for p, _ in sealed_leaves] != [p for p, _ in plain_leaves]:
        return [*problems, "its keys differ from the plaintext Secret's"]
    for (path, value), (_, clear) in zip(sealed_leaves, plain_leaves, strict=True):
        if encrypted_path(path) and not (isinstance(value, str) and ENCRYPTED_VALUE.match(value)):
            problems.append(f"{':'.join(path)} is not encrypted")
        elif not encrypted_path(path) and value != clear:
            problems.append(f"{':'.join(path)} differs from the plaintext")
    return problems


def _decryption_problems(document: dict[str, Any], plain: Any, data_key: bytes) -> list[str]:
    from cryptography.exceptions import InvalidTag

    from n5gc.verify import document_problems

    try:
        decrypted = decrypt_document(document, data_key)
    except (SopsError, InvalidTag, ValueError) as exc:
        return [f"does not decrypt ({type(exc).__name__})"]
    if decrypted != plain:
        return ["decrypts to another object than the plaintext Secret"]
    return [f"decrypted: {p}" for p in document_problems("kubernetes", decrypted)]
