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
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tui.core import search, wordsearch
from tui.core.derive import Derived, LazyArrays
from tui.core.index import CorpusIndex
from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Period, Scope
from tui.core.search import Term

if TYPE_CHECKING:
    from tui.core.tagger import Tagger

OTHER_KINDS: tuple[LabelKind, LabelKind] = ("sector", "region")
ALL_KINDS: tuple[LabelKind, LabelKind, LabelKind] = ("theme", "sector", "region")
T = TypeVar("T")
TOTAL = "total"
ARTICLE_SORTS = ("date", "-date", "mentions", "-mentions", "title", "-title")
"""The article list's columns it can be sorted by ('-': descending); unsorted, newest first."""
SEARCH_MEMORY_BYTES = 128 * 1024 * 1024
"""Article texts are kept folded in memory for search when they all fit in this size (about
150,000 articles of wire copy); a larger corpus is read from the cache at each search."""

LABEL_MASKS = 12
"""Masks of label choices kept (a megabyte each at a million articles)."""

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


def period_of(day: dt.date, period: Period) -> pd.Period:
    """The period of granularity ``period`` that holds ``day``."""
    return pd.Period(day, freq=_PERIOD_CODES[period])


def period_range(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The whole period that holds ``day``."""
    current = period_of(day, period)
    return current.start_time.date(), current.end_time.date()


def period_name(day: dt.date, period: Period) -> str:
    """The label of the period that holds ``day``, as the timeline writes it ("2024-11")."""
    return period_label(pd.Period(day, freq=_PERIOD_CODES[period]), period)


def step_range(
    start: dt.date, end: dt.date, period: Period, steps: int, first: dt.date, last: dt.date
) -> tuple[dt.date, dt.date] | None:
    """``shift_range`` kept to the periods from ``first``'s to ``last``'s (the corpus's dates):
    None when the step would take the range past them. A range beyond the corpus may still
    step back towards it."""
    new_start, new_end = shift_range(start, end, period, steps)
    if steps > 0 and new_end > period_range(last, period)[1]:
        return None
    if steps < 0 and new_start < period_range(first, period)[0]:
        return None
    return new_start, new_end


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
        self._tagger: Tagger | None = None
        self.size = len(index.articles)
        self.axes: dict[LabelKind, Axis] = {
            kind: Axis(kind, self.taxonomy.axis(kind)) for kind in ("theme", "sector", "region")
        }
        dates = index.articles["date"].to_numpy(dtype="datetime64[D]")
        self._dated = ~np.isnat(dates)
        # Each article's day as a number from the corpus's first day; undated articles get
        # the number after the last day, so they sort last and fall outside every range.
        self._first_day = int(dates[self._dated].min().astype(np.int64)) if self._dated.any() else 0
        self._n_days = (
            int(dates[self._dated].max().astype(np.int64)) - self._first_day + 1
            if self._dated.any()
            else 0
        )
        day_type = np.uint16 if self._n_days < np.iinfo(np.uint16).max else np.int32
        self._dayno: np.ndarray = np.where(
            self._dated, dates.astype(np.int64) - self._first_day, self._n_days
        ).astype(day_type)
        del dates
        # Articles before each day number: a share's denominator is two look-ups.
        self._day_articles = _cumulative(np.bincount(self._dayno, minlength=self._n_days + 1))
        derived = index.derived
        # (art, axis code, n) per kind: the article's rolled-up labels and their mentions.
        self.has: dict[LabelKind, pd.DataFrame] = {
            kind: derived.table(f"has.{kind}") for kind in ("theme", "sector", "region")
        }
        self._raw_regions = derived.table("raw")
        # The pairs are kept by their article's day (undated last): a date range, which
        # nearly every filter change has, is then one slice of them.
        self.pairs: dict[LabelKind, pd.DataFrame] = {}
        # Where each day's rows start in the pairs (one more entry than day numbers).
        self._day_start: dict[LabelKind, np.ndarray] = {}
        # The first row of each (article, theme) in the pairs, which are sorted that way
        # within each day: a theme's distinct articles are counted on these rows alone.
        self._lead: dict[LabelKind, np.ndarray] = {}
        index.ensure_scope(scope)
        for kind in OTHER_KINDS:
            self._sort_pairs(kind, _table(derived, f"pairs.{scope.value}.{kind}"))
        self._mention_count = derived.arrays["count"]
        self._masks: dict[tuple[object, ...], np.ndarray] = {}
        self._label_masks: OrderedDict[tuple[LabelKind, tuple[str, ...]], np.ndarray] = (
            OrderedDict()
        )
        self._results: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._newest_first: np.ndarray | None = None
        self._rank: np.ndarray | None = None
        self._search_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._search_lock = threading.Lock()
        self._local = threading.local()
        # Built on first use (or by warm): cumulative counts per day, and each article's run
        # of rows in the pairs.
        self._build_lock = threading.Lock()
        self._built: dict[tuple[str, ...], object] = {}
        self._build_locks: dict[tuple[str, ...], threading.Lock] = {}
        self._folded: dict[int, pa.ChunkedArray] = {}
        self._folded_bytes = 0

    def _sort_pairs(self, kind: LabelKind, pairs: pd.DataFrame) -> None:
        """Keep the pairs by day; a stable sort leaves each article's rows together."""
        columns = {name: pairs[name].to_numpy() for name in pairs.columns}
        del pairs
        day = self._dayno[columns["art"]]
        if len(day) and bool((day[1:] < day[:-1]).any()):
            # A snapshot stores them by day already; an index read from parquet does not.
            # (A stable sort of 16-bit keys is a radix sort.)
            order = np.argsort(day, kind="stable")
            day = day[order]
            columns = {name: values[order] for name, values in columns.items()}
        # Day numbers of the pairs' type: a mixed-type search would convert every row first.
        bounds = np.arange(self._n_days + 2).astype(day.dtype, casting="unsafe")
        bounds[-1:] = np.iinfo(day.dtype).max  # the end, whatever the type holds
        self._day_start[kind] = np.searchsorted(day, bounds, side="left")
        self._day_start[kind][-1] = len(day)
        del day
        self.pairs[kind] = pd.DataFrame(columns, copy=False)
        art, theme = columns["art"], columns["theme"]
        lead = np.ones(len(art), dtype=bool)
        lead[1:] = (art[1:] != art[:-1]) | (theme[1:] != theme[:-1])
        self._lead[kind] = lead

    def _window(self, filters: FilterState) -> tuple[int, int]:
        """The filters' date range as day numbers [start, end); with no range at all, every
        day and the undated articles."""
        if filters.date_from is None and filters.date_to is None:
            return 0, self._n_days + 1
        start = (
            min(max(_epoch_day(filters.date_from) - self._first_day, 0), self._n_days)
            if filters.date_from is not None
            else 0
        )
        end = (
            min(max(_epoch_day(filters.date_to) - self._first_day + 1, 0), self._n_days)
            if filters.date_to is not None
            else self._n_days
        )
        return start, max(start, end)

    def _pair_span(self, kind: LabelKind, filters: FilterState) -> slice:
        """The rows of the pairs whose article lies in the filters' date range."""
        start, end = self._window(filters)
        days = self._day_start[kind]
        return slice(int(days[start]), int(days[end]))

    def _once(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """``make()`` worked out once per key. Reading a built value takes no lock, and each
        key has its own: a keystroke never waits for warm-up building something else."""
        built = self._built.get(key)
        if built is not None:
            return cast(T, built)
        with self._build_lock:
            lock = self._build_locks.setdefault(key, threading.Lock())
        with lock:
            built = self._built.get(key)
            if built is None:
                built = self._built[key] = make()
        return cast(T, built)

    @property
    def _art_of_row(self) -> dict[int, np.ndarray]:
        """Per corpus file: its rows' article numbers (-1 for a dropped duplicate); made at the
        first search, which alone needs them."""
        return self._once(("rows",), self._rows_to_articles)

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
        """Axis codes of label ids (regions roll up; '(none)' is its own code; a column id
        of several regions, "a;b", is theirs)."""
        axis = self.axes[kind]
        out = []
        for label_id in (part for joined in ids for part in joined.split(";")):
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
        start, end = self._window(filters)
        if start == 0 and end > self._n_days:
            return np.ones(self.size, dtype=bool)
        mask: np.ndarray = (self._dayno >= start) & (self._dayno < end)
        return mask

    @contextmanager
    def cancel_on(self, cancelled: Callable[[], bool]) -> Iterator[None]:
        """Within the block, this thread's long scans (a search) stop with ``Cancelled``
        as soon as ``cancelled()`` says so: a newer keystroke need not wait for them."""
        self._local.cancelled = cancelled
        try:
            yield
        finally:
            self._local.cancelled = None

    def search_mask(self, text: str) -> np.ndarray:
        """Articles whose title or body match the search ``text`` (tui.core.search: words
        ANDed, "phrases", whole words, -exclusions; case and spacing aside)."""
        terms = search.parse(text)
        key = "q:" + search.normalized(text)
        with self._search_lock:
            if key in self._search_cache:
                self._search_cache.move_to_end(key)
                return self._search_cache[key]
        wanted = [term for term in terms if not term.exclude]
        mask = np.ones(self.size, dtype=bool)
        for term in wanted:
            mask &= self._term_mask(term)
        for term in terms:
            if term.exclude:
                mask &= ~self._term_mask(Term(term.words, prefix=term.prefix))
        self._keep_search(key, mask)
        return mask

    def _term_mask(self, term: Term) -> np.ndarray:
        """Articles whose title or body hold one word or phrase (cached)."""
        with self._search_lock:
            if term.key in self._search_cache:
                self._search_cache.move_to_end(term.key)
                return self._search_cache[term.key]
        cancelled: Callable[[], bool] = getattr(self._local, "cancelled", None) or _never
        literal = " ".join(term.words)
        folded_pattern = search.pattern(term, folded=True)
        raw_pattern = search.pattern(term, folded=False)

        def hits_in(file_no: int) -> np.ndarray | None:
            if cancelled():
                return None
            # From the entry's words tables when it has them: no text read but candidates'.
            from_words = wordsearch.term_rows(self.index.texts, file_no, term, folded_pattern)
            if from_words is not None:
                return from_words
            folded = self._folded_texts(file_no)
            if folded is None:
                # Texts not kept folded in memory are matched as they are, spacing and case
                # aside.
                raw = self.index.texts.iter_file_texts(file_no)
                hits = pc.match_substring_regex(raw, raw_pattern, ignore_case=True)
                return np.flatnonzero(hits.to_numpy(zero_copy_only=False))
            # The plain substring finds the few candidates quickly; the word-boundary pattern
            # is then run on those alone.
            near = np.flatnonzero(
                pc.match_substring(folded, literal).to_numpy(zero_copy_only=False)
            )
            if not len(near):
                return near
            exact = pc.match_substring_regex(pc.take(folded, pa.array(near)), folded_pattern)
            found: np.ndarray = near[exact.to_numpy(zero_copy_only=False)]
            return found

        files = [(file_no, lookup) for file_no, lookup in self._art_of_row.items() if len(lookup)]
        mask = np.zeros(self.size, dtype=bool)
        # Reading and matching a file's texts release the GIL: two files at a time.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="search") as pool:
            for (_, lookup), rows in zip(
                files, pool.map(hits_in, [file_no for file_no, _ in files]), strict=True
            ):
                if rows is None:
                    raise Cancelled(term.key)
                rows = rows[rows < len(lookup)]
                arts = lookup[rows]
                mask[arts[arts >= 0]] = True
        self._keep_search(term.key, mask)
        return mask

    def _keep_search(self, key: str, mask: np.ndarray) -> None:
        with self._search_lock:
            self._search_cache[key] = mask
            if len(self._search_cache) > 16:
                self._search_cache.popitem(last=False)

    def warm(self) -> None:
        """Work out ahead of the first keystroke what queries compute once (from a worker):
        the article order, the periods and the texts folded for search."""
        # What every keystroke needs first (the article list, the tables in articles), then
        # what some need (other periods, mentions).
        self.newest_first()
        for other in OTHER_KINDS:
            self._pair_cube(other, Measure.articles)
        for kind in ALL_KINDS:
            self._has_cube(kind, Measure.articles)
        for other in OTHER_KINDS:
            self._article_runs(other)
        for period in Period:
            self._period_codes(period)
        for other in OTHER_KINDS:
            self._pair_cube(other, Measure.mentions)
        for kind in ALL_KINDS:
            self._has_cube(kind, Measure.mentions)
        self.warm_search()
        # Arrow keeps what it freed for its next allocations: give back what warm-up used.
        pa.default_memory_pool().release_unused()

    def warm_search(self) -> None:
        """Fold the texts for search ahead of the first keystroke (call from a worker), when
        they all fit in memory."""
        if not self._fold_texts():
            return
        for file_no in self._art_of_row:
            if self._folded_bytes >= SEARCH_MEMORY_BYTES:
                return
            self._folded_texts(file_no)

    def _fold_texts(self) -> bool:
        """Whether the texts are kept folded for search: only when they all fit. Folding a
        part of a larger corpus saves a part of each search's reading, at the cost of the
        memory and of the time folding takes at the first search."""
        return (
            self._once(
                ("fold",), lambda: "yes" if self.index.text_bytes() <= SEARCH_MEMORY_BYTES else "no"
            )
            == "yes"
        )

    def _folded_texts(self, file_no: int) -> pa.ChunkedArray | None:
        """A file's texts lower-cased with spacing folded, kept in memory; None once the
        memory for them is spent (its texts are then searched as they are)."""
        cached = self._folded.get(file_no)
        if cached is not None:
            return cached
        if self._folded_bytes >= SEARCH_MEMORY_BYTES or not self._fold_texts():
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
            mask &= self._label_mask("theme", filters.themes)
        if filters.sectors:
            mask &= self._label_mask("sector", filters.sectors)
        if filters.regions:
            mask &= self._label_mask("region", filters.regions)
        if filters.search.strip():
            mask &= self.search_mask(filters.search)
        return mask

    def _label_mask(self, kind: LabelKind, ids: tuple[str, ...]) -> np.ndarray:
        """The articles a choice of labels keeps (read-only), from the last few choices if
        there: most keystrokes change one filter, and the others' masks stay as they were."""
        key = (kind, ids)
        with self._search_lock:
            cached = self._label_masks.get(key)
            if cached is not None:
                self._label_masks.move_to_end(key)
                return cached
        if kind == "region":
            mask = self._articles_in_regions(ids)
        else:
            mask = self._articles_with(kind, self.codes(kind, ids))
        mask.flags.writeable = False
        with self._search_lock:
            self._label_masks[key] = mask
            if len(self._label_masks) > LABEL_MASKS:
                self._label_masks.popitem(last=False)
        return mask

    def date_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day with a dated article, or None when none is dated."""
        if not self._n_days:
            return None
        first = dt.date(1970, 1, 1) + dt.timedelta(days=self._first_day)
        return first, first + dt.timedelta(days=self._n_days - 1)

    def denominator(self, filters: FilterState) -> int:
        """All articles in the filters' date range: what a share is a share of."""
        start, end = self._window(filters)
        return int(self._day_articles[end] - self._day_articles[start])

    # -- views ----------------------------------------------------------------------------

    def axis_ids(self, kind: LabelKind, codes: list[int], chosen: tuple[str, ...]) -> list[str]:
        """The ids a table's columns (or a bar chart's bars) of axis ``codes`` are shown as.

        A region filter may choose a city or county, finer than the provinces the axis
        counts: its province's column then holds that city's articles alone and is named
        after it ("hamhung", not "south_hamgyong"); several chosen under one province are
        named together ("hamhung;sinpo"). A province chosen itself keeps its own name.
        """
        ids = self.axes[kind].with_none
        if kind != "region" or not chosen:
            return [ids[code] for code in codes]
        under: dict[str, list[str]] = {}
        for label_id in chosen:
            if label_id in self.taxonomy.labels:
                under.setdefault(self.taxonomy.root(label_id), []).append(label_id)
        shown = []
        for code in codes:
            province = ids[code]
            finer = under.get(province, [])
            shown.append(province if not finer or province in finer else ";".join(finer))
        return shown

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
        theme_axis, other_axis = self.axes["theme"], self.axes[other]
        width = len(other_axis.with_none)
        height = len(theme_axis.with_none)
        mentions = filters.measure is Measure.mentions
        chosen = filters.sectors if other == "sector" else filters.regions
        if self._counts_by_day(filters, "theme"):
            # Dates and themes alone: every pair of a chosen theme in the range is kept, so
            # the numbers are two rows of the cumulative counts per day.
            start, end = self._window(filters)
            cube = self._pair_cube(other, filters.measure)
            counts = (cube[end] - cube[start]).astype(np.int64)
            matrix = counts[: height * width].reshape(height, width)
            totals = counts[height * width :]
        else:
            rows = self._selected_rows(other, filters)
            pairs = self.pairs[other]
            theme = pairs["theme"].to_numpy()[rows]
            column = pairs["other"].to_numpy()[rows]
            flat = theme.astype(np.int64) * width + column
            weights = pairs["n"].to_numpy()[rows] if mentions else None
            matrix = np.bincount(flat, weights=weights, minlength=height * width).reshape(-1, width)
            # A theme counts once per article (and its mentions once) whatever its columns:
            # count it on the first row of each article and theme the filters keep (an
            # article's rows are together, sorted by theme).
            art = pairs["art"].to_numpy()[rows]
            first = np.ones(len(rows), dtype=bool)
            first[1:] = (art[1:] != art[:-1]) | (theme[1:] != theme[:-1])
            weights = self._theme_mentions(other)[rows[first]] if mentions else None
            totals = np.bincount(theme[first], weights=weights, minlength=height)
        visible_rows = self._visible("theme", filters.themes)
        cols = self._visible(other, chosen)
        frame = pd.DataFrame(
            matrix[np.ix_(visible_rows, cols)],
            index=pd.Index([theme_axis.with_none[r] for r in visible_rows], name="theme"),
            columns=self.axis_ids(other, cols, chosen),
        )
        frame[TOTAL] = totals[visible_rows]
        frame = frame.astype(np.int64)
        if filters.share:
            return self._as_share(frame, self.denominator(filters))
        return frame

    @staticmethod
    def _counts_by_day(filters: FilterState, kind: LabelKind) -> bool:
        """Whether the per-day counts answer ``filters`` for labels of ``kind``: no search and
        no label filter but one of ``kind`` (a row of a chosen label implies its article holds
        it). A region filter may choose a city, finer than the counted provinces: never."""
        if filters.search.strip():
            return False
        chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
        return not any(ids for other, ids in chosen.items() if other != kind or other == "region")

    def _selected_rows(self, other: LabelKind, filters: FilterState) -> np.ndarray:
        """The rows of the pairs the filters keep, ascending within each article."""
        pairs = self.pairs[other]
        mask = self.article_mask(filters)
        span = self._pair_span(other, filters)
        arts = np.flatnonzero(mask)
        starts, lengths = self._article_runs(other)
        run_lengths = lengths[arts].astype(np.int64)
        total = int(run_lengths.sum())
        if total * 3 < span.stop - span.start:
            # Few articles: gather their runs of rows rather than test every row in range.
            offsets = np.cumsum(run_lengths) - run_lengths
            rows = np.arange(total, dtype=np.int64) + np.repeat(
                starts[arts].astype(np.int64) - offsets, run_lengths
            )
        else:
            keep = mask[pairs["art"].to_numpy()[span]]
            rows = np.flatnonzero(keep) + span.start
        keep = np.ones(len(rows), dtype=bool)
        if filters.themes:
            keep &= np.isin(pairs["theme"].to_numpy()[rows], self.codes("theme", filters.themes))
        chosen = filters.sectors if other == "sector" else filters.regions
        if chosen:
            keep &= np.isin(pairs["other"].to_numpy()[rows], self.codes(other, chosen))
        kept: np.ndarray = rows if keep.all() else rows[keep]
        return kept

    def _article_runs(self, other: LabelKind) -> tuple[np.ndarray, np.ndarray]:
        """Per article: where its rows start in the pairs and how many there are."""
        return self._once(("runs", other), lambda: self._make_runs(other))

    def _make_runs(self, other: LabelKind) -> tuple[np.ndarray, np.ndarray]:
        art = self.pairs[other]["art"].to_numpy()
        first = np.flatnonzero(np.r_[True, art[1:] != art[:-1]]) if len(art) else art
        lengths = np.diff(np.r_[first, len(art)])
        starts = np.zeros(self.size, dtype=np.int64 if len(art) > 2**31 - 1 else np.int32)
        counts = np.zeros(self.size, dtype=np.int32)
        starts[art[first]] = first
        counts[art[first]] = lengths
        return starts, counts

    def _pair_cube(self, other: LabelKind, measure: Measure) -> np.ndarray:
        """Cumulative counts before each day number: theme × other cells, then the theme
        totals (distinct articles, or their mentions once)."""
        return self._once(
            ("pairs", other, measure.value), lambda: self._make_pair_cube(other, measure)
        )

    def _make_pair_cube(self, other: LabelKind, measure: Measure) -> np.ndarray:
        pairs = self.pairs[other]
        width = len(self.axes[other].with_none)
        height = len(self.axes["theme"].with_none)
        size = height * width + height
        day_start = self._day_start[other]
        theme, column = pairs["theme"].to_numpy(), pairs["other"].to_numpy()
        mentions = measure is Measure.mentions
        n = pairs["n"].to_numpy() if mentions else None
        theme_n = self._theme_mentions(other) if mentions else None
        lead = self._lead[other]
        counts = np.zeros((self._n_days + 1, size), dtype=np.int64)
        # A few hundred thousand rows at a time (whole days): the scratch arrays of all the
        # rows at once would add tens of MB to the dashboard's peak memory.
        step = 1 << 19
        cuts = np.searchsorted(day_start, np.arange(step, int(day_start[-1]), step))
        for first, last in pairwise(np.unique(np.r_[0, cuts, self._n_days + 1])):
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
        return _cumulative(counts)

    def _has_cube(self, kind: LabelKind, measure: Measure) -> np.ndarray:
        """Cumulative articles (or mentions) per label of ``kind`` before each day number."""
        return self._once(("has", kind, measure.value), lambda: self._make_has_cube(kind, measure))

    def _make_has_cube(self, kind: LabelKind, measure: Measure) -> np.ndarray:
        table = self.has[kind]
        width = len(self.axes[kind].with_none)
        day = self._dayno[table["art"].to_numpy()].astype(np.int64)
        counts = np.bincount(
            day * width + table["code"].to_numpy(),
            weights=table["n"].to_numpy() if measure is Measure.mentions else None,
            minlength=(self._n_days + 1) * width,
        )
        return _cumulative(counts.reshape(-1, width))

    def _theme_mentions(self, other: LabelKind) -> np.ndarray:
        """Per pairs row: the mentions of its theme in its article (of the other label on a
        '(none)' theme row)."""
        pairs = self.pairs[other]
        if self.scope is Scope.article:
            # One unit per article: a pair's n is already its theme's mentions in the article.
            return cast(np.ndarray, pairs["n"].to_numpy())
        return self._once(("theme_n", other), lambda: self._make_theme_mentions(other))

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

    @staticmethod
    def _as_share(frame: pd.DataFrame, denominator: int) -> pd.DataFrame:
        if denominator == 0:
            return frame.astype(float) * 0.0
        return (frame.astype(float) / denominator).round(6)

    def theme_totals(self, filters: FilterState, kind: LabelKind = "theme") -> pd.Series:
        """Distinct articles (or mentions) per label of ``kind`` under the filters."""
        chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
        axis = self.axes[kind]
        if self._counts_by_day(filters, kind):
            start, end = self._window(filters)
            cube = self._has_cube(kind, filters.measure)
            counts = (cube[end] - cube[start]).astype(np.int64)
            if chosen[kind]:
                kept = np.zeros(len(counts), dtype=bool)
                kept[self.codes(kind, chosen[kind])] = True
                counts[~kept] = 0
        else:
            mask = self.article_mask(filters)
            table = self.has[kind]
            table = table[mask[table["art"].to_numpy()]]
            if chosen[kind]:
                table = table[np.isin(table["code"].to_numpy(), self.codes(kind, chosen[kind]))]
            weights = None if filters.measure is Measure.articles else table["n"].to_numpy()
            counts = np.bincount(
                table["code"].to_numpy(), weights=weights, minlength=len(axis.with_none)
            )
        series = pd.Series(
            counts[: len(axis.ids)].astype(np.int64),
            index=self.axis_ids(kind, list(range(len(axis.ids))), chosen[kind]),
            name=filters.measure.value,
        )
        if filters.share:
            denominator = self.denominator(filters)
            series = (series / denominator).round(6) if denominator else series * 0.0
        return series

    def _period_codes(self, period: Period) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Per day number: its period number; per period: its first day number (and one more
        entry, the day after the last); the labels of every period in the corpus span."""
        return self._once(("periods", period.value), lambda: self._make_period_codes(period))

    def _make_period_codes(self, period: Period) -> tuple[np.ndarray, np.ndarray, list[str]]:
        codes = np.zeros(0, dtype=np.int64)
        labels: list[str] = []
        if self._n_days:
            freq = _PERIOD_CODES[period]
            days = (np.arange(self._n_days) + self._first_day).astype("datetime64[D]")
            ordinals = pd.PeriodIndex(days, freq=freq).asi8
            first = int(ordinals[0])
            codes = ordinals - first
            span = pd.period_range(
                pd.Period(ordinal=first, freq=freq), periods=int(ordinals[-1]) - first + 1
            )
            labels = [period_label(p, period) for p in span]
        starts = np.searchsorted(codes, np.arange(len(labels) + 1), side="left")
        return codes, starts, labels

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
        codes, period_start, labels = self._period_codes(filters.period)
        start, end = self._window(filters)
        end = min(end, self._n_days)  # the undated are on no timeline
        # The first and last day in range with an article: the timeline spans their periods.
        counts = self._day_articles
        first_day = int(np.searchsorted(counts, counts[start], side="right")) - 1
        last_day = int(np.searchsorted(counts, counts[end], side="left")) - 1
        if end <= start or first_day > last_day or first_day >= end:
            return pd.DataFrame(columns=columns, index=pd.Index([], name="period"), dtype=np.int64)
        low, high = int(codes[first_day]), int(codes[last_day])
        periods = high - low + 1
        # Each period's days, cut to the range.
        lo = np.clip(period_start[low : high + 1], start, end)
        hi = np.clip(period_start[low + 1 : high + 2], start, end)
        width = len(theme_axis.with_none)
        if self._counts_by_day(filters, "theme"):
            cube = self._has_cube("theme", filters.measure)
            matrix = (cube[hi] - cube[lo])[:, chosen].astype(np.int64)
        else:
            table = self.has["theme"]
            arts = table["art"].to_numpy()
            keep = self.article_mask(filters)[arts]
            theme_codes = table["code"].to_numpy()
            keep &= np.isin(theme_codes, chosen)
            kept = np.flatnonzero(keep)
            day = self._dayno[arts[kept]]
            dated = day < self._n_days  # the undated are on no timeline
            kept, day = kept[dated], day[dated]
            flat = (codes[day] - low) * width + theme_codes[kept]
            weights = table["n"].to_numpy()[kept] if filters.measure is Measure.mentions else None
            matrix = (
                np.bincount(flat, weights=weights, minlength=periods * width)
                .reshape(periods, width)[:, chosen]
                .astype(np.int64)
            )
        grid = pd.DataFrame(matrix, columns=columns)
        if filters.share:
            denominators = counts[hi] - counts[lo]
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
        rows = self._selected_rows(other_kind, filters)
        pairs = self.pairs[other_kind]
        if theme is not None and theme != TOTAL:
            rows = rows[pairs["theme"].to_numpy()[rows] == self.codes("theme", (theme,))[0]]
        if other != TOTAL:
            rows = rows[pairs["other"].to_numpy()[rows] == self.codes(other_kind, (other,))[0]]
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
    ) -> tuple[pd.DataFrame, int]:
        """The article list and how many articles there are in all: ``limit`` rows from
        ``offset``, newest first or by ``sort`` (one of ``ARTICLE_SORTS``; ties newest first,
        as the export sorts them)."""
        if sort is not None and sort not in ARTICLE_SORTS:
            raise ValueError(f"cannot sort the article list by {sort!r}")
        if limit is None and not offset:  # an export of them all: not worth remembering
            return self._articles(filters, theme, other, other_kind, limit, offset, sort)
        key = ("articles", filters, theme, other, other_kind, limit, offset, sort)
        frame, total = self._remember(
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
    ) -> tuple[pd.DataFrame, int]:
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
            values = self._mention_count[arts].astype(np.int64)
        elif column == "title":
            values = _pick(self.index.articles["title"], arts)
        else:  # the date as the export writes it: undated ("") before every date
            values = np.where(self._dated[arts], self._dayno[arts].astype(np.int64), -1)
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
            day = np.where(self._dated, -self._dayno.astype(np.int32), 1)
            order = np.lexsort((id_rank, day))
            del id_rank, day
            rank = np.empty(len(order), dtype=np.int32 if len(order) < 2**31 else np.int64)
            rank[order] = np.arange(len(order))
            self._rank = rank
            self._newest_first = order
        return self._newest_first

    def describe_articles(self, arts: np.ndarray) -> pd.DataFrame:
        articles = self.index.articles
        labels = {kind: self._labels_of(kind, arts) for kind in ("theme", "sector", "region")}
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
                "mentions": self._mention_count[arts].astype(np.int64),
                "source": articles["source"].iloc[arts].to_numpy(),
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
        """An article's text and its mentions with label, kind, sentence and phrase, and the
        taxonomy phrase (``pattern``) and rule (``rule``) that let each count."""
        text = self.index.text(art)
        rows = self.index.mentions_of(art)
        from tui.core.tagger import sentence_starts

        starts = sentence_starts(text)
        bounds = [*starts, len(text)]
        why = self._why(art, text)
        records = []
        for row in rows.to_dict("records"):
            label = self.taxonomy.labels[str(row["label"])]
            sentence = int(row["sentence"])
            start, end = int(row["start"]), int(row["end"])
            pattern, rule = why.get((label.id, start, end), ("", ""))
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
                    "pattern": pattern,
                    "rule": rule,
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
            "pattern",
            "rule",
        ]
        return text, pd.DataFrame(records, columns=columns)

    def _why(self, art: int, text: str) -> dict[tuple[str, int, int], tuple[str, str]]:
        """Per mention (label, start, end): the taxonomy phrase and the rule that let it count,
        from tagging the one article again (the index keeps neither)."""
        if self._tagger is None:
            from tui.core.tagger import Tagger

            self._tagger = Tagger(self.taxonomy)
        title = str(self.index.articles["title"].iloc[art] or "")
        body_from = len(title) + 1 if title and text.startswith(title + "\n") else 0
        return {
            (m.label, m.start, m.end): (m.pattern, m.rule)
            for m in self._tagger.tag(text, body_from)
        }


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


class Cancelled(Exception):
    """A long scan stopped because its caller no longer wants the answer."""


def _never() -> bool:
    return False


def _cumulative(counts: np.ndarray) -> np.ndarray:
    """Running totals with a leading zero: the sum over [i, j) is ``result[j] - result[i]``.

    Kept in 32 bits when the grand total fits (counts are whole numbers)."""
    totals = np.cumsum(counts, axis=0)
    dtype = np.int32 if (totals.size == 0 or totals.max() < np.iinfo(np.int32).max) else np.int64
    zero = np.zeros((1, *counts.shape[1:]), dtype=dtype)
    return np.concatenate([zero, totals.astype(dtype)])


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


def _epoch_day(day: dt.date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))
