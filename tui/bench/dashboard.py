"""The dashboard child: warm start and the keypress path under Pilot."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.bench.common import BenchOptions, ChildRun, _python, _taxonomy_args, run_child

if TYPE_CHECKING:
    from tui.ui.screens.dashboard import DashboardScreen

# Kinds of filter change, in the order they are made (repeated until enough changes are made).
SCRIPT = (
    "date_back",
    "sector",
    "period",
    "region",
    "measure",
    "theme",
    "date_forward",
    "search",
    "share",
    "sector",
    "date_back",
    "region",
    "undo",
    "theme",
    "search",
    "reset",
)
SEARCH_WORDS = (
    "steel",
    "harvest",
    "coal",
    "railway",
    "power station",
    "fertilizer",
    "cement",
    "fishery",
    "bridge",
    "hospital",
    "university",
    "poultry",
    "mining",
    "housing",
    "pig farm",
    "power*",
)
_PICKER_KEYS = {"sector": ("s", "sectors"), "region": ("p", "regions"), "theme": ("t", "themes")}
_PICKER_REACH = 40
"""Pickers choose among their first choices only, so scripting them stays quick."""


def _moves(start: int, end: int) -> list[str]:
    """Picker keys from one choice to another (pagedown/pageup move ten)."""
    distance = abs(end - start)
    page, step = ("pagedown", "down") if end >= start else ("pageup", "up")
    return [page] * (distance // 10) + [step] * (distance % 10)


@dataclass
class _Marks:
    """Timestamps the instrumented app records (perf_counter seconds)."""

    last_table: float = 0.0
    by_generation: dict[int, dict[str, float]] = field(default_factory=dict)
    pending_plots: dict[str, int] = field(default_factory=dict)
    index_ready: float = 0.0
    requested: dict[int, float] = field(default_factory=dict)
    """When the app asked for a generation's numbers (refresh_views started the worker)."""
    computed: dict[int, float] = field(default_factory=dict)
    """When the views worker had a generation's plots (it made the PlotsReady message)."""

    def complete(self, generation: int) -> bool:
        marks = self.by_generation.get(generation, {})
        return {"tables", "timeline", "bars"} <= set(marks)


def _instrument(marks: _Marks) -> None:
    """Wrap the dashboard's handlers to record when tables and plots show a generation's
    data."""
    from tui.ui.messages import PlotsReady
    from tui.ui.screens.dashboard import DashboardScreen
    from tui.ui.widgets.plots import BarPlot, PlotPanel
    from tui.ui.widgets.tables import CountTable

    plots_ready_init = PlotsReady.__init__
    show_table = CountTable.show
    on_plots_ready = DashboardScreen.on_plots_ready
    on_index_ready = DashboardScreen.on_index_ready
    refresh_views = DashboardScreen.refresh_views

    def timed_show(self: CountTable, *args: Any, **kwargs: Any) -> None:
        show_table(self, *args, **kwargs)
        marks.last_table = time.perf_counter()

    def timed_message(self: PlotsReady, generation: int, *args: Any) -> None:
        marks.computed[generation] = time.perf_counter()  # in the worker thread
        plots_ready_init(self, generation, *args)

    def timed_refresh(self: DashboardScreen) -> None:
        started = time.perf_counter()
        refresh_views(self)
        marks.requested.setdefault(self.generation, started)

    def timed_plots(self: DashboardScreen, message: Any) -> None:
        received = time.perf_counter()
        before = self._plots_generation
        on_plots_ready(self, message)
        if self._plots_generation != before:
            generation = self._plots_generation
            marks.by_generation[generation] = {"received": received, "tables": marks.last_table}
            marks.pending_plots = {"timeline": generation, "bars": generation}

    def timed_index(self: DashboardScreen, message: Any) -> None:
        marks.index_ready = time.perf_counter()
        on_index_ready(self, message)

    def timed_render_line(original: Callable[..., Any]) -> Callable[..., Any]:
        # The plots are laid out in the views worker and painted line by line: the first line
        # the compositor asks for after on_plots_ready is the new plot reaching the screen
        # (made right here when the worker's lines do not fit the widget's size).
        def render_line(self: Any, *args: int) -> Any:
            result = original(self, *args)
            generation = marks.pending_plots.pop(str(self.id), None)
            if generation is not None:
                marks.by_generation.setdefault(generation, {})[str(self.id)] = time.perf_counter()
            return result

        return render_line

    CountTable.show = timed_show  # type: ignore[method-assign]
    DashboardScreen.on_plots_ready = timed_plots  # type: ignore[method-assign]
    DashboardScreen.on_index_ready = timed_index  # type: ignore[method-assign]
    DashboardScreen.refresh_views = timed_refresh  # type: ignore[method-assign]
    PlotsReady.__init__ = timed_message  # type: ignore[method-assign,assignment]
    PlotPanel.render_line = timed_render_line(PlotPanel.render_line)  # type: ignore[method-assign]
    # The bar chart is text laid out when painted: its render is the new chart reaching the
    # screen.
    BarPlot.render = timed_render_line(BarPlot.render)  # type: ignore[method-assign]


async def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.002)
    return True


async def _drive_dashboard(args: argparse.Namespace, wall0: float, perf0: float) -> dict[str, Any]:
    from tui.bench.panels import instrument_panels, time_panels
    from tui.core.session import Settings
    from tui.ui.app import CampaignApp

    marks = _Marks()
    _instrument(marks)
    panels_shown = instrument_panels()
    imported = time.perf_counter()
    settings = Settings(
        paths=(Path(args.corpus),),
        cache_dir=Path(args.cache_dir),
        taxonomy=Path(args.taxonomy) if args.taxonomy else None,
    )
    app = CampaignApp(settings, watch=False)
    result: dict[str, Any] = {}

    def wall(perf: float) -> float:
        return wall0 + (perf - perf0)

    columns, rows = (int(x) for x in args.size.lower().split("x"))
    async with app.run_test(size=(columns, rows)) as pilot:
        dashboard = app.dashboard
        if not await _wait(lambda: marks.complete(1), args.timeout):
            raise RuntimeError("the dashboard showed no numbers before the timeout")
        first = marks.by_generation[1]
        result["first_frame_wall"] = wall(max(first.values()))
        result["first_tables_wall"] = wall(first["tables"])
        result["imported_wall"] = wall(imported)
        result["index_ready_wall"] = wall(marks.index_ready)
        result["articles"] = (
            len(dashboard.query_engine.index.articles) if dashboard.query_engine else 0
        )
        result["changes"] = await _time_changes(pilot, dashboard, marks, args)
        result["panels"] = await time_panels(
            app, pilot, panels_shown, _panel_keys, args.panels, args.timeout
        )
        await pilot.press("q")
    return result


async def _time_changes(
    pilot: Any, dashboard: DashboardScreen, marks: _Marks, args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Key in ``args.changes`` filter changes; each one's times from its key to its tables
    and plots, and the memory after it."""
    from textual.widgets import Input

    changes: list[dict[str, Any]] = []
    step = 0
    searched = 0
    attempts = 0
    while len(changes) < args.changes and attempts < args.changes * 3:
        kind = SCRIPT[attempts % len(SCRIPT)]
        attempts += 1
        prepare, deciding, search, after = _keys_for(kind, dashboard, step, searched)
        searched += search is not None
        step += 1
        if prepare:
            await pilot.press(*prepare)
        before = dashboard.generation
        started = time.perf_counter()
        if search is not None:
            dashboard.query_one("#search", Input).value = search
        else:
            await pilot.press(*deciding)

        def newer(before: int = before) -> bool:
            return bool(dashboard.generation > before)

        changed = await _wait(newer, 5.0)
        if not changed:
            if after:
                await pilot.press(*after)
            continue
        generation = dashboard.generation

        def shown(generation: int = generation) -> bool:
            return marks.complete(generation) or dashboard.generation != generation

        done = await _wait(shown, args.timeout)
        if after:
            await pilot.press(*after)
        if not done or not marks.complete(generation):
            changes.append({"kind": kind, "timeout": True})
            continue
        changes.append(_change_figures(kind, marks, generation, started, dashboard))
        await pilot.pause()
        changes[-1]["rss_mb"] = _rss_mb()
    return changes


def _rss_mb() -> float | None:
    """This process's resident memory now (MB; None where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def _panel_keys(kind: str, app: Any, step: int) -> tuple[list[str], list[str]]:
    """The keys of a filter change made while a panel is open (never a search)."""
    prepare, deciding, _, _ = _keys_for(kind, getattr(app, "dashboard", app), step, 0)
    return prepare, deciding


def _keys_for(
    kind: str, dashboard: Any, step: int, searched: int
) -> tuple[list[str], list[str], str | None, list[str]]:
    """The keys of one filter change of ``kind``: those that prepare it, those that make it,
    the search typed (when a search), and those pressed after it."""
    prepare: list[str] = []
    deciding: list[str] = []
    search: str | None = None
    after: list[str] = []
    if kind in ("date_back", "date_forward"):
        deciding = ["left_square_bracket" if kind == "date_back" else "right_square_bracket"]
    elif kind == "period":
        deciding = ["g"]
    elif kind == "measure":
        deciding = ["m"]
    elif kind == "share":
        deciding = ["n"]
    elif kind == "reset":
        deciding = ["r"]
    elif kind == "undo":
        deciding = ["u"]
    elif kind == "search":
        prepare = ["slash"]
        # A word not searched before in this run: a repeat would time the cache.
        search = SEARCH_WORDS[searched % len(SEARCH_WORDS)]
        after = ["enter"]
    else:
        key, field_name = _PICKER_KEYS[kind]
        every = [c[0] for c in dashboard._choices(kind)]
        choices = every[:_PICKER_REACH]
        current = set(getattr(dashboard.filters, field_name))
        free = [i for i, c in enumerate(choices) if c not in current]
        target = free[(step * 7) % len(free)]
        prepare = [key]
        position = 0
        # Replace the selection: unmark what is chosen, mark one new choice (tab
        # marks and moves down a row).
        for index in sorted(i for i, c in enumerate(choices) if c in current):
            prepare += [*_moves(position, index), "tab"]
            position = min(index + 1, len(every) - 1)
        prepare += [*_moves(position, target), "tab"]
        deciding = ["enter"]
    return prepare, deciding, search, after


def _change_figures(
    kind: str, marks: _Marks, generation: int, started: float, dashboard: Any
) -> dict[str, Any]:
    """The times of one filter change, from its key to its tables and plots."""
    got = marks.by_generation[generation]
    requested = marks.requested.get(generation, started)
    computed = marks.computed.get(generation, got["received"])
    plotted = max(got["timeline"], got["bars"])
    return {
        "kind": kind,
        "tables_ms": (got["tables"] - started) * 1000,
        "plot_ms": (plotted - started) * 1000,
        # Where the time went: key to refresh_views, the views worker, the wait
        # for the event loop, filling the tables, rendering the plots.
        "key_ms": (requested - started) * 1000,
        "worker_ms": (computed - requested) * 1000,
        "queue_ms": (got["received"] - computed) * 1000,
        "fill_ms": (got["tables"] - got["received"]) * 1000,
        "render_ms": (plotted - got["tables"]) * 1000,
        "articles_total": dashboard.last_data.articles_total if dashboard.last_data else None,
    }


def dashboard_child(argv: Sequence[str]) -> int:
    """``python -m tui.bench dashboard``: open the dashboard, time it, write JSON to --out."""
    perf0 = time.perf_counter()
    from tui.ui.gc_pacing import starting

    starting()  # as `campaign-tui open` starts the dashboard
    from tui.core.process import tune_for_dashboard

    tune_for_dashboard()
    parser = argparse.ArgumentParser(prog="python -m tui.bench dashboard")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--taxonomy")
    parser.add_argument("--out", required=True)
    parser.add_argument("--t0", type=float, required=True, help="wall time the parent spawned us")
    parser.add_argument("--changes", type=int, default=0)
    parser.add_argument(
        "--panels", type=int, default=0, help="rounds of R, M and C, with filter changes"
    )
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(list(argv))
    wall0 = time.time()
    result = asyncio.run(_drive_dashboard(args, wall0, perf0))
    result["t0"] = args.t0
    Path(args.out).write_text(json.dumps(result), "utf-8")
    return 0


def _dashboard(
    corpus_dir: Path,
    cache: Path,
    options: BenchOptions,
    work: Path,
    changes: int,
    panels: int = 0,
) -> tuple[dict[str, Any], ChildRun]:
    out = work / "dashboard.json"
    out.unlink(missing_ok=True)
    t0 = time.time()
    run = run_child(
        [
            *_python(),
            "-m",
            "tui.bench",
            "dashboard",
            "--corpus",
            str(corpus_dir),
            "--cache-dir",
            str(cache),
            "--out",
            str(out),
            "--t0",
            repr(t0),
            "--changes",
            str(changes),
            "--panels",
            str(panels),
            "--size",
            f"{options.size[0]}x{options.size[1]}",
            *_taxonomy_args(options),
        ],
        work,
    )
    if run.returncode != 0 or not out.exists():
        raise RuntimeError(f"the dashboard child failed: {run.stderr.strip()[-3000:]}")
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    data["warm_start_s"] = data["first_frame_wall"] - t0
    data["warm_tables_s"] = data["first_tables_wall"] - t0
    data["import_s"] = data["imported_wall"] - t0
    data["index_load_s"] = data["index_ready_wall"] - data["imported_wall"]
    return data, run
