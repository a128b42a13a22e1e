"""What each screen the dashboard opens looks like: the pickers, the date and export dialogs,
the problems list, the help panel and the timeline's lines picker (the dashboard itself, the
region picker and the article view: test_snapshots.py)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import make_app, settle


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the temporary folder so file names on screen are the same on every run."""
    monkeypatch.chdir(tmp_path)


def _press(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    "key",
    ["s", "t", "l"],
    ids=["sector_picker", "theme_picker", "timeline_lines_picker"],
)
def test_picker(snap_compare: Any, corpus_dir: Path, key: str) -> None:
    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=_press(key))


def test_date_dialog(snap_compare: Any, corpus_dir: Path) -> None:
    # A range set first: the dialog opens with it.
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket", "d")
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_export_dialog(snap_compare: Any, corpus_dir: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        # The proposed name has the time in it: a fixed one, so that the screen is the same.
        pilot.app.screen.query_one("#export-path", Input).value = "campaign-theme_by_sector.csv"
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_export_dialog_cannot_write(snap_compare: Any, corpus_dir: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        path = pilot.app.screen.query_one("#export-path", Input)
        # A folder in the way is created; a file in the way cannot be: the dialog stays
        # open with the name and the reason.
        path.value = "corpus/stories.jsonl/campaign.csv"
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_help_panel(snap_compare: Any, corpus_dir: Path) -> None:
    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=_press("question_mark"))


def test_problems_screen(snap_compare: Any, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [
        {"link": "http://wire.example/1", "headline": "One", "date": "2024-03-01",
         "story_text": "A socialist emulation drive began at a coal mine."},
        42,
        {"link": "http://wire.example/3", "headline": "Only a headline", "story_text": ""},
    ]  # fmt: skip
    (folder / "archive.json").write_text(json.dumps(records, indent=2), "utf-8")
    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=_press("P"))
