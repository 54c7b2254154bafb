"""``n5gc radio``: plan one NR carrier and print it for a person (or as JSON).

Example: ``n5gc radio n78 --bandwidth 40 --scs 30 --arfcn 641280``; in an FDD band (``n66``) the
output has the paired uplink carrier too.
A --center just off the channel raster is moved onto it with ``warning N5G502`` (as in
``n5gc validate``). A request 3GPP does not allow prints ``error N5G501 <reason>`` and a ``hint:``
line on stderr and exits 1; malformed command lines are click usage errors (exit 2).
"""

from __future__ import annotations

import json

import click

from n5gc.radio import CarrierPlan, RadioError

ERROR_CODE = "N5G501"
WARNING_CODE = "N5G502"


def render_text(plan: CarrierPlan) -> str:
    """The plan as aligned ``key: value`` lines, in field order."""
    data = plan.to_dict()
    width = max(len(key) for key in data) + 1
    return "\n".join(f"{key + ':':<{width}} {_value_text(value)}" for key, value in data.items())


def render_json(plan: CarrierPlan) -> str:
    """The plan as pretty JSON with sorted keys."""
    return json.dumps(plan.to_dict(), indent=2, sort_keys=True)


def _value_text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return " .. ".join(_value_text(v) for v in value)
    return str(value)


@click.command("radio")
@click.argument("band")
@click.option("--bandwidth", "bandwidth", type=int, required=True, help="Channel bandwidth in MHz.")
@click.option("--scs", "scs", type=int, required=True, help="Subcarrier spacing in kHz (15/30/60/120).")
@click.option("--center", "--centre", "center", type=float, default=None, help="Carrier centre in MHz.")
@click.option("--arfcn", "arfcn", type=int, default=None, help="Carrier centre as NR-ARFCN.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)  # fmt: skip
def command(band: str, bandwidth: int, scs: int, center: float | None, arfcn: int | None, fmt: str) -> None:
    """Plan an NR carrier in BAND (e.g. n78): point A, SSB position (GSCN), kSSB, offsetToPointA.

    In an FDD band it also prints the paired uplink carrier (ul_center_arfcn, ul_center_mhz,
    ul_point_a_arfcn, ul_point_a_mhz: one duplex spacing from the downlink, same bandwidth) and
    refuses a channel whose uplink leaves the band's uplink range.

    A --center within one raster step of a valid centre (3500 for n78 at 30 kHz) is moved onto the
    channel raster with warning N5G502 on stderr, as `n5gc validate` does for a cell's centerMHz.
    """
    if center is not None and arfcn is not None:
        raise click.UsageError("give either --center or --arfcn, not both")
    try:
        plan, snapped = _plan(band, bandwidth, scs, center, arfcn)
    except RadioError as exc:
        click.echo(f"error {ERROR_CODE} {exc.message}", err=True)
        if exc.hint:
            click.echo(f"hint: {exc.hint}", err=True)
        click.get_current_context().exit(1)
    if snapped is not None and center is not None:
        from n5gc.checks.radio import off_raster

        message, hint = off_raster(center, plan, snapped)
        click.echo(f"warning {WARNING_CODE} {message}\nhint: {hint}", err=True)
    click.echo(render_json(plan) if fmt == "json" else render_text(plan))


def _plan(
    band: str, bandwidth: int, scs: int, center: float | None, arfcn: int | None
) -> tuple[CarrierPlan, int | None]:
    """The carrier, and the ARFCN a --center off the raster was moved to: the same rule as a cell's
    centerMHz in an intent (n5gc.model.cells.cell_carrier), so radio and validate agree."""
    from n5gc.model.cells import cell_carrier
    from n5gc.model.network import Cell

    # nci and pci do not take part in the carrier (cell_carrier reads the other fields only)
    request = Cell(
        nci=0, pci=0, band=band, bandwidth_mhz=bandwidth, scs_khz=scs, center_mhz=center, arfcn=arfcn
    )
    return cell_carrier(request)
