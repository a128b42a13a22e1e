"""Small dialogs: the date range and the export file name."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.core.daterange import parse_bound
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
            yield Label(
                plain("Date range (YYYY, YYYY-MM or YYYY-MM-DD; empty = open)", style="bold")
            )
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
        raws = [self.query_one(name, Input).value.strip() for name in ("#date-from", "#date-to")]
        for raw in raws:
            if raw and parse_bound(raw, end=False) is None:
                self.query_one("#dialog-error", Label).update(
                    plain(f"{raw!r} is not a date", style="bold red")
                )
                return
        first, last = raws
        start = parse_bound(first, end=False) if first else None
        end = parse_bound(last, end=True) if last else None
        if start and end and start > end:
            # Typed the wrong way round: each end of the range from the other field, so
            # that a year or month still runs from its first day to its last.
            start, end = parse_bound(last, end=False), parse_bound(first, end=True)
        self.dismiss((start, end))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[str | None]):
    """Proposes a file name in the current folder; Enter writes it.

    A file that is there already is replaced only after a second Enter; a folder gets the
    proposed file name inside it. With ``write``, the dialog writes (in a worker) and stays
    open when that fails, the name as typed and the reason shown; it closes with what
    ``write`` returned (a line for the user). Without, it closes with the path.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, view_name: str, proposal: str, write: Callable[[Path], str] | None = None
    ) -> None:
        super().__init__()
        self.view_name = view_name
        self.proposal = proposal
        self.write = write
        self._replace: Path | None = None
        """The existing file a second Enter replaces."""
        self._writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(f"Export {self.view_name} as CSV", style="bold"))
            yield Input(self.proposal, id="export-path")
            yield Label("", id="dialog-error")
            yield Label(plain("enter write · esc cancel", style="dim"))

    def target(self, value: str) -> Path:
        """The file ``value`` names: a folder (or a name ending in a slash) gets the
        proposed file name inside it."""
        path = Path(value).expanduser()
        if path.is_dir() or value.endswith(("/", os.sep)):
            return path / Path(self.proposal).name
        return path

    def _say(self, text: str, style: str = "bold red") -> None:
        self.query_one("#dialog-error", Label).update(plain(text, style=style))

    @on(Input.Changed, "#export-path")
    def _edited(self) -> None:
        if self._replace is not None:
            self._replace = None
            self._say("")

    @on(Input.Submitted, "#export-path")
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self._writing:
            return
        if not value:
            self._say("Type a file name to write to (esc cancels).")
            return
        target = self.target(value)
        if target.is_dir():
            self._say(f"{target} is a folder: type a file name.")
            return
        if target.exists() and self._replace != target:
            self._replace = target
            self._say(f"{target} exists: enter again to replace it, or change the name.", "bold")
            return
        if self.write is None:
            self.dismiss(str(target))
            return
        self._writing = True
        self._say(f"writing {target}…", "dim")
        self._write_worker(self.write, target)

    @work(thread=True, exclusive=True, group="export-dialog", exit_on_error=False)
    def _write_worker(self, write: Callable[[Path], str], target: Path) -> None:
        try:
            message = write(target)
        except (OSError, ValueError) as error:
            self.app.call_from_thread(self._failed, target, error)
            return
        self.app.call_from_thread(self.dismiss, message)

    def _failed(self, target: Path, error: Exception) -> None:
        self._writing = False
        self._replace = None
        # The atomic writer's errors already name the file (never its temporary file).
        # "[Errno 17]" means nothing to a reader: an OSError's own words are the message.
        said = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        reason = said if str(target) in said else f"cannot write {target}: {said}"
        self._say(reason[:1].upper() + reason[1:])
        self.query_one("#export-path", Input).focus()

    def action_cancel(self) -> None:
        if not self._writing:
            self.dismiss(None)
