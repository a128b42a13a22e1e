"""The dashboard saves the corpus snapshot once the corpus is on screen, and the next start
of the unchanged corpus opens it, with the same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import make_app, settle
from tui.ui.app import CampaignApp
from tui.ui.widgets.tables import CountTable

pytestmark = pytest.mark.asyncio


def _cells(app: CampaignApp) -> list[list[str]]:
    table = app.query_one("#sectors", CountTable)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_second_start_opens_the_snapshot(corpus_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = make_app(corpus_dir, cache)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert first.dashboard.query_engine is not None
        assert "snapshot" not in first.dashboard.query_engine.index.stats
        before = _cells(first)
    assert list(cache.rglob("snapshot/meta.json"))
    again = make_app(corpus_dir, cache)
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert again.dashboard.query_engine is not None
        assert again.dashboard.query_engine.index.stats.get("snapshot") == 1
        assert _cells(again) == before
    # A changed corpus is put together again.
    with (corpus_dir / "stories.jsonl").open("a") as handle:
        handle.write('{"id": "z9", "date": "2024-06-01", "body": "A coal mine opened."}\n')
    changed = make_app(corpus_dir, cache)
    async with changed.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert changed.dashboard.query_engine is not None
        assert "snapshot" not in changed.dashboard.query_engine.index.stats
        assert "z9" in set(changed.dashboard.query_engine.index.articles["id"])
