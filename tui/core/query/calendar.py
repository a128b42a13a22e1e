"""The corpus's days: each article's day number, date ranges as day numbers, and periods."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tui.core.index import CorpusIndex
from tui.core.models import FilterState, Period
from tui.core.query.caches import Once
from tui.core.query.periods import PERIOD_CODES, period_label

PeriodCodes = tuple[np.ndarray, np.ndarray, list[str]]


class Calendar:
    """Each article's day as a number from the corpus's first day, and what follows from it:
    a filter's date range as a slice of days, the articles per day, the periods' days."""

    def __init__(self, index: CorpusIndex) -> None:
        self.size = len(index.articles)
        dates = index.articles["date"].to_numpy(dtype="datetime64[D]")
        self.dated = ~np.isnat(dates)
        # Undated articles get the number after the last day, so they sort last and fall
        # outside every range.
        self.first_day = int(dates[self.dated].min().astype(np.int64)) if self.dated.any() else 0
        self.n_days = (
            int(dates[self.dated].max().astype(np.int64)) - self.first_day + 1
            if self.dated.any()
            else 0
        )
        day_type = np.uint16 if self.n_days < np.iinfo(np.uint16).max else np.int32
        self.dayno: np.ndarray = np.where(
            self.dated, dates.astype(np.int64) - self.first_day, self.n_days
        ).astype(day_type)
        del dates
        # Articles before each day number: a share's denominator is two look-ups.
        self.day_articles = cumulative(np.bincount(self.dayno, minlength=self.n_days + 1))
        self._periods: Once[Period] = Once()

    def window(self, filters: FilterState) -> tuple[int, int]:
        """The filters' date range as day numbers [start, end); with no range at all, every
        day and the undated articles."""
        if filters.date_from is None and filters.date_to is None:
            return 0, self.n_days + 1
        start = (
            min(max(_epoch_day(filters.date_from) - self.first_day, 0), self.n_days)
            if filters.date_from is not None
            else 0
        )
        end = (
            min(max(_epoch_day(filters.date_to) - self.first_day + 1, 0), self.n_days)
            if filters.date_to is not None
            else self.n_days
        )
        return start, max(start, end)

    def date_mask(self, filters: FilterState) -> np.ndarray:
        start, end = self.window(filters)
        if start == 0 and end > self.n_days:
            return np.ones(self.size, dtype=bool)
        mask: np.ndarray = (self.dayno >= start) & (self.dayno < end)
        return mask

    def date_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day with a dated article, or None when none is dated."""
        if not self.n_days:
            return None
        first = dt.date(1970, 1, 1) + dt.timedelta(days=self.first_day)
        return first, first + dt.timedelta(days=self.n_days - 1)

    def denominator(self, filters: FilterState) -> int:
        """All articles in the filters' date range: what a share is a share of."""
        start, end = self.window(filters)
        return int(self.day_articles[end] - self.day_articles[start])

    def period_codes(self, period: Period) -> PeriodCodes:
        """Per day number: its period number; per period: its first day number (and one more
        entry, the day after the last); the labels of every period in the corpus span."""
        return self._periods.get(period, lambda: self._make_period_codes(period))

    def _make_period_codes(self, period: Period) -> PeriodCodes:
        codes = np.zeros(0, dtype=np.int64)
        labels: list[str] = []
        if self.n_days:
            freq = PERIOD_CODES[period]
            days = (np.arange(self.n_days) + self.first_day).astype("datetime64[D]")
            ordinals = pd.PeriodIndex(days, freq=freq).asi8
            first = int(ordinals[0])
            codes = ordinals - first
            span = pd.period_range(
                pd.Period(ordinal=first, freq=freq), periods=int(ordinals[-1]) - first + 1
            )
            labels = [period_label(p, period) for p in span]
        starts = np.searchsorted(codes, np.arange(len(labels) + 1), side="left")
        return codes, starts, labels


def cumulative(counts: np.ndarray) -> np.ndarray:
    """Running totals with a leading zero: the sum over [i, j) is ``result[j] - result[i]``.

    Kept in 32 bits when the grand total fits (counts are whole numbers)."""
    totals = np.cumsum(counts, axis=0)
    dtype = np.int32 if (totals.size == 0 or totals.max() < np.iinfo(np.int32).max) else np.int64
    zero = np.zeros((1, *counts.shape[1:]), dtype=dtype)
    return np.concatenate([zero, totals.astype(dtype)])


def _epoch_day(day: dt.date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))
