from __future__ import annotations

import datetime as dt

import pytest

from tui.core.daterange import parse_bound


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-08", dt.date(2024, 8, 1), dt.date(2024, 8, 31)),
        ("2024-2", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023/02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2024-08-03", dt.date(2024, 8, 3), dt.date(2024, 8, 3)),
        (" 2011-12 ", dt.date(2011, 12, 1), dt.date(2011, 12, 31)),
    ],
)
def test_a_year_or_month_runs_from_its_first_day_to_its_last(
    text: str, first: dt.date, last: dt.date
) -> None:
    assert parse_bound(text, end=False) == first
    assert parse_bound(text, end=True) == last


@pytest.mark.parametrize("text", ["2024-13", "0999", "24", "nonsense", "2024-00"])
def test_what_is_no_date_stays_none(text: str) -> None:
    assert parse_bound(text, end=False) is None
    assert parse_bound(text, end=True) is None
