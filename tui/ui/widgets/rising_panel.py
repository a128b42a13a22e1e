"""The Rising panel: the theme × sector and theme × region cells most above their baseline.

It lists the rows of :func:`tui.core.rising.rising` (the export's rising view) in the same
order; Enter asks for the articles of the listed period behind a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Literal

import pandas as pd
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.core.rising import MIN_COUNT, MIN_RATIO, MIN_SCORE, Window
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean, plain
from tui.ui.widgets.list_table import Cell, ListColumn, ListTable

RISING_ROWS = 50
"""Cells the panel lists (the export has them all)."""


def rule_text(window: Window | None, baseline: int, period: str) -> str:
    """The rule the panel and the tables' ▲ follow, in one paragraph."""
    if window is None:
        return "No article has a date: there is no period to compare."
    start, end = window.baseline
    return (
        f"{window.label} against the {baseline} {period}s before ({start} – {end}), scaled by"
        f" the articles in each. Score = −log10 P(≥ count | Poisson of the expected);"
        f" ▲: score ≥ {MIN_SCORE:g}, count ≥ {MIN_COUNT} and ≥ {MIN_RATIO:g}× expected."
    )


_COLUMNS = [
    ListColumn("mark", "▲", 1),
    ListColumn("theme", "Theme", 20, shrink_to=12),
    ListColumn("label", "Sector/region", 14, shrink_to=10),
    ListColumn("count", "Count", 7, "right"),
    ListColumn("baseline", "Expect", 8, "right"),
    ListColumn("score", "Score", 6, "right"),
]
_RISE = Style(bold=True, color="green")
_LABEL = Style(color="cyan")


class RisingTable(ListTable):
    """The listed cells; Enter drills into the articles of the period behind one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Articles", tooltip="The articles of this cell"),
    ]

    @dataclass(eq=False)
    class Drill(Message):
        """The articles behind a listed cell in the period it rose in."""

        theme: str
        label: str
        kind: Literal["sector", "region"]
        dates: tuple[dt.date, dt.date]

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(_COLUMNS, cursor_type="row", **kwargs)
        self._cells: list[tuple[str, str, Literal["sector", "region"]]] = []
        self._dates: tuple[dt.date, dt.date] | None = None

    def show(
        self, frame: pd.DataFrame, taxonomy: LoadedTaxonomy, dates: tuple[dt.date, dt.date] | None
    ) -> None:
        """List the first rows of a rising frame (most surprising first)."""
        rows: list[list[Cell]] = []
        self._cells = []
        self._dates = dates
        for record in frame.head(RISING_ROWS).itertuples(index=False):
            theme, kind, label = str(record.theme), str(record.kind), str(record.label)
            rows.append(
                [
                    Cell("▲", _RISE) if bool(record.rising) else Cell(""),
                    Cell(clean(taxonomy.name(theme))),
                    Cell(clean(_label_name(taxonomy, label)), _LABEL),
                    Cell(f"{int(record.count):,}"),  # type: ignore[call-overload]
                    Cell(f"{float(record.baseline):.1f}"),  # type: ignore[arg-type]
                    Cell(f"{float(record.score):.1f}"),  # type: ignore[arg-type]
                ]
            )
            self._cells.append((theme, label, "sector" if kind == "sector" else "region"))
        self.set_rows(rows)

    @property
    def cells(self) -> list[tuple[str, str, Literal["sector", "region"]]]:
        """The listed (theme, label, kind), top first."""
        return list(self._cells)

    def selected(self, row: int) -> None:
        if self._dates is not None and row < len(self._cells):
            theme, label, kind = self._cells[row]
            self.post_message(self.Drill(theme, label, kind, self._dates))


def _label_name(taxonomy: LoadedTaxonomy, label: str) -> str:
    # A region filter may name a province's column after the cities chosen ("a;b").
    return ", ".join(taxonomy.name(part) for part in label.split(";"))


class RisingPanel(Vertical):
    """The rule in words, then the listed cells."""

    def compose(self) -> ComposeResult:
        yield Static(plain("Rising", style="bold"), id="rising-title", classes="panel-title")
        yield Static(id="rising-rule")
        yield RisingTable(id="rising-table")

    def show(
        self,
        frame: pd.DataFrame,
        taxonomy: LoadedTaxonomy,
        window: Window | None,
        baseline: int,
        period: str,
    ) -> None:
        flagged = int(frame["rising"].sum()) if len(frame) else 0
        title = Text("Rising", style="bold")
        title.append(
            f"  {flagged} cell{'s' if flagged != 1 else ''} ▲ · top {min(len(frame), RISING_ROWS)}"
            f" of {len(frame)} with articles · enter: their articles",
            style="dim",
        )
        self.query_one("#rising-title", Static).update(title)
        self.query_one("#rising-rule", Static).update(
            plain(rule_text(window, baseline, period), style="dim")
        )
        self.query_one(RisingTable).show(
            frame, taxonomy, window.current if window is not None else None
        )
