"""``Query``: the one object the dashboard, the exports and the command line ask; it hands
each question to the collaborator that owns the answer (and its cache)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import numpy as np
import pandas as pd
import pyarrow as pa

from tui.core.index import CorpusIndex
from tui.core.models import FilterState, LabelKind, Measure, Period, Scope
from tui.core.query.articles import ArticleList, ArticlePage
from tui.core.query.calendar import Calendar
from tui.core.query.counts import Counts
from tui.core.query.explain import Explainer
from tui.core.query.masks import Masks
from tui.core.query.model import ALL_KINDS, OTHER_KINDS, Axis, CountingModel
from tui.core.query.textsearch import TextSearch


class Query:
    """Answers the dashboard's and the command line's questions about one corpus index.

    The collaborators, each with its own cache: ``calendar`` (day numbers, periods),
    ``model`` (the label tables and their per-day cubes), ``searcher`` (text search),
    ``masks`` (the articles filters keep), ``counts`` (tables, totals, timelines),
    ``article_list`` (the article list) and ``explainer`` (why an article counts).
    """

    def __init__(self, index: CorpusIndex, scope: Scope = Scope.article) -> None:
        self.index = index
        self.scope = scope
        self.taxonomy = index.taxonomy
        self.size = len(index.articles)
        self.calendar = Calendar(index)
        self.model = CountingModel(index, scope, self.calendar)
        self.searcher = TextSearch(index)
        self.masks = Masks(self.taxonomy, self.model, self.calendar, self.searcher)
        self.counts = Counts(self.taxonomy, self.model, self.calendar, self.masks)
        self.article_list = ArticleList(index, self.model, self.calendar, self.masks)
        self.explainer = Explainer(index, self.taxonomy)

    @property
    def axes(self) -> dict[LabelKind, Axis]:
        return self.model.axes

    @property
    def has(self) -> dict[LabelKind, pd.DataFrame]:
        """(art, axis code, n) per kind: the article's rolled-up labels and their mentions."""
        return self.model.has

    @property
    def pairs(self) -> dict[LabelKind, pd.DataFrame]:
        """Theme × sector (region) pairs per unit of the scope, by their article's day."""
        return self.model.pairs

    def warm(self) -> None:
        """Work out ahead of the first keystroke what queries compute once (from a worker):
        the article order, the periods and the texts folded for search."""
        # What every keystroke needs first (the article list, the tables in articles), then
        # what some need (other periods, mentions).
        self.article_list.newest_first()
        for other in OTHER_KINDS:
            self.model.pair_cube(other, Measure.articles)
        for kind in ALL_KINDS:
            self.model.has_cube(kind, Measure.articles)
        for other in OTHER_KINDS:
            self.model.article_runs(other)
        for period in Period:
            self.calendar.period_codes(period)
        for other in OTHER_KINDS:
            self.model.pair_cube(other, Measure.mentions)
        for kind in ALL_KINDS:
            self.model.has_cube(kind, Measure.mentions)
        self.warm_search()
        # Arrow keeps what it freed for its next allocations: give back what warm-up used.
        pa.default_memory_pool().release_unused()

    def warm_search(self) -> None:
        """Fold the texts for search ahead of the first keystroke (call from a worker)."""
        self.searcher.warm_search()

    # -- filtering ------------------------------------------------------------------------

    def codes(self, kind: LabelKind, ids: tuple[str, ...] | list[str]) -> np.ndarray:
        return self.masks.codes(kind, ids)

    def date_mask(self, filters: FilterState) -> np.ndarray:
        return self.calendar.date_mask(filters)

    def cancel_on(self, cancelled: Callable[[], bool]) -> AbstractContextManager[None]:
        """Within the block, this thread's searches stop with ``Cancelled`` as soon as
        ``cancelled()`` says so: a newer keystroke need not wait for them."""
        return self.searcher.cancel_on(cancelled)

    def search_mask(self, text: str) -> np.ndarray:
        return self.searcher.search_mask(text)

    def article_mask(self, filters: FilterState) -> np.ndarray:
        return self.masks.article_mask(filters)

    def date_span(self) -> tuple[dt.date, dt.date] | None:
        return self.calendar.date_span()

    def denominator(self, filters: FilterState) -> int:
        return self.calendar.denominator(filters)

    # -- views ----------------------------------------------------------------------------

    def axis_ids(self, kind: LabelKind, codes: list[int], chosen: tuple[str, ...]) -> list[str]:
        return self.counts.axis_ids(kind, codes, chosen)

    def theme_by(self, other: LabelKind, filters: FilterState) -> pd.DataFrame:
        return self.counts.theme_by(other, filters)

    def theme_totals(self, filters: FilterState, kind: LabelKind = "theme") -> pd.Series:
        return self.counts.theme_totals(filters, kind)

    def timeline(self, filters: FilterState, top: int | None = None) -> pd.DataFrame:
        return self.counts.timeline(filters, top)

    # -- articles -------------------------------------------------------------------------

    def article_ids(
        self,
        filters: FilterState,
        theme: str | None = None,
        other: str | None = None,
        other_kind: LabelKind | None = None,
    ) -> np.ndarray:
        return self.article_list.article_ids(filters, theme, other, other_kind)

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
        return self.article_list.articles(filters, theme, other, other_kind, limit, offset, sort)

    def newest_first(self) -> np.ndarray:
        return self.article_list.newest_first()

    def describe_articles(self, arts: np.ndarray) -> pd.DataFrame:
        return self.article_list.describe_articles(arts)

    def explain(self, art: int) -> tuple[str, pd.DataFrame]:
        return self.explainer.explain(art)
