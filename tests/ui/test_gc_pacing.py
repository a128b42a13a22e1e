"""The garbage collector's full passes are made while the user is idle, never left to land
on a keypress, and never more than LONGEST_WAIT_S apart."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui.ui import gc_pacing
from tui.ui.gc_pacing import IDLE_S, LONGEST_WAIT_S, GcPacer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("tui.ui.gc_pacing.time.monotonic", clock)
    return clock


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []

    def collect(*args: object) -> int:
        made.append(1)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    # Young collections happened since the last full pass: one is worth making.
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 3))
    return made


@pytest.fixture
def pacer(clock: Clock) -> Iterator[GcPacer]:
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    pacer = GcPacer()
    yield pacer
    pacer.stop()
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0
    if not enabled:
        gc.disable()


def test_the_collector_is_off_while_starting_and_on_once_the_index_is_open(
    pacer: GcPacer,
) -> None:
    gc_pacing.starting()
    assert not gc.isenabled()
    pacer.index_open()
    assert gc.isenabled()
    assert gc.get_threshold()[2] >= 1_000_000  # no full pass of the interpreter's own
    assert gc.get_freeze_count() > 0  # the index and the widgets live as long as the app


def test_a_slow_start_turns_the_collector_back_on(pacer: GcPacer) -> None:
    gc_pacing.starting()
    pacer.start_over()
    assert gc.isenabled()
    assert not pacer.pacing


def test_no_full_pass_while_keys_come_one_when_idle(
    pacer: GcPacer, clock: Clock, passes: list[int]
) -> None:
    pacer.index_open()
    for _ in range(10):  # a key every half second
        clock.now += 0.5
        pacer.touched()
        assert not pacer.tick()
    clock.now += IDLE_S
    assert pacer.tick()
    assert passes == [1]


def test_unbroken_use_still_gets_a_full_pass_every_longest_wait(
    pacer: GcPacer, clock: Clock, passes: list[int]
) -> None:
    pacer.index_open()
    made = 0
    for _ in range(int(LONGEST_WAIT_S * 2 / 0.2)):  # five keys a second for a minute
        clock.now += 0.2
        pacer.touched()
        made += pacer.tick()
    assert made == 2


def test_nothing_to_collect_makes_no_pass(
    pacer: GcPacer, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []

    def collect(*args: object) -> int:
        made.append(1)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(gc, "get_count", lambda: (5, 0, 0))
    pacer.index_open()
    clock.now += LONGEST_WAIT_S + IDLE_S
    assert not pacer.tick()
    assert made == []


def test_an_index_replaced_is_let_go_at_the_next_idle_pass(
    pacer: GcPacer, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_when_collected: list[int] = []

    def collect(*args: object) -> int:
        frozen_when_collected.append(gc.get_freeze_count())
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 0))
    pacer.index_open()
    pacer.index_replaced()
    clock.now += IDLE_S
    assert pacer.tick()  # due though no young collection came: the old index waits
    assert frozen_when_collected == [0]  # it walked what had been set aside, the old index
    assert gc.get_freeze_count() > 0  # and set the rest aside again
    assert gc.get_freeze_count() > 0  # what is left is set aside again
