"""The timeline's lines: the leading themes, the themes the user picked, or one theme across
chosen provinces; and a little context around a narrow date range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict

from tui.core.models import FilterState
from tui.core.query import Query, period_name, period_of

LEADING = 5
"""Lines the timeline shows when none are picked: the leading themes."""
NARROW_PERIODS = 6
"""A date range of fewer periods than this is shown with context around it."""
CONTEXT_PERIODS = 3
"""Periods of context on each side of a narrow date range (within the corpus's span)."""


class SeriesChoice(BaseModel):
    """The lines the user picked for the timeline (empty: the leading themes).

    With regions, one line per region for one theme (the first of ``themes``); without,
    one line per theme of ``themes``."""

    model_config = ConfigDict(frozen=True)

    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.themes and not self.regions


@dataclass(frozen=True)
class Series:
    """The timeline's lines: periods × lines, what they are, and the range to mark."""

    frame: pd.DataFrame
    """Rows: period labels; columns: theme ids (or region ids, ``by_region``)."""
    subject: str
    """What the lines are, for the title: "Leading themes", "Themes", "Speed campaigns"."""
    by_region: bool = False
    marks: tuple[str, str] | None = None
    """The first and last period of the filters' own date range, when context is shown."""


def with_context(
    filters: FilterState, span: tuple[dt.date, dt.date] | None
) -> tuple[FilterState, tuple[str, str] | None]:
    """The filters with a narrow date range widened by ``CONTEXT_PERIODS`` whole periods on
    each side (kept within ``span``, the corpus's dates), and the range's own first and last
    period; unchanged filters and None when the range is wide, open or absent."""
    if span is None or filters.date_from is None or filters.date_to is None:
        return filters, None
    period = filters.period
    first, last = period_of(filters.date_from, period), period_of(filters.date_to, period)
    if last.ordinal - first.ordinal + 1 >= NARROW_PERIODS:
        return filters, None
    low, high = period_of(span[0], period), period_of(span[1], period)
    start = max(first - CONTEXT_PERIODS, low) if first >= low else first
    end = min(last + CONTEXT_PERIODS, high) if last <= high else last
    if start == first and end == last:
        return filters, None
    wide = filters.model_copy(
        update={"date_from": start.start_time.date(), "date_to": end.end_time.date()}
    )
    marks = (period_name(filters.date_from, period), period_name(filters.date_to, period))
    return wide, marks


def series_timeline(
    query: Query,
    filters: FilterState,
    choice: SeriesChoice,
    span: tuple[dt.date, dt.date] | None = None,
) -> Series:
    """The timeline's lines under ``filters`` (articles or mentions per period, or their
    share), with context around a narrow date range when the corpus's ``span`` is given.

    Picked themes outside a theme filter, and provinces outside a region filter, have no
    line: the lines never count articles the filters leave out."""
    shown, marks = with_context(filters, span)
    if choice.regions:
        return _by_region(query, shown, choice, marks)
    if choice.themes:
        grid = query.timeline(shown)
        keep = [theme for theme in choice.themes if theme in grid.columns]
        return Series(grid[keep], "Themes", marks=marks)
    return Series(query.timeline(shown, top=LEADING), "Leading themes", marks=marks)


def region_theme(query: Query, filters: FilterState, choice: SeriesChoice) -> str | None:
    """The theme a by-region timeline follows: the first picked, else the one theme the
    filters choose, else the leading theme under the filters."""
    if choice.themes:
        return choice.themes[0]
    if len(filters.themes) == 1:
        return filters.themes[0]
    leaders = query.theme_totals(filters.model_copy(update={"share": False}), "theme")
    leaders = leaders[leaders > 0].sort_values(ascending=False, kind="stable")
    return str(leaders.index[0]) if len(leaders) else None


def _by_region(
    query: Query, filters: FilterState, choice: SeriesChoice, marks: tuple[str, str] | None
) -> Series:
    theme = region_theme(query, filters, choice)
    if theme is None or (filters.themes and theme not in filters.themes):
        return Series(query.timeline(filters, top=0), "No theme", by_region=True, marks=marks)
    allowed = set(filters.regions)
    columns: dict[str, pd.Series] = {}
    index: pd.Index | None = None
    for region in choice.regions:
        if allowed and region not in allowed:
            continue
        # The articles under the filters that hold the theme and name the region: a subset
        # of the filters' own, since a region filter offers only its own regions.
        grid = query.timeline(filters.model_copy(update={"themes": (theme,), "regions": (region,)}))
        index = grid.index if index is None else index
        columns[region] = grid[theme] if theme in grid.columns else pd.Series(0, index=grid.index)
    if index is None:
        index = query.timeline(filters, top=0).index
    frame = pd.DataFrame(columns, index=index).fillna(0)
    return Series(frame, query.taxonomy.name(theme), by_region=True, marks=marks)


def period_positions(frame: pd.DataFrame, marks: tuple[str, str] | None) -> tuple[float, ...]:
    """The x positions (from 1) of the marked periods on the timeline, as drawn."""
    if marks is None:
        return ()
    labels = [str(label) for label in frame.index]
    return tuple(float(labels.index(mark) + 1) for mark in dict.fromkeys(marks) if mark in labels)


def offered_regions(query: Query, filters: FilterState) -> list[str]:
    """The regions a by-region timeline may show: the filter's own, else the first-level
    ones (provinces, special cities, national)."""
    return list(filters.regions) if filters.regions else list(query.taxonomy.top_regions)


def offered_themes(query: Query, filters: FilterState) -> list[str]:
    """The themes the timeline may show: the theme filter's, else all."""
    return list(filters.themes) if filters.themes else query.axes["theme"].ids
