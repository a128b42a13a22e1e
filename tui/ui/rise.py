"""Rising cells, two ranges compared and the province map in the dashboard.

What the three panels show is worked out by :func:`compute` in a worker, from the same core
functions the export runs (``export --view rising``, ``--compare-from/--compare-to``), so the
dashboard's numbers are the export's. :class:`RiseActions` holds the keys' actions and the
handlers; the dashboard screen inherits it. Their keys are in tui/ui/bindings.py (RISE_BINDINGS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, cast

import pandas as pd
from rich.text import Text
from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.core.compare import compare, year_earlier
from tui.core.export import applicable_sort, sort_frame
from tui.core.models import NONE_LABEL, ExportRequest, FilterState, LabelKind, Measure, View
from tui.core.query import TOTAL, Query, period_range
from tui.core.rising import DEFAULT_BASELINE, RISING_COLUMNS, Window, rising, window
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.screens.dialogs import DateRangeScreen
from tui.ui.titles import Drill
from tui.ui.widgets.compare_panel import ComparePanel, CompareTable
from tui.ui.widgets.region_map import MapData, RegionMap
from tui.ui.widgets.rising_panel import RisingPanel, RisingTable

if TYPE_CHECKING:
    from tui.ui.screens.dashboard import DashboardScreen

Side = Literal["plots", "map", "rising"]
MapShade = Literal["value", "rise"]


@dataclass(frozen=True)
class RiseState:
    """Which of the panels are shown and how."""

    side: Side = "plots"
    map_shade: MapShade = "value"
    comparing: bool = False
    compare_kind: LabelKind = "sector"
    compare_b: tuple[dt.date | None, dt.date | None] | None = None
    """Range B; None: A's dates a year earlier."""
    compare_sort: str | None = "-change"
    baseline: int = DEFAULT_BASELINE


@dataclass(frozen=True)
class RiseRequest:
    generation: int
    filters: FilterState
    state: RiseState


@dataclass(frozen=True)
class RiseResult:
    """The numbers of the three panels for one filter state."""

    generation: int
    filters: FilterState
    state: RiseState
    rising: pd.DataFrame
    window: Window | None
    regions: pd.DataFrame
    """Theme × region counts (shares) of the filters: the map's numbers."""
    compare: pd.DataFrame | None = None
    compare_b: tuple[dt.date | None, dt.date | None] | None = None
    compare_only: bool = False
    """Only the comparison was worked out: it stood in for the tables beside the plots, and
    the rest (▲ marks, Rising list, map) was hidden."""


def b_range(filters: FilterState, state: RiseState) -> tuple[dt.date | None, dt.date | None]:
    """Range B: the one chosen, or A's dates a year earlier (A open: B open too)."""
    if state.compare_b is not None:
        return state.compare_b
    if filters.date_from is None or filters.date_to is None:
        return (None, None)
    return year_earlier(filters.date_from, filters.date_to)


def compute(query: Query, request: RiseRequest) -> RiseResult:
    """Every panel's numbers (slow at a million articles: a worker's)."""
    filters, state = request.filters, request.state
    only = state.comparing and state.side == "plots"
    if only:
        frame, periods, regions = pd.DataFrame(columns=RISING_COLUMNS), None, pd.DataFrame()
    else:
        frame = rising(query, filters, baseline=state.baseline)
        periods = window(query, filters, state.baseline)
        regions = query.theme_by("region", filters)
    compared, b = None, None
    if state.comparing:
        b = b_range(filters, state)
        compared = compare(query, filters, state.compare_kind, *b)
        sort = state.compare_sort
        if sort is not None and sort.lstrip("-") == "label":
            sort = sort.replace("label", state.compare_kind)
        compared = sort_frame(compared, applicable_sort(compared, sort)).reset_index(drop=True)
    return RiseResult(
        request.generation, filters, state, frame, periods, regions, compared, b, only
    )


def marks_of(frame: pd.DataFrame, kind: LabelKind) -> frozenset[tuple[str, str]]:
    """The (theme, label) cells of one kind that rose significantly."""
    flagged = frame[(frame["kind"] == kind) & frame["rising"].astype(bool)]
    return frozenset(zip(flagged["theme"].astype(str), flagged["label"].astype(str), strict=True))


def map_data(result: RiseResult, theme: str, taxonomy: LoadedTaxonomy, shade: MapShade) -> MapData:
    """The map of one theme row (``TOTAL``: every theme) of the result's region table."""
    filters = result.filters
    regions = result.regions
    names = {r: taxonomy.name(r) for r in taxonomy.top_regions if r != "national"}
    scores: dict[str, float] = {}
    rising_regions: set[str] = set()
    of_theme = result.rising[(result.rising["kind"] == "region")]
    if theme != TOTAL:
        of_theme = of_theme[of_theme["theme"] == theme]
    for record in of_theme.itertuples(index=False):
        province = _province(taxonomy, str(record.label))
        scores[province] = max(scores.get(province, 0.0), float(record.score))  # type: ignore[arg-type]
        if bool(record.rising):
            rising_regions.add(province)
    values: dict[str, float] = {}
    row = (
        regions.sum(axis=0)
        if theme == TOTAL
        else regions.loc[theme]
        if theme in regions.index
        else pd.Series(dtype=float)
    )
    for column, value in row.items():
        if column in (TOTAL, NONE_LABEL):
            continue
        values[_province(taxonomy, str(column))] = float(cast(float, value))
    national = values.pop("national", 0.0)
    unit = "mentions" if filters.measure is Measure.mentions else "articles"
    what = "theme-mentions (all themes)" if theme == TOTAL else taxonomy.name(theme)
    dates = (
        f"{filters.date_from or '…'} – {filters.date_to or '…'}"
        if filters.date_from or filters.date_to
        else "all dates"
    )
    if shade == "rise":
        label = result.window.label if result.window is not None else "the last period"
        title = f"{what}: rise score in {label}"
        return MapData(
            values=scores, names=names, title=title, rising=frozenset(rising_regions), decimals=1
        )
    share = " (share)" if filters.share else ""
    title = f"{what}: {unit}{share}, {dates}"
    return MapData(
        values=values,
        names=names,
        title=title,
        share=filters.share,
        national=national,
        rising=frozenset(rising_regions),
    )


def _province(taxonomy: LoadedTaxonomy, label: str) -> str:
    # A region filter names a province's column after the cities chosen in it ("a;b").
    first = label.split(";")[0]
    return taxonomy.root(first) if first in taxonomy.labels else first


@dataclass(eq=False)
class RiseReady(Message):
    """The panels' numbers for one filter state."""

    result: RiseResult


@dataclass(eq=False)
class RiseFailed(Message):
    """The panels' numbers could not be worked out (the worker's error is shown)."""


class RiseActions(Screen[None]):
    """The keys and handlers of the Rising panel, the comparison and the map."""

    rise_state: RiseState = RiseState()
    rise_result: RiseResult | None = None
    _rise_generation: int = 0
    views_waiting: bool = False
    """The views pipeline is asked for once the comparison's numbers are shown."""

    def _dashboard(self) -> DashboardScreen:
        return cast("DashboardScreen", self)

    # -- what is shown ----------------------------------------------------------------------

    def _apply_rise_classes(self) -> None:
        state = self.rise_state
        self.query_one("#map").set_class(state.side == "map", "-on")
        self.query_one("#rising").set_class(state.side == "rising", "-on")
        for plot in self.query("#timeline, #bars"):
            plot.set_class(state.side != "plots", "-off")
        self.query_one("#compare").set_class(state.comparing, "-on")
        for table in self.query("#tables > .panel-title, CountTable, #rise-legend"):
            table.set_class(state.comparing, "-off")

    def _focus_shown_panel(self) -> None:
        """Focus the comparison or the Rising panel if it is still shown (a second R or C
        typed fast may have closed it before this runs)."""
        state = self.rise_state
        if state.comparing:
            self.query_one(CompareTable).focus()
        elif state.side == "rising":
            self.query_one(RisingTable).focus()

    def action_side(self, side: Side) -> None:
        """Show the map or the Rising panel in place of the plots (the same key: back; M
        twice: the map shaded by rise)."""
        state = self.rise_state
        if side == "map" and state.side == "map" and state.map_shade == "value":
            self.rise_state = replace(state, map_shade="rise")
            self._show_rise()
            return
        new: Side = "plots" if state.side == side else side
        self.rise_state = replace(state, side=new, map_shade="value")
        self._apply_rise_classes()
        # A narrow terminal has the plots' column hidden behind the tables: shown for these.
        if self.has_class("narrow"):
            self.set_class(new != "plots", "show-plots")
        if self.rise_result is not None and self.rise_result.compare_only and new != "plots":
            self.refresh_rise()  # worked out for the comparison alone: the rest now too
        if new == "rising":
            # Focus after the panel is painted: the footer rebuilds its keys for the new
            # focus (a hundred ms or more), and the numbers asked for come first.
            self.call_after_refresh(self._focus_shown_panel)
        elif self.query_one(RisingTable).has_focus:
            self.query_one("#sectors").focus()
        self._show_rise()

    def action_toggle_compare(self) -> None:
        dashboard = self._dashboard()
        state = self.rise_state
        if state.comparing:
            self.rise_state = replace(state, comparing=False)
            self._apply_rise_classes()
            self.query_one("#sectors").focus()
            self._request_waiting_views()  # closed before the comparison's numbers came
            if self.rise_result is None or self.rise_result.compare_only:
                self.refresh_rise()  # the ▲ marks, Rising list and map were left out
            return
        self.rise_state = replace(state, comparing=True)
        self._apply_rise_classes()
        self.remove_class("show-plots")
        self.call_after_refresh(self._focus_shown_panel)
        f = dashboard.filters
        if f.date_from is None or f.date_to is None:
            # A comparison is of two ranges: with none set, A is the corpus's last period.
            last = dashboard._corpus_span()[1]
            if last is not None:
                day = f.date_to or dt.date.fromisoformat(last)
                start, end = period_range(day, f.period)
                self.notify(
                    f"A is the {f.period.value} {start} – {end} ([ ] move it, d sets it);"
                    " B the same dates a year earlier (B picks another).",
                    title="Compare",
                    markup=False,
                )
                dashboard.set_filters(f.model_copy(update={"date_from": start, "date_to": end}))
                return
        self.refresh_rise()

    def on_compare_table_command(self, message: CompareTable.Command) -> None:
        state = self.rise_state
        if message.name == "switch_kind":
            kind: LabelKind = "region" if state.compare_kind == "sector" else "sector"
            self.rise_state = replace(state, compare_kind=kind)
            self.refresh_rise()
        elif message.name == "year_earlier":
            self.rise_state = replace(state, compare_b=None)
            self.refresh_rise()
        elif message.name == "pick_b":
            dashboard = self._dashboard()
            start, end = b_range(dashboard.filters, state)

            def chosen(result: tuple[dt.date | None, dt.date | None] | None) -> None:
                if result is not None:
                    self.rise_state = replace(self.rise_state, compare_b=result)
                    self.refresh_rise()

            self.app.push_screen(DateRangeScreen(start, end, dashboard._corpus_span()), chosen)

    def on_compare_table_sort_changed(self, message: CompareTable.SortChanged) -> None:
        self.rise_state = replace(self.rise_state, compare_sort=message.sort)
        self.refresh_rise()

    def on_rising_table_drill(self, message: RisingTable.Drill) -> None:
        """The articles of the listed cell in the period it rose in: the date range becomes
        that period (u puts it back) and the article list shows the cell's articles."""
        dashboard = self._dashboard()
        start, end = message.dates
        dashboard.drill = Drill(message.theme, message.label, message.kind)
        dashboard._drill_origin = None
        moved = dashboard.filters.model_copy(update={"date_from": start, "date_to": end})
        if moved == dashboard.filters:
            dashboard.refresh_views()
        else:
            dashboard.set_filters(moved)
        self.query_one("#articles").focus()

    def on_data_table_cell_highlighted(self, message: DataTable.CellHighlighted) -> None:
        # The map follows the theme under the cursor of either count table.
        if message.data_table.id in ("sectors", "regions") and self.rise_state.side == "map":
            self._show_map()

    # -- computing ----------------------------------------------------------------------------

    def refresh_rise(self) -> None:
        """Recompute the panels for the current filters, off the event loop."""
        dashboard = self._dashboard()
        if dashboard.query_engine is None:
            return
        self._rise_generation += 1
        request = RiseRequest(self._rise_generation, dashboard.filters, self.rise_state)
        self._rise_worker(dashboard.query_engine, request)

    def _rise_worker_body(self, query: Query, request: RiseRequest) -> None:
        try:
            result = compute(query, request)
        except Exception:
            self.post_message(RiseFailed())  # the views waiting for it are asked for anyway
            raise
        self.post_message(RiseReady(result))

    @work(thread=True, exclusive=True, group="rise", exit_on_error=False)
    def _rise_worker(self, query: Query, request: RiseRequest) -> None:
        self._rise_worker_body(query, request)

    def on_rise_ready(self, message: RiseReady) -> None:
        result = message.result
        if result.generation != self._rise_generation:
            return  # a newer filter change is on its way
        self.rise_result = result
        self._show_rise()
        if self.views_waiting:
            self.call_after_refresh(self._request_waiting_views)

    def on_rise_failed(self, message: RiseFailed) -> None:
        self._request_waiting_views()

    def _request_waiting_views(self) -> None:
        if self.views_waiting:
            self.views_waiting = False
            self._dashboard().request_views()

    def _show_rise(self) -> None:
        from tui.ui.widgets.tables import CountTable

        dashboard = self._dashboard()
        result = self.rise_result
        if result is None:
            return
        taxonomy = dashboard.taxonomy
        if result.compare_only:
            self._show_compare(result)
            return
        for table, kind in (("#sectors", "sector"), ("#regions", "region")):
            self.query_one(table, CountTable).set_marks(marks_of(result.rising, kind))  # type: ignore[arg-type]
        self.query_one("#rise-legend", Static).update(self._legend(result))
        period = result.filters.period.value
        self.query_one(RisingPanel).show(
            result.rising, taxonomy, result.window, result.state.baseline, period
        )
        self._show_compare(result)
        self._show_map()

    def _show_compare(self, result: RiseResult) -> None:
        if result.compare is not None and result.compare_b is not None:
            self.query_one(CompareTable).sort_key = result.state.compare_sort
            self.query_one(ComparePanel).show(
                result.compare,
                result.state.compare_kind,
                self._dashboard().taxonomy,
                result.filters.share,
                (result.filters.date_from, result.filters.date_to),
                result.compare_b,
                result.state.compare_b is None,
            )

    def rise_export(self, focused: object) -> tuple[ExportRequest, str] | None:
        """The export of the focused Rising list or comparison (None: neither is focused)."""
        dashboard = self._dashboard()
        state = self.rise_state
        if focused is self.query_one(RisingTable):
            request = ExportRequest(
                view=View.rising, filters=dashboard.filters, baseline=state.baseline
            )
            return request, "Rising list"
        if focused is self.query_one(CompareTable):
            b = b_range(dashboard.filters, state)
            view = View.theme_by_sector if state.compare_kind == "sector" else View.theme_by_region
            sort = state.compare_sort
            if sort is not None and sort.lstrip("-") == "label":
                sort = sort.replace("label", state.compare_kind)
            request = ExportRequest(
                view=view, filters=dashboard.filters, sort=sort, compare_from=b[0], compare_to=b[1]
            )
            return request, f"comparison by {state.compare_kind}"
        return None

    def _legend(self, result: RiseResult) -> Text:
        if result.window is None:
            return Text("")
        flagged = int(result.rising["rising"].sum()) if len(result.rising) else 0
        start, end = result.window.baseline
        text = Text()
        if flagged:
            text.append("▲", style="bold green")
            text.append(f" rose in {result.window.label}", style="dim")
        else:
            text.append(f"No cell rose in {result.window.label}", style="dim")
        text.append(
            f" against the {result.state.baseline} {result.filters.period.value}s before"
            f" ({start:%Y-%m-%d} – {end:%Y-%m-%d}) · R: Rising",
            style="dim",
        )
        return text

    def _map_theme(self) -> str:
        from tui.ui.widgets.tables import CountTable

        dashboard = self._dashboard()
        if len(dashboard.filters.themes) == 1:
            return dashboard.filters.themes[0]
        focused = dashboard.focused
        tables = [self.query_one("#regions", CountTable), self.query_one("#sectors", CountTable)]
        if isinstance(focused, CountTable):
            tables.insert(0, focused)
        for table in tables:
            cell = table.cell_at_cursor()
            if cell is not None and cell[0] != NONE_LABEL:
                return cell[0]
        return TOTAL

    def _show_map(self) -> None:
        result = self.rise_result
        if result is None or self.rise_state.side != "map":
            return
        data = map_data(
            result, self._map_theme(), self._dashboard().taxonomy, self.rise_state.map_shade
        )
        self.query_one(RegionMap).show(data)
