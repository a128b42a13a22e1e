"""Counting and querying: the data frames every view (and every export) is made of.

The data model counts a theme together with a sector (or region) when both are mentioned in
the same unit of the co-occurrence scope (article, paragraph or sentence). A theme with no
sector or region in its unit is paired with "(none)", and so is a sector or region with no
theme: nothing the text says is dropped. The "articles" measure counts distinct articles per
cell, the "mentions" measure counts the theme's mentions (the sector's or region's on the
"(none)" theme row).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tui.core.derive import Derived, LazyArrays
from tui.core.index import CorpusIndex
from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Period, Scope

OTHER_KINDS: tuple[LabelKind, LabelKind] = ("sector", "region")
T = TypeVar("T")
TOTAL = "total"
SEARCH_MEMORY_BYTES = 128 * 1024 * 1024
"""Folded article texts kept in memory for search up to this size (about 150,000 articles of
wire copy); beyond it, the rest is read from the cache at each search."""

_PERIOD_CODES = {
    Period.day: "D",
    Period.week: "W-SUN",
    Period.month: "M",
    Period.quarter: "Q",
    Period.year: "Y",
}


def period_label(period: pd.Period, kind: Period) -> str:
    """A compact, sortable label for a period ("2024-03", "2024-Q1", week: its Monday)."""
    if kind is Period.day or kind is Period.week:
        return str(period.start_time.date().isoformat())
    if kind is Period.month:
        return f"{period.year:04d}-{period.month:02d}"
    if kind is Period.quarter:
        return f"{period.year:04d}-Q{period.quarter}"
    return f"{period.year:04d}"


def shift_range(
    start: dt.date, end: dt.date, period: Period, steps: int
) -> tuple[dt.date, dt.date]:
    """Move a date range by whole periods, keeping its length in periods."""
    code = _PERIOD_CODES[period]
    first = pd.Period(start, freq=code) + steps
    last = pd.Period(end, freq=code) + steps
    return first.start_time.date(), last.end_time.date()


def period_range(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The whole period that holds ``day``."""
    current = pd.Period(day, freq=_PERIOD_CODES[period])
    return current.start_time.date(), current.end_time.date()


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


class Query:
    """Answers the dashboard's and the command line's questions about one corpus index."""

    def __init__(self, index: CorpusIndex, scope: Scope = Scope.article) -> None:
        self.index = index
        self.scope = scope
        self.taxonomy = index.taxonomy
        self.size = len(index.articles)
        self.axes: dict[LabelKind, Axis] = {
            kind: Axis(kind, self.taxonomy.axis(kind)) for kind in ("theme", "sector", "region")
        }
        dates = index.articles["date"]
        self.dates = dates.to_numpy(dtype="datetime64[D]")
        self._dated = ~np.isnat(self.dates)
        derived = index.derived
        # (art, axis code, n) per kind: the article's rolled-up labels and their mentions.
        self.has: dict[LabelKind, pd.DataFrame] = {
            kind: derived.table(f"has.{kind}") for kind in ("theme", "sector", "region")
        }
        self._raw_regions = derived.table("raw")
        # Each article's day (undated last), the order the pairs are kept in: a date range,
        # which nearly every filter change has, is then one slice of them.
        self._day = np.where(
            self._dated, self.dates.astype(np.int64), np.iinfo(np.int64).max
        ).astype(np.int64)
        self.pairs: dict[LabelKind, pd.DataFrame] = {}
        self._pair_day: dict[LabelKind, np.ndarray] = {}
        # The first row of each (article, theme) in the pairs, which are sorted that way
        # within each day: a theme's distinct articles are counted on these rows alone.
        self._lead: dict[LabelKind, np.ndarray] = {}
        for kind in OTHER_KINDS:
            self._sort_pairs(kind, _table(derived, f"pairs.{scope.value}.{kind}"))
        self._mention_count = derived.arrays["count"]
        self._theme_n: dict[LabelKind, np.ndarray] = {}
        self._masks: dict[tuple[object, ...], np.ndarray] = {}
        self._results: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._periods: dict[Period, tuple[np.ndarray, list[str]]] = {}
        self._newest_first: np.ndarray | None = None
        self._search_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._search_lock = threading.Lock()
        self._folded: dict[int, pa.ChunkedArray] = {}
        self._folded_bytes = 0
        self._art_of_row = self._rows_to_articles()

    def _sort_pairs(self, kind: LabelKind, pairs: pd.DataFrame) -> None:
        """Keep the pairs by day; a stable sort leaves each article's rows together."""
        day = self._day[pairs["art"].to_numpy()]
        order = np.argsort(day, kind="stable")
        self._pair_day[kind] = day[order]
        del day
        self.pairs[kind] = pd.DataFrame(
            {name: pairs[name].to_numpy()[order] for name in pairs.columns}, copy=False
        )
        del pairs
        art = self.pairs[kind]["art"].to_numpy()
        theme = self.pairs[kind]["theme"].to_numpy()
        lead = np.ones(len(art), dtype=bool)
        lead[1:] = (art[1:] != art[:-1]) | (theme[1:] != theme[:-1])
        self._lead[kind] = lead

    def _pair_span(self, kind: LabelKind, filters: FilterState) -> slice:
        """The rows of the pairs whose article lies in the filters' date range."""
        days = self._pair_day[kind]
        if filters.date_from is None and filters.date_to is None:
            return slice(0, len(days))
        low = (
            np.datetime64(filters.date_from, "D").astype(np.int64)
            if filters.date_from is not None
            else np.iinfo(np.int64).min
        )
        # Undated articles sort last and are outside any range.
        high = (
            np.datetime64(filters.date_to, "D").astype(np.int64)
            if filters.date_to is not None
            else np.iinfo(np.int64).max - 1
        )
        start = int(np.searchsorted(days, low, side="left"))
        end = int(np.searchsorted(days, high, side="right"))
        return slice(start, max(start, end))

    def _rows_to_articles(self) -> dict[int, np.ndarray]:
        articles = self.index.articles
        mapping: dict[int, np.ndarray] = {}
        for file_no, group in articles.groupby("file_no", sort=True):
            rows = group["row"].to_numpy()
            lookup = np.full(int(rows.max()) + 1 if len(rows) else 0, -1, dtype=np.int64)
            lookup[rows] = group.index.to_numpy()
            mapping[int(str(file_no))] = lookup
        return mapping

    # -- filtering ------------------------------------------------------------------------

    def codes(self, kind: LabelKind, ids: tuple[str, ...] | list[str]) -> np.ndarray:
        """Axis codes of label ids (regions roll up; '(none)' is its own code)."""
        axis = self.axes[kind]
        out = []
        for label_id in ids:
            if label_id == NONE_LABEL:
                out.append(axis.none_code)
            elif label_id in self.taxonomy.labels:
                out.append(axis.ids.index(self.taxonomy.root(label_id)))
        return np.array(sorted(set(out)), dtype=np.int32)

    def _articles_with(self, kind: LabelKind, codes: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        table = self.has[kind]
        mask[table["art"].to_numpy()[np.isin(table["code"].to_numpy(), codes)]] = True
        if self.axes[kind].none_code in codes:
            # Articles with no label of the kind at all, and those behind a "(none)" cell.
            present = np.zeros(self.size, dtype=bool)
            present[table["art"].to_numpy()] = True
            mask |= ~present
            mask[self._articles_in_none(kind)] = True
        return mask

    def _articles_in_none(self, kind: LabelKind) -> np.ndarray:
        """Articles counted in the "(none)" row or column of ``kind`` (in the current scope).

        In sentence or paragraph scope an article can have a sector and still have a theme
        with no sector beside it: choosing "(none)" keeps the articles behind those cells.
        """
        if kind == "theme":
            parts = [
                p["art"].to_numpy()[p["theme"].to_numpy() == self.axes["theme"].none_code]
                for p in self.pairs.values()
            ]
            return np.unique(np.concatenate(parts)) if parts else np.array([], dtype=np.int64)
        pairs = self.pairs[kind]
        return np.unique(
            pairs["art"].to_numpy()[pairs["other"].to_numpy() == self.axes[kind].none_code]
        )

    def _articles_in_regions(self, region_ids: tuple[str, ...]) -> np.ndarray:
        wanted: set[str] = set()
        for region in region_ids:
            if region in self.taxonomy.labels:
                wanted |= self.taxonomy.descendants(region)
        positions = [i for i, label in enumerate(self.taxonomy.labels) if label in wanted]
        mask = np.zeros(self.size, dtype=bool)
        table = self._raw_regions
        mask[table["art"].to_numpy()[np.isin(table["label"].to_numpy(), positions)]] = True
        if NONE_LABEL in region_ids:
            mask |= self._articles_with("region", np.array([self.axes["region"].none_code]))
        return mask

    def date_mask(self, filters: FilterState) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        if filters.date_from is not None:
            mask &= self._dated & (self.dates >= np.datetime64(filters.date_from, "D"))
        if filters.date_to is not None:
            mask &= self._dated & (self.dates <= np.datetime64(filters.date_to, "D"))
        return mask

    def search_mask(self, text: str) -> np.ndarray:
        """Articles whose title or body holds ``text`` (case-insensitive, spacing folded)."""
        needle = " ".join(text.split()).lower()
        with self._search_lock:
            if needle in self._search_cache:
                self._search_cache.move_to_end(needle)
                return self._search_cache[needle]
        mask = np.zeros(self.size, dtype=bool)
        # Texts not kept folded in memory are matched as they are, spacing and case aside.
        pattern = r"\s+".join(re.escape(word) for word in needle.split(" "))
        for file_no, lookup in self._art_of_row.items():
            if not len(lookup):
                continue
            folded = self._folded_texts(file_no)
            if folded is None:
                raw = self.index.texts.iter_file_texts(file_no)
                hits = pc.match_substring_regex(raw, pattern, ignore_case=True)
            else:
                hits = pc.match_substring(folded, needle)
            rows = np.flatnonzero(hits.to_numpy(zero_copy_only=False))
            rows = rows[rows < len(lookup)]
            arts = lookup[rows]
            mask[arts[arts >= 0]] = True
        with self._search_lock:
            self._search_cache[needle] = mask
            if len(self._search_cache) > 16:
                self._search_cache.popitem(last=False)
        return mask

    def warm(self) -> None:
        """Work out ahead of the first keystroke what queries compute once (from a worker):
        the article order, the periods and the texts folded for search."""
        self.newest_first()
        for period in Period:
            self._period_codes(period)
        for other in OTHER_KINDS:
            self._theme_mentions(other)
        self.warm_search()

    def warm_search(self) -> None:
        """Fold the texts for search ahead of the first keystroke (call from a worker), when
        they all fit in memory; a larger corpus folds what fits at its first search."""
        if self.index.text_bytes() > SEARCH_MEMORY_BYTES:
            return
        for file_no in self._art_of_row:
            if self._folded_bytes >= SEARCH_MEMORY_BYTES:
                return
            self._folded_texts(file_no)

    def _folded_texts(self, file_no: int) -> pa.ChunkedArray | None:
        """A file's texts lower-cased with spacing folded, kept in memory; None once the
        memory for them is spent (its texts are then searched as they are)."""
        cached = self._folded.get(file_no)
        if cached is not None:
            return cached
        if self._folded_bytes >= SEARCH_MEMORY_BYTES:
            return None
        # Batch by batch: folding a whole file at once holds three copies of its text.
        folded = pa.chunked_array(
            [
                pc.utf8_lower(pc.replace_substring_regex(batch, r"\s+", " "))
                for batch in self.index.texts.text_batches(file_no)
            ],
            type=pa.large_string(),
        )
        with self._search_lock:
            if file_no not in self._folded:
                # Later keystrokes search memory instead of reading and folding texts again.
                self._folded[file_no] = folded
                self._folded_bytes += folded.nbytes
        return folded

    def article_mask(self, filters: FilterState) -> np.ndarray:
        """The articles every view of ``filters`` is counted over (the mask is read-only)."""
        key = (
            filters.themes,
            filters.sectors,
            filters.regions,
            filters.date_from,
            filters.date_to,
            filters.search.strip(),
        )
        with self._search_lock:
            cached = self._masks.get(key)
        if cached is not None:
            return cached
        mask = self._article_mask(filters)
        mask.flags.writeable = False
        with self._search_lock:
            # Every panel of one keypress asks for the same mask: work it out once.
            self._masks = {key: mask}
        return mask

    def _article_mask(self, filters: FilterState) -> np.ndarray:
        mask = self.date_mask(filters)
        if filters.themes:
            mask &= self._articles_with("theme", self.codes("theme", filters.themes))
        if filters.sectors:
            mask &= self._articles_with("sector", self.codes("sector", filters.sectors))
        if filters.regions:
            mask &= self._articles_in_regions(filters.regions)
        if filters.search.strip():
            mask &= self.search_mask(filters.search)
        return mask

    def denominator(self, filters: FilterState) -> int:
        """All articles in the filters' date range: what a share is a share of."""
        return int(self.date_mask(filters).sum())

    # -- views ----------------------------------------------------------------------------

    def _selected_pairs(
        self, other: LabelKind, filters: FilterState, rows: slice | None = None
    ) -> np.ndarray:
        """Which rows of the pairs (of ``rows`` of them, all by default) the filters keep."""
        pairs = self.pairs[other]
        rows = rows if rows is not None else slice(0, len(pairs))
        keep: np.ndarray = self.article_mask(filters)[pairs["art"].to_numpy()[rows]]
        if filters.themes:
            keep &= np.isin(pairs["theme"].to_numpy()[rows], self.codes("theme", filters.themes))
        chosen = filters.sectors if other == "sector" else filters.regions
        if chosen:
            keep &= np.isin(pairs["other"].to_numpy()[rows], self.codes(other, chosen))
        return keep

    def _visible(self, kind: LabelKind, chosen: tuple[str, ...]) -> list[int]:
        axis = self.axes[kind]
        if not chosen:
            return list(range(len(axis.with_none)))
        return [int(code) for code in self.codes(kind, chosen)]

    def _remember(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """The result of ``make`` for ``key``, from the last few keypresses' results if there.

        Going back (esc, reset, a date moved back) asks again for numbers already shown.
        """
        with self._search_lock:
            if key in self._results:
                self._results.move_to_end(key)
                return cast(T, self._results[key])
        result = make()
        with self._search_lock:
            self._results[key] = result
            if len(self._results) > 64:
                self._results.popitem(last=False)
        return result

    def theme_by(self, other: LabelKind, filters: FilterState) -> pd.DataFrame:
        """Theme rows × sector (or region) columns, plus a distinct-article total per theme."""
        # The period does not change these numbers: cycling it reuses them.
        key = ("by", other, filters.model_copy(update={"period": Period.month}))
        frame = self._remember(key, lambda: self._theme_by(other, filters))
        return frame.copy()

    def _theme_by(self, other: LabelKind, filters: FilterState) -> pd.DataFrame:
        rows = self._pair_span(other, filters)
        keep = self._selected_pairs(other, filters, rows)
        pairs = self.pairs[other]
        theme = pairs["theme"].to_numpy()[rows]
        theme_axis, other_axis = self.axes["theme"], self.axes[other]
        width = len(other_axis.with_none)
        height = len(theme_axis.with_none)
        flat = theme[keep].astype(np.int64) * width + pairs["other"].to_numpy()[rows][keep]
        mentions = filters.measure is Measure.mentions
        weights = pairs["n"].to_numpy()[rows][keep] if mentions else None
        matrix = np.bincount(flat, weights=weights, minlength=height * width).reshape(-1, width)
        # A theme counts once per article (and its mentions once) whatever its columns: count
        # it on the first row of each article and theme the filters keep.
        chosen = filters.sectors if other == "sector" else filters.regions
        if chosen:
            key = pairs["art"].to_numpy()[rows][keep].astype(np.int64) * 4096 + theme[keep]
            first = np.zeros(len(key), dtype=bool)
            if len(key):
                first[np.unique(key, return_index=True)[1]] = True
            rows_kept = np.flatnonzero(keep)[first]
        else:
            rows_kept = np.flatnonzero(keep & self._lead[other][rows])
        weights = self._theme_mentions(other)[rows][rows_kept] if mentions else None
        totals = np.bincount(theme[rows_kept], weights=weights, minlength=height)
        visible_rows = self._visible("theme", filters.themes)
        cols = self._visible(other, chosen)
        frame = pd.DataFrame(
            matrix[np.ix_(visible_rows, cols)],
            index=pd.Index([theme_axis.with_none[r] for r in visible_rows], name="theme"),
            columns=[other_axis.with_none[c] for c in cols],
        )
        frame[TOTAL] = totals[visible_rows]
        frame = frame.astype(np.int64)
        if filters.share:
            return self._as_share(frame, self.denominator(filters))
        return frame

    def _theme_mentions(self, other: LabelKind) -> np.ndarray:
        """Per pairs row: the mentions of its theme in its article (of the other label on a
        '(none)' theme row). Worked out on first use."""
        cached = self._theme_n.get(other)
        if cached is not None:
            return cached
        pairs, has = self.pairs[other], self.has["theme"]
        key = pairs["art"].to_numpy(np.int64) * 4096 + pairs["theme"].to_numpy()
        has_key = has["art"].to_numpy(np.int64) * 4096 + has["code"].to_numpy()
        position = np.searchsorted(has_key, key)
        position = np.minimum(position, max(len(has_key) - 1, 0))
        found = (has_key[position] == key) if len(has_key) else np.zeros(len(key), dtype=bool)
        counts = np.where(
            found, has["n"].to_numpy()[position] if len(has_key) else 0, pairs["n"].to_numpy()
        ).astype(np.int32)
        self._theme_n[other] = counts
        return counts

    @staticmethod
    def _as_share(frame: pd.DataFrame, denominator: int) -> pd.DataFrame:
        if denominator == 0:
            return frame.astype(float) * 0.0
        return (frame.astype(float) / denominator).round(6)

    def theme_totals(self, filters: FilterState, kind: LabelKind = "theme") -> pd.Series:
        """Distinct articles (or mentions) per label of ``kind`` under the filters."""
        mask = self.article_mask(filters)
        table = self.has[kind]
        table = table[mask[table["art"].to_numpy()]]
        chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
        axis = self.axes[kind]
        if chosen[kind]:
            table = table[np.isin(table["code"].to_numpy(), self.codes(kind, chosen[kind]))]
        weights = None if filters.measure is Measure.articles else table["n"].to_numpy()
        counts = np.bincount(
            table["code"].to_numpy(), weights=weights, minlength=len(axis.with_none)
        )[: len(axis.ids)]
        series = pd.Series(counts.astype(np.int64), index=axis.ids, name=filters.measure.value)
        if filters.share:
            denominator = self.denominator(filters)
            series = (series / denominator).round(6) if denominator else series * 0.0
        return series

    def _period_codes(self, period: Period) -> tuple[np.ndarray, list[str]]:
        """Each article's period number (-1 undated) and the labels of every period in the
        corpus span, worked out once per kind of period."""
        cached = self._periods.get(period)
        if cached is not None:
            return cached
        codes = np.full(self.size, -1, dtype=np.int64)
        labels: list[str] = []
        if self._dated.any():
            freq = _PERIOD_CODES[period]
            ordinals = pd.PeriodIndex(self.dates[self._dated], freq=freq).asi8
            first = int(ordinals.min())
            codes[self._dated] = ordinals - first
            span = pd.period_range(
                pd.Period(ordinal=first, freq=freq), periods=int(ordinals.max()) - first + 1
            )
            labels = [period_label(p, period) for p in span]
        self._periods[period] = (codes, labels)
        return codes, labels

    def timeline(self, filters: FilterState, top: int | None = None) -> pd.DataFrame:
        """Periods × themes: articles (or mentions) per theme per period, zero-filled."""
        grid = self._remember(("timeline", filters, top), lambda: self._timeline(filters, top))
        return grid.copy()

    def _timeline(self, filters: FilterState, top: int | None) -> pd.DataFrame:
        theme_axis = self.axes["theme"]
        if filters.themes:
            chosen = self.codes("theme", filters.themes)
            chosen = chosen[chosen < len(theme_axis.ids)]
        else:
            chosen = np.arange(len(theme_axis.ids))
        columns = [theme_axis.ids[c] for c in chosen]
        codes, labels = self._period_codes(filters.period)
        base = self.date_mask(filters) & self._dated
        if not base.any():
            return pd.DataFrame(columns=columns, index=pd.Index([], name="period"), dtype=np.int64)
        present = codes[base]
        low, high = int(present.min()), int(present.max())
        periods = high - low + 1
        table = self.has["theme"]
        arts = table["art"].to_numpy()
        keep = (self.article_mask(filters) & self._dated)[arts]
        theme_codes = table["code"].to_numpy()
        keep &= np.isin(theme_codes, chosen)
        width = len(theme_axis.ids)
        flat = (codes[arts[keep]] - low) * width + theme_codes[keep]
        weights = table["n"].to_numpy()[keep] if filters.measure is Measure.mentions else None
        counts = np.bincount(flat, weights=weights, minlength=periods * width)
        matrix = counts.reshape(periods, width)[:, chosen].astype(np.int64)
        grid = pd.DataFrame(matrix, columns=columns)
        if filters.share:
            denominators = np.bincount(present - low, minlength=periods)
            safe = np.where(denominators == 0, 1, denominators)
            grid = (grid.astype(float).div(safe, axis=0)).round(6)
        if top is not None:
            leaders = grid.sum(axis=0).sort_values(ascending=False, kind="stable")
            grid = grid[[c for c in leaders.index[:top] if leaders[c] > 0]]
        grid.index = pd.Index(labels[low : high + 1], name="period")
        return grid

    def article_ids(
        self,
        filters: FilterState,
        theme: str | None = None,
        other: str | None = None,
        other_kind: LabelKind | None = None,
    ) -> np.ndarray:
        """Articles behind the filters, or behind one cell of a theme × sector/region table."""
        if theme is None and other is None:
            return np.flatnonzero(self.article_mask(filters))
        if other_kind is None or other is None:
            mask = self.article_mask(filters).copy()
            if theme is not None:
                mask &= self._articles_with("theme", self.codes("theme", (theme,)))
            return np.flatnonzero(mask)
        keep = self._selected_pairs(other_kind, filters)
        pairs = self.pairs[other_kind]
        if theme is not None and theme != TOTAL:
            keep &= pairs["theme"].to_numpy() == self.codes("theme", (theme,))[0]
        if other != TOTAL:
            keep &= pairs["other"].to_numpy() == self.codes(other_kind, (other,))[0]
        return np.unique(pairs["art"].to_numpy()[keep]).astype(np.int64)

    def articles(
        self,
        filters: FilterState,
        theme: str | None = None,
        other: str | None = None,
        other_kind: LabelKind | None = None,
        limit: int | None = None,
    ) -> tuple[pd.DataFrame, int]:
        """The article list (newest first) and how many articles there are in all."""
        if limit is None:  # an export of them all: not worth remembering
            return self._articles(filters, theme, other, other_kind, limit)
        key = ("articles", filters, theme, other, other_kind, limit)
        frame, total = self._remember(
            key, lambda: self._articles(filters, theme, other, other_kind, limit)
        )
        return frame.copy(), total

    def _articles(
        self,
        filters: FilterState,
        theme: str | None,
        other: str | None,
        other_kind: LabelKind | None,
        limit: int | None,
    ) -> tuple[pd.DataFrame, int]:
        arts = self.article_ids(filters, theme, other, other_kind)
        total = len(arts)
        chosen = np.zeros(self.size, dtype=bool)
        chosen[arts] = True
        order = self.newest_first()
        arts = order[chosen[order]]
        if limit is not None:
            arts = arts[:limit]
        return self.describe_articles(arts), total

    def newest_first(self) -> np.ndarray:
        """Every article, newest first, then by id (undated last); worked out once."""
        if self._newest_first is None:
            ids = pa.array(self.index.articles["id"])
            id_rank = pc.rank(ids, sort_keys="ascending", tiebreaker="first").to_numpy()
            self._newest_first = np.lexsort((id_rank, -_date_key(self.index.articles["date"])))
        return self._newest_first

    def describe_articles(self, arts: np.ndarray) -> pd.DataFrame:
        articles = self.index.articles.iloc[arts]
        labels = {kind: self._labels_of(kind, arts) for kind in ("theme", "sector", "region")}
        dates = articles["date"]
        return pd.DataFrame(
            {
                "art": arts,
                "id": articles["id"].to_numpy(),
                "date": [d.date().isoformat() if not pd.isna(d) else "" for d in dates],
                "title": articles["title"].to_numpy(),
                "themes": [labels["theme"].get(int(a), "") for a in arts],
                "sectors": [labels["sector"].get(int(a), "") for a in arts],
                "regions": [labels["region"].get(int(a), "") for a in arts],
                "mentions": self._mention_count[arts].astype(np.int64),
                "source": articles["source"].to_numpy(),
            }
        )

    def _labels_of(self, kind: LabelKind, arts: np.ndarray) -> dict[int, str]:
        """The label ids of each article, from the has table (sorted by article)."""
        table = self.has[kind]
        table_arts = table["art"].to_numpy()
        codes = table["code"].to_numpy()
        ids = self.axes[kind].ids
        first = np.searchsorted(table_arts, arts, side="left")
        last = np.searchsorted(table_arts, arts, side="right")
        return {
            int(art): ";".join(ids[c] for c in codes[start:end])
            for art, start, end in zip(arts, first, last, strict=True)
            if end > start
        }

    def explain(self, art: int) -> tuple[str, pd.DataFrame]:
        """An article's text and its mentions with label, kind, sentence and phrase."""
        text = self.index.text(art)
        rows = self.index.mentions_of(art)
        from tui.core.tagger import sentence_starts

        starts = sentence_starts(text)
        bounds = [*starts, len(text)]
        records = []
        for row in rows.to_dict("records"):
            label = self.taxonomy.labels[str(row["label"])]
            sentence = int(row["sentence"])
            start, end = int(row["start"]), int(row["end"])
            records.append(
                {
                    "label": label.id,
                    "name": label.name,
                    "kind": label.kind,
                    "rolls_up_to": self.taxonomy.root(label.id),
                    "start": start,
                    "end": end,
                    "phrase": text[start:end],
                    "sentence_no": sentence,
                    "sentence": text[bounds[sentence] : bounds[sentence + 1]].strip()
                    if sentence + 1 < len(bounds)
                    else "",
                }
            )
        columns = [
            "label",
            "name",
            "kind",
            "rolls_up_to",
            "start",
            "end",
            "phrase",
            "sentence_no",
            "sentence",
        ]
        return text, pd.DataFrame(records, columns=columns)


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


def _date_key(dates: pd.Series) -> np.ndarray:
    values = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(
        np.isnat(dates.to_numpy(dtype="datetime64[D]")), np.iinfo(np.int64).min + 1, values
    )
