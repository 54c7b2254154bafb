"""The one exception type of ``n5gc.radio``: a carrier request that 3GPP does not allow."""

from __future__ import annotations

KINDS: frozenset[str] = frozenset(
    {
        "unknown_band",  # not an NR operating band we know
        "bandwidth_not_allowed",  # bandwidth not in the band's table (or band has no downlink: SUL)
        "scs_not_allowed",  # subcarrier spacing not allowed in the band
        "centre_out_of_band",  # carrier centre frequency / ARFCN outside the band's DL range
        "channel_outside_band",  # centre inside, but centre ± bandwidth/2 sticks out of the band
        "off_raster",  # centre not on the band's channel raster (or its per-bandwidth ARFCN list)
        "missing_centre",  # neither centre nor ARFCN given
        "conflicting_centre",  # both given and they name different frequencies
        "no_ssb_position",  # no sync raster point puts a whole SSB, on the kSSB grid, inside the carrier
        "uplink_outside_band",  # FDD: the paired uplink channel (same raster index) leaves the UL band
    }
)
"""Every value ``RadioError.kind`` can take."""


class RadioError(Exception):
    """A radio request that cannot be planned.

    ``kind`` is a stable machine-readable reason (one of ``KINDS``), ``message`` says what is
    wrong in words, ``hint`` (when a nearby valid choice exists) names it, e.g.
    ``"nearest centre on the raster: 3500.01 MHz (ARFCN 633334)"``.
    """

    def __init__(self, kind: str, message: str, hint: str | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown RadioError kind {kind!r}")
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RadioError({self.kind!r}, {self.message!r}, hint={self.hint!r})"
