"""Two date ranges side by side: each theme × sector (or region) cell in A, in B, and the change.

A is the filters' own date range (what the dashboard shows); B is the range compared with it,
often the same period a year earlier. Every other filter applies to both.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tui.core.models import FilterState, LabelKind
from tui.core.query import TOTAL, Query

COMPARE_COLUMNS = ["a", "b", "change", "change_pct"]


def year_earlier(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same days a year before (29 February becomes the 28th)."""

    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return back(start), back(end)


def compare(
    query: Query,
    filters: FilterState,
    other: LabelKind,
    compare_from: dt.date | None,
    compare_to: dt.date | None,
) -> pd.DataFrame:
    """One row per theme × label (``total`` included): counts in A and B, B to A change, and
    the change as a percentage of B (empty where B is 0); by theme, then label."""
    table_a = query.theme_by(other, filters)
    b_filters = filters.model_copy(update={"date_from": compare_from, "date_to": compare_to})
    table_b = query.theme_by(other, b_filters)
    if table_a.index.equals(table_b.index) and table_a.columns.equals(table_b.columns):
        # The same cells on both sides (the label filters are the same): the tables'
        # numbers side by side, without a join (this runs at every filter change).
        themes, labels, value_a = _cells(table_a)
        value_b = _cells(table_b)[2]
        order = sorted(range(len(themes)), key=lambda i: (themes[i], labels[i]))
        frame = pd.DataFrame(
            {
                "theme": [themes[i] for i in order],
                other: [labels[i] for i in order],
                "value_a": value_a[order],
                "value_b": value_b[order],
            }
        )
    else:
        a, b = _long(table_a, other), _long(table_b, other)
        frame = a.merge(b, on=["theme", other], how="outer", suffixes=("_a", "_b"), sort=False)
        frame = frame.fillna({"value_a": 0, "value_b": 0})
    return _changes(frame, other, filters.share)


def _changes(frame: pd.DataFrame, other: LabelKind, share: bool) -> pd.DataFrame:
    """The rows of A and B (``value_a``, ``value_b``) with the change and its percentage."""
    value_a, value_b = frame["value_a"], frame["value_b"]
    out = pd.DataFrame(
        {
            "theme": frame["theme"],
            other: frame[other],
            "a": value_a if share else value_a.astype(np.int64),
            "b": value_b if share else value_b.astype(np.int64),
        }
    )
    out["change"] = out["a"] - out["b"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(value_b != 0, (value_a - value_b) / value_b * 100.0, np.nan)
    out["change_pct"] = np.round(pct, 2)
    return out.reset_index(drop=True)


def _cells(table: pd.DataFrame) -> tuple[list[str], list[str], np.ndarray]:
    """A theme × label table's cells (``total`` included), row by row."""
    columns = [str(c) for c in table.columns]
    themes = [str(t) for t in table.index for _ in columns]
    return themes, columns * len(table.index), table.to_numpy().ravel()


def _long(table: pd.DataFrame, other: LabelKind) -> pd.DataFrame:
    """A theme × label table as rows in the table's order (rows, then columns)."""
    columns = [c for c in table.columns if c != TOTAL] + [TOTAL]
    stacked = table[columns].stack()
    frame = pd.DataFrame(stacked).reset_index()
    frame.columns = pd.Index(["theme", other, "value"])
    return frame
