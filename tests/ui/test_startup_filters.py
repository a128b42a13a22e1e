"""`campaign-tui CORPUS --theme ... --from ...` opens the dashboard with those filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_cli
from tests.ui.conftest import settle
from tui.core.models import FilterState, Measure, Period
from tui.core.session import Settings
from tui.ui.app import CampaignApp

MINI = FIXTURES / "mini_taxonomy.toml"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[CampaignApp]:
    """The apps `open` would run, not run."""
    apps: list[CampaignApp] = []

    def run(self: CampaignApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(CampaignApp, "run", run)
    return apps


def test_open_takes_the_export_filter_flags(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus_dir: Path,
    tmp_path: Path,
    opened: list[CampaignApp],
) -> None:
    code, _, err = run_cli(
        capsysbinary,
        [
            str(corpus_dir),
            "--taxonomy",
            str(MINI),
            "--cache-dir",
            str(tmp_path / "c"),
            "--theme",
            "socialist_emulation",
            "--region",
            "south_hamgyong",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--measure",
            "mentions",
        ],
    )
    assert code == 0, err
    (app,) = opened
    assert app.start_filters == FilterState(
        themes=("socialist_emulation",),
        regions=("south_hamgyong",),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 1, 31),
        measure=Measure.mentions,
    )


def test_open_refuses_an_unknown_id_before_the_screen_opens(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus_dir: Path,
    tmp_path: Path,
    opened: list[CampaignApp],
) -> None:
    code, _, err = run_cli(
        capsysbinary,
        [str(corpus_dir), "--taxonomy", str(MINI), "--no-cache", "--theme", "atlantis"],
    )
    assert code == 2
    assert "'atlantis' is not a theme id" in err
    assert opened == []


@pytest.mark.asyncio
async def test_the_dashboard_opens_with_the_startup_filters(
    corpus_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(paths=(corpus_dir,), taxonomy=MINI, cache_dir=tmp_path / "cache")
    filters = FilterState(themes=("socialist_emulation",), period=Period.year)
    app = CampaignApp(settings, watch=False, filters=filters, auto_period=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert (
            app.dashboard.filters == filters
        )  # the given period is kept, not chosen from the span
        assert app.dashboard.last_data is not None
        assert app.dashboard.last_data.articles_total == 2  # a1 and a2 hold socialist emulation
        bar = str(app.query_one("#filter-bar").render())
        assert "Theme Socialist emulation" in bar
        assert "(year)" in bar
