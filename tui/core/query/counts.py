"""The count tables and series every view (and every export) is made of.

The "articles" measure counts distinct articles per cell, the "mentions" measure counts the
theme's mentions (the sector's or region's on the "(none)" theme row).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tui.core.models import FilterState, LabelKind, Measure, Period
from tui.core.query.caches import Recent
from tui.core.query.calendar import Calendar
from tui.core.query.masks import Masks
from tui.core.query.model import CountingModel
from tui.core.taxonomy import LoadedTaxonomy

TOTAL = "total"
RESULTS = 64
"""Tables and timelines kept from the last keypresses."""


class Counts:
    """Theme × sector/region tables, totals per label and timelines under filters."""

    def __init__(
        self, taxonomy: LoadedTaxonomy, model: CountingModel, calendar: Calendar, masks: Masks
    ) -> None:
        self.taxonomy = taxonomy
        self.model = model
        self.calendar = calendar
        self.masks = masks
        self._results: Recent[tuple[object, ...], pd.DataFrame] = Recent(RESULTS)

    def axis_ids(self, kind: LabelKind, codes: list[int], chosen: tuple[str, ...]) -> list[str]:
        """The ids a table's columns (or a bar chart's bars) of axis ``codes`` are shown as.

        A region filter may choose a city or county, finer than the provinces the axis
        counts: its province's column then holds that city's articles alone and is named
        after it ("hamhung", not "south_hamgyong"); several chosen under one province are
        named together ("hamhung;sinpo"). A province chosen itself keeps its own name.
        """
        ids = self.model.axes[kind].with_none
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

    def visible(self, kind: LabelKind, chosen: tuple[str, ...]) -> list[int]:
        """The axis codes a table shows: the chosen labels', or all of them."""
        axis = self.model.axes[kind]
        if not chosen:
            return list(range(len(axis.with_none)))
        return [int(code) for code in self.masks.codes(kind, chosen)]

    def theme_by(self, other: LabelKind, filters: FilterState) -> pd.DataFrame:
        """Theme rows × sector (or region) columns, plus a distinct-article total per theme."""
        # The period does not change these numbers: cycling it reuses them.
        key = ("by", other, filters.model_copy(update={"period": Period.month}))
        frame = self._results.remember(key, lambda: self._theme_by(other, filters))
        return frame.copy()

    def _theme_by(self, other: LabelKind, filters: FilterState) -> pd.DataFrame:
        model = self.model
        theme_axis, other_axis = model.axes["theme"], model.axes[other]
        width = len(other_axis.with_none)
        height = len(theme_axis.with_none)
        mentions = filters.measure is Measure.mentions
        chosen = filters.sectors if other == "sector" else filters.regions
        if counts_by_day(filters, "theme"):
            # Dates and themes alone: every pair of a chosen theme in the range is kept, so
            # the numbers are two rows of the cumulative counts per day.
            start, end = self.calendar.window(filters)
            cube = model.pair_cube(other, filters.measure)
            counts = (cube[end] - cube[start]).astype(np.int64)
            matrix = counts[: height * width].reshape(height, width)
            totals = counts[height * width :]
        else:
            rows = self.masks.selected_rows(other, filters)
            pairs = model.pairs[other]
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
            weights = model.theme_mentions(other)[rows[first]] if mentions else None
            totals = np.bincount(theme[first], weights=weights, minlength=height)
        visible_rows = self.visible("theme", filters.themes)
        cols = self.visible(other, chosen)
        frame = pd.DataFrame(
            matrix[np.ix_(visible_rows, cols)],
            index=pd.Index([theme_axis.with_none[r] for r in visible_rows], name="theme"),
            columns=self.axis_ids(other, cols, chosen),
        )
        frame[TOTAL] = totals[visible_rows]
        frame = frame.astype(np.int64)
        if filters.share:
            return _as_share(frame, self.calendar.denominator(filters))
        return frame

    def theme_totals(self, filters: FilterState, kind: LabelKind = "theme") -> pd.Series:
        """Distinct articles (or mentions) per label of ``kind`` under the filters."""
        chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
        axis = self.model.axes[kind]
        if counts_by_day(filters, kind):
            start, end = self.calendar.window(filters)
            cube = self.model.has_cube(kind, filters.measure)
            counts = (cube[end] - cube[start]).astype(np.int64)
            if chosen[kind]:
                kept = np.zeros(len(counts), dtype=bool)
                kept[self.masks.codes(kind, chosen[kind])] = True
                counts[~kept] = 0
        else:
            mask = self.masks.article_mask(filters)
            table = self.model.has[kind]
            table = table[mask[table["art"].to_numpy()]]
            if chosen[kind]:
                codes = self.masks.codes(kind, chosen[kind])
                table = table[np.isin(table["code"].to_numpy(), codes)]
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
            denominator = self.calendar.denominator(filters)
            series = (series / denominator).round(6) if denominator else series * 0.0
        return series

    def timeline(self, filters: FilterState, top: int | None = None) -> pd.DataFrame:
        """Periods × themes: articles (or mentions) per theme per period, zero-filled."""
        key = ("timeline", filters, top)
        grid = self._results.remember(key, lambda: self._timeline(filters, top))
        return grid.copy()

    def _timeline(self, filters: FilterState, top: int | None) -> pd.DataFrame:
        theme_axis = self.model.axes["theme"]
        if filters.themes:
            chosen = self.masks.codes("theme", filters.themes)
            chosen = chosen[chosen < len(theme_axis.ids)]
        else:
            chosen = np.arange(len(theme_axis.ids))
        columns = [theme_axis.ids[c] for c in chosen]
        codes, period_start, labels = self.calendar.period_codes(filters.period)
        n_days = self.calendar.n_days
        start, end = self.calendar.window(filters)
        end = min(end, n_days)  # the undated are on no timeline
        # The first and last day in range with an article: the timeline spans their periods.
        counts = self.calendar.day_articles
        first_day = int(np.searchsorted(counts, counts[start], side="right")) - 1
        last_day = int(np.searchsorted(counts, counts[end], side="left")) - 1
        if end <= start or first_day > last_day or first_day >= end:
            return pd.DataFrame(columns=columns, index=pd.Index([], name="period"), dtype=np.int64)
        low, high = int(codes[first_day]), int(codes[last_day])
        # Each period's days, cut to the range.
        lo = np.clip(period_start[low : high + 1], start, end)
        hi = np.clip(period_start[low + 1 : high + 2], start, end)
        if counts_by_day(filters, "theme"):
            cube = self.model.has_cube("theme", filters.measure)
            matrix = (cube[hi] - cube[lo])[:, chosen].astype(np.int64)
        else:
            matrix = self._period_counts(filters, chosen, codes, low, high - low + 1)
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

    def _period_counts(
        self, filters: FilterState, chosen: np.ndarray, codes: np.ndarray, low: int, periods: int
    ) -> np.ndarray:
        """Periods × chosen themes counted on the articles the filters keep."""
        width = len(self.model.axes["theme"].with_none)
        table = self.model.has["theme"]
        arts = table["art"].to_numpy()
        keep = self.masks.article_mask(filters)[arts]
        theme_codes = table["code"].to_numpy()
        keep &= np.isin(theme_codes, chosen)
        kept = np.flatnonzero(keep)
        day = self.calendar.dayno[arts[kept]]
        dated = day < self.calendar.n_days  # the undated are on no timeline
        kept, day = kept[dated], day[dated]
        flat = (codes[day] - low) * width + theme_codes[kept]
        weights = table["n"].to_numpy()[kept] if filters.measure is Measure.mentions else None
        matrix: np.ndarray = (
            np.bincount(flat, weights=weights, minlength=periods * width)
            .reshape(periods, width)[:, chosen]
            .astype(np.int64)
        )
        return matrix


def counts_by_day(filters: FilterState, kind: LabelKind) -> bool:
    """Whether the per-day counts answer ``filters`` for labels of ``kind``: no search and
    no label filter but one of ``kind`` (a row of a chosen label implies its article holds
    it). A region filter may choose a city, finer than the counted provinces: never."""
    if filters.search.strip():
        return False
    chosen = {"theme": filters.themes, "sector": filters.sectors, "region": filters.regions}
    return not any(ids for other, ids in chosen.items() if other != kind or other == "region")


def _as_share(frame: pd.DataFrame, denominator: int) -> pd.DataFrame:
    if denominator == 0:
        return frame.astype(float) * 0.0
    return (frame.astype(float) / denominator).round(6)
