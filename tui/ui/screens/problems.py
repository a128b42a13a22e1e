"""The records and files that could not be read, with file, line and reason."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.core.models import Problem
from tui.ui.text import plain


class ProblemsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.severity == "error")
        yield Static(
            plain(
                f"{errors} records or files could not be read; "
                f"{len(self.problems) - errors} warnings (kept, e.g. undated)",
                style="bold",
            ),
            id="problems-title",
        )
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_column(Text("Severity"), key="severity")
        table.add_column(Text("File"), key="file")
        table.add_column(Text("Line"), key="line")
        table.add_column(Text("Reason"), key="reason")
        for problem in sorted(self.problems, key=lambda p: (p.severity != "error", p.source)):
            table.add_row(
                plain(problem.severity, style="red" if problem.severity == "error" else "yellow"),
                plain(problem.source),
                Text("" if problem.line is None else str(problem.line), justify="right"),
                plain(problem.reason),
            )
        table.focus()
