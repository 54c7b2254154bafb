"""age (age-encryption.org/v1) through `pyrage`, the maintained binding of the rage implementation."""

from __future__ import annotations


def valid_recipient(text: str) -> bool:
    """Whether `text` is an age X25519 public key (bech32 "age1...", checksum included)."""
    from pyrage import x25519

    if not text.startswith("age1"):
        return False
    try:
        x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own RecipientError or ValueError: both mean "not a key"
        return False
    return True


def encrypt_armored(data: bytes, recipient: str) -> str:
    """`data` encrypted to one recipient, ASCII-armored as SOPS stores each age key entry."""
    import pyrage
    from pyrage import x25519

    armored = pyrage.encrypt(data, [x25519.Recipient.from_str(recipient)], armored=True)
    text = armored.decode("ascii")
    return text if text.endswith("\n") else text + "\n"
