"""`g` changes the period only; `[` and `]` stop at the corpus's first and last period.

The invented corpus has dated stories from 2024-01-10 to 2024-03-01, so its months are
2024-01 to 2024-03 and it lies in one quarter and one year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ui.conftest import settle
from tui.core.models import Period
from tui.ui.app import CampaignApp

pytestmark = pytest.mark.asyncio

FEBRUARY = (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def dates(app: CampaignApp) -> tuple[dt.date | None, dt.date | None]:
    return app.dashboard.filters.date_from, app.dashboard.filters.date_to


def messages(app: CampaignApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_g_changes_the_period_and_never_the_range(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.dashboard.filters.period is Period.month and dates(app) == FEBRUARY
        assert app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 1
        seen = []
        for _ in range(4):  # month -> quarter -> year -> week -> month
            await pilot.press("g")
            await settle(pilot)
            seen.append(app.dashboard.filters.period)
            assert dates(app) == FEBRUARY
            assert (
                app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 1
            )
        assert seen == [Period.quarter, Period.year, Period.week, Period.month]
        # The timeline is bucketed by the period chosen, over the same range.
        await pilot.press("g")
        await settle(pilot)
        assert app.dashboard.filters.period is Period.quarter
        assert list(app.dashboard.last_data.timeline.index.astype(str)) == ["2024-Q1"]


async def test_the_brackets_stop_at_the_corpus_first_and_last_period(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # no range yet: the first period
        await settle(pilot)
        assert dates(app) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert dates(app) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
        assert "first month with articles is 2024-01" in messages(app)[-1]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert dates(app) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert dates(app) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        assert "last month with articles is 2024-03" in messages(app)[-1]
        await pilot.press("g")  # quarters: the corpus is all in 2024-Q1
        await settle(pilot)
        for key in ("left_square_bracket", "right_square_bracket"):
            await pilot.press(key)
            await settle(pilot)
            assert dates(app) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        assert "2024-Q1" in messages(app)[-1]
        assert app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 1
