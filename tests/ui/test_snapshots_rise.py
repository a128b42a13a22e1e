"""What the Rising list, the province map and the comparison look like on the corpus with a
planted surge (tests/core/test_rising.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import write_corpus
from tests.core.test_rising import planted_corpus
from tests.ui.conftest import make_app, settle


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the temporary folder so file names on screen are the same on every run."""
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "planted", planted_corpus())


def _pressing(*keys: str) -> Any:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
def test_rising_panel(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(Path("planted"), Path("cache"))
    assert snap_compare(app, terminal_size=size, run_before=_pressing("R"))


def test_province_map_of_the_planted_theme(snap_compare: Any) -> None:
    # The cursor on the speed campaigns' row of the theme × region table, then the map.
    app = make_app(Path("planted"), Path("cache"))
    keys = ("tab", "down", "M")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_pressing(*keys))


def test_comparison_with_a_year_earlier(snap_compare: Any) -> None:
    app = make_app(Path("planted"), Path("cache"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=_pressing("C", "x"))
