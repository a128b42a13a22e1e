"""The dashboard screen: its widgets and keys, the drill-down, the article view, export.

The screen is put together from one mixin per concern, each in a module of its own:
:class:`~tui.ui.filter_actions.FilterActions` (the filter keys, undo/redo),
:class:`~tui.ui.views.ViewsPipeline` (a filter change → tables, plots, article list),
:class:`~tui.ui.corpus.CorpusActions` (indexing, watching the corpus) and
:class:`~tui.ui.rise.RiseActions` (Rising, map, compare). Its keys are a table in
tui/ui/bindings.py (DASHBOARD_BINDINGS), bound here: they act on this screen only, so over
the article view or the problems screen they are neither shown nor run. The filter bar's and
titles' words are in tui/ui/titles.py. The app (tui/ui/app.py) makes this its first screen.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Label, ProgressBar, Static

from tui.core.export import export_view
from tui.core.history import FilterHistory
from tui.core.models import ExportRequest, FilterState, LabelKind, View
from tui.core.query import TOTAL, Query
from tui.core.search import SYNTAX_HELP
from tui.core.series import SeriesChoice
from tui.core.session import Settings
from tui.core.taxonomy import LoadedTaxonomy
from tui.core.watch import CorpusWatcher
from tui.ui.bindings import DASHBOARD_BINDINGS
from tui.ui.commands import binding_commands, panel_commands
from tui.ui.corpus import CorpusActions
from tui.ui.filter_actions import FilterActions
from tui.ui.messages import IndexReady, PlotsReady, TablesReady, ViewData, ViewsReady
from tui.ui.rise import RiseActions
from tui.ui.screens.article import ArticleList, ArticleScreen, article_meta
from tui.ui.screens.dialogs import ExportScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.text import clean, plain
from tui.ui.titles import Drill
from tui.ui.views import Generations, ViewsPipeline, article_source
from tui.ui.widgets.compare_panel import ComparePanel
from tui.ui.widgets.footer import KeyFooter
from tui.ui.widgets.plots import BarPlot, TimelinePlot
from tui.ui.widgets.region_map import RegionMap
from tui.ui.widgets.rising_panel import RisingPanel
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.tables import ArticleTable, CountTable

NARROW_WIDTH = 120
"""Under this many columns the plots give way to the tables (`v` swaps them in)."""


class DashboardScreen(FilterActions, ViewsPipeline, CorpusActions, RiseActions, Screen[None]):
    """Theme × sector/region counts, timelines and the articles behind them, for the filters
    the user sets; the keys that set them."""

    BINDINGS: ClassVar[list[BindingType]] = DASHBOARD_BINDINGS

    def __init__(
        self,
        settings: Settings,
        taxonomy: LoadedTaxonomy,
        preloaded: Future[Query | None] | None = None,
        *,
        filters: FilterState | None = None,
        auto_period: bool = True,
        watch: bool = True,
    ) -> None:
        super().__init__(id="dashboard")
        self.settings = settings
        self.taxonomy = taxonomy
        self.watch_corpus = watch
        self.query_engine: Query | None = None
        self.filters = filters or FilterState()
        self._start_filters = self.filters
        self._auto_period = auto_period
        self.history = FilterHistory()
        self._search_session = 0
        self._search_before = ""
        self.drill: Drill | None = None
        self._drill_origin: tuple[CountTable, Coordinate] | None = None
        self._cursor_back: tuple[CountTable, Coordinate] | None = None
        self.view_generations = Generations()
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
        self._preload: Future[Query | None] | None = preloaded

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
        yield SearchBox(
            placeholder=f"search: {SYNTAX_HELP} (enter: keep, esc: cancel)", id="search"
        )
        with Vertical(id="loading"):
            yield Label(plain("Indexing the corpus…", style="bold"), id="loading-label")
            yield ProgressBar(total=100, show_eta=False, id="loading-bar")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline", TimelinePlot).can_focus = True
        self._update_filter_bar()
        self.app.sub_title = "indexing…"
        self.apply_width(self.app.size.width)
        self.query_one("#sectors", CountTable).focus()
        self._start_index(reloaded=False)
        if self.watch_corpus:
            self._start_watching()

    def apply_width(self, width: int) -> None:
        """Lay the dashboard out for a terminal ``width`` columns wide."""
        self.set_class(width < NARROW_WIDTH, "narrow")

    # -- the pipelines' messages ----------------------------------------------------------
    # Defined here, on the screen's own class, and nowhere else: Textual calls the handler of
    # every class in the MRO, so a wrapper put on DashboardScreen (tui/bench times these)
    # replaces the handler instead of running beside a mixin's.

    def refresh_views(self) -> None:
        """Recompute every panel for the current filters, off the event loop: the views
        pipeline (tables, plots, article list) and the Rising panels'."""
        if self.rise_state.comparing and self.query_engine is not None:
            # The comparison stands in for the tables: its numbers are worked out first,
            # alone (two workers share one interpreter), the plots and the list once it
            # is painted (on_rise_ready).
            # The last key's plots and list are stale: stop their worker now rather than
            # let it hold the interpreter while the comparison is worked out.
            self.workers.cancel_group(self, "views")
            self.views_waiting = True
            self.refresh_rise()
            return
        self.request_views()
        self.refresh_rise()

    def on_index_ready(self, message: IndexReady) -> None:
        self.index_ready(message)

    def on_tables_ready(self, message: TablesReady) -> None:
        self.tables_ready(message)

    def on_plots_ready(self, message: PlotsReady) -> None:
        self.plots_ready(message)

    def on_views_ready(self, message: ViewsReady) -> None:
        self.views_ready(message)

    # -- keys of the dashboard ------------------------------------------------------------

    def action_go_back(self) -> None:
        """Back out of what is open: the search box, the help, the drill-down, then the
        messages. Undoing a filter is `u`'s job, never this key's."""
        search = self.query_one("#search", SearchBox)
        if search.display and search.has_focus:
            # Backing out of the search box puts back the search it opened with (unless
            # enter, pressed just before, kept it).
            if not search.kept:
                search.value = self._search_before
            search.display = False
            self.query_one("#sectors", CountTable).focus()
            return
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
            return
        if self.drill is not None:
            self._leave_drill()
            self.refresh_views()
            return
        self.app.clear_notifications()

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
            self.app.push_screen(ProblemsScreen(self.query_engine.index.problems))

    def system_commands(self) -> Iterator[SystemCommand]:
        """The command palette's entries over the dashboard: one per key of the screen (run
        here), then the panels' own keys (sort, pages)."""
        bindings = [b for b in self.BINDINGS if isinstance(b, Binding)]
        yield from binding_commands(self.app, bindings, self)
        yield from panel_commands(self.app)

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
            article_source(self.query_engine, self.filters, self.drill),
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
        self.app.call_from_thread(self.app.push_screen, screen)

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
        self.app.push_screen(ExportScreen(name, proposal, write), written)
