"""The article list a page at a time and in any of its orders: the same rows as the export."""

from __future__ import annotations

import pytest

from tui.core.export import sort_frame
from tui.core.models import FilterState
from tui.core.query import ARTICLE_SORTS, Query


@pytest.mark.parametrize("sort", [None, *ARTICLE_SORTS])
def test_pages_put_together_are_the_whole_list_in_the_exports_order(
    query: Query, sort: str | None
) -> None:
    filters = FilterState()
    whole, total = query.articles(filters)
    expected = list(sort_frame(whole, sort)["id"])
    assert len(expected) == total == 5
    for size in (1, 2, 3, 5, 7):
        pages = []
        for offset in range(0, total, size):
            page, page_total = query.articles(filters, limit=size, offset=offset, sort=sort)
            assert page_total == total
            pages += list(page["id"])
        assert pages == expected
    assert list(query.articles(filters, sort=sort)[0]["id"]) == expected


def test_a_cells_articles_page_by_page(query: Query) -> None:
    filters = FilterState()
    whole, total = query.articles(filters, "socialist_emulation", "total", "sector")
    first, _ = query.articles(filters, "socialist_emulation", "total", "sector", limit=1)
    second, _ = query.articles(filters, "socialist_emulation", "total", "sector", limit=1, offset=1)
    assert total == 2
    assert [*first["id"], *second["id"]] == list(whole["id"])


def test_an_unknown_order_is_refused(query: Query) -> None:
    with pytest.raises(ValueError, match="cannot sort"):
        query.articles(FilterState(), limit=5, sort="-source")
