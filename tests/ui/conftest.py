"""Fixtures for driving the dashboard with Pilot on a small invented corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

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
