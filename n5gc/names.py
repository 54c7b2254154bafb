"""How n5gc names what it generates: namespaces, Helm releases, Service fullnames.

One place decides every name (the planner calls these functions; the name-length check calls
`generated_names`), so a renderer never invents a name and two targets never disagree on one.
Standalone releases set `fullnameOverride`, umbrella NFs `<alias>.fullnameOverride`, so the
Bitnami fullname rule never has to be guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from n5gc.model.network import Network

# The umbrella chart's 5G control-plane NFs (Chart.yaml aliases), besides MongoDB.
CONTROL_PLANE_NFS = ("nrf", "scp", "amf", "ausf", "udm", "udr", "pcf", "bsf", "nssf", "webui")


class NameLimits:
    """Length limits: DNS-1123 labels (63) for namespaces and Services, Helm's 53 for releases."""

    LIMITS: ClassVar[dict[str, int]] = {"namespace": 63, "release": 53, "service": 63, "object": 63}

    @classmethod
    def for_kind(cls, kind: str) -> int:
        return cls.LIMITS[kind]


def core_namespace(network: str) -> str:
    return f"{network}-core"


def core_release(network: str) -> str:
    return f"{network}-core"


def core_nf_fullname(network: str, nf: str) -> str:
    """Fullname of a control-plane NF (and MongoDB) of the umbrella release."""
    return f"{network}-{nf}"


def slice_namespace(network: str, slice_name: str) -> str:
    return f"{network}-{slice_name}"


def smf_release(network: str, slice_name: str) -> str:
    return f"{network}-{slice_name}-smf"


def upf_release(network: str, slice_name: str, instance: int) -> str:
    """UPF releases are numbered from 1: each instance is its own release and PFCP peer."""
    return f"{network}-{slice_name}-upf{instance}"


def ran_namespace(network: str) -> str:
    return f"{network}-ran"


def gnb_name(network: str, gnb: str) -> str:
    return f"{network}-{gnb}"


def ue_group_name(network: str, group: str) -> str:
    return f"{network}-{group}-ues"


def provisioning_name(network: str) -> str:
    return f"{network}-subscribers"


def service_dns(service: str, namespace: str, cluster_domain: str) -> str:
    return f"{service}.{namespace}.svc.{cluster_domain}"


@dataclass(frozen=True)
class GeneratedName:
    kind: str
    name: str
    owner: str
    path: tuple[str | int, ...]


def generated_names(network: Network) -> Iterator[GeneratedName]:
    """Every generated name with the intent path it derives from (for the N5G311 length check)."""
    net = network.metadata.name
    meta = ("metadata", "name")
    yield GeneratedName("namespace", core_namespace(net), "", meta)
    yield GeneratedName("namespace", ran_namespace(net), "", meta)
    yield GeneratedName("service", core_nf_fullname(net, "mongodb") + "-headless", "", meta)
    for nf in CONTROL_PLANE_NFS:
        yield GeneratedName("service", core_nf_fullname(net, nf) + "-sbi", "", meta)
    for i, s in enumerate(network.spec.slices):
        path = ("spec", "slices", i, "name")
        owner = f'slice "{s.name}": '
        yield GeneratedName("namespace", slice_namespace(net, s.name), owner, path)
        yield GeneratedName("release", smf_release(net, s.name), owner, path)
        yield GeneratedName("service", smf_release(net, s.name) + "-pfcp", owner, path)
        last = upf_release(net, s.name, s.user_plane.instances)
        yield GeneratedName("release", last, owner, path)
        yield GeneratedName("service", last + "-pfcp", owner, path)
    for i, g in enumerate(network.spec.ran):
        yield GeneratedName(
            "object", gnb_name(net, g.name) + "-cu", f'gNB "{g.name}": ', ("spec", "ran", i, "name")
        )
    for i, group in enumerate(network.spec.subscribers):
        yield GeneratedName(
            "object",
            ue_group_name(net, group.name),
            f'subscriber group "{group.name}": ',
            ("spec", "subscribers", i, "name"),
        )
