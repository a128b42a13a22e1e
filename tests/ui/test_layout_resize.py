"""The layout (wide with the plots, or narrow) follows the terminal's size on every resize."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle
from tui.ui.app import NARROW_WIDTH, CampaignApp
from tui.ui.widgets.plots import TimelinePlot
from tui.ui.widgets.tables import ArticleTable

pytestmark = pytest.mark.asyncio


def dashboard_is_narrow(app: CampaignApp) -> bool:
    return app.screen_stack[0].has_class("narrow")


def plots_shown(app: CampaignApp) -> bool:
    plots = app.query_one("#plots")
    return plots.display and plots.size.width > 0


async def test_every_resize_lays_the_dashboard_out_for_the_new_size(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not dashboard_is_narrow(app) and plots_shown(app)
        for width, narrow in (
            (100, True),
            (NARROW_WIDTH + 1, False),
            (NARROW_WIDTH - 1, True),
            (NARROW_WIDTH, False),
            (101, True),
            (160, False),
            (80, True),
        ):
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            assert dashboard_is_narrow(app) is narrow, width
            assert plots_shown(app) is not narrow, width
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        timeline = app.query_one("#timeline", TimelinePlot)
        # The plots are drawn again at the wide size, not left empty.
        assert timeline.size.width > 40
        assert any(timeline.render_line(y).text.strip() for y in range(timeline.size.height))


async def test_a_resize_under_a_dialog_lays_out_the_dashboard_beneath(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert dashboard_is_narrow(app) and not plots_shown(app)


@pytest.mark.parametrize("attempt", range(4))
async def test_the_article_list_refits_when_the_help_panel_narrows_it(
    app: CampaignApp, attempt: int
) -> None:
    """Textual does not always send the list a Resize when the help docks beside it: its title
    column must still shrink, or the columns after it are pushed out of view."""
    del attempt  # the missed Resize came about one run in three: several runs
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleTable)
        wide = articles.ordered_columns[1].width
        await pilot.press("question_mark")
        await settle(pilot)
        assert articles.size.width < 160
        title = articles.ordered_columns[1].width
        # As wide as the list's new width leaves it (at least 24), not as it was.
        assert title < wide and title == articles._title_width()
