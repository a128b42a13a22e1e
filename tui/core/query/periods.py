"""Periods (day, week, month, quarter, year): their labels, and date ranges moved by them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tui.core.models import Period

PERIOD_CODES = {
    Period.day: "D",
    Period.week: "W-SUN",
    Period.month: "M",
    Period.quarter: "Q",
    Period.year: "Y",
}


def period_label(period: pd.Period, kind: Period) -> str:
    """A compact, sortable label for a period ("2024-03", "2024-Q1", week: its Monday)."""
    if kind is Period.day or kind is Period.week:
        return str(period.start_time.date().isoformat())
    if kind is Period.month:
        return f"{period.year:04d}-{period.month:02d}"
    if kind is Period.quarter:
        return f"{period.year:04d}-Q{period.quarter}"
    return f"{period.year:04d}"


def shift_range(
    start: dt.date, end: dt.date, period: Period, steps: int
) -> tuple[dt.date, dt.date]:
    """Move a date range by whole periods, keeping its length in periods."""
    code = PERIOD_CODES[period]
    first = pd.Period(start, freq=code) + steps
    last = pd.Period(end, freq=code) + steps
    return first.start_time.date(), last.end_time.date()


def period_of(day: dt.date, period: Period) -> pd.Period:
    """The period of granularity ``period`` that holds ``day``."""
    return pd.Period(day, freq=PERIOD_CODES[period])


def period_range(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The whole period that holds ``day``."""
    current = period_of(day, period)
    return current.start_time.date(), current.end_time.date()


def period_name(day: dt.date, period: Period) -> str:
    """The label of the period that holds ``day``, as the timeline writes it ("2024-11")."""
    return period_label(pd.Period(day, freq=PERIOD_CODES[period]), period)


def step_range(
    start: dt.date, end: dt.date, period: Period, steps: int, first: dt.date, last: dt.date
) -> tuple[dt.date, dt.date] | None:
    """``shift_range`` kept to the periods from ``first``'s to ``last``'s (the corpus's dates):
    None when the step would take the range past them. A range beyond the corpus may still
    step back towards it."""
    new_start, new_end = shift_range(start, end, period, steps)
    if steps > 0 and new_end > period_range(last, period)[1]:
        return None
    if steps < 0 and new_start < period_range(first, period)[0]:
        return None
    return new_start, new_end
