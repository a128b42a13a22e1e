"""The article view as an analyst cites from it: evidence export, stepping through the list,
copying the id, the whole sentence of a mention, the mention and the search marked in the
text; and the article list's ids and stand-in titles."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from tests.conftest import write_corpus
from tests.ui.conftest import make_app, settle
from tui.ui.app import CampaignApp
from tui.ui.screens.article import CURRENT_STYLE, SEARCH_STYLE, ArticleScreen
from tui.ui.screens.dialogs import ExportScreen
from tui.ui.widgets.tables import ArticleTable

pytestmark = pytest.mark.asyncio

HEAD = "http://wire.example/en/article/q/" + "5f" * 16
TAIL = "c0ffee" * 5 + ".kcmsf"
FILLER = "The weather was fine and the meeting went on for the whole afternoon. " * 30


def _id(number: int) -> str:
    """Invented ids shaped like KCNA's: one shared head, a part of their own, one shared tail."""
    return f"{HEAD}{number:032x}{TAIL}"


STORIES = [
    {
        "id": _id(1),
        "date": "2024-05-04",
        "title": "Steel news",
        "body": "The steel complex in Kimchaek held a meeting.",
    },
    {
        "id": _id(2),
        "date": "2024-05-03",
        "title": "",
        "body": "Pyongyang, May 3 (KCNA) -- Miners of a coal mine began a socialist emulation "
        "drive this week.",
    },
    {
        "id": _id(3),
        "date": "2024-05-02",
        "title": "Long report",
        "body": FILLER + "\nAt last a socialist emulation drive began at the coal mine.",
    },
    {
        "id": "=formula-id",
        "date": "2024-05-01",
        "title": "Farm news",
        "body": "A cooperative farm in Hamhung joined an emulation drive.",
    },
]


@pytest.fixture
def app(tmp_path: Path) -> CampaignApp:
    folder = tmp_path / "corpus"
    write_corpus(folder, STORIES)
    return make_app(folder, tmp_path / "cache")


async def _open(app: CampaignApp, pilot, row: int = 0) -> ArticleScreen:  # type: ignore[no-untyped-def]
    table = app.query_one("#articles", ArticleTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_n_and_p_step_through_the_list_without_going_back(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = await _open(app, pilot)
        order = [s["id"] for s in STORIES]  # newest first, as the list shows them
        assert screen.meta["id"] == order[0]
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and screen.meta["id"] == order[1]
        await pilot.press("j")
        await settle(pilot)
        assert screen.meta["id"] == order[2]
        assert "Long report" in screen.text
        await pilot.press("k", "p")
        await settle(pilot)
        assert screen.meta["id"] == order[0]
        await pilot.press("p")  # the first: stays, and says so
        await settle(pilot)
        assert screen.meta["id"] == order[0]
        assert any("first article" in n.message for n in app._notifications)
        # Back on the list, the cursor is on the article last shown.
        await pilot.press("n", "n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.query_one("#articles", ArticleTable).cursor_row == 2


async def test_the_dashboards_keys_are_not_offered_or_run_over_the_article_view(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = await _open(app, pilot)
        shown = {binding.action for _, binding, enabled, _ in app.active_bindings.values()}
        assert "step(1)" in shown and "export_evidence" in shown
        keys = {key for key, (_, binding, enabled, _) in app.active_bindings.items() if enabled}
        assert not {"s", "t", "d", "m", "left_square_bracket", "R", "C"} & keys
        before = app.dashboard.filters
        await pilot.press("s", "t", "d", "m", "R")
        await settle(pilot)
        assert app.screen is screen and app.dashboard.filters == before
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # on the dashboard again, the key picks sectors
        await settle(pilot)
        assert app.screen is not screen and "Picker" in type(app.screen).__name__


async def test_y_copies_the_id_and_says_so(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open(app, pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == STORIES[0]["id"]
        assert any(STORIES[0]["id"] in n.message for n in app._notifications)


async def test_e_exports_the_articles_evidence(app: CampaignApp, tmp_path: Path) -> None:
    target = tmp_path / "evidence.csv"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = await _open(app, pilot, row=3)  # the article whose id looks like a formula
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        text, mentions = screen.text, screen.mentions
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == len(mentions) > 0
    assert list(rows[0]) == [
        "id", "url", "date", "title", "label", "name", "kind", "rolls_up_to",
        "phrase", "start", "end", "sentence", "rule", "pattern",
    ]  # fmt: skip
    assert {row["id"] for row in rows} == {"'=formula-id"}  # a formula is still defused
    assert {(row["date"], row["title"]) for row in rows} == {("2024-05-01", "Farm news")}
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["phrase"]
        assert row["phrase"] in row["sentence"]
    assert {row["label"] for row in rows} >= {"socialist_emulation", "hamhung"}
    assert (tmp_path / "evidence.csv.json").is_file()


async def test_exported_url_ids_have_no_apostrophe(app: CampaignApp, tmp_path: Path) -> None:
    target = tmp_path / "evidence.csv"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open(app, pilot, row=1)
        await pilot.press("e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert {(row["id"], row["url"]) for row in rows} == {(STORIES[1]["id"], STORIES[1]["id"])}


def _spans(static: Static, style: str) -> list[tuple[int, int]]:
    content = static.content
    assert isinstance(content, Text)
    return [(s.start, s.end) for s in content.spans if str(s.style) == style]


async def test_the_evidence_row_marks_its_mention_scrolls_to_it_and_shows_its_sentence(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = await _open(app, pilot, row=2)  # the long report
        table = screen.query_one("#article-mentions", DataTable)
        late = int(screen.mentions["start"].idxmax())
        table.move_cursor(row=late)
        await settle(pilot)
        row = screen.mentions.iloc[late]
        body = screen.query_one("#article-text", Static)
        assert _spans(body, CURRENT_STYLE) == [(int(row["start"]), int(row["end"]))]
        assert screen.query_one("#article-text-scroll", VerticalScroll).scroll_y > 10
        sentence = screen.query_one("#article-sentence", Static).content
        assert isinstance(sentence, Text)
        assert "At last a socialist emulation drive began at the coal mine." in sentence.plain


async def test_the_search_term_is_marked_in_the_text(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"miners", "enter")
        await settle(pilot)
        screen = await _open(app, pilot)
        assert screen.meta["id"] == STORIES[1]["id"]
        spans = _spans(screen.query_one("#article-text", Static), SEARCH_STYLE)
        assert [screen.text[a:b] for a, b in spans] == ["Miners"]


async def test_the_id_column_tells_articles_apart_and_untitled_articles_show_words(
    app: CampaignApp,
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#articles", ArticleTable)
        ids = [Text.plain.fget(table.get_row_at(i)[-1]) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert len(set(ids)) == len(ids) == 4  # the old tail was the same for three
        untitled = table.get_row_at(1)[1]
        assert isinstance(untitled, Text)
        assert untitled.plain.startswith("Miners of a coal mine began")  # no dateline
