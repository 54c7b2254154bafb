"""Constrained scalar types of the intent language, each raising an n5gc-coded error.

Pydantic custom errors whose type is ``n5gNNN`` are turned into diagnostics with code
``N5GNNN`` by `n5gc.model.errors`; the message reads after a ``<kind> "<name>": `` prefix.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
HEX6 = re.compile(r"^(0[xX])?([0-9a-fA-F]{6})$")
DIGITS = re.compile(r"^[0-9]+$")
HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")


def _no_number(kind: str, example: str) -> BeforeValidator:
    """Reject YAML numbers where the language wants a string (leading zeros would be lost)."""

    def check(value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise PydanticCustomError(
                "n5g102",
                "{kind} must be a quoted string, found the number {value}",
                {
                    "kind": kind,
                    "value": value,
                    "hint": f'quote it, e.g. "{example}": YAML reads '
                    "unquoted digits as a number and drops leading zeros",
                },
            )
        return value

    return BeforeValidator(check)


def _dns_label(value: str) -> str:
    if len(value) > 63 or not DNS_LABEL.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")[:63] or "name"
        raise PydanticCustomError(
            "n5g107",
            'name "{value}" is not a DNS-1123 label',
            {
                "value": value,
                "hint": f'use lowercase letters, digits and "-", at most 63, e.g. "{suggestion}"',
            },
        )
    return value


def _mcc(value: str) -> str:
    if not (len(value) == 3 and DIGITS.match(value)):
        raise PydanticCustomError(
            "n5g105",
            'mcc "{value}" must be 3 digits',
            {"value": value, "hint": 'e.g. "001" (test network) or "214"'},
        )
    return value


def _mnc(value: str) -> str:
    if not (len(value) in (2, 3) and DIGITS.match(value)):
        raise PydanticCustomError(
            "n5g105",
            'mnc "{value}" must be 2 or 3 digits',
            {"value": value, "hint": '"01" and "001" are different networks; e.g. "01"'},
        )
    return value


def normalise_sd(value: str) -> str:
    """SD as 6 lowercase hex digits; accepts "000001" and "0x000001"."""
    match = HEX6.match(value)
    if not match:
        digits = value[2:] if value.lower().startswith("0x") else value
        example = digits.rjust(6, "0").lower() if re.fullmatch(r"[0-9a-fA-F]{1,5}", digits) else "000001"
        raise PydanticCustomError(
            "n5g104",
            'sd "{value}" must be 6 hex digits, e.g. "{example}"',
            {
                "value": value,
                "example": example,
                "hint": "the SD is 24 bits written as 6 hex digits; a 0x prefix is accepted",
            },
        )
    return match.group(2).lower()


def _imsi(value: str) -> str:
    if not (len(value) == 15 and DIGITS.match(value)):
        raise PydanticCustomError(
            "n5g106",
            'imsi "{value}" must be 15 digits',
            {"value": value, "hint": 'IMSI = MCC + MNC + MSIN, 15 digits in all, e.g. "001010000000001"'},
        )
    return value


def _subnet(value: str) -> str:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        hint = "write it as address/prefix, e.g. 10.45.0.0/16"
        with contextlib.suppress(ValueError):  # only host bits set: propose the network they belong to
            hint = f"did you mean {ipaddress.ip_network(value, strict=False)}? host bits must be zero"
        raise PydanticCustomError(
            "n5g108",
            'subnet "{value}" is not a valid network: {reason}',
            {"value": value, "reason": str(exc), "hint": hint},
        ) from None
    return str(network)


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise PydanticCustomError(
            "n5g108", 'address "{value}" is not a valid IP address', {"value": value, "hint": "e.g. 8.8.8.8"}
        ) from None


def _nci(value: str | int) -> int:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "n5g109", "nci must be a number or a hex string", {"hint": 'e.g. "0x000000010"'}
        )
    number: int | None = value if isinstance(value, int) else None
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text, 16) if text.lower().startswith("0x") else int(text, 10)
        except ValueError:
            number = None
    if number is None or not 0 <= number < 2**36:
        raise PydanticCustomError(
            "n5g109",
            'nci "{value}" must be a 36-bit number',
            {"value": value, "hint": 'write it as hex, e.g. "0x000000010" (gNB id + cell id)'},
        )
    return number


def _k_or_opc(value: str) -> str:
    if not HEX32.match(value):
        raise PydanticCustomError(
            "n5g110",
            "must be 32 hex digits (128 bits)",
            {"hint": "K and OPc are 128-bit values written as 32 hex digits"},
        )
    return value.upper()


Name = Annotated[str, _no_number("a name", "name"), AfterValidator(_dns_label)]
Mcc = Annotated[str, _no_number("mcc", "001"), AfterValidator(_mcc)]
Mnc = Annotated[str, _no_number("mnc", "01"), AfterValidator(_mnc)]
Sd = Annotated[str, _no_number("sd", "000001"), AfterValidator(normalise_sd)]
Imsi = Annotated[str, _no_number("imsi", "001010000000001"), AfterValidator(_imsi)]
Subnet = Annotated[str, AfterValidator(_subnet)]
IpAddress = Annotated[str, AfterValidator(_address)]
Nci = Annotated[str | int, AfterValidator(_nci)]
KeyHex = Annotated[str, _no_number("a key", "465B5CE8B199B49FAA5F0A2EE238A6BC"), AfterValidator(_k_or_opc)]
Tac = Annotated[int, Field(ge=0, le=0xFFFFFF)]
