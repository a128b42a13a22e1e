"""The Rising list, the comparison and the province map as a user drives them with keys.

The corpus has a planted surge (tests/core/test_rising.py): the 80-day campaign in North
Hamgyong, 2 articles a month for a year, then 14 in January 2024.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_cli, write_corpus
from tests.core.test_rising import planted_corpus
from tests.ui.conftest import make_app, settle
from tui.core.models import View
from tui.ui.app import CampaignApp
from tui.ui.widgets.compare_panel import CompareTable
from tui.ui.widgets.region_map import RegionMap
from tui.ui.widgets.rising_panel import RisingTable
from tui.ui.widgets.tables import ArticleTable, CountTable

PLANTED = ("speed_campaign", "north_hamgyong", "region")


@pytest.fixture
def planted_dir(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "planted", planted_corpus())


@pytest.fixture
def planted_app(planted_dir: Path, tmp_path: Path) -> CampaignApp:
    return make_app(planted_dir, tmp_path / "cache")


async def test_rising_panel_lists_the_planted_cell_first_and_the_table_marks_it(
    planted_app: CampaignApp,
):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not planted_app.query_one("#rising").display
        await pilot.press("R")
        await settle(pilot)
        assert planted_app.query_one("#rising").display
        assert not planted_app.query_one("#timeline").display
        table = planted_app.query_one(RisingTable)
        assert table.has_focus
        assert table.cells[0] == PLANTED
        # The trap (1 article, then 3) is listed but not marked.
        trap = table.cells.index(("socialist_emulation", "pyongyang", "region"))
        assert str(table.get_row_at(trap)[0]) == ""
        assert str(table.get_row_at(0)[0]) == "▲"
        rule = str(planted_app.query_one("#rising-rule").render())
        assert "2024-01 against the 8 months before (2023-05-01 – 2023-12-31)" in rule
        regions = planted_app.query_one("#regions", CountTable)
        assert regions.marks == {("speed_campaign", "north_hamgyong")}
        assert str(regions.get_cell("speed_campaign", "north_hamgyong")).endswith(" ▲")
        assert not str(regions.get_cell("socialist_emulation", "pyongyang")).endswith("▲")
        legend = str(planted_app.query_one("#rise-legend").render())
        assert legend.startswith("▲ rose in 2024-01 against the 8 months before")
        await pilot.press("R")
        await settle(pilot)
        assert planted_app.query_one("#timeline").display
        assert not planted_app.query_one("#rising").display


async def test_enter_on_a_rising_row_lists_the_articles_of_that_period_behind_it(
    planted_app: CampaignApp,
):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        f = planted_app.dashboard.filters
        assert (f.date_from, f.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
        articles = planted_app.query_one(ArticleTable)
        assert articles.has_focus
        assert articles.row_total == 14
        frame = (
            planted_app.dashboard.last_data.articles if planted_app.dashboard.last_data else None
        )
        assert frame is not None and len(frame) == 14
        assert all(str(d).startswith("2024-01") for d in frame["date"])
        assert all("speed_campaign" in t for t in frame["themes"])
        assert all("north_hamgyong" in r for r in frame["regions"])
        # u puts the date range back; esc leaves the drill-down.
        await pilot.press("escape", "u")
        await settle(pilot)
        assert planted_app.dashboard.drill is None
        assert planted_app.dashboard.filters.date_from is None


async def test_compare_shows_the_exports_numbers_sorted_by_change(
    planted_app: CampaignApp,
    planted_dir: Path,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("C")  # no dates yet: A becomes the last month, B a year before
        await settle(pilot)
        f = planted_app.dashboard.filters
        assert (f.date_from, f.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
        assert not planted_app.query_one("#sectors").display
        table = planted_app.query_one(CompareTable)
        assert table.has_focus
        await pilot.press("x")  # by region
        await settle(pilot)
        shown = table.rows_shown
        title = str(planted_app.query_one("#compare-title").render())
        assert "B 2023-01-01 – 2023-01-31" in title
    code, out, err = run_cli(
        capsysbinary,
        [
            "export",
            str(planted_dir),
            "--taxonomy",
            str(FIXTURES / "mini_taxonomy.toml"),
            "--cache-dir",
            str(tmp_path / "c"),
            "--view",
            "theme-by-region",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--compare-from",
            "2023-01-01",
            "--compare-to",
            "2023-01-31",
            "--sort",
            "-change",
        ],
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    assert len(rows) == len(shown)
    for row, (theme, label, a, b, change, _pct) in zip(rows, shown, strict=True):
        assert (row["theme"], row["region"]) == (theme, label)
        assert (int(row["a"]), int(row["b"]), int(row["change"])) == (a, b, change)
    assert ("speed_campaign", "north_hamgyong", 14.0, 2.0, 12.0, 600.0) in shown


async def test_compare_sorts_by_the_cursors_column(planted_app: CampaignApp):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        table = planted_app.query_one(CompareTable)
        changes = [row[4] for row in table.rows_shown]
        assert changes == sorted(changes, reverse=True)  # by change, largest first
        table.move_cursor(column=2)  # A
        await pilot.press("o")
        await settle(pilot)
        a = [row[2] for row in table.rows_shown]
        assert a == sorted(a, reverse=True)


async def test_map_toggles_in_place_of_the_plots_and_follows_a_filter(
    planted_app: CampaignApp,
):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        regions = planted_app.query_one("#regions", CountTable)
        regions.focus()
        regions.move_cursor(row=regions.get_row_index("speed_campaign"), column=1)
        await pilot.press("M")
        await settle(pilot)
        region_map = planted_app.query_one(RegionMap)
        assert region_map.display and not planted_app.query_one("#timeline").display
        data = region_map.data
        assert data is not None
        assert data.title.startswith(planted_app.taxonomy.name("speed_campaign"))
        everything = planted_app.dashboard.query_engine.theme_by(
            "region", planted_app.dashboard.filters
        )  # type: ignore[union-attr]
        assert data.values["north_hamgyong"] == everything.loc["speed_campaign", "north_hamgyong"]
        assert "north_hamgyong" in data.rising
        # A filter (the last month) changes the map's numbers to that month's.
        month = planted_app.dashboard.filters.model_copy(
            update={"date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 1, 31)}
        )
        planted_app.dashboard.set_filters(month)
        await settle(pilot)
        data = region_map.data
        assert data is not None and data.values["north_hamgyong"] == 14
        assert "Hamgyong" in str(region_map.render())
        await pilot.press("M")  # shaded by rise
        await settle(pilot)
        assert region_map.data is not None and "rise score" in region_map.data.title
        await pilot.press("M")  # back to the plots
        await settle(pilot)
        assert not region_map.display and planted_app.query_one("#timeline").display


async def test_on_a_narrow_terminal_the_panels_take_the_screen(planted_app: CampaignApp):
    async with planted_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert planted_app.query_one("#rising").display
        assert not planted_app.query_one("#tables").display
        await pilot.press("R")
        await settle(pilot)
        assert planted_app.query_one("#tables").display


async def test_the_panels_numbers_are_worked_out_off_the_event_loop(
    planted_app: CampaignApp, monkeypatch: pytest.MonkeyPatch
):
    import threading

    from tui.ui import rise

    threads: list[threading.Thread] = []
    original = rise.compute

    def recording(query: Any, request: Any) -> Any:
        threads.append(threading.current_thread())
        return original(query, request)

    monkeypatch.setattr(rise, "compute", recording)
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("R", "C")
        await settle(pilot)
    assert threads and all(t is not threading.main_thread() for t in threads)


async def test_e_on_the_rising_list_or_the_comparison_exports_that_view(
    planted_app: CampaignApp,
):
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        request, name = planted_app.dashboard._focused_request()
        assert request.view is View.rising and request.baseline == 8 and name == "Rising list"
        await pilot.press("C")
        await settle(pilot)
        request, _ = planted_app.dashboard._focused_request()
        assert request.view is View.theme_by_sector
        assert (request.compare_from, request.compare_to) == (
            dt.date(2023, 1, 1),
            dt.date(2023, 1, 31),
        )
        assert request.sort == "-change"


def test_the_screenshot_command_draws_the_map(
    planted_dir: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
):
    out = tmp_path / "map.svg"
    code, _, err = run_cli(
        capsysbinary,
        [
            "screenshot",
            str(planted_dir),
            "--taxonomy",
            str(FIXTURES / "mini_taxonomy.toml"),
            "--cache-dir",
            str(tmp_path / "c"),
            "--view",
            "map",
            "--size",
            "160x48",
            "-o",
            str(out),
        ],
    )
    assert code == 0, err
    svg = out.read_text(encoding="utf-8")
    # Textual's SVG writes spaces as &#160;.
    assert "National&#160;(country-wide&#160;scope)" in svg
    assert "Open&#160;Admin&#160;Data" in svg


async def test_while_comparing_only_the_comparison_is_worked_out_and_closing_brings_the_rest(
    planted_app: CampaignApp,
):
    """A filter changed while comparing: the comparison first and alone, then the plots and
    the list; closing it, the hidden ▲ marks and Rising list follow the filters as well."""
    async with planted_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dashboard = planted_app.dashboard
        await pilot.press("C")
        await settle(pilot)
        before = dashboard.view_generations.current
        await pilot.press("left_square_bracket")  # A one month back: December 2023
        await settle(pilot)
        result = dashboard.rise_result
        assert result is not None and result.compare_only
        assert result.filters == dashboard.filters and not dashboard.views_waiting
        # The plots and the list were asked for after the comparison: a second request
        # (the first was the start's), shown.
        generations = dashboard.view_generations
        assert generations.current == before + 1
        assert generations.shown("plots") == generations.current
        assert dashboard.last_data is not None
        assert generations.shown("tables") == generations.current
        await pilot.press("C")
        await settle(pilot)
        result = dashboard.rise_result
        assert result is not None and not result.compare_only
        assert result.filters == dashboard.filters
        marks = planted_app.query_one("#regions", CountTable).marks
        flagged = result.rising[result.rising["rising"].astype(bool)]
        expected = {
            (t, label)
            for t, k, label in zip(flagged["theme"], flagged["kind"], flagged["label"], strict=True)
            if k == "region"
        }
        assert marks == expected
        await pilot.press("R")
        await settle(pilot)
        assert planted_app.query_one(RisingTable).row_count == min(len(result.rising), 50)
