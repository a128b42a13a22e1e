"""What the picker with a multi-word filter, the bar chart at two sizes and a drill-down look
like (the dashboard as a whole: test_snapshots.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import make_app, settle
from tests.ui.test_plots_truth import write_stories, write_taxonomy
from tui.core.session import Settings
from tui.ui.app import CampaignApp


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the temporary folder so file names on screen are the same on every run."""
    monkeypatch.chdir(tmp_path)


def test_picker_with_a_multi_word_filter(snap_compare: Any, corpus_dir: Path) -> None:
    async def type_filter(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("p", *"north ham")
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=type_filter)


def _bars_app(tmp_path: Path) -> CampaignApp:
    folder = tmp_path / "bars"
    folder.mkdir()
    write_stories(folder / "stories.jsonl")
    write_taxonomy(tmp_path / "bars.toml")
    settings = Settings(paths=(Path("bars"),), taxonomy=Path("bars.toml"), cache_dir=Path("cache"))
    return CampaignApp(settings, watch=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_bar_chart(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    async def show_plots(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if size[0] < 120:
            await pilot.press("v")
        await settle(pilot)

    assert snap_compare(_bars_app(tmp_path), terminal_size=size, run_before=show_plots)


def test_drill_down(snap_compare: Any, corpus_dir: Path) -> None:
    async def drill(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("enter")  # socialist emulation × coal mining
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=drill)
