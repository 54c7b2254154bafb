"""What the written files say, one fact at a time, each with the place it is written.

Every reader here knows one file format of one target (Open5GS Helm values, UERANSIM, srsRAN and
OAI gNB configs, the subscriber provisioning objects) and nothing about the intent or the planner:
the audit must be able to catch a planner bug, so it shares no code with it.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import field
from functools import partial
from operator import itemgetter
from typing import Any

from n5gc.audit.documents import (
    Doc,
    Embedded,
    TreeFile,
    TreeFileError,
    as_list,
    hashable,
    is_site_release,
)
from n5gc.audit.views import position
from n5gc.diagnostics import Location
from n5gc.patterns import LazyPattern  # (OAI_SETTING: only an OAI gNB config needs it)
from n5gc.records import record

Plmn = tuple[str, str]  # (mcc, mnc) as digit strings: ("001", "01") differs from ("001", "001")
Snssai = tuple[int, str | None]  # (sst, sd as 6 lower-case hex digits, or None)


class Network(tuple):  # type: ignore[type-arg]
    """An IP network as the rules compare it: (text, version, first address, last address), the
    addresses as integers (what a summary stores; parsing the text again for every pool of a
    large tree is slow). `network_of(record)` makes one from a summary's list."""

    __slots__ = ()
    text = property(itemgetter(0))
    version = property(itemgetter(1))
    first = property(itemgetter(2))
    last = property(itemgetter(3))

    def subnet_of(self, other: Network) -> bool:
        """Whether every address of this network is in `other` (of the same version)."""
        return self[1] == other[1] and other[2] <= self[2] and self[3] <= other[3]

    def __str__(self) -> str:
        return str(self[0])

    def record(self) -> list[Any]:
        """The JSON form of a summary."""
        return list(self)


network_of = partial(tuple.__new__, Network)


class At(tuple):  # type: ignore[type-arg]
    """A value and where it is written: (value, file, line, col). A tuple, so that the audit over
    summaries can make the tens of thousands it holds cheaply (`at_of`); the Location is made when
    a message asks for it."""

    __slots__ = ()

    def __new__(cls, value: Any, where: Location) -> At:
        return tuple.__new__(cls, (value, where.file, where.line, where.col))

    value = property(itemgetter(0))

    @property
    def where(self) -> Location:
        """Where the value is written."""
        return Location(self[1], self[2], self[3])

    def __repr__(self) -> str:
        return f"At({self.value!r}, {self.where})"


at_of = partial(tuple.__new__, At)  # at_of((value, file, line, col)): an At without a Location


def _at(doc: Doc, value: Any, *path: str | int) -> At:
    """At(value, doc.loc(*path)) without the Location."""
    line, col = doc.mark(*path)
    return at_of((value, doc.file, line, col))


Place = tuple[str, str]  # where a thing is written: (file as shown, "<line> <col>"), as a summary holds it


def place_of(where: Location) -> Place:
    """The Place of a Location."""
    return (where.file, position(where))


class Placed:
    """A thing written somewhere: its `place`, and its Location made when a message asks (the
    audit over summaries makes thousands, and messages name few)."""

    place: Place

    @property
    def where(self) -> Location:
        """Where it is written."""
        line, col = self.place[1].split(" ")
        return Location(self.place[0], int(line), int(col))


@record(frozen=False)
class Amf(Placed):
    place: Place
    plmns: list[At] = field(default_factory=list)  # Plmn of plmnList: what the AMF serves
    other_plmns: list[At] = field(default_factory=list)  # Plmn of guamiList and taiList
    tais: list[At] = field(default_factory=list)  # (Plmn, tac)
    slices: list[At] = field(default_factory=list)  # (Plmn, Snssai)


@record(frozen=False)
class Smf(Placed):
    name: str
    place: Place
    slices: list[At] = field(default_factory=list)  # (Snssai, frozenset of DNNs)
    pools: list[At] = field(default_factory=list)  # (dnn, Network)
    upfs: list[At] = field(default_factory=list)  # PFCP peer host name


@record(frozen=False)
class Upf(Placed):
    name: str
    place: Place
    routes: list[At] = field(default_factory=list)  # (dnn, Network)


@record(frozen=False)
class Gnb(Placed):
    name: str
    place: Place
    plmns: list[At] = field(default_factory=list)
    tacs: list[At] = field(default_factory=list)  # (Plmn or None, tac)
    slices: list[At] = field(default_factory=list)  # Snssai
    hosts: list[str] = field(default_factory=list)  # names UEs reach it by (UERANSIM Service)


@record(frozen=False)
class Ue(Placed):
    name: str
    place: Place
    supi: At | None = None
    plmn: At | None = None
    slices: list[At] = field(default_factory=list)  # Snssai (configured, default and session slices)
    configured: list[At] = field(default_factory=list)  # Snssai of configured-nssai
    sessions: list[At] = field(default_factory=list)  # (dnn, Snssai)
    gnbs: list[At] = field(default_factory=list)  # gnbSearchList host names
    count: int = 1


@record(frozen=False)
class SubscriberGroup(Placed):
    name: str
    place: Place
    first: str
    last: str
    slices: list[At] = field(default_factory=list)  # (Snssai, frozenset of DNNs)


@record(frozen=False)
class Facts:
    """Everything the audit compares, gathered from the whole tree."""

    amfs: list[Amf] = field(default_factory=list)
    nssf_slices: list[At] = field(default_factory=list)
    nrf_plmns: list[At] = field(default_factory=list)
    smfs: list[Smf] = field(default_factory=list)
    upfs: list[Upf] = field(default_factory=list)
    gnbs: list[Gnb] = field(default_factory=list)
    ues: list[Ue] = field(default_factory=list)
    subscribers: list[SubscriberGroup] = field(default_factory=list)
    # The subscriber groups one file holds, as their summary records (group_record's form):
    # summarising reads them straight into it (a large tree's subscribers.json has thousands).
    group_records: list[list[Any]] = field(default_factory=list)
    unreadable: list[TreeFileError] = field(default_factory=list)
    imsi_index: list[tuple[int, str, int]] | None = None  # (length, first IMSI, group index), sorted
    groups_of: dict[str, SubscriberGroup | None] = field(default_factory=dict)  # SUPI -> its group
    first_of: dict[str, SubscriberGroup] = field(default_factory=dict)  # first IMSI -> its last group


def snssai(sst: Any, sd: Any) -> Snssai | None:
    """An S-NSSAI with its SD normalised: "0x00000A", "00000a" and the integer 10 are one SD."""
    if type(sst) is int and type(sd) is str:  # (most: a large tree writes each S-NSSAI many times)
        found = _SNSSAIS.get((sst, sd))
        if found is None:
            found = _snssai(sst, sd)
            if len(_SNSSAIS) < _SNSSAIS_MAX:
                _SNSSAIS[(sst, sd)] = found
        return found
    return _snssai(sst, sd)


# snssai's answers for an integer SST and a text SD (a pure function of the two: kept, bounded).
_SNSSAIS: dict[tuple[int, str], Snssai] = {}
_SNSSAIS_MAX = 50_000


def _snssai(sst: Any, sd: Any) -> Snssai | None:
    if isinstance(sst, bool) or not isinstance(sst, int):
        return None
    if sd is None:
        return (sst, None)
    if isinstance(sd, int) and not isinstance(sd, bool):
        return (sst, f"{sd:06x}")
    text = str(sd).strip().lower()
    text = text[2:] if text.startswith("0x") else text
    return (sst, text.rjust(6, "0")) if _SD.fullmatch(text) else (sst, "invalid:" + text)


_SD = re.compile(r"[0-9a-f]{1,6}")  # an SD's hex digits (a large tree writes thousands of SDs)


def show_snssai(value: Snssai) -> str:
    sst, sd = value
    return f"SST {sst}" + (f" SD {sd}" if sd else "")


def show_plmn(value: Plmn) -> str:
    return f"{value[0]}-{value[1]}"


def plmn_of(entry: Any) -> Plmn | None:
    """`{mcc: "001", mnc: "01"}` (Open5GS, UERANSIM) as a Plmn; None when not digit strings."""
    if not isinstance(entry, dict):
        return None
    mcc, mnc = entry.get("mcc"), entry.get("mnc")
    if isinstance(mcc, str) and isinstance(mnc, str):
        return (mcc, mnc)
    return None


def network(text: Any) -> Network | None:
    try:
        parsed = ipaddress.ip_network(str(text), strict=False)
    except ValueError:
        return None
    first, last = int(parsed.network_address), int(parsed.broadcast_address)
    return network_of((str(parsed), parsed.version, first, last))


# --- Open5GS Helm values -------------------------------------------------------------------------


def read_core_values(doc: Doc, facts: Facts) -> None:
    """The umbrella chart's values: AMF, NSSF and NRF configuration."""
    if doc.get("amf", "enabled") is True:
        facts.amfs.append(_amf(doc))
    for i, nsi in enumerate(doc.items("nssf", "config", "nsiList")):
        value = snssai(nsi.get("sst"), nsi.get("sd")) if isinstance(nsi, dict) else None
        if value:
            facts.nssf_slices.append(_at(doc, value, "nssf", "config", "nsiList", i))
    for i, entry in enumerate(doc.items("nrf", "config", "servingList")):
        plmn = plmn_of(entry.get("plmn_id")) if isinstance(entry, dict) else None
        if plmn:
            facts.nrf_plmns.append(_at(doc, plmn, "nrf", "config", "servingList", i, "plmn_id"))


def _amf(doc: Doc) -> Amf:
    config = ("amf", "config")
    amf = Amf(place_of(doc.loc("amf")))
    for key in ("plmnList", "guamiList", "taiList"):
        for i, entry in enumerate(doc.items(*config, key)):
            plmn = plmn_of(entry.get("plmn_id")) if isinstance(entry, dict) else None
            if plmn is None:
                continue
            listed = amf.plmns if key == "plmnList" else amf.other_plmns
            listed.append(_at(doc, plmn, *config, key, i, "plmn_id"))
            if key == "taiList":
                tacs = entry.get("tac")
                for j, tac in enumerate(tacs if isinstance(tacs, list) else [tacs]):
                    where = doc.loc(*config, key, i, "tac", j) if isinstance(tacs, list) else doc.loc()
                    amf.tais.append(At((plmn, hashable(tac)), where))
            if key == "plmnList":
                for j, s in enumerate(as_list(entry.get("s_nssai"))):
                    value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
                    if value:
                        amf.slices.append(_at(doc, (plmn, value), *config, key, i, "s_nssai", j))
    return amf


def read_smf_values(name: str, doc: Doc, facts: Facts) -> None:
    base = ("customOpen5gsConfig", "smf")
    smf = Smf(name, place_of(doc.loc(*base)))
    for i, info in enumerate(doc.items(*base, "info")):
        for j, s in enumerate(as_list(info.get("s_nssai")) if isinstance(info, dict) else []):
            value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
            if value:
                dnns = frozenset(str(d) for d in as_list(s.get("dnn")))
                smf.slices.append(_at(doc, (value, dnns), *base, "info", i, "s_nssai", j))
    for i, session in enumerate(doc.items(*base, "session")):
        pool = network(session.get("subnet")) if isinstance(session, dict) else None
        if pool is not None:
            smf.pools.append(_at(doc, (str(session.get("dnn")), pool), *base, "session", i, "subnet"))
    for i, upf in enumerate(doc.items(*base, "pfcp", "client", "upf")):
        if isinstance(upf, dict) and isinstance(upf.get("address"), str):
            smf.upfs.append(_at(doc, upf["address"], *base, "pfcp", "client", "upf", i, "address"))
    facts.smfs.append(smf)


def read_upf_values(name: str, doc: Doc, facts: Facts) -> None:
    upf = Upf(name, place_of(doc.loc()))
    lists = (("config", "subnetList"), ("customOpen5gsConfig", "upf", "session"))
    for path in lists:
        for i, entry in enumerate(doc.items(*path)):
            pool = network(entry.get("subnet")) if isinstance(entry, dict) else None
            if pool is not None:
                upf.routes.append(_at(doc, (str(entry.get("dnn")), pool), *path, i, "subnet"))
    facts.upfs.append(upf)


# --- OAI 5G Core config.yaml (a ConfigMap the NFs of one namespace mount) -----------------------


def read_oai_config(namespace: str, config: Embedded, facts: Facts) -> None:
    """An OAI config.yaml: the AMF (served GUAMIs, PLMNs, TACs, S-NSSAIs), an SMF (slices and DNNs,
    pools of its DNNs, its UPFs) and a UPF (the pools of the DNNs it serves), whichever it holds.
    The SMF and UPF are named `oai-smf.<namespace>` / `oai-upf.<namespace>`: the chart's Service."""
    docs = config.yaml_docs()
    if not docs or not isinstance(docs[0].data, dict):
        return
    doc = docs[0]
    if isinstance(doc.get("amf"), dict):
        facts.amfs.append(_oai_amf(doc))
    pools = {
        str(d.get("dnn")): (network(d.get("ipv4_subnet")), doc.loc("dnns", i, "ipv4_subnet"))
        for i, d in enumerate(doc.items("dnns"))
        if isinstance(d, dict)
    }
    if isinstance(doc.get("smf"), dict):
        smf = Smf(f"oai-smf.{namespace}", place_of(doc.loc("smf")))
        for dnn in _oai_info(doc, ("smf", "smf_info", "sNssaiSmfInfoList"), "dnnSmfInfoList", smf.slices):
            pool, where = pools.get(dnn, (None, None))
            if pool is not None and where is not None:
                smf.pools.append(At((dnn, pool), where))
        for i, upf in enumerate(doc.items("smf", "upfs")):
            if isinstance(upf, dict) and isinstance(upf.get("host"), str):
                smf.upfs.append(_at(doc, upf["host"], "smf", "upfs", i, "host"))
        facts.smfs.append(smf)
    if isinstance(doc.get("upf"), dict):
        upf = Upf(f"oai-upf.{namespace}", place_of(doc.loc("upf")))
        for dnn in _oai_info(doc, ("upf", "upf_info", "sNssaiUpfInfoList"), "dnnUpfInfoList", []):
            pool, where = pools.get(dnn, (None, None))
            if pool is not None and where is not None:
                upf.routes.append(At((dnn, pool), where))
        facts.upfs.append(upf)


def _oai_info(doc: Doc, path: tuple[str, ...], dnn_key: str, slices: list[At]) -> list[str]:
    """The DNNs of an sNssai*InfoList (TS 29.510 SmfInfo/UpfInfo); appends (S-NSSAI, DNNs) to `slices`."""
    found: list[str] = []
    for i, entry in enumerate(doc.items(*path)):
        if not isinstance(entry, dict) or not isinstance(entry.get("sNssai"), dict):
            continue
        dnns = [str(d.get("dnn")) for d in as_list(entry.get(dnn_key)) if isinstance(d, dict)]
        value = snssai(entry["sNssai"].get("sst"), entry["sNssai"].get("sd"))
        if value:
            slices.append(_at(doc, (value, frozenset(dnns)), *path, i, "sNssai"))
        found += dnns
    return found


def _oai_amf(doc: Doc) -> Amf:
    amf = Amf(place_of(doc.loc("amf")))
    for i, guami in enumerate(doc.items("amf", "served_guami_list")):
        plmn = plmn_of(guami)
        if plmn:
            amf.other_plmns.append(_at(doc, plmn, "amf", "served_guami_list", i, "mcc"))
    for i, entry in enumerate(doc.items("amf", "plmn_support_list")):
        plmn = plmn_of(entry)
        if plmn is None:
            continue
        path = ("amf", "plmn_support_list", i)
        amf.plmns.append(_at(doc, plmn, *path, "mcc"))
        amf.tais.append(_at(doc, (plmn, hashable(entry.get("tac"))), *path, "tac"))
        for j, s in enumerate(as_list(entry.get("nssai"))):
            value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
            if value:
                amf.slices.append(_at(doc, (plmn, value), *path, "nssai", j))
    return amf


# --- gNBs --------------------------------------------------------------------------------------


def read_ueransim_gnb(name: str, config: Embedded, facts: Facts) -> Gnb | None:
    docs = config.yaml_docs()
    if not docs or not isinstance(docs[0].data, dict):
        return None
    doc = docs[0]
    gnb = Gnb(name, place_of(doc.loc()))
    plmn = plmn_of(doc.data)
    if plmn:
        gnb.plmns.append(_at(doc, plmn, "mcc"))
    gnb.tacs.append(_at(doc, (plmn, hashable(doc.get("tac"))), "tac"))
    for i, s in enumerate(doc.items("slices")):
        value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
        if value:
            gnb.slices.append(_at(doc, value, "slices", i))
    facts.gnbs.append(gnb)
    return gnb


def read_srsran_gnb(name: str, config: Embedded, facts: Facts) -> None:
    docs = config.yaml_docs()
    if not docs or not isinstance(docs[0].data, dict):
        return
    doc = docs[0]
    gnb = Gnb(name, place_of(doc.loc()))
    cell = ("cell_cfg",)
    cell_plmn = _srsran_plmn(doc.get(*cell, "plmn"))
    if cell_plmn:
        gnb.plmns.append(_at(doc, cell_plmn, *cell, "plmn"))
    gnb.tacs.append(_at(doc, (cell_plmn, hashable(doc.get(*cell, "tac"))), *cell, "tac"))
    _srsran_slices(doc, (*cell, "slicing"), gnb)
    areas = ("cu_cp", "amf", "supported_tracking_areas")
    for i, area in enumerate(doc.items(*areas)):
        for j, entry in enumerate(as_list(area.get("plmn_list")) if isinstance(area, dict) else []):
            plmn = _srsran_plmn(entry.get("plmn")) if isinstance(entry, dict) else None
            if plmn:
                gnb.plmns.append(_at(doc, plmn, *areas, i, "plmn_list", j, "plmn"))
                gnb.tacs.append(_at(doc, (plmn, hashable(area.get("tac"))), *areas, i, "tac"))
            _srsran_slices(doc, (*areas, i, "plmn_list", j, "tai_slice_support_list"), gnb)
    facts.gnbs.append(gnb)


def _srsran_plmn(text: Any) -> Plmn | None:
    """srsRAN writes the PLMN as one string "00101": three MCC digits, then the MNC's 2 or 3."""
    if isinstance(text, str) and re.fullmatch(r"[0-9]{5,6}", text):
        return (text[:3], text[3:])
    return None


def _srsran_slices(doc: Doc, path: tuple[str | int, ...], gnb: Gnb) -> None:
    for i, s in enumerate(doc.items(*path)):
        value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
        if value:
            gnb.slices.append(_at(doc, value, *path, i))


OAI_SETTING = LazyPattern(r"^\s*(\w+)\s*=\s*(\"[^\"]*\"|[0-9A-Za-z_]+)\s*;")


def read_oai_gnb(name: str, config: Embedded, facts: Facts) -> None:
    """An OAI libconfig file: PLMN, TAC and S-NSSAIs of its gNBs block (one per file here)."""
    gnb = Gnb(name, place_of(config.location(1)))
    mcc = mnc = None
    mnc_length = 2
    plmn_where = config.location(1)
    sst: tuple[int, Location] | None = None
    tac: At | None = None
    for number, line in enumerate(config.text.splitlines(), 1):
        match = OAI_SETTING.match(line)
        if not match:
            continue
        key, raw = match.groups()
        where = config.location(number, match.start(2) + 1)
        value = _libconfig_int(raw)
        if key == "tracking_area_code":
            tac = At(value, where)
        elif key == "mcc":
            mcc, plmn_where = value, where
        elif key == "mnc":
            mnc = value
        elif key == "mnc_length" and isinstance(value, int):
            mnc_length = value
        elif key == "sst" and isinstance(value, int):
            sst = (value, where)
        elif key == "sd" and sst is not None:
            gnb.slices.append(At(snssai(sst[0], value), sst[1]))
            sst = None
    if sst is not None:
        gnb.slices.append(At(snssai(sst[0], None), sst[1]))
    plmn = (f"{mcc:03d}", f"{mnc:0{mnc_length}d}") if isinstance(mcc, int) and isinstance(mnc, int) else None
    if plmn:
        gnb.plmns.append(At(plmn, plmn_where))
    if tac is not None:
        gnb.tacs.append(At((plmn, tac.value), tac.where))
    facts.gnbs.append(gnb)


def _libconfig_int(raw: str) -> Any:
    try:
        return int(raw, 16) if raw.lower().startswith("0x") else int(raw.rstrip("Ll"))
    except ValueError:
        return raw.strip('"')


# --- UEs and subscribers -----------------------------------------------------------------------


def read_ueransim_ue(name: str, config: Embedded, facts: Facts, count: int) -> None:
    docs = config.yaml_docs()
    if not docs or not isinstance(docs[0].data, dict):
        return
    doc = docs[0]
    ue = Ue(name, place_of(doc.loc()), count=count)
    if doc.get("supi") is not None:
        ue.supi = _at(doc, str(doc.get("supi")), "supi")
    plmn = plmn_of(doc.data)
    if plmn:
        ue.plmn = _at(doc, plmn, "mcc")
    for key in ("configured-nssai", "default-nssai"):
        for i, s in enumerate(doc.items(key)):
            value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
            if value:
                ue.slices.append(_at(doc, value, key, i))
                if key == "configured-nssai":
                    ue.configured.append(_at(doc, value, key, i))
    for i, session in enumerate(doc.items("sessions")):
        if not isinstance(session, dict) or not isinstance(session.get("slice"), dict):
            continue
        value = snssai(session["slice"].get("sst"), session["slice"].get("sd"))
        if value:
            ue.slices.append(_at(doc, value, "sessions", i, "slice"))
            ue.sessions.append(_at(doc, (str(session.get("apn")), value), "sessions", i))
    for i, host in enumerate(doc.items("gnbSearchList")):
        ue.gnbs.append(_at(doc, str(host), "gnbSearchList", i))
    facts.ues.append(ue)


def read_subscribers(config: Embedded, facts: Facts) -> None:
    """The provisioning ConfigMap's subscribers.json: IMSI ranges and subscribed slices and DNNs,
    as the records of its groups (group_record's form: `facts.group_records`)."""
    try:
        groups = json.loads(config.text)
    except ValueError as exc:
        raise TreeFileError(config.location(1), f"subscribers.json is not valid JSON: {exc}") from None
    firsts = _group_offsets(config.text)
    records = facts.group_records
    for group in groups if isinstance(groups, list) else []:
        if not isinstance(group, dict):
            continue
        name = str(group.get("group"))
        offset = config.text.find(f'"group": "{name}"') if '"' in name else firsts.get(name, -1)
        line, col = config.offset_mark(offset)  # (every slice of a group is written where the group is)
        slices = []
        for s in as_list(group.get("slices")):
            value = snssai(s.get("sst"), s.get("sd")) if isinstance(s, dict) else None
            if value:
                dnns = {str(x.get("dnn")) for x in as_list(s.get("sessions")) if isinstance(x, dict)}
                slices.append([value[0], value[1], sorted(dnns)])
        first, last = str(group.get("imsiFirst")), str(group.get("imsiLast"))
        records.append([name, f"{line} {col}", first, last, slices])


def _group_offsets(text: str) -> dict[str, int]:
    """Where `"group": "<name>"` first appears, for every name written so (one pass over the text:
    a search per group is quadratic in a large tree's subscribers.json)."""
    prefix = '"group": "'
    firsts: dict[str, int] = {}
    start = text.find(prefix)
    while start >= 0:
        end = text.find('"', start + len(prefix))
        if end < 0:
            break
        firsts.setdefault(text[start + len(prefix) : end], start)
        start = text.find(prefix, start + 1)
    return firsts


def ue_count(deployment: Doc) -> int:
    """How many UEs one nr-ue process runs (`-n N`; UERANSIM counts SUPIs up from the config's)."""
    containers = deployment.items("spec", "template", "spec", "containers")
    for container in containers:
        args = [str(a) for a in as_list(container.get("args"))] if isinstance(container, dict) else []
        if "-n" in args[:-1]:
            count = args[args.index("-n") + 1]
            return int(count) if count.isdecimal() else 1
    return 1


def _guarded(facts: Facts, reader: Any, *args: Any) -> None:
    """Run a reader; a file it cannot read (broken embedded JSON) is recorded, the others go on."""
    try:
        reader(*args)
    except TreeFileError as exc:
        facts.unreadable.append(exc)


def _read_manifests(tree_file: TreeFile, facts: Facts) -> None:
    counts = {hashable(d.get("metadata", "name")): ue_count(d) for d in tree_file.objects("Deployment")}
    for doc in tree_file.objects("ConfigMap"):
        name = str(doc.get("metadata", "name"))
        if (config := doc.embedded("data", "gnb.yaml")) is not None:
            gnb = read_ueransim_gnb(name, config, facts)
            namespace = doc.get("metadata", "namespace")
            if gnb is not None:
                gnb.hosts = [f"{name}.{namespace}"]
        elif (config := doc.embedded("data", "gnb.conf")) is not None:
            read_oai_gnb(name, config, facts)
        elif (config := doc.embedded("data", "config.yaml")) is not None:
            read_oai_config(str(doc.get("metadata", "namespace")), config, facts)
        elif (config := doc.embedded("data", "subscribers.json")) is not None:
            read_subscribers(config, facts)
    for doc in tree_file.objects("Secret"):
        config = doc.embedded("stringData", "ue.yaml")
        if config is not None:
            name = str(doc.get("metadata", "name"))
            read_ueransim_ue(name, config, facts, counts.get(name, 1))


# --- summaries: the facts of one file as JSON, and back ----------------------------------------
# A position is [line, col] in the summarised file; the file's name (with the tree's root) is
# applied when the facts are read back. S-NSSAIs are [sst, sd], PLMNs [mcc, mnc], DNN sets sorted lists.


def _pos(at: At) -> list[int]:
    return [at[2], at[3]]


def _plmn_rec(plmn: Plmn | None) -> list[str] | None:
    return None if plmn is None else [plmn[0], plmn[1]]


def _snssai_rec(value: Snssai) -> list[Any]:
    return [value[0], value[1]]


def amf_record(amf: Amf) -> dict[str, Any]:
    """An Amf as JSON."""
    return {
        "w": amf.place[1],
        "p": [[*a.value, *_pos(a)] for a in amf.plmns],
        "o": [[*a.value, *_pos(a)] for a in amf.other_plmns],
        "t": [[*a.value[0], a.value[1], *_pos(a)] for a in amf.tais],
        "s": [[*a.value[0], *a.value[1], *_pos(a)] for a in amf.slices],
    }


def smf_record(smf: Smf) -> dict[str, Any]:
    """An Smf as JSON (its name too: an SMF of a Helm release gets it from release.yaml later)."""
    record = {
        "n": smf.name,
        "w": smf.place[1],
        "s": [[*_snssai_rec(a.value[0]), sorted(a.value[1]), *_pos(a)] for a in smf.slices],
        "pl": [[a.value[0], a.value[1].record(), *_pos(a)] for a in smf.pools],
        "u": [[a.value, *_pos(a)] for a in smf.upfs],
    }
    return _without_empty_lists(record)


def _without_empty_lists(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its empty lists and empty name (read back as empty: most SMF and UPF
    readings of a site release's values are of the other chart, with nothing in them, and are
    named after the release)."""
    return {key: value for key, value in record.items() if value != [] and value != ""}


def upf_record(upf: Upf) -> dict[str, Any]:
    """An Upf as JSON."""
    record = {
        "n": upf.name,
        "w": upf.place[1],
        "r": [[a.value[0], a.value[1].record(), *_pos(a)] for a in upf.routes],
    }
    return _without_empty_lists(record)


def gnb_record(gnb: Gnb) -> dict[str, Any]:
    """A Gnb as JSON."""
    return {
        "n": gnb.name,
        "w": gnb.place[1],
        "p": [[*a.value, *_pos(a)] for a in gnb.plmns],
        "t": [[_plmn_rec(a.value[0]), a.value[1], *_pos(a)] for a in gnb.tacs],
        "s": [[*_snssai_rec(a.value), *_pos(a)] for a in gnb.slices],
        "h": list(gnb.hosts),
    }


def ue_record(ue: Ue) -> list[Any]:
    """A Ue as JSON: [name, place, supi, plmn, slices, configured, sessions, gNB hosts, count] (a
    list: a tree has a record per UE group, and a dict's keys are read for each)."""
    return [
        ue.name,
        ue.place[1],
        None if ue.supi is None else [ue.supi.value, *_pos(ue.supi)],
        None if ue.plmn is None else [*ue.plmn.value, *_pos(ue.plmn)],
        [[*_snssai_rec(a.value), *_pos(a)] for a in ue.slices],
        [[*_snssai_rec(a.value), *_pos(a)] for a in ue.configured],
        [[a.value[0], *_snssai_rec(a.value[1]), *_pos(a)] for a in ue.sessions],
        [[a.value, *_pos(a)] for a in ue.gnbs],
        ue.count,
    ]


def group_record(group: SubscriberGroup) -> list[Any]:
    """A SubscriberGroup as JSON: [name, place, first IMSI, last IMSI, slices], the slices as
    [sst, sd, DNNs] (every slice of a group is written where the group is)."""
    slices = [[*_snssai_rec(a.value[0]), sorted(a.value[1])] for a in group.slices]
    return [group.name, group.place[1], group.first, group.last, slices]


def facts_record(facts: Facts) -> dict[str, Any]:
    """The facts one file holds, as JSON (only the kinds it has)."""
    kinds = (facts.amfs, facts.nssf_slices, facts.nrf_plmns, facts.smfs, facts.upfs, facts.gnbs, facts.ues)
    if not any(kinds) and not facts.subscribers and not facts.group_records:
        return {}  # (most files)
    record: dict[str, Any] = {
        "amf": [amf_record(a) for a in facts.amfs],
        "nssf": [[*_snssai_rec(a.value), *_pos(a)] for a in facts.nssf_slices],
        "nrf": [[*a.value, *_pos(a)] for a in facts.nrf_plmns],
        "smf": [smf_record(s) for s in facts.smfs],
        "upf": [upf_record(u) for u in facts.upfs],
        "gnb": [gnb_record(g) for g in facts.gnbs],
        "ue": [ue_record(u) for u in facts.ues],
        "sub": [group_record(g) for g in facts.subscribers] + facts.group_records,
    }
    return {kind: items for kind, items in record.items() if items}


class FactsReader:
    """Builds Facts from the records of summaries (positions become Locations in `shown`, lazily)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def add(self, record: dict[str, Any], shown: str, name: str | None = None) -> None:
        """Append the facts of one file's record; `name` names its SMFs and UPFs (a release's)."""
        facts = self.facts
        for kind, items in record.items():
            if kind == "ue":
                facts.ues += [_decode_ue(ue, shown) for ue in items]
            elif kind == "smf":
                facts.smfs += [
                    decode_smf(smf, shown, smf.get("n", "") if name is None else name) for smf in items
                ]
            elif kind == "upf":
                facts.upfs += [
                    decode_upf(upf, shown, upf.get("n", "") if name is None else name) for upf in items
                ]
            elif kind == "gnb":
                facts.gnbs += [_decode_gnb(gnb, shown, gnb["n"] if name is None else name) for gnb in items]
            elif kind == "sub":
                facts.subscribers += [_decode_group(group, shown) for group in items]
            elif kind == "amf":
                facts.amfs += [_decode_amf(amf, shown) for amf in items]
            elif kind == "nssf":
                facts.nssf_slices += [at_of(((s, sd), shown, line, col)) for s, sd, line, col in items]
            elif kind == "nrf":
                facts.nrf_plmns += [at_of(((m, n), shown, line, col)) for m, n, line, col in items]


def _decode_amf(record: dict[str, Any], shown: str) -> Amf:
    amf = Amf((shown, record["w"]))
    amf.plmns = [at_of(((m, n), shown, line, col)) for m, n, line, col in record["p"]]
    amf.other_plmns = [at_of(((m, n), shown, line, col)) for m, n, line, col in record["o"]]
    amf.tais = [at_of((((m, n), tac), shown, line, col)) for m, n, tac, line, col in record["t"]]
    amf.slices = [at_of((((m, n), (s, sd)), shown, line, col)) for m, n, s, sd, line, col in record["s"]]
    return amf


def decode_smf(record: dict[str, Any], shown: str, name: str) -> Smf:
    """An Smf from its record (`smf_record`) in the file shown as `shown`."""
    slices, pools, upfs = record.get("s"), record.get("pl"), record.get("u")
    smf = object.__new__(Smf)  # the fields set at once (as _decode_ue): most lists are empty
    smf.__dict__.update(
        name=name,
        place=(shown, record["w"]),
        slices=[at_of((((s, sd), frozenset(dnns)), shown, line, col)) for s, sd, dnns, line, col in slices]
        if slices
        else [],
        pools=[at_of(((dnn, network_of(net)), shown, line, col)) for dnn, net, line, col in pools]
        if pools
        else [],
        upfs=[at_of((host, shown, line, col)) for host, line, col in upfs] if upfs else [],
    )
    return smf


def decode_upf(record: dict[str, Any], shown: str, name: str) -> Upf:
    """An Upf from its record (`upf_record`) in the file shown as `shown`."""
    routes = record.get("r")
    upf = object.__new__(Upf)
    upf.__dict__.update(
        name=name,
        place=(shown, record["w"]),
        routes=[at_of(((dnn, network_of(net)), shown, line, col)) for dnn, net, line, col in routes]
        if routes
        else [],
    )
    return upf


def _decode_gnb(record: dict[str, Any], shown: str, name: str) -> Gnb:
    gnb = Gnb(name, (shown, record["w"]), hosts=list(record["h"]))
    gnb.plmns = [at_of(((m, n), shown, line, col)) for m, n, line, col in record["p"]]
    gnb.tacs = [
        at_of(((None if plmn is None else (plmn[0], plmn[1]), tac), shown, line, col))
        for plmn, tac, line, col in record["t"]
    ]
    gnb.slices = [at_of(((s, sd), shown, line, col)) for s, sd, line, col in record["s"]]
    return gnb


def _decode_ue(record: list[Any], shown: str) -> Ue:
    name, place, supi, plmn, slices, configured, sessions, gnbs, count = record
    ue = object.__new__(Ue)  # the fields set at once: the dataclass's __init__ makes lists to replace
    ue.__dict__.update(
        name=name,
        place=(shown, place),
        supi=None if supi is None else at_of((supi[0], shown, supi[1], supi[2])),
        plmn=None if plmn is None else at_of(((plmn[0], plmn[1]), shown, plmn[2], plmn[3])),
        slices=[at_of(((s, sd), shown, line, col)) for s, sd, line, col in slices],
        configured=[at_of(((s, sd), shown, line, col)) for s, sd, line, col in configured],
        sessions=[at_of(((apn, (s, sd)), shown, line, col)) for apn, s, sd, line, col in sessions],
        gnbs=[at_of((host, shown, line, col)) for host, line, col in gnbs],
        count=count,
    )
    return ue


def _decode_group(record: list[Any], shown: str) -> SubscriberGroup:
    name, place, first, last, slices = record
    line, col = place.split(" ")  # (every slice of a group is written where the group is)
    at = (shown, int(line), int(col))
    group = object.__new__(SubscriberGroup)  # the fields set at once (as _decode_ue)
    group.__dict__.update(
        name=name,
        place=(shown, place),
        first=first,
        last=last,
        slices=[at_of((((s, sd), frozenset(dnns)), *at)) for s, sd, dnns in slices],
    )
    return group


def file_facts(tree_file: TreeFile) -> dict[str, Any]:
    """The facts part of one file's summary: a site release's values read as each chart that has
    facts (which chart it is, release.yaml says), or the facts of a manifest file under sites/."""
    if is_site_release(tree_file.path, "values.yaml"):
        return _values_readings(tree_file)
    if not tree_file.path.startswith("sites/"):
        return {}
    facts = Facts()
    _guarded(facts, _read_manifests, tree_file, facts)
    part: dict[str, Any] = {}
    if record := facts_record(facts):
        part["f"] = record
    if facts.unreadable:
        part["gerr"] = [error_record(exc) for exc in facts.unreadable]
    return part


def error_record(exc: TreeFileError) -> list[Any]:
    """A file that cannot be read, as JSON: [reason, line, col]."""
    return [exc.reason, exc.location.line, exc.location.col]


def _values_readings(tree_file: TreeFile) -> dict[str, Any]:
    docs = tree_file.docs
    if not docs or not isinstance(docs[0].data, dict):
        return {}
    doc = docs[0]
    facts = Facts()  # the three readings hold facts of different kinds: one Facts holds them
    if not doc.data.keys().isdisjoint(("amf", "nssf", "nrf")):  # else the core reading is empty
        read_core_values(doc, facts)
    # Without the keys they read, the SMF and UPF readings are an SMF and a UPF with nothing, at
    # the document's start: made here without reading (most values are of another chart).
    if "customOpen5gsConfig" in doc.data:
        read_smf_values("", doc, facts)
    else:
        facts.smfs.append(Smf("", place_of(doc.loc())))
    if "customOpen5gsConfig" in doc.data or "config" in doc.data:
        read_upf_values("", doc, facts)
    else:
        facts.upfs.append(Upf("", place_of(doc.loc())))
    record = facts_record(facts)
    readings: dict[str, Any] = {}
    for kind in ("smf", "upf"):  # the records of each; one with nothing at the document's start (the
        # values of another chart) is left out: the cross-file pass makes it from the values' "vx"
        if record[kind] != [{"w": position(doc.loc())}]:
            readings[kind] = record[kind]
        del record[kind]
    if record:  # what is left is the core reading's
        readings["core"] = record
    config = doc.embedded("config", "gnb-config.yml")
    if config is not None:
        srsran = Facts()
        try:
            read_srsran_gnb("", config, srsran)
            readings["srs"] = facts_record(srsran)
        except TreeFileError as exc:
            readings["srs"] = {"err": error_record(exc)}
    return {"vf": readings}
