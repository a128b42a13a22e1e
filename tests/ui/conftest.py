"""Fixtures for driving the dashboard with Pilot on a small invented corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import FIXTURES, write_corpus
from tui.core.session import Settings
from tui.ui.app import CampaignApp


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and its messages have been handled."""
    app = pilot.app
    for _ in range(6):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text box's cursor blinks every half second, so on a busy machine (the snapshot taken
    more than half a second after the box took focus) a snapshot caught it hidden: in the
    tests it does not blink, and shows, as it does the moment a box takes focus."""
    init = Input.__init__

    def steady(self: Input, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", steady)


def make_app(corpus: Path, cache: Path, *, watch: bool = False) -> CampaignApp:
    settings = Settings(
        paths=(corpus,),
        taxonomy=FIXTURES / "mini_taxonomy.toml",
        cache_dir=cache,
    )
    return CampaignApp(settings, watch=watch)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder)
    return folder


@pytest.fixture
def app(corpus_dir: Path, tmp_path: Path) -> CampaignApp:
    return make_app(corpus_dir, tmp_path / "cache")
