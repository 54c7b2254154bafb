"""The agreement rules over the facts of a written tree: PLMN, TAC, S-NSSAI, DNN, pools.

Each diagnostic is placed on the file that depends on the other and names the other file's
position in its message, so both sides of a disagreement are in one line.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping

from n5gc.audit.facts import (
    At,
    Facts,
    Gnb,
    Network,
    Plmn,
    Smf,
    Snssai,
    SubscriberGroup,
    show_plmn,
    show_snssai,
)
from n5gc.diagnostics import Diagnostic, Location, error, warning


def _where(items: list[At], fallback: Location) -> Location:
    return items[0].where if items else fallback


def check_facts(facts: Facts) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not facts.amfs:
        if facts.gnbs or facts.ues or facts.subscribers:
            first = (facts.gnbs or facts.ues or facts.subscribers)[0].where
            problems.append(
                error(
                    "N5G815",
                    "the tree has RAN, UEs or subscribers but no AMF configuration",
                    first,
                    "the core release's values must enable and configure the AMF",
                )
            )
        return problems
    for check in (_plmns, _tacs, _unused_tacs, _slices, _sessions, _pools, _imsis):
        problems.extend(check(facts))
    return problems


def _amf_plmns(facts: Facts) -> dict[Plmn, Location]:
    plmns: dict[Plmn, Location] = {}
    for amf in facts.amfs:
        for at in amf.plmns:
            plmns.setdefault(at.value, at.where)
    return plmns


def _plmns(facts: Facts) -> Iterator[Diagnostic]:
    """Every PLMN written (gNBs, UEs, NRF, the AMF's GUAMIs and TAIs) is one the AMF serves."""
    served = _amf_plmns(facts)
    amf_where = _where(facts.amfs[0].plmns, facts.amfs[0].where)
    shown = ", ".join(map(show_plmn, served)) or "none"
    subjects = [(f"gNB {g.name}", at) for g in facts.gnbs for at in g.plmns]
    subjects += [(f"UE {u.name}", u.plmn) for u in facts.ues if u.plmn]
    subjects += [("the NRF", at) for at in facts.nrf_plmns]
    subjects += [("the AMF's GUAMI/TAI", at) for amf in facts.amfs for at in amf.other_plmns]
    for who, at in subjects:
        if at.value not in served:
            yield error(
                "N5G802",
                f"{who} PLMN {show_plmn(at.value)} is not the AMF's ({amf_where} serves {shown})",
                at.where,
                'MCC and MNC must be written the same everywhere (MNC "01" and "001" are different PLMNs)',
            )


def _tacs(facts: Facts) -> Iterator[Diagnostic]:
    served = {at.value: at.where for amf in facts.amfs for at in amf.tais}
    served_plmns = _amf_plmns(facts)
    for gnb in facts.gnbs:
        for at in gnb.tacs:
            plmn, tac = at.value
            if plmn is not None and plmn not in served_plmns:
                continue  # the PLMN disagreement is reported already
            plmns = [plmn] if plmn is not None else list(served_plmns)
            if any((p, tac) in served for p in plmns):
                continue
            tacs = sorted({str(t) for (p, t) in served if p in plmns}) or ["none"]
            amf_where = next((w for (p, _), w in served.items() if p in plmns), facts.amfs[0].where)
            yield error(
                "N5G803",
                f"gNB {gnb.name} TAC {tac} is not served by the AMF ({amf_where} serves {', '.join(tacs)})",
                at.where,
                "the AMF's taiList must list every TAC its gNBs broadcast, or NG Setup fails",
            )


def _unused_tacs(facts: Facts) -> Iterator[Diagnostic]:
    """A TAC the AMF serves that no gNB of the tree broadcasts: a warning (a gNB outside the tree may
    use it), but also the only trace a gNB's TAC left where it was replaced by another."""
    broadcast = {at.value[1] for g in facts.gnbs for at in g.tacs}
    if not facts.gnbs:
        return
    for amf in facts.amfs:
        for at in amf.tais:
            if at.value[1] not in broadcast:
                yield warning(
                    "N5G816",
                    f"the AMF serves TAC {at.value[1]}, which no gNB of the tree broadcasts "
                    f"(gNBs at {facts.gnbs[0].where})",
                    at.where,
                    "fine for a gNB outside this tree; otherwise check the gNBs' tac",
                )


def _slices(facts: Facts) -> Iterator[Diagnostic]:
    """AMF ⊇ NSSF ⊇ gNB ⊇ UE requested; subscribed slices ⊆ AMF; an SMF serves every AMF slice."""
    amf = {at.value[1]: at for a in facts.amfs for at in a.slices}  # where: the last one written
    nssf = {at[0]: at for at in facts.nssf_slices}  # (its Location made for a message only)
    smf = {at.value[0] for m in facts.smfs for at in m.slices}
    amf_where = _where(facts.amfs[0].slices, facts.amfs[0].where)
    for value, where in nssf.items():
        yield from _not_in(value, where, "the NSSF's", amf, "the AMF's", amf_where)
    upper, upper_name = (nssf, "the NSSF's") if nssf else (amf, "the AMF's")
    upper_where = facts.nssf_slices[0].where if nssf else amf_where
    for gnb in facts.gnbs:
        for at in gnb.slices:
            if at.value not in upper:  # (the test first: a generator for every slice costs)
                yield from _not_in(at.value, at, f"gNB {gnb.name}'s", upper, upper_name, upper_where)
    for value, first in amf.items():
        if value not in smf:
            where = first.where
            yield error(
                "N5G806",
                f"no SMF serves the AMF's S-NSSAI {show_snssai(value)} "
                f"(SMFs at {_where([a for m in facts.smfs for a in m.slices], where)})",
                where,
                "every S-NSSAI the AMF offers needs an SMF whose info lists it",
            )
    by_host = _gnbs_by_host(facts)
    # UEs searching the same gNB names share what those gNBs offer: (offered, gNBs, their slices)
    offers: dict[tuple[str, ...], tuple[dict[Snssai, None], list[Gnb], list[At]]] = {}
    for ue in facts.ues:
        hosts = tuple([at[0] for at in ue.gnbs])
        if hosts not in offers:
            gnbs = _ue_gnbs(facts, by_host, ue.gnbs)
            slices = [at for g in gnbs for at in g.slices]
            offers[hosts] = (dict.fromkeys([at[0] for at in slices]), gnbs, slices)
        offered = offers[hosts][0]
        for at in ue.slices:
            if at[0] not in offered:
                _, gnbs, slices = offers[hosts]
                where = slices[0].where if slices else (gnbs[0].where if gnbs else ue.where)
                yield from _not_in(at.value, at, f"UE {ue.name}'s", offered, "its gNBs'", where)
    for group in facts.subscribers:
        for at in group.slices:
            if at.value[0] in amf:
                continue
            yield from _not_in(
                at.value[0], at, f"subscriber group {group.name}'s", amf, "the AMF's", amf_where
            )


def _gnbs_by_host(facts: Facts) -> dict[str, list[int]]:
    """The gNBs (their indexes) by each name UEs may reach them by."""
    by_host: dict[str, list[int]] = {}
    for index, gnb in enumerate(facts.gnbs):
        for host in gnb.hosts:
            by_host.setdefault(host, []).append(index)
    return by_host


def _ue_gnbs(facts: Facts, by_host: dict[str, list[int]], hosts: list[At]) -> list[Gnb]:
    """The gNBs a UE searches (by the Service names in gnbSearchList); all gNBs when none resolve.
    A host `<gnb host>.<anything>` names that gNB: each of its prefixes up to a dot is looked up."""
    found: set[int] = set()
    for host in hosts:
        name = host.value
        dot = name.find(".")
        while dot >= 0:
            found.update(by_host.get(name[:dot], ()))
            dot = name.find(".", dot + 1)
    return [facts.gnbs[i] for i in sorted(found)] if found else facts.gnbs


def _not_in(
    value: Snssai,
    where: Location | At,
    who: str,
    upper: Mapping[Snssai, Location | None],
    upper_name: str,
    upper_where: Location,
) -> Iterator[Diagnostic]:
    if value in upper:
        return
    where = where.where if isinstance(where, At) else where
    offered = ", ".join(show_snssai(s) for s in upper) or "none"
    yield error(
        "N5G805",
        f"{who} S-NSSAI {show_snssai(value)} is not among {upper_name} ({upper_where}: {offered})",
        where,
        "AMF ⊇ NSSF ⊇ gNB ⊇ UE ⊇ subscribed S-NSSAIs must hold; SDs compare as hex, case-insensitively",
    )


def _sessions(facts: Facts) -> Iterator[Diagnostic]:
    """Every subscribed (S-NSSAI, DNN) has an SMF with that DNN and a session pool for it; every UE
    session is subscribed."""
    smfs_of: dict[Snssai, list[Smf]] = {}
    listed: set[tuple[Snssai, str]] = set()  # (S-NSSAI, DNN) an SMF of the slice lists in its info
    pooled: set[tuple[Snssai, str]] = set()  # (S-NSSAI, DNN) an SMF of the slice has a pool for
    for smf in facts.smfs:
        for s in smf.slices:
            value, dnns = s[0]
            smfs_of.setdefault(value, []).append(smf)
            for dnn in dnns:
                listed.add((value, dnn))
            for pool in smf.pools:
                pooled.add((value, pool[0][0]))
    unserved: dict[tuple[Snssai, frozenset[str]], list[str]] = {}  # -> its DNNs missing either
    for group in facts.subscribers:
        for at in group.slices:
            value, dnns = at[0]
            if at[0] not in unserved:  # (groups subscribe to the same few (S-NSSAI, DNNs))
                unserved[at[0]] = [
                    d for d in sorted(dnns) if (value, d) not in listed or (value, d) not in pooled
                ]
            for dnn in unserved[at[0]]:
                smfs = smfs_of.get(value, [])
                smf_where = (
                    smfs[0].where if smfs else _where([a for m in facts.smfs for a in m.slices], at.where)
                )
                yield error(
                    "N5G807",
                    f"subscriber group {group.name}: DNN {dnn} of S-NSSAI "
                    f"{show_snssai(value)} has no session pool in an SMF of that slice ({smf_where})",
                    at.where,
                    "the slice's SMF must list the DNN in its info and hold a session pool for it",
                )
    subscriptions: dict[int, set[tuple[str, Snssai]]] = {}  # (DNN, S-NSSAI) of each group (by id)
    for ue in facts.ues:
        group = _group_of(facts, ue.supi[0] if ue.supi else "")
        if group is None or not ue.sessions:
            continue
        subscribed = subscriptions.get(id(group))
        if subscribed is None:
            subscribed = {(dnn, s) for at in group.slices for s in [at[0][0]] for dnn in at[0][1]}
            subscriptions[id(group)] = subscribed
        for at in ue.sessions:
            if at[0] not in subscribed:
                dnn, value = at.value
                yield error(
                    "N5G807",
                    f"UE {ue.name} asks for DNN {dnn} on S-NSSAI {show_snssai(value)}, "
                    f"which subscriber group {group.name} ({group.where}) is not subscribed to",
                    at.where,
                    "a UE's sessions must be among its subscriber's slices and DNNs",
                )
        configured = {c[0] for c in ue.configured}
        for at in ue.sessions:
            if ue.configured and at[0][1] not in configured:
                yield error(
                    "N5G805",
                    f"UE {ue.name} session S-NSSAI {show_snssai(at.value[1])} is not in its "
                    f"configured-nssai ({ue.configured[0].where})",
                    at.where,
                    "the UE config's sessions, configured-nssai and default-nssai must agree",
                )


def _group_of(facts: Facts, supi: str) -> SubscriberGroup | None:
    """The subscriber group whose IMSI range holds a SUPI.

    The group with the greatest first IMSI not above it is the answer whenever ranges do not
    overlap (found by bisection); only when it does not hold the IMSI are all groups searched.
    """
    if supi in facts.groups_of:
        return facts.groups_of[supi]
    facts.groups_of[supi] = group = _find_group(facts, supi)
    return group


def _find_group(facts: Facts, supi: str) -> SubscriberGroup | None:
    imsi = supi.removeprefix("imsi-")
    if facts.imsi_index is None:
        facts.imsi_index = sorted((len(g.first), g.first, i) for i, g in enumerate(facts.subscribers))
        # the group bisection finds for an IMSI that is a group's first (the last such group)
        facts.first_of = {g.first: g for g in facts.subscribers}
    group = facts.first_of.get(imsi)  # (most SUPIs are a group's first: a UE's configured one)
    if group is not None and _holds(group, imsi):
        return group
    index = bisect.bisect_right(facts.imsi_index, (len(imsi), imsi, len(facts.subscribers))) - 1
    if index >= 0 and _holds(group := facts.subscribers[facts.imsi_index[index][2]], imsi):
        return group
    return next((group for group in facts.subscribers if _holds(group, imsi)), None)


def _holds(group: SubscriberGroup, imsi: str) -> bool:
    return len(group.first) == len(imsi) == len(group.last) and group.first <= imsi <= group.last


def _pools(facts: Facts) -> Iterator[Diagnostic]:
    """SMF pools pairwise disjoint; each pool routed by a PFCP peer UPF with the DNN and a covering subnet."""
    pools = sorted(((m, at) for m in facts.smfs for at in m.pools), key=_pool_span)
    widest: tuple[Smf, At] | None = None  # of the pools so far, the one reaching furthest
    for smf, at in pools:
        if widest is not None and _overlap(widest[1][0][1], at[0][1]):
            other_smf, other = widest
            yield error(
                "N5G809",
                f"SMF {smf.name} pool {at.value[1]} ({at.value[0]}) overlaps SMF {other_smf.name} "
                f"pool {other.value[1]} ({other.value[0]}) at {other.where}",
                at.where,
                "UE pools must be pairwise disjoint (IPv4 and IPv6)",
            )
        if widest is None or at[0][1][3] > widest[1][0][1][3] or at[0][1][1] != widest[1][0][1][1]:
            widest = (smf, at)  # (a further last address, or another IP version)
    upfs = {u.name: u for u in facts.upfs}
    for smf in facts.smfs:
        if not smf.pools:
            continue
        peers = [upfs[n] for at in smf.upfs for n in _upf_names(at[0]) if n in upfs]
        for at in smf.pools:
            dnn, pool = at[0]
            routes = [r for u in peers for r in u.routes if r[0][0] == dnn]
            if not any(pool.subnet_of(r[0][1]) for r in routes):  # (of the same IP version)
                other = (
                    routes[0].where if routes else (peers[0].where if peers else _where(smf.upfs, smf.where))
                )
                yield error(
                    "N5G808",
                    f"SMF {smf.name} pool {pool} for DNN {dnn} is routed by none of its UPFs ({other})",
                    at.where,
                    "a UPF the SMF peers with must hold a session subnet for the DNN that covers the pool",
                )


def _pool_span(pool: tuple[Smf, At]) -> tuple[int, int, int]:
    """(IP version, first address, last address) of an SMF's pool."""
    return pool[1][0][1][1:]  # type: ignore[no-any-return]  # (a Network is (text, version, first, last))


def _overlap(a: Network, b: Network) -> bool:
    return a[1] == b[1] and b[2] <= a[3]  # (same version, b starts before a ends)


def _upf_names(host: str) -> tuple[str, str]:
    """The names a UPF may have from its PFCP address: its fullname (`<fullname>-pfcp.<ns>.svc...`, NSM
    `<fullname>.<service>`), or `<service>.<ns>` (OAI: every UPF's Service is `oai-upf`)."""
    first = host.split(".", 1)[0]
    return first.removesuffix("-pfcp"), ".".join(host.split(".")[:2])


def _imsis(facts: Facts) -> Iterator[Diagnostic]:
    """Every provisioned IMSI and every UE SUPI starts with an AMF PLMN (MCC + MNC, MNC length kept)."""
    served = _amf_plmns(facts)
    prefixes = tuple({mcc + mnc for mcc, mnc in served})
    for group in facts.subscribers:
        for imsi in (group.first, group.last):
            if len(imsi) != 15 or not imsi.startswith(prefixes):
                amf_where = _where(facts.amfs[0].plmns, facts.amfs[0].where)
                shown = ", ".join(map(show_plmn, served))
                yield error(
                    "N5G804",
                    f"subscriber group {group.name}: IMSI {imsi} is not in the AMF's PLMN "
                    f"({amf_where} serves {shown})",
                    group.where,
                    "an IMSI is MCC + MNC + MSIN, 15 digits, with the MNC written as long as the AMF's",
                )
    for ue in facts.ues:
        if ue.supi is None:
            continue
        imsi = ue.supi[0].removeprefix("imsi-")
        own = ue.plmn[0][0] + ue.plmn[0][1] if ue.plmn else None
        if own is not None and not imsi.startswith(own):
            yield error(
                "N5G804",
                f"UE {ue.name} SUPI {ue.supi.value} does not start with its own PLMN "
                f"{show_plmn(ue.plmn.value)} ({ue.plmn.where})",
                ue.supi.where,
                "the SUPI of a UE is imsi-<MCC><MNC><MSIN>",
            )
        elif facts.subscribers and _group_of(facts, ue.supi.value) is None:
            yield error(
                "N5G804",
                f"UE {ue.name} SUPI {ue.supi.value} is not provisioned "
                f"(subscriber groups at {facts.subscribers[0].where})",
                ue.supi.where,
                "every simulated UE's IMSI must fall in a provisioned subscriber group",
            )
        elif ue.count > 1 and facts.subscribers:
            last = str(int(imsi) + ue.count - 1).rjust(len(imsi), "0")
            first_group = _group_of(facts, ue.supi[0])  # (known: the branch above asked)
            if (
                not (first_group is not None and _holds(first_group, last))
                and _group_of(facts, "imsi-" + last) is None
            ):
                yield error(
                    "N5G804",
                    f"UE {ue.name} runs {ue.count} UEs up to IMSI {last}, which is not "
                    f"provisioned (subscriber groups at {facts.subscribers[0].where})",
                    ue.supi.where,
                    "nr-ue -n N counts SUPIs up from the config's: all N must be provisioned",
                )
