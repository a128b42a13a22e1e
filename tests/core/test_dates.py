"""parse_date: every accepted form, the rejected ones, and that it never raises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.dates import MAX_YEAR, MIN_YEAR, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # objects
        (D(2024, 11, 10), D(2024, 11, 10)),
        (dt.datetime(2024, 11, 10, 23, 59), D(2024, 11, 10)),
        # ISO and friends
        ("2024-11-10", D(2024, 11, 10)),
        ("  2024-11-10  ", D(2024, 11, 10)),
        ("2024-11-10T08:00:00Z", D(2024, 11, 10)),
        ("2024-11-10T23:30:00+09:00", D(2024, 11, 10)),
        ("2024-11-10 08:00", D(2024, 11, 10)),
        ("2024/11/10", D(2024, 11, 10)),
        ("2024-1-5", D(2024, 1, 5)),
        ("20241110", D(2024, 11, 10)),
        (20241110, D(2024, 11, 10)),
        # epoch seconds and milliseconds
        (1731196800, D(2024, 11, 10)),
        (1731196800000, D(2024, 11, 10)),
        (1731196800.5, D(2024, 11, 10)),
        ("1731196800", D(2024, 11, 10)),
        ("1731196800000", D(2024, 11, 10)),
        (1703376000000, D(2023, 12, 24)),
        # English
        ("November 10, 2024", D(2024, 11, 10)),
        ("November 10 2024", D(2024, 11, 10)),
        ("10 November 2024", D(2024, 11, 10)),
        ("10 November, 2024", D(2024, 11, 10)),
        ("Nov. 10, 2024", D(2024, 11, 10)),
        ("nov 10, 2024", D(2024, 11, 10)),
        ("Sept 3rd, 2024", D(2024, 9, 3)),
        ("Sunday, November 10, 2024", D(2024, 11, 10)),
        ("Sun, 10 Nov 2024", D(2024, 11, 10)),
        ("Thursday, 7th of November, 2024", D(2024, 11, 7)),
        ("November 10, 2024 08:00 KST", D(2024, 11, 10)),
        # Juche calendar
        ("November 10, Juche 113 (2024)", D(2024, 11, 10)),
        ("Sunday, November 10, Juche 113 (2024)", D(2024, 11, 10)),
        ("Juche 113 (2024) November 10", D(2024, 11, 10)),
        ("10 November Juche 113", D(2024, 11, 10)),
        ("Juche 113, May 1", D(2024, 5, 1)),
        ("Juche113.2.11.", D(2024, 2, 11)),
        ("[Juche113.2.11.]", D(2024, 2, 11)),
        ("June 1, Juche 100 (2011)", D(2011, 6, 1)),
    ],
)
def test_accepted_forms(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "n/a",
        "yesterday",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "February 30, 2024",
        "1899-12-31",
        "2101-01-01",
        "Juche 113 (2024)",  # a year names no day
        "Juche 113",
        "10/11/2024",  # day-first or month-first: ambiguous
        "2024",
        2024,
        0,
        -1,
        True,
        False,
        float("nan"),
        float("inf"),
        10**30,
        -(10**30),
        99_999_999_999_999_999,
        "9" * 400,
        [],
        {},
        object(),
    ],
)
def test_rejected_values(value: object) -> None:
    assert parse_date(value) is None


def test_datetime_out_of_range() -> None:
    assert parse_date(dt.datetime(1850, 1, 1)) is None
    assert parse_date(D(2200, 1, 1)) is None


def test_epoch_units_agree() -> None:
    seconds = 1_600_000_000
    assert parse_date(seconds) == parse_date(seconds * 1000) == D(2020, 9, 13)


def test_leap_day() -> None:
    assert parse_date("2024-02-29") == D(2024, 2, 29)


def test_bytes_are_decoded() -> None:
    assert parse_date(b"2024-11-10") == D(2024, 11, 10)


def _in_range(result: dt.date | None) -> bool:
    return result is None or MIN_YEAR <= result.year <= MAX_YEAR


@given(st.text(max_size=300))
def test_never_raises_on_text(value: str) -> None:
    assert _in_range(parse_date(value))


@given(
    st.one_of(
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(),
        st.datetimes(),
        st.binary(max_size=64),
        st.from_regex(r"(Juche\s*\d{1,4}[ .()\d]*)?[A-Za-z ,.]{0,20}\d{0,14}", fullmatch=True),
    )
)
def test_never_raises_on_anything(value: object) -> None:
    assert _in_range(parse_date(value))
