"""What keeps the keypress path short: the plots' envelope, the steady footer, the garbage
collector set aside while the dashboard runs, and plots shown before the article list."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ui.conftest import settle
from tui.ui.app import CampaignApp
from tui.ui.messages import PlotsReady, ViewsReady
from tui.ui.screens.dashboard import DashboardScreen
from tui.ui.screens.picker import PickerScreen
from tui.ui.widgets.footer import KeyFooter
from tui.ui.widgets.plots import envelope


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=0, max_size=600),
    width=st.integers(min_value=1, max_value=200),
)
def test_the_envelope_keeps_every_peak_and_trough(values: list[float], width: int) -> None:
    xs, ys = envelope(values, width)
    assert len(xs) == len(ys)
    assert xs == sorted(set(xs))  # left to right, each period once
    # Every point is a period's own value at its own place.
    assert all(values[int(x) - 1] == y for x, y in zip(xs, ys, strict=True))
    if len(values) <= max(width, 2):
        assert ys == values
        return
    assert len(xs) <= max(width // 2, 2)
    # The highest and the lowest value of the whole line are drawn.
    assert max(ys) == max(values) and min(ys) == min(values)


@pytest.mark.asyncio
async def test_closing_a_picker_keeps_the_footer_keys(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.children)
        assert keys
        await pilot.press("s")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await settle(pilot)
        # The same keys: not rebuilt, because the main screen's bindings did not change.
        assert list(footer.children) == keys
        assert any("Sector" in str(key.render()) for key in keys)


def _footer_text(app: CampaignApp) -> str:
    footer = app.screen.query_one(KeyFooter)
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))


@pytest.mark.asyncio
async def test_a_panel_taking_focus_rebuilds_the_footer_once_with_its_keys(
    app: CampaignApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        composed: list[int] = []
        compose = KeyFooter.compose

        def counted(self: KeyFooter):  # type: ignore[no-untyped-def]
            composed.append(1)
            return compose(self)

        monkeypatch.setattr(KeyFooter, "compose", counted)
        # The count table hidden and the comparison focused: the footer is told two or three
        # times, and rebuilds once, with the comparison's keys.
        await pilot.press("C")
        await settle(pilot)
        assert len(composed) == 1
        assert "Range B" in _footer_text(app)
        await pilot.press("C")
        await settle(pilot)
        assert len(composed) == 2
        assert "Range B" not in _footer_text(app) and "Sort" in _footer_text(app)


@pytest.mark.asyncio
async def test_the_plots_arrive_before_the_article_list(
    app: CampaignApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    original_plots, original_views = DashboardScreen.on_plots_ready, DashboardScreen.on_views_ready

    def plots(self: DashboardScreen, message: PlotsReady) -> None:
        order.append("plots")
        original_plots(self, message)

    def views(self: DashboardScreen, message: ViewsReady) -> None:
        order.append("views")
        original_views(self, message)

    # Textual finds handlers on the class.
    monkeypatch.setattr(DashboardScreen, "on_plots_ready", plots)
    monkeypatch.setattr(DashboardScreen, "on_views_ready", views)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        order.clear()
        await pilot.press("m")
        await settle(pilot)
        assert order == ["plots", "views"]
        assert app.dashboard.shown_generation == app.dashboard.generation


@pytest.mark.asyncio
async def test_the_garbage_collector_is_restored_when_the_app_closes(app: CampaignApp) -> None:
    threshold = gc.get_threshold()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # Idle for a second: a full pass, and its survivors are set aside.
        for _ in range(50):
            if gc.get_freeze_count():
                break
            await pilot.pause(0.1)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] >= 100
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0
