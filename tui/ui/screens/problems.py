"""The records and files that could not be read, with file, line or record, and reason."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.core.models import Problem
from tui.core.wording import counted
from tui.ui.text import plain

_ORDER = {"error": 0, "skipped": 1, "warning": 2}
_STYLES = {"error": "red", "skipped": "cyan", "warning": "yellow"}


def where(problem: Problem) -> str:
    """``line 12`` or, in a JSON array, ``record 25``; empty for a whole file."""
    if problem.line is None:
        return ""
    return f"{problem.unit} {problem.line:,}"


def summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    skipped = sum(1 for p in problems if p.severity == "skipped")
    warnings = sum(1 for p in problems if p.severity == "warning")
    parts = [
        f"{counted(errors, 'record or file', 'records or files')} could not be read",
        f"{counted(skipped, 'record')} skipped (no article in them: a title only)",
        f"{counted(warnings, 'warning')} (kept, e.g. undated)",
    ]
    return "; ".join(parts)


class ProblemsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Static(plain(summary(self.problems), style="bold"), id="problems-title")
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_column(Text("Severity"), key="severity")
        table.add_column(Text("File"), key="file")
        table.add_column(Text("Where"), key="line")
        table.add_column(Text("Reason"), key="reason")
        for problem in sorted(self.problems, key=lambda p: (_ORDER[p.severity], p.source)):
            table.add_row(
                plain(problem.severity, style=_STYLES[problem.severity]),
                plain(problem.source),
                Text(where(problem), justify="right"),
                plain(problem.reason),
            )
        table.focus()
