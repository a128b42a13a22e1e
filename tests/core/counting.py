"""Brute-force pandas counts the query layer's answers are held to (shared by its tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tui.core.models import LabelKind, Measure
from tui.core.query import TOTAL, Query


def theme_mentions(query: Query, other: LabelKind) -> pd.Series:
    """Per (art, theme): the theme's mentions in the article, or the pair's n where the
    article has no such theme (a '(none)' theme row)."""
    has = query.has["theme"]
    lookup = pd.Series(
        has["n"].to_numpy(),
        index=pd.MultiIndex.from_arrays([has["art"].to_numpy(), has["code"].to_numpy()]),
    )
    pairs = query.pairs[other]
    keys = pd.MultiIndex.from_arrays([pairs["art"].to_numpy(), pairs["theme"].to_numpy()])
    found = lookup.reindex(keys).to_numpy()
    return pd.Series(np.where(np.isnan(found), pairs["n"].to_numpy(), found), index=pairs.index)


def cell_counts(
    query: Query, other: LabelKind, kept: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """Every theme × other cell over the ``kept`` rows of the pairs, and each theme's total:
    distinct articles, or summed mentions (a theme's once per article)."""
    theme_ids = query.axes["theme"].with_none
    other_ids = query.axes[other].with_none
    if measure is Measure.articles:
        cells = kept.groupby(["theme", "other"])["art"].nunique()
        totals = kept.groupby("theme")["art"].nunique()
    else:
        cells = kept.groupby(["theme", "other"])["n"].sum()
        first = kept.drop_duplicates(["art", "theme"])
        totals = theme_mentions(query, other).loc[first.index].groupby(first["theme"]).sum()
    frame = pd.DataFrame(0, index=pd.Index(theme_ids, name="theme"), columns=other_ids)
    for (theme, column), value in cells.items():
        frame.iloc[int(theme), int(column)] = value
    frame[TOTAL] = [int(totals.get(code, 0)) for code in range(len(theme_ids))]
    return frame.astype(np.int64)
