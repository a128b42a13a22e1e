"""The tables counted over the date-sorted pairs equal a plain count over every pair.

Query keeps the pairs sorted by their article's day and counts only the slice a date range
covers; this checks that against a direct distinct-article count on the demo corpus.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.counting import cell_counts
from tui.core.index import build_index
from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Scope
from tui.core.query import Query
from tui.core.taxonomy import load_taxonomy

DEMO = Path(__file__).parents[2] / "data" / "demo"
FIRST = dt.date(2014, 12, 1)


@pytest.fixture(scope="module")
def demo_query() -> Query:
    return Query(build_index([DEMO], load_taxonomy(None)), Scope.article)


def reference(query: Query, other: LabelKind, filters: FilterState) -> pd.DataFrame:
    """Distinct articles (or summed mentions) per theme × other cell, by brute force."""
    pairs = query.pairs[other]
    mask = query.article_mask(filters)
    return cell_counts(query, other, pairs[mask[pairs["art"].to_numpy()]], filters.measure)


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=3800),
    length=st.integers(min_value=0, max_value=1200),
    open_start=st.booleans(),
    other=st.sampled_from(["sector", "region"]),
    mentions=st.booleans(),
)
def test_date_sliced_tables_equal_a_plain_count(
    demo_query: Query, start: int, length: int, open_start: bool, other: LabelKind, mentions: bool
) -> None:
    date_from = None if open_start else FIRST + dt.timedelta(days=start)
    date_to = FIRST + dt.timedelta(days=start + length)
    filters = FilterState(
        date_from=date_from,
        date_to=date_to,
        measure=Measure.mentions if mentions else Measure.articles,
    )
    got = demo_query.theme_by(other, filters)
    expected = reference(demo_query, other, filters)
    pd.testing.assert_frame_equal(got, expected, check_names=False)


def test_the_pairs_are_sorted_by_day_with_each_article_together(demo_query: Query) -> None:
    for other in ("sector", "region"):
        days = demo_query.calendar.dayno[demo_query.pairs[other]["art"].to_numpy()]
        assert np.all(days[1:] >= days[:-1])
        art = demo_query.pairs[other]["art"].to_numpy()
        # An article's rows are one run: it starts a run exactly once.
        starts = art[np.r_[True, art[1:] != art[:-1]]]
        assert len(starts) == len(np.unique(art))
    assert NONE_LABEL in demo_query.axes["theme"].with_none
