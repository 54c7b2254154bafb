"""Subscriber keys encrypted at rest in Git: SOPS files with age recipients.

With `spec.encryption.sops.age` set, every Secret that carries key material is written in a file
of its own (`split`), SOPS-encrypted in SOPS' own YAML format (`cipher`, `age`): values under
`data`/`stringData` become `ENC[AES256_GCM,...]`, a `sops:` block holds the data key for each age
recipient, the MAC and the version, so `sops -d`, Flux's kustomize-controller and KSOPS decrypt it
unchanged. Encryption is randomised, so `seal` keeps the existing ciphertext whenever the plaintext
and the recipients are unchanged, which it tells from a salted digest in the lock (never by
decrypting: CI has no age identity). `verify` proves every key-bearing Secret is encrypted and
still a valid Secret once decrypted.
"""

from __future__ import annotations

SOPS_VERSION = "3.9.4"  # the SOPS release whose file format (metadata keys, MAC) n5gc writes
ENCRYPTED_REGEX = "^(data|stringData)$"
SOPS_SUFFIX = ".sops.yaml"
