"""The catalog of diagnostic codes: stable identifiers, what each means and what to do.

`n5gc explain CODE` prints an entry; a test keeps this catalog and the codes used in the
source in sync. Codes are never reused for another meaning.
"""

from __future__ import annotations

from n5gc.records import record


@record
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
        "without arguments) is invalid: e.g. two networks write to the same output folder, or one inside "
        "the other (compared by resolved path: out/lab and ./out/lab/ are the same), or an output is not "
        "a folder below the repository ('.', '', '/', '../x' and absolute paths are refused), or a path "
        "holds a NUL character.",
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
    # Formats other tools parse (from N5G111)
    Code(
        "N5G111",
        "chart version not a full version",
        'Helm, Argo CD and Flux fetch a chart by its exact version: write "major.minor.patch" as a '
        'quoted string (e.g. "2.3.4"), for core.chart.version, smfVersion and upfVersion.',
    ),
    Code(
        "N5G112",
        "URL not accepted",
        "A chart repository is an https://, http:// or oci:// URL (what Helm, Argo CD and Flux's "
        "HelmRepository accept); gitops.repo.url an https://, http:// or ssh:// URL (Flux's "
        "GitRepository accepts only these; Argo CD also git@host:path); a cluster's server an https:// URL.",
    ),
    Code(
        "N5G113",
        "cluster domain not a DNS name",
        "sites[].clusterDomain is the cluster's DNS domain, written into every Service name n5gc "
        'configures: lowercase labels joined by dots, e.g. "cluster.local".',
    ),
    Code(
        "N5G114",
        "invalid label",
        "metadata.labels are put on every generated object, so each must be a Kubernetes label: a key is "
        "an optional lowercase DNS prefix and '/', then a name of at most 63 letters, digits, '-', '_' "
        "or '.'; a value is at most 63 of those (or empty), starting and ending with a letter or digit.",
    ),
    Code(
        "N5G115",
        "label n5gc sets itself",
        "n5gc writes n5gc.io/network, n5gc.io/slice, n5gc.io/config-sha, n5gc.io/subscribers-checksum, "
        "app.kubernetes.io/managed-by, part-of, component, name and instance (and Flux's "
        "reconcile.fluxcd.io/watch) on the objects it generates; selectors and the network's "
        "bookkeeping rely on them, so metadata.labels may not set them.",
    ),
    Code(
        "N5G116",
        "invalid cluster name",
        "sites[].cluster.name goes into labels (Liqo's remote cluster id) and folder names (Flux's "
        "gitops/flux/<cluster>): at most 63 letters, digits, '-', '_' or '.', starting and ending with a "
        "letter or digit.",
    ),
    Code(
        "N5G117",
        "invalid GitOps path or revision",
        "gitops.repo.path is a folder inside the repository (relative, no '..', no spaces); "
        "gitops.repo.revision a branch, a full ref (refs/tags/v1) or a commit SHA, as Git names them.",
    ),
]

_CATALOG += [
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
        "in a lab; for real subscribers set spec.encryption.sops.age: every Secret holding keys is then "
        "written SOPS-encrypted (N5G240). `compile --require-encryption` (or `requireEncryption: true` "
        "in n5gc.yaml) makes plain text an error (N5G241).",
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
        "Generated names (namespaces, Services, workloads, ConfigMaps, Secrets, Jobs, Argo CD "
        "Applications, Flux objects, label values: 63 characters; Helm releases: 53) are built from the "
        "network name and item names (e.g. <network>-<gnb>-cu-f1c, <network>-<site>-site); shorten them.",
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
]

_CATALOG += [
    # QoS (from N5G210)
    Code(
        "N5G210",
        "default QoS flow with a GBR 5QI",
        "A slice's qos.fiveQi is the 5QI of its sessions' default QoS flow (Open5GS writes it into the "
        "subscriber's session data, and the SMF makes it the default QoS rule). TS 23.501 §5.7.1.1 wants "
        "that flow non-GBR, and Open5GS sends GBR QoS information only for flows with MBR/GBR: a GBR or "
        "delay-critical GBR 5QI (1-4, 65-67, 71-76, 82-90) reaches the gNB without guaranteed rates, and "
        "a real gNB may refuse the PDU session. Use a non-GBR 5QI of TS 23.501 Table 5.7.4-1: 5, 6, 7, "
        "8, 9, 69, 70, 79 or 80 (80, low-latency eMBB with a 10 ms budget, suits URLLC-style slices). "
        "Dedicated GBR flows are not modelled by the intent language.",
    ),
]

_CATALOG += [
    # Smoke tests (from N5G230): spec.smokeTest
    Code(
        "N5G230",
        "unknown smoke test group",
        "spec.smokeTest.subscribers names the subscriber group whose IMSIs the post-deploy smoke test "
        "Jobs use; spec.subscribers must declare it.",
    ),
    Code(
        "N5G231",
        "smoke test group not simulated by UERANSIM",
        "The smoke test Jobs run UERANSIM nr-ue against a gNB's radio link: the group needs "
        "simulate.gnb naming a gNB of type ueransim.",
    ),
    Code(
        "N5G232",
        "smoke test group misses a slice or DNN",
        "One smoke test Job runs per slice x DNN of the network, each with an IMSI of the group: the "
        "group must be subscribed to every slice and every DNN, else the SMF rejects that session.",
    ),
    Code(
        "N5G233",
        "smoke test group too small",
        "Each slice x DNN gets its own IMSI of the group (one UE per Job, so the Jobs never share a "
        "registration): imsi.count must be at least the number of slice x DNN pairs.",
    ),
]

_CATALOG += [
    # Pools and generated names (from N5G315)
    Code(
        "N5G315",
        "IPv6 pool",
        "n5gc compiles IPv4 UE pools only: the Open5GS UPF values it writes carry IPv4 subnets, and "
        "IPv6 or dual-stack PDU sessions are not wired through the targets yet. Use an IPv4 subnet.",
    ),
    Code(
        "N5G316",
        "unusable pool",
        "A DNN pool must be unicast IPv4 space UEs can use (not 0.0.0.0/8, 127.0.0.0/8, "
        "169.254.0.0/16, multicast or reserved space, so not 0.0.0.0/0), with at least one address for a "
        "UE besides network, broadcast and gateway (/30 or shorter).",
    ),
    Code(
        "N5G317",
        "generated name invalid",
        "A generated name must be one Kubernetes accepts: Services are DNS-1035 labels, so they start "
        "with a letter; every Service n5gc makes starts with the network name, which must therefore "
        "start with a lowercase letter.",
    ),
    Code(
        "N5G318",
        "generated names collide",
        "Two intent items lead to the same generated name for the same kind of object (e.g. a slice "
        'named "core" makes the namespace <network>-core the core already has, a gNB named "x-ues" '
        'collides with subscriber group "x"): one object would replace the other. Rename one.',
    ),
    Code(
        "N5G319",
        "Git URL Flux cannot clone",
        "Flux's GitRepository accepts http://, https:// and ssh:// URLs only; the scp form "
        "git@host:path that Argo CD also accepts is written ssh://git@host/path for Flux.",
    ),
]

_CATALOG += [
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
        "spacing whose SSB has the carrier's SCS: the CORESET#0 tables n5gc holds (TS 38.213 13-1, "
        "13-4, 13-6) are those; e.g. n1 at 30 kHz, whose SSBs are 15 kHz, is refused.",
    ),
    # Radio (N5G5xx)
    Code(
        "N5G501",
        "impossible carrier",
        "A cell's band, bandwidth, subcarrier spacing and centre frequency "
        "(or ARFCN) do not make a valid NR carrier per TS 38.104/38.101: unknown band, bandwidth or SCS not "
        "allowed in the band, centre off the channel raster, carrier sticking out of the band, in an FDD "
        "band a paired uplink channel (the same bandwidth, one duplex spacing away: n66 400 MHz lower) "
        "sticking out of the band's uplink range, or no SSB position on the sync raster inside the "
        "carrier with its first subcarrier on the kSSB grid of TS 38.211 7.4.3.1 (15 kHz in FR1, the "
        "common SCS in FR2). The hint proposes a nearby valid choice.",
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
    # Radio: gNB software stricter than 3GPP (N5G503 up to 509)
    Code(
        "N5G503",
        "OAI cannot place this SSB",
        "TS 38.211 7.4.3.1 counts kSSB in 15 kHz steps (FR1), so a 30 kHz SSB may start half a "
        "30 kHz subcarrier off its grid (odd kSSB); n5gc plans such an SSB only when the carrier has no "
        "aligned position (e.g. n78 at 15 kHz on an odd ARFCN). OAI asserts an even kSSB for a 30 kHz "
        "SSB and would abort at start (and n5gc's OAI configs need the SSB at the carrier's SCS): the "
        "hint names the nearest centre OAI takes, or the SCS to use; srsRAN and UERANSIM gNBs take the "
        "carrier as planned.",
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

_CATALOG += [
    # GitOps paths (from N5G607), compile-time: they need the output folder
    Code(
        "N5G607",
        "gitops.repo.path disagrees with the output folder",
        "Argo CD and Flux read the compiled tree at gitops.repo.path in the Git repository. n5gc knows "
        "where the tree is written: the output folder relative to the repository root (the Git "
        "work-tree root, else the folder holding n5gc.yaml). An explicit path that names another folder "
        "would make every Application and Kustomization point nowhere. Remove the path (n5gc derives "
        "it) or fix it. Without a repository root (no n5gc.yaml, no Git), the path is not checked and "
        'its default is "." (the output folder is the repository root).',
    ),
]

_CATALOG += [
    # Liqo: addresses that cross clusters (from N5G620)
    Code(
        "N5G620",
        "pod CIDR of a Liqo-peered cluster not declared",
        "N2, N3 and F1 carry the peers' own pod addresses: the UPF advertises its GTP-U address (its "
        "pod's eth0) in PFCP, the SMF hands it to the gNB over NGAP and the gNB sends there, always to "
        "UDP 2152; the gNB's own address goes back the same way, and SCTP (N2, F1-C) lists each end's "
        "addresses. Liqo's network fabric routes pod-to-pod traffic between peered clusters in both "
        "peering modes (InBand/OutOfBand only decides where Liqo's control traffic flows), without NAT "
        "when the clusters' pod CIDRs are disjoint, and through remapped addresses otherwise, which "
        "such messages do not know. So when one of these interfaces crosses sites under Liqo, both "
        "sites must declare sites[].podCidr, so that n5gc can check they are disjoint (N5G621).",
    ),
    Code(
        "N5G621",
        "pod CIDRs of Liqo-peered clusters overlap",
        "The clusters at the two ends of an N2, N3 or F1 that crosses sites under Liqo have "
        "overlapping pod CIDRs. Liqo then remaps the other cluster's pod addresses (a per-peer NAT), "
        "but the UPF's N3 address in PFCP/NGAP and the gNB's in NGAP are the pods' own addresses, "
        "which in the peer cluster name its own pods or nothing. No node port or Service can stand in "
        "for GTP-U (no port negotiation: always UDP 2152 to the advertised address). Give the clusters "
        "disjoint pod CIDRs or place both ends on one site.",
    ),
]

_CATALOG += [
    # Output folder and environment (N5G7xx)
    Code(
        "N5G701",
        "output folder is a symbolic link",
        "n5gc never writes through a symbolic link, so an output folder that is a link is refused and "
        "left as it is. Give the real folder as the output, or replace the link with a folder.",
    ),
    Code(
        "N5G702",
        "output path is not a folder",
        "The output path is an existing file (or lies below one). n5gc leaves the file untouched: "
        "choose another output folder.",
    ),
    Code(
        "N5G703",
        "symbolic link in the output folder",
        "A symbolic link stands where n5gc writes a file, or on the way to it (e.g. "
        "out/lab/sites -> /elsewhere). n5gc never writes or reads through links, so nothing is written "
        "anywhere: replace the link with a real folder or remove it.",
    ),
    Code(
        "N5G704",
        "a file n5gc does not own is in the way",
        "A file that n5gc's lock (n5gc.lock.json) does not list is at a path n5gc generates (or a folder "
        "or file is where it needs a file or folder). n5gc never overwrites what it does not own. Move "
        "the file away, or run `n5gc compile --adopt` to let n5gc take it over (its content is "
        "replaced and the lock lists it from then on). A file that already holds n5gc's exact bytes is "
        "taken over silently. Something that appears at such a path while n5gc compiles (after it "
        "looked at the folder, before it wrote) stops the write the same way, even with --adopt: "
        "compile again.",
    ),
    Code(
        "N5G705",
        "lock entry ignored",
        "An entry of n5gc.lock.json is absolute, contains '..' or an empty part, leads through a "
        "symbolic link out of the output folder, or names a link or folder. n5gc only owns plain files "
        "inside its output folder, so it ignores the entry: it never removes or reads it. Restore the "
        "lock file from Git if it was edited.",
    ),
    Code(
        "N5G706",
        "damaged lock file",
        "n5gc.lock.json is not JSON or its 'files' is not a mapping, so n5gc cannot tell which files "
        "it owns and changes nothing. Restore the lock from Git, or run `n5gc compile --adopt`: n5gc "
        "then takes over the files it generates and removes nothing else.",
    ),
    Code(
        "N5G707",
        "output folder not writable",
        "The output folder (or its parent, or a folder inside it) is read-only or not yours. Nothing "
        "was changed. Make it writable or choose another output folder.",
    ),
    Code(
        "N5G708",
        "disk full",
        "The file system ran out of space (or quota) while n5gc assembled the new tree. The partial "
        "tree was removed and the output folder is as it was.",
    ),
    Code(
        "N5G709",
        "file name too long",
        "A path n5gc writes is longer than the file system allows (n5gc also writes a staging folder "
        "named .<output>.n5gc-new-<pid> beside the output). Choose a shorter output path.",
    ),
    Code(
        "N5G710",
        "cannot write the output folder",
        "Another operating-system error stopped the write; the message says which. Nothing was changed.",
    ),
    Code(
        "N5G711",
        "git commit failed",
        "`n5gc compile --commit` wrote the tree but `git add` or `git commit` failed (not a Git "
        "repository, a pre-commit hook refused, no identity configured). The message is git's.",
    ),
    Code(
        "N5G720",
        "stale file",
        "`n5gc compile --check`: a file in the output folder differs from what n5gc compiles now. "
        "Run n5gc compile.",
    ),
    Code(
        "N5G721",
        "missing file",
        "`n5gc compile --check`: a file n5gc compiles is not in the output folder. Run n5gc compile.",
    ),
    Code(
        "N5G722",
        "extra file",
        "`n5gc compile --check`: a file the lock lists is no longer compiled; n5gc compile would remove it.",
    ),
]

_CATALOG += [
    # Audit of a written tree (N5G8xx): `n5gc audit DIR`, and `n5gc compile` before writing (there a
    # finding is a compiler bug, exit 3). Each reads only the written files; see `n5gc audit --help`.
    Code(
        "N5G801",
        "a file of the tree cannot be read",
        "A file the lock lists is missing, a symbolic link, not UTF-8, not valid YAML, or holds "
        "subscribers.json that is not valid JSON. The audit cannot prove anything about it: fix it by hand "
        "or recompile the tree.",
    ),
    Code(
        "N5G802",
        "PLMN disagreement",
        "A gNB, a UE config, the NRF or the AMF's GUAMI/TAI list names a PLMN the AMF's plmnList does "
        'not serve. MCC and MNC are compared as written: MNC "01" and "001" are different networks, and '
        "srsRAN's \"00101\" and OAI's mcc/mnc/mnc_length are read the same way.",
    ),
    Code(
        "N5G803",
        "TAC not served by the AMF",
        "A gNB or cell broadcasts a tracking area code that no entry of the AMF's taiList lists for "
        "its PLMN: the gNB's NG Setup is refused (or UEs registering there are).",
    ),
    Code(
        "N5G804",
        "IMSI outside the PLMN or not provisioned",
        "A provisioned subscriber's IMSI does not start with the AMF's MCC+MNC (MNC as long as "
        "written), a UE's SUPI does not start with its own PLMN, or a simulated UE (nr-ue -n N counts "
        "SUPIs up) has an IMSI that no subscriber group provisions.",
    ),
    Code(
        "N5G805",
        "S-NSSAI not offered upstream",
        "The slices must nest: AMF ⊇ NSSF ⊇ gNB announced ⊇ UE requested, and every subscribed "
        "S-NSSAI is the AMF's; a UE session's slice must be in its configured-nssai. SDs are compared as "
        "24-bit hex (0x00000A = 00000a = 10).",
    ),
    Code(
        "N5G806",
        "S-NSSAI without an SMF",
        "The AMF offers an S-NSSAI that no SMF's info lists: PDU sessions on it have nowhere to go.",
    ),
    Code(
        "N5G807",
        "DNN without a session pool, or a UE session not subscribed",
        "A subscribed DNN of a slice has no SMF of that slice listing it with a session pool, or a UE "
        "config asks for a DNN/S-NSSAI its subscriber group is not subscribed to.",
    ),
    Code(
        "N5G808",
        "pool not routed by a UPF",
        "An SMF's session pool for a DNN is covered by no session subnet of the UPFs the SMF peers "
        "with over PFCP: UE traffic from that pool is not routed.",
    ),
    Code(
        "N5G809",
        "session pools overlap",
        "Two SMF session pools (IPv4 or IPv6) overlap: two UEs could get the same address.",
    ),
    Code(
        "N5G810",
        "host name names no Service",
        "A name <service>.<namespace>.svc.<domain> written in the tree (an SBI URI, a PFCP peer, the "
        "gNB's AMF, the UE's gnbSearchList, an F1 address, a MongoDB URI) names no Service the tree "
        "provides: neither a Service object nor one a Helm release renders (<fullnameOverride>-<port> of "
        "the Gradiant charts; <fullname> and <fullname>-headless for MongoDB), or the Service is in "
        "another namespace.",
    ),
    Code(
        "N5G811",
        "cluster domain disagreement",
        "Service names pointing at one site use different cluster DNS domains (or none): only one "
        "can be the site's, the others do not resolve.",
    ),
    Code(
        "N5G812",
        "NSM name names nothing",
        "A networkservicemesh.io annotation joins a network service the tree does not define (or names "
        "it @<domain> with another domain than its site's), or a vL3 name <workload>.<network service> "
        "names a workload that does not join that service.",
    ),
    Code(
        "N5G813",
        "subscriber key outside a Secret",
        "A K/OPc-looking value (32 hex digits) held by a Secret is written in another object or file "
        "of the tree, comments, README and lock file included. Keys belong only in Kubernetes Secrets; "
        "the message never prints the key.",
    ),
    Code(
        "N5G814",
        "GitOps object disagrees with its release",
        "An Argo CD Application or Flux HelmRelease installs another chart, version, namespace or "
        "release than sites/<site>/helm/<release>/release.yaml states, does not read its values file, "
        "or Flux's copy of the values differs from the release's values.yaml.",
    ),
    Code(
        "N5G815",
        "no AMF in the tree",
        "The tree has gNBs, UEs or subscribers but no enabled, configured AMF in a core release's values: "
        "nothing serves them.",
    ),
    Code(
        "N5G816",
        "TAC served but not broadcast",
        "A warning: the AMF's taiList lists a TAC that no gNB of the tree broadcasts. Fine when a gNB "
        "outside this tree uses it; otherwise a gNB's tac was lost on the way (the tree still agrees, so "
        "only the intent can say which TAC was meant).",
    ),
    Code(
        "N5G817",
        "rollout hash does not match its config",
        "A Deployment's n5gc.io/config-sha256 (the srsRAN chart's podAnnotations, the provisioning Job's "
        "n5gc.io/subscribers-checksum) is not the sha256 of the config it mounts, so applying a changed "
        "config does not roll the pods: they keep the old one. A UE Secret's config is hashed without its "
        "key and op lines: a hash of K/OPc must never leave the Secret. So that a rotated key still rolls "
        "the pods, every workload mounting a Secret also carries n5gc.io/keys-digest: with "
        "spec.encryption.sops.age the salted digest the lock records for the Secret's encrypted file (a "
        "new random salt whenever its plaintext or recipients change), else the sha256 of the Secret "
        "object (the keys are in plain text in the same tree anyway). A missing or different one is "
        "reported too; recompile.",
    ),
]

# Subscriber keys encrypted at rest (n5gc/sops): the N5G24x codes.
_CATALOG += [
    Code(
        "N5G240",
        "not an age recipient",
        'An entry of spec.encryption.sops.age is not an age X25519 public key: "age1" followed by 58 '
        'bech32 characters with a valid checksum, as `age-keygen` prints it ("Public key: age1...") and '
        "`age-keygen -y KEYFILE` recovers it. With recipients set, every Secret holding key material "
        "(the subscriber provisioning Secret, each UERANSIM UE config, each smoke-test config) is "
        "written SOPS-encrypted for all of them, in a *.sops.yaml file of its own; any one recipient's "
        "private key decrypts every file. Never put a private key (AGE-SECRET-KEY-1...) in the intent.",
    ),
    Code(
        "N5G241",
        "keys in plain text where encryption is required",
        "`n5gc compile --require-encryption` (or `requireEncryption: true` in n5gc.yaml) was given and "
        "the network has subscribers but no spec.encryption.sops.age, so their keys would be written "
        "in plain text (N5G209 otherwise). Nothing is written. Set spec.encryption.sops.age to the age "
        "public keys of the cluster (Flux or Argo CD's key) and of the operators who may read the keys.",
    ),
]

# The core flavor (n5gc/checks/core_flavor.py) and the audit of OAI 5G Core trees (n5gc/audit/oai_cn.py).
_CATALOG += [
    Code(
        "N5G250",
        "one UPF per slice on the OAI core",
        "The OAI 5G Core charts name every object after the chart: each oai-upf release renders the Service "
        "and Deployment oai-upf in the slice's namespace, so a slice cannot have a second UPF. Drop "
        "userPlane.instances, or use core.flavor: open5gs.",
    ),
    Code(
        "N5G251",
        "multicluster engine with the OAI core",
        "The OAI 5G Core charts take a nodeSelector only (no pod affinity, which Liqo placement needs) and "
        "bind every interface to eth0 (no NSM devices). Run the OAI core on one cluster "
        "(multicluster.engine: none).",
    ),
    Code(
        "N5G252",
        "core.chart with the OAI core",
        "core.chart names the repository and versions of the Gradiant Open5GS charts. With core.flavor: oai "
        "n5gc uses the oai-5g-core charts of oai-cn5g-fed at tag v2.1.0 (the last version of the "
        "charts in that "
        "repository); remove core.chart.",
    ),
    Code(
        "N5G253",
        "retired: GitOps with the OAI core",
        "No longer produced (kept so that the code is never reused). It refused gitops with core.flavor: "
        "oai because the OAI 5G Core charts are published only in a Git repository; a release now has a "
        "chart source, and Argo CD (an Application source with repoURL, path and the tag) and Flux (a "
        "GitRepository at the tag, HelmRelease chart ./<path>) read such charts from Git.",
    ),
    Code(
        "N5G254",
        "N2 Service type with the OAI core",
        "The oai-amf chart renders the AMF's Service (NGAP, SCTP 38412) as a ClusterIP and has no "
        "other type: "
        "use core.n2.service: ClusterIP and run the gNBs in the cluster.",
    ),
    Code(
        "N5G255",
        "several slices per subscriber on the OAI core",
        "OAI's SessionManagementSubscriptionData table keys a subscriber's session data by IMSI and serving "
        "PLMN, with one singleNssai per row: a subscriber has one slice. Subscribe each group to one slice "
        "(split a group into groups with their own IMSI ranges).",
    ),
]

_CATALOG += [
    Code(
        "N5G830",
        "OAI release mounts a ConfigMap the tree does not have",
        "Every NF of an OAI 5G Core release reads config.yaml from the ConfigMap named by its values' "
        "global.coreNetworkConfigMap, in the release's namespace. The tree has no ConfigMap of that "
        "name there "
        "(or it holds no config.yaml): the pods would wait for the volume forever.",
    ),
    Code(
        "N5G831",
        "OAI config.yaml names the wrong chart's Service",
        "In an OAI config.yaml, nfs.<nf>.host must name the Service of that NF's chart (oai-<nf>) and "
        "database.host the mysql Service: the OAI charts name every Service after the chart, never the "
        "release.",
    ),
    Code(
        "N5G832",
        "OAI identifier written as a number",
        "In an OAI config.yaml, mcc, mnc, amf_region_id, amf_set_id, amf_pointer and sd are text: the NFs "
        "read the digits as written. A YAML integer (mcc: 001 reads as 1) loses leading zeros, and the core "
        "serves another PLMN or slice than the RAN announces.",
    ),
    Code(
        "N5G833",
        "OAI config changed in place",
        "n5gc names the ConfigMap of an OAI config.yaml after the config's sha256 (first 10 hex digits): the "
        "OAI charts put no hash of it on their pods, so only a new ConfigMap name in the releases' values "
        "rolls them. A config.yaml that no longer matches its name was edited in place, and the running NFs "
        "keep the old one. Recompile.",
    ),
]

CATALOG: dict[str, Code] = {c.code: c for c in _CATALOG}
