"""Constrained scalar types of the intent language, each raising an n5gc-coded error.

Pydantic custom errors whose type is ``n5gNNN`` are turned into diagnostics with code
``N5GNNN`` by `n5gc.model.errors`; the message reads after a ``<kind> "<name>": `` prefix.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from n5gc.patterns import LazyPattern

if TYPE_CHECKING:  # pydantic is imported only when a document fails the fast path (n5gc.model.slow)
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
HEX6 = re.compile(r"^(0[xX])?([0-9a-fA-F]{6})\Z")
DIGITS = re.compile(r"^[0-9]+\Z")
HEX32 = re.compile(r"^[0-9a-fA-F]{32}\Z")
NCI_HEX = LazyPattern(r"^0[xX][0-9a-fA-F]+\Z")
# A DNS-1123 subdomain (lowercase labels joined by dots), as Kubernetes validates Service DNS domains.
DNS_SUBDOMAIN = LazyPattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
# The versions Helm, Argo CD and Flux resolve a chart by: full semantic versions (an optional "v").
CHART_VERSION = LazyPattern(r"^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)([-+][0-9A-Za-z.-]+)?\Z")
# Chart repositories: Helm, Argo CD and Flux's HelmRepository (^(http|https|oci)://) accept these.
CHART_REPO = LazyPattern(r"^(https?|oci)://[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[^\s]*)?\Z")
# Git repositories: Flux's GitRepository accepts ^(http|https|ssh)://; Argo CD also git@host:path.
GIT_URL = LazyPattern(
    r"^(https?|ssh)://([^@\s/]+@)?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[^\s]*)?\Z"
)
GIT_SCP_URL = LazyPattern(r"^[A-Za-z0-9._-]+@[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:[^\s/][^\s]*\Z")
# A Kubernetes label value (and so a Liqo cluster id, which n5gc writes into one): at most 63.
LABEL_VALUE = LazyPattern(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\Z")


class SchemaHint:
    """JSON Schema keywords (pattern, length, ...) an editor checks: only the published schema changes,
    validation stays with the functions below. Each pattern mirrors its checker exactly, so an editor
    never refuses what n5gc accepts (ECMA-262 syntax: `$` for Python's `\\Z`).

    Hashed by identity (typing hashes Annotated metadata). This and the markers below are plain
    classes, not dataclasses: dataclass compiles code per class, and they are built on every run."""

    __slots__ = ("keywords",)

    def __init__(self, keywords: dict[str, Any]) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema


class Before:
    """Runs `check` on the raw value before the type is checked (pydantic's BeforeValidator).

    `passes_strings`: the checker returns every value unchanged (or refuses it) and never refuses
    a string, so a string is what it was after it (the fast converter then skips it for one)."""

    __slots__ = ("check", "passes_strings")

    def __init__(self, check: Callable[[Any], Any], *, passes_strings: bool = False) -> None:
        self.check = check
        self.passes_strings = passes_strings


class After:
    """Runs `check` on the typed value, which it may normalise (pydantic's AfterValidator)."""

    __slots__ = ("check",)

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check


class Range:
    """Inclusive bounds of a number (pydantic's Field(ge=..., le=...))."""

    __slots__ = ("ge", "le")

    def __init__(self, *, ge: int, le: int) -> None:
        self.ge, self.le = ge, le


class Pattern:
    """A regular expression a string must match (pydantic's StringConstraints(pattern=...))."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern


def problem(kind: str, template: str, context: dict[str, Any]) -> Exception:
    """The error a checker raises: pydantic's PydanticCustomError (imported only now, on the error path,
    so that a valid intent never imports pydantic); `kind` n5gNNN becomes diagnostic code N5GNNN."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, template, context)


def _hint(**keywords: Any) -> SchemaHint:
    return SchemaHint(dict(keywords))


def _ecma(pattern: re.Pattern[str] | LazyPattern) -> str:
    """A checker's regex as a JSON Schema pattern (the checkers anchor with \\Z, JSON Schema with $)."""
    return pattern.pattern.replace("\\Z", "$")


def _no_number(kind: str, example: str) -> Before:
    """Reject YAML numbers where the language wants a string (leading zeros would be lost)."""

    def check(value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise problem(
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

    return Before(check, passes_strings=True)  # refuses numbers only, returns what it is given


def _dns_label(value: str) -> str:
    if len(value) > 63 or not DNS_LABEL.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")[:63] or "name"
        raise problem(
            "n5g107",
            'name "{value}" is not a DNS-1123 label',
            {
                "value": value,
                "hint": f'use lowercase letters, digits and "-", at most 63, e.g. "{suggestion}"',
            },
        )
    return value


def _dns_domain(value: str) -> str:
    if len(value) > 253 or not DNS_SUBDOMAIN.match(value) or any(len(p) > 63 for p in value.split(".")):
        cleaned = re.sub(r"[^a-z0-9.-]+", "-", value.lower()).strip("-.")
        suggestion = (
            ".".join(p.strip("-")[:63] for p in cleaned.split(".") if p.strip("-")) or "cluster.local"
        )
        raise problem(
            "n5g113",
            'clusterDomain "{value}" is not a lowercase DNS name',
            {
                "value": value,
                "hint": f'Kubernetes DNS domains are lowercase labels joined by dots, e.g. "{suggestion}"',
            },
        )
    return value


def _chart_version(value: str) -> str:
    if not CHART_VERSION.match(value):
        raise problem(
            "n5g111",
            'chart version "{value}" is not a full semantic version',
            {
                "value": value,
                "hint": 'write major.minor.patch as a quoted string, e.g. "2.3.4" (Helm, Argo CD and Flux '
                "resolve a chart by its exact version)",
            },
        )
    return value


def _chart_repo(value: str) -> str:
    if not CHART_REPO.match(value):
        raise problem(
            "n5g112",
            'chart repository "{value}" is not an https://, http:// or oci:// URL',
            {"value": value, "hint": 'e.g. "https://gradiant.github.io/5g-charts"'},
        )
    return value


def _git_url(value: str) -> str:
    if not (GIT_URL.match(value) or GIT_SCP_URL.match(value)):
        raise problem(
            "n5g112",
            'Git repository URL "{value}" is not a URL Argo CD or Flux can clone',
            {
                "value": value,
                "hint": 'use https://, http:// or ssh://, e.g. "https://github.com/example/network.git"',
            },
        )
    return value


def _server_url(value: str) -> str:
    if not GIT_URL.match(value) or value.startswith("ssh"):
        raise problem(
            "n5g112",
            'API server "{value}" is not an https:// URL',
            {"value": value, "hint": "the cluster's API server URL, e.g. https://10.0.0.1:6443"},
        )
    return value


def _cluster_name(value: str) -> str:
    if len(value) > 63 or not LABEL_VALUE.match(value):
        raise problem(
            "n5g116",
            'cluster name "{value}" is not a Kubernetes label value',
            {
                "value": value,
                "hint": "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or "
                "digit: n5gc writes it into labels (Liqo cluster id) and folder names (Flux)",
            },
        )
    return value


def _repo_path(value: str) -> str:
    parts = value.split("/")
    bad = (
        value.startswith("/")
        or ".." in parts
        or any(c.isspace() or ord(c) < 32 for c in value)
        or "\\" in value
    )
    if bad or not value.strip():
        raise problem(
            "n5g117",
            'gitops path "{value}" is not a folder inside the repository',
            {
                "value": value,
                "hint": 'a relative path without "..", spaces or backslashes, e.g. "out/lab", or omit it: '
                "n5gc derives it from the output folder",
            },
        )
    return value


GIT_REF_BAD = LazyPattern(r"(\.\.|@\{|[\s~^:?*\[\\]|^/|/$|\.lock$|^-)")


def _revision(value: str) -> str:
    if not value or GIT_REF_BAD.search(value) or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise problem(
            "n5g117",
            'revision "{value}" is not a Git branch, ref or commit',
            {"value": value, "hint": 'a branch ("main"), a full ref ("refs/tags/v1") or a commit SHA'},
        )
    return value


def _mcc(value: str) -> str:
    if not (len(value) == 3 and DIGITS.match(value)):
        raise problem(
            "n5g105",
            'mcc "{value}" must be 3 digits',
            {"value": value, "hint": 'e.g. "001" (test network) or "214"'},
        )
    return value


def _mnc(value: str) -> str:
    if not (len(value) in (2, 3) and DIGITS.match(value)):
        raise problem(
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
        raise problem(
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
        raise problem(
            "n5g106",
            'imsi "{value}" must be 15 digits',
            {"value": value, "hint": 'IMSI = MCC + MNC + MSIN, 15 digits in all, e.g. "001010000000001"'},
        )
    return value


@functools.lru_cache(maxsize=1 << 16, typed=True)
def ip_network_of(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """`ipaddress.ip_network(text)` (strict: host bits must be zero), parsed once per text.

    The model, every pool check and the planner read the same subnets again and again (1,000
    slices: 7,000 parses). Safe to share: the answer is a pure function of its argument (`typed`:
    True and 1.0, equal and hashing alike, are two keys, an address and an error), network objects
    are immutable (their cached properties are functions of the network), and a ValueError is
    never cached (every caller sees it again).
    """
    return ipaddress.ip_network(text)


def _subnet(value: str) -> str:
    try:
        network = ip_network_of(value)
    except ValueError as exc:
        hint = "write it as address/prefix, e.g. 10.45.0.0/16"
        with contextlib.suppress(ValueError):  # only host bits set: propose the network they belong to
            hint = f"did you mean {ipaddress.ip_network(value, strict=False)}? host bits must be zero"
        raise problem(
            "n5g108",
            'subnet "{value}" is not a valid network: {reason}',
            {"value": value, "reason": str(exc), "hint": hint},
        ) from None
    return str(network)


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise problem(
            "n5g108", 'address "{value}" is not a valid IP address', {"value": value, "hint": "e.g. 8.8.8.8"}
        ) from None


def _nci(value: str | int) -> int:
    if isinstance(value, bool):
        raise problem("n5g109", "nci must be a number or a hex string", {"hint": 'e.g. "0x000000010"'})
    number: int | None = value if isinstance(value, int) else None
    if isinstance(value, str):
        text = value.strip()
        # ASCII digits only: int() also takes "1_0" and other scripts' digits ("٣").
        if len(text) > 40:  # a 36-bit number, even zero-padded; int() refuses very long digit strings
            number = None
        elif NCI_HEX.match(text):
            number = int(text[2:], 16)
        elif DIGITS.match(text):
            number = int(text, 10)
    if number is None or not 0 <= number < 2**36:
        raise problem(
            "n5g109",
            'nci "{value}" must be a 36-bit number',
            {"value": value, "hint": 'write it as hex, e.g. "0x000000010" (gNB id + cell id)'},
        )
    return number


def _k_or_opc(value: str) -> str:
    if not HEX32.match(value):
        raise problem(
            "n5g110",
            "must be 32 hex digits (128 bits)",
            {"hint": "K and OPc are 128-bit values written as 32 hex digits"},
        )
    return value.upper()


NCI_TEXT = r"^\s*(0[xX][0-9a-fA-F]+|[0-9]+)\s*$"

Name = Annotated[
    str,
    _no_number("a name", "name"),
    After(_dns_label),
    _hint(pattern=_ecma(DNS_LABEL), maxLength=63, examples=["lab"]),
]
Mcc = Annotated[str, _no_number("mcc", "001"), After(_mcc), _hint(pattern="^[0-9]{3}$", examples=["001"])]
Mnc = Annotated[str, _no_number("mnc", "01"), After(_mnc), _hint(pattern="^[0-9]{2,3}$", examples=["01"])]
Sd = Annotated[
    str,
    _no_number("sd", "000001"),
    After(normalise_sd),
    _hint(pattern=_ecma(HEX6), examples=["000001"]),
]
Imsi = Annotated[
    str,
    _no_number("imsi", "001010000000001"),
    After(_imsi),
    _hint(pattern="^[0-9]{15}$", examples=["001010000000001"]),
]
Subnet = Annotated[str, After(_subnet), _hint(examples=["10.45.0.0/16"])]
IpAddress = Annotated[str, After(_address), _hint(examples=["8.8.8.8"])]
# Digits or 0x-hex as a string (spaces around allowed, as the checker strips them), or a number.
Nci = Annotated[
    str | int,
    After(_nci),
    _hint(
        anyOf=[
            {"type": "string", "pattern": NCI_TEXT, "maxLength": 40},
            {"type": "integer", "minimum": 0, "maximum": 2**36 - 1},
        ],
        examples=["0x000000010"],
    ),
]
KeyHex = Annotated[
    str,
    _no_number("a key", "<32 hex digits>"),
    After(_k_or_opc),
    _hint(pattern=_ecma(HEX32)),
]
Tac = Annotated[int, Range(ge=0, le=0xFFFFFF)]
DnsDomain = Annotated[
    str,
    After(_dns_domain),
    _hint(pattern=_ecma(DNS_SUBDOMAIN), maxLength=253, examples=["cluster.local"]),
]
ChartVersion = Annotated[
    str,
    _no_number("a chart version", "2.3.4"),
    After(_chart_version),
    _hint(pattern=_ecma(CHART_VERSION), examples=["2.3.4"]),
]
ChartRepo = Annotated[
    str,
    After(_chart_repo),
    _hint(pattern=_ecma(CHART_REPO), examples=["https://gradiant.github.io/5g-charts"]),
]
GitUrl = Annotated[
    str,
    After(_git_url),
    _hint(
        pattern=f"({_ecma(GIT_URL)})|({_ecma(GIT_SCP_URL)})",
        examples=["https://github.com/example/network.git"],
    ),
]
ServerUrl = Annotated[
    str,
    After(_server_url),
    _hint(
        pattern=_ecma(GIT_URL).replace("^(https?|ssh)", "^(https?)", 1), examples=["https://10.0.0.1:6443"]
    ),
]
ClusterName = Annotated[
    str,
    After(_cluster_name),
    _hint(pattern=_ecma(LABEL_VALUE), maxLength=63, examples=["edge-1"]),
]


def _age_recipient(value: str) -> str:
    """An age X25519 recipient: checked by age's own parser (bech32 with its checksum)."""
    from n5gc.sops.age import valid_recipient

    if not valid_recipient(value):
        raise problem(
            "n5g240",
            'encryption.sops.age: "{value}" is not an age public key',
            {
                "value": value,
                "hint": 'an age recipient is "age1" and 58 more characters, '
                "as `age-keygen -y KEYFILE` prints it",
            },
        )
    return value


AGE_RECIPIENT = LazyPattern(r"^age1[02-9ac-hj-np-z]{58}\Z")
AgeRecipient = Annotated[
    str,
    After(_age_recipient),
    _hint(
        pattern=_ecma(AGE_RECIPIENT),
        examples=["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"],
    ),
]
RepoPath = Annotated[str, After(_repo_path), _hint(minLength=1, examples=["out/lab"])]
Revision = Annotated[
    str,
    _no_number("a revision", "main"),
    After(_revision),
    _hint(minLength=1, examples=["main"]),
]
