"""NR operating bands: frequency ranges, duplex mode, channel rasters and sync rasters.

All frequencies are integer kHz so that every comparison is exact (NR-ARFCN steps are 5, 15 or
60 kHz, sync raster steps 1200/50, 1440 and 17280 kHz: all whole kHz).

Sources (numbers copied from these implementations, cross-checked against each other):

* Operating bands, TS 38.104 Table 5.2-1 / 5.2-2 (= TS 38.101-1/-2 Table 5.2-1):
  OAI ``common/utils/nr/nr_common.c`` ``nr_bandtable[]`` (Rel-18 comment) and
  mkrugly/nr_frequency ``NrArfcn.bands`` (for n259, which OAI lacks).
* Applicable NR-ARFCN per band, TS 38.104 Table 5.4.2.3-1 (FR1) and 5.4.2.3-2 (FR2):
  srsRAN_Project ``lib/ran/band_helper.cpp`` ``nr_band_table_fr1`` (FR1, incl. the n28 40 MHz
  extra ARFCN pair and the n46/n96/n102 per-bandwidth ARFCN lists), mkrugly/nr_frequency
  ``channel_freq_raster_fr2`` (FR2).
* SSB SCS, SSB pattern case and GSCN ranges, TS 38.104 Table 5.4.3.3-1 / 5.4.3.3-2:
  srsRAN_Project ``lib/ran/ssb/ssb_gscn.cpp`` ``ssb_gscn_raster_table_fr1`` and the n34/n38/n39/
  n46/n96/n102 GSCN lists, n79/n90 bandwidth-dependent ranges from the same file; OAI
  ``sync_raster[]`` for n14 (srsRAN lists it at 30 kHz, TS 38.104 and OAI at 15 kHz, case A)
  and n53 at 30 kHz; mkrugly/nr_frequency ``ss_raster_fr2`` for FR2.
"""

from __future__ import annotations

from dataclasses import field

from n5gc.records import record

FDD = "FDD"
TDD = "TDD"
SDL = "SDL"  # supplementary downlink: DL only
SUL = "SUL"  # supplementary uplink: UL only, no carrier to plan a cell on


@record
class ChannelRaster:
    """One row of TS 38.104 Table 5.4.2.3-1/-2: NR-ARFCNs usable as carrier centre (N_REF)."""

    delta_khz: int  # ΔF_Raster
    dl_first: int | None
    dl_step: int | None
    dl_last: int | None
    ul_first: int | None = None
    ul_step: int | None = None
    ul_last: int | None = None

    def has_dl(self, arfcn: int) -> bool:
        """True if ``arfcn`` is one of this raster's downlink NR-ARFCNs."""
        if self.dl_first is None or self.dl_step is None or self.dl_last is None:
            return False
        return self.dl_first <= arfcn <= self.dl_last and (arfcn - self.dl_first) % self.dl_step == 0


@record
class SyncRaster:
    """One row of TS 38.104 Table 5.4.3.3-1/-2: where an SSB of one SCS may sit in a band.

    ``gscn_list`` overrides first/step/last for bands whose table row is an explicit list.
    ``min_bw_mhz``/``below_bw_mhz`` restrict the row to channel bandwidths in that range
    (n79 and n90 have a denser raster for narrow channels).
    """

    ssb_scs_khz: int
    case: str  # SSB pattern case A..E (TS 38.213 4.1)
    gscn_first: int = 0
    gscn_step: int = 1
    gscn_last: int = -1
    gscn_list: tuple[int, ...] = ()
    min_bw_mhz: int = 0
    below_bw_mhz: int = 10_000

    def gscns(self) -> tuple[int, ...] | range:
        """All GSCNs of this row, ascending."""
        if self.gscn_list:
            return self.gscn_list
        return range(self.gscn_first, self.gscn_last + 1, self.gscn_step)

    def applies_to(self, bandwidth_mhz: int) -> bool:
        """True if this row is the one to use for a channel of ``bandwidth_mhz``."""
        return self.min_bw_mhz <= bandwidth_mhz < self.below_bw_mhz


@record
class Band:
    """An NR operating band (numbers in kHz, ARFCNs per TS 38.104 5.4.2)."""

    number: int
    duplex: str
    dl_khz: tuple[int, int] | None
    ul_khz: tuple[int, int] | None
    rasters: tuple[ChannelRaster, ...]
    sync: tuple[SyncRaster, ...] = ()
    # Per channel bandwidth, the only DL NR-ARFCNs allowed (shared-spectrum bands n46/n96/n102).
    restricted_dl_arfcns: dict[int, tuple[int, ...]] = field(default_factory=dict, hash=False)
    # Per channel bandwidth, DL ARFCN -> UL ARFCN pairs allowed on top of the raster (n28 40 MHz).
    extra_arfcn_pairs: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict, hash=False)

    @property
    def name(self) -> str:
        """The band as people write it, e.g. ``"n78"``."""
        return f"n{self.number}"

    @property
    def fr(self) -> str:
        """``"FR1"`` or ``"FR2"`` (all FR2-1 bands are n257 and above)."""
        return "FR2" if self.number >= 257 else "FR1"

    @property
    def has_dl(self) -> bool:
        """False for SUL bands, which carry no downlink."""
        return self.dl_khz is not None

    def ssb_scs_options(self) -> tuple[int, ...]:
        """SSB subcarrier spacings the band allows, ascending."""
        return tuple(sorted({s.ssb_scs_khz for s in self.sync}))

    def sync_raster(self, ssb_scs_khz: int, bandwidth_mhz: int) -> SyncRaster | None:
        """The sync-raster row for an SSB SCS and channel bandwidth, or None."""
        for row in self.sync:
            if row.ssb_scs_khz == ssb_scs_khz and row.applies_to(bandwidth_mhz):
                return row
        return None

    def raster_for(self, scs_khz: int) -> tuple[ChannelRaster, ...]:
        """The channel rasters a carrier of ``scs_khz`` may use, preferred first.

        TS 38.104 5.4.2.3: where a band has two ΔF_Raster values, the larger one is for channels
        whose SCS is at least that large.  So a 30 kHz carrier in n78 uses the 30 kHz raster
        (every second ARFCN), a 15 kHz one the 15 kHz raster (the srsRAN rule).  100 kHz rasters
        apply to every SCS (n90 has both kinds).
        """
        plain = tuple(r for r in self.rasters if r.delta_khz == 100)
        scs_rasters = [r for r in self.rasters if r.delta_khz != 100 and r.delta_khz <= scs_khz]
        best = (max(scs_rasters, key=lambda r: r.delta_khz),) if scs_rasters else ()
        if not plain and not best:
            # No ΔF_Raster <= SCS (cannot happen for table SCS values); fall back to the finest.
            best = (min(self.rasters, key=lambda r: r.delta_khz),)
        return plain + best


def _r100(ul: tuple[int, int] | None, dl: tuple[int, int] | None) -> ChannelRaster:
    """A 100 kHz raster row (step 20 ARFCNs of 5 kHz) from UL and DL first/last ARFCNs."""
    return ChannelRaster(
        100,
        dl[0] if dl else None,
        20 if dl else None,
        dl[1] if dl else None,
        ul[0] if ul else None,
        20 if ul else None,
        ul[1] if ul else None,
    )


def _rs(delta: int, first: int, step: int, last: int) -> ChannelRaster:
    """An SCS-based raster row of an unpaired (TDD) band: UL == DL."""
    return ChannelRaster(delta, first, step, last, first, step, last)


def _ss(scs: int, case: str, first: int, step: int, last: int, **kw: int) -> SyncRaster:
    return SyncRaster(scs, case, first, step, last, **kw)


def _ssl(scs: int, case: str, gscns: tuple[int, ...]) -> SyncRaster:
    return SyncRaster(scs, case, gscn_list=gscns)


# --- explicit GSCN lists, TS 38.104 Table 5.4.3.3-1 notes (srsRAN ssb_gscn.cpp) -----------------
_GSCN_N34_A = (5032, 5043, 5054)
_GSCN_N38_A = (6432, 6443, 6457, 6468, 6479, 6493, 6507, 6518, 6532, 6543)
_GSCN_N39_A = (4707, 4715, 4718, 4729, 4732, 4743, 4747, 4754, 4761, 4768, 4772, 4782, 4786, 4793)
_GSCN_N46 = (
    8996, 9010, 9024, 9038, 9051, 9065, 9079, 9093, 9107, 9121, 9218, 9232, 9246, 9260, 9274, 9288,
    9301, 9315, 9329, 9343, 9357, 9371, 9385, 9402, 9416, 9430, 9444, 9458, 9472, 9485, 9499, 9513,
)  # fmt: skip
_GSCN_N96 = (
    9548, 9562, 9576, 9590, 9603, 9617, 9631, 9645, 9659, 9673, 9687, 9701, 9714, 9728, 9742, 9756,
    9770, 9784, 9798, 9812, 9826, 9840, 9853, 9867, 9881, 9895, 9909, 9923, 9937, 9951, 9964, 9978,
    9992, 10006, 10020, 10034, 10048, 10062, 10076, 10090, 10103, 10117, 10131, 10145, 10159, 10173,
    10187, 10201, 10214, 10228, 10242, 10256, 10270, 10284, 10298, 10312, 10325, 10339, 10353,
)  # fmt: skip
_GSCN_N102 = (
    9535, 9548, 9562, 9576, 9590, 9603, 9617, 9631, 9645, 9659, 9673, 9687, 9701, 9714, 9728, 9742,
    9756, 9770, 9784, 9798, 9812, 9826, 9840, 9853, 9867,
)  # fmt: skip

# --- per-bandwidth DL ARFCN lists of shared-spectrum bands, TS 38.104 Table 5.4.2.3-1 notes -------
# (srsRAN band_helper.cpp validate_band_n46 / _n96 / _n102)
_N46_ARFCNS: dict[int, tuple[int, ...]] = {
    10: (782000, 788668),
    20: (
        744000, 745332, 746668, 748000, 749332, 750668, 752000, 753332, 754668, 756000, 765332,
        766668, 768000, 769332, 770668, 772000, 773332, 774668, 776000, 777332, 778668, 780000,
        781332, 783000, 784332, 785668, 787000, 788332, 789668, 791000, 792332, 793668,
    ),
    40: (
        744668, 746000, 748668, 751332, 754000, 755332, 766000, 767332, 770000, 772668, 775332,
        778000, 780668, 783668, 786332, 787668, 790332, 793000,
    ),
    60: (
        745332, 746668, 748000, 752000, 753332, 754668, 766668, 768000, 769332, 773332, 774668,
        778668, 780000, 784332, 785668, 791000, 792332,
    ),
    80: (746000, 747332, 752668, 754000, 767332, 768668, 774000, 779332, 785000, 791668),
    100: (746668, 753332, 768000, 791000),
}  # fmt: skip
_N96_ARFCNS: dict[int, tuple[int, ...]] = {
    20: (
        797000, 798332, 799668, 801000, 802332, 803668, 805000, 806332, 807668, 809000, 810332,
        811668, 813000, 814332, 815668, 817000, 818332, 819668, 821000, 822332, 823668, 825000,
        826332, 827668, 829000, 830332, 831668, 833000, 834332, 835668, 837000, 838332, 839668,
        841000, 842332, 843668, 845000, 846332, 847668, 849000, 850332, 851668, 853000, 854332,
        855668, 857000, 858332, 859668, 861000, 862332, 863668, 865000, 866332, 867668, 869000,
        870332, 871668, 873000, 874332,
    ),
    40: (
        797668, 800332, 803000, 805668, 808332, 811000, 813668, 816332, 819000, 821668, 824332,
        827000, 829668, 832332, 835000, 837668, 840332, 843000, 845668, 848332, 851000, 853668,
        856332, 859000, 861668, 864332, 867000, 869668, 872332,
    ),
    60: (
        798332, 799668, 803668, 805000, 809000, 810332, 814332, 815668, 819668, 821000, 825000,
        826332, 830332, 831668, 835668, 837000, 841000, 842332, 846332, 847668, 851668, 853000,
        857000, 858332, 862332, 863668, 867668, 869000, 873000,
    ),
    80: (
        799000, 804332, 809668, 815000, 820332, 825668, 831000, 836332, 841668, 847000, 852332,
        857668, 863000, 868332,
    ),
    100: (
        799668, 803668, 810332, 814332, 821000, 825000, 831668, 835668, 842332, 846332, 853000,
        857000, 863668, 867668, 869000, 870332, 871668,
    ),
}  # fmt: skip
_N102_ARFCNS: dict[int, tuple[int, ...]] = {
    20: (
        797000, 798332, 799668, 801000, 802332, 803668, 805000, 806332, 807668, 809000, 810332,
        811668, 813000, 814332, 815668, 817000, 818332, 819668, 821000, 822332, 823668, 825000,
        826332, 827668,
    ),
    40: (797668, 800332, 803000, 805668, 808332, 811000, 813668, 816332, 819000, 821668, 824332, 827000),
    60: (798332, 799668, 803668, 805000, 809000, 810332, 814332, 815668, 819668, 821000, 825000, 826332),
    80: (799000, 804332, 809668, 815000, 820332, 825668),
    100: (799668, 803668, 810332, 814332, 821000, 825000),
}  # fmt: skip


def _fdd(
    n: int,
    ul: tuple[int, int],
    dl: tuple[int, int],
    ula: tuple[int, int],
    dla: tuple[int, int],
    *sync: SyncRaster,
) -> Band:
    """A paired band on the 100 kHz raster."""
    return Band(n, FDD, dl, ul, (_r100(ula, dla),), sync)


def _tdd100(n: int, f: tuple[int, int], a: tuple[int, int], *sync: SyncRaster) -> Band:
    return Band(n, TDD, f, f, (_r100(a, a),), sync)


def _sdl(n: int, dl: tuple[int, int], dla: tuple[int, int], *sync: SyncRaster) -> Band:
    return Band(n, SDL, dl, None, (_r100(None, dla),), sync)


def _sul(n: int, ul: tuple[int, int], ula: tuple[int, int]) -> Band:
    return Band(n, SUL, None, ul, (_r100(ula, None),))


_A15 = "A"
_FR1_BANDS: tuple[Band, ...] = (
    # n   UL kHz                 DL kHz                 UL ARFCN          DL ARFCN          SSB rows
    _fdd(1, (1920000, 1980000), (2110000, 2170000), (384000, 396000), (422000, 434000),
         _ss(15, _A15, 5279, 1, 5419)),
    _fdd(2, (1850000, 1910000), (1930000, 1990000), (370000, 382000), (386000, 398000),
         _ss(15, _A15, 4829, 1, 4969)),
    _fdd(3, (1710000, 1785000), (1805000, 1880000), (342000, 357000), (361000, 376000),
         _ss(15, _A15, 4517, 1, 4693)),
    _fdd(5, (824000, 849000), (869000, 894000), (164800, 169800), (173800, 178800),
         _ss(15, _A15, 2177, 1, 2230), _ss(30, "B", 2183, 1, 2224)),
    _fdd(7, (2500000, 2570000), (2620000, 2690000), (500000, 514000), (524000, 538000),
         _ss(15, _A15, 6554, 1, 6718)),
    _fdd(8, (880000, 915000), (925000, 960000), (176000, 183000), (185000, 192000),
         _ss(15, _A15, 2318, 1, 2395)),
    _fdd(12, (699000, 716000), (729000, 746000), (139800, 143200), (145800, 149200),
         _ss(15, _A15, 1828, 1, 1858)),
    _fdd(13, (777000, 787000), (746000, 756000), (155400, 157400), (149200, 151200),
         _ss(15, _A15, 1871, 1, 1885)),
    _fdd(14, (788000, 798000), (758000, 768000), (157600, 159600), (151600, 153600),
         _ss(15, _A15, 1901, 1, 1915)),
    _fdd(18, (815000, 830000), (860000, 875000), (163000, 166000), (172000, 175000),
         _ss(15, _A15, 2156, 1, 2182)),
    _fdd(20, (832000, 862000), (791000, 821000), (166400, 172400), (158200, 164200),
         _ss(15, _A15, 1982, 1, 2047)),
    _fdd(24, (1626500, 1660500), (1525000, 1559000), (325300, 332100), (305000, 311800),
         _ss(15, _A15, 3818, 1, 3892), _ss(30, "B", 3824, 1, 3886)),
    _fdd(25, (1850000, 1915000), (1930000, 1995000), (370000, 383000), (386000, 399000),
         _ss(15, _A15, 4829, 1, 4981)),
    _fdd(26, (814000, 849000), (859000, 894000), (162800, 169800), (171800, 178800),
         _ss(15, _A15, 2153, 1, 2230)),
    Band(28, FDD, (758000, 803000), (703000, 748000), (_r100((140600, 149600), (151600, 160600)),),
         (_ss(15, _A15, 1901, 1, 2002),),
         # TS 38.104 Table 5.4.2.3-1 NOTE 4: one extra 40 MHz channel off the 100 kHz raster.
         extra_arfcn_pairs={40: ((155608, 144608),)}),
    _sdl(29, (717000, 728000), (143400, 145600), _ss(15, _A15, 1798, 1, 1813)),
    _fdd(30, (2305000, 2315000), (2350000, 2360000), (461000, 463000), (470000, 472000),
         _ss(15, _A15, 5879, 1, 5893)),
    _tdd100(34, (2010000, 2025000), (402000, 405000),
            _ssl(15, _A15, _GSCN_N34_A), _ss(30, "C", 5036, 1, 5050)),
    _tdd100(38, (2570000, 2620000), (514000, 524000),
            _ssl(15, _A15, _GSCN_N38_A), _ss(30, "C", 6437, 1, 6538)),
    _tdd100(39, (1880000, 1920000), (376000, 384000),
            _ssl(15, _A15, _GSCN_N39_A), _ss(30, "C", 4712, 1, 4789)),
    _tdd100(40, (2300000, 2400000), (460000, 480000), _ss(30, "C", 5762, 1, 5989)),
    Band(41, TDD, (2496000, 2690000), (2496000, 2690000),
         (_rs(15, 499200, 3, 537999), _rs(30, 499200, 6, 537996)),
         (_ss(15, _A15, 6246, 3, 6717), _ss(30, "C", 6252, 3, 6714))),
    Band(46, TDD, (5150000, 5925000), (5150000, 5925000), (_rs(15, 743334, 1, 795000),),
         (_ssl(30, "C", _GSCN_N46),), restricted_dl_arfcns=_N46_ARFCNS),
    Band(48, TDD, (3550000, 3700000), (3550000, 3700000),
         (_rs(15, 636667, 1, 646666), _rs(30, 636668, 2, 646666)),
         (_ss(30, "C", 7884, 1, 7982),)),
    _tdd100(50, (1432000, 1517000), (286400, 303400), _ss(30, "C", 3590, 1, 3781)),
    _tdd100(51, (1427000, 1432000), (285400, 286400), _ss(15, _A15, 3572, 1, 3574)),
    _tdd100(53, (2483500, 2495000), (496700, 499000),
            _ss(15, _A15, 6215, 1, 6232), _ss(30, "C", 6221, 1, 6226)),
    _fdd(65, (1920000, 2010000), (2110000, 2200000), (384000, 402000), (422000, 440000),
         _ss(15, _A15, 5279, 1, 5494)),
    _fdd(66, (1710000, 1780000), (2110000, 2200000), (342000, 356000), (422000, 440000),
         _ss(15, _A15, 5279, 1, 5494), _ss(30, "B", 5285, 1, 5488)),
    _sdl(67, (738000, 758000), (147600, 151600), _ss(15, _A15, 1850, 1, 1888)),
    _fdd(70, (1695000, 1710000), (1995000, 2020000), (339000, 342000), (399000, 404000),
         _ss(15, _A15, 4993, 1, 5044)),
    _fdd(71, (663000, 698000), (617000, 652000), (132600, 139600), (123400, 130400),
         _ss(15, _A15, 1547, 1, 1624)),
    _fdd(74, (1427000, 1470000), (1475000, 1518000), (285400, 294000), (295000, 303600),
         _ss(15, _A15, 3692, 1, 3790)),
    _sdl(75, (1432000, 1517000), (286400, 303400), _ss(15, _A15, 3584, 1, 3787)),
    _sdl(76, (1427000, 1432000), (285400, 286400), _ss(15, _A15, 3572, 1, 3574)),
    Band(77, TDD, (3300000, 4200000), (3300000, 4200000),
         (_rs(15, 620000, 1, 680000), _rs(30, 620000, 2, 680000)),
         (_ss(30, "C", 7711, 1, 8329),)),
    Band(78, TDD, (3300000, 3800000), (3300000, 3800000),
         (_rs(15, 620000, 1, 653333), _rs(30, 620000, 2, 653332)),
         (_ss(30, "C", 7711, 1, 8051),)),
    Band(79, TDD, (4400000, 5000000), (4400000, 5000000),
         (_rs(15, 693334, 1, 733333), _rs(30, 693334, 2, 733332)),
         # Channels narrower than 40 MHz get the dense raster (TS 38.104 Table 5.4.3.3-1 NOTE).
         (_ss(30, "C", 8475, 1, 8884, below_bw_mhz=40), _ss(30, "C", 8480, 16, 8880, min_bw_mhz=40))),
    _sul(80, (1710000, 1785000), (342000, 357000)),
    _sul(81, (880000, 915000), (176000, 183000)),
    _sul(82, (832000, 862000), (166400, 172400)),
    _sul(83, (703000, 748000), (140600, 149600)),
    _sul(84, (1920000, 1980000), (384000, 396000)),
    _fdd(85, (698000, 716000), (728000, 746000), (139600, 143200), (145600, 149200),
         _ss(15, _A15, 1826, 1, 1858)),
    _sul(86, (1710000, 1780000), (342000, 356000)),
    _sul(89, (824000, 849000), (164800, 169800)),
    Band(90, TDD, (2496000, 2690000), (2496000, 2690000),
         (_r100((499200, 538000), (499200, 538000)), _rs(15, 499200, 3, 537999), _rs(30, 499200, 6, 537996)),
         (_ss(15, _A15, 6245, 1, 6718, below_bw_mhz=10), _ss(15, _A15, 6246, 1, 6717, min_bw_mhz=10),
          _ss(30, "C", 6252, 1, 6714))),
    _fdd(91, (832000, 862000), (1427000, 1432000), (166400, 172400), (285400, 286400),
         _ss(15, _A15, 3572, 1, 3574)),
    _fdd(92, (832000, 862000), (1432000, 1517000), (166400, 172400), (286400, 303400),
         _ss(15, _A15, 3584, 1, 3787)),
    _fdd(93, (880000, 915000), (1427000, 1432000), (176000, 183000), (285400, 286400),
         _ss(15, _A15, 3572, 1, 3574)),
    _fdd(94, (880000, 915000), (1432000, 1517000), (176000, 183000), (286400, 303400),
         _ss(15, _A15, 3584, 1, 3787)),
    _sul(95, (2010000, 2025000), (402000, 405000)),
    Band(96, TDD, (5925000, 7125000), (5925000, 7125000), (_rs(15, 795000, 1, 875000),),
         (_ssl(30, "C", _GSCN_N96),), restricted_dl_arfcns=_N96_ARFCNS),
    _sul(97, (2300000, 2400000), (460000, 480000)),
    _sul(98, (1880000, 1920000), (376000, 384000)),
    _sul(99, (1626500, 1660500), (325300, 332100)),
    _fdd(100, (874400, 880000), (919400, 925000), (174880, 176000), (183880, 185000),
         _ss(15, _A15, 2303, 1, 2307)),
    _tdd100(101, (1900000, 1910000), (380000, 382000),
            _ss(15, _A15, 4754, 1, 4768), _ss(30, "C", 4760, 1, 4764)),
    Band(102, TDD, (5925000, 6425000), (5925000, 6425000), (_rs(15, 796334, 1, 828333),),
         (_ssl(30, "C", _GSCN_N102),), restricted_dl_arfcns=_N102_ARFCNS),
    Band(104, TDD, (6425000, 7125000), (6425000, 7125000),
         (_rs(15, 828334, 1, 875000), _rs(30, 828334, 2, 875000)),
         (_ss(30, "C", 9882, 7, 10358),)),
)  # fmt: skip


def _fr2(
    n: int,
    f: tuple[int, int],
    r60: tuple[int, int],
    r120: tuple[int, int],
    s120: tuple[int, int],
    s240: tuple[int, int],
) -> Band:
    """An FR2 TDD band: 60/120 kHz channel rasters, 120 kHz (case D) / 240 kHz (case E) SSB."""
    return Band(
        n, TDD, f, f,
        (_rs(60, r60[0], 1, r60[1]), _rs(120, r120[0], 2, r120[1])),
        (_ss(120, "D", s120[0], 1, s120[1]), _ss(240, "E", s240[0], 2, s240[1])),
    )  # fmt: skip


_FR2_BANDS: tuple[Band, ...] = (
    # n   DL=UL kHz                60 kHz raster          120 kHz raster        GSCN 120 kHz    GSCN 240 kHz
    _fr2(257, (26500000, 29500000), (2054166, 2104165), (2054167, 2104165), (22388, 22558), (22390, 22556)),
    _fr2(258, (24250000, 27500000), (2016667, 2070832), (2016667, 2070831), (22257, 22443), (22258, 22442)),
    _fr2(259, (39500000, 43500000), (2270833, 2337499), (2270833, 2337499), (23140, 23369), (23142, 23368)),
    _fr2(260, (37000000, 40000000), (2229166, 2279165), (2229167, 2279165), (22995, 23166), (22996, 23164)),
    _fr2(261, (27500000, 28350000), (2070833, 2084999), (2070833, 2084999), (22446, 22492), (22446, 22490)),
)  # fmt: skip

BANDS: dict[int, Band] = {b.number: b for b in (*_FR1_BANDS, *_FR2_BANDS)}
"""Every known band by number."""


def band_numbers() -> tuple[int, ...]:
    """All known band numbers, ascending."""
    return tuple(sorted(BANDS))
