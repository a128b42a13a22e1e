"""Row and column percentages: each cell's share is the drill-down's articles over the
articles of its column (or its theme), as an analyst would work it out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from tui.core.models import FilterState, Measure, ShareBasis
from tui.core.query import TOTAL, Query
from tui.core.shares import basis_text, column_shares, is_rate, row_shares, theme_shares


def test_column_shares_divide_by_each_columns_total() -> None:
    counts = pd.DataFrame(
        {"coal": [2, 1, 0], "steel": [0, 3, 3], TOTAL: [2, 4, 3]}, index=["a", "b", "c"]
    )
    totals = pd.Series({"coal": 4.0, "steel": 5.0, TOTAL: 10.0})
    shares = column_shares(counts, totals)
    assert shares.loc["a", "coal"] == 0.5
    assert shares.loc["b", "steel"] == 0.6
    assert shares.loc["c", TOTAL] == 0.3


def test_a_column_without_a_total_is_divided_by_its_own_sum_and_zero_stays_zero() -> None:
    counts = pd.DataFrame({"coal": [1, 3], "none": [0, 0]}, index=["a", "b"])
    shares = column_shares(counts, pd.Series(dtype=float))
    assert shares["coal"].tolist() == [0.25, 0.75]
    assert shares["none"].tolist() == [0.0, 0.0]  # nothing to share: not NaN


def test_row_shares_are_of_the_themes_total() -> None:
    counts = pd.DataFrame({"coal": [1, 0], "steel": [1, 0], TOTAL: [1, 0]}, index=["a", "b"])
    shares = row_shares(counts)
    # An article in two sectors counts in both: a row can pass 100%.
    assert shares.loc["a"].tolist() == [1.0, 1.0, 1.0]
    assert shares.loc["b"].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("other", ["sector", "region"])
def test_column_shares_match_the_articles_behind_the_cells(query: Query, other: str) -> None:
    filters = FilterState(share=True, share_basis=ShareBasis.column)
    shares = theme_shares(query, other, filters)  # type: ignore[arg-type]
    raw = FilterState()
    checked = 0
    for column in shares.columns:
        if column == TOTAL:
            continue
        in_column = len(query.article_ids(raw, None, column, other))  # type: ignore[arg-type]
        for theme in shares.index:
            cell = len(query.article_ids(raw, theme, column, other))  # type: ignore[arg-type]
            expected = cell / in_column if in_column else 0.0
            assert shares.loc[theme, column] == pytest.approx(expected, abs=1e-6), (theme, column)
            checked += cell > 0
    assert checked  # some cell is not zero: the test compared numbers, not only zeros


def test_the_total_column_stays_the_share_of_all_articles(query: Query) -> None:
    column = theme_shares(query, "sector", FilterState(share=True, share_basis=ShareBasis.column))
    everything = query.theme_by("sector", FilterState(share=True))
    assert column[TOTAL].tolist() == everything[TOTAL].tolist()


def test_row_shares_match_the_themes_articles(query: Query) -> None:
    shares = theme_shares(query, "sector", FilterState(share=True, share_basis=ShareBasis.row))
    raw = FilterState()
    for theme in shares.index:
        # The drill-down from the theme's name: its articles in the table.
        total = len(query.article_ids(raw, theme, TOTAL, "sector"))
        for column in shares.columns:
            if column == TOTAL:
                assert shares.loc[theme, column] == (1.0 if total else 0.0)
                continue
            cell = len(query.article_ids(raw, theme, column, "sector"))
            expected = cell / total if total else 0.0
            assert shares.loc[theme, column] == pytest.approx(expected, abs=1e-6)


def test_the_default_share_is_todays(query: Query) -> None:
    filters = FilterState(share=True)
    assert theme_shares(query, "sector", filters).equals(query.theme_by("sector", filters))
    raw = FilterState(share_basis=ShareBasis.row)  # a basis without shares: counts
    assert theme_shares(query, "sector", raw).equals(query.theme_by("sector", FilterState()))


def test_what_the_screen_says() -> None:
    assert basis_text(FilterState()) == "articles"
    assert basis_text(FilterState(share=True)) == "% of all"
    column = FilterState(share=True, share_basis=ShareBasis.column)
    assert basis_text(column, "region") == "% within each province"
    assert basis_text(column, "sector") == "% within each sector"
    row = FilterState(share=True, share_basis=ShareBasis.row)
    assert basis_text(row, "sector") == "% of each theme's total"
    rate = FilterState(share=True, measure=Measure.mentions)
    assert is_rate(rate) and basis_text(rate) == "mentions per 100 articles"
    assert not is_rate(rate.model_copy(update={"share_basis": ShareBasis.column}))
