"""The export dialog: it never replaces a file unasked, keeps the name typed when a write
fails, puts a file into a folder named, and the date dialog takes years and months."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from textual.widgets import Input, Label

from tests.ui.conftest import settle
from tui.ui.app import CampaignApp
from tui.ui.screens.dialogs import DateRangeScreen, ExportScreen


def _message(app: CampaignApp) -> str:
    label = app.screen.query_one("#dialog-error", Label)
    return str(label.render())


async def _type_path(app: CampaignApp, pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#export-path", Input).value = value
    await pilot.press("enter")
    await settle(pilot)


async def test_an_existing_file_is_replaced_only_after_asking(
    app: CampaignApp, tmp_path: Path
) -> None:
    target = tmp_path / "table.csv"
    target.write_text("keep me")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await _type_path(app, pilot, str(target))
        assert isinstance(app.screen, ExportScreen)  # asks first
        assert "exists" in _message(app) and str(target) in _message(app)
        assert target.read_text() == "keep me"
        await pilot.press("enter")  # yes, replace it
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert target.read_text().startswith("theme,")


async def test_a_failed_write_keeps_the_dialog_with_the_name_and_the_reason(
    app: CampaignApp, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    typed = str(blocker / "x.csv")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await _type_path(app, pilot, typed)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-path", Input).value == typed
        message = _message(app)
        assert typed in message or str(blocker) in message
        assert ".tmp" not in message  # the target is named, never a temporary file
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert app.is_running


async def test_a_folder_gets_the_proposed_file_name_inside_it(
    app: CampaignApp, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        proposal = Path(app.screen.query_one("#export-path", Input).value).name
        await _type_path(app, pilot, str(folder))
        assert not isinstance(app.screen, ExportScreen)
    assert (folder / proposal).is_file()
    assert (folder / (proposal + ".json")).is_file()


async def test_exports_get_the_users_umask_not_0600(app: CampaignApp, tmp_path: Path) -> None:
    target = tmp_path / "mode.csv"
    old = os.umask(0o022)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await _type_path(app, pilot, str(target))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert stat.S_IMODE(Path(str(target) + ".json").stat().st_mode) == 0o644


async def test_the_date_dialog_takes_a_year_and_a_month(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DateRangeScreen)
        app.screen.query_one("#date-from", Input).value = "2024-02"
        app.screen.query_one("#date-to", Input).value = "2024"
        await pilot.press("enter")
        await settle(pilot)
        assert (app.dashboard.filters.date_from, app.dashboard.filters.date_to) == (
            dt.date(2024, 2, 1),
            dt.date(2024, 12, 31),
        )
        await pilot.press("d")
        app.screen.query_one("#date-from", Input).value = "2024-02"
        app.screen.query_one("#date-to", Input).value = "2024-02"
        await pilot.press("enter")
        await settle(pilot)
        assert (app.dashboard.filters.date_from, app.dashboard.filters.date_to) == (
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
        )
