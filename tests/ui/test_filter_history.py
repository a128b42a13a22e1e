"""`esc` only backs out; undo (`u`, ctrl+z) and redo (ctrl+y) say what they changed."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Footer

from tests.ui.conftest import settle
from tui.core.models import FilterState, Measure
from tui.ui.app import CampaignApp

pytestmark = pytest.mark.asyncio


def messages(app: CampaignApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_escape_never_undoes_a_filter(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("s", "c", "o", "a", "l", "enter")
        await settle(pilot)
        await pilot.press("m", "n")
        await settle(pilot)
        chosen = app.dashboard.filters
        assert chosen.sectors == ("coal_mining",) and chosen.share
        app.notify("something to dismiss")
        for _ in range(4):
            await pilot.press("escape")
            await settle(pilot)
        assert app.dashboard.filters == chosen
        assert messages(app) == []  # esc dismissed the message instead


async def test_undo_and_redo_name_what_they_changed(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        start = app.dashboard.filters
        await pilot.press("s", "c", "o", "a", "l", "enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.dashboard.filters.measure is Measure.articles
        assert app.dashboard.filters.sectors == ("coal_mining",)
        assert messages(app)[-1] == "Undo: measure mentions → articles"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.dashboard.filters == start
        assert messages(app)[-1] == "Undo: sector Coal mining removed"
        await pilot.press("u")
        await settle(pilot)
        assert app.dashboard.filters == start
        assert messages(app)[-1] == "Nothing to undo"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.dashboard.filters.sectors == ("coal_mining",)
        assert messages(app)[-1] == "Redo: sector Coal mining added"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.dashboard.filters.measure is Measure.mentions
        assert app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 2


async def test_a_search_typed_at_one_go_is_undone_at_once(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "S", "t", "e", "e", "l", "enter")
        await settle(pilot)
        assert app.dashboard.filters.search == "Steel"
        await pilot.press("u")
        await settle(pilot)
        assert app.dashboard.filters.search == ""
        assert messages(app)[-1] == 'Undo: search "Steel" → none'


async def test_reset_is_undone_in_one_step(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m", "n")
        await settle(pilot)
        chosen = app.dashboard.filters
        await pilot.press("r")
        await settle(pilot)
        assert app.dashboard.filters == FilterState(period=chosen.period)
        await pilot.press("u")
        await settle(pilot)
        assert app.dashboard.filters == chosen


async def test_undo_and_redo_are_in_the_footer_help_and_palette(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey, FooterLabel"))
        assert "u ^y Undo/redo" in " ".join(shown.split())
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Undo (u, ctrl+z)" in titles and "Redo (ctrl+y)" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=300, record=True, file=io.StringIO())
        console.print(app.screen.query_one("BindingsTable").render())
        help_text = console.export_text()
        assert "u ^z Undo" in " ".join(help_text.split())
        assert "Undo the last filter change" in help_text
        assert "never changes a filter" in help_text
        await pilot.press("escape")  # esc closes the help too
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_escape_in_the_search_box_puts_back_the_search_it_opened_with(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "S", "t", "e", "e", "l", "enter")
        await settle(pilot)
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace", "escape")
        await settle(pilot)
        assert app.dashboard.filters.search == "Steel"
        assert app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 1
        await pilot.press("u")  # the cancelled edit left no step of its own
        await settle(pilot)
        assert app.dashboard.filters.search == ""


async def test_escape_pressed_by_reflex_right_after_enter_keeps_the_search(
    app: CampaignApp,
) -> None:
    """Enter keeps the search, at once: an esc typed right behind it (before the box's
    submission is handled) backs out of nothing and must not put back the old search."""
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "S", "t", "e", "e", "l")
        # Posted at one go, as a fast typist's keys arrive (Pilot waits between its keys).
        for key in ("enter", "escape", "escape"):
            app.post_message(events.Key(key, None))
        await settle(pilot)
        assert app.dashboard.filters.search == "Steel"
        assert not app.dashboard.query_one("#search").display
