"""The encryption stage of a compile: after verify and audit of the plaintext, before emit."""

from __future__ import annotations

from pathlib import Path

from n5gc.diagnostics import Diagnostic, error, warning
from n5gc.plan.ir import Plan
from n5gc.sops.layout import is_key_bearing
from n5gc.targets.base import Artifact


def secret_paths(artifacts: list[Artifact]) -> set[str]:
    """The files holding a Secret (after `layout.separate`, each holds that Secret alone)."""
    return {a.path for a in artifacts if any(is_key_bearing(d) for d in a.documents)}


def encrypt_tree(
    plan: Plan, artifacts: list[Artifact], serialised: dict[str, bytes], out_dir: Path
) -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    """The files to write, key-bearing ones encrypted (previous ciphertext kept where it may be),
    verified; and the lock's `sealed` entries. Without recipients: the files unchanged."""
    if not plan.sops_age:
        return serialised, {}
    from n5gc.emit import previous_sealed
    from n5gc.sops.seal import seal
    from n5gc.sops.verify import verify_sealed

    paths = secret_paths(artifacts)
    sealed = seal(serialised, paths, plan.sops_age, previous_sealed(out_dir))
    verify_sealed(plan.sops_age, serialised, paths, sealed)
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
