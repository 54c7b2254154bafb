"""The secrets input (kind: Secrets): subscriber keys, kept out of the intent and out of Git."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from n5gc.model.network import Strict
from n5gc.model.types import KeyHex


class Credential(Strict):
    """K and OPc of a subscriber group (all IMSIs of a group share them, as in UERANSIM labs)."""

    k: KeyHex = Field(description="subscriber key K, 32 hex digits")
    opc: KeyHex = Field(description="operator key OPc, 32 hex digits")
    amf: str = Field("8000", pattern=r"^[0-9a-fA-F]{4}$", description="authentication management field")

    def __repr__(self) -> str:  # keys must never reach logs or tracebacks
        return "Credential(k=<redacted>, opc=<redacted>)"

    __str__ = __repr__


class Secrets(Strict):
    """A secrets file: named K/OPc credentials referenced by subscriber groups."""

    model_config = ConfigDict(title="n5gc Secrets (n5gc.io/v1alpha1)")

    api_version: Literal["n5gc.io/v1alpha1"] = Field(alias="apiVersion")
    kind: Literal["Secrets"]
    credentials: dict[str, Credential] = Field(default_factory=dict)
