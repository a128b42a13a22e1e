"""The count tables keep their Theme column in view and the cursor's cell whole, however far
they scroll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import settle
from tui.core.session import Settings
from tui.ui.app import CampaignApp
from tui.ui.widgets.tables import CountTable

pytestmark = pytest.mark.asyncio


@pytest.fixture
def wide_app(corpus_dir: Path, tmp_path: Path) -> CampaignApp:
    """The project's own taxonomy: 16 sectors and 14 regions, more columns than fit."""
    return CampaignApp(Settings(paths=(corpus_dir,), cache_dir=tmp_path / "cache"), watch=False)


def line(table: CountTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
@pytest.mark.parametrize("table_id", ["sectors", "regions"])
async def test_scrolling_right_keeps_the_theme_column_and_the_whole_cursor_cell(
    wide_app: CampaignApp, size: tuple[int, int], table_id: str
) -> None:
    app = wide_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.query_one(f"#{table_id}", CountTable)
        table.focus()
        assert len(table.columns) > 10
        for _ in range(len(table.columns) + 1):
            await pilot.press("right")
            await pilot.pause()
            column = table.ordered_columns[table.cursor_column]
            header = line(table, 0)
            # The frozen label column, then the cursor's column with its whole header.
            assert header.startswith(" Theme ")
            assert str(column.label).strip() in header
            theme = str(table.get_cell_at(table.cursor_coordinate._replace(column=0)))
            value = str(table.get_cell_at(table.cursor_coordinate)).strip()
            row = line(table, 1 + table.cursor_row - int(table.scroll_y))
            assert row.startswith(" " + theme[:10])
            assert value in row
        assert table.cursor_column == len(table.columns) - 1
