"""nsm target (`multicluster.engine: nsm`): one Network Service Mesh vL3 network per listed interface.

Why vL3: the planner annotates the workloads at *both* ends of an interface (gNB and AMF for N2,
gNB and UPF for N3, SMF and UPF for N4, the UPF for N6) as NSM clients of the interface's
NetworkService. A point-to-point endpoint (nse-kernel / Kernel2Ethernet2Kernel) connects each
client to the endpoint only; a vL3 endpoint routes between all clients of a service, on every
cluster, which is what two clients talking to each other need.

Output, per listed interface I with workloads on sites S (`plan.nsm.services`), in `<network>-nsm`:
- at the anchor site (the core's site when it holds an end): `sites/<anchor>/nsm/<I>-networkservice.yaml`,
  the NetworkService `<network>-<I>` (payload IP), and in `sites/<anchor>/nsm/<I>-vl3.yaml` the vL3
  IPAM (cmd-ipam-vl3: Deployment + Service) handing out blocks of the interface's transit CIDR;
- at every site of S: in `sites/<site>/nsm/<I>-vl3.yaml` the vL3 endpoint (cmd-nse-vl3-vpp).
  Away from the anchor it serves `<network>-<I>@<anchor cluster domain>` (NSM interdomain) and
  reaches the IPAM as `<ipam>.<namespace>.<anchor domain>` (its LoadBalancer, as in the upstream
  interdomain vL3 example).

No NetworkServiceEndpoint objects: endpoints register themselves (registry-k8s writes those objects
with an expiration time); a static one would announce an endpoint that is not there.

Addresses: each site's endpoint gets a /24 (plan `client_prefix_len`) of the interface's transit
CIDR (a /16 the planner picks outside every pool and cluster CIDR) and gives its clients addresses
from it, so addresses are dynamic. Peers find each other by name: each client's annotation passes
`?name=<workload>`, the endpoints' `NSM_DNS_TEMPLATES` publish `<workload>.<network>-<I>` in the vL3
DNS, and the NSM sidecar in each client pod forwards those names to it. The NFs bind their NSM
devices (named after the interface) and connect to those names (see the open5gs and ueransim targets).
"""

from __future__ import annotations

from typing import Any

from n5gc import names
from n5gc.blueprint import render, render_one
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import NsmEndpoint, NsmService, Plan
from n5gc.plan.placement import NSM_NAME_LABEL
from n5gc.targets.base import Artifact, labels, pod_selector, site_dir, workload_labels

BLUEPRINTS = "nsm"
APP = "nsm"  # app.kubernetes.io/name of the vL3 endpoint and IPAM pods
NETWORKSERVICE_SCHEMA = "crd/networkservicemesh.io/networkservice"
# Release images of the NSM version the upstream manifests in ../shared/upstream come with.
NSM_VERSION = "v1.18.0"
NSE_IMAGE = f"ghcr.io/networkservicemesh/cmd-nse-vl3-vpp:{NSM_VERSION}"
IPAM_IMAGE = f"ghcr.io/networkservicemesh/cmd-ipam-vl3:{NSM_VERSION}"
SPIFFE_SOCKET = "unix:///run/spire/sockets/agent.sock"
SPIFFE_LABEL = ("spiffe.io/spiffe-id", "true")  # the SPIRE ClusterSPIFFEID of NSM selects such pods
LOG_LEVEL = "INFO"
# Requests and limits of the upstream manifests (apps/nse-vl3-vpp, apps/vl3-ipam).
NSE_RESOURCES = {"requests": {"cpu": "150m"}, "limits": {"memory": "400Mi", "cpu": "500m"}}
IPAM_RESOURCES = {"requests": {"cpu": "100m"}, "limits": {"memory": "40Mi", "cpu": "200m"}}
VOLUMES = [
    {"name": "spire-agent-socket", "hostPath": {"path": "/run/spire/sockets", "type": "Directory"}},
    {"name": "nsm-socket", "hostPath": {"path": "/var/lib/networkservicemesh", "type": "DirectoryOrCreate"}},
]
MOUNTS = [
    {"name": "spire-agent-socket", "mountPath": "/run/spire/sockets", "readOnly": True},
    {"name": "nsm-socket", "mountPath": "/var/lib/networkservicemesh", "readOnly": True},
]


class NsmTarget:
    """Renders the NetworkService, vL3 IPAM and vL3 endpoints of every NSM interface."""

    name = "nsm"

    def applies(self, plan: Plan) -> bool:
        return plan.nsm is not None and bool(plan.nsm.services)

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        """Per interface: the NetworkService at the anchor, and per site the vL3 objects."""
        if plan.nsm is None:
            return []
        artifacts: list[Artifact] = []
        for service in plan.nsm.services:
            artifacts.append(
                Artifact(
                    f"{site_dir(service.anchor)}/nsm/{service.interface}-networkservice.yaml",
                    (network_service(plan, service),),
                    schema=NETWORKSERVICE_SCHEMA,
                    site=service.anchor,
                    kustomize=True,
                )
            )
            for endpoint in service.endpoints:
                documents = [
                    *(vl3_ipam(plan, service) if endpoint.site == service.anchor else []),
                    vl3_endpoint(plan, service, endpoint),
                ]
                artifacts.append(
                    Artifact(
                        f"{site_dir(endpoint.site)}/nsm/{service.interface}-vl3.yaml",
                        tuple(documents),
                        site=endpoint.site,
                        kustomize=True,
                    )
                )
        return artifacts


def _env(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in pairs]


def network_service(plan: Plan, service: NsmService) -> Any:
    """The NetworkService of one interface (payload IP: a vL3 network)."""
    return render_one(
        BLUEPRINTS,
        "networkservice.yaml.j2",
        name=service.name,
        namespace=_namespace(plan),
        labels=labels(plan, component="nsm"),
    )


def dns_template(service: NsmService) -> str:
    """NSM_DNS_TEMPLATES: `<name label of the request>.<zone>.` (a go-template the endpoint evaluates)."""
    return names.vl3_dns(f'{{{{ index .Labels "{NSM_NAME_LABEL}" }}}}', service.zone) + "."


def vl3_endpoint(plan: Plan, service: NsmService, endpoint: NsmEndpoint) -> Any:
    """The vL3 endpoint Deployment of one site."""
    instance = endpoint.name
    env = [
        {"name": "SPIFFE_ENDPOINT_SOCKET", "value": SPIFFE_SOCKET},
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        *_env(
            [
                ("NSM_NAME", endpoint.nsm_name),
                ("NSM_SERVICE_NAMES", endpoint.service_ref),
                ("NSM_REGISTER_SERVICE", "false"),
                ("NSM_PREFIX_SERVER_URL", endpoint.prefix_server),
                ("NSM_DNS_TEMPLATES", dns_template(service)),
                (
                    "NSM_REQUEST_LABELS",
                    f"{NSM_NAME_LABEL}:{names.nsm_request_label(endpoint.name, endpoint.site)}",
                ),
                ("NSM_LOG_LEVEL", LOG_LEVEL),
            ]
        ),
    ]
    selector = pod_selector(APP, instance)
    object_labels = workload_labels(plan, selector, "nsm")
    return render_one(
        BLUEPRINTS,
        "vl3-endpoint.yaml.j2",
        name=endpoint.name,
        namespace=endpoint.namespace,
        labels=object_labels,
        selector=selector,
        pod_labels={**object_labels, SPIFFE_LABEL[0]: SPIFFE_LABEL[1]},
        image=NSE_IMAGE,
        env=env,
        resources=NSE_RESOURCES,
        volumes=VOLUMES,
        mounts=MOUNTS,
    )


def vl3_ipam(plan: Plan, service: NsmService) -> list[Any]:
    """The vL3 IPAM Deployment and Service of one interface (anchor site only)."""
    ipam = service.ipam
    assert ipam is not None  # the planner gives every service one
    selector = pod_selector(APP, ipam.name)
    object_labels = workload_labels(plan, selector, "nsm")
    env = _env(
        [
            ("SPIFFE_ENDPOINT_SOCKET", SPIFFE_SOCKET),
            ("NSM_LISTEN_ON", f"tcp://:{ipam.port}"),
            ("NSM_PREFIX", service.transit_cidr),
            ("NSM_CLIENT_PREFIX_LEN", str(service.client_prefix_len)),
            ("NSM_LOG_LEVEL", LOG_LEVEL),
        ]
    )
    return render(
        BLUEPRINTS,
        "vl3-ipam.yaml.j2",
        name=ipam.name,
        namespace=ipam.namespace,
        labels=object_labels,
        selector=selector,
        pod_labels={**object_labels, SPIFFE_LABEL[0]: SPIFFE_LABEL[1]},
        image=IPAM_IMAGE,
        env=env,
        port=ipam.port,
        service_type=service.ipam_service_type,
        volumes=VOLUMES[:1],
        mounts=MOUNTS[:1],
        resources=IPAM_RESOURCES,
    )


def _namespace(plan: Plan) -> str:
    assert plan.nsm is not None
    return plan.nsm.namespace


TARGET = NsmTarget()
