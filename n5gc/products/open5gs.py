"""Open5GS (open5gs.org) as the Gradiant 5g-charts package it: charts, NFs, Services, ports, limits.

How the plan's roles are packaged (../shared/upstream/gradiant/5g-charts/charts):
- role "core" (NRF, SCP, AMF, AUSF, UDM, UDR, PCF, BSF, NSSF, the WebUI and MongoDB) is one release of
  the umbrella chart `open5gs`, whose Chart.yaml lists each NF as a dependency under an alias
  (`CONTROL_PLANE_NFS`, plus `DATABASE`);
- role "smf" and role "upf" are releases of the standalone charts `open5gs-smf` / `open5gs-upf`,
  one SMF per slice and one UPF per user-plane instance.

Each chart renders one Service per `services:` key of its values, named `<fullname>-<suffix>`
(`ServicePort`): n5gc pins every fullname, so the Services the charts render are the ones the plan names.
"""

from __future__ import annotations

from n5gc.products.packaging import ChartRequest, ChartSource, CoreRole, ServicePort

# --- Charts -------------------------------------------------------------------------------------------

CHART_REPO = "https://gradiant.github.io/5g-charts"  # the default of core.chart.repo
CHART_VERSION = "2.3.4"  # the default of core.chart.version (the umbrella's)
UMBRELLA_CHART = "open5gs"
SMF_CHART = "open5gs-smf"
UPF_CHART = "open5gs-upf"
# Versions of the standalone charts that an umbrella version depends on (its Chart.yaml).
STANDALONE_CHART_VERSIONS = {"2.3.4": {SMF_CHART: "2.3.1", UPF_CHART: "2.3.2"}}
# The chart each of the plan's core roles is a release of.
ROLE_CHARTS = {"core": UMBRELLA_CHART, "smf": SMF_CHART, "upf": UPF_CHART}


def chart_version(chart: str, umbrella: str, smf: str | None = None, upf: str | None = None) -> str:
    """The version of `chart` to install: the umbrella's own, or for a standalone SMF/UPF chart the
    version the intent gives (`smf`/`upf`), else the one that umbrella version ships, else the umbrella's."""
    if chart == UMBRELLA_CHART:
        return umbrella
    explicit = {SMF_CHART: smf, UPF_CHART: upf}.get(chart)
    return explicit or STANDALONE_CHART_VERSIONS.get(umbrella, {}).get(chart, umbrella)


# --- Services and ports -------------------------------------------------------------------------------


SBI = ServicePort("sbi", 7777, "TCP")  # HTTP/2 without TLS, as the charts configure it
NGAP = ServicePort("ngap", 38412, "SCTP")  # the AMF's N2
PFCP = ServicePort("pfcp", 8805, "UDP")  # N4, on the SMF and on the UPF
GTPU = ServicePort("gtpu", 2152, "UDP")  # the UPF's N3

# --- Network functions --------------------------------------------------------------------------------

# The umbrella chart's 5G control-plane NFs (Chart.yaml aliases), besides MongoDB.
CONTROL_PLANE_NFS = ("nrf", "scp", "amf", "ausf", "udm", "udr", "pcf", "bsf", "nssf", "webui")
DATABASE = "mongodb"  # the umbrella's Bitnami MongoDB dependency (alias)
# Umbrella aliases n5gc switches off: 4G NFs and SEPP have no place in a 5G SA core; SMF and UPF
# run as per-slice releases of the standalone charts (the umbrella would give one SMF bound to one UPF).
UMBRELLA_DISABLED = ("hss", "mme", "pcrf", "sgwc", "sgwu", "sepp", "smf", "upf")
# Service suffixes n5gc names per umbrella NF (an NF not listed: SBI only; MongoDB: Bitnami's headless
# Service), and per standalone chart.
NF_SERVICE_SUFFIXES = {"amf": (SBI.suffix, NGAP.suffix), DATABASE: ("headless",)}
SMF_SERVICES = (SBI, PFCP)
UPF_SERVICES = (PFCP, GTPU)
# Which NFs of the umbrella release sit at the core end of an interface (Model D: every NF talks SBI
# through the SCP; the NRF is its registry; the AMF also serves SBI to the SMFs).
INTERFACE_NFS = {"n2": ("amf",), "sbi": ("scp", "nrf", "amf")}


def nf_service_suffixes(nf: str) -> tuple[str, ...]:
    """The Services n5gc names for one NF (alias) of the umbrella release."""
    return NF_SERVICE_SUFFIXES.get(nf, (SBI.suffix,))


# --- Subscriber database and user plane ---------------------------------------------------------------

DATABASE_NAME = "open5gs"  # the MongoDB database every NF and the WebUI read subscribers from


def mongodb_uri(host: str) -> str:
    """The URI of the subscriber database on the MongoDB Service `host` (its DNS name)."""
    return f"mongodb://{host}/{DATABASE_NAME}"


def tun_device(position: int) -> str:
    """The UPF's tun device of the DNN at `position` (0-based): ogstun, ogstun2, ogstun3, ...

    Open5GS's own convention (its sample upf.yaml and the chart's default `ogstun`); each DNN of a
    UPF needs a device of its own.
    """
    return "ogstun" if position == 0 else f"ogstun{position + 1}"


# --- How the plan's roles are packaged (n5gc.products.packaging) ---------------------------------------

ROLE_SERVICES = {"sbi": SBI, "ngap": NGAP, "pfcp": PFCP, "gtpu": GTPU}


class Open5gsPackaging:
    """The plan's roles as the Gradiant charts package Open5GS: every object named after the
    release (n5gc pins each fullname), SBI through the SCP, MongoDB, `ogstun` devices."""

    flavor = "open5gs"
    nfs = (*CONTROL_PLANE_NFS, DATABASE)
    database = DATABASE
    sbi_entry = "scp"  # Model D: every NF sends its SBI requests through the SCP
    control_plane_title = "5GC control plane"
    control_plane_summary = "AMF NRF SCP NSSF AUSF UDM UDR PCF BSF MongoDB"
    database_product = "MongoDB"
    interface_nfs = INTERFACE_NFS
    config_maps = False  # the charts write each NF's config from their values

    def chart(self, role: CoreRole, requested: ChartRequest) -> ChartSource:
        """The Gradiant chart of `role`, from the repository and versions the intent gives."""
        chart = ROLE_CHARTS[role]
        version = chart_version(chart, requested.version, requested.smf_version, requested.upf_version)
        return ChartSource(requested.repo, chart, version)

    def service(self, role: str, interface: str) -> ServicePort:
        """`<fullname>-<suffix>` of any NF or release, on the interface's port."""
        return ROLE_SERVICES[interface]

    def service_suffixes(self, role: str) -> tuple[str, ...]:
        """An umbrella NF's (`nf_service_suffixes`), or a standalone SMF's or UPF's chart's."""
        standalone = {"smf": SMF_SERVICES, "upf": UPF_SERVICES}
        if role in standalone:
            return tuple(port.suffix for port in standalone[role])
        return nf_service_suffixes(role)

    def fullname(self, nf: str) -> str | None:
        """None: n5gc pins every NF's fullname (`<network>-<nf>`)."""
        return None

    def database_uri(self, host: str) -> str:
        """mongodb://<host>/open5gs."""
        return mongodb_uri(host)

    def tun_device(self, position: int) -> str:
        """ogstun, ogstun2, ... (`tun_device`)."""
        return tun_device(position)


PACKAGING = Open5gsPackaging()

# --- Limits and defaults ------------------------------------------------------------------------------

MAX_DNS_PER_FAMILY = 2  # the SMF takes at most two DNS servers per address family
# Session defaults for slices without QoS in the intent (as open5gs-dbctl writes them).
DEFAULT_FIVE_QI = 9
DEFAULT_ARP = 8
DEFAULT_BITRATE = "1 Gbps"
# AMBR unit codes (lib/dbi/subscription.c multiplies the value by 1024 per unit step); values are int32.
BITRATE_UNITS = ("bps", "Kbps", "Mbps", "Gbps", "Tbps")
BITRATE_VALUE_MAX = 2**31 - 1
