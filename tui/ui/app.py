"""The dashboard: its layout and keys, and the flow of a keypress through it.

The app is put together from one mixin per concern, each in a module of its own:
:class:`~tui.ui.filter_actions.FilterActions` (the filter keys, undo/redo),
:class:`~tui.ui.views.ViewsPipeline` (a filter change → tables, plots, article list),
:class:`~tui.ui.corpus.CorpusActions` (indexing, watching the corpus) and
:class:`~tui.ui.rise.RiseActions` (Rising, map, compare). The keys are a table in
tui/ui/bindings.py; the filter bar's and titles' words are in tui/ui/titles.py. What stays
here: the widgets, the drill-down and the article view, export, the command palette.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, Label, ProgressBar, Static

from tui.core.export import export_view
from tui.core.history import FilterHistory
from tui.core.memory import hand_back_large_blocks
from tui.core.models import ExportRequest, FilterState, LabelKind, View
from tui.core.query import TOTAL, Query
from tui.core.search import SYNTAX_HELP
from tui.core.series import SeriesChoice
from tui.core.session import Settings
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy
from tui.core.watch import CorpusWatcher
from tui.ui.bindings import DASHBOARD_ACTIONS, DASHBOARD_BINDINGS
from tui.ui.commands import panel_commands
from tui.ui.corpus import CorpusActions, preload
from tui.ui.filter_actions import FilterActions
from tui.ui.messages import IndexReady, PlotsReady, TablesReady, ViewData, ViewsReady
from tui.ui.rise import RiseActions
from tui.ui.screens.article import ArticleList, ArticleScreen, article_meta
from tui.ui.screens.dialogs import ExportScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.text import clean, plain
from tui.ui.titles import Drill
from tui.ui.views import ARTICLE_PAGE, Generations, ViewsPipeline, article_source
from tui.ui.widgets.compare_panel import ComparePanel
from tui.ui.widgets.footer import KeyFooter
from tui.ui.widgets.plots import BarPlot, TimelinePlot
from tui.ui.widgets.region_map import RegionMap
from tui.ui.widgets.rising_panel import RisingPanel
from tui.ui.widgets.tables import ArticleTable, CountTable

__all__ = ["ARTICLE_PAGE", "NARROW_WIDTH", "CampaignApp", "Drill"]

NARROW_WIDTH = 120


class CampaignApp(FilterActions, ViewsPipeline, CorpusActions, RiseActions, App[None]):
    """campaign-tui: theme × sector/region counts, timelines and the articles behind them."""

    CSS_PATH = "app.tcss"
    TITLE = "campaign-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = DASHBOARD_BINDINGS

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
        self.view_generations = Generations()
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
        self._preload: Future[Query | None] | None = preload(self.settings, self.taxonomy)

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

    # -- the pipelines' messages ----------------------------------------------------------
    # Defined here, on the app's own class, and nowhere else: Textual calls the handler of
    # every class in the MRO, so a wrapper put on CampaignApp (tui/bench.py times these)
    # replaces the handler instead of running beside a mixin's.

    def refresh_views(self) -> None:
        """Recompute every panel for the current filters, off the event loop: the views
        pipeline (tables, plots, article list) and the Rising panels'."""
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The dashboard's keys act on the dashboard only: over the article view or another
        screen they are neither shown in the footer nor run behind the user's back. A dialog
        over the dashboard takes its keys as text anyway, and leaving the footer as it is
        spares rebuilding it when the dialog closes."""
        elsewhere = len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen)
        return not (elsewhere and action in DASHBOARD_ACTIONS)

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
