"""Rising themes: which theme × sector and theme × region cells surged in the latest period.

The rule (stated once, here, and in the README):

- The *current period* is the period (at the filters' granularity) that holds the end of the
  date range, or the corpus's last dated day when the range is open.
- The *baseline* is the ``baseline`` periods before it. A cell's expected count in the current
  period is its baseline count scaled by the corpus's volume: ``expected = V0 × (c + 1) /
  (V + 1)``, where ``c`` is the cell's count over the baseline periods, ``V`` the number of
  articles in them and ``V0`` the number in the current period (all articles in those dates,
  whatever the label filters, so that a busier month does not flag every cell). The added one
  keeps a cell never seen before from having an expected count of zero.
- The *score* is ``-log10 P(X >= count)`` for ``X ~ Poisson(expected)``: how surprising the
  count is given the baseline rate. 3 means a one-in-a-thousand surprise.
- A cell is *rising* when its score is at least ``MIN_SCORE``, its count at least
  ``MIN_COUNT`` and at least twice the expected count. The minimum count keeps small cells (1
  article, then 3) from being flagged on chance alone, however rare they were before.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tui.core.models import NONE_LABEL, FilterState, LabelKind
from tui.core.query import TOTAL, Query, period_label, period_of, period_range, shift_range

RISING_COLUMNS = ["theme", "kind", "label", "period", "count", "baseline", "score", "rising"]
DEFAULT_BASELINE = 8
MIN_COUNT = 5
MIN_SCORE = 3.0
MIN_RATIO = 2.0


@dataclass(frozen=True)
class Window:
    """The current period and the baseline periods before it, as inclusive date ranges."""

    current: tuple[dt.date, dt.date]
    baseline: tuple[dt.date, dt.date]
    label: str


def window(query: Query, filters: FilterState, baseline: int) -> Window | None:
    """The periods a rising view compares, or None for a corpus with no dated article."""
    span = query.date_span()
    if span is None:
        return None
    last = min(filters.date_to, span[1]) if filters.date_to is not None else span[1]
    current = period_range(last, filters.period)
    base_start, _ = shift_range(current[0], current[0], filters.period, -baseline)
    base_end = current[0] - dt.timedelta(days=1)
    label = period_label(period_of(current[0], filters.period), filters.period)
    return Window(current, (base_start, base_end), label)


def rising(
    query: Query,
    filters: FilterState,
    *,
    baseline: int = DEFAULT_BASELINE,
    kinds: tuple[LabelKind, ...] = ("sector", "region"),
) -> pd.DataFrame:
    """One row per theme × label cell with a count in the current period, most surprising
    first (ties by count, then theme and label, so the order is stable)."""
    if baseline < 1:
        raise ValueError("the baseline needs at least one period")
    periods = window(query, filters, baseline)
    if periods is None:
        return pd.DataFrame(columns=RISING_COLUMNS)
    plain = filters.model_copy(update={"share": False})
    current = plain.model_copy(
        update={"date_from": periods.current[0], "date_to": periods.current[1]}
    )
    before = plain.model_copy(
        update={"date_from": periods.baseline[0], "date_to": periods.baseline[1]}
    )
    volume_now = query.denominator(current)
    volume_before = query.denominator(before)
    # The cells as plain arrays, not frames: this runs at every filter change (the tables'
    # ▲ marks), and a few reshapes of small frames cost more than the counting itself.
    themes: list[str] = []
    labels: list[str] = []
    kind_of: list[str] = []
    counts: list[int] = []
    then: list[int] = []
    for kind in kinds:
        cells = _Cells(query.theme_by(kind, current))
        themes += cells.themes
        labels += cells.labels
        kind_of += [kind] * len(cells.themes)
        counts += cells.values.tolist()
        then += cells.aligned(query.theme_by(kind, before)).tolist()
    count = np.array(counts, dtype=np.int64)
    expected = volume_now * (np.array(then, dtype=float) + 1.0) / (volume_before + 1.0)
    scores = np.array(
        [poisson_score(int(k), float(e)) for k, e in zip(count, expected, strict=True)],
        dtype=float,
    )
    flags = (scores >= MIN_SCORE) & (count >= MIN_COUNT) & (count >= MIN_RATIO * expected)
    kept = [i for i in range(len(count)) if count[i] > 0]
    kept.sort(key=lambda i: (-scores[i], -count[i], themes[i], kind_of[i], labels[i]))
    order = np.array(kept, dtype=np.int64)
    return pd.DataFrame(
        {
            "theme": pd.Series([themes[i] for i in kept], dtype=str),
            "kind": pd.Series([kind_of[i] for i in kept], dtype=str),
            "label": pd.Series([labels[i] for i in kept], dtype=str),
            "period": pd.Series([periods.label] * len(kept), dtype=str),
            "count": count[order],
            "baseline": np.round(expected[order], 6),
            "score": np.round(scores[order], 6),
            "rising": flags[order].astype(bool),
        },
        columns=RISING_COLUMNS,
    )


def poisson_score(count: int, expected: float) -> float:
    """-log10 of P(X >= count) for X ~ Poisson(expected); 0 when the count is not above it."""
    if count <= 0 or count <= expected:
        return 0.0
    if expected <= 0:
        return math.inf
    # P(X >= k) = e^-λ λ^k / k! × Σ_n λ^n / ((k+1)…(k+n)); the ratio λ/(k+n) < 1 here, so
    # the series converges, quickly unless λ is close to k.
    log_head = -expected + count * math.log(expected) - math.lgamma(count + 1)
    total, term, n = 1.0, 1.0, 1
    while term > 1e-15 * total and n < 100_000:
        term *= expected / (count + n)
        total += term
        n += 1
    log10_p = (log_head + math.log(total)) / math.log(10)
    return max(0.0, -log10_p)


class _Cells:
    """A theme × label table's cells without totals and "(none)", row by row."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.rows = [r for r, t in enumerate(table.index) if t != NONE_LABEL]
        self.columns = [c for c, t in enumerate(table.columns) if t not in (TOTAL, NONE_LABEL)]
        row_ids = [str(table.index[r]) for r in self.rows]
        column_ids = [str(table.columns[c]) for c in self.columns]
        self.themes = [t for t in row_ids for _ in column_ids]
        self.labels = column_ids * len(row_ids)
        self.keys = (row_ids, column_ids)
        self.values: np.ndarray = self._values(table)

    def _values(self, table: pd.DataFrame) -> np.ndarray:
        values = table.to_numpy()[np.ix_(self.rows, self.columns)]
        return values.astype(np.int64).ravel()

    def aligned(self, other: pd.DataFrame) -> np.ndarray:
        """``other``'s counts of the same cells (0 where it has none)."""
        mine = _Cells(other)
        if mine.keys == self.keys:
            return mine.values
        found = dict(
            zip(zip(mine.themes, mine.labels, strict=True), mine.values.tolist(), strict=True)
        )
        pairs = zip(self.themes, self.labels, strict=True)
        return np.array([found.get(pair, 0) for pair in pairs], dtype=np.int64)
