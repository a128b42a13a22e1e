"""Going back from a drill-down or the article view puts the focus back where it was."""

from __future__ import annotations

import pytest
from textual.coordinate import Coordinate

from tests.ui.conftest import settle
from tui.ui.app import CampaignApp
from tui.ui.screens.article import ArticleScreen
from tui.ui.widgets.tables import ArticleTable, CountTable

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("table_id", ["sectors", "regions"])
async def test_leaving_a_drill_down_returns_to_its_cell(app: CampaignApp, table_id: str) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one(f"#{table_id}", CountTable)
        table.focus()
        table.move_cursor(row=1, column=2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.dashboard.drill is not None
        assert isinstance(app.focused, ArticleTable)
        await pilot.press("escape")
        await settle(pilot)
        assert app.dashboard.drill is None
        assert app.focused is table
        assert table.cursor_coordinate == Coordinate(1, 2)


async def test_leaving_a_drill_down_from_another_panel_returns_to_its_cell(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#regions", CountTable)
        table.focus()
        table.move_cursor(row=2, column=1)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")  # on to another panel while drilled
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table and table.cursor_coordinate == Coordinate(2, 1)


async def test_closing_an_article_returns_to_its_row(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        table.move_cursor(row=0, column=0)  # socialist emulation, any sector
        await pilot.press("enter")
        await settle(pilot)
        articles = app.query_one("#articles", ArticleTable)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is articles and articles.cursor_row == 1
        assert app.dashboard.drill is not None  # the article closed; the drill-down is still there
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table and table.cursor_coordinate == Coordinate(0, 0)
