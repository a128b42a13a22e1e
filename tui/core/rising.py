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
from typing import cast

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
    frames = []
    for kind in kinds:
        now = _cells(query.theme_by(kind, current))
        then = _cells(query.theme_by(kind, before)).reindex(now.index, fill_value=0)
        expected = volume_now * (then.to_numpy(dtype=float) + 1.0) / (volume_before + 1.0)
        counts = now.to_numpy(dtype=np.int64)
        scores = np.array(
            [poisson_score(int(k), float(e)) for k, e in zip(counts, expected, strict=True)]
        )
        frames.append(
            pd.DataFrame(
                {
                    "theme": now.index.get_level_values(0),
                    "kind": kind,
                    "label": now.index.get_level_values(1),
                    "period": periods.label,
                    "count": counts,
                    "baseline": np.round(expected, 6),
                    "score": np.round(scores, 6),
                    "rising": (scores >= MIN_SCORE)
                    & (counts >= MIN_COUNT)
                    & (counts >= MIN_RATIO * expected),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RISING_COLUMNS)
    frame = frame[frame["count"] > 0]
    frame = frame.sort_values(
        ["score", "count", "theme", "kind", "label"],
        ascending=[False, False, True, True, True],
        kind="stable",
    )
    return frame[RISING_COLUMNS].reset_index(drop=True)


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


def _cells(table: pd.DataFrame) -> pd.Series:
    """A theme × label table as one count per (theme, label), without totals and (none)."""
    table = table.drop(columns=[TOTAL], errors="ignore")
    table = table.drop(index=[NONE_LABEL], errors="ignore").drop(
        columns=[NONE_LABEL], errors="ignore"
    )
    stacked = cast("pd.Series", table.stack())
    stacked.index = stacked.index.set_names(["theme", "label"])
    return stacked.astype(np.int64)
