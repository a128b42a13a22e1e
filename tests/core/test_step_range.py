"""`[` and `]` move the date range by a period and stop at the corpus's first and last one."""

from __future__ import annotations

import datetime as dt

from tui.core.models import Period
from tui.core.query import period_name, step_range

FIRST = dt.date(2023, 12, 24)
LAST = dt.date(2024, 11, 10)
D = dt.date


def test_a_step_inside_the_corpus_moves_by_one_period() -> None:
    october = (D(2024, 10, 1), D(2024, 10, 31))
    assert step_range(*october, Period.month, 1, FIRST, LAST) == (D(2024, 11, 1), D(2024, 11, 30))
    assert step_range(*october, Period.month, -1, FIRST, LAST) == (D(2024, 9, 1), D(2024, 9, 30))


def test_no_step_past_the_last_or_before_the_first_period() -> None:
    november = (D(2024, 11, 1), D(2024, 11, 30))
    assert step_range(*november, Period.month, 1, FIRST, LAST) is None
    december = (D(2023, 12, 1), D(2023, 12, 31))
    assert step_range(*december, Period.month, -1, FIRST, LAST) is None
    fourth = (D(2024, 10, 1), D(2024, 12, 31))
    assert step_range(*fourth, Period.quarter, 1, FIRST, LAST) is None
    assert step_range(*fourth, Period.quarter, -1, FIRST, LAST) == (D(2024, 7, 1), D(2024, 9, 30))


def test_a_range_beyond_the_corpus_may_step_back_towards_it() -> None:
    later = (D(2025, 3, 1), D(2025, 3, 31))
    assert step_range(*later, Period.month, -1, FIRST, LAST) == (D(2025, 2, 1), D(2025, 2, 28))
    assert step_range(*later, Period.month, 1, FIRST, LAST) is None


def test_periods_are_named_as_the_timeline_names_them() -> None:
    assert period_name(LAST, Period.month) == "2024-11"
    assert period_name(LAST, Period.quarter) == "2024-Q4"
    assert period_name(FIRST, Period.year) == "2023"
