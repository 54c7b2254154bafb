"""The Network intent, v1alpha1 (../shared/design/INTENT.md): field names there are a contract.

Stage 2, model: plain data in, a validated, immutable `Network` out. Every object is a frozen
dataclass (n5gc.model.fields): unknown fields are errors, types are not coerced, and only the
camelCase names of INTENT.md are accepted (as the JSON Schema says), no snake_case twins.
Only structure and
single-field formats are checked here; rules that relate fields to each other live in
`n5gc.checks` so that all of them report at once with precise positions.
"""

from typing import Literal

from n5gc.model.fields import Field, intent_model
from n5gc.model.types import (
    AgeRecipient,
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
from n5gc.products import open5gs

API_VERSION = "n5gc.io/v1alpha1"


@intent_model()
class Metadata:
    name: Name = Field(
        description='network name, a DNS-1123 label (lowercase, digits, "-", at most 63); prefixes '
        'generated names, e.g. "lab"'
    )
    labels: dict[str, str] = Field(
        default_factory=dict,
        description='extra Kubernetes labels put on every generated object, e.g. {"team": "ran"}',
    )


@intent_model()
class Plmn:
    mcc: Mcc = Field(description='mobile country code: 3 digits as a string, e.g. "001"')
    mnc: Mnc = Field(description='mobile network code: 2 or 3 digits as a string; "01" and "001" differ')


@intent_model()
class AmfId:
    region: int = Field(2, ge=0, le=255, description="AMF region id of the GUAMI, 8 bits (0-255), e.g. 2")
    set: int = Field(1, ge=0, le=1023, description="AMF set id of the GUAMI, 10 bits (0-1023), e.g. 1")
    pointer: int = Field(0, ge=0, le=63, description="AMF pointer of the GUAMI, 6 bits (0-63), e.g. 0")


@intent_model()
class Cluster:
    name: ClusterName = Field(
        description='cluster name as Argo CD / kubeconfig / Liqo know it (a label value), e.g. "edge-1"'
    )
    server: ServerUrl | None = Field(
        None, description="the cluster's API server URL (https://), e.g. https://10.0.0.1:6443"
    )


@intent_model()
class Site:
    name: Name = Field(
        description='site name, a DNS-1123 label referenced by core.site, ran[].site, e.g. "edge"'
    )
    cluster: Cluster | None = Field(
        None, description="the Kubernetes cluster of this site (name, API server)"
    )
    pod_cidr: Subnet | None = Field(
        None, description="the cluster's pod CIDR, used for overlap checks, e.g. 10.244.0.0/16"
    )
    service_cidr: Subnet | None = Field(
        None, description="the cluster's service CIDR, used for overlap checks, e.g. 10.96.0.0/12"
    )
    cluster_domain: DnsDomain = Field(
        "cluster.local", description='DNS domain of the cluster\'s Services, e.g. "cluster.local"'
    )


@intent_model()
class Chart:
    repo: ChartRepo = Field(
        open5gs.CHART_REPO, description="Helm repository (https:// or oci://) of the Gradiant 5G charts"
    )
    version: ChartVersion = Field(
        open5gs.CHART_VERSION,
        description='version of the open5gs (umbrella) chart, a quoted semantic version, e.g. "2.3.4"',
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


@intent_model()
class N2Exposure:
    service: Literal["ClusterIP", "NodePort", "LoadBalancer"] = Field(
        "ClusterIP", description="Service type exposing the AMF's NGAP (SCTP 38412)"
    )
    node_port: int | None = Field(
        None,
        ge=30000,
        le=32767,
        description="fixed NodePort (30000-32767) when service is NodePort, e.g. 30412",
    )


@intent_model()
class Core:
    flavor: Literal["open5gs", "oai"] = Field(
        "open5gs",
        description="5G core implementation: open5gs (Gradiant charts) or oai "
        "(OpenAirInterface 5G Core, charts v2.1.0)",
    )
    site: Name | None = Field(None, description='control-plane site, e.g. "central"; default: the only site')
    chart: Chart = Field(default_factory=Chart, description="Helm chart (repository, versions) of the core")
    n2: N2Exposure = Field(default_factory=N2Exposure, description="how gNBs reach the AMF (N2/NGAP)")


@intent_model()
class UserPlane:
    site: Name | None = Field(
        None, description='site where this slice\'s UPFs run, e.g. "edge"; default: core.site'
    )
    instances: int = Field(
        1, ge=1, le=16, description="number of UPFs of this slice (1-16), each its own Helm release"
    )


@intent_model()
class Dnn:
    name: Name = Field(description='data network name (APN), a DNS-1123 label, e.g. "internet"')
    subnet: Subnet = Field(description="UE address pool of this DNN, e.g. 10.45.0.0/16")
    gateway: IpAddress | None = Field(
        None, description="UPF address in the pool, e.g. 10.45.0.1; default: the first host"
    )
    dns: list[IpAddress] = Field(
        default_factory=list, description="DNS server addresses given to UEs, e.g. [8.8.8.8]"
    )
    mtu: int | None = Field(
        None, ge=1280, le=9000, description="MTU in bytes (1280-9000) given to UEs, e.g. 1400"
    )


@intent_model()
class Ambr:
    uplink: str = Field(
        pattern=r"^[0-9]+ ?(bps|Kbps|Mbps|Gbps|Tbps)$",
        description='uplink session AMBR, a number and a unit, e.g. "200 Mbps"',
    )
    downlink: str = Field(
        pattern=r"^[0-9]+ ?(bps|Kbps|Mbps|Gbps|Tbps)$",
        description='downlink session AMBR, a number and a unit, e.g. "500 Mbps"',
    )


@intent_model()
class Qos:
    five_qi: int = Field(
        9,
        alias="fiveQi",
        ge=1,
        le=255,
        description="5QI of the default QoS flow (1-255), e.g. 9 (best effort)",
    )
    arp: int = Field(8, ge=1, le=15, description="ARP priority level (1-15, 1 highest), e.g. 8")
    ambr: Ambr | None = Field(None, description="session aggregate maximum bit rates (uplink, downlink)")


@intent_model()
class Slice:
    name: Name = Field(
        description='slice name, a DNS-1123 label referenced by gNBs and subscribers, e.g. "embb"'
    )
    sst: int = Field(ge=0, le=255, description="slice/service type (0-255): 1 eMBB, 2 URLLC, 3 MIoT, 4 V2X")
    sd: Sd | None = Field(
        None, description='slice differentiator: 6 hex digits as a string, 0x prefix allowed, e.g. "000001"'
    )
    user_plane: UserPlane = Field(
        default_factory=UserPlane, description="where and how many UPFs serve this slice"
    )
    dnns: list[Dnn] = Field(min_length=1, description="data networks of this slice (at least one)")
    qos: Qos | None = Field(None, description="default QoS of the slice's sessions (5QI, ARP, AMBR)")


@intent_model()
class Cell:
    nci: Nci = Field(
        description='NR cell identity, 36 bits (gNB id + cell id), hex string or number, e.g. "0x000000010"'
    )
    pci: int = Field(ge=0, le=1007, description="physical cell id (0-1007), e.g. 1")
    band: str | int = Field(description='NR operating band, e.g. "n78" or 78')
    bandwidth_mhz: int = Field(alias="bandwidthMHz", ge=1, description="channel bandwidth in MHz, e.g. 20")
    scs_khz: int = Field(alias="scsKHz", description="subcarrier spacing in kHz, e.g. 30")
    center_mhz: float | None = Field(
        None, alias="centerMHz", description="carrier centre frequency in MHz, e.g. 3500.01; or give arfcn"
    )
    arfcn: int | None = Field(
        None,
        ge=0,
        le=3279165,
        description="carrier centre as NR-ARFCN (0-3279165), e.g. 633334; or give centerMHz",
    )


@intent_model()
class SplitPart:
    site: Name = Field(description='site this part of the gNB runs at, e.g. "edge"')


@intent_model()
class Gnb:
    name: Name = Field(description='gNB name, a DNS-1123 label, e.g. "gnb-1"')
    site: Name | None = Field(None, description='site the gNB runs at, e.g. "edge"; default: core.site')
    type: Literal["ueransim", "srsran", "oai"] = Field("ueransim", description="gNB implementation")
    tac: Tac | None = Field(
        None, description="tracking area code of its cells (0-16777215); default: spec.tac"
    )
    id_length: int = Field(
        32, ge=22, le=32, description="gNB id length in bits (22-32; NCI = gNB id + cell id), e.g. 32"
    )
    slices: list[Name] = Field(
        min_length=1, description='names of the slices this gNB announces, e.g. ["embb"]'
    )
    cells: list[Cell] = Field(
        default_factory=list, description="radio cells (NCI, PCI, band, carrier) of this gNB"
    )
    split: Literal["none", "f1"] = Field(
        "none", description="functional split: none, or f1 (CU and DU apart)"
    )
    cu: SplitPart | None = Field(None, description="where the CU runs when split is f1")
    du: SplitPart | None = Field(None, description="where the DU runs when split is f1")


@intent_model()
class ImsiRange:
    first: Imsi = Field(
        description='first IMSI of the range, 15 digits (MCC + MNC + MSIN), e.g. "001010000000001"'
    )
    count: int = Field(ge=1, le=1_000_000, description="number of consecutive IMSIs (1-1000000), e.g. 2")


@intent_model()
class Subscription:
    slice: Name = Field(description='name of a slice the group may use, e.g. "embb"')
    dnns: list[Name] = Field(min_length=1, description='names of DNNs of that slice, e.g. ["internet"]')


@intent_model()
class Simulate:
    gnb: Name = Field(description='gNB the simulated UEs attach to, e.g. "gnb-1"')


@intent_model()
class SubscriberGroup:
    name: Name = Field(description='subscriber group name, a DNS-1123 label, e.g. "lab-ues"')
    imsi: ImsiRange = Field(description="the IMSIs of the group: first and count")
    slices: list[Subscription] = Field(min_length=1, description="slices and DNNs the group subscribes to")
    credentials: Name = Field(description='name of a K/OPc entry in the secrets file, e.g. "lab-keys"')
    simulate: Simulate | None = Field(None, description="run the group as simulated UEs (UERANSIM) on a gNB")


@intent_model()
class LiqoOptions:
    peering: Literal["OutOfBand", "InBand"] = Field("OutOfBand", description="Liqo peering mode")
    home: Name | None = Field(
        None,
        description='site whose cluster GitOps applies to (Liqo home), e.g. "central"; default: core.site',
    )
    pod_offloading_strategy: Literal["Local", "Remote", "LocalAndRemote"] = Field(
        "LocalAndRemote", description="Liqo NamespaceOffloading podOffloadingStrategy"
    )
    namespace_mapping_strategy: Literal["DefaultName", "EnforceSameName"] = Field(
        "EnforceSameName", description="Liqo NamespaceOffloading namespaceMappingStrategy"
    )


@intent_model()
class NsmOptions:
    mtu: int = Field(
        1500, ge=1280, le=9000, description="MTU in bytes (1280-9000) of NSM interfaces, e.g. 1500"
    )
    interfaces: list[Literal["n2", "n3", "n4", "n6", "n9", "sbi", "f1"]] = Field(
        default_factory=list, description='5G interfaces carried over NSM, e.g. ["n2", "n3"]'
    )


@intent_model()
class Multicluster:
    engine: Literal["none", "liqo", "nsm"] = Field(
        "none", description="how sites are joined: none, liqo or nsm"
    )
    liqo: LiqoOptions | None = Field(None, description="Liqo options when engine is liqo")
    nsm: NsmOptions | None = Field(None, description="Network Service Mesh options when engine is nsm")


@intent_model()
class GitRepo:
    url: GitUrl = Field(description="the Git repository Argo CD / Flux clone (https://, http://, ssh://)")
    revision: Revision = Field("main", description="branch, full ref name (refs/tags/v1) or full commit SHA")
    path: RepoPath | None = Field(
        None,
        description="folder of the compiled tree inside the repository; default: the output "
        "folder's path relative to the repository root",
    )


@intent_model()
class Gitops:
    engine: Literal["argocd", "flux"] = Field("argocd", description="GitOps engine: argocd or flux")
    repo: GitRepo = Field(description="the Git repository holding the compiled tree")
    namespace: Name | None = Field(
        None, description='namespace of the GitOps objects, e.g. "argocd"; default per engine'
    )


@intent_model()
class SmokeTest:
    subscribers: Name = Field(
        description="subscriber group whose IMSIs the post-deploy smoke test Jobs use (one per slice x DNN)"
    )


@intent_model()
class Sops:
    age: list[AgeRecipient] = Field(
        min_length=1,
        description="age public keys (age1...) that can decrypt the Secrets holding subscriber keys; "
        "each recipient's private key opens every encrypted file, e.g. the cluster's Flux/Argo CD key "
        "and an operator's",
    )


@intent_model()
class Encryption:
    sops: Sops = Field(description="SOPS encryption of key-bearing Secrets (age recipients)")


@intent_model()
class Spec:
    plmn: Plmn = Field(description="the network's PLMN id (MCC + MNC)")
    tac: Tac = Field(1, description="default tracking area code (0-16777215, 24 bits), e.g. 1")
    amf: AmfId = Field(default_factory=AmfId, description="AMF id of the GUAMI (region, set, pointer)")
    sites: list[Site] = Field(min_length=1, description="sites (Kubernetes clusters) the network runs on")
    core: Core = Field(default_factory=Core, description="the 5G core: site, chart, N2 exposure")
    slices: list[Slice] = Field(min_length=1, description="network slices (S-NSSAI, DNNs, user plane, QoS)")
    ran: list[Gnb] = Field(default_factory=list, description="gNBs of the radio access network")
    subscribers: list[SubscriberGroup] = Field(
        default_factory=list, description="subscriber groups (IMSI ranges)"
    )
    multicluster: Multicluster = Field(default_factory=Multicluster, description="how sites are joined")
    gitops: Gitops | None = Field(None, description="Argo CD / Flux objects that deploy the compiled tree")
    smoke_test: SmokeTest | None = Field(
        None, description="optional: one post-deploy test Job per slice x DNN (attach, pool, gateway, MTU)"
    )
    encryption: Encryption | None = Field(
        None,
        description="optional: write every Secret holding key material SOPS-encrypted for these age "
        "recipients (Flux decrypts natively, Argo CD through KSOPS); without it keys are plain text (N5G209)",
    )


@intent_model(title="n5gc Network intent (n5gc.io/v1alpha1)")
class Network:
    """A 5G network intent (kind: Network)."""

    api_version: Literal["n5gc.io/v1alpha1"] = Field(
        alias="apiVersion", description="always n5gc.io/v1alpha1"
    )
    kind: Literal["Network"] = Field(description="always Network")
    metadata: Metadata = Field(description="name and labels of the network")
    spec: Spec = Field(description="the network: PLMN, sites, core, slices, RAN, subscribers")
