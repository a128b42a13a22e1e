"""Small dialogs: the date range and the export file name."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.core.dates import parse_date
from tui.ui.text import plain


class DateRangeScreen(ModalScreen[tuple[dt.date | None, dt.date | None] | None]):
    """Two dates, either left empty for an open end."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, start: dt.date | None, end: dt.date | None, span: tuple[str | None, str | None]
    ) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.span = span

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain("Date range (YYYY-MM-DD; empty = open)", style="bold"))
            yield Label(
                plain(f"corpus: {self.span[0] or '?'} .. {self.span[1] or '?'}", style="dim")
            )
            with Horizontal(classes="dialog-row"):
                yield Input(
                    self.start.isoformat() if self.start else "", placeholder="from", id="date-from"
                )
                yield Input(
                    self.end.isoformat() if self.end else "", placeholder="to", id="date-to"
                )
            yield Label("", id="dialog-error")
            yield Label(plain("enter apply · tab next field · esc cancel", style="dim"))

    @on(Input.Submitted)
    def _submit(self) -> None:
        values = []
        for name in ("#date-from", "#date-to"):
            raw = self.query_one(name, Input).value.strip()
            parsed = parse_date(raw) if raw else None
            if raw and parsed is None:
                self.query_one("#dialog-error", Label).update(
                    plain(f"{raw!r} is not a date", style="bold red")
                )
                return
            values.append(parsed)
        start, end = values
        if start and end and start > end:
            start, end = end, start
        self.dismiss((start, end))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[str | None]):
    """Proposes a file name in the current folder; Enter writes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, view_name: str, proposal: str) -> None:
        super().__init__()
        self.view_name = view_name
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(f"Export {self.view_name} as CSV", style="bold"))
            yield Input(self.proposal, id="export-path")
            yield Label(plain("enter write · esc cancel", style="dim"))

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
