"""Row and column percentages of the theme × sector and theme × region tables.

Three ways to read a count as a share (``ShareBasis``):

- ``all``: of all articles in the period (the dashboard's share since its first release);
- ``column``: of the column, a theme's share within a sector or province: articles of the
  sector that carry the theme ÷ the sector's articles (with mentions: the theme's mentions ÷
  all theme mentions in the sector). The Total column is then the share of all articles.
- ``row``: of the row, the theme across sectors or provinces: the theme's articles in the
  sector ÷ all of the theme's articles (its Total). An article can sit in several sectors,
  so a row's shares can add up to more than 100%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, ShareBasis
from tui.core.query import TOTAL, Query

__all__ = [
    "ShareBasis",
    "basis_text",
    "column_shares",
    "is_rate",
    "row_shares",
    "theme_shares",
]


def _divide(counts: pd.DataFrame, by: pd.DataFrame | pd.Series, axis: int) -> pd.DataFrame:
    """``counts`` ÷ ``by`` along ``axis``, 0 where the denominator is 0, rounded as the
    query's own shares are (six places)."""
    raw = counts.astype(float)
    shares = raw.div(by.replace(0, np.nan), axis=axis).fillna(0.0)  # type: ignore[arg-type]
    return shares.round(6)


def column_shares(counts: pd.DataFrame, column_totals: pd.Series) -> pd.DataFrame:
    """Each cell ÷ its column's total (``column_totals``, indexed by column; a column with
    no total there is divided by its own sum)."""
    totals = pd.Series(
        [
            float(column_totals[c]) if c in column_totals.index else float(counts[c].sum())
            for c in counts.columns
        ],
        index=counts.columns,
    )
    return _divide(counts, totals, axis=1)


def row_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Each cell ÷ its row's Total column (the Total column itself is 100%)."""
    if TOTAL not in counts.columns:
        return _divide(counts, counts.sum(axis=1), axis=0)
    return _divide(counts, counts[TOTAL], axis=0)


def theme_shares(query: Query, other: LabelKind, filters: FilterState) -> pd.DataFrame:
    """The theme × ``other`` table under ``filters`` as the share its ``share_basis`` names
    (raw counts when ``filters.share`` is off), indexed by theme as ``Query.theme_by``."""
    if not filters.share or filters.share_basis is ShareBasis.all:
        return query.theme_by(other, filters)
    raw_filters = filters.model_copy(update={"share": False})
    counts = query.theme_by(other, raw_filters)
    if filters.share_basis is ShareBasis.row:
        return row_shares(counts)
    if filters.measure is Measure.mentions:
        # A sector's mentions of sector labels are not its theme mentions: the column's own.
        totals = counts.drop(columns=[TOTAL], errors="ignore").sum()
    else:
        totals = query.theme_totals(raw_filters, other).astype(float)
        if NONE_LABEL in counts.columns:
            unlabelled = query.article_ids(raw_filters, None, NONE_LABEL, other)
            totals[NONE_LABEL] = float(len(unlabelled))
    totals[TOTAL] = float(query.denominator(filters))
    return column_shares(counts, totals)


def is_rate(filters: FilterState) -> bool:
    """Mentions ÷ all articles: no share of anything (it passes 100% when articles mention
    a theme more than once), shown as mentions per 100 articles."""
    return (
        filters.share
        and filters.share_basis is ShareBasis.all
        and filters.measure is Measure.mentions
    )


def basis_text(filters: FilterState, other: LabelKind | None = None) -> str:
    """What the numbers are: in short for the filter bar; for one table's title (``other``)
    in words that name its columns."""
    if not filters.share:
        return filters.measure.value
    if is_rate(filters):
        return "mentions per 100 articles"
    if filters.share_basis is ShareBasis.column:
        if other is None:
            return "% of column"
        return f"% within each {'province' if other == 'region' else other}"
    if filters.share_basis is ShareBasis.row:
        return "% of row" if other is None else "% of each theme's total"
    return "% of all" if other is None else "% of all articles"
