"""Pick one or several labels: type to filter, space marks, Enter chooses."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.ui.text import plain


class FilterInput(Input):
    """The picker's filter box: space marks the highlighted choice instead of typing."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space":
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, PickerScreen):
                screen.action_mark()
            return
        await super()._on_key(event)


class PickerScreen(ModalScreen[tuple[str, ...] | None]):
    """Returns the chosen ids (empty: no filter), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "choose", "Choose", priority=True),
        Binding("space", "mark", "Mark"),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("pagedown", "move(10)", show=False, priority=True),
        Binding("pageup", "move(-10)", show=False, priority=True),
        Binding("ctrl+r", "clear", "Clear all"),
    ]

    def __init__(
        self, title: str, choices: list[tuple[str, str, int]], selected: tuple[str, ...]
    ) -> None:
        """``choices`` are (id, display name, depth); depth indents cities under provinces."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.marked: set[str] = set(selected)
        self._visible: list[str] = []
        # The top-level choice each nested one sits under (a county's province): shown beside
        # it when filtering takes the list out of its tree.
        self._under: dict[str, str] = {}
        top = ""
        for label_id, name, depth in choices:
            if depth == 0:
                top = name
            else:
                self._under[label_id] = top

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(plain(self.title_text, style="bold"), id="picker-title")
            yield FilterInput(placeholder="type to filter", id="picker-filter")
            yield OptionList(id="picker-options")
            yield Label(
                plain("space mark · enter choose · ctrl+r clear · esc cancel", style="dim"),
                id="picker-help",
            )

    def on_mount(self) -> None:
        self._refill("")

    @staticmethod
    def _key(value: str) -> str:
        return "".join(value.lower().split()).replace("-", "").replace("_", "")

    def _refill(self, text: str, *, keep_highlight: bool = False) -> None:
        wanted = self._key(text)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        current = self._visible[highlighted] if highlighted is not None and self._visible else None
        options.clear_options()
        self._visible = []
        matches = [
            (position, choice)
            for position, choice in enumerate(self.choices)
            if not wanted or wanted in self._key(choice[1]) or wanted in self._key(choice[0])
        ]
        if wanted:
            # Names that start with what was typed first, provinces before their counties:
            # "kang" finds Kangwon before Pyongyang's Kangdong.
            matches.sort(
                key=lambda item: (
                    not self._key(item[1][1]).startswith(wanted),
                    item[1][2],
                    item[0],
                )
            )
        for _, (label_id, name, depth) in matches:
            mark = "[x] " if label_id in self.marked else "[ ] "
            prompt = Text(mark, style="bold green" if label_id in self.marked else "dim")
            prompt.append(("  " * depth if not wanted else "") + name)
            if wanted and label_id in self._under:
                prompt.append(f"  · {self._under[label_id]}", style="dim")
            options.add_option(Option(prompt, id=label_id))
            self._visible.append(label_id)
        if self._visible:
            keep = keep_highlight and current is not None and current in self._visible
            options.highlighted = self._visible.index(current) if keep and current else 0

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def _highlighted_id(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self._visible):
            return None
        return self._visible[index]

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._visible:
            return
        index = options.highlighted or 0
        options.highlighted = max(0, min(len(self._visible) - 1, index + step))

    def action_mark(self) -> None:
        label_id = self._highlighted_id()
        if label_id is None:
            return
        self.marked.symmetric_difference_update({label_id})
        self._refill(self.query_one(Input).value, keep_highlight=True)

    def action_clear(self) -> None:
        self.dismiss(())

    def action_choose(self) -> None:
        if self.marked:
            order = [label_id for label_id, _, _ in self.choices if label_id in self.marked]
            self.dismiss(tuple(order))
            return
        label_id = self._highlighted_id()
        self.dismiss((label_id,) if label_id else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()
