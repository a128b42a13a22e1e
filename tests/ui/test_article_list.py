"""Every article of a selection can be reached in the article list, a page at a time, in the
order the user chose; the export of the list has the same rows in the same order."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.ui.conftest import make_app, settle
from tui.core.export import sort_frame
from tui.ui.app import ARTICLE_PAGE, CampaignApp
from tui.ui.widgets.tables import ArticleTable

pytestmark = pytest.mark.asyncio

COUNT = 450  # more than two pages


def write_many(folder: Path) -> Path:
    """Invented stories over a year: each names a theme (some twice), titles out of order."""
    folder.mkdir(parents=True)
    path = folder / "many.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(COUNT):
            day = 1 + number % 28
            month = 1 + (number * 7) % 12
            body = f"Report {number}: a socialist emulation drive began." + (
                " The emulation drive went on." * (number % 4)
            )
            record = {
                "id": f"n{number:03d}",
                "date": "" if number % 50 == 7 else f"2023-{month:02d}-{day:02d}",
                "title": f"Story {(number * 37) % COUNT:03d}",
                "body": body,
            }
            handle.write(json.dumps(record) + "\n")
    return folder


@pytest.fixture
def many_app(tmp_path: Path) -> CampaignApp:
    return make_app(write_many(tmp_path / "corpus"), tmp_path / "cache")


def shown_arts(table: ArticleTable) -> list[int]:
    return [int(str(row.key.value)) for row in table.ordered_rows]


def expected_arts(app: CampaignApp, sort: str | None = None) -> list[int]:
    """The rows of the list's export: every article, in the export's order."""
    assert app.dashboard.query_engine is not None
    frame, total = app.dashboard.query_engine.articles(app.dashboard.filters)
    assert total == COUNT
    return [int(a) for a in sort_frame(frame, sort)["art"]]


def title(app: CampaignApp) -> str:
    return str(app.query_one("#articles-title").render())


async def test_every_row_is_reachable_page_by_page(many_app: CampaignApp) -> None:
    app = many_app
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#articles", ArticleTable)
        everything = expected_arts(app)
        assert shown_arts(table) == everything[:ARTICLE_PAGE]
        assert f"rows 1–200 of {COUNT}" in title(app)
        table.focus()
        # Down past the last row of a page turns to the next one.
        table.move_cursor(row=ARTICLE_PAGE - 1)
        await pilot.press("down")
        await settle(pilot)
        assert shown_arts(table) == everything[ARTICLE_PAGE : 2 * ARTICLE_PAGE]
        assert f"rows 201–400 of {COUNT}" in title(app)
        assert table.cursor_row == 0
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert shown_arts(table) == everything[2 * ARTICLE_PAGE :]
        assert f"rows 401–450 of {COUNT}" in title(app)
        await pilot.press("greater_than_sign")  # no page after the last
        await settle(pilot)
        assert f"rows 401–450 of {COUNT}" in title(app)
        # Up past the first row goes back, onto the last row of the page before.
        await pilot.press("up")
        await settle(pilot)
        assert f"rows 201–400 of {COUNT}" in title(app)
        assert table.cursor_row == ARTICLE_PAGE - 1
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert shown_arts(table) == everything[:ARTICLE_PAGE]


async def test_o_sorts_every_page_as_the_export_does(many_app: CampaignApp, tmp_path: Path) -> None:
    app = many_app
    target = tmp_path / "articles.csv"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#articles", ArticleTable)
        table.focus()
        for sort, words in [
            ("date", "oldest first"),
            ("-mentions", "most mentions"),
            ("title", "by title"),
        ]:
            await pilot.press("o")
            await settle(pilot)
            assert table.sort_key == sort
            assert words in title(app)
            everything = expected_arts(app, sort)
            assert shown_arts(table) == everything[:ARTICLE_PAGE]
            await pilot.press("greater_than_sign")
            await settle(pilot)
            assert shown_arts(table) == everything[ARTICLE_PAGE : 2 * ARTICLE_PAGE]
        # A filter change keeps the order (the first page of the new selection).
        await pilot.press("m")
        await settle(pilot)
        assert shown_arts(table) == expected_arts(app, "title")[:ARTICLE_PAGE]
        # The export of the list: every row, in the order shown.
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        frame, _ = app.dashboard.query_engine.articles(app.dashboard.filters)
        ids = list(sort_frame(frame, "title")["id"])
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row[-1] for row in rows[1:]] == ids
    assert len(rows) == COUNT + 1
