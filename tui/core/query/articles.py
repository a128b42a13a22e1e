"""The article list: which articles are behind the filters or a cell, in which order, and
the rows the list (and its export) shows of them."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tui.core.index import CorpusIndex
from tui.core.models import FilterState, LabelKind
from tui.core.query.caches import Recent
from tui.core.query.calendar import Calendar
from tui.core.query.counts import RESULTS, TOTAL
from tui.core.query.masks import Masks
from tui.core.query.model import ALL_KINDS, CountingModel

ARTICLE_SORTS = ("date", "-date", "mentions", "-mentions", "title", "-title")
"""The article list's columns it can be sorted by ('-': descending); unsorted, newest first."""

ArticlePage = tuple[pd.DataFrame, int]


class ArticleList:
    """Articles behind filters (or one cell of a table), sorted and described."""

    def __init__(
        self, index: CorpusIndex, model: CountingModel, calendar: Calendar, masks: Masks
    ) -> None:
        self.index = index
        self.model = model
        self.calendar = calendar
        self.masks = masks
        self._pages: Recent[tuple[object, ...], ArticlePage] = Recent(RESULTS)
        self._newest_first: np.ndarray | None = None
        self._rank: np.ndarray | None = None

    def article_ids(
        self,
        filters: FilterState,
        theme: str | None = None,
        other: str | None = None,
        other_kind: LabelKind | None = None,
    ) -> np.ndarray:
        """Articles behind the filters, or behind one cell of a theme × sector/region table."""
        masks = self.masks
        if theme is None and other is None:
            return np.flatnonzero(masks.article_mask(filters))
        if other_kind is None or other is None:
            mask = masks.article_mask(filters).copy()
            if theme is not None:
                mask &= masks.articles_with("theme", masks.codes("theme", (theme,)))
            return np.flatnonzero(mask)
        rows = masks.selected_rows(other_kind, filters)
        pairs = self.model.pairs[other_kind]
        if theme is not None and theme != TOTAL:
            rows = rows[pairs["theme"].to_numpy()[rows] == masks.codes("theme", (theme,))[0]]
        if other != TOTAL:
            rows = rows[pairs["other"].to_numpy()[rows] == masks.codes(other_kind, (other,))[0]]
        return np.unique(pairs["art"].to_numpy()[rows]).astype(np.int64)

    def articles(
        self,
        filters: FilterState,
        theme: str | None = None,
        other: str | None = None,
        other_kind: LabelKind | None = None,
        limit: int | None = None,
        offset: int = 0,
        sort: str | None = None,
    ) -> ArticlePage:
        """The article list and how many articles there are in all: ``limit`` rows from
        ``offset``, newest first or by ``sort`` (one of ``ARTICLE_SORTS``; ties newest first,
        as the export sorts them)."""
        if sort is not None and sort not in ARTICLE_SORTS:
            raise ValueError(f"cannot sort the article list by {sort!r}")
        if limit is None and not offset:  # an export of them all: not worth remembering
            return self._articles(filters, theme, other, other_kind, limit, offset, sort)
        key = ("articles", filters, theme, other, other_kind, limit, offset, sort)
        frame, total = self._pages.remember(
            key, lambda: self._articles(filters, theme, other, other_kind, limit, offset, sort)
        )
        return frame.copy(), total

    def _articles(
        self,
        filters: FilterState,
        theme: str | None,
        other: str | None,
        other_kind: LabelKind | None,
        limit: int | None,
        offset: int,
        sort: str | None,
    ) -> ArticlePage:
        arts = self.article_ids(filters, theme, other, other_kind)
        total = len(arts)
        self.newest_first()
        assert self._rank is not None
        rank = self._rank[arts]
        stop = None if limit is None else offset + limit
        if sort is None and stop is not None and stop < len(arts):
            # The first pages only: pick the newest without ordering all of them.
            nearest = np.argpartition(rank, stop)[:stop]
            arts, rank = arts[nearest], rank[nearest]
        arts = arts[np.argsort(rank, kind="stable")]
        if sort is not None:
            arts = arts[self._sort_order(arts, sort)]
        return self.describe_articles(arts[offset:stop]), total

    def _sort_order(self, arts: np.ndarray, sort: str) -> np.ndarray:
        """The order of ``arts`` (newest first) by a column of the article list, as the
        export's sort of that column orders its rows (pandas' stable sort of the same
        values): the list and its export agree row for row."""
        column = sort.lstrip("-")
        values: np.ndarray
        if column == "mentions":
            values = self.model.mention_count[arts].astype(np.int64)
        elif column == "title":
            values = _pick(self.index.articles["title"], arts)
        else:  # the date as the export writes it: undated ("") before every date
            calendar = self.calendar
            values = np.where(calendar.dated[arts], calendar.dayno[arts].astype(np.int64), -1)
        keys = pd.Series(values, copy=False)
        order = keys.sort_values(ascending=not sort.startswith("-"), kind="stable").index
        return cast(np.ndarray, order.to_numpy())

    def newest_first(self) -> np.ndarray:
        """Every article, newest first, then by id (undated last); worked out once."""
        if self._newest_first is None:
            column = self.index.articles["id"]
            # The Arrow column itself where there is one: a copy of a million ids is 30 MB.
            ids = (
                column.array.__arrow_array__()
                if hasattr(column.array, "__arrow_array__")
                else pa.array(column)
            )
            id_rank = pc.rank(ids, sort_keys="ascending", tiebreaker="first").to_numpy()
            del ids
            # Newest day first, the undated last.
            day = np.where(self.calendar.dated, -self.calendar.dayno.astype(np.int32), 1)
            order = np.lexsort((id_rank, day))
            del id_rank, day
            rank = np.empty(len(order), dtype=np.int32 if len(order) < 2**31 else np.int64)
            rank[order] = np.arange(len(order))
            self._rank = rank
            self._newest_first = order
        return self._newest_first

    def describe_articles(self, arts: np.ndarray) -> pd.DataFrame:
        articles = self.index.articles
        labels = {kind: self._labels_of(kind, arts) for kind in ALL_KINDS}
        dates = articles["date"].iloc[arts]
        return pd.DataFrame(
            {
                "art": arts,
                "id": _pick(articles["id"], arts),
                "date": [d.date().isoformat() if not pd.isna(d) else "" for d in dates],
                "title": _pick(articles["title"], arts),
                "themes": [labels["theme"].get(int(a), "") for a in arts],
                "sectors": [labels["sector"].get(int(a), "") for a in arts],
                "regions": [labels["region"].get(int(a), "") for a in arts],
                "mentions": self.model.mention_count[arts].astype(np.int64),
                "source": articles["source"].iloc[arts].to_numpy(),
            }
        )

    def _labels_of(self, kind: LabelKind, arts: np.ndarray) -> dict[int, str]:
        """The label ids of each article, from the has table (sorted by article)."""
        table = self.model.has[kind]
        table_arts = table["art"].to_numpy()
        codes = table["code"].to_numpy()
        ids = self.model.axes[kind].ids
        first = np.searchsorted(table_arts, arts, side="left")
        last = np.searchsorted(table_arts, arts, side="right")
        return {
            int(art): ";".join(ids[c] for c in codes[start:end])
            for art, start, end in zip(arts, first, last, strict=True)
            if end > start
        }


def _pick(values: pd.Series, rows: np.ndarray) -> np.ndarray:
    """``values[rows]`` for a few rows. An Arrow column of many chunks is read chunk by
    chunk: taking from it whole joins every chunk first (tens of ms at a million rows)."""
    array = values.array
    if len(rows) < 4096 and hasattr(array, "__arrow_array__"):
        data = array.__arrow_array__()
        if isinstance(data, pa.ChunkedArray) and data.num_chunks > 1:
            ends = np.cumsum([len(chunk) for chunk in data.chunks])
            which = np.searchsorted(ends, rows, side="right")
            starts = ends - np.array([len(chunk) for chunk in data.chunks])
            picked = [
                data.chunk(int(c))[int(r - starts[c])].as_py()
                for c, r in zip(which, rows, strict=True)
            ]
            return np.array(picked, dtype=object)
    return values.iloc[rows].to_numpy()
