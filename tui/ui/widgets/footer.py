"""The key bar: Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

PINNED_ACTIONS = ("help", "quit")
"""Keys the footer always shows, at its right end beside the command palette's: however
narrow the terminal, the user can see how to get help and how to leave."""

_Signature = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """A footer that keeps its keys when the bindings it would show are the same.

    Textual's footer mounts a new widget per key whenever the screen's bindings are updated,
    which happens each time a dialog closes or the focus moves: tens of milliseconds of event
    loop (styles for every key) that the first numbers after a picker closes wait behind.
    """

    def __init__(self, *children: Widget, **kwargs: bool | str | None) -> None:
        super().__init__(*children, **kwargs)  # type: ignore[arg-type]
        self._shown: _Signature | None = None
        self._keys_ready = False
        """Footer draws its keys once the screen has told it its bindings (here, as in
        Footer, the first bindings_changed)."""

    def _signature(self, screen: Screen[object]) -> _Signature:
        """What the footer shows of the screen's bindings."""
        palette = self.app.COMMAND_PALETTE_BINDING
        entries: Iterable[tuple[str, str, str, bool, str]] = (
            (key, binding.action, binding.description, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
        return tuple(entries)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._keys_ready = True
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._signature(screen) == self._shown
        ):
            return  # the same keys: nothing to rebuild
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._keys_ready:
            self._shown = self._signature(self.screen)
        pinned: list[Widget] = []
        for widget in super().compose():
            # Footer's key widget is not public API: a key is told by its action attribute.
            action = getattr(widget, "action", None)
            if action in PINNED_ACTIONS or widget.has_class("-command-palette"):
                pinned.append(widget)
            else:
                yield widget
        if pinned:
            # Docked right as one group (docked one by one, they would overlap); the others
            # fill what is left and are cut at its edge.
            order = {action: number for number, action in enumerate(PINNED_ACTIONS)}
            pinned.sort(key=lambda key: order.get(getattr(key, "action", ""), len(order)))
            yield HorizontalGroup(*pinned, classes="pinned-keys")
