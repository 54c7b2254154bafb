"""The catalog of diagnostic codes: stable identifiers, what each means and what to do.

`n5gc explain CODE` prints an entry; a test keeps this catalog and the codes used in the
source in sync. Codes are never reused for another meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    explanation: str


_CATALOG = [
    # Loading (N5G0xx)
    Code(
        "N5G001",
        "YAML syntax error",
        "The file is not valid YAML. The position points where the parser gave "
        "up; the mistake is often on the line before (indentation, an unclosed quote or bracket).",
    ),
    Code(
        "N5G002",
        "duplicate key",
        "A mapping has the same key twice. YAML parsers disagree on which one wins, "
        "so n5gc refuses the file: merge the two entries.",
    ),
    Code("N5G003", "not UTF-8", "Intents are UTF-8 text. Re-save the file as UTF-8."),
    Code(
        "N5G004",
        "not a single mapping document",
        "An intent file holds exactly one YAML document whose top "
        "level is a mapping (apiVersion, kind, metadata, spec). No '---' separated documents.",
    ),
    Code(
        "N5G005",
        "unknown YAML tag",
        "Tags such as !include or !!python/object are not part of the intent "
        "language and are refused, so an intent can never run code or pull in other files.",
    ),
    Code(
        "N5G006",
        "document too deep or too large after aliases",
        "Aliases (*name) are expanded on load. "
        "A document that expands to millions of nodes (an 'alias bomb') or nests deeper than 64 levels "
        "is refused instead of exhausting memory.",
    ),
    Code("N5G007", "file too large", "Intent and overlay files are limited to 16 MiB."),
    Code("N5G008", "cannot read file", "The file does not exist, is a folder, or is not readable."),
    Code(
        "N5G009",
        "overlay problem",
        "An overlay deletes an item the intent does not have, uses '$patch' "
        "where nothing can be patched, or names an empty folder. Overlays merge maps key by key and "
        "lists of named items by name; '$patch: delete' removes an item.",
    ),
    Code(
        "N5G010",
        "wrong apiVersion or kind",
        "Intents start with `apiVersion: n5gc.io/v1alpha1` and "
        "`kind: Network`; secrets files with `kind: Secrets`.",
    ),
    Code(
        "N5G011",
        "invalid repository config",
        "n5gc.yaml (the list of networks `n5gc compile` builds "
        "without arguments) is invalid, e.g. two networks write to the same output folder.",
    ),
    # Model (N5G1xx)
    Code(
        "N5G100",
        "unknown field",
        "Every field is validated and unknown fields are errors, so a typo such "
        "as `podCIDR` cannot silently be ignored. The hint names the closest known field.",
    ),
    Code("N5G101", "missing required field", "A required field is absent; the hint says what it holds."),
    Code(
        "N5G102",
        "wrong type",
        "A value has the wrong YAML type. Identifiers such as mcc, mnc, sd and imsi "
        'are strings: unquoted digits are numbers to YAML and lose their leading zeros ("01" vs 1).',
    ),
    Code(
        "N5G103",
        "value not allowed",
        "A value is out of its range or not one of the allowed words "
        "(e.g. sst 0..255, tac 0..16777215, type ueransim|srsran|oai).",
    ),
    Code(
        "N5G104",
        "malformed SD",
        "The slice differentiator is 24 bits written as 6 hex digits, e.g. "
        '"000001"; "0x000001" is accepted and normalised to lowercase without prefix.',
    ),
    Code(
        "N5G105",
        "malformed PLMN",
        'MCC is 3 digits, MNC 2 or 3 digits, both quoted strings; "01" and "001" are different networks.',
    ),
    Code("N5G106", "malformed IMSI", "An IMSI is 15 digits (MCC + MNC + MSIN), written as a quoted string."),
    Code(
        "N5G107",
        "invalid name",
        "Names become parts of Kubernetes object names, so they must be DNS-1123 "
        "labels: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63.",
    ),
    Code(
        "N5G108",
        "invalid IP address or subnet",
        "Subnets are written address/prefix with zero host bits "
        "(10.45.0.0/16); addresses as plain IPv4/IPv6 addresses.",
    ),
    Code(
        "N5G109",
        "invalid NCI",
        "The NR cell identity is 36 bits: the gNB id (idLength bits) followed by the "
        'cell id. Write it as a hex string such as "0x000000010".',
    ),
    Code(
        "N5G110",
        "invalid key material",
        "K and OPc are 128-bit values written as 32 hex digits. The diagnostic never repeats the value.",
    ),
    # References (N5G2xx)
    Code(
        "N5G201",
        "unknown site",
        "A placement (core, userPlane, gNB, CU/DU, Liqo home) names a site that spec.sites does not declare.",
    ),
    Code(
        "N5G202",
        "unknown slice",
        "A gNB announces, or a subscriber group uses, a slice that spec.slices does not declare.",
    ),
    Code(
        "N5G203",
        "unknown gNB",
        "A simulated subscriber group attaches to a gNB that spec.ran does not declare.",
    ),
    Code(
        "N5G204",
        "unknown credentials",
        "A subscriber group names credentials that the secrets file does not hold.",
    ),
    Code(
        "N5G205",
        "DNN not served by the slice",
        "A subscriber group subscribes to a DNN that its slice does "
        "not serve: the SMF would reject the PDU session.",
    ),
    Code(
        "N5G206",
        "duplicate name",
        "Two sites, slices, gNBs, subscriber groups, or two DNNs of one slice "
        "share a name; generated objects would collide.",
    ),
    Code(
        "N5G207",
        "core site needed",
        "With more than one site, core.site must say where the control plane runs.",
    ),
    Code(
        "N5G208",
        "no secrets file",
        "Compiling subscribers needs their keys: pass --secrets FILE or put "
        "<intent>.secrets.yaml next to the intent. validate runs without it (credentials are then not "
        "checked).",
    ),
    Code(
        "N5G209",
        "keys written in plain text",
        "The UE configs and the provisioning Job's keys are written "
        "into Kubernetes Secret objects in plain text (base64 is not encryption). Fine for public test keys "
        "in a lab; for real subscribers keep the output out of public Git or encrypt it (SOPS).",
    ),
    # Consistency (N5G3xx)
    Code(
        "N5G301",
        "duplicate S-NSSAI",
        "Two slices with the same SST and SD are the same slice to the AMF, "
        "NSSF and SMFs; give each a distinct SD.",
    ),
    Code(
        "N5G302",
        "slice not announced to a simulated UE",
        "A simulated UE requests a slice its gNB does not "
        "announce: registration would be rejected (no allowed NSSAI).",
    ),
    Code("N5G303", "slice announced by no gNB", "Subscribers use a slice that no gNB announces."),
    Code(
        "N5G304",
        "IMSI outside the PLMN",
        "An IMSI must start with the network's MCC+MNC, otherwise the "
        "core treats the UE as a roamer, which n5gc does not model.",
    ),
    Code("N5G305", "IMSI range too long", "first + count - 1 must still be a 15-digit IMSI."),
    Code(
        "N5G306",
        "overlapping IMSI ranges",
        "Two subscriber groups share IMSIs: the subscriber database "
        "would hold only one of them, with one group's keys and slices.",
    ),
    Code(
        "N5G307",
        "overlapping DNN pools",
        "Two DNN pools overlap: UPFs would route one pool's traffic to the other's UEs.",
    ),
    Code(
        "N5G308",
        "DNN pool overlaps a cluster CIDR",
        "A UE pool overlaps a site's pod or service CIDR: UE "
        "traffic would be routed into the cluster network.",
    ),
    Code(
        "N5G309",
        "DNN pool too small",
        "A pool needs one address per subscriber that may open a session "
        "on it, plus network, broadcast and gateway addresses.",
    ),
    Code("N5G310", "nodePort ignored", "core.n2.nodePort only applies with service: NodePort."),
    Code(
        "N5G311",
        "generated name too long",
        "Generated names (namespaces, Services: 63 characters; Helm "
        "releases: 53) are built from the network name and item names; shorten them.",
    ),
    Code(
        "N5G312",
        "inconsistent cell identities",
        "NCIs must be unique, and the cells of a gNB share its gNB id in the top idLength bits of their NCI.",
    ),
    Code(
        "N5G313",
        "CU/DU split incomplete",
        "split: f1 needs cu and du placements (and a RAN type that can "
        "split); cu/du are only used with split: f1.",
    ),
    Code(
        "N5G314", "gateway outside its pool", "A DNN gateway must be a host address inside the DNN's subnet."
    ),
    # Target limits (N5G4xx)
    Code(
        "N5G401",
        "PLMN unreadable by UERANSIM",
        "UERANSIM parses mcc/mnc with base auto-detection, so a "
        'leading zero makes "08" or "09" an invalid octal number and the gNB/UE fails to start.',
    ),
    Code(
        "N5G402",
        "simulated group too large",
        "One UERANSIM nr-ue process simulates at most 512 UEs "
        "(`nr-ue -n`), and two cannot share a pod; split a larger simulated group into several groups.",
    ),
    Code(
        "N5G403",
        "simulated UEs on a real gNB",
        "Simulated subscriber groups run UERANSIM's nr-ue, which "
        "attaches only to a UERANSIM gNB (its radio link is a simulation over UDP).",
    ),
    Code(
        "N5G404",
        "srsRAN/OAI gNB cell count",
        "n5gc compiles one cell (one carrier) per srsRAN or OAI gNB process; declare one gNB per cell.",
    ),
    Code(
        "N5G405",
        "srsRAN limits",
        "The srsRAN Project chart n5gc targets runs CU and DU in one pod (no F1 "
        "split; use type oai for that), and srsRAN refuses the reserved TACs 0 and 0xfffffe.",
    ),
    Code(
        "N5G406",
        "OAI carrier kind",
        "n5gc's OAI gNB configs cover FR1 carriers at 15 or 30 kHz subcarrier "
        "spacing (the tables for CORESET#0, TDD patterns and BWPs are written for those).",
    ),
    # Radio (N5G5xx)
    Code(
        "N5G501",
        "impossible carrier",
        "A cell's band, bandwidth, subcarrier spacing and centre frequency "
        "(or ARFCN) do not make a valid NR carrier per TS 38.104/38.101: unknown band, bandwidth or SCS not "
        "allowed in the band, centre off the channel raster, carrier sticking out of the band, or no SSB "
        "position on the sync raster inside the carrier. The hint proposes a nearby valid choice.",
    ),
    Code(
        "N5G502",
        "centre moved onto the raster",
        "A cell's centerMHz is not an NR channel-raster point "
        "(e.g. 3500 MHz in n78 is NR-ARFCN 633333.3) but is within one raster step of a valid centre: "
        "n5gc uses that centre and says which. Write `arfcn:` (or the exact centerMHz) to silence it.",
    ),
]

_CATALOG += [
    # Loading, continued: values that do not fit their tags, overlays
    Code(
        "N5G012",
        "value does not fit its YAML tag",
        "An explicit tag says how to read a value (`!!int 10`, `!!timestamp 2001-12-14`), "
        "and the value cannot be read that way: `!!int one`, `!!bool maybe`, `!!float x`, "
        "`!!timestamp 2001-13-45`, a `!!omap` that is not a list of one-key mappings. Intents need no "
        "tags: drop the tag and write the value plainly (quote strings that look like numbers). In a "
        "secrets file the value is never shown, only its position.",
    ),
    Code(
        "N5G013",
        "credentials name could be key material",
        "The names of a secrets file's credentials appear in diagnostics (e.g. in the list of "
        "known credentials), so a name that could be a key (16 or more hex digits in a row, or "
        "base64 characters such as '+', '/', '=') is refused without being shown: this usually "
        "means K or OPc was written where the entry's name goes. Name the entry (lab-keys) and put "
        "`k:` and `opc:` under it.",
    ),
]

_CATALOG += [
    # Multicluster (N5G6xx)
    Code(
        "N5G601",
        "traffic crosses sites with no engine",
        "Two ends of an interface (N2, N3, N4, SBI, F1) "
        "run on different sites (clusters) and multicluster.engine is none, so nothing carries the traffic "
        "between the clusters. Choose Liqo (peers the clusters; GitOps applies everything to the home "
        "cluster, which offloads pods to the others) or NSM (extra pod interfaces across clusters), or place "
        "both ends on one site.",
    ),
    Code(
        "N5G602",
        "crossing interface not on NSM",
        "With engine nsm, every interface that the placement makes "
        "cross sites must be listed in multicluster.nsm.interfaces, so that its pods get an NSM interface.",
    ),
    Code(
        "N5G603",
        "engine options ignored",
        "multicluster.liqo or multicluster.nsm options are given but another engine is selected.",
    ),
    Code(
        "N5G604",
        "offloaded pods cannot resolve Service names",
        "With Liqo, offloaded pods run in a "
        "remote cluster and resolve names through its DNS, in the remote twin of their namespace. n5gc "
        "writes Service names as <service>.<namespace>.svc.<home cluster domain>: they resolve there only "
        "when the twin namespaces keep their names (namespaceMappingStrategy EnforceSameName, the default) "
        "and the remote cluster has the home cluster's DNS domain (sites[].clusterDomain).",
    ),
    Code(
        "N5G605",
        "pod offloading strategy contradicts the placement",
        "Liqo's podOffloadingStrategy "
        "applies to every offloaded namespace: Local keeps all pods in the home cluster, so nothing can run "
        "on another site; Remote sends every pod of an offloaded namespace away, so a namespace that also "
        "holds a workload of the home site (an SMF beside offloaded UPFs, a Service reached from another "
        "site) cannot be placed. Use LocalAndRemote (the default): n5gc pins each pod itself.",
    ),
    Code(
        "N5G606",
        "NSM clusters share a DNS domain",
        "Across clusters NSM names a network service "
        "<service>@<cluster domain> (interdomain): the sites at the ends of an interface carried by NSM "
        "across clusters need distinct cluster DNS domains (sites[].clusterDomain), resolvable from each "
        "other, or the name leads back to the asking cluster.",
    ),
]

CATALOG: dict[str, Code] = {c.code: c for c in _CATALOG}
