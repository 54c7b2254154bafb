"""OpenAirInterface 5G Core (oai-cn5g-fed, charts/oai-5g-core at tag v2.1.0): what n5gc deploys and how.

Facts from rendering the real charts (../shared/upstream/oai/oai-cn5g-fed/CHART-FACTS.md):

- Network configuration is not in Helm values. Every NF pod mounts the ConfigMap named by
  `global.coreNetworkConfigMap` and reads its `config.yaml` (one file for all NFs of a release), so
  n5gc writes that ConfigMap itself and points each release at it.
- Every Service, Deployment and ServiceAccount is named after the chart (`oai-amf`, never the
  release), so two instances of one NF cannot share a namespace: n5gc runs the control plane in the
  core namespace and one SMF + one UPF per slice in the slice's namespace.
- SBI is HTTP/2 with prior knowledge on port 80, NGAP 38412/SCTP on the AMF's ClusterIP Service,
  PFCP 8805/UDP, N3 2152/UDP, MySQL `mysql:3306` (database oai_db, user test, the mysql chart's
  Secret `<release>-mysql`, key `mysql-password`).
- The umbrella's `oai-5g-basic` holds mysql, NRF, UDR, UDM, AUSF, AMF, SMF, UPF, LMF and an iperf
  traffic server; n5gc switches off SMF, UPF (per-slice releases), LMF and the traffic server.
- The charts are not published in a Helm repository: they live in the Git repository below.
"""

from __future__ import annotations

from dataclasses import dataclass

from n5gc.products.packaging import ChartRequest, ChartSource, CoreRole, ServicePort, Transport

# Where the charts are: a Git repository (no Helm repository), its tag and the folder of the charts.
CHART_GIT_REPO = "https://github.com/OPENAIRINTERFACE/oai-cn5g-fed"
CHART_TAG = "v2.1.0"
CHART_COMMIT = "1a3d8d9af4225dadcee586cfd9988ba932cb47ec"
CHART_FOLDER = "charts/oai-5g-core"
IMAGE_VERSION = "v2.1.0"
IMAGE_REPOSITORY = "docker.io/oaisoftwarealliance"

UMBRELLA_CHART = "oai-5g-basic"
SMF_CHART = "oai-smf"
UPF_CHART = "oai-upf"
MYSQL_CHART = "mysql"

# The umbrella's dependencies (its `condition: <name>.enabled` keys), on and off as n5gc runs it.
UMBRELLA_ENABLED = ("mysql", "oai-nrf", "oai-udr", "oai-udm", "oai-ausf", "oai-amf")
UMBRELLA_DISABLED = ("oai-smf", "oai-upf", "oai-lmf", "oai-traffic-server")
# Control-plane NFs of the umbrella (each reads config.yaml at /openair-<nf>/etc).
CONTROL_PLANE_NFS = ("nrf", "udr", "udm", "ausf", "amf")

SBI_PORT = 80
NGAP_PORT = 38412
PFCP_PORT = 8805
GTPU_PORT = 2152
MYSQL_PORT = 3306
SBI_API_VERSION = "v1"
HTTP_VERSION = 2

MYSQL_SERVICE = "mysql"  # the mysql chart names its Service `mysql` whatever the release
DATABASE = "oai_db"
DATABASE_USER = "test"
# The mysql chart's Secret (`<release>-mysql`) and the key of the user's password in it.
MYSQL_PASSWORD_KEY = "mysql-password"
# The NFs read the database password from config.yaml in clear text: it is the chart's own default
# (values.yaml mysqlPassword), not a secret n5gc chooses; the provisioning Job reads it from the Secret.
DATABASE_PASSWORD = "test"
MYSQL_CLIENT_IMAGE = "docker.io/library/mysql:9.0.1"  # the server image the mysql chart runs

# 5G-AKA authentication subscription as OAI's sample SQL writes it.
AUTHENTICATION_METHOD = "5G_AKA"
ALGORITHM = "milenage"
INITIAL_SQN = "000000000000"
SQN_SCHEME = "NON_TIME_BASED"


@dataclass(frozen=True)
class Port:
    """One port of a Service a chart renders."""

    name: str
    port: int
    protocol: Transport


@dataclass(frozen=True)
class ChartService:
    """The Service a chart renders (its name is fixed by the chart, never the release's)."""

    chart: str
    service: str
    ports: tuple[Port, ...]


def _sbi(name: str = "http") -> Port:
    return Port(name, SBI_PORT, "TCP")


# What `helm template` of v2.1.0 renders (CHART-FACTS.md §3).
CHART_SERVICES: dict[str, ChartService] = {
    s.chart: s
    for s in (
        ChartService("oai-nrf", "oai-nrf", (_sbi(),)),
        ChartService("oai-udr", "oai-udr", (_sbi(),)),
        ChartService("oai-udm", "oai-udm", (_sbi("http1"),)),
        ChartService("oai-ausf", "oai-ausf", (_sbi(),)),
        ChartService("oai-amf", "oai-amf", (_sbi(), Port("sctp", NGAP_PORT, "SCTP"))),
        ChartService("oai-smf", "oai-smf", (Port("oai-smf", PFCP_PORT, "UDP"), _sbi())),
        ChartService(
            "oai-upf",
            "oai-upf",
            (Port("pfcp", PFCP_PORT, "UDP"), Port("gtp", GTPU_PORT, "UDP"), _sbi()),
        ),
        ChartService("oai-lmf", "oai-lmf", (_sbi(),)),
        ChartService("mysql", MYSQL_SERVICE, (Port("mysql", MYSQL_PORT, "TCP"),)),
    )
}


def service_of(chart: str) -> str:
    """The Service name a chart renders (fixed per chart)."""
    return CHART_SERVICES[chart].service


def umbrella_services(enabled: tuple[str, ...] = UMBRELLA_ENABLED) -> tuple[str, ...]:
    """The Services the umbrella renders with these dependencies enabled."""
    return tuple(CHART_SERVICES[c].service for c in enabled if c in CHART_SERVICES)


def image(nf: str) -> str:
    """The image repository of an NF (`nfimage.repository`), pinned to IMAGE_VERSION by the values."""
    return f"{IMAGE_REPOSITORY}/oai-{nf}"


def mysql_secret(core_release: str) -> str:
    """The mysql chart's Secret of a release (it follows the release name, unlike the Services)."""
    return f"{core_release}-mysql"


# --- How the plan's roles are packaged (n5gc.products.packaging) ---------------------------------

ROLE_CHARTS = {"core": UMBRELLA_CHART, "smf": SMF_CHART, "upf": UPF_CHART}
# Interface -> (port, protocol) of the Services the charts render (CHART_SERVICES).
INTERFACE_PORTS: dict[str, tuple[int, Transport]] = {
    "sbi": (SBI_PORT, "TCP"),
    "ngap": (NGAP_PORT, "SCTP"),
    "pfcp": (PFCP_PORT, "UDP"),
    "gtpu": (GTPU_PORT, "UDP"),
}
# Which NFs sit at the core end of an interface: no SCP, so NFs reach the NRF; the SMFs reach the AMF.
INTERFACE_NFS = {"n2": ("amf",), "sbi": ("nrf", "amf")}
# The one tun device the UPF's simple-switch data path creates for all its pools (config.yaml names
# none: n5gc does not configure it, the plan records it).
TUN_DEVICE = "tun0"


class OaiCnPackaging:
    """The plan's roles as the oai-5g-core charts package them: charts read from Git at the pinned
    tag, every Service named after its chart, SBI straight to the NRF (no SCP), MySQL."""

    flavor = "oai"
    nfs = (*CONTROL_PLANE_NFS, MYSQL_CHART)
    database = MYSQL_CHART
    sbi_entry = "nrf"  # no SCP: every NF reaches the NRF directly
    control_plane_title = "5GC control plane (OAI)"
    control_plane_summary = "AMF NRF AUSF UDM UDR MySQL"
    database_product = "MySQL"
    interface_nfs = INTERFACE_NFS
    config_maps = True  # every NF mounts the ConfigMap of `global.coreNetworkConfigMap`

    def chart(self, role: CoreRole, requested: ChartRequest) -> ChartSource:
        """The chart of `role` in the oai-cn5g-fed repository at CHART_TAG (check N5G252 keeps
        core.chart, Open5GS' repository and versions, away from this core)."""
        chart = ROLE_CHARTS[role]
        return ChartSource(
            CHART_GIT_REPO,
            chart,
            CHART_TAG,
            path=f"{CHART_FOLDER}/{chart}",
            commit=CHART_COMMIT,
            local_dependencies=chart == UMBRELLA_CHART,  # file://../oai-<nf> of the same folder
        )

    def service(self, role: str, interface: str) -> ServicePort:
        """The Service the role's chart renders (named after the chart) on the interface's port."""
        chart = ROLE_CHARTS.get(role, f"oai-{role}")
        port, protocol = INTERFACE_PORTS[interface]
        return ServicePort(interface, port, protocol, name=service_of(chart))

    def service_suffixes(self, role: str) -> tuple[str, ...]:
        """(): every Service is named after its chart (CHART_SERVICES), none by n5gc."""
        return ()

    def fullname(self, nf: str) -> str | None:
        """The chart's name: every object of an NF is named after its chart (`oai-amf`, `mysql`)."""
        return service_of(nf if nf == MYSQL_CHART else f"oai-{nf}")

    def database_uri(self, host: str) -> str:
        """mysql://<host>:3306/oai_db."""
        return f"mysql://{host}:{MYSQL_PORT}/{DATABASE}"

    def tun_device(self, position: int) -> str:
        """TUN_DEVICE for every DNN."""
        return TUN_DEVICE


PACKAGING = OaiCnPackaging()


# What n5gc can run on this core (checks N5G250-N5G255 refuse the rest, naming the reason).
MAX_UPFS_PER_SLICE = 1  # one `oai-upf` Service per namespace: a second UPF collides with the first
N2_SERVICE_TYPES = ("ClusterIP",)  # "service type is fixed to clusterIP" (the charts' values)
MULTICLUSTER_ENGINES = ("none",)  # the charts take nodeSelector only: no Liqo affinity, no NSM devices
MAX_SLICES_PER_SUBSCRIBER = 1  # SessionManagementSubscriptionData: one singleNssai per (UE, PLMN)
