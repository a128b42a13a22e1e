"""The counting model: the index's label tables as Query counts them, and cumulative counts
per day (the cubes) built from them once.

The data model counts a theme together with a sector (or region) when both are mentioned in
the same unit of the co-occurrence scope (article, paragraph or sentence). A theme with no
sector or region in its unit is paired with "(none)", and so is a sector or region with no
theme: nothing the text says is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, NamedTuple, cast

import numpy as np
import pandas as pd

from tui.core.derive import Derived, LazyArrays
from tui.core.index import CorpusIndex
from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Scope
from tui.core.query.caches import Once
from tui.core.query.calendar import Calendar, cumulative

OTHER_KINDS: tuple[LabelKind, LabelKind] = ("sector", "region")
ALL_KINDS: tuple[LabelKind, LabelKind, LabelKind] = ("theme", "sector", "region")


class TableKey(NamedTuple):
    """A table of the index's derived arrays: ``has`` (article, label code, mentions) per
    kind, ``raw`` (every region an article names), ``pairs`` (theme × other per unit of a
    scope). Its ``prefix`` is the name the derived arrays store it under."""

    table: Literal["has", "raw", "pairs"]
    kind: LabelKind | None = None
    scope: Scope | None = None

    @property
    def prefix(self) -> str:
        if self.table == "pairs":
            assert self.scope is not None and self.kind is not None
            return f"pairs.{self.scope.value}.{self.kind}"
        if self.table == "has":
            return f"has.{self.kind}"
        return "raw"


class CubeKey(NamedTuple):
    """A cube of cumulative counts per day: of the pairs (theme × ``kind`` cells, then the
    theme totals) or of a ``has`` table (per label of ``kind``), in articles or mentions."""

    table: Literal["has", "pairs"]
    kind: LabelKind
    measure: Measure


class RowsKey(NamedTuple):
    """Per-row arrays of the pairs of ``kind`` built on demand: each article's ``runs`` of
    rows, or each row's ``theme_n`` (its theme's mentions in its article)."""

    what: Literal["runs", "theme_n"]
    kind: LabelKind


@dataclass(frozen=True)
class Axis:
    """The labels along one side of a table, with '(none)' last."""

    kind: LabelKind
    ids: list[str]

    @property
    def with_none(self) -> list[str]:
        return [*self.ids, NONE_LABEL]

    @property
    def none_code(self) -> int:
        return len(self.ids)


class CountingModel:
    """The label tables of one index in one scope, sorted for counting by day."""

    def __init__(self, index: CorpusIndex, scope: Scope, calendar: Calendar) -> None:
        self.scope = scope
        self.calendar = calendar
        self.size = calendar.size
        self.axes: dict[LabelKind, Axis] = {
            kind: Axis(kind, index.taxonomy.axis(kind)) for kind in ALL_KINDS
        }
        derived = index.derived
        # (art, axis code, n) per kind: the article's rolled-up labels and their mentions.
        self.has: dict[LabelKind, pd.DataFrame] = {
            kind: derived.table(TableKey("has", kind).prefix) for kind in ALL_KINDS
        }
        self.raw_regions = derived.table(TableKey("raw").prefix)
        # The pairs are kept by their article's day (undated last): a date range, which
        # nearly every filter change has, is then one slice of them.
        self.pairs: dict[LabelKind, pd.DataFrame] = {}
        # Where each day's rows start in the pairs (one more entry than day numbers).
        self.day_start: dict[LabelKind, np.ndarray] = {}
        # The first row of each (article, theme) in the pairs, which are sorted that way
        # within each day: a theme's distinct articles are counted on these rows alone.
        self.lead: dict[LabelKind, np.ndarray] = {}
        index.ensure_scope(scope)
        for kind in OTHER_KINDS:
            self._sort_pairs(kind, _table(derived, TableKey("pairs", kind, scope).prefix))
        self.mention_count = derived.arrays["count"]
        # Built on first use (or by warm): the cubes, and each article's run of rows.
        self._cubes: Once[CubeKey] = Once()
        self._rows: Once[RowsKey] = Once()

    def _sort_pairs(self, kind: LabelKind, pairs: pd.DataFrame) -> None:
        """Keep the pairs by day; a stable sort leaves each article's rows together."""
        columns = {name: pairs[name].to_numpy() for name in pairs.columns}
        del pairs
        day = self.calendar.dayno[columns["art"]]
        if len(day) and bool((day[1:] < day[:-1]).any()):
            # A snapshot stores them by day already; an index read from parquet does not.
            # (A stable sort of 16-bit keys is a radix sort.)
            order = np.argsort(day, kind="stable")
            day = day[order]
            columns = {name: values[order] for name, values in columns.items()}
        # Day numbers of the pairs' type: a mixed-type search would convert every row first.
        bounds = np.arange(self.calendar.n_days + 2).astype(day.dtype, casting="unsafe")
        bounds[-1:] = np.iinfo(day.dtype).max  # the end, whatever the type holds
        self.day_start[kind] = np.searchsorted(day, bounds, side="left")
        self.day_start[kind][-1] = len(day)
        del day
        self.pairs[kind] = pd.DataFrame(columns, copy=False)
        art, theme = columns["art"], columns["theme"]
        lead = np.ones(len(art), dtype=bool)
        lead[1:] = (art[1:] != art[:-1]) | (theme[1:] != theme[:-1])
        self.lead[kind] = lead

    def pair_span(self, kind: LabelKind, filters: FilterState) -> slice:
        """The rows of the pairs whose article lies in the filters' date range."""
        start, end = self.calendar.window(filters)
        days = self.day_start[kind]
        return slice(int(days[start]), int(days[end]))

    def article_runs(self, other: LabelKind) -> tuple[np.ndarray, np.ndarray]:
        """Per article: where its rows start in the pairs and how many there are."""
        return self._rows.get(RowsKey("runs", other), lambda: self._make_runs(other))

    def _make_runs(self, other: LabelKind) -> tuple[np.ndarray, np.ndarray]:
        art = self.pairs[other]["art"].to_numpy()
        first = np.flatnonzero(np.r_[True, art[1:] != art[:-1]]) if len(art) else art
        lengths = np.diff(np.r_[first, len(art)])
        starts = np.zeros(self.size, dtype=np.int64 if len(art) > 2**31 - 1 else np.int32)
        counts = np.zeros(self.size, dtype=np.int32)
        starts[art[first]] = first
        counts[art[first]] = lengths
        return starts, counts

    def pair_cube(self, other: LabelKind, measure: Measure) -> np.ndarray:
        """Cumulative counts before each day number: theme × other cells, then the theme
        totals (distinct articles, or their mentions once)."""
        key = CubeKey("pairs", other, measure)
        return self._cubes.get(key, lambda: self._make_pair_cube(other, measure))

    def _make_pair_cube(self, other: LabelKind, measure: Measure) -> np.ndarray:
        pairs = self.pairs[other]
        width = len(self.axes[other].with_none)
        height = len(self.axes["theme"].with_none)
        size = height * width + height
        n_days = self.calendar.n_days
        day_start = self.day_start[other]
        theme, column = pairs["theme"].to_numpy(), pairs["other"].to_numpy()
        mentions = measure is Measure.mentions
        n = pairs["n"].to_numpy() if mentions else None
        theme_n = self.theme_mentions(other) if mentions else None
        lead = self.lead[other]
        counts = np.zeros((n_days + 1, size), dtype=np.int64)
        # A few hundred thousand rows at a time (whole days): the scratch arrays of all the
        # rows at once would add tens of MB to the dashboard's peak memory.
        step = 1 << 19
        cuts = np.searchsorted(day_start, np.arange(step, int(day_start[-1]), step))
        for first, last in pairwise(np.unique(np.r_[0, cuts, n_days + 1])):
            rows = slice(int(day_start[first]), int(day_start[last]))
            day = np.repeat(
                np.arange(last - first, dtype=np.int64), np.diff(day_start[first : last + 1])
            )
            block = np.bincount(
                day * size + theme[rows].astype(np.int64) * width + column[rows],
                weights=n[rows] if n is not None else None,
                minlength=(last - first) * size,
            )
            leads = lead[rows]
            block += np.bincount(
                day[leads] * size + height * width + theme[rows][leads],
                weights=theme_n[rows][leads] if theme_n is not None else None,
                minlength=(last - first) * size,
            )
            counts[first:last] += block.reshape(-1, size).astype(np.int64)
        return cumulative(counts)

    def has_cube(self, kind: LabelKind, measure: Measure) -> np.ndarray:
        """Cumulative articles (or mentions) per label of ``kind`` before each day number."""
        key = CubeKey("has", kind, measure)
        return self._cubes.get(key, lambda: self._make_has_cube(kind, measure))

    def _make_has_cube(self, kind: LabelKind, measure: Measure) -> np.ndarray:
        table = self.has[kind]
        width = len(self.axes[kind].with_none)
        day = self.calendar.dayno[table["art"].to_numpy()].astype(np.int64)
        counts = np.bincount(
            day * width + table["code"].to_numpy(),
            weights=table["n"].to_numpy() if measure is Measure.mentions else None,
            minlength=(self.calendar.n_days + 1) * width,
        )
        return cumulative(counts.reshape(-1, width))

    def theme_mentions(self, other: LabelKind) -> np.ndarray:
        """Per pairs row: the mentions of its theme in its article (of the other label on a
        '(none)' theme row)."""
        pairs = self.pairs[other]
        if self.scope is Scope.article:
            # One unit per article: a pair's n is already its theme's mentions in the article.
            return cast(np.ndarray, pairs["n"].to_numpy())
        return self._rows.get(RowsKey("theme_n", other), lambda: self._make_theme_mentions(other))

    def _make_theme_mentions(self, other: LabelKind) -> np.ndarray:
        pairs = self.pairs[other]
        has = self.has["theme"]
        key = pairs["art"].to_numpy(np.int64) * 4096 + pairs["theme"].to_numpy()
        has_key = has["art"].to_numpy(np.int64) * 4096 + has["code"].to_numpy()
        position = np.searchsorted(has_key, key)
        position = np.minimum(position, max(len(has_key) - 1, 0))
        found = (has_key[position] == key) if len(has_key) else np.zeros(len(key), dtype=bool)
        counts = np.where(
            found, has["n"].to_numpy()[position] if len(has_key) else 0, pairs["n"].to_numpy()
        ).astype(np.int32)
        return counts


def _table(derived: Derived, prefix: str) -> pd.DataFrame:
    """A derived table read without the model keeping its own copy (Query keeps a sorted one)."""
    arrays = derived.arrays
    if not isinstance(arrays, LazyArrays):
        return derived.table(prefix)
    columns = {
        key[len(prefix) + 1 :]: arrays.peek(key)
        for key in arrays
        if key.startswith(prefix + ".") and key.count(".") == prefix.count(".") + 1
    }
    return pd.DataFrame(columns, copy=False)
