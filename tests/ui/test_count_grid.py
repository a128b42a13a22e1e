"""The count grid as a user meets it: whole columns beside the frozen one, shares of what the
screen says, shades with a legend, the mouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.coordinate import Coordinate

from tests.ui.conftest import settle
from tui.core.models import Measure, ShareBasis
from tui.core.session import Settings
from tui.core.shares import theme_shares
from tui.ui.app import CampaignApp
from tui.ui.widgets.count_grid import LABEL_WIDTH, PADDING
from tui.ui.widgets.tables import CountTable

pytestmark = pytest.mark.asyncio


@pytest.fixture
def wide_app(corpus_dir: Path, tmp_path: Path) -> CampaignApp:
    """The project's own taxonomy: 16 sectors and 14 regions, more columns than fit."""
    return CampaignApp(Settings(paths=(corpus_dir,), cache_dir=tmp_path / "cache"), watch=False)


def line(table: CountTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


def title(app: CampaignApp, name: str) -> str:
    return str(app.query_one(f"#{name}-title").render())


@pytest.mark.parametrize("size", [(160, 48), (120, 40), (80, 24)], ids=["160", "120", "80"])
async def test_no_column_is_drawn_cut_at_either_edge(
    wide_app: CampaignApp, size: tuple[int, int]
) -> None:
    """Beside the frozen Theme column, a column scrolled half out of view read as a
    different name ("h Hamgy…"): every header drawn is a whole header."""
    app = wide_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for table_id in ("sectors", "regions"):
            table = app.query_one(f"#{table_id}", CountTable)
            table.focus()
            headers = {str(c.label) for c in table.ordered_columns[1:]}
            for _ in range(len(table.columns)):
                await pilot.press("right")
                await pilot.pause()
                body = line(table, 0)[LABEL_WIDTH + 2 * PADDING :]
                shown = [part for part in re.split(r"\s{2,}", body.strip()) if part]
                assert shown, body
                assert set(shown) <= headers, (shown, body)
                # Each whole header is where its column's numbers are: right-aligned alike.
                assert len(body.rstrip()) <= table.scrollable_content_region.width


async def test_the_grid_gives_its_edge_to_numbers_not_a_scrollbar(app: CampaignApp) -> None:
    """A scrollbar at the grid's right edge stood next to the bar chart's labels and read as
    part of the chart; the header says instead which rows are in view."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for table in app.query(CountTable):
            assert table.scrollable_content_region.width == table.region.width
            assert table.scrollable_content_region.height == table.region.height


async def test_percent_key_cycles_what_a_share_is_of(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        assert "Values raw" in str(app.query_one("#filter-bar").render())
        assert app.dashboard.query_engine is not None
        expected_titles = {
            ShareBasis.all: "% of all articles",
            ShareBasis.column: "% within each sector",
            ShareBasis.row: "% of each theme's total",
        }
        expected_bar = {
            ShareBasis.all: "% of all",
            ShareBasis.column: "% of column",
            ShareBasis.row: "% of row",
        }
        for basis in (ShareBasis.all, ShareBasis.column, ShareBasis.row, ShareBasis.all):
            await pilot.press("percent_sign")
            await settle(pilot)
            assert app.dashboard.filters.share and app.dashboard.filters.share_basis is basis
            assert expected_titles[basis] in title(app, "sectors")
            assert f"Values {expected_bar[basis]}" in str(app.query_one("#filter-bar").render())
            shares = theme_shares(app.dashboard.query_engine, "sector", app.dashboard.filters)
            value = shares.loc["socialist_emulation", "coal_mining"]
            assert table.get_cell("socialist_emulation", "coal_mining") == f"{value * 100:.1f}%"
        # a1 and a5 are the coal mining articles; a1 alone is an emulation drive.
        await pilot.press("percent_sign")
        await settle(pilot)
        assert table.get_cell("socialist_emulation", "coal_mining") == "50.0%"
        await pilot.press("n")  # shares off: counts, whatever the basis
        await settle(pilot)
        assert table.get_cell("socialist_emulation", "coal_mining") == "1"
        assert "%" not in title(app, "sectors")


async def test_mentions_over_articles_is_a_rate_not_a_percentage(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m", "n")
        await settle(pilot)
        assert app.dashboard.filters.measure is Measure.mentions and app.dashboard.filters.share
        assert "mentions per 100 articles" in title(app, "sectors")
        table = app.query_one("#sectors", CountTable)
        assert not any("%" in cell for cell in table.get_row_at(0)[1:])


async def test_h_toggles_heat_shading_and_its_legend(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        table.move_cursor(row=0, column=0)  # the cursor's own colour is not a shade

        def backgrounds() -> set[object]:
            strip = table.render_line(1 + 1)  # the second theme row: no cursor on it
            return {segment.style.bgcolor for segment in strip if segment.text.strip()}

        assert table.heat
        assert "shade" in title(app, "sectors")
        shaded = backgrounds()
        assert len(shaded) > 1  # zero cells plain, counted cells shaded
        await pilot.press("h")
        await pilot.pause()
        assert not table.heat
        assert "shade" not in title(app, "sectors")
        assert len(backgrounds()) == 1
        await pilot.press("h")
        await pilot.pause()
        assert backgrounds() == shaded


async def test_click_moves_the_cursor_and_a_second_click_drills(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        x = LABEL_WIDTH + 2 * PADDING + table.ordered_columns[1].width  # first number column
        await pilot.click(table, offset=(x, 1))
        await pilot.pause()
        assert table.cursor_coordinate == Coordinate(0, 1)
        await pilot.click(table, offset=(x, 1))
        await settle(pilot)
        assert (
            app.dashboard.drill is not None
            and app.dashboard.drill.theme == table.cell_at_cursor()[0]
        )  # type: ignore[index]
