"""The dashboard: composition, key bindings, workers and the flow of filter changes."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import ClassVar, Literal

from pandas import DataFrame
from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from tui.core.export import applicable_sort, export_view, sort_frame
from tui.core.history import FilterHistory, describe_change
from tui.core.label_counts import label_counts
from tui.core.labelmatch import spellings_of
from tui.core.memory import hand_back_large_blocks
from tui.core.models import (
    NONE_LABEL,
    ExportRequest,
    FilterState,
    LabelKind,
    Measure,
    Period,
    Scope,
    View,
)
from tui.core.query import (
    TOTAL,
    Cancelled,
    Query,
    period_name,
    period_range,
    step_range,
)
from tui.core.readers import iter_corpus_files
from tui.core.search import SYNTAX_HELP
from tui.core.series import (
    SeriesChoice,
    offered_regions,
    offered_themes,
    period_positions,
    series_timeline,
)
from tui.core.session import Settings, load_index, open_snapshot
from tui.core.shares import ShareBasis, basis_text, is_rate, theme_shares
from tui.core.snapshot import save_snapshot
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy
from tui.core.watch import CorpusWatcher
from tui.core.wording import counted
from tui.ui.commands import panel_commands
from tui.ui.messages import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    PlotsReady,
    TablesReady,
    ViewData,
    ViewsReady,
)
from tui.ui.rise import RISE_BINDINGS, RiseActions
from tui.ui.screens.article import ArticleList, ArticleScreen, article_meta
from tui.ui.screens.dialogs import DateRangeScreen, ExportScreen
from tui.ui.screens.picker import PickerScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.text import clean, plain, shorten
from tui.ui.widgets.compare_panel import ComparePanel
from tui.ui.widgets.footer import KeyFooter
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
from tui.ui.widgets.region_map import RegionMap
from tui.ui.widgets.rising_panel import RisingPanel
from tui.ui.widgets.tables import ArticleSource, ArticleTable, CountTable

ARTICLE_PAGE = 200
"""Rows the article list shows at once ("N of M"); an export holds all M."""
WATCH_SECONDS = 2.0
PERIOD_CYCLE = [Period.week, Period.month, Period.quarter, Period.year]
SCOPE_CYCLE = [Scope.article, Scope.paragraph, Scope.sentence]
NARROW_WIDTH = 120
# Keys shown together in the footer under one name, so that undo fits in it beside the rest.
_STEP_KEYS = Binding.Group("Period", compact=True)
"""[, ] and g: step by the period, choose the period."""
_HISTORY_KEYS = Binding.Group("Undo/redo", compact=True)


def default_period(first: str, last: str) -> Period:
    """The period that gives the timeline a readable number of points for the corpus span."""
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    if days <= 3 * 365:
        return Period.month
    if days <= 12 * 365:
        return Period.quarter
    return Period.year


@dataclass(frozen=True)
class _PlotRequest:
    """What the views worker needs to lay the plots out as the widgets will show them."""

    timeline_size: Size
    theme: str
    bars_title: str


@dataclass(frozen=True)
class _ViewRequest:
    """One filter change's panels to compute: the filters and how the panels are shown."""

    generation: int
    filters: FilterState
    drill: Drill | None
    sector_sort: str | None
    region_sort: str | None
    bars_by: LabelKind
    plots: _PlotRequest
    article_sort: str | None = None
    lines: SeriesChoice = dataclass_field(default_factory=SeriesChoice)
    span: tuple[dt.date, dt.date] | None = None


_PRELOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preload")


def _preload(settings: Settings, taxonomy: LoadedTaxonomy) -> Query | None:
    index = open_snapshot(settings, taxonomy)
    return Query(index, settings.scope) if index is not None else None


@dataclass(frozen=True)
class Drill:
    """The table cell whose articles the article list shows."""

    theme: str
    other: str
    other_kind: Literal["sector", "region"]


_DASHBOARD_ACTIONS = frozenset(
    {
        "pick",
        "dates",
        "shift",
        "cycle_period",
        "search",
        "toggle_measure",
        "toggle_share",
        "cycle_share_basis",
        "toggle_heat",
        "toggle_bars",
        "export",
        "reset",
        "undo",
        "redo",
        "toggle_plots",
        "cycle_scope",
        "pick_lines",
        "side",
        "toggle_compare",
    }
)
"""Actions of the dashboard's own keys (filters, views, export): meaningless on other screens."""


class CampaignApp(RiseActions, App[None]):
    """campaign-tui: theme × sector/region counts, timelines and the articles behind them."""

    CSS_PATH = "app.tcss"
    TITLE = "campaign-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "pick('sector')", "Sector", tooltip="Filter by sector"),
        Binding("p", "pick('region')", "Region", tooltip="Filter by province, city or county"),
        Binding("t", "pick('theme')", "Theme", tooltip="Filter by campaign theme"),
        Binding("d", "dates", "Dates", tooltip="Set the date range"),
        Binding(
            "left_square_bracket",
            "shift(-1)",
            "◀ Period",
            key_display="[",
            tooltip="The date range one period back, as far as the corpus's first period",
            group=_STEP_KEYS,
        ),
        Binding(
            "right_square_bracket",
            "shift(1)",
            "Period ▶",
            key_display="]",
            tooltip="The date range one period on, as far as the corpus's last period",
            group=_STEP_KEYS,
        ),
        Binding(
            "g",
            "cycle_period",
            "Granularity",
            tooltip="Week, month, quarter, year: the timeline's points and the step of [ and ]",
            group=_STEP_KEYS,
        ),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("m", "toggle_measure", "Articles/mentions"),
        Binding("n", "toggle_share", "Raw/share"),
        Binding(
            "percent_sign",
            "cycle_share_basis",
            "Share of",
            key_display="%",
            show=False,
            tooltip="Shares of all articles, of each column (sector, province) or of each row"
            " (theme) in the count tables",
        ),
        Binding(
            "h",
            "toggle_heat",
            "Heat",
            show=False,
            tooltip="Shade the count tables' cells by value (the legend is in their titles)",
        ),
        Binding(
            "b", "toggle_bars", "Bars by", show=False, tooltip="Bar chart of themes or of regions"
        ),
        Binding("e", "export", "Export", tooltip="Export the focused view to CSV"),
        Binding("r", "reset", "Reset", show=False, tooltip="Clear every filter"),
        Binding("u", "undo", "Undo", tooltip="Undo the last filter change", group=_HISTORY_KEYS),
        Binding("ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last filter change"),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            tooltip="Redo the filter change last undone",
            group=_HISTORY_KEYS,
        ),
        Binding(
            "escape",
            "go_back",
            "Back",
            show=False,
            tooltip="Cancel the search, close the help, leave the drill-down, dismiss messages"
            " (never changes a filter)",
        ),
        Binding(
            "P",
            "problems",
            "Problems",
            show=False,
            tooltip="Records and files that could not be read",
        ),
        Binding(
            "v",
            "toggle_plots",
            "Plots",
            show=False,
            tooltip="Show the plots instead of the tables on a narrow terminal",
        ),
        Binding(
            "S",
            "cycle_scope",
            "Scope",
            show=False,
            tooltip="Count a theme with a sector or region in the same article, paragraph"
            " or sentence",
        ),
        Binding(
            "l",
            "pick_lines",
            "Timeline lines",
            show=False,
            tooltip="Choose the timeline's lines: themes, or one theme across provinces",
        ),
        Binding("tab", "focus_next", "Next panel", show=False, tooltip="Focus the next panel"),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous panel",
            show=False,
            tooltip="Focus the previous panel",
        ),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        *RISE_BINDINGS,
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        watch: bool = True,
        filters: FilterState | None = None,
        auto_period: bool = True,
    ) -> None:
        super().__init__()
        # Each keypress's large arrays are given back when freed, not kept by the allocator.
        hand_back_large_blocks()
        self.settings = settings or Settings()
        self.watch_corpus = watch
        self.taxonomy: LoadedTaxonomy = load_taxonomy(self.settings.taxonomy)
        self.query_engine: Query | None = None
        # The filters it opens with (`campaign-tui CORPUS --theme ...`); the period is chosen
        # from the corpus's span unless one was given.
        self.filters = filters or FilterState()
        self._start_filters = self.filters
        self._auto_period = auto_period
        self.history = FilterHistory()
        self._search_session = 0
        self._search_before = ""
        self.drill: Drill | None = None
        self._drill_origin: tuple[CountTable, Coordinate] | None = None
        self._cursor_back: tuple[CountTable, Coordinate] | None = None
        self._dashboard: Screen[object] | None = None
        self.generation = 0
        self.shown_generation = -1
        self._tables_generation = -1
        self._plots_generation = -1
        self._gc_threshold: tuple[int, int, int] | None = None
        self._span: tuple[str | None, str | None] = (None, None)
        self.bars_by: LabelKind = "theme"
        self.lines = SeriesChoice()
        """The timeline's lines the user picked with `l` (none: the leading themes)."""
        self.last_data: ViewData | None = None
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._indexing = False
        self._watcher: CorpusWatcher | None = None
        self._poll_timer: Timer | None = None
        self._recheck = False
        self.watching = ""
        """How the corpus is watched: "inotify", "polling", or "" (not watched)."""
        # An unchanged corpus opens from its snapshot while Textual is still starting up.
        self._preload: Future[Query | None] | None = _PRELOADER.submit(
            _preload, self.settings, self.taxonomy
        )

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(id="filter-bar")
        with Horizontal(id="main"):
            with Vertical(id="tables"):
                yield Label(
                    plain("Themes × sectors", style="bold"),
                    id="sectors-title",
                    classes="panel-title",
                )
                yield CountTable("sector", id="sectors")
                yield Label(
                    plain("Themes × regions", style="bold"),
                    id="regions-title",
                    classes="panel-title",
                )
                yield CountTable("region", id="regions")
                yield Static(id="rise-legend")
                yield ComparePanel(id="compare")
            with Vertical(id="plots"):
                yield TimelinePlot(id="timeline")
                yield BarPlot(id="bars")
                yield RegionMap(id="map")
                yield RisingPanel(id="rising")
        yield Label(plain("Articles", style="bold"), id="articles-title", classes="panel-title")
        yield ArticleTable(id="articles")
        yield Input(placeholder=f"search: {SYNTAX_HELP} (enter: keep, esc: cancel)", id="search")
        with Vertical(id="loading"):
            yield Label(plain("Indexing the corpus…", style="bold"), id="loading-label")
            yield ProgressBar(total=100, show_eta=False, id="loading-bar")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline", TimelinePlot).can_focus = True
        self._update_filter_bar()
        self.sub_title = "indexing…"
        self._dashboard = self.screen
        self._apply_width(self.size.width)
        self.query_one("#sectors", CountTable).focus()
        self._start_index(reloaded=False)
        if self.watch_corpus:
            self._start_watching()

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: this handler runs before App's own, so self.size is still the
        # size before the resize here.
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        # The dashboard's screen, also when a dialog or the article view is on top of it.
        screen = self._dashboard or self.screen
        screen.set_class(width < NARROW_WIDTH, "narrow")

    # -- indexing -------------------------------------------------------------------------

    def _start_index(self, reloaded: bool) -> None:
        self._indexing = True
        self._index_worker(reloaded)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_worker(self, reloaded: bool) -> None:
        notes: list[str] = []
        preload, self._preload = self._preload, None
        query = preload.result() if preload is not None and not reloaded else None
        try:
            if query is None:
                index = load_index(
                    self.settings,
                    self.taxonomy,
                    progress=self._post_progress,
                    message=notes.append,
                )
                query = Query(index, self.settings.scope)
        except Exception as error:  # shown to the user; the app keeps running
            self.post_message(IndexFailed(str(error)))
            return
        index = query.index
        self.post_message(IndexReady(query, notes, reloaded))
        # The dashboard is usable now; working out orders, periods and folded texts meanwhile
        # keeps the first keystrokes as quick as the next ones.
        query.warm()
        try:
            # The next start of an unchanged corpus opens this snapshot instead. Closing the
            # dashboard meanwhile waits for it (a few seconds, once after each re-index):
            # given up, the next start would be as slow as this one.
            save_snapshot(index)
        except OSError as error:
            self.call_from_thread(
                self.notify, f"Cannot save the corpus snapshot: {error}", markup=False
            )

    def _post_progress(self, done: int, total: int) -> None:
        self.post_message(IndexProgress(done, total))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one("#loading-bar", ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)

    def on_index_failed(self, message: IndexFailed) -> None:
        self._indexing = False
        self._recheck_corpus()
        self.query_one("#loading").display = False
        if self.query_engine is None:
            self.sub_title = "indexing failed (q quits)"
        self.notify(
            clean(message.error),
            title="Indexing failed",
            severity="error",
            markup=False,
            timeout=30,
        )

    def on_index_ready(self, message: IndexReady) -> None:
        self._indexing = False
        self._recheck_corpus()
        previous = self.query_engine
        self.query_engine = message.query
        self.query_one("#loading").display = False
        summary = message.query.index.summary()
        # Kept: the date keys need the span, and working it out scans every article's date.
        self._span = (summary["first_date"], summary["last_date"])
        problems = summary["problems"]
        span = (
            f"{summary['first_date']} – {summary['last_date']}"
            if summary["first_date"]
            else "no dates"
        )
        self.sub_title = (
            f"{counted(summary['articles'], 'article')} · {span}"
            f" · {counted(summary['duplicates'], 'duplicate')}"
            f" · {counted(problems, 'problem')}"
        )
        # Records left out on purpose (a headline with no story) are no problem, but said.
        skipped = sum(1 for p in message.query.index.problems if p.severity == "skipped")
        if skipped:
            self.sub_title += f" · {counted(skipped, 'record')} skipped"
        if problems or skipped:
            self.sub_title += " (P lists them)"
        for note in message.notes:
            self.notify(clean(note), severity="warning", markup=False)
        if (
            previous is None
            and summary["first_date"]
            and self._auto_period
            and self.filters == self._start_filters
        ):
            # A timeline of 40-odd points reads best: months for a year or two, quarters
            # for a decade, years beyond.
            self.filters = self.filters.model_copy(
                update={"period": default_period(summary["first_date"], summary["last_date"])}
            )
            self._update_filter_bar()
        if previous is None:
            self._settle_gc()
        if message.reloaded and previous is not None:
            added = summary["articles"] - len(previous.index.articles)
            text = (
                f"{counted(added, 'new article')}"
                if added > 0
                else f"{counted(-added, 'article')} fewer"
                if added < 0
                else "corpus re-indexed"
            )
            self.notify(text, title="Corpus changed", markup=False)
        self.refresh_views()

    def _settle_gc(self) -> None:
        """Keep the garbage collector's full passes off the keypress path.

        A full pass walks every object the interpreter tracks (the app's widgets and styles,
        the index): 60-160 ms on a 2-core machine, during which no keypress moves. What exists
        once the index is open lives as long as the app, so it is set aside (gc.freeze), and
        full passes are made ten times rarer; the young generations are collected as usual.
        Undone when the app closes.
        """
        if self._gc_threshold is not None:
            return
        self._gc_threshold = gc.get_threshold()
        young, middle, full = self._gc_threshold
        gc.freeze()
        gc.set_threshold(young, middle, max(full, 100))

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            gc.unfreeze()
            self._gc_threshold = None

    def _corpus_signature(self) -> tuple[tuple[str, int, int], ...]:
        files, _ = iter_corpus_files(self.settings.corpus_paths())
        entries = []
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            entries.append((str(file), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def _recheck_corpus(self) -> None:
        if self._recheck:
            self._recheck = False
            self._watch_worker()

    def _start_watching(self) -> None:
        """The kernel tells of corpus changes (no CPU while idle); polling when it cannot."""
        self._watcher = CorpusWatcher(
            self.settings.corpus_paths(), self._corpus_touched, self._watch_failed
        )
        self.watching = "inotify" if self._watcher.start() else ""
        if not self.watching:
            self._start_polling()
        self._watch_worker()  # the signature that later changes are compared with

    def _start_polling(self) -> None:
        if self._poll_timer is None:
            self.watching = "polling"
            self._poll_timer = self.set_interval(WATCH_SECONDS, self._poll_corpus)

    def _corpus_touched(self) -> None:
        """From the watcher's thread: something in the corpus changed."""
        with suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._poll_corpus)

    def _watch_failed(self, error: str) -> None:
        with suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._start_polling)

    def _poll_corpus(self) -> None:
        if not self._indexing:
            self._watch_worker()
        else:
            # Told once (not every two seconds): looked at again when the indexing ends.
            self._recheck = True

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_worker(self) -> None:
        signature = self._corpus_signature()
        if self._signature is None:
            self._signature = signature
            return
        if signature != self._signature:
            self._signature = signature
            self.call_from_thread(self._start_index, True)

    # -- views ----------------------------------------------------------------------------

    def refresh_views(self) -> None:
        """Recompute every panel for the current filters, off the event loop."""
        if self.query_engine is None:
            return
        self.generation += 1
        sectors = self.query_one("#sectors", CountTable).sort_key
        regions = self.query_one("#regions", CountTable).sort_key
        timeline = self.query_one("#timeline", TimelinePlot)
        bars_title = "Articles per theme" if self.bars_by == "theme" else "Articles per region"
        if self.filters.measure is Measure.mentions:
            bars_title = bars_title.replace("Articles", "Mentions")
        plots = _PlotRequest(timeline.size, timeline.plot_theme(), bars_title)
        request = _ViewRequest(
            self.generation,
            self.filters,
            self.drill,
            sectors,
            regions,
            self.bars_by,
            plots,
            self.query_one("#articles", ArticleTable).sort_key,
            self.lines,
            self._date_span(),
        )
        self._views_worker(self.query_engine, request)
        self.refresh_rise()

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def _views_worker(self, query: Query, request: _ViewRequest) -> None:
        worker = get_current_worker()
        try:
            # A search scans every text: a newer keystroke stops it rather than waiting.
            with query.cancel_on(lambda: worker.is_cancelled):
                self._compute_views(query, request)
        except Cancelled:
            return

    def _compute_views(self, query: Query, request: _ViewRequest) -> None:
        worker = get_current_worker()
        generation, filters, drill = request.generation, request.filters, request.drill
        sector_sort, region_sort = request.sector_sort, request.region_sort
        bars_by, plots = request.bars_by, request.plots
        sectors = theme_shares(query, "sector", filters).reset_index()
        sectors = sort_frame(sectors, applicable_sort(sectors, sector_sort))
        regions = theme_shares(query, "region", filters).reset_index()
        regions = sort_frame(regions, applicable_sort(regions, region_sort))
        if worker.is_cancelled:
            return
        # The tables first: they are quick, and the numbers are what the user looks at.
        self.post_message(TablesReady(generation, sectors, regions))
        series = series_timeline(query, filters, request.lines, request.span)
        timeline = series.frame
        bars = query.theme_totals(filters, bars_by)
        share, measure = filters.share, filters.measure.value
        timeline_draw = timeline_drawing(
            timeline,
            self.taxonomy,
            share,
            filters.period.value,
            measure=measure,
            subject=series.subject + (" by region" if series.by_region else ""),
            marks=period_positions(timeline, series.marks),
        )
        bars_draw = bars_drawing(bars, self.taxonomy, share, plots.bars_title, measure=measure)
        if worker.is_cancelled:
            return
        # Laid out here, not in the widgets' render: the event loop only paints the lines.
        # (A plot a narrow terminal hides has no room: nothing is laid out for it.)
        timeline_plot = render_plot(timeline_draw, plots.timeline_size, plots.theme)
        if worker.is_cancelled:
            return
        # The plots before the article list: filling its rows is the event loop's longest
        # step of a keypress, and the plots need not wait for it.
        self.post_message(PlotsReady(generation, timeline_draw, bars_draw, timeline_plot))
        articles, total = self._article_source(query, filters, drill).page(0, request.article_sort)
        if worker.is_cancelled:
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
        self.post_message(ViewsReady(data))

    def on_tables_ready(self, message: TablesReady) -> None:
        if message.generation != self.generation or self.query_engine is None:
            return  # a newer filter change is on its way: drop the stale numbers
        self._show_tables(message.generation, message.sectors, message.regions)

    def on_plots_ready(self, message: PlotsReady) -> None:
        if message.generation != self.generation or self.query_engine is None:
            return  # a newer filter change is on its way: drop the stale plots
        self._show_plots(
            message.generation,
            (message.timeline_drawing, message.timeline_plot),
            message.bars_drawing,
        )

    def _show_tables(self, generation: int, sectors: DataFrame, regions: DataFrame) -> None:
        share = self.filters.share
        # Mentions ÷ all articles is no share of anything: a rate per 100 articles, no %.
        rate = share and is_rate(self.filters)
        self.query_one("#sectors", CountTable).show(sectors, self.taxonomy, share, rate)
        self.query_one("#regions", CountTable).show(regions, self.taxonomy, share, rate)
        self._update_table_titles()
        self._tables_generation = generation
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
        self._plots_generation = generation

    def on_views_ready(self, message: ViewsReady) -> None:
        data = message.data
        if data.generation != self.generation or self.query_engine is None:
            return  # a newer filter change is on its way: drop the stale numbers
        self.last_data = data
        if self._tables_generation != data.generation:
            self._show_tables(data.generation, data.sectors, data.regions)
        source = self._article_source(self.query_engine, self.filters, self.drill)
        self.query_one("#articles", ArticleTable).show(
            data.articles, data.articles_total, source, sort=data.articles_sort
        )
        self._update_articles_title()
        if self._plots_generation != data.generation:
            self._show_plots(
                data.generation,
                (data.timeline_drawing, data.timeline_plot),
                data.bars_drawing,
            )
        self.shown_generation = data.generation

    @staticmethod
    def _article_source(query: Query, filters: FilterState, drill: Drill | None) -> ArticleSource:
        """Where the article list's pages come from: the filters' articles, or a cell's."""
        if drill is None:
            return ArticleSource(query, filters, page_size=ARTICLE_PAGE)
        return ArticleSource(
            query, filters, drill.theme, drill.other, drill.other_kind, page_size=ARTICLE_PAGE
        )

    @on(ArticleTable.PageShown)
    def _update_articles_title(self) -> None:
        taxonomy = self.taxonomy
        title = Text("Articles", style="bold")
        title.append("  " + self.query_one("#articles", ArticleTable).rows_text())
        if self.drill is not None:
            title.append("  ·  cell: ", style="dim")
            theme = (
                "any theme"
                if self.drill.theme == TOTAL
                else "no theme"
                if self.drill.theme == NONE_LABEL
                else taxonomy.name(self.drill.theme)
            )
            other = (
                "any " + self.drill.other_kind
                if self.drill.other == TOTAL
                else "no " + self.drill.other_kind
                if self.drill.other == NONE_LABEL
                else taxonomy.name(self.drill.other)
            )
            title.append_text(plain(f"{theme} × {other}", style="bold yellow"))
            title.append("  (esc: all articles)", style="dim")
        self.query_one("#articles-title", Label).update(title)

    # -- filters --------------------------------------------------------------------------

    def set_filters(self, filters: FilterState, *, group: str | None = None) -> None:
        """Apply a filter change the user made (undo goes back through them; changes with
        the same ``group`` one after the other are one step)."""
        if filters == self.filters:
            return
        self.history.record(self.filters, filters, group)
        self._show_filters(filters)

    def _show_filters(self, filters: FilterState) -> None:
        self.filters = filters
        self._update_filter_bar()
        search = self.query_one("#search", Input)
        if search.display and search.value.strip() != filters.search.strip():
            search.value = filters.search  # an undo while the search box is open
        self.refresh_views()

    def action_undo(self) -> None:
        change = self.history.undo()
        if change is None:
            self.notify("Nothing to undo", markup=False)
            return
        text = describe_change(change.after, change.before, self.taxonomy.name)
        self._show_filters(change.before)
        self.notify(f"Undo: {text}", markup=False)

    def action_redo(self) -> None:
        change = self.history.redo()
        if change is None:
            self.notify("Nothing to redo", markup=False)
            return
        text = describe_change(change.before, change.after, self.taxonomy.name)
        self._show_filters(change.after)
        self.notify(f"Redo: {text}", markup=False)

    def _names(self, ids: tuple[str, ...]) -> str:
        return ", ".join(self.taxonomy.name(i) for i in ids) if ids else "all"

    def _update_filter_bar(self) -> None:
        f = self.filters
        bar = Text()

        def part(name: str, value: str, active: bool) -> None:
            if len(bar):
                bar.append(" │ ", style="dim")
            bar.append(f"{name} ", style="dim")
            bar.append_text(plain(value, style="bold yellow" if active else ""))

        part("Sector", self._names(f.sectors), bool(f.sectors))
        part("Region", self._names(f.regions), bool(f.regions))
        part("Theme", self._names(f.themes), bool(f.themes))
        dates = f"{f.date_from or '…'} – {f.date_to or '…'}" if f.date_from or f.date_to else "all"
        part("Dates", f"{dates} ({f.period.value})", bool(f.date_from or f.date_to))
        part("Search", f'"{shorten(f.search, 30)}"' if f.search else "—", bool(f.search))
        part("Measure", f.measure.value, f.measure is not Measure.articles)
        part("Values", basis_text(f) if f.share else "raw", f.share)
        part("Scope", self.settings.scope.value, self.settings.scope is not Scope.article)
        self.query_one("#filter-bar", Static).update(bar)

    def _choices(self, kind: LabelKind) -> list[tuple[str, str, int]]:
        if kind != "region":
            # Display names are the taxonomy author's text: cleaned before any picker row.
            return [(lab.id, clean(lab.name), 0) for lab in self.taxonomy.of_kind(kind)]
        choices: list[tuple[str, str, int]] = []

        def add(label_id: str, depth: int) -> None:
            choices.append((label_id, clean(self.taxonomy.name(label_id)), depth))
            children = sorted(
                (lab for lab in self.taxonomy.of_kind("region") if lab.parent == label_id),
                key=lambda lab: lab.name,
            )
            for child in children:
                add(child.id, depth + 1)

        for top in self.taxonomy.top_regions:
            add(top, 0)
        return choices

    def action_pick(self, kind: LabelKind) -> None:
        field = {"theme": "themes", "sector": "sectors", "region": "regions"}[kind]
        current: tuple[str, ...] = getattr(self.filters, field)
        title = {
            "theme": "Themes",
            "sector": "Sectors",
            "region": "Regions (provinces with their cities and counties)",
        }[kind]

        def chosen(result: tuple[str, ...] | None) -> None:
            if result is not None:
                self.set_filters(self.filters.model_copy(update={field: result}))

        picker = PickerScreen(title, self._choices(kind), current, spellings_of(self.taxonomy))
        self.push_screen(picker, chosen)
        self._count_labels(picker, {kind})

    def _count_labels(self, picker: PickerScreen, kinds: set[LabelKind]) -> None:
        if self.query_engine is not None:
            self._label_counts_worker(self.query_engine, self.filters, kinds, picker)

    @work(thread=True, exclusive=True, group="label-counts", exit_on_error=False)
    def _label_counts_worker(
        self, query: Query, filters: FilterState, kinds: set[LabelKind], picker: PickerScreen
    ) -> None:
        counts: dict[str, int] = {}
        for kind in sorted(kinds):
            counts.update(label_counts(query, filters, kind))
        self.call_from_thread(picker.set_counts, counts)

    def action_pick_lines(self) -> None:
        """Choose the timeline's lines: themes, or one theme and the regions to follow it in
        (the picker's first theme). None chosen: the leading themes again."""
        if self.query_engine is None:
            self.notify("The index is not ready yet.", severity="warning", markup=False)
            return
        query = self.query_engine
        themes = offered_themes(query, self.filters)
        regions = offered_regions(query, self.filters)
        choices = [(i, clean(self.taxonomy.name(i)), 0) for i in [*themes, *regions]]
        current = tuple(
            i for i in (*self.lines.themes, *self.lines.regions) if i in themes + regions
        )

        def chosen(result: tuple[str, ...] | None) -> None:
            if result is None:
                return
            picked_regions = tuple(i for i in result if i in regions)
            picked_themes = tuple(i for i in result if i in themes)
            if picked_regions and len(picked_themes) > 1:
                picked_themes = picked_themes[:1]
                self.notify(
                    f"One theme across regions: {self.taxonomy.name(picked_themes[0])}.",
                    markup=False,
                )
            self.lines = SeriesChoice(themes=picked_themes, regions=picked_regions)
            self.refresh_views()

        picker = PickerScreen(
            "Timeline lines: themes, or one theme and regions",
            choices,
            current,
            spellings_of(self.taxonomy),
        )
        self.push_screen(picker, chosen)
        self._count_labels(picker, {"theme", "region"})

    def _corpus_span(self) -> tuple[str | None, str | None]:
        return self._span

    def _date_span(self) -> tuple[dt.date, dt.date] | None:
        first, last = self._span
        if first is None or last is None:
            return None
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def action_dates(self) -> None:
        def chosen(result: tuple[dt.date | None, dt.date | None] | None) -> None:
            if result is not None:
                start, end = result
                self.set_filters(
                    self.filters.model_copy(update={"date_from": start, "date_to": end})
                )

        self.push_screen(
            DateRangeScreen(self.filters.date_from, self.filters.date_to, self._corpus_span()),
            chosen,
        )

    def action_shift(self, steps: int) -> None:
        """Move the date range by one period, within the corpus's first and last period."""
        f = self.filters
        first_text, last_text = self._corpus_span()
        if first_text is None or last_text is None:
            self.notify("No article has a date: there are no periods to move through.")
            return
        first, last = dt.date.fromisoformat(first_text), dt.date.fromisoformat(last_text)
        if f.date_from is None and f.date_to is None:
            # No range yet: [ starts at the corpus's last period, ] at its first.
            start, end = period_range(last if steps < 0 else first, f.period)
        else:
            if f.date_from is not None and f.date_to is not None:
                current = (f.date_from, f.date_to)
            else:
                current = period_range(f.date_to or f.date_from or last, f.period)
            moved = step_range(*current, f.period, steps, first, last)
            if moved is None:
                edge, which = (last, "last") if steps > 0 else (first, "first")
                self.notify(
                    f"The corpus's {which} {f.period.value} with articles is"
                    f" {period_name(edge, f.period)}: the range stops there.",
                    title="No more periods",
                    markup=False,
                )
                return
            start, end = moved
        self.set_filters(f.model_copy(update={"date_from": start, "date_to": end}))

    def action_cycle_period(self) -> None:
        """The next period (the timeline's points, the step of [ and ]); the range stays."""
        position = (
            PERIOD_CYCLE.index(self.filters.period) if (self.filters.period in PERIOD_CYCLE) else 0
        )
        period = PERIOD_CYCLE[(position + 1) % len(PERIOD_CYCLE)]
        self.set_filters(self.filters.model_copy(update={"period": period}))

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self._search_session += 1
        self._search_before = self.filters.search
        search.display = True
        search.value = self.filters.search
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        value = event.value
        if value.strip() == self.filters.search.strip():
            return
        # What is typed into the box at one go is one step for undo, not one per key.
        self.set_filters(
            self.filters.model_copy(update={"search": value}),
            group=f"search {self._search_session}",
        )

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#search", Input).display = False
        self.query_one("#sectors", CountTable).focus()

    def action_toggle_measure(self) -> None:
        measure = (
            Measure.mentions if self.filters.measure is Measure.articles else (Measure.articles)
        )
        self.set_filters(self.filters.model_copy(update={"measure": measure}))

    def _update_table_titles(self) -> None:
        """Each count table's title says what its numbers are and what its shades mean."""
        for other, name in (("sector", "sectors"), ("region", "regions")):
            table = self.query_one(f"#{name}", CountTable)
            title = plain(f"Themes × {name}", style="bold")
            if self.filters.share:
                title.append_text(plain(f" · {basis_text(self.filters, other)}"))  # type: ignore[arg-type]
            legend = table.heat_legend()
            if legend:
                title.append("  ")
                title.append_text(legend)
            self.query_one(f"#{name}-title", Label).update(title)

    def action_cycle_share_basis(self) -> None:
        """Shares of all articles, then of each column, then of each row (shares turn on)."""
        order = list(ShareBasis)
        basis = self.filters.share_basis
        if self.filters.share:
            basis = order[(order.index(basis) + 1) % len(order)]
        self.set_filters(self.filters.model_copy(update={"share": True, "share_basis": basis}))

    def action_toggle_heat(self) -> None:
        for table in self.query(CountTable):
            table.heat = not table.heat
            table.refresh()
        self._update_table_titles()

    def action_toggle_share(self) -> None:
        self.set_filters(self.filters.model_copy(update={"share": not self.filters.share}))

    def action_cycle_scope(self) -> None:
        """Article → paragraph → sentence: how close a theme and a sector or region must be
        to count together. The counts are redone off the event loop (the first paragraph or
        sentence count of a corpus works its pairs out from the cached mentions)."""
        if self.query_engine is None:
            self.notify("The index is not ready yet.", severity="warning", markup=False)
            return
        scope = SCOPE_CYCLE[(SCOPE_CYCLE.index(self.settings.scope) + 1) % len(SCOPE_CYCLE)]
        self.notify(f"Counting per {scope.value}…", title="Scope", markup=False, timeout=2)
        self._scope_worker(self.query_engine, scope)

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False)
    def _scope_worker(self, query: Query, scope: Scope) -> None:
        scoped = Query(query.index, scope)
        scoped.warm()
        self.call_from_thread(self._scope_ready, query, scoped)

    def _scope_ready(self, before: Query, scoped: Query) -> None:
        if self.query_engine is not before:
            return  # re-indexed meanwhile: that index's counts follow the settings' scope
        self.settings = self.settings.model_copy(update={"scope": scoped.scope})
        self.query_engine = scoped
        self._update_filter_bar()
        self.refresh_views()
        self.notify(
            f"A theme counts with a sector or region in the same {scoped.scope.value}.",
            title=f"Scope: {scoped.scope.value}",
            markup=False,
        )

    def action_toggle_bars(self) -> None:
        self.bars_by = "region" if self.bars_by == "theme" else "theme"
        self.refresh_views()

    def action_toggle_plots(self) -> None:
        self.screen.toggle_class("show-plots")

    def action_reset(self) -> None:
        if self.drill is not None:
            self._leave_drill()
        self.set_filters(FilterState(period=self.filters.period))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The dashboard's keys act on the dashboard only: over the article view or another
        screen they are neither shown in the footer nor run behind the user's back. A dialog
        over the dashboard takes its keys as text anyway, and leaving the footer as it is
        spares rebuilding it when the dialog closes."""
        elsewhere = len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen)
        return not (elsewhere and action in _DASHBOARD_ACTIONS)

    def action_go_back(self) -> None:
        """Back out of what is open: the search box, the help, the drill-down, then the
        messages. Undoing a filter is `u`'s job, never this key's."""
        search = self.query_one("#search", Input)
        if search.display and search.has_focus:
            # Backing out of the search box puts back the search it opened with.
            search.value = self._search_before
            search.display = False
            self.query_one("#sectors", CountTable).focus()
            return
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
            return
        if self.drill is not None:
            self._leave_drill()
            self.refresh_views()
            return
        self.clear_notifications()

    def _leave_drill(self) -> None:
        """Show every article again, with the focus back on the cell the drill came from."""
        self.drill = None
        origin, self._drill_origin = self._drill_origin, None
        if origin is not None:
            table, coordinate = origin
            table.focus()
            table.move_cursor(row=coordinate.row, column=coordinate.column, animate=False)
            self._cursor_back = origin

    def action_problems(self) -> None:
        if self.query_engine is not None:
            self.push_screen(ProblemsScreen(self.query_engine.index.problems))

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # -- drill-down and the article view --------------------------------------------------

    @on(CountTable.Drill)
    def _drill(self, event: CountTable.Drill) -> None:
        self.drill = Drill(event.theme, event.other, event.table.other_kind)
        self._drill_origin = (event.table, event.table.cursor_coordinate)
        self.refresh_views()
        self.query_one("#articles", ArticleTable).focus()

    @on(CountTable.SortChanged)
    def _sorted(self) -> None:
        self.refresh_views()

    @on(ArticleTable.Open)
    def _open_article(self, event: ArticleTable.Open) -> None:
        if self.query_engine is None:
            return
        table = self.query_one("#articles", ArticleTable)
        # The list it was opened from, in the order shown: n and p step through it.
        listing = ArticleList(
            self._article_source(self.query_engine, self.filters, self.drill),
            table.sort_key,
            table.first_row + table.cursor_row,
            table.row_total,
        )
        self._article_worker(self.query_engine, event.art, listing, self.filters.search)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _article_worker(self, query: Query, art: int, listing: ArticleList, search: str) -> None:
        text, mentions = query.explain(art)
        meta = article_meta(query, art)
        screen = ArticleScreen(meta, text, mentions, query=query, listing=listing, search=search)
        self.call_from_thread(self.push_screen, screen)

    # -- export ---------------------------------------------------------------------------

    def _focused_request(self) -> tuple[ExportRequest, str]:
        focused: Widget | None = self.focused
        special = self.rise_export(focused)
        if special is not None:
            return special
        sectors = self.query_one("#sectors", CountTable)
        regions = self.query_one("#regions", CountTable)
        if focused is regions:
            return ExportRequest(
                view=View.theme_by_region, filters=self.filters, sort=regions.sort_key
            ), "theme × region table"
        if focused is self.query_one("#timeline"):
            return ExportRequest(view=View.timeline, filters=self.filters), "timeline"
        if focused is self.query_one("#articles"):
            drill = self.drill
            return ExportRequest(
                view=View.articles,
                filters=self.filters,
                sort=self.query_one("#articles", ArticleTable).sort_key,
                theme=drill.theme if drill and drill.theme != TOTAL else None,
                other=drill.other if drill and drill.other != TOTAL else None,
                other_kind=drill.other_kind if drill and drill.other != TOTAL else None,
            ), "article list"
        return ExportRequest(
            view=View.theme_by_sector, filters=self.filters, sort=sectors.sort_key
        ), "theme × sector table"

    def action_export(self) -> None:
        if self.query_engine is None:
            self.notify("The index is not ready yet.", severity="warning")
            return
        request, name = self._focused_request()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        proposal = str(Path(os.getcwd()) / f"campaign-{request.view.value}-{stamp}.csv")

        query = self.query_engine

        def write(target: Path) -> str:
            rows = export_view(query, request, target)
            return f"{rows:,} {'row' if rows == 1 else 'rows'} written to {target}"

        def written(message: str | None) -> None:
            if message:
                self.notify(clean(message), title="Exported", markup=False)

        # The dialog writes, and stays open with the name and the reason if it cannot.
        self.push_screen(ExportScreen(name, proposal, write), written)

    # -- command palette ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        keys: dict[str, list[str]] = {}
        first: dict[str, Binding] = {}
        for binding in self.BINDINGS:
            # quit: Textual's own "Quit the application" command is in the palette already.
            if not isinstance(binding, Binding) or binding.action == "quit":
                continue
            # One command per action, with every key that runs it (undo: u and ctrl+z).
            keys.setdefault(binding.action, []).append(binding.key_display or binding.key)
            first.setdefault(binding.action, binding)
        for action, binding in first.items():

            async def run(action: str = action) -> None:
                await self.run_action(action)

            yield SystemCommand(
                f"{binding.description} ({', '.join(keys[action])})",
                binding.tooltip or binding.description,
                run,
            )
        if screen is self._dashboard:
            yield from panel_commands(self)
