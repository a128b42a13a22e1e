"""The app: the composition root of the dashboard, and the keys that work on every screen.

:class:`CampaignApp` reads the settings and the taxonomy, starts opening the corpus's snapshot
while Textual starts up, and makes the dashboard (:class:`~tui.ui.screens.dashboard
.DashboardScreen`, in tui/ui/screens/dashboard.py) its first screen. What it keeps: the
app-wide keys (help, quit; the command palette lists them and, over the dashboard, every
key of the dashboard), and the terminal's width, told to the dashboard also when a dialog
covers it.
Everything the dashboard does — its keys, the views pipeline, filter history, indexing and
watching the corpus — is the screen's.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.core.memory import hand_back_large_blocks
from tui.core.models import FilterState
from tui.core.query import Query
from tui.core.session import Settings
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy
from tui.ui.bindings import APP_BINDINGS
from tui.ui.commands import binding_commands
from tui.ui.corpus import preload
from tui.ui.gc_pacing import STARTING_AT_MOST_S, GcPacer
from tui.ui.screens.dashboard import NARROW_WIDTH, DashboardScreen
from tui.ui.titles import Drill
from tui.ui.views import ARTICLE_PAGE

__all__ = ["ARTICLE_PAGE", "NARROW_WIDTH", "CampaignApp", "Drill"]


class CampaignApp(App[None]):
    """campaign-tui: theme × sector/region counts, timelines and the articles behind them."""

    CSS_PATH = "app.tcss"
    TITLE = "campaign-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

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
        """The settings it started with (the dashboard's copy follows a change of scope)."""
        self.taxonomy: LoadedTaxonomy = load_taxonomy(self.settings.taxonomy)
        self._watch = watch
        # The filters the dashboard opens with (`campaign-tui CORPUS --theme ...`); the period is
        # chosen from the corpus's span unless one was given.
        self.start_filters = filters or FilterState()
        self._auto_period = auto_period
        self._dashboard: DashboardScreen | None = None
        # An unchanged corpus opens from its snapshot while Textual is still starting up.
        self._preload: Future[Query | None] | None = preload(self.settings, self.taxonomy)
        self.gc_pacer = GcPacer()
        """The garbage collector's full passes, made while the user is idle."""

    def on_mount(self) -> None:
        self.set_interval(0.5, self.gc_pacer.tick)
        self.set_timer(STARTING_AT_MOST_S, self.gc_pacer.start_over)

    def on_unmount(self) -> None:
        self.gc_pacer.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.gc_pacer.touched()
        await super().on_event(event)

    def get_default_screen(self) -> DashboardScreen:
        """The dashboard is the first screen: every other one is opened over it."""
        # Handed over, not kept: the dashboard lets the snapshot's index go when a newer
        # one replaces it, and a reference here would hold it for the app's lifetime.
        preloaded, self._preload = self._preload, None
        self._dashboard = DashboardScreen(
            self.settings,
            self.taxonomy,
            preloaded,
            filters=self.start_filters,
            auto_period=self._auto_period,
            watch=self._watch,
        )
        return self._dashboard

    @property
    def dashboard(self) -> DashboardScreen:
        """The dashboard screen (also when a dialog or the article view is over it)."""
        if self._dashboard is None:
            raise RuntimeError("the app has not composed its dashboard yet")
        return self._dashboard

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: this handler runs before App's own, so self.size is still the
        # size before the resize here. Told to the dashboard also when it is not the screen
        # on top (a screen gets Resize events only while it is).
        self.dashboard.apply_width(event.size.width)

    # -- keys on every screen -------------------------------------------------------------

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        bindings = [b for b in self.BINDINGS if isinstance(b, Binding)]
        yield from binding_commands(self, bindings, self)
        if screen is self._dashboard:
            yield from self._dashboard.system_commands()
