"""Facts about the reference networks, written by hand from the intents and the 3GPP tables.

Nothing here is computed by n5gc: each number was worked out on paper (the comments show how), so a
bug that reaches both the planner and the renderers (the AMF serving TAC 1 while a gNB sends 7)
still disagrees with these.

Radio arithmetic used below (TS 38.104 5.4.2.1, 5.4.3.1; TS 38.101-1 Table 5.3.2-1):
- F_REF = 5 kHz * N below 3 GHz; F_REF = 3000 MHz + 15 kHz * (N - 600000) from 3 to 24.25 GHz.
- N_RB: 40 MHz at 30 kHz = 106; 20 MHz at 30 kHz = 51; 20 MHz at 15 kHz = 106.
- point A = centre - N_RB * 12 * SCS / 2 (offsetToCarrier 0).
- GSCN below 3 GHz: SS_REF = N * 1200 kHz + M * 50 kHz, GSCN = 3N + (M - 3) / 2;
  from 3 GHz: SS_REF = 3000 MHz + (GSCN - 7499) * 1.44 MHz.
- gNB id = NCI >> (36 - idLength); n5gc writes idLength 32, so gNB id = NCI >> 4.
"""

from __future__ import annotations

from typing import Any

PLMN_001_01 = ("001", "01")

# The Flux Kustomization that applies the prod network's smoke tests (sites/berlin/smoketest/).
SMOKE_KS = "three-slices-berlin-site-smoketest"

FACTS: dict[str, dict[str, Any]] = {
    "lab": {
        # spec.tac absent: the default TAC 1 (INTENT.md); one gNB.
        "amf_tais": {("999", "70", 1)},
        "amf_slices": {(1, "000001")},
        "smf_pools": {"lab-embb-smf": {("internet", "10.45.0.0/24")}},
        "upf_pools": {"lab-embb-upf1": {("internet", "10.45.0.0/24")}},
        "ueransim_gnbs": {
            "lab-gnb": {"mcc": "999", "mnc": "70", "nci": "0x000000010", "idLength": 32, "tac": 1}
        },
        "ues": {"lab-phones-ues": ("imsi-999700000000001", 2, ["internet"])},
        # 999700000000001 + 2 - 1
        "subscribers": {("phones", "999700000000001", "999700000000002", 2)},
    },
    "srsran": {
        "amf_tais": {("001", "01", 7)},
        "amf_slices": {(1, "000001"), (3, "0000a0")},
        "smf_pools": {
            "srsran-embb-smf": {("internet", "10.45.0.0/24")},
            "srsran-iot-smf": {("iot", "10.47.0.0/24")},
        },
        "upf_pools": {
            "srsran-embb-upf1": {("internet", "10.45.0.0/24")},
            "srsran-iot-upf1": {("iot", "10.47.0.0/24")},
        },
        "srsran_gnbs": {
            # NCI 0x190 >> 4 = 0x19 = 25; 1842.5 MHz / 5 kHz = 368500; SD 0x0000a0 = 160.
            "srsran-gnb": {
                "gnb_id": 25,
                "dl_arfcn": 368500,
                "band": 3,
                "channel_bandwidth_MHz": 20,
                "common_scs": 15,
                "plmn": "00101",
                "tac": 7,
                "pci": 1,
                "sector_id": 0,  # NCI 0x190 & 0xf
                "slicing": [{"sst": 1, "sd": 1}, {"sst": 3, "sd": 160}],
            }
        },
        "subscribers": {("phones", "001010000000101", "001010000000104", 4)},
    },
    "f1-split": {
        "amf_tais": {("001", "01", 1)},
        "amf_slices": {(1, "000001")},
        "smf_pools": {"f1-split-embb-smf": {("internet", "10.45.0.0/24")}},
        "upf_pools": {"f1-split-embb-upf1": {("internet", "10.45.0.0/24")}},
        "oai_gnbs": {
            # n78 40 MHz at 30 kHz, ARFCN 641280 = 3000 + 41280 * 0.015 = 3619.2 MHz, N_RB 106;
            # point A = 3619.2 - 106 * 12 * 0.03 / 2 = 3600.12 MHz -> 600000 + 600120 / 15 = 640008;
            # SSB: GSCN 7929 -> 3000 + 430 * 1.44 = 3619.2 MHz = ARFCN 641280 (centred), kSSB 0:
            # (3619.2 - 120 * 0.03) - 3600.12 = 15.48 MHz = 43 RBs of 360 kHz exactly.
            "f1-split-gnb-du": {
                "gNB_ID": "0x1",
                "nr_cellid": "16L",
                "tracking_area_code": "1",
                "mcc": "1",
                "mnc": "1",
                "mnc_length": "2",
                "dl_frequencyBand": "78",
                "absoluteFrequencySSB": "641280",
                "dl_absoluteFrequencyPointA": "640008",
                "dl_carrierBandwidth": "106",
                "ul_carrierBandwidth": "106",
                "dl_subcarrierSpacing": "1",
                "ssb_SubcarrierOffset": "0",
            },
            "f1-split-gnb-cu": {"gNB_ID": "0x1", "tracking_area_code": "1", "mcc": "1", "mnc": "1"},
        },
        "subscribers": {("phones", "001010000000001", "001010000000004", 4)},
    },
    "three-slices": {
        "amf_tais": {("001", "01", 1)},
        "amf_slices": {(1, "000001"), (2, "000002"), (3, "000003")},
        "smf_pools": {
            "three-slices-embb-smf": {("internet", "10.45.0.0/16")},
            "three-slices-urllc-smf": {("control", "10.46.0.0/16")},
            "three-slices-miot-smf": {("iot", "10.47.0.0/16")},
        },
        "upf_pools": {
            "three-slices-embb-upf1": {("internet", "10.45.0.0/16")},
            "three-slices-urllc-upf1": {("control", "10.46.0.0/16")},
            "three-slices-miot-upf1": {("iot", "10.47.0.0/16")},
        },
        "ueransim_gnbs": {
            "three-slices-gnb1": {"mcc": "001", "mnc": "01", "nci": "0x000000010", "idLength": 32, "tac": 1}
        },
        "ues": {
            "three-slices-embb-ues-ues": ("imsi-001010000000001", 10, ["internet"]),
            "three-slices-urllc-ues-ues": ("imsi-001010000000011", 10, ["control"]),
            "three-slices-miot-ues-ues": ("imsi-001010000000021", 10, ["iot"]),
        },
        "subscribers": {
            ("embb-ues", "001010000000001", "001010000000010", 10),
            ("urllc-ues", "001010000000011", "001010000000020", 10),
            ("miot-ues", "001010000000021", "001010000000030", 10),
        },
        # Argo CD applies lower waves first: the site's namespaces, then the core (NRF, AMF ...),
        # then the SMFs (they register with the NRF), then the UPFs (their SMF must be there).
        "argocd_order": [
            ["three-slices-berlin-site"],
            ["three-slices-core"],
            ["three-slices-embb-smf", "three-slices-miot-smf", "three-slices-urllc-smf"],
            ["three-slices-embb-upf1", "three-slices-miot-upf1", "three-slices-urllc-upf1"],
        ],
    },
    # The three slices on the OAI 5G Core: each release is read with the config.yaml its pods mount
    # (values global.coreNetworkConfigMap in the release's namespace).
    "oai-core": {
        "amf_tais": {("001", "01", 1)},
        "amf_slices": {(1, "000001"), (2, "000002"), (3, "000003")},
        # amf: {region: 2, set: 1}, pointer absent: 0. Region 2 hex digits, set 3, pointer 2 (strings).
        "oai_guamis": {("001", "01", "02", "001", "00")},
        "smf_pools": {
            "oai-core-embb-smf": {("internet", "10.45.0.0/16")},
            "oai-core-urllc-smf": {("control", "10.46.0.0/16")},
            "oai-core-miot-smf": {("iot", "10.47.0.0/16")},
        },
        "upf_pools": {
            "oai-core-embb-upf1": {("internet", "10.45.0.0/16")},
            "oai-core-urllc-upf1": {("control", "10.46.0.0/16")},
            "oai-core-miot-upf1": {("iot", "10.47.0.0/16")},
        },
        # Each SMF's UPF is the oai-upf Service of its own slice's namespace (oai-core-<slice>).
        "oai_smf_upfs": {
            "oai-core-embb-smf": ["oai-upf.oai-core-embb.svc.cluster.local"],
            "oai-core-urllc-smf": ["oai-upf.oai-core-urllc.svc.cluster.local"],
            "oai-core-miot-smf": ["oai-upf.oai-core-miot.svc.cluster.local"],
        },
        "ueransim_gnbs": {
            "oai-core-gnb1": {"mcc": "001", "mnc": "01", "nci": "0x000000010", "idLength": 32, "tac": 1}
        },
        "ues": {
            "oai-core-embb-ues-ues": ("imsi-001010000000001", 10, ["internet"]),
            "oai-core-urllc-ues-ues": ("imsi-001010000000011", 10, ["control"]),
            "oai-core-miot-ues-ues": ("imsi-001010000000021", 10, ["iot"]),
        },
        "subscribers": {
            ("embb-ues", "001010000000001", "001010000000010", 10),
            ("urllc-ues", "001010000000011", "001010000000020", 10),
            ("miot-ues", "001010000000021", "001010000000030", 10),
        },
    },
    "three-slices-prod": {
        "amf_tais": {("001", "01", 1)},
        "smf_pools": {
            "three-slices-embb-smf": {("internet", "10.45.0.0/16")},
            "three-slices-urllc-smf": {("control", "10.46.0.0/16")},
            "three-slices-miot-smf": {("iot", "10.47.0.0/16")},
        },
        # The prod overlay runs two eMBB UPFs in hamburg, each a PFCP peer of the eMBB SMF.
        "upf_pools": {
            "three-slices-embb-upf1": {("internet", "10.45.0.0/16")},
            "three-slices-embb-upf2": {("internet", "10.45.0.0/16")},
            "three-slices-urllc-upf1": {("control", "10.46.0.0/16")},
            "three-slices-miot-upf1": {("iot", "10.47.0.0/16")},
        },
        "smf_upf_peers": {
            "three-slices-embb-smf": 2,
            "three-slices-urllc-smf": 1,
            "three-slices-miot-smf": 1,
        },
        # Flux: each SMF waits for the core; a UPF waits for its SMF when both are in one cluster
        # (dependsOn cannot name a HelmRelease of another cluster's Kustomization).
        "flux_depends_on": {
            "three-slices-core": set(),
            "three-slices-embb-smf": {"three-slices-core"},
            "three-slices-urllc-smf": {"three-slices-core"},
            "three-slices-miot-smf": {"three-slices-core"},
            "three-slices-urllc-upf1": {"three-slices-urllc-smf"},
            "three-slices-miot-upf1": {"three-slices-miot-smf"},
            "three-slices-embb-upf1": set(),
            "three-slices-embb-upf2": set(),
        },
        "subscribers": {
            ("embb-ues", "001010000000001", "001010000000010", 10),
            ("urllc-ues", "001010000000011", "001010000000020", 10),
            ("miot-ues", "001010000000021", "001010000000030", 10),
            ("smoke-ues", "001010000000901", "001010000000903", 3),
        },
        # spec.smokeTest: one Job per slice x DNN, an IMSI each, in slice order. The gateway is the
        # pool's first host; the MTU is the eMBB DNN's 1400, else what fits GTP-U (44 bytes) in the
        # 1500-byte NSM link N3 crosses (1456).
        "smoke_tests": {
            "three-slices-smoke-embb-internet": (
                "embb/internet",
                "imsi-001010000000901",
                "10.45.0.0/16",
                "10.45.0.1",
                1400,
                SMOKE_KS,
            ),
            "three-slices-smoke-urllc-control": (
                "urllc/control",
                "imsi-001010000000902",
                "10.46.0.0/16",
                "10.46.0.1",
                1456,
                SMOKE_KS,
            ),
            "three-slices-smoke-miot-iot": (
                "miot/iot",
                "imsi-001010000000903",
                "10.47.0.0/16",
                "10.47.0.1",
                1456,
                SMOKE_KS,
            ),
        },
        # Flux runs them only once the site and every release of its cluster are ready.
        "flux_kustomization_depends_on": {
            SMOKE_KS: {"three-slices-berlin-site", "three-slices-releases"},
        },
    },
    "per-gnb-tacs": {
        # The AMF must serve both gNBs' TACs (7, 12); the network TAC is 7 too.
        "amf_tais": {("001", "01", 7), ("001", "01", 12)},
        "amf_slices": {(1, "000001"), (3, "00000b")},
        "smf_pools": {
            "per-gnb-tacs-embb-smf": {("internet", "10.45.0.0/24")},
            "per-gnb-tacs-iot-smf": {("iot", "10.47.0.0/25")},
        },
        "upf_pools": {
            "per-gnb-tacs-embb-upf1": {("internet", "10.45.0.0/24")},
            "per-gnb-tacs-iot-upf1": {("iot", "10.47.0.0/25")},
        },
        # The intent's gateway for iot; the first host for internet.
        "pool_gateways": {
            "per-gnb-tacs-embb-smf": {("internet", "10.45.0.1")},
            "per-gnb-tacs-embb-upf1": {("internet", "10.45.0.1")},
            "per-gnb-tacs-iot-smf": {("iot", "10.47.0.100")},
            "per-gnb-tacs-iot-upf1": {("iot", "10.47.0.100")},
        },
        "ueransim_gnbs": {
            "per-gnb-tacs-north": {"mcc": "001", "mnc": "01", "nci": "0x000000210", "idLength": 32, "tac": 7},
            "per-gnb-tacs-south": {
                "mcc": "001",
                "mnc": "01",
                "nci": "0x000000320",
                "idLength": 32,
                "tac": 12,
            },
        },
        "ueransim_gnb_slices": {
            "per-gnb-tacs-north": [{"sst": 1, "sd": "0x000001"}, {"sst": 3, "sd": "0x00000b"}],
            "per-gnb-tacs-south": [{"sst": 1, "sd": "0x000001"}],
        },
        "ues": {
            "per-gnb-tacs-north-ues-ues": ("imsi-001010000000001", 3, ["internet", "iot"]),
            "per-gnb-tacs-south-ues-ues": ("imsi-001010000000004", 2, ["internet"]),
        },
        "ue_gnb": {
            "per-gnb-tacs-north-ues-ues": "per-gnb-tacs-north.per-gnb-tacs-ran.svc.cluster.local",
            "per-gnb-tacs-south-ues-ues": "per-gnb-tacs-south.per-gnb-tacs-ran.svc.cluster.local",
        },
        # Adjacent ranges (…003 then …004) are allowed: they share no IMSI.
        "subscribers": {
            ("north-ues", "001010000000001", "001010000000003", 3),
            ("south-ues", "001010000000004", "001010000000005", 2),
        },
    },
    "fdd-30khz": {
        "amf_tais": {("001", "01", 5)},
        "amf_slices": {(1, "000001")},
        "smf_pools": {"fdd-30khz-embb-smf": {("internet", "10.45.0.0/24")}},
        "upf_pools": {"fdd-30khz-embb-upf1": {("internet", "10.45.0.0/24")}},
        "oai_gnbs": {
            # n66 (DL 2110-2200, UL 1710-1780 MHz), 20 MHz at 30 kHz: N_RB 51, half = 9.18 MHz.
            # DL centre 2140 MHz = ARFCN 428000; point A 2130.82 MHz = ARFCN 426164.
            # UL: n66's DL raster 422000.. and UL raster 342000.. step 20 -> same index:
            # 342000 + (428000 - 422000) = 348000 = 1740 MHz; UL point A 1730.82 MHz = 346164.
            # SSB (case B, 30 kHz): nearest SS_REF to 2140 MHz is N=1783, M=5: 2139.85 MHz
            # (GSCN 5350), ARFCN 427970; 2139.85 - 120 * 0.03 - 2130.82 = 5.43 MHz = 15 RBs of
            # 360 kHz + 30 kHz -> kSSB = 30 / 15 = 2.
            "fdd-30khz-gnb": {
                "gNB_ID": "0xe0",
                "nr_cellid": "3585L",
                "tracking_area_code": "5",
                "mcc": "1",
                "mnc": "1",
                "mnc_length": "2",
                "dl_frequencyBand": "66",
                "ul_frequencyBand": "66",
                "absoluteFrequencySSB": "427970",
                "dl_absoluteFrequencyPointA": "426164",
                "ul_absoluteFrequencyPointA": "346164",
                "dl_carrierBandwidth": "51",
                "ul_carrierBandwidth": "51",
                "dl_subcarrierSpacing": "1",
                "ul_subcarrierSpacing": "1",
                "ssb_SubcarrierOffset": "2",
            }
        },
        "subscribers": {("phones", "001010000000201", "001010000000204", 4)},
    },
}
