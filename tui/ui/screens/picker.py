"""Pick one or several labels, fzf style: type to filter (space too), Tab marks, Enter chooses.

Enter chooses the marked labels or, with none marked, the highlighted one. The filter box
keeps Enter: it arrives after every key typed before it, and the list is filtered again
from the box's text before anything is chosen, so type-ahead never acts on a stale list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.labelmatch import Choice, LabelMatch, match_labels
from tui.ui.text import clean, plain, shorten

HELP = (
    "type to filter (space too) · tab mark (shift+tab: and go up) · enter: the ones "
    "marked, or else the highlighted one · ctrl+r: no filter · esc: cancel"
)


class PickerScreen(ModalScreen[tuple[str, ...] | None]):
    """Returns the chosen ids (empty: no filter), or None when cancelled."""

    # Not priority bindings: a key bound here waits its turn behind the keys typed before
    # it (which the filter box handles first), so it always acts on the filtered list.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "mark(1)", "Mark", tooltip="Mark the highlighted row and move down"),
        Binding("shift+tab", "mark(-1)", "Mark ↑", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("ctrl+r", "clear", "No filter"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str, int]],
        selected: tuple[str, ...],
        spellings: Mapping[str, Sequence[str]] | None = None,
        counts: Mapping[str, int] | None = None,
    ) -> None:
        """``choices`` are (id, display name, depth); depth indents cities under provinces.
        ``spellings``: per id, the other spellings the filter matches (phrases, aliases);
        ``counts``: per id, the articles it has, shown beside it."""
        super().__init__()
        self.title_text = title
        self.choices = [Choice(label_id, name, depth) for label_id, name, depth in choices]
        self.spellings: Mapping[str, Sequence[str]] = spellings or {}
        self.counts: Mapping[str, int] = counts or {}
        self.marked: set[str] = set(selected)
        # The current filter is shown marked; Enter keeps it (or a changed set) only once
        # Tab was used here: typing a name and Enter chooses that name, as it reads.
        self._marking = False
        self._visible: list[str] = []
        self._filtered_for: str | None = None
        # The top-level choice each nested one sits under (a county's province): shown beside
        # it when filtering takes the list out of its tree.
        self._under: dict[str, str] = {}
        top = ""
        for choice in self.choices:
            if choice.depth == 0:
                top = choice.name
            else:
                self._under[choice.id] = top

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(plain(self.title_text, style="bold"), id="picker-title")
            yield Label(id="picker-counts")
            yield Input(placeholder="type to filter", id="picker-filter")
            yield OptionList(id="picker-options")
            yield Label(id="picker-empty")
            yield Label(plain(HELP, style="dim"), id="picker-help")

    def on_mount(self) -> None:
        self.query_one("#picker-empty", Label).display = False
        self._refill("")

    # -- the filtered list ----------------------------------------------------------------

    def _text(self) -> str:
        return self.query_one("#picker-filter", Input).value

    def _fresh(self) -> None:
        """Filter the list again if the box's text changed since it was last filtered."""
        text = self._text()
        if text != self._filtered_for:
            self._refill(text)

    def _prompt(self, match: LabelMatch, filtered: bool) -> Text:
        choice = match.choice
        marked = choice.id in self.marked
        prompt = Text()
        prompt.append("[x] " if marked else "[ ] ", style="bold green" if marked else "dim")
        name = ("  " * choice.depth if not filtered else "") + clean(choice.name)
        prompt.append(name, style="bold" if marked else "")
        if match.spelling is not None:
            prompt.append(f"  “{shorten(clean(match.spelling), 30)}”", style="italic")
        if filtered and choice.id in self._under:
            prompt.append(f"  · {clean(self._under[choice.id])}", style="dim")
        if not match.exact:
            prompt.append("  ~", style="dim")
        count = self.counts.get(choice.id)
        if count is not None:
            prompt.append(f"  {count:,}", style="dim" if count else "dim italic")
        return prompt

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show beside each label the articles it would give (worked out off the event loop
        once the picker is open: the list is usable before they arrive)."""
        self.counts = counts
        self.query_one("#picker-counts", Label).update(
            plain("numbers: its articles under the other filters", style="dim")
        )
        if self.is_mounted:
            self._refill(self._text(), keep_highlight=True)

    def _refill(self, text: str, *, keep_highlight: bool = False) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        current = (
            self._visible[highlighted]
            if highlighted is not None and highlighted < len(self._visible)
            else None
        )
        matches = match_labels(text, self.choices, self.spellings)
        filtered = bool(text.strip())
        options.clear_options()
        options.add_options(
            [Option(self._prompt(match, filtered), id=match.choice.id) for match in matches]
        )
        self._visible = [match.choice.id for match in matches]
        self._filtered_for = text
        empty = self.query_one("#picker-empty", Label)
        empty.display = not self._visible
        if not self._visible:
            empty.update(
                plain(
                    f"no match for “{shorten(clean(text), 30)}” (backspace to edit)", style="yellow"
                )
            )
            return
        keep = keep_highlight and current is not None and current in self._visible
        options.highlighted = self._visible.index(current) if keep and current else 0

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill(event.value)

    def _highlighted_id(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self._visible):
            return None
        return self._visible[index]

    # -- actions --------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._fresh()
        options = self.query_one(OptionList)
        if not self._visible:
            return
        index = options.highlighted or 0
        options.highlighted = max(0, min(len(self._visible) - 1, index + step))

    def action_mark(self, step: int = 1) -> None:
        """Mark (or unmark) the highlighted row, then move to the next one (fzf's Tab)."""
        self._fresh()
        label_id = self._highlighted_id()
        if label_id is None:
            return
        self.marked.symmetric_difference_update({label_id})
        self._marking = True
        self._refill(self._text(), keep_highlight=True)
        self.action_move(step)

    def action_clear(self) -> None:
        self.dismiss(())

    def action_choose(self) -> None:
        """The labels marked with Tab or, with none, the highlighted one. A filter that
        matches nothing keeps the picker open (the list says "no match")."""
        self._fresh()
        label_id = self._highlighted_id()
        if label_id is None and self._text().strip():
            self.app.bell()
            return
        if self._marking and self.marked:
            order = [choice.id for choice in self.choices if choice.id in self.marked]
            self.dismiss(tuple(order))
            return
        self.dismiss((label_id,) if label_id is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()
