"""What the dashboard looks like, at the smallest supported size and a comfortable one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import make_app, settle


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the temporary folder so file names on screen are the same on every run."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_dashboard(
    snap_compare: Any, corpus_dir: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_article_view(snap_compare: Any, corpus_dir: Path, tmp_path: Path) -> None:
    async def open_article(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "down", "enter")
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=open_article)


def test_sector_picker(snap_compare: Any, corpus_dir: Path, tmp_path: Path) -> None:
    async def open_picker(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("p", "h", "a", "m", "tab")
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_picker)
