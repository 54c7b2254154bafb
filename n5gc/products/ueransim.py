"""UERANSIM (github.com/aligungr/UERANSIM): the release n5gc runs, its image, and what each release reads.

UERANSIM reads its YAML configs field by field (`ReadConfigYaml` in src/gnb.cpp and src/ue.cpp) and
silently ignores every key it does not ask for, so a key only a later release reads does nothing on
an earlier one. The key sets below are those readers, transcribed at the release tags:

- 3.2.6 (tag v3.2.6): what the Gradiant `ueransim-gnb`/`ueransim-ues` charts run
  (docker.io/gradiant/ueransim:3.2.6, chart appVersion 3.2.6); their own configs use these keys only.
- 3.3.0 (tag v3.3.0): adds, for the gNB, `cellAccessType`; for the UE, `routingIndicator`,
  `protectionScheme`, `homeNetworkPublicKey`/`Id`, `tunName`, `tunNetmask`, `useNamespace`,
  `nsNamePrefix` (its example configs, ../shared/upstream/ueransim/config, carry them).

Keys are paths: `a.b` is key b of mapping a, `a[].b` key b of the mappings listed under a; a parent
of a key that is read is read. n5gc pins 3.2.6 (`PINNED`): the release the Gradiant charts pin, and
every key n5gc needs is read by it. 3.3.0's additions change nothing n5gc relies on: the SUCI null
scheme (protectionScheme 0) is 3.2.6's only behaviour, namespaces are off by default, and the tun
netmask is cosmetic (nr-ue routes each session through its own rule table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# nr-ue refuses `-n` above 512 ("Number of UEs is too big"), and two nr-ue processes cannot share a
# network namespace (both number their routing tables from 1000): one process per simulated group.
MAX_UES_PER_PROCESS = 512
# The `split` values a UERANSIM gNB can run: nr-gnb is a whole gNB (no CU/DU, no F1).
SPLITS = ("none",)
# The radio link simulation (RLS) between nr-ue and nr-gnb: UDP on this port of the gNB
# (the UEs' `gnbSearchList` names the gNB's address).
RLS_PORT = 4997
# nr-gnb and nr-ue read mcc/mnc with base auto-detection: a leading 0 means octal, so an 8 or a 9
# after it fails to parse ("08", "09", "018").
OCTAL_TRAP = re.compile(r"^0[0-7]*[89]")

_SLICE = ("sst", "sd")
_GNB_3_2_6 = (
    *("mcc", "mnc", "nci", "idLength", "tac", "linkIp", "ngapIp", "gtpIp", "gtpAdvertiseIp"),
    *("ignoreStreamIds", "amfConfigs[].address", "amfConfigs[].port"),
    *(f"slices[].{k}" for k in _SLICE),
)
_UE_3_2_6 = (
    *("supi", "mcc", "mnc", "key", "op", "opType", "amf", "imei", "imeiSv", "gnbSearchList"),
    *(f"{nssai}[].{k}" for nssai in ("default-nssai", "configured-nssai") for k in _SLICE),
    *(f"integrity.IA{n}" for n in (1, 2, 3)),
    *(f"ciphering.EA{n}" for n in (1, 2, 3)),
    *("sessions[].type", "sessions[].apn", *(f"sessions[].slice.{k}" for k in _SLICE)),
    *("integrityMaxRate.uplink", "integrityMaxRate.downlink", "uacAic.mps", "uacAic.mcs"),
    *("uacAcc.normalClass", *(f"uacAcc.class{n}" for n in range(11, 16))),
)
_GNB_3_3_0 = (*_GNB_3_2_6, "cellAccessType")
_UE_3_3_0 = (
    *_UE_3_2_6,
    *("routingIndicator", "protectionScheme", "homeNetworkPublicKeyId", "homeNetworkPublicKey"),
    *("tunName", "tunNetmask", "useNamespace", "nsNamePrefix"),
)


def _with_parents(paths: Iterable[str]) -> frozenset[str]:
    """The paths and every parent of them: reading `a[].b` reads the list `a`."""
    found: set[str] = set()
    for path in paths:
        found.add(path)
        for cut, char in enumerate(path):
            if char == "." or path.startswith("[]", cut):
                found.add(path[:cut])
    return frozenset(found)


@dataclass(frozen=True)
class Release:
    """One UERANSIM release: the image that runs it and the config keys its readers read."""

    version: str
    image: str
    gnb_keys: frozenset[str]
    ue_keys: frozenset[str]

    def keys(self, kind: str) -> frozenset[str]:
        """The keys the nr-gnb ("gnb") or nr-ue ("ue") of this release reads."""
        return {"gnb": self.gnb_keys, "ue": self.ue_keys}[kind]

    def reads(self, kind: str, key: str) -> bool:
        """Whether this release's nr-gnb/nr-ue reads `key` (a path, see the module docstring)."""
        return key in self.keys(kind)


RELEASES = {
    "3.2.6": Release(
        "3.2.6", "docker.io/gradiant/ueransim:3.2.6", _with_parents(_GNB_3_2_6), _with_parents(_UE_3_2_6)
    ),
    # Gradiant's tag of 3.3.0; its entrypoint differs from 3.2.6's, which n5gc never uses (it sets
    # the container command to nr-gnb/nr-ue itself).
    "3.3.0": Release(
        "3.3.0", "docker.io/gradiant/ueransim:3.3.0", _with_parents(_GNB_3_3_0), _with_parents(_UE_3_3_0)
    ),
}
PINNED = RELEASES["3.2.6"]


def key_paths(config: Any, prefix: str = "") -> Iterator[str]:
    """Every key path of a config (`a`, `a.b`, `a[].b`), parents included, in document order."""
    if isinstance(config, dict):
        for key, value in config.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield path
            yield from key_paths(value, path)
    elif isinstance(config, list):
        for item in config:
            yield from key_paths(item, f"{prefix}[]")


def unread_keys(release: Release, kind: str, config: Any) -> list[str]:
    """The key paths of `config` that this release's nr-gnb/nr-ue does not read (it would ignore them)."""
    read = release.keys(kind)
    return [path for path in dict.fromkeys(key_paths(config)) if path not in read]
