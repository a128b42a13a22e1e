"""Fixtures for driving the dashboard with Pilot on a small invented corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from tests.conftest import FIXTURES, write_corpus
from tui.core.session import Settings
from tui.ui.app import CampaignApp


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and its messages have been handled."""
    app = pilot.app
    for _ in range(6):
        await _workers_done(app)
        await pilot.pause()
    await pilot.pause()


async def _workers_done(app: App[None]) -> None:
    """Every worker finished, but those cancelled: superseded by a newer one of their group
    (the views of a snapshot shown first, when the corpus is read again right after)."""
    for _ in range(20):
        live = [w for w in app.workers if w.state is not WorkerState.CANCELLED]
        try:
            await app.workers.wait_for_complete(live)
            return
        except WorkerCancelled:
            continue  # cancelled while waited for: wait for the others


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
