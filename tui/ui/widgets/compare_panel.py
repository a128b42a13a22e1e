"""Two date ranges side by side: each theme × sector (or region) cell in A, in B, and the change.

The rows are those of :func:`tui.core.compare.compare`, the export's comparison (`export
--compare-from/--compare-to`), in its order or sorted as the export's ``--sort`` sorts them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.core.models import NONE_LABEL, LabelKind
from tui.core.query import TOTAL
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean
from tui.ui.widgets.list_table import Cell, Justify, ListColumn, ListTable

SORTABLE = ("theme", "label", "a", "b", "change", "change_pct")


def _columns(kind: LabelKind, sort_key: str | None) -> list[ListColumn]:
    names = {
        "theme": "Theme",
        "label": "Sector" if kind == "sector" else "Region",
        "a": "A",
        "b": "B",
        "change": "Change",
        "change_pct": "Change %",
    }
    widths = {"theme": 22, "label": 16, "a": 7, "b": 7, "change": 9, "change_pct": 10}
    columns = []
    for key in SORTABLE:
        header = names[key]
        if sort_key and sort_key.lstrip("-") == key:
            header += " ▼" if sort_key.startswith("-") else " ▲"
        justify: Justify = "left" if key in ("theme", "label") else "right"
        least = {"theme": 12, "label": 10}.get(key)
        columns.append(ListColumn(key, header, widths[key], justify, shrink_to=least))
    return columns


def _number(value: float, share: bool, sign: bool = False) -> str:
    if share:
        text = f"{value * 100:+.1f}" if sign else f"{value * 100:.1f}%"
        return text if not sign else text + " pt"
    return f"{int(value):+,}" if sign else f"{int(value):,}"


_STYLES = {"bold": Style(bold=True), "cyan": Style(color="cyan")}
_CHANGE = {1: Style(color="green"), -1: Style(color="red"), 0: None}


class CompareTable(ListTable):
    """The compared cells; ``o`` sorts by the column under the cursor (descending, then
    ascending, then the tables' order), ``x`` switches sectors and regions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_sort", "Sort", tooltip="Sort by the column under the cursor"),
        Binding("x", "switch_kind", "Sectors/regions", tooltip="Compare by sector or by region"),
        Binding("B", "pick_b", "Range B", tooltip="Choose the compared range B"),
        Binding("Y", "year_earlier", "B = year before", tooltip="B: A's dates a year earlier"),
    ]

    @dataclass(eq=False)
    class SortChanged(Message):
        """The user sorted the comparison by another column."""

        sort: str | None

    @dataclass(eq=False)
    class Command(Message):
        """A request the dashboard answers: ``switch_kind``, ``pick_b`` or ``year_earlier``."""

        name: str

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(_columns("sector", None), cursor_type="cell", **kwargs)
        self.sort_key: str | None = "-change"
        self.rows_shown: list[tuple[str, str, float, float, float, float]] = []
        """What each row shows as numbers: theme, label, a, b, change, change_pct."""

    def show(
        self, frame: pd.DataFrame, kind: LabelKind, taxonomy: LoadedTaxonomy, share: bool
    ) -> None:
        rows: list[list[Cell]] = []
        self.rows_shown = []
        for record in frame.itertuples(index=False, name=None):
            theme, other, a, b, change, pct = record
            name = "Total" if other == TOTAL else taxonomy.name(str(other))
            theme_name = "(no theme)" if theme == NONE_LABEL else taxonomy.name(str(theme))
            pct_text = "" if pct is None or math.isnan(float(pct)) else f"{float(pct):+.1f}%"
            style = _CHANGE[(float(change) > 0) - (float(change) < 0)]
            rows.append(
                [
                    Cell(clean(theme_name), _STYLES["bold"]),
                    Cell(clean(name), _STYLES["cyan"]),
                    Cell(_number(float(a), share)),
                    Cell(_number(float(b), share)),
                    Cell(_number(float(change), share, sign=True), style),
                    Cell(pct_text, style),
                ]
            )
            self.rows_shown.append(
                (str(theme), str(other), float(a), float(b), float(change), float(pct))
            )
        self.set_rows(rows, _columns(kind, self.sort_key))

    def action_cycle_sort(self) -> None:
        column = SORTABLE[min(self.cursor_column, len(SORTABLE) - 1)]
        if self.sort_key == f"-{column}":
            self.sort_key = column
        elif self.sort_key == column:
            self.sort_key = None
        else:
            self.sort_key = column if column in ("theme", "label") else f"-{column}"
        self.post_message(self.SortChanged(self.sort_key))

    def action_switch_kind(self) -> None:
        self.post_message(self.Command("switch_kind"))

    def action_pick_b(self) -> None:
        self.post_message(self.Command("pick_b"))

    def action_year_earlier(self) -> None:
        self.post_message(self.Command("year_earlier"))


def range_text(dates: tuple[dt.date | None, dt.date | None]) -> str:
    start, end = dates
    return f"{start or '…'} – {end or '…'}"


class ComparePanel(Vertical):
    """What is compared with what, in words, then the compared cells."""

    _title: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title", classes="panel-title")
        yield CompareTable(id="compare-table")

    def show(
        self,
        frame: pd.DataFrame,
        kind: LabelKind,
        taxonomy: LoadedTaxonomy,
        share: bool,
        a: tuple[dt.date | None, dt.date | None],
        b: tuple[dt.date | None, dt.date | None],
        year_earlier: bool,
    ) -> None:
        title = Text("Compare", style="bold")
        title.append(f"  A {range_text(a)}", style="bold yellow")
        title.append(" · ", style="dim")
        title.append(f"B {range_text(b)}", style="bold yellow")
        title.append(" (a year earlier)" if year_earlier else "", style="dim")
        title.append(
            f"\nby {kind} · A: the filters' dates · change = A − B (% of B) · B, Y: range B"
            " · x · o: sort",
            style="dim",
        )
        if title != self._title:
            # Only when it says something new: an update lays the screen out again (the
            # title's height may change), some 15 ms at a filter change.
            self._title = title
            self.query_one("#compare-title", Static).update(title)
        self.query_one(CompareTable).show(frame, kind, taxonomy, share)
