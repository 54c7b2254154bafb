"""The secrets input (kind: Secrets): subscriber keys, kept out of the intent and out of Git."""

from typing import Annotated, Literal

from n5gc.diagnostics import REDACTED, shown_name
from n5gc.model.fields import Field, intent_model
from n5gc.model.types import After, KeyHex, problem


def _plain_name(name: str) -> str:
    """A credentials name is quoted by diagnostics (`credentials "lab-keys" is not declared`), so it
    must not be something that could be key material: a K pasted as the name is refused, unshown."""
    if shown_name(name, sensitive=True) == REDACTED:
        raise problem(
            "n5g013",
            "a credentials name must be a plain name, and this one could be key material",
            {"hint": "name the entry and put the keys under it: `lab-keys: {k: ..., opc: ...}`"},
        )
    return name


CredentialName = Annotated[str, After(_plain_name)]


@intent_model()
class Credential:
    """K and OPc of a subscriber group (all IMSIs of a group share them, as in UERANSIM labs)."""

    k: KeyHex = Field(description="subscriber key K: 128 bits as 32 hex digits (a quoted string)")
    opc: KeyHex = Field(description="operator key OPc: 128 bits as 32 hex digits (a quoted string)")
    amf: str = Field(
        "8000",
        pattern=r"^[0-9a-fA-F]{4}$",
        description='authentication management field (AMF): 4 hex digits, e.g. "8000"',
    )

    def __repr__(self) -> str:  # keys must never reach logs or tracebacks
        return "Credential(k=<redacted>, opc=<redacted>)"

    __str__ = __repr__


@intent_model(title="n5gc Secrets (n5gc.io/v1alpha1)")
class Secrets:
    """A secrets file: named K/OPc credentials referenced by subscriber groups."""

    api_version: Literal["n5gc.io/v1alpha1"] = Field(
        alias="apiVersion", description="always n5gc.io/v1alpha1"
    )
    kind: Literal["Secrets"] = Field(description="always Secrets")
    credentials: dict[CredentialName, Credential] = Field(
        default_factory=dict,
        description='K/OPc entries by name, referenced by subscribers[].credentials, e.g. "lab-keys"',
    )
