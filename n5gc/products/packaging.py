"""How a core product packages the plan's roles: the one interface the planner asks (`core.flavor`).

The planner decides roles (the control plane "core", a slice's "smf", a user-plane instance's
"upf"), namespaces, sites and pools the same way for every core. What differs per core product is
asked here, never branched on by flavor:
- `chart(role, requested)`: the chart a role's release installs and where it is published
  (`ChartSource`: a Helm repository, or a folder of a Git repository at a tag);
- `service(role, interface)`: the Service a role's interface is reached at and its port
  (`ServicePort`: named `<release or NF fullname>-<suffix>`, or a name the chart fixes);
- `fullname(nf)`: the fullname of an NF of the control-plane release when the chart fixes it;
- `database_uri(host)`, `tun_device(position)`, and the NF aliases of the control plane.

Each core product module (`open5gs`, `oai_cn`) holds one `PACKAGING` object; `core_packaging`
picks it by flavor. Like every product module, this one imports nothing of n5gc.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Literal, Protocol

Transport = Literal["TCP", "UDP", "SCTP"]
# The plan's core roles (a HelmRelease.role besides "ran").
CoreRole = Literal["core", "smf", "upf"]


@dataclass(frozen=True)
class ChartSource:
    """Where a release's chart is published.

    A Helm repository (`path` None): `repo` is its URL (https:// or oci://), `version` the chart's
    version. A Git repository (`path` set): `repo` is the repository's URL, `path` the chart's folder
    in it, `version` the tag the chart is read at, `commit` the commit that tag names (the record of
    what was checked); GitOps engines read such a chart from Git (Argo CD `path`, Flux GitRepository).
    """

    repo: str
    chart: str  # the chart's name (Chart.yaml `name`)
    version: str
    path: str | None = None
    commit: str | None = None
    # Git: the chart's dependencies are charts of the same checkout (`file://`): a plain `helm`
    # install needs `helm dependency build` first (GitOps engines build them themselves).
    local_dependencies: bool = False

    @property
    def in_git(self) -> bool:
        """Whether the chart is read from a Git repository rather than a Helm repository."""
        return self.path is not None


@dataclass(frozen=True)
class ServicePort:
    """A Service a chart renders for a release or an NF, and its port.

    Named `<fullname>-<suffix>` after the release or NF (charts that follow the release), or `name`
    whatever the release when the chart fixes it.
    """

    suffix: str
    port: int
    protocol: Transport
    name: str | None = None


@dataclass(frozen=True)
class ChartRequest:
    """What the intent's `core.chart` asks for (its defaults when the intent says nothing)."""

    repo: str
    version: str
    smf_version: str | None = None
    upf_version: str | None = None


class CorePackaging(Protocol):
    """How one core product packages the plan's roles (see the module docstring)."""

    flavor: str  # the `core.flavor` value
    # NF aliases of the control-plane release, its database last (CorePlan.fullnames in this order).
    nfs: tuple[str, ...]
    database: str  # the alias of the subscriber database among `nfs`
    # The NF every NF sends its SBI requests to: Open5GS' SCP (Model D); the NRF for a core without SCP.
    sbi_entry: str
    # How the README names the control plane (the diagram's box: title, NFs) and its database.
    control_plane_title: str
    control_plane_summary: str
    database_product: str
    # Which NFs of the control plane sit at its end of an interface (NSM devices and annotations).
    interface_nfs: dict[str, tuple[str, ...]]
    # Whether the NFs read a config.yaml ConfigMap that n5gc writes per namespace (names.py names it).
    config_maps: bool

    def chart(self, role: CoreRole, requested: ChartRequest) -> ChartSource:
        """The chart a release of `role` installs."""
        ...

    def service(self, role: str, interface: str) -> ServicePort:
        """The Service of `role` (an NF alias of the control plane, "smf" or "upf") for `interface`
        ("sbi", "ngap", "pfcp", "gtpu")."""
        ...

    def service_suffixes(self, role: str) -> tuple[str, ...]:
        """The suffixes of the Services n5gc names `<fullname>-<suffix>` for `role` (an NF alias of the
        control plane, "smf" or "upf"); () when the chart fixes every Service name itself."""
        ...

    def fullname(self, nf: str) -> str | None:
        """The fullname the chart fixes for a control-plane NF, or None: n5gc pins `<network>-<nf>`."""
        ...

    def database_uri(self, host: str) -> str:
        """The subscriber database's URI on the Service `host` (its DNS name)."""
        ...

    def tun_device(self, position: int) -> str:
        """The UPF's tun device of the DNN at `position` (0-based)."""
        ...


# Each `core.flavor` and the module of n5gc.products whose PACKAGING answers for it.
CORE_PRODUCTS = {"open5gs": "open5gs", "oai": "oai_cn"}


def core_packaging(flavor: str) -> CorePackaging:
    """The packaging of the core product `flavor` (`core.flavor`)."""
    # Only the product asked for is imported (an Open5GS compile never reads oai_cn, 1-2 ms); here,
    # not at the top, as they import this module's dataclasses.
    product: CorePackaging = importlib.import_module(f"n5gc.products.{CORE_PRODUCTS[flavor]}").PACKAGING
    return product
