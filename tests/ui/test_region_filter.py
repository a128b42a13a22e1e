"""A city chosen in the region picker is shown and exported as the city, not its province."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.ui.conftest import settle
from tui.ui.app import CampaignApp
from tui.ui.widgets.tables import CountTable

pytestmark = pytest.mark.asyncio


async def test_a_city_filter_is_labelled_as_the_city(app: CampaignApp, tmp_path: Path) -> None:
    target = tmp_path / "regions.csv"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("p", *"hamhung", "enter")
        await settle(pilot)
        assert app.dashboard.filters.regions == ("hamhung",)
        table = app.query_one("#regions", CountTable)
        assert [str(c.value) for c in table.columns] == ["theme", "hamhung", "total"]
        header = [str(c.label).strip() for c in table.columns.values()]
        assert header == ["Theme", "Hamhung", "Total"]
        assert str(table.get_cell("socialist_emulation", "hamhung")) == "1"
        table.focus()
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == ["theme", "hamhung", "total"]


async def test_a_sorted_column_that_a_filter_takes_away_leaves_the_table_working(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#regions", CountTable)
        table.focus()
        table.move_cursor(row=0, column=2)  # South Hamgyong
        await pilot.press("o")
        await settle(pilot)
        assert table.sort_key == "-south_hamgyong"
        await pilot.press("p", *"hamhung", "enter")
        await settle(pilot)
        assert app.dashboard.shown_generation == app.dashboard.generation
        assert [str(c.value) for c in table.columns] == ["theme", "hamhung", "total"]
        assert table.sort_key is None
