"""What the dashboard looks like after the terminal shrinks: the narrow layout, no plots."""

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


def test_narrow_after_shrinking(snap_compare: Any, corpus_dir: Path) -> None:
    async def shrink(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.resize_terminal(100, 40)
        await settle(pilot)

    app = make_app(Path("corpus"), Path("cache"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=shrink)
