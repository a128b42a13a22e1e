"""Keyboard flows through the real dashboard (Textual Pilot)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref
from pathlib import Path

import pytest

from tests.conftest import STORIES
from tests.ui.conftest import make_app, settle
from tui.core.export import to_csv_bytes, view_frame
from tui.core.index import CorpusIndex
from tui.core.models import ExportRequest, FilterState, Measure, View
from tui.ui.app import CampaignApp
from tui.ui.messages import IndexReady
from tui.ui.screens.article import ArticleScreen
from tui.ui.screens.dashboard import DashboardScreen
from tui.ui.screens.picker import PickerScreen
from tui.ui.widgets.tables import ArticleTable, CountTable

pytestmark = pytest.mark.asyncio


def cell(app: CampaignApp, table_id: str, row: str, column: str) -> str:
    table = app.query_one(f"#{table_id}", CountTable)
    return str(table.get_cell(row, column))


def articles_total(app: CampaignApp) -> int:
    assert app.dashboard.last_data is not None
    return app.dashboard.last_data.articles_total


async def test_opens_with_numbers_and_focus_on_sector_table(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, CountTable) and app.focused.id == "sectors"
        # a1 and a2 both pair socialist emulation with coal mining / metallurgy.
        assert cell(app, "sectors", "socialist_emulation", "coal_mining") == "1"
        assert cell(app, "sectors", "socialist_emulation", "total") == "2"
        assert cell(app, "regions", "socialist_emulation", "south_hamgyong") == "2"
        assert articles_total(app) == 5  # six stories, one duplicate body
        assert "1 duplicate ·" in app.sub_title


async def test_sector_picker_type_to_filter_and_enter(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("c", "o", "a", "l", "enter")
        await settle(pilot)
        assert app.dashboard.filters.sectors == ("coal_mining",)
        table = app.query_one("#sectors", CountTable)
        assert [str(c.value) for c in table.columns] == ["theme", "coal_mining", "total"]
        assert articles_total(app) == 2  # a1 and the undated a5


async def test_region_picker_marks_several_with_tab(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        # Regions list provinces with their cities below them: pyongyang, south_hamgyong,
        # hamhung, north_hamgyong, kimchaek, national. Tab marks and moves down.
        await pilot.press("tab", "down", "down", "tab", "enter")
        await settle(pilot)
        assert app.dashboard.filters.regions == ("pyongyang", "north_hamgyong")
        assert articles_total(app) == 2  # a5 in Pyongyang, a2 in Kimchaek (North Hamgyong)


async def test_theme_picker_and_u_undoes_the_last_filter(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("t", "s", "p", "e", "e", "d", "enter")
        await settle(pilot)
        assert app.dashboard.filters.themes == ("speed_campaign",)
        assert articles_total(app) == 1
        await pilot.press("u")
        await settle(pilot)
        assert app.dashboard.filters.themes == ()
        assert articles_total(app) == 5


async def test_date_range_dialog_and_period_moves(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        from_input = app.screen.query_one("#date-from")
        from_input.value = "2024-01-01"  # type: ignore[attr-defined]
        to_input = app.screen.query_one("#date-to")
        to_input.value = "2024-01-31"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert (app.dashboard.filters.date_from, app.dashboard.filters.date_to) == (
            dt.date(2024, 1, 1),
            dt.date(2024, 1, 31),
        )
        assert articles_total(app) == 2
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (app.dashboard.filters.date_from, app.dashboard.filters.date_to) == (
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
        )
        assert articles_total(app) == 1
        await pilot.press("g")  # month -> quarter: the period changes, the range does not
        await settle(pilot)
        assert app.dashboard.filters.period.value == "quarter"
        assert (app.dashboard.filters.date_from, app.dashboard.filters.date_to) == (
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
        )
        await pilot.press("left_square_bracket")  # 2023-Q4 has no articles: refused
        await settle(pilot)
        assert app.dashboard.filters.date_from == dt.date(2024, 2, 1)
        assert articles_total(app) == 1


async def test_search_filters_as_you_type(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "S", "t", "e", "e", "l")
        await settle(pilot)
        assert app.dashboard.filters.search == "Steel"
        assert articles_total(app) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.query_one("#sectors")
        assert app.dashboard.filters.search == "Steel"


async def test_measure_share_and_reset(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.dashboard.filters.measure is Measure.mentions
        # a1 mentions emulation twice (title and body): mentions count 2 in that cell.
        assert cell(app, "sectors", "socialist_emulation", "coal_mining") == "2"
        await pilot.press("n")
        await settle(pilot)
        assert app.dashboard.filters.share
        # Mentions ÷ articles is a rate (2 mentions over 5 articles), not a share: no %.
        assert cell(app, "sectors", "socialist_emulation", "coal_mining") == "40.0"
        await pilot.press("m")
        await settle(pilot)
        assert cell(app, "sectors", "socialist_emulation", "coal_mining").endswith("%")
        await pilot.press("r")
        await settle(pilot)
        assert app.dashboard.filters == FilterState()


async def test_enter_on_cell_drills_to_its_articles_and_opens_one(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        table.move_cursor(row=0, column=2)  # socialist emulation × metallurgy
        await pilot.press("enter")
        await settle(pilot)
        assert app.dashboard.drill is not None and app.dashboard.drill.other == "metallurgy"
        assert articles_total(app) == 1
        assert isinstance(app.focused, ArticleTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        labels = set(app.screen.mentions["label"])
        assert {"metallurgy", "kimchaek", "socialist_emulation"} <= labels
        assert "The steel complex in Kimchaek" in app.screen.text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")  # undrill
        await settle(pilot)
        assert app.dashboard.drill is None and articles_total(app) == 5


async def test_export_writes_the_focused_view_like_the_headless_export(
    app: CampaignApp, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "view.csv"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("s", "c", "o", "a", "l", "enter")
        await settle(pilot)
        await pilot.press("tab")  # the theme × region table
        await pilot.press("e")
        field = app.screen.query_one("#export-path")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        request = ExportRequest(view=View.theme_by_region, filters=app.dashboard.filters)
        expected = to_csv_bytes(view_frame(app.dashboard.query_engine, request))
    assert target.read_bytes() == expected
    sidecar = json.loads((tmp_path / "out" / "view.csv.json").read_text())
    assert sidecar["view"] == "theme-by-region"
    assert sidecar["filters"]["sectors"] == ["coal_mining"]


async def test_new_file_in_corpus_updates_every_panel(corpus_dir: Path, tmp_path: Path) -> None:
    app = make_app(corpus_dir, tmp_path / "cache", watch=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.dashboard._poll_corpus()  # the first poll records the corpus as it is
        await settle(pilot)
        extra = {
            "id": "n1",
            "date": "2024-03-05",
            "title": "New mine",
            "body": "A new coal mine in Hamhung began an 80-day campaign.",
        }
        (corpus_dir / "more.jsonl").write_text(json.dumps(extra) + "\n")
        app.dashboard._poll_corpus()
        await settle(pilot)
        assert articles_total(app) == 6
        assert cell(app, "sectors", "speed_campaign", "coal_mining") == "1"
        assert any(n.message == "1 new article" for n in app._notifications)


async def test_markup_in_titles_is_shown_literally(tmp_path: Path) -> None:
    hostile = [
        {**STORIES[0], "title": "[bold red]x[/] [/"},
        {**STORIES[1], "title": "\x1b[31mred\x1b[0m [link=file:///etc]y[/link]"},
    ]
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "h.jsonl").write_text("".join(json.dumps(s) + "\n" for s in hostile))
    app = make_app(folder, tmp_path / "cache")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#articles", ArticleTable)
        titles = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert "[bold red]x[/] [/" in titles
        assert "red [link=file:///etc]y[/link]" in titles  # escape codes removed
        await pilot.press("tab", "tab", "tab")
        assert isinstance(app.focused, ArticleTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)


async def test_narrow_terminal_hides_plots_and_v_shows_them(app: CampaignApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("narrow")
        assert not app.query_one("#plots").display or app.query_one("#plots").size.width == 0
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.has_class("show-plots")


async def test_help_and_problems_screens(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("P")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsScreen"


async def test_every_action_is_in_the_command_palette(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in (
            "Sector (s)",
            "Region (p)",
            "Theme (t)",
            "Dates (d)",
            "Export (e)",
            "Search (/)",
            "Reset (r)",
            "Raw/share (n)",
        ):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Sector (s)")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)


async def test_dashboard_indexes_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes start although the UI has replaced stdout and stderr."""
    import tui.core.index.workers as index_module
    from tests.conftest import write_parts

    monkeypatch.setattr(index_module, "PARALLEL_MIN_BYTES", 0)
    folder = write_parts(tmp_path / "corpus", 2)
    app = make_app(folder, tmp_path / "cache")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        assert app.dashboard.query_engine.index.stats == {"from_cache": 0, "indexed": 2}
        assert articles_total(app) == 10
        assert not any("failed" in n.message for n in app._notifications)


async def test_a_corpus_changed_since_its_snapshot_is_shown_then_read_again(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """The first frame comes from the last snapshot, before the corpus is looked at; the
    corpus is checked right after, and a change since is read and shown."""
    cache = tmp_path / "cache"
    first = make_app(corpus_dir, cache)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert articles_total(first) == 5
    extra = {"id": "n1", "date": "2024-03-05", "title": "New", "body": "A new coal mine."}
    (corpus_dir / "more.jsonl").write_text(json.dumps(extra) + "\n")
    again = make_app(corpus_dir, cache)
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert articles_total(again) == 6
        assert again.dashboard.query_engine is not None
        assert "snapshot" not in again.dashboard.query_engine.index.stats
        assert any(n.title == "Corpus changed" for n in again._notifications)


async def test_the_snapshot_shown_first_is_let_go_once_replaced(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index a newer one replaced is freed, not held beside it for the whole session
    (at a million articles it is hundreds of megabytes)."""
    cache = tmp_path / "cache"
    first = make_app(corpus_dir, cache)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    extra = {"id": "n1", "date": "2024-03-05", "title": "New", "body": "A new coal mine."}
    (corpus_dir / "more.jsonl").write_text(json.dumps(extra) + "\n")
    shown: list[weakref.ref[CorpusIndex]] = []
    index_ready = DashboardScreen.index_ready

    def ready(screen: DashboardScreen, message: IndexReady) -> None:
        shown.append(weakref.ref(message.query.index))
        index_ready(screen, message)

    monkeypatch.setattr(DashboardScreen, "index_ready", ready)
    again = make_app(corpus_dir, cache)
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert articles_total(again) == 6
        assert len(shown) == 2  # the snapshot, then the corpus read again
        again.gc_pacer.stop()  # frozen objects are never collected
        gc.collect()
        assert shown[0]() is None
