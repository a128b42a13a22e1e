"""Undo and redo of filter changes, and the words a notification uses for one, without the UI."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from tui.core.history import FilterHistory, describe_change
from tui.core.models import FilterState, Measure, Period

NAMES = {"north_phyongan": "North Phyongan", "pyongyang": "Pyongyang", "coal_mining": "Coal mining"}


def name(label: str) -> str:
    return NAMES.get(label, label)


def test_undo_goes_back_and_redo_forward_through_the_changes() -> None:
    history = FilterHistory()
    start = FilterState()
    one = start.model_copy(update={"regions": ("north_phyongan",)})
    two = one.model_copy(update={"measure": Measure.mentions})
    history.record(start, one)
    history.record(one, two)
    undone = history.undo()
    assert undone is not None and undone.before == one
    undone = history.undo()
    assert undone is not None and undone.before == start
    assert history.undo() is None
    redone = history.redo()
    assert redone is not None and redone.after == one
    assert history.can_undo and history.can_redo


def test_a_new_change_after_an_undo_drops_what_could_be_redone() -> None:
    history = FilterHistory()
    start = FilterState()
    one = start.model_copy(update={"share": True})
    other = start.model_copy(update={"measure": Measure.mentions})
    history.record(start, one)
    history.undo()
    history.record(start, other)
    assert not history.can_redo
    assert history.redo() is None


def test_a_search_typed_key_by_key_is_one_step() -> None:
    history = FilterHistory()
    states = [FilterState(search=text) for text in ("", "s", "st", "ste")]
    for before, after in pairwise(states):
        history.record(before, after, group="search 1")
    change = history.undo()
    assert change is not None and (change.before.search, change.after.search) == ("", "ste")
    assert not history.can_undo


def test_a_search_typed_and_erased_leaves_no_step() -> None:
    history = FilterHistory()
    history.record(FilterState(), FilterState(search="x"), group="search 1")
    history.record(FilterState(search="x"), FilterState(), group="search 1")
    assert not history.can_undo


def test_searches_typed_at_two_times_are_two_steps() -> None:
    history = FilterHistory()
    history.record(FilterState(), FilterState(search="a"), group="search 1")
    history.record(FilterState(search="a"), FilterState(search="b"), group="search 2")
    history.undo()
    assert history.can_undo


def test_the_oldest_changes_are_forgotten_past_the_limit() -> None:
    history = FilterHistory(limit=3)
    states = [FilterState(search=str(n)) for n in range(6)]
    for before, after in pairwise(states):
        history.record(before, after)
    steps = 0
    while history.undo() is not None:
        steps += 1
    assert steps == 3


def test_an_unchanged_state_is_not_recorded() -> None:
    history = FilterHistory()
    history.record(FilterState(), FilterState())
    assert not history.can_undo


def test_the_change_is_named_in_words() -> None:
    old = FilterState(regions=("north_phyongan",))
    new = FilterState()
    assert describe_change(old, new, name) == "region North Phyongan removed"
    assert describe_change(new, old, name) == "region North Phyongan added"
    both = FilterState(regions=("pyongyang", "north_phyongan"), sectors=("coal_mining",))
    assert describe_change(new, both, name) == (
        "sector Coal mining added; regions Pyongyang, North Phyongan added"
    )
    dated = FilterState(date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31))
    assert describe_change(dated, new, name) == "dates 2024-10-01 – 2024-10-31 → all"
    assert describe_change(new, FilterState(search="steel"), name) == 'search none → "steel"'
    assert describe_change(new, FilterState(measure=Measure.mentions), name) == (
        "measure articles → mentions"
    )
    assert describe_change(new, FilterState(share=True), name) == "values raw → share"
    assert describe_change(new, FilterState(period=Period.year), name) == "period month → year"
