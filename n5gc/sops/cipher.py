"""SOPS' value cipher and MAC (getsops/sops aes/cipher.go and sops.go), for YAML documents.

A value is AES-256-GCM with a 32-byte random nonce under the file's 32-byte data key, the
additional data being its key path joined by ":" plus ":" ("stringData:ue.yaml:"), written as
`ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:str]`. The MAC is the upper-case hex SHA-512
of every value of the document in order (encrypted or not, comments excluded), encrypted the same
way with the `lastmodified` timestamp as additional data. Only keys matching `encrypted_regex`
(and everything below them) are encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from n5gc.sops import ENCRYPTED_REGEX, SOPS_VERSION

DATA_KEY_BYTES = 32
NONCE_BYTES = 32  # SOPS uses a 32-byte GCM nonce, not the usual 12
TAG_BYTES = 16
ENCRYPTED_VALUE = re.compile(r"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]\Z")
_ENCRYPTED_KEY = re.compile(ENCRYPTED_REGEX)


class SopsError(ValueError):
    """A document that is not what SOPS would write (or a value SOPS cannot represent)."""


def value_bytes(value: Any) -> tuple[bytes, str]:
    """A leaf as SOPS turns it into bytes and names its type (sops.ToBytes)."""
    if isinstance(value, bool):
        return (b"True" if value else b"False"), "bool"
    if isinstance(value, int):
        return str(value).encode(), "int"
    if isinstance(value, str):
        return value.encode("utf-8"), "str"
    raise SopsError(f"SOPS cannot represent a {type(value).__name__} value here")


def encrypt_value(value: Any, key: bytes, path: str, nonce: bytes | None = None) -> str:
    """One value as `ENC[AES256_GCM,...]`; an empty string stays empty, as SOPS leaves it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain, kind = value_bytes(value)
    if kind == "str" and not plain:
        return ""
    iv = nonce if nonce is not None else os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(iv, plain, path.encode("utf-8"))
    data, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    b64 = base64.b64encode
    return (
        f"ENC[AES256_GCM,data:{b64(data).decode()},iv:{b64(iv).decode()},tag:{b64(tag).decode()},type:{kind}]"
    )


def decrypt_value(text: str, key: bytes, path: str) -> Any:
    """The value an `ENC[AES256_GCM,...]` string holds (raises on a wrong key, path or tampering)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if text == "":
        return ""
    match = ENCRYPTED_VALUE.match(text)
    if match is None:
        raise SopsError("not a SOPS AES256_GCM value")
    data, iv, tag = (base64.b64decode(match.group(i), validate=True) for i in (1, 2, 3))
    plain = AESGCM(key).decrypt(iv, data + tag, path.encode("utf-8"))
    kind = match.group(4)
    if kind == "str":
        return plain.decode("utf-8")
    if kind == "int":
        return int(plain)
    if kind == "bool":
        return plain == b"True"
    raise SopsError(f"value type {kind!r} is not one n5gc writes")


def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf of a document with its key path, in document order (list items share their
    list's path, as in SOPS)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if not isinstance(name, str):
                raise SopsError("SOPS supports only string keys")
            yield from leaves(value, (*path, name))
    elif isinstance(node, list):
        for item in node:
            yield from leaves(item, path)
    elif node is not None:
        yield path, node


def encrypted_path(path: tuple[str, ...]) -> bool:
    """Whether SOPS encrypts a leaf at `path` under `encrypted_regex` (any key of the path matches)."""
    return any(_ENCRYPTED_KEY.search(part) for part in path)


def _map_leaves(node: Any, change: Callable[[tuple[str, ...], Any], Any], path: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        return {name: _map_leaves(value, change, (*path, name)) for name, value in node.items()}
    if isinstance(node, list):
        return [_map_leaves(item, change, path) for item in node]
    return node if node is None else change(path, node)


def additional_data(path: tuple[str, ...]) -> str:
    """SOPS' additional authenticated data of a value: its key path, ":"-joined, ":"-terminated."""
    return ":".join(path) + ":"


def mac_of(document: dict[str, Any]) -> str:
    """Upper-case hex SHA-512 over every value of the plaintext document in order (SOPS' MAC)."""
    digest = hashlib.sha512()
    for _path, value in leaves(document):
        digest.update(value_bytes(value)[0])
    return digest.hexdigest().upper()


def encrypt_document(
    document: dict[str, Any], data_key: bytes, age_entries: list[dict[str, str]], lastmodified: str
) -> dict[str, Any]:
    """The SOPS form of a plaintext document: encrypted values and the `sops:` metadata block."""
    if "sops" in document:
        raise SopsError("the document already has a top-level sops key")

    def seal(path: tuple[str, ...], value: Any) -> Any:
        return encrypt_value(value, data_key, additional_data(path)) if encrypted_path(path) else value

    result: dict[str, Any] = _map_leaves(document, seal)
    result["sops"] = {
        "age": age_entries,
        "lastmodified": lastmodified,
        "mac": encrypt_value(mac_of(document), data_key, lastmodified),
        "encrypted_regex": ENCRYPTED_REGEX,
        "version": SOPS_VERSION,
    }
    return result


def decrypt_document(sealed: dict[str, Any], data_key: bytes) -> dict[str, Any]:
    """The plaintext of a SOPS document, its MAC checked (raises SopsError or InvalidTag)."""
    metadata = sealed.get("sops")
    if not isinstance(metadata, dict):
        raise SopsError("no sops metadata")
    body = {k: v for k, v in sealed.items() if k != "sops"}

    def open_(path: tuple[str, ...], value: Any) -> Any:
        return decrypt_value(value, data_key, additional_data(path)) if encrypted_path(path) else value

    plain: dict[str, Any] = _map_leaves(body, open_)
    if decrypt_value(metadata["mac"], data_key, metadata["lastmodified"]) != mac_of(plain):
        raise SopsError("MAC mismatch")
    return plain


def new_data_key() -> bytes:
    """A fresh random data key (one per file, as `sops -e` makes)."""
    return os.urandom(DATA_KEY_BYTES)
