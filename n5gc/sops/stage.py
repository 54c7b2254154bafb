"""The encryption stage of a compile, in two steps around verify and audit:

1. `decide_salts` (after render, before verify): the salt of every encrypted file is decided, and
   its salted digest stamped as `n5gc.io/keys-digest` on the pods that mount its Secret, so a key
   rotation rolls them (n5gc/targets/rollout.py). The stamped files are then verified and audited
   like every other one.
2. `encrypt_tree` (after verify and audit, before emit): every key-bearing file is encrypted, or
   its previous ciphertext kept, under exactly the salts of step 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from n5gc.diagnostics import Diagnostic, error, warning
from n5gc.plan.ir import Plan
from n5gc.sops.layout import is_key_bearing
from n5gc.targets.base import Artifact

if TYPE_CHECKING:  # the cipher, age and seal modules load only when the intent asks for encryption
    from n5gc.sops.seal import Salted


def secret_paths(artifacts: list[Artifact]) -> set[str]:
    """The files holding a Secret (after `layout.separate`, each holds that Secret alone)."""
    return {a.path for a in artifacts if any(is_key_bearing(d) for d in a.documents)}


def decide_salts(
    plan: Plan, artifacts: list[Artifact], out_dir: Path
) -> tuple[list[Artifact], dict[str, Salted]]:
    """With recipients: each encrypted file's salt (the previous lock's while its plaintext and the
    recipients are unchanged, else a new one), and the artifacts with that salted digest stamped on
    every pod that mounts the file's Secret. Without recipients: the artifacts unchanged, no salts."""
    if not plan.sops_age:
        return artifacts, {}
    from n5gc.emit import previous_sealed
    from n5gc.sops.seal import decide_salts as decide
    from n5gc.targets.rollout import secret_key, stamp_keys_digests

    paths = secret_paths(artifacts)
    sealed = [a for a in artifacts if a.path in paths]
    salts = decide({a.path: a.to_bytes() for a in sealed}, plan.sops_age, previous_sealed(out_dir))
    digests = {
        key: salts[a.path].sha256 for a in sealed for d in a.documents if (key := secret_key(d)) is not None
    }
    return stamp_keys_digests(artifacts, digests), salts


def encrypt_tree(
    plan: Plan, artifacts: list[Artifact], serialised: dict[str, bytes], salts: dict[str, Salted]
) -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    """The files to write, key-bearing ones encrypted under the salts `decide_salts` chose
    (previous ciphertext kept where it may be), verified; and the lock's `sealed` entries.
    Without recipients: the files unchanged."""
    if not plan.sops_age:
        return serialised, {}
    from n5gc.sops.seal import seal
    from n5gc.sops.verify import verify_sealed

    sealed = seal(serialised, salts, plan.sops_age)
    verify_sealed(plan.sops_age, serialised, secret_paths(artifacts), sealed)
    return sealed.files, sealed.lock


def plaintext_diagnostics(plan: Plan, shown_output: str, required: bool) -> list[Diagnostic]:
    """N5G209 (a warning) when keys are written in plain text; N5G241 (an error) when encryption
    is required (`--require-encryption`, `requireEncryption: true` in n5gc.yaml)."""
    if plan.sops_age or not plan.subscribers:
        return []
    if required:
        return [
            error(
                "N5G241",
                f"{plan.network}: subscriber keys would be written in plain text under {shown_output}, "
                "and encryption is required",
                None,
                "set spec.encryption.sops.age to the age public keys of the cluster (and of the "
                "operators) that may decrypt them; see n5gc explain N5G241",
            )
        ]
    return [
        warning(
            "N5G209",
            f"{plan.network}: subscriber keys are written in plain text into Kubernetes Secret "
            f"objects under {shown_output}",
            None,
            "fine for public test keys in a lab; for real subscribers set spec.encryption.sops.age "
            "(SOPS/age), or at least do not push this folder to a shared Git repository "
            "(see n5gc explain N5G209)",
        )
    ]
