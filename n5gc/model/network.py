"""The Network intent, v1alpha1 (../shared/design/INTENT.md): field names there are a contract.

Stage 2, model: plain data in, a validated, immutable `Network` out. Only structure and
single-field formats are checked here; rules that relate fields to each other live in
`n5gc.checks` so that all of them report at once with precise positions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from n5gc.model.types import (
    ChartRepo,
    ChartVersion,
    ClusterName,
    DnsDomain,
    GitUrl,
    Imsi,
    IpAddress,
    Mcc,
    Mnc,
    Name,
    Nci,
    RepoPath,
    Revision,
    Sd,
    ServerUrl,
    Subnet,
    Tac,
)

API_VERSION = "n5gc.io/v1alpha1"
DEFAULT_CHART_REPO = "https://gradiant.github.io/5g-charts"
DEFAULT_CHART_VERSION = "2.3.4"
# Versions of the standalone charts that an umbrella release depends on (its Chart.yaml).
STANDALONE_CHART_VERSIONS = {"2.3.4": {"open5gs-smf": "2.3.1", "open5gs-upf": "2.3.2"}}


class Strict(BaseModel):
    """Base of every intent object: unknown fields are errors, types are not coerced."""

    # Only the camelCase names of INTENT.md are accepted (as the JSON Schema says): no snake_case twins.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, alias_generator=to_camel, populate_by_name=False
    )


class Metadata(Strict):
    name: Name = Field(description="DNS-1123 label; prefixes generated names")
    labels: dict[str, str] = Field(default_factory=dict, description="extra labels put on every object")


class Plmn(Strict):
    mcc: Mcc = Field(description='mobile country code: 3 digits as a string, e.g. "001"')
    mnc: Mnc = Field(description='mobile network code: 2 or 3 digits as a string; "01" and "001" differ')


class AmfId(Strict):
    region: int = Field(2, ge=0, le=255, description="AMF region id (GUAMI), 8 bits")
    set: int = Field(1, ge=0, le=1023, description="AMF set id (GUAMI), 10 bits")
    pointer: int = Field(0, ge=0, le=63, description="AMF pointer (GUAMI), 6 bits")


class Cluster(Strict):
    name: ClusterName = Field(description="cluster name as Argo CD / kubeconfig / Liqo know it")
    server: ServerUrl | None = Field(None, description="API server URL (https://)")


class Site(Strict):
    name: Name
    cluster: Cluster | None = Field(None, description="the Kubernetes cluster of this site")
    pod_cidr: Subnet | None = Field(None, description="pod CIDR, used for overlap checks")
    service_cidr: Subnet | None = Field(None, description="service CIDR, used for overlap checks")
    cluster_domain: DnsDomain = Field("cluster.local", description="DNS domain of the cluster's Services")


class Chart(Strict):
    repo: ChartRepo = Field(DEFAULT_CHART_REPO, description="Helm repository of the Gradiant 5G charts")
    version: ChartVersion = Field(
        DEFAULT_CHART_VERSION, description="version of the open5gs (umbrella) chart, a string"
    )
    smf_version: ChartVersion | None = Field(
        None,
        description="open5gs-smf chart version; default: the one the umbrella "
        "version ships (2.3.1 for 2.3.4), else the umbrella version",
    )
    upf_version: ChartVersion | None = Field(
        None,
        description="open5gs-upf chart version; default: the one the umbrella "
        "version ships (2.3.2 for 2.3.4), else the umbrella version",
    )


class N2Exposure(Strict):
    service: Literal["ClusterIP", "NodePort", "LoadBalancer"] = Field(
        "ClusterIP", description="Service type exposing the AMF's NGAP (SCTP 38412)"
    )
    node_port: int | None = Field(
        None, ge=30000, le=32767, description="fixed NodePort when service is NodePort"
    )


class Core(Strict):
    flavor: Literal["open5gs"] = "open5gs"
    site: Name | None = Field(None, description="control-plane site; default: the only site")
    chart: Chart = Field(default_factory=Chart)
    n2: N2Exposure = Field(default_factory=N2Exposure)


class UserPlane(Strict):
    site: Name | None = Field(None, description="where this slice's UPFs run; default: core.site")
    instances: int = Field(1, ge=1, le=16, description="UPFs of this slice, each its own release")


class Dnn(Strict):
    name: Name = Field(description="data network name (APN)")
    subnet: Subnet = Field(description="UE address pool")
    gateway: IpAddress | None = Field(None, description="UPF address in the pool; default: first host")
    dns: list[IpAddress] = Field(default_factory=list, description="DNS servers given to UEs")
    mtu: int | None = Field(None, ge=1280, le=9000, description="MTU given to UEs")


class Ambr(Strict):
    uplink: str = Field(pattern=r"^[0-9]+ ?(bps|Kbps|Mbps|Gbps|Tbps)$", description='e.g. "200 Mbps"')
    downlink: str = Field(pattern=r"^[0-9]+ ?(bps|Kbps|Mbps|Gbps|Tbps)$", description='e.g. "500 Mbps"')


class Qos(Strict):
    five_qi: int = Field(9, alias="fiveQi", ge=1, le=255, description="5QI of the default QoS flow")
    arp: int = Field(8, ge=1, le=15, description="ARP priority level")
    ambr: Ambr | None = None


class Slice(Strict):
    name: Name
    sst: int = Field(ge=0, le=255, description="slice/service type: 1 eMBB, 2 URLLC, 3 MIoT, 4 V2X")
    sd: Sd | None = Field(None, description='slice differentiator, 6 hex digits, e.g. "000001"')
    user_plane: UserPlane = Field(default_factory=UserPlane)
    dnns: list[Dnn] = Field(min_length=1)
    qos: Qos | None = None


class Cell(Strict):
    nci: Nci = Field(description='NR cell identity, 36 bits, e.g. "0x000000010"')
    pci: int = Field(ge=0, le=1007, description="physical cell id")
    band: str | int = Field(description='NR operating band, e.g. "n78"')
    bandwidth_mhz: int = Field(alias="bandwidthMHz", ge=1, description="channel bandwidth in MHz")
    scs_khz: int = Field(alias="scsKHz", description="subcarrier spacing in kHz")
    center_mhz: float | None = Field(None, alias="centerMHz", description="carrier centre frequency")
    arfcn: int | None = Field(None, ge=0, le=3279165, description="carrier centre as NR-ARFCN")


class SplitPart(Strict):
    site: Name


class Gnb(Strict):
    name: Name
    site: Name | None = Field(None, description="default: core.site")
    type: Literal["ueransim", "srsran", "oai"] = "ueransim"
    tac: Tac | None = Field(None, description="default: spec.tac")
    id_length: int = Field(32, ge=22, le=32, description="gNB id length in bits (NCI = gNB id + cell id)")
    slices: list[Name] = Field(min_length=1, description="slices this gNB announces")
    cells: list[Cell] = Field(default_factory=list)
    split: Literal["none", "f1"] = "none"
    cu: SplitPart | None = None
    du: SplitPart | None = None


class ImsiRange(Strict):
    first: Imsi
    count: int = Field(ge=1, le=1_000_000)


class Subscription(Strict):
    slice: Name
    dnns: list[Name] = Field(min_length=1)


class Simulate(Strict):
    gnb: Name


class SubscriberGroup(Strict):
    name: Name
    imsi: ImsiRange
    slices: list[Subscription] = Field(min_length=1)
    credentials: Name = Field(description="name of a K/OPc entry in the secrets input")
    simulate: Simulate | None = None


class LiqoOptions(Strict):
    peering: Literal["OutOfBand", "InBand"] = "OutOfBand"
    home: Name | None = Field(None, description="cluster GitOps applies to; default: core.site")
    pod_offloading_strategy: Literal["Local", "Remote", "LocalAndRemote"] = "LocalAndRemote"
    namespace_mapping_strategy: Literal["DefaultName", "EnforceSameName"] = "EnforceSameName"


class NsmOptions(Strict):
    mtu: int = Field(1500, ge=1280, le=9000)
    interfaces: list[Literal["n2", "n3", "n4", "n6", "n9", "sbi", "f1"]] = Field(default_factory=list)


class Multicluster(Strict):
    engine: Literal["none", "liqo", "nsm"] = "none"
    liqo: LiqoOptions | None = None
    nsm: NsmOptions | None = None


class GitRepo(Strict):
    url: GitUrl = Field(description="the Git repository Argo CD / Flux clone (https://, http://, ssh://)")
    revision: Revision = Field("main", description="branch, full ref name (refs/tags/v1) or full commit SHA")
    path: RepoPath | None = Field(
        None,
        description="folder of the compiled tree inside the repository; default: the output "
        "folder's path relative to the repository root",
    )


class Gitops(Strict):
    engine: Literal["argocd", "flux"] = "argocd"
    repo: GitRepo
    namespace: Name | None = Field(None, description="namespace of the GitOps objects; default per engine")


class SmokeTest(Strict):
    subscribers: Name = Field(
        description="subscriber group whose IMSIs the post-deploy smoke test Jobs use (one per slice x DNN)"
    )


class Spec(Strict):
    plmn: Plmn
    tac: Tac = Field(1, description="default tracking area code")
    amf: AmfId = Field(default_factory=AmfId)
    sites: list[Site] = Field(min_length=1)
    core: Core = Field(default_factory=Core)
    slices: list[Slice] = Field(min_length=1)
    ran: list[Gnb] = Field(default_factory=list)
    subscribers: list[SubscriberGroup] = Field(default_factory=list)
    multicluster: Multicluster = Field(default_factory=Multicluster)
    gitops: Gitops | None = None
    smoke_test: SmokeTest | None = Field(
        None, description="optional: one post-deploy test Job per slice x DNN (attach, pool, gateway, MTU)"
    )


class Network(Strict):
    """A 5G network intent (kind: Network)."""

    model_config = ConfigDict(title="n5gc Network intent (n5gc.io/v1alpha1)")

    api_version: Literal["n5gc.io/v1alpha1"] = Field(alias="apiVersion")
    kind: Literal["Network"]
    metadata: Metadata
    spec: Spec
