"""The dashboard's words and its pipeline's bookkeeping, as plain code (no Pilot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.text import Text
from textual.binding import Binding

from tests.ui.conftest import make_app, settle
from tui.core.models import NONE_LABEL, FilterState, Measure, Scope
from tui.core.query import TOTAL
from tui.ui.app import CampaignApp
from tui.ui.bindings import APP_BINDINGS, DASHBOARD_BINDINGS
from tui.ui.screens.dashboard import DashboardScreen
from tui.ui.screens.picker import PickerScreen
from tui.ui.titles import (
    Drill,
    articles_title,
    bars_title,
    filter_bar,
    index_sub_title,
    reindexed_note,
)
from tui.ui.views import Generations


def _name(label: str) -> str:
    return label.replace("_", " ").title()


def test_filter_bar_marks_the_filters_set_and_keeps_names_plain() -> None:
    filters = FilterState(
        themes=("[bold]x[/bold]",),
        date_from=dt.date(2024, 1, 1),
        measure=Measure.mentions,
    )
    bar = filter_bar(filters, Scope.sentence, lambda label: label)
    assert bar.plain == (
        "Sector all │ Region all │ Theme [bold]x[/bold] │ Dates 2024-01-01 – … (month)"
        " │ Search — │ Measure mentions │ Values raw │ Scope sentence"
    )
    # Set filters stand out; a name that looks like markup is shown as it is.
    bold = [bar.plain[span.start : span.end] for span in bar.spans if span.style == "bold yellow"]
    assert bold == ["[bold]x[/bold]", "2024-01-01 – … (month)", "mentions", "sentence"]


def test_sub_title_counts_what_the_index_holds() -> None:
    summary = {
        "articles": 1,
        "first_date": None,
        "last_date": None,
        "duplicates": 2,
        "problems": 0,
    }
    assert index_sub_title(summary, 0) == "1 article · no dates · 2 duplicates · 0 problems"
    assert index_sub_title(summary, 3).endswith("0 problems · 3 records skipped (P lists them)")
    assert reindexed_note(2) == "2 new articles"
    assert reindexed_note(-1) == "1 article fewer"
    assert reindexed_note(0) == "corpus re-indexed"


def test_titles_of_the_bars_and_a_drilled_article_list() -> None:
    assert bars_title("region", Measure.mentions) == "Mentions per region"
    assert bars_title("theme", Measure.articles) == "Articles per theme"
    assert articles_title("3 of 3", None, _name).plain == "Articles  3 of 3"
    title = articles_title("1 of 1", Drill(TOTAL, NONE_LABEL, "region"), _name)
    assert isinstance(title, Text)
    assert title.plain == "Articles  1 of 1  ·  cell: any theme × no region  (esc: all articles)"
    drilled = articles_title("1 of 1", Drill("speed_campaign", "coal", "sector"), _name)
    assert "cell: Speed Campaign × Coal" in drilled.plain


def test_a_stage_of_an_older_request_is_stale() -> None:
    generations = Generations()
    first = generations.next()
    second = generations.next()
    assert not generations.is_current(first) and generations.is_current(second)
    assert generations.shown("tables") == -1
    generations.mark("tables", second)
    assert generations.shown("tables") == second and generations.shown("plots") == -1


def test_every_key_has_an_id_of_its_own() -> None:
    table = [*DASHBOARD_BINDINGS, *APP_BINDINGS]
    bindings = [binding for binding in table if isinstance(binding, Binding)]
    assert len(bindings) == len(table)
    ids = [binding.id for binding in bindings]
    assert all(ids) and len(set(ids)) == len(ids)


def test_the_dashboard_screen_binds_its_keys_and_has_their_actions() -> None:
    """The dashboard's keys are the screen's (over another screen they are not in the
    chain of bindings at all); the app binds only the keys of every screen."""
    assert DashboardScreen.BINDINGS is DASHBOARD_BINDINGS
    assert CampaignApp.BINDINGS is APP_BINDINGS
    for binding in DASHBOARD_BINDINGS:
        assert isinstance(binding, Binding)
        namespace, _, action = binding.action.partition("(")[0].rpartition(".")
        owner = CampaignApp if namespace == "app" else DashboardScreen
        assert callable(getattr(owner, f"action_{action}", None)), binding.action
    for binding in APP_BINDINGS:
        assert isinstance(binding, Binding)
        assert callable(getattr(CampaignApp, f"action_{binding.action}", None)), binding.action


@pytest.mark.asyncio
async def test_a_keymap_moves_a_dashboard_key(corpus_dir: Path, tmp_path: Path) -> None:
    app = make_app(corpus_dir, tmp_path / "cache")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.set_keymap({"dashboard.sector": "x"})
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, PickerScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
