"""The label pickers: what is typed goes to the filter box, fast or slow, and Enter chooses
what the filtered list shows (fzf's keys: space types, Tab marks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from tests.ui.conftest import settle
from tui.core.session import Settings
from tui.ui.app import CampaignApp
from tui.ui.screens.picker import PickerScreen

pytestmark = pytest.mark.asyncio


@pytest.fixture
def full_app(corpus_dir: Path, tmp_path: Path) -> CampaignApp:
    """The dashboard with the project's own taxonomy: every province, city and spelling."""
    return CampaignApp(Settings(paths=(corpus_dir,), cache_dir=tmp_path / "cache"), watch=False)


def _key(char: str) -> events.Key:
    names = {" ": "space", "\r": "enter", "\t": "tab", "-": "minus", "_": "underscore"}
    return events.Key(names.get(char, char), char)


async def type_fast(pilot: Pilot[None], text: str) -> None:
    """Every key at once, as a fast typist or a paste sends them: none waits for the one
    before it to be handled."""
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        driver.send_message(_key(char))
    await settle(pilot)


def picker(app: CampaignApp) -> PickerScreen:
    assert isinstance(app.screen, PickerScreen)
    return app.screen


def shown(app: CampaignApp) -> list[str]:
    return list(picker(app)._visible)


async def test_a_multi_word_name_typed_fast_then_enter_chooses_it(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await type_fast(pilot, "North Phyongan\r")
        assert not isinstance(full_app.screen, PickerScreen)
        assert full_app.dashboard.filters.regions == ("north_phyongan",)


async def test_space_types_into_the_filter_box(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p", *"north", "space", *"phyongan")
        assert picker(full_app).query_one(Input).value == "north phyongan"
        assert picker(full_app).marked == set()
        assert shown(full_app)[0] == "north_phyongan"
        await pilot.press("enter")
        await settle(pilot)
        assert full_app.dashboard.filters.regions == ("north_phyongan",)


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("nampo", "nampho"),  # a phrase, not the display name (Nampho)
        ("North Pyongan", "north_phyongan"),
        ("Chagang", "jagang"),  # the older romanisation of Jagang
        ("hamheung", "hamhung"),  # a typo of Hamhung
        ("wonsna", "wonsan"),
    ],
)
async def test_every_known_spelling_and_a_typo_find_the_label(
    full_app: CampaignApp, typed: str, chosen: str
) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await type_fast(pilot, typed + "\r")
        assert full_app.dashboard.filters.regions == (chosen,)


async def test_no_match_says_so_and_enter_keeps_the_picker_open(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await type_fast(pilot, "xqzzy\r")
        screen = picker(full_app)
        assert screen.query_one(OptionList).option_count == 0
        empty = screen.query_one("#picker-empty", Label)
        assert empty.display and "no match" in str(empty.render())
        assert full_app.dashboard.filters.regions == ()
        await pilot.press("escape")
        await settle(pilot)
        assert full_app.dashboard.filters.regions == ()


async def test_tab_marks_and_enter_chooses_the_marked_set(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await type_fast(pilot, "phyongan")
        assert shown(full_app)[:2] == ["south_phyongan", "north_phyongan"]
        # Tab marks the highlighted row and moves down; shift+Tab marks and moves up.
        await pilot.press("tab", "tab")
        assert picker(full_app).marked == {"south_phyongan", "north_phyongan"}
        await pilot.press("shift+tab")
        assert picker(full_app).marked == {"south_phyongan"}
        await pilot.press("ctrl+u")  # the filter box emptied: the marks stay
        await type_fast(pilot, "hamhung\t")
        await pilot.press("enter")  # the marked set, not the highlighted row
        await settle(pilot)
        assert full_app.dashboard.filters.regions == ("south_phyongan", "hamhung")


async def test_the_help_line_names_the_keys(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        help_line = str(picker(full_app).query_one("#picker-help", Label).render())
        assert "space" in help_line and "tab" in help_line and "enter" in help_line


async def test_a_name_typed_over_the_current_filter_replaces_it(full_app: CampaignApp) -> None:
    async with full_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await type_fast(pilot, "hamhung\r")
        assert full_app.dashboard.filters.regions == ("hamhung",)
        await pilot.press("p")
        assert picker(full_app).marked == {"hamhung"}  # the current filter, shown marked
        await type_fast(pilot, "xqzzy\r")  # no match: the picker stays open
        assert isinstance(full_app.screen, PickerScreen)
        await pilot.press("ctrl+u")
        await type_fast(pilot, "nampo\r")  # what is highlighted, not the old mark
        assert full_app.dashboard.filters.regions == ("nampho",)
        await pilot.press("p", "tab", "enter")  # Tab adds to the current filter
        await settle(pilot)
        assert full_app.dashboard.filters.regions == ("pyongyang", "nampho")
