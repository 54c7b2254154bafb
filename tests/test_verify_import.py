"""verify imports jsonschema_rs without `email.utils` (n5gc.verify._jsonschema_rs).

The extension reads its own build date with `email.utils.parsedate_to_datetime` while loading; a
stand-in answers that one call during the import. The promises: the date it gives is the one the real
function gives, any other name comes from the real module, and once the import is done `email.utils`
is either absent or the real module, never the stand-in.
"""

from __future__ import annotations

import email.utils
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from n5gc import verify

DATES = [
    "Thu, 12 Nov 2026 07:50:16 +0000",
    "Mon, 01 Jan 2001 00:00:00 +0000",
    "Sun, 31 Dec 2099 23:59:59 +2359",
    "Fri, 29 Feb 2024 12:00:00 +0530",
    "Mon, 01 Jan 2001 00:00:00 -0000",  # no zone: a naive datetime, from the real function
    "Mon, 01 Jan 2001 00:00:00 -0530",
    "Mon, 1 Jan 2001 00:00:00 +0000",
    "1 Jan 2001 00:00:00 GMT",
    "Mon, 01 Jan 01 00:00:00 +0000",
    "Mon, 01 Jan 0050 00:00:00 +0000",  # a two-digit year to email.utils: 2050
    "Mon, 01 Jan 0999 00:00:00 +0000",
]


@pytest.mark.parametrize("date", DATES)
def test_the_stand_in_reads_a_date_as_email_utils_does(date: str) -> None:
    stand_in = verify._EmailUtils("email.utils")
    mine, theirs = stand_in.parsedate_to_datetime(date), email.utils.parsedate_to_datetime(date)
    assert mine == theirs
    assert (mine.tzinfo is None) == (theirs.tzinfo is None)


@given(
    st.integers(0, 6),
    st.integers(0, 32),
    st.integers(0, 11),
    st.integers(0, 9999),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 2400),
)
def test_the_stand_in_reads_generated_dates_as_email_utils_does(
    weekday: int, day: int, month: int, year: int, hour: int, minute: int, second: int, zone: int
) -> None:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    clock = f"{hour:02d}:{minute:02d}:{second:02d}"
    text = f"{days[weekday]}, {day:02d} {verify._MONTHS[month]} {year:04d} {clock} +{zone:04d}"
    try:
        theirs = email.utils.parsedate_to_datetime(text)
    except ValueError:
        with pytest.raises(ValueError):
            verify._EmailUtils("email.utils").parsedate_to_datetime(text)
        return
    assert verify._EmailUtils("email.utils").parsedate_to_datetime(text) == theirs


def test_the_stand_in_hands_every_other_name_to_the_real_module() -> None:
    stand_in = verify._EmailUtils("email.utils")
    assert stand_in.formataddr(("n5gc", "n5gc@example.org")) == email.utils.formataddr(
        ("n5gc", "n5gc@example.org")
    )
    assert stand_in.quote is email.utils.quote


CHECK = """
import sys
{before}
from n5gc import verify
rs = verify._jsonschema_rs()
{after}
assert rs.Draft202012Validator({{"type": "string"}}).is_valid("x")
import email.utils
assert not isinstance(sys.modules["email.utils"], verify._EmailUtils)
print(repr(rs.jsonschema_rs.__build__["info-time"]))
"""


def _run(before: str, after: str) -> str:
    check = CHECK.format(before=before, after=after)
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_verify_loads_jsonschema_rs_without_email_utils_and_leaves_no_stand_in() -> None:
    behind = 'assert "email.utils" not in sys.modules, "the import left email.utils or its stand-in"'
    with_stand_in = _run("", behind)
    # The same extension loaded with the real email.utils already there: the same build date.
    real = "import email.utils; real = sys.modules['email.utils']"
    with_real = _run(real, "assert sys.modules['email.utils'] is real")
    assert with_stand_in == with_real
    assert with_stand_in.startswith("datetime.datetime(")
