"""The dashboard's filter keys: pickers, dates, periods, search, measure, shares, scope,
and undo/redo through the filter history (tui/core/history.py, plain code).

Every change goes through ``set_filters``, which records it for undo and refreshes the views.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.history import FilterHistory, describe_change
from tui.core.label_counts import label_counts
from tui.core.labelmatch import spellings_of
from tui.core.models import FilterState, LabelKind, Measure, Period, Scope
from tui.core.query import Query, period_name, period_range, step_range
from tui.core.series import SeriesChoice, offered_regions, offered_themes
from tui.core.session import Settings
from tui.core.shares import ShareBasis
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.screens.dialogs import DateRangeScreen
from tui.ui.screens.picker import PickerScreen
from tui.ui.text import clean
from tui.ui.titles import Drill, filter_bar
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.tables import CountTable

PERIOD_CYCLE = [Period.week, Period.month, Period.quarter, Period.year]
SCOPE_CYCLE = [Scope.article, Scope.paragraph, Scope.sentence]


class FilterActions(Screen[None]):
    """The keys that change the filters (and the few view switches beside them)."""

    # The dashboard's state these read and change (DashboardScreen sets it).
    settings: Settings
    taxonomy: LoadedTaxonomy
    query_engine: Query | None
    filters: FilterState
    history: FilterHistory
    drill: Drill | None
    bars_by: LabelKind
    lines: SeriesChoice
    _span: tuple[str | None, str | None]
    _search_session: int
    _search_before: str

    if TYPE_CHECKING:

        def refresh_views(self) -> None: ...

        def _leave_drill(self) -> None: ...

        def _update_table_titles(self) -> None: ...

    def set_filters(self, filters: FilterState, *, group: str | None = None) -> None:
        """Apply a filter change the user made (undo goes back through them; changes with
        the same ``group`` one after the other are one step)."""
        if filters == self.filters:
            return
        self.history.record(self.filters, filters, group)
        self._show_filters(filters)

    def _show_filters(self, filters: FilterState) -> None:
        self.filters = filters
        self._update_filter_bar()
        search = self.query_one("#search", Input)
        if search.display and search.value.strip() != filters.search.strip():
            search.value = filters.search  # an undo while the search box is open
        self.refresh_views()

    def action_undo(self) -> None:
        change = self.history.undo()
        if change is None:
            self.notify("Nothing to undo", markup=False)
            return
        text = describe_change(change.after, change.before, self.taxonomy.name)
        self._show_filters(change.before)
        self.notify(f"Undo: {text}", markup=False)

    def action_redo(self) -> None:
        change = self.history.redo()
        if change is None:
            self.notify("Nothing to redo", markup=False)
            return
        text = describe_change(change.before, change.after, self.taxonomy.name)
        self._show_filters(change.after)
        self.notify(f"Redo: {text}", markup=False)

    def _update_filter_bar(self) -> None:
        bar = filter_bar(self.filters, self.settings.scope, self.taxonomy.name)
        self.query_one("#filter-bar", Static).update(bar)

    def _choices(self, kind: LabelKind) -> list[tuple[str, str, int]]:
        if kind != "region":
            # Display names are the taxonomy author's text: cleaned before any picker row.
            return [(lab.id, clean(lab.name), 0) for lab in self.taxonomy.of_kind(kind)]
        choices: list[tuple[str, str, int]] = []

        def add(label_id: str, depth: int) -> None:
            choices.append((label_id, clean(self.taxonomy.name(label_id)), depth))
            children = sorted(
                (lab for lab in self.taxonomy.of_kind("region") if lab.parent == label_id),
                key=lambda lab: lab.name,
            )
            for child in children:
                add(child.id, depth + 1)

        for top in self.taxonomy.top_regions:
            add(top, 0)
        return choices

    def action_pick(self, kind: LabelKind) -> None:
        field = {"theme": "themes", "sector": "sectors", "region": "regions"}[kind]
        current: tuple[str, ...] = getattr(self.filters, field)
        title = {
            "theme": "Themes",
            "sector": "Sectors",
            "region": "Regions (provinces with their cities and counties)",
        }[kind]

        def chosen(result: tuple[str, ...] | None) -> None:
            if result is not None:
                self.set_filters(self.filters.model_copy(update={field: result}))

        picker = PickerScreen(title, self._choices(kind), current, spellings_of(self.taxonomy))
        self.app.push_screen(picker, chosen)
        self._count_labels(picker, {kind})

    def _count_labels(self, picker: PickerScreen, kinds: set[LabelKind]) -> None:
        if self.query_engine is not None:
            self._label_counts_worker(self.query_engine, self.filters, kinds, picker)

    @work(thread=True, exclusive=True, group="label-counts", exit_on_error=False)
    def _label_counts_worker(
        self, query: Query, filters: FilterState, kinds: set[LabelKind], picker: PickerScreen
    ) -> None:
        counts: dict[str, int] = {}
        for kind in sorted(kinds):
            counts.update(label_counts(query, filters, kind))
        self.app.call_from_thread(picker.set_counts, counts)

    def action_pick_lines(self) -> None:
        """Choose the timeline's lines: themes, or one theme and the regions to follow it in
        (the picker's first theme). None chosen: the leading themes again."""
        if self.query_engine is None:
            self.notify("The index is not ready yet.", severity="warning", markup=False)
            return
        query = self.query_engine
        themes = offered_themes(query, self.filters)
        regions = offered_regions(query, self.filters)
        choices = [(i, clean(self.taxonomy.name(i)), 0) for i in [*themes, *regions]]
        current = tuple(
            i for i in (*self.lines.themes, *self.lines.regions) if i in themes + regions
        )

        def chosen(result: tuple[str, ...] | None) -> None:
            if result is None:
                return
            picked_regions = tuple(i for i in result if i in regions)
            picked_themes = tuple(i for i in result if i in themes)
            if picked_regions and len(picked_themes) > 1:
                picked_themes = picked_themes[:1]
                self.notify(
                    f"One theme across regions: {self.taxonomy.name(picked_themes[0])}.",
                    markup=False,
                )
            self.lines = SeriesChoice(themes=picked_themes, regions=picked_regions)
            self.refresh_views()

        picker = PickerScreen(
            "Timeline lines: themes, or one theme and regions",
            choices,
            current,
            spellings_of(self.taxonomy),
        )
        self.app.push_screen(picker, chosen)
        self._count_labels(picker, {"theme", "region"})

    def _corpus_span(self) -> tuple[str | None, str | None]:
        return self._span

    def _date_span(self) -> tuple[dt.date, dt.date] | None:
        first, last = self._span
        if first is None or last is None:
            return None
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def action_dates(self) -> None:
        def chosen(result: tuple[dt.date | None, dt.date | None] | None) -> None:
            if result is not None:
                start, end = result
                self.set_filters(
                    self.filters.model_copy(update={"date_from": start, "date_to": end})
                )

        self.app.push_screen(
            DateRangeScreen(self.filters.date_from, self.filters.date_to, self._corpus_span()),
            chosen,
        )

    def action_shift(self, steps: int) -> None:
        """Move the date range by one period, within the corpus's first and last period."""
        f = self.filters
        first_text, last_text = self._corpus_span()
        if first_text is None or last_text is None:
            self.notify("No article has a date: there are no periods to move through.")
            return
        first, last = dt.date.fromisoformat(first_text), dt.date.fromisoformat(last_text)
        if f.date_from is None and f.date_to is None:
            # No range yet: [ starts at the corpus's last period, ] at its first.
            start, end = period_range(last if steps < 0 else first, f.period)
        else:
            if f.date_from is not None and f.date_to is not None:
                current = (f.date_from, f.date_to)
            else:
                current = period_range(f.date_to or f.date_from or last, f.period)
            moved = step_range(*current, f.period, steps, first, last)
            if moved is None:
                edge, which = (last, "last") if steps > 0 else (first, "first")
                self.notify(
                    f"The corpus's {which} {f.period.value} with articles is"
                    f" {period_name(edge, f.period)}: the range stops there.",
                    title="No more periods",
                    markup=False,
                )
                return
            start, end = moved
        self.set_filters(f.model_copy(update={"date_from": start, "date_to": end}))

    def action_cycle_period(self) -> None:
        """The next period (the timeline's points, the step of [ and ]); the range stays."""
        position = (
            PERIOD_CYCLE.index(self.filters.period) if (self.filters.period in PERIOD_CYCLE) else 0
        )
        period = PERIOD_CYCLE[(position + 1) % len(PERIOD_CYCLE)]
        self.set_filters(self.filters.model_copy(update={"period": period}))

    def action_search(self) -> None:
        self._search_session += 1
        self._search_before = self.filters.search
        self.query_one("#search", SearchBox).open(self.filters.search)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        value = event.value
        if value.strip() == self.filters.search.strip():
            return
        # What is typed into the box at one go is one step for undo, not one per key.
        self.set_filters(
            self.filters.model_copy(update={"search": value}),
            group=f"search {self._search_session}",
        )

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#search", Input).display = False
        self.query_one("#sectors", CountTable).focus()

    def action_toggle_measure(self) -> None:
        measure = (
            Measure.mentions if self.filters.measure is Measure.articles else (Measure.articles)
        )
        self.set_filters(self.filters.model_copy(update={"measure": measure}))

    def action_cycle_share_basis(self) -> None:
        """Shares of all articles, then of each column, then of each row (shares turn on)."""
        order = list(ShareBasis)
        basis = self.filters.share_basis
        if self.filters.share:
            basis = order[(order.index(basis) + 1) % len(order)]
        self.set_filters(self.filters.model_copy(update={"share": True, "share_basis": basis}))

    def action_toggle_heat(self) -> None:
        for table in self.query(CountTable):
            table.heat = not table.heat
            table.refresh()
        self._update_table_titles()

    def action_toggle_share(self) -> None:
        self.set_filters(self.filters.model_copy(update={"share": not self.filters.share}))

    def action_cycle_scope(self) -> None:
        """Article → paragraph → sentence: how close a theme and a sector or region must be
        to count together. The counts are redone off the event loop (the first paragraph or
        sentence count of a corpus works its pairs out from the cached mentions)."""
        if self.query_engine is None:
            self.notify("The index is not ready yet.", severity="warning", markup=False)
            return
        scope = SCOPE_CYCLE[(SCOPE_CYCLE.index(self.settings.scope) + 1) % len(SCOPE_CYCLE)]
        self.notify(f"Counting per {scope.value}…", title="Scope", markup=False, timeout=2)
        self._scope_worker(self.query_engine, scope)

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False)
    def _scope_worker(self, query: Query, scope: Scope) -> None:
        scoped = Query(query.index, scope)
        scoped.warm()
        self.app.call_from_thread(self._scope_ready, query, scoped)

    def _scope_ready(self, before: Query, scoped: Query) -> None:
        if self.query_engine is not before:
            return  # re-indexed meanwhile: that index's counts follow the settings' scope
        self.settings = self.settings.model_copy(update={"scope": scoped.scope})
        self.query_engine = scoped
        self._update_filter_bar()
        self.refresh_views()
        self.notify(
            f"A theme counts with a sector or region in the same {scoped.scope.value}.",
            title=f"Scope: {scoped.scope.value}",
            markup=False,
        )

    def action_toggle_bars(self) -> None:
        self.bars_by = "region" if self.bars_by == "theme" else "theme"
        self.refresh_views()

    def action_toggle_plots(self) -> None:
        self.toggle_class("show-plots")

    def action_reset(self) -> None:
        if self.drill is not None:
            self._leave_drill()
        self.set_filters(FilterState(period=self.filters.period))
