"""OpenAirInterface RAN (gitlab.eurecom.fr/oai/openairinterface5g): the gNB n5gc runs and what it takes.

n5gc runs OAI's `nr-softmodem` as a whole gNB or as the CU and DU of an F1 split, from the image the
oai-cn5g-fed charts `oai-gnb`, `oai-cu` and `oai-du` run (those charts expose no radio parameter as
a value, so n5gc renders the pods itself). Facts here are OAI's, not NR's:

- nr-softmodem serves one cell per process;
- n5gc's OAI configs cover FR1 carriers at 15 or 30 kHz whose SSB has the carrier's SCS
  (`CARRIERS`; N5G406 refuses the others, the oai target never sees them);
- with the F1 split, a CU uses UDP 2152 for N3 GTP-U on its one address, so its F1-U GTP-U listens
  on 2153 (what the oai-cu chart does when F1 and N3 share an interface);
- the RF simulator (`--rfsim`) serves on TCP 4043, the gNB or DU being the server.
"""

from __future__ import annotations

from dataclasses import dataclass

IMAGE = "docker.io/oaisoftwarealliance/oai-gnb:2024.w32"  # what the oai-gnb/oai-cu/oai-du charts run
SOFTMODEM = "/opt/oai-gnb/bin/nr-softmodem"  # in IMAGE
SA_ARGS = ("--sa",)  # standalone mode (the CU: no radio)
RFSIM_ARGS = ("--sa", "--rfsim")  # standalone mode with the RF simulator (whole gNB, DU)
RFSIM_PORT = 4043  # TCP, the rfsim server (gNB or DU)
CELLS_PER_GNB = 1  # nr-softmodem serves exactly one cell
F1C_PORT = 38472  # F1AP over SCTP (TS 38.472), the CU listening
F1U_CU_PORT = 2153  # the CU's F1-U GTP-U port: 2152 is taken by N3 on the same address
F1U_DU_PORT = 2152


@dataclass(frozen=True)
class CarrierKinds:
    """The carriers n5gc's OAI configs cover: frequency ranges and SCSs, the SSB at the carrier's SCS."""

    frequency_ranges: tuple[str, ...]
    scs_khz: tuple[int, ...]

    def described(self, noun: str = "carrier") -> str:
        """In words, for messages: "FR1 carrier at 15 or 30 kHz" (or "FR1 band ...")."""
        ranges = " or ".join(self.frequency_ranges)
        return f"{ranges} {noun} at {' or '.join(str(s) for s in self.scs_khz)} kHz"

    def takes_numerology(self, fr: str | None, scs_khz: int) -> bool:
        """Whether a carrier of this frequency range and SCS is covered; `fr` None (an unknown band,
        reported by the radio check) is judged on the SCS alone."""
        return (fr is None or fr in self.frequency_ranges) and scs_khz in self.scs_khz

    def takes_ssb(self, scs_khz: int, ssb_scs_khz: int) -> bool:
        """Whether n5gc's OAI configs can carry an SSB of this SCS: only the carrier's own (the
        CORESET#0 tables n5gc holds, n5gc.radio.coreset, are those with the SSB at the PDCCH's SCS)."""
        return ssb_scs_khz == scs_khz

    def takes(self, fr: str, scs_khz: int, ssb_scs_khz: int) -> bool:
        """Whether a planned carrier (frequency range, SCS, SSB SCS) is covered."""
        return self.takes_numerology(fr, scs_khz) and self.takes_ssb(scs_khz, ssb_scs_khz)


CARRIERS = CarrierKinds(frequency_ranges=("FR1",), scs_khz=(15, 30))
