"""The ``n5gc radio`` click command, driven through CliRunner."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from n5gc.commands.radio import command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import intents


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_output() -> None:
    code, out, err = run("n78", "--bandwidth", "40", "--scs", "30", "--arfcn", "641280")
    assert code == 0, err
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["n_rb"].strip() == "106"
    assert lines["point_a_arfcn"].strip() == "640008"
    assert lines["ssb_arfcn"].strip() == "641280"
    assert lines["dl_range_mhz"].strip() == "3300.0 .. 3800.0"
    # Values line up in one column.
    columns = {line.index(line.split(":", 1)[1].strip()) for line in out.splitlines()}
    assert len(columns) == 1


def test_json_output_has_sorted_keys() -> None:
    code, out, _ = run("n1", "--bandwidth", "20", "--scs", "15", "--center", "2140", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == sorted(data)
    assert data["n_rb"] == 106 and data["ul_center_arfcn"] == 390000


def test_fdd_band_prints_its_uplink_carrier() -> None:
    """n66 20 MHz at 30 kHz centred at 2140 MHz: UL centre 1740 MHz (400 MHz lower), 51 RB, UL point
    A 1740 - 51*6*0.03 = 1730.82 MHz."""
    code, out, err = run("n66", "--bandwidth", "20", "--scs", "30", "--center", "2140")
    assert code == 0, err
    lines = {key: value.strip() for key, value in (line.split(":", 1) for line in out.splitlines())}
    assert (lines["duplex"], lines["ul_range_mhz"]) == ("FDD", "1710.0 .. 1780.0")
    assert (lines["ul_center_arfcn"], lines["ul_center_mhz"]) == ("348000", "1740.0")
    assert (lines["ul_point_a_arfcn"], lines["ul_point_a_mhz"]) == ("346164", "1730.82")


def test_fdd_channel_whose_uplink_leaves_the_band_is_an_error() -> None:
    code, out, err = run("n66", "--bandwidth", "40", "--scs", "30", "--center", "2170")
    assert (code, out) == (1, "")
    assert "error N5G501 the uplink paired with the 40 MHz n66 channel at 2170 MHz" in err
    assert "hint: closest centre whose uplink fits: 2160 MHz (ARFCN 432000" in err


def test_centre_spelling_and_decimal_centre() -> None:
    code, out, _ = run("n78", "--bandwidth", "40", "--scs", "30", "--centre", "3619.2", "--format", "json")
    assert code == 0
    assert json.loads(out)["center_arfcn"] == 641280


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("n78", "--bandwidth", "35", "--scs", "30", "--center", "3500.01"), "n78 allows 10, 15"),
        (("n999", "--bandwidth", "20", "--scs", "15", "--center", "2140"), "closest known bands"),
        (("n78", "--bandwidth", "40", "--scs", "30"), "middle of the band"),
        (("n80", "--bandwidth", "20", "--scs", "15", "--arfcn", "350000"), "n3"),
        # Unicode digits: '¹'.isdigit() is True but int('¹') raises (issue 14's "internal error").
        (("¹", "--bandwidth", "40", "--scs", "30", "--arfcn", "641280"), "write the band as n<number>"),
        (("n٧٨", "--bandwidth", "40", "--scs", "30", "--arfcn", "641280"), "write the band as n<number>"),
    ],
)
def test_bad_input_is_an_n5g501_error(args: tuple[str, ...], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 1
    assert out == ""
    first, hint = err.splitlines()
    assert first.startswith("error N5G501 ")
    assert hint.startswith("hint: ") and needle in hint
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("n78", "--bandwidth", "x", "--scs", "30"),
        ("n78", "--scs", "30", "--arfcn", "641280"),
        ("n78", "--bandwidth", "40", "--scs", "30", "--center", "3619.2", "--arfcn", "641280"),
        ("n78", "--bandwidth", "40", "--scs", "30", "--arfcn", "641280", "--format", "yaml"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "Traceback" not in err


def test_centre_off_the_raster_is_moved_onto_it_as_validate_does(tmp_path: Path) -> None:
    """One behaviour for 3500 MHz in n78: validate warns N5G502 and uses 3500.01 MHz, and so does radio."""
    code, out, err = run("n78", "--bandwidth", "40", "--scs", "30", "--center", "3500", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["center_arfcn"] == 633334
    warning_line, hint = err.splitlines()
    assert warning_line.startswith("warning N5G502 ") and "633334" in warning_line
    assert hint.startswith("hint: ")
    cell = "band: n78, bandwidthMHz: 40, scsKHz: 30, arfcn: 641280"
    intent = intents.write(
        tmp_path, intents.edit(intents.NETWORK, cell, cell.replace("arfcn: 641280", "centerMHz: 3500"))
    )
    found = [d for d in intents.diagnose(intent) if d.code == "N5G502"]
    assert len(found) == 1
    assert found[0].message.endswith(warning_line.removeprefix("warning N5G502 "))
    assert hint == f"hint: {found[0].hint}"
