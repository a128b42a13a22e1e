"""The problems screen numbers a JSON array's records as records, lists title-only records
as skipped (not as errors), and counts agree with their nouns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.text import Text

from tests.ui.conftest import make_app, settle
from tui.ui.screens.problems import ProblemsScreen

pytestmark = pytest.mark.asyncio


def _plain(cell: object) -> str:
    assert isinstance(cell, Text)
    return cell.plain


async def test_records_of_an_array_and_title_only_records(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [
        {"link": "http://wire.example/1", "headline": "One", "date": "2024-03-01",
         "story_text": "A socialist emulation drive began at a coal mine."},
        42,
        {"link": "http://wire.example/3", "headline": "Only a headline", "story_text": ""},
    ]  # fmt: skip
    (folder / "archive.json").write_text(json.dumps(records, indent=2), "utf-8")
    app = make_app(folder, tmp_path / "cache")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "1 problem · 1 record skipped (P lists them)" in app.sub_title
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        title_widget = app.screen.query_one("#problems-title")
        assert title_widget.region.y == 0 and title_widget.region.height > 0  # in view
        title = title_widget.content
        assert _plain(title).startswith("1 record or file could not be read; 1 record skipped")
        table = app.screen.query_one("#problems")
        rows = [[_plain(c) for c in table.get_row_at(i)] for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert [(row[0], row[2]) for row in rows] == [
            ("error", "record 2"),
            ("skipped", "record 3"),
        ]
        assert rows[1][3] == "title only: field 'story_text' is empty"
