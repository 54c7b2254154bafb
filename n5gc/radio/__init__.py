"""3GPP radio facts and formulas for NR carriers (TS 38.104, TS 38.101-1/-2).

A pure module: no I/O, standard library only, cheap to import (the validate path imports it).

* ``bands``: operating bands, channel rasters, sync rasters (SSB SCS, GSCN ranges).
* ``tables``: N_RB per SCS and bandwidth; channel bandwidths allowed per band and SCS.
* ``raster``: NR-ARFCN <-> frequency and GSCN <-> frequency, exact integer kHz.
* ``carrier``: ``plan_carrier`` -> ``CarrierPlan`` (point A, SSB GSCN/ARFCN, kSSB, FDD uplink, ...).
* ``serving_cell``: ``plan_serving_cell`` -> ``ServingCellCommon``, what the cell announces besides
  its carrier (TS 38.331/38.213): the initial BWP's RIV (``bwp``), CORESET#0 (``coreset``), L_max
  of the SSB burst (``ssb``), the TDD pattern (``tdd``).
"""

from n5gc.radio.bands import BANDS, Band, band_numbers
from n5gc.radio.bwp import bwp_riv
from n5gc.radio.carrier import (
    CarrierPlan,
    lookup_band,
    nearest_plan_where,
    plan_carrier,
    snap_to_raster,
    ssb_grids,
    ssb_offsets,
    ssb_on_own_grid,
)
from n5gc.radio.coreset import coreset0_index
from n5gc.radio.errors import KINDS, RadioError
from n5gc.radio.raster import (
    arfcn_to_gscn,
    arfcn_to_khz,
    arfcn_to_mhz,
    gscn_to_arfcn,
    gscn_to_khz,
    gscn_to_mhz,
    khz_to_arfcn,
    khz_to_gscn,
    mhz_to_arfcn,
    mhz_to_gscn,
)
from n5gc.radio.serving_cell import ServingCellCommon, plan_serving_cell
from n5gc.radio.ssb import ssb_l_max
from n5gc.radio.tables import allowed_bandwidths, allowed_scs, n_rb, numerology
from n5gc.radio.tdd import TddPattern, tdd_pattern

__all__ = [
    "BANDS",
    "KINDS",
    "Band",
    "CarrierPlan",
    "RadioError",
    "ServingCellCommon",
    "TddPattern",
    "allowed_bandwidths",
    "allowed_scs",
    "arfcn_to_gscn",
    "arfcn_to_khz",
    "arfcn_to_mhz",
    "band_numbers",
    "bwp_riv",
    "coreset0_index",
    "gscn_to_arfcn",
    "gscn_to_khz",
    "gscn_to_mhz",
    "khz_to_arfcn",
    "khz_to_gscn",
    "lookup_band",
    "mhz_to_arfcn",
    "mhz_to_gscn",
    "n_rb",
    "nearest_plan_where",
    "numerology",
    "plan_carrier",
    "plan_serving_cell",
    "snap_to_raster",
    "ssb_grids",
    "ssb_l_max",
    "ssb_offsets",
    "ssb_on_own_grid",
    "tdd_pattern",
]
