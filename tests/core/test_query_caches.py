"""What the query keeps from one keypress to the next is bounded, however many filter states
a long session goes through: the dashboard's memory does not grow with its keypresses."""

from __future__ import annotations

import datetime as dt

from tui.core.compare import compare, year_earlier
from tui.core.models import FilterState, Measure, Period
from tui.core.query import Query
from tui.core.query.counts import RESULTS
from tui.core.query.masks import ARTICLE_MASKS, LABEL_MASKS
from tui.core.rising import rising


def test_every_cache_of_the_query_is_bounded(query: Query) -> None:
    sectors = query.axes["sector"].ids
    regions = query.axes["region"].ids
    themes = query.axes["theme"].ids
    first = dt.date(2023, 1, 1)
    for step in range(3 * RESULTS):
        day = first + dt.timedelta(days=step)
        filters = FilterState(
            date_from=day,
            date_to=day + dt.timedelta(days=90),
            sectors=(sectors[step % len(sectors)],),
            regions=(regions[step % len(regions)],) if step % 3 else (),
            themes=(themes[step % len(themes)],) if step % 5 else (),
            search=f"word{step}" if step % 4 == 0 else "",
            measure=Measure.mentions if step % 2 else Measure.articles,
            period=Period.week if step % 7 else Period.month,
        )
        query.theme_by("sector", filters)
        query.theme_by("region", filters)
        query.timeline(filters, top=5)
        query.articles(filters, limit=20)
        rising(query, filters, baseline=4)
        assert filters.date_from is not None and filters.date_to is not None
        compare(query, filters, "sector", *year_earlier(filters.date_from, filters.date_to))
    assert len(query.counts._results) <= RESULTS
    assert len(query.article_list._pages) <= RESULTS
    assert len(query.masks._last) <= ARTICLE_MASKS
    assert len(query.masks._labels) <= LABEL_MASKS
    assert len(query.searcher.cache) <= query.searcher.cache.size
