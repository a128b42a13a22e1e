"""Every way Query answers a view equals a plain count over the derived tables.

Query answers from cumulative counts per day when only dates and labels of one kind are
filtered, from each article's run of pair rows when few articles are kept, and from a pass
over the rows in range otherwise; the article list picks its first page by rank. These
properties hold each answer to a brute-force pandas count of the same filters, on the demo
corpus, in article and in sentence scope.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.counting import cell_counts
from tui.core.index import CorpusIndex, build_index
from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Period, Scope
from tui.core.query import TOTAL, Cancelled, Query, period_label
from tui.core.taxonomy import load_taxonomy

DEMO = Path(__file__).parents[2] / "data" / "demo"
FIRST = dt.date(2014, 12, 1)
SEARCHES = ["", "", "", "coal", "steel", "the"]


@pytest.fixture(scope="module")
def demo_index() -> CorpusIndex:
    return build_index([DEMO], load_taxonomy(None))


@pytest.fixture(scope="module")
def queries(demo_index: CorpusIndex) -> dict[Scope, Query]:
    return {scope: Query(demo_index, scope) for scope in (Scope.article, Scope.sentence)}


def label_ids(query: Query, kind: LabelKind) -> list[str]:
    ids = [*query.axes[kind].ids, NONE_LABEL]
    if kind == "region":
        # Cities and counties too: a region filter may be finer than the counted provinces.
        ids += [label.id for label in query.taxonomy.of_kind("region")][:40]
    return ids


@st.composite
def filter_states(draw: st.DrawFn, query: Query) -> FilterState:
    def pick(kind: LabelKind) -> tuple[str, ...]:
        if not draw(st.booleans()):
            return ()
        chosen = draw(st.lists(st.sampled_from(label_ids(query, kind)), max_size=2, unique=True))
        return tuple(chosen)

    dated = draw(st.integers(min_value=0, max_value=3))
    start = draw(st.integers(min_value=-100, max_value=3800))
    length = draw(st.integers(min_value=0, max_value=1500))
    return FilterState(
        themes=pick("theme"),
        sectors=pick("sector"),
        regions=pick("region"),
        date_from=FIRST + dt.timedelta(days=start) if dated in (1, 3) else None,
        date_to=FIRST + dt.timedelta(days=start + length) if dated in (2, 3) else None,
        search=draw(st.sampled_from(SEARCHES)),
        measure=draw(st.sampled_from(list(Measure))),
        share=draw(st.booleans()),
        period=draw(st.sampled_from([Period.week, Period.month, Period.quarter, Period.year])),
    )


def plain_mask(query: Query, filters: FilterState) -> np.ndarray:
    """The articles the filters keep, worked out without Query's structures."""
    dates = query.index.articles["date"].to_numpy(dtype="datetime64[D]")
    mask = np.ones(query.size, dtype=bool)
    if filters.date_from is not None:
        mask &= ~np.isnat(dates) & (dates >= np.datetime64(filters.date_from, "D"))
    if filters.date_to is not None:
        mask &= ~np.isnat(dates) & (dates <= np.datetime64(filters.date_to, "D"))
    # The label and search masks are Query's own (unchanged by this work); what is checked
    # here is everything counted on top of them.
    labels = filters.model_copy(update={"date_from": None, "date_to": None})
    return mask & query.masks.build_article_mask(labels)


def shown_as(query: Query, ids: list[str], chosen: tuple[str, ...]) -> list[str]:
    """Region columns as a filter of cities names them: a province whose chosen regions are
    all finer than it is named after them ("hamhung"; "a;b" for two)."""
    shown = []
    for province in ids:
        finer = [
            c for c in chosen if c in query.taxonomy.labels and query.taxonomy.root(c) == province
        ]
        shown.append(province if not finer or province in finer else ";".join(finer))
    return shown


def reference_table(query: Query, other: LabelKind, filters: FilterState) -> pd.DataFrame:
    pairs = query.pairs[other]
    mask = plain_mask(query, filters)
    keep = mask[pairs["art"].to_numpy()]
    if filters.themes:
        keep &= np.isin(pairs["theme"].to_numpy(), query.codes("theme", filters.themes))
    chosen = filters.sectors if other == "sector" else filters.regions
    if chosen:
        keep &= np.isin(pairs["other"].to_numpy(), query.codes(other, chosen))
    frame = cell_counts(query, other, pairs[keep], filters.measure)
    other_ids = query.axes[other].with_none
    rows = query.counts.visible("theme", filters.themes)
    columns = [other_ids[c] for c in query.counts.visible(other, chosen)]
    frame = frame.iloc[rows][[*columns, TOTAL]].astype(np.int64)
    if other == "region":
        frame.columns = [*shown_as(query, columns, chosen), TOTAL]
    if filters.share:
        denominator = int(query.date_mask(filters).sum())
        return frame.astype(float) * 0.0 if not denominator else (frame / denominator).round(6)
    return frame


def reference_totals(query: Query, filters: FilterState, kind: LabelKind) -> pd.Series:
    table = query.has[kind]
    keep = plain_mask(query, filters)[table["art"].to_numpy()]
    chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
    if chosen[kind]:
        keep &= np.isin(table["code"].to_numpy(), query.codes(kind, chosen[kind]))
    weights = table["n"].to_numpy()[keep] if filters.measure is Measure.mentions else None
    width = len(query.axes[kind].with_none)
    counts = np.bincount(table["code"].to_numpy()[keep], weights=weights, minlength=width)
    ids = query.axes[kind].ids
    series = pd.Series(
        counts[: len(ids)].astype(np.int64),
        index=shown_as(query, ids, chosen[kind]) if kind == "region" else ids,
        name=filters.measure.value,
    )
    if filters.share:
        denominator = int(query.date_mask(filters).sum())
        series = (series / denominator).round(6) if denominator else series * 0.0
    return series


def reference_timeline(query: Query, filters: FilterState) -> pd.DataFrame:
    freq = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y", "day": "D"}
    dates = query.index.articles["date"].to_numpy(dtype="datetime64[D]")
    in_range = query.date_mask(filters) & ~np.isnat(dates)
    axis = query.axes["theme"]
    chosen = (
        [c for c in query.codes("theme", filters.themes) if c < len(axis.ids)]
        if filters.themes
        else list(range(len(axis.ids)))
    )
    columns = [axis.ids[c] for c in chosen]
    if not in_range.any():
        return pd.DataFrame(columns=columns, index=pd.Index([], name="period"), dtype=np.int64)
    periods = pd.PeriodIndex(dates[in_range], freq=freq[filters.period.value])
    span = pd.period_range(periods.min(), periods.max(), freq=freq[filters.period.value])
    table = query.has["theme"]
    arts = table["art"].to_numpy()
    keep = (plain_mask(query, filters) & in_range)[arts]
    keep &= np.isin(table["code"].to_numpy(), chosen)
    kept = pd.DataFrame(
        {
            "period": pd.PeriodIndex(dates[arts[keep]], freq=freq[filters.period.value]),
            "code": table["code"].to_numpy()[keep],
            "value": table["n"].to_numpy()[keep] if filters.measure is Measure.mentions else 1,
        }
    )
    grid = (
        kept.groupby(["period", "code"])["value"]
        .sum()
        .unstack(fill_value=0)
        .reindex(index=span, columns=chosen, fill_value=0)
        .astype(np.int64)
    )
    grid.columns = columns
    if filters.share:
        per_period = pd.Series(1, index=periods).groupby(level=0).sum()
        denominators = per_period.reindex(span, fill_value=0).to_numpy()
        safe = np.where(denominators == 0, 1, denominators)
        grid = grid.astype(float).div(safe, axis=0).round(6)
    return grid


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), scope=st.sampled_from([Scope.article, Scope.sentence]))
def test_tables_totals_and_timeline_equal_a_plain_count(
    queries: dict[Scope, Query], data: st.DataObject, scope: Scope
) -> None:
    query = queries[scope]
    filters = data.draw(filter_states(query))
    for other in ("sector", "region"):
        got = query.theme_by(other, filters)
        pd.testing.assert_frame_equal(
            got, reference_table(query, other, filters), check_names=False, obj=other
        )
    for kind in ("theme", "sector", "region"):
        pd.testing.assert_series_equal(
            query.theme_totals(filters, kind), reference_totals(query, filters, kind), obj=kind
        )
    timeline = query.timeline(filters)
    expected = reference_timeline(query, filters)
    assert timeline.index.tolist() == [period_label(p, filters.period) for p in expected.index]
    np.testing.assert_array_equal(timeline.to_numpy(), expected.to_numpy())
    assert list(timeline.columns) == list(expected.columns)
    assert query.denominator(filters) == int(query.date_mask(filters).sum())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), limit=st.integers(min_value=1, max_value=400))
def test_the_first_page_of_articles_is_the_newest(
    queries: dict[Scope, Query], data: st.DataObject, limit: int
) -> None:
    query = queries[Scope.article]
    filters = data.draw(filter_states(query))
    frame, total = query.articles(filters, limit=limit)
    arts = np.flatnonzero(plain_mask(query, filters))
    assert total == len(arts)
    articles = query.index.articles.iloc[arts]
    newest = (
        pd.DataFrame(
            {
                "art": arts,
                "undated": articles["date"].isna().to_numpy(),
                "date": articles["date"].to_numpy(),
                "id": articles["id"].astype(str).to_numpy(),
            }
        )
        .sort_values(["undated", "date", "id"], ascending=[True, False, True], kind="stable")
        .head(limit)
    )
    assert frame["art"].tolist() == newest["art"].tolist()
    assert frame["id"].tolist() == newest["id"].tolist()


def test_the_per_day_counts_and_the_pairs_agree_on_every_day(queries: dict[Scope, Query]):
    """The cumulative counts per day hold, between any two days, what the pairs hold."""
    query = queries[Scope.article]
    for other in ("sector", "region"):
        cube = query.model.pair_cube(other, Measure.articles)
        pairs = query.pairs[other]
        width = len(query.axes[other].with_none)
        cells = cube[-1][: len(query.axes["theme"].with_none) * width]
        flat = pairs["theme"].to_numpy().astype(np.int64) * width + pairs["other"].to_numpy()
        assert cells.tolist() == np.bincount(flat, minlength=len(cells)).tolist()
        assert np.all(np.diff(cube, axis=0) >= 0)


def test_a_cancelled_search_stops_and_leaves_nothing_behind(demo_index: CorpusIndex) -> None:
    query = Query(demo_index, Scope.article)
    with query.cancel_on(lambda: True), pytest.raises(Cancelled):
        query.search_mask("coal")
    assert len(query.searcher.cache) == 0
    with query.cancel_on(lambda: False):
        found = query.search_mask("coal")
    assert found.tolist() == Query(demo_index, Scope.article).search_mask("coal").tolist()
    assert found.any()
