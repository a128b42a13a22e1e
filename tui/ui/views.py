"""The views pipeline: one filter change → the tables, then the plots, then the article list.

``refresh_views`` asks a worker for every panel of the current filters; :func:`compute_views`
(plain code, no widget) works them out and posts them in three stages, quickest first, so the
numbers are on screen before the plots are laid out and the plots before the article list is
filled. Each request has a generation: a stage of an older one than the newest is dropped,
and a stage already shown for the newest one is not shown twice (:class:`Generations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Literal

from pandas import DataFrame
from textual import on, work
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import get_current_worker

from tui.core.export import applicable_sort, sort_frame
from tui.core.models import FilterState, LabelKind
from tui.core.query import Cancelled, Query
from tui.core.series import SeriesChoice, period_positions, series_timeline
from tui.core.shares import is_rate, theme_shares
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.messages import PlotsReady, TablesReady, ViewData, ViewsReady
from tui.ui.titles import Drill, articles_title, bars_title, table_title
from tui.ui.widgets.plots import (
    BarChart,
    BarPlot,
    Drawing,
    Rendered,
    TimelinePlot,
    bars_drawing,
    render_plot,
    timeline_drawing,
)
from tui.ui.widgets.tables import ArticleSource, ArticleTable, CountTable

ARTICLE_PAGE = 200
"""Rows the article list shows at once ("N of M"); an export holds all M."""

Stage = Literal["tables", "plots", "views"]


class Generations:
    """One pipeline's generation counter: the newest request, and the stages of each request
    that are on screen (a stage's message of an older request is stale)."""

    def __init__(self) -> None:
        self.current = 0
        self._shown: dict[Stage, int] = {}

    def next(self) -> int:
        """A new request: every stage still on its way becomes stale."""
        self.current += 1
        return self.current

    def is_current(self, generation: int) -> bool:
        return generation == self.current

    def mark(self, stage: Stage, generation: int) -> None:
        self._shown[stage] = generation

    def shown(self, stage: Stage) -> int:
        """The generation this stage was last shown for (-1: never)."""
        return self._shown.get(stage, -1)


@dataclass(frozen=True)
class PlotRequest:
    """What the views worker needs to lay the plots out as the widgets will show them."""

    timeline_size: Size
    theme: str
    bars_title: str


@dataclass(frozen=True)
class ViewRequest:
    """One filter change's panels to compute: the filters and how the panels are shown."""

    generation: int
    filters: FilterState
    drill: Drill | None
    sector_sort: str | None
    region_sort: str | None
    bars_by: LabelKind
    plots: PlotRequest
    article_sort: str | None = None
    lines: SeriesChoice = dataclass_field(default_factory=SeriesChoice)
    span: tuple[dt.date, dt.date] | None = None


def article_source(query: Query, filters: FilterState, drill: Drill | None) -> ArticleSource:
    """Where the article list's pages come from: the filters' articles, or a cell's."""
    if drill is None:
        return ArticleSource(query, filters, page_size=ARTICLE_PAGE)
    return ArticleSource(
        query, filters, drill.theme, drill.other, drill.other_kind, page_size=ARTICLE_PAGE
    )


def compute_views(
    query: Query,
    request: ViewRequest,
    taxonomy: LoadedTaxonomy,
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> None:
    """Work out every panel of ``request`` and ``post`` them in three stages (slow: a
    worker's). ``cancelled``: a newer request came; what is left is not worked out."""
    generation, filters = request.generation, request.filters
    sectors = theme_shares(query, "sector", filters).reset_index()
    sectors = sort_frame(sectors, applicable_sort(sectors, request.sector_sort))
    regions = theme_shares(query, "region", filters).reset_index()
    regions = sort_frame(regions, applicable_sort(regions, request.region_sort))
    if cancelled():
        return
    # The tables first: they are quick, and the numbers are what the user looks at.
    post(TablesReady(generation, sectors, regions))
    series = series_timeline(query, filters, request.lines, request.span)
    timeline = series.frame
    bars = query.theme_totals(filters, request.bars_by)
    share, measure = filters.share, filters.measure.value
    timeline_draw = timeline_drawing(
        timeline,
        taxonomy,
        share,
        filters.period.value,
        measure=measure,
        subject=series.subject + (" by region" if series.by_region else ""),
        marks=period_positions(timeline, series.marks),
    )
    bars_draw = bars_drawing(bars, taxonomy, share, request.plots.bars_title, measure=measure)
    if cancelled():
        return
    # Laid out here, not in the widgets' render: the event loop only paints the lines.
    # (A plot a narrow terminal hides has no room: nothing is laid out for it.)
    timeline_plot = render_plot(timeline_draw, request.plots.timeline_size, request.plots.theme)
    if cancelled():
        return
    # The plots before the article list: filling its rows is the event loop's longest
    # step of a keypress, and the plots need not wait for it.
    post(PlotsReady(generation, timeline_draw, bars_draw, timeline_plot))
    source = article_source(query, filters, request.drill)
    articles, total = source.page(0, request.article_sort)
    if cancelled():
        return
    data = ViewData(
        generation,
        sectors,
        regions,
        timeline,
        bars,
        articles,
        total,
        timeline_draw,
        bars_draw,
        timeline_plot,
        request.article_sort,
    )
    post(ViewsReady(data))


class ViewsPipeline(Screen[None]):
    """The dashboard's side of the pipeline: the request, the worker, and each stage shown."""

    # The dashboard's state these read (DashboardScreen sets it).
    query_engine: Query | None
    taxonomy: LoadedTaxonomy
    filters: FilterState
    drill: Drill | None
    bars_by: LabelKind
    lines: SeriesChoice
    last_data: ViewData | None
    view_generations: Generations
    _cursor_back: tuple[CountTable, Coordinate] | None

    if TYPE_CHECKING:

        def _date_span(self) -> tuple[dt.date, dt.date] | None: ...

    @property
    def generation(self) -> int:
        """The newest request's generation."""
        return self.view_generations.current

    @property
    def shown_generation(self) -> int:
        """The generation whose every panel is on screen."""
        return self.view_generations.shown("views")

    @property
    def _plots_generation(self) -> int:
        # The generation whose plots are on screen (tui/bench.py times the plots by it).
        return self.view_generations.shown("plots")

    def request_views(self) -> None:
        """Recompute every panel for the current filters, off the event loop."""
        if self.query_engine is None:
            return
        generation = self.view_generations.next()
        timeline = self.query_one("#timeline", TimelinePlot)
        plots = PlotRequest(
            timeline.size, timeline.plot_theme(), bars_title(self.bars_by, self.filters.measure)
        )
        request = ViewRequest(
            generation,
            self.filters,
            self.drill,
            self.query_one("#sectors", CountTable).sort_key,
            self.query_one("#regions", CountTable).sort_key,
            self.bars_by,
            plots,
            self.query_one("#articles", ArticleTable).sort_key,
            self.lines,
            self._date_span(),
        )
        self._views_worker(self.query_engine, request)

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def _views_worker(self, query: Query, request: ViewRequest) -> None:
        worker = get_current_worker()
        try:
            # A search scans every text: a newer keystroke stops it rather than waiting.
            with query.cancel_on(lambda: worker.is_cancelled):
                compute_views(
                    query, request, self.taxonomy, self.post_message, lambda: worker.is_cancelled
                )
        except Cancelled:
            return

    def _stale(self, generation: int) -> bool:
        # A newer filter change is on its way: its numbers replace these.
        return not self.view_generations.is_current(generation) or self.query_engine is None

    # The stages' handlers are the screen's (on_tables_ready and the rest call these): Textual
    # calls a handler of every class that has one, so a wrapper of the screen's handler (the
    # bench's timing, a test's) would run beside one defined here rather than instead of it.

    def tables_ready(self, message: TablesReady) -> None:
        if not self._stale(message.generation):
            self._show_tables(message.generation, message.sectors, message.regions)

    def plots_ready(self, message: PlotsReady) -> None:
        if not self._stale(message.generation):
            self._show_plots(
                message.generation,
                (message.timeline_drawing, message.timeline_plot),
                message.bars_drawing,
            )

    def views_ready(self, message: ViewsReady) -> None:
        data = message.data
        if self._stale(data.generation) or self.query_engine is None:
            return
        self.last_data = data
        shown = self.view_generations
        if shown.shown("tables") != data.generation:
            self._show_tables(data.generation, data.sectors, data.regions)
        source = article_source(self.query_engine, self.filters, self.drill)
        self.query_one("#articles", ArticleTable).show(
            data.articles, data.articles_total, source, sort=data.articles_sort
        )
        self._update_articles_title()
        if shown.shown("plots") != data.generation:
            self._show_plots(
                data.generation,
                (data.timeline_drawing, data.timeline_plot),
                data.bars_drawing,
            )
        shown.mark("views", data.generation)

    def _show_tables(self, generation: int, sectors: DataFrame, regions: DataFrame) -> None:
        share = self.filters.share
        # Mentions ÷ all articles is no share of anything: a rate per 100 articles, no %.
        rate = share and is_rate(self.filters)
        self.query_one("#sectors", CountTable).show(sectors, self.taxonomy, share, rate)
        self.query_one("#regions", CountTable).show(regions, self.taxonomy, share, rate)
        self._update_table_titles()
        self.view_generations.mark("tables", generation)
        if self._cursor_back is not None:
            # Refilled, a table keeps its cursor on the same labels, which a cursor on the
            # theme names does not have: the cell a drill-down was left for is put back.
            (table, coordinate), self._cursor_back = self._cursor_back, None
            table.move_cursor(row=coordinate.row, column=coordinate.column, animate=False)

    def _show_plots(
        self,
        generation: int,
        timeline: tuple[Drawing, Rendered | None],
        bars: BarChart,
    ) -> None:
        self.query_one("#timeline", TimelinePlot).show(*timeline)
        self.query_one("#bars", BarPlot).show(bars)
        self.view_generations.mark("plots", generation)

    def _update_table_titles(self) -> None:
        """Each count table's title says what its numbers are and what its shades mean."""
        tables: tuple[tuple[LabelKind, str], ...] = (("sector", "sectors"), ("region", "regions"))
        for other, plural in tables:
            legend = self.query_one(f"#{plural}", CountTable).heat_legend()
            title = table_title(plural, self.filters, other, legend)
            self.query_one(f"#{plural}-title", Label).update(title)

    @on(ArticleTable.PageShown)
    def _update_articles_title(self) -> None:
        rows = self.query_one("#articles", ArticleTable).rows_text()
        title = articles_title(rows, self.drill, self.taxonomy.name)
        self.query_one("#articles-title", Label).update(title)
