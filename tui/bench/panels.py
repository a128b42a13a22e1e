"""The Rising list (R), the province map (M) and the comparison (C) under Pilot: each key,
and filter changes made while each is open, timed from the key to the panel filled with the
numbers of the filters it leaves.

What is observed is the panels' widgets, not the app's handlers (which may move to a screen
of their own): when each widget was given numbers, for which filters (the ``rise_result``
the app, or its dashboard screen, holds then), and when it next painted them on screen. A
key is timed to that paint, not to the app falling idle: the footer redrawing its keys for
the new focus comes after the numbers are on screen, and is timed apart (``settled``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

PANEL_KEYS = {"rising": "R", "map": "M", "compare": "C"}
WHILE_OPEN = ("date_back", "sector", "region", "theme", "measure", "date_forward")
"""Filter changes made while a panel is open (in this order)."""

Shown = dict[str, list[tuple[float, object]]]
"""Per panel: (perf_counter time, the filters of the numbers shown) of each time it showed;
under ``<panel>:painted``, (time, None) of each time its widget painted lines."""


def find_state(app: Any, name: str) -> Any:
    """The dashboard's state ``name`` (``filters``, ``rise_result``): on the app, or on a
    screen of its stack (the dashboard's own screen, once it has one)."""
    for holder in (app, *reversed(list(getattr(app, "screen_stack", [])))):
        if hasattr(holder, name):
            return getattr(holder, name)
    return None


def _shown_filters(widget: Any) -> object:
    result = find_state(widget.app, "rise_result")
    return getattr(result, "filters", None)


def instrument_panels() -> Shown:
    """Record when each panel's widget shows numbers (the map: when it is drawn)."""
    from tui.ui.widgets.compare_panel import ComparePanel, CompareTable
    from tui.ui.widgets.region_map import RegionMap
    from tui.ui.widgets.rising_panel import RisingPanel, RisingTable

    shown: Shown = {name: [] for name in ("rising", "map", "compare")}
    shown.update({f"{name}:painted": [] for name in ("rising", "compare")})

    def timed(name: str, original: Callable[..., Any], drawn: bool = False) -> Callable[..., Any]:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(self, *args, **kwargs)
            if not drawn or getattr(self, "data", None) is not None:
                shown[name].append((time.perf_counter(), _shown_filters(self)))
            return result

        return method

    RisingPanel.show = timed("rising", RisingPanel.show)  # type: ignore[method-assign]
    ComparePanel.show = timed("compare", ComparePanel.show)  # type: ignore[method-assign]
    for name, table in (("rising", RisingTable), ("compare", CompareTable)):
        table.render_lines = _painted(shown[f"{name}:painted"], table.render_lines)  # type: ignore[method-assign]
    # The map is text laid out when painted: its render is the new map reaching the screen.
    RegionMap.render = timed("map", RegionMap.render, drawn=True)  # type: ignore[method-assign]
    return shown


def _painted(log: list[tuple[float, object]], original: Callable[..., Any]) -> Callable[..., Any]:
    def render_lines(self: Any, *args: Any, **kwargs: Any) -> Any:
        lines = original(self, *args, **kwargs)
        log.append((time.perf_counter(), None))
        return lines

    return render_lines


def _widget(app: Any, name: str) -> Any:
    from tui.ui.widgets.compare_panel import ComparePanel
    from tui.ui.widgets.region_map import RegionMap
    from tui.ui.widgets.rising_panel import RisingPanel

    kind = {"rising": RisingPanel, "map": RegionMap, "compare": ComparePanel}[name]
    for screen in reversed(list(app.screen_stack)):
        found = list(screen.query(kind))
        if found:
            return found[0]
    return None


def filled_at(app: Any, shown: Shown, name: str, since: float) -> float | None:
    """When the panel ``name`` was filled, after ``since``, with the current filters' numbers
    and on screen; None: not yet."""
    widget = _widget(app, name)
    if widget is None or not widget.display or widget.region.area == 0:
        return None
    filters = find_state(app, "filters")
    given = next((at for at, of in shown[name] if at >= since and of == filters), None)
    if given is None or name == "map":  # the map is timed by its drawing already
        return given
    return next((at for at, _ in shown[f"{name}:painted"] if at >= given), None)


async def time_panels(
    app: Any,
    pilot: Any,
    shown: Shown,
    keys_for: Callable[[str, Any, int], tuple[list[str], list[str]]],
    rounds: int,
    timeout: float,
) -> list[dict[str, Any]]:
    """Open each panel, change filters while it is open, close it: ``rounds`` times. One
    row per key timed: panel, what the key did (``open`` or the kind of change), ms."""
    rows: list[dict[str, Any]] = []
    step = 0
    for _ in range(rounds):
        for name, key in PANEL_KEYS.items():
            rows.append(await _timed_key(app, pilot, shown, name, "open", [], [key], timeout))
            for kind in WHILE_OPEN:
                prepare, deciding = keys_for(kind, app, step)
                step += 1
                rows.append(
                    await _timed_key(app, pilot, shown, name, kind, prepare, deciding, timeout)
                )
            # Closed again: M twice more (shaded by rise, then the plots), R and C once.
            await pilot.press(*([key, key] if name == "map" else [key]))
            await pilot.pause()
    return [row for row in rows if row]


async def _timed_key(
    app: Any,
    pilot: Any,
    shown: Shown,
    name: str,
    kind: str,
    prepare: list[str],
    deciding: list[str],
    timeout: float,
) -> dict[str, Any]:
    from tui.bench.dashboard import _wait

    if prepare:
        await pilot.press(*prepare)
    before = find_state(app, "filters")
    started = time.perf_counter()
    await pilot.press(*deciding)
    if kind != "open" and not await _wait(lambda: find_state(app, "filters") != before, 5.0):
        return {}  # the change changed nothing (a picker's choice as it was)
    state: dict[str, float] = {}

    def filled() -> bool:
        at = filled_at(app, shown, name, started)
        if at is not None:
            state["at"] = at
        return at is not None

    done = await _wait(filled, timeout)
    await pilot.pause()
    settled = time.perf_counter()
    if not done:
        return {"panel": name, "kind": kind, "timeout": True}
    return {
        "panel": name,
        "kind": kind,
        "ms": (state["at"] - started) * 1000,
        "settled_ms": (settled - started) * 1000,
    }
