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
        self._rebuild_pending = False
        """A rebuild is scheduled and has not run yet."""

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
        rebuilds = self.app.app_focus and self.is_attached and screen is self.screen
        if not rebuilds or self._shown is None:
            super().bindings_changed(screen)  # Footer's own rules (no rebuild while unfocused)
            self._rebuild_pending = self._rebuild_pending or rebuilds
            return
        signature = self._signature(screen)
        if signature == self._shown:
            return  # the same keys (or a rebuild for them on its way): nothing to do
        self._shown = signature
        if self._rebuild_pending:
            # A focus move tells the footer two or three times before its rebuild runs (the
            # old widget hidden, the new one focused); the rebuild, which reads the screen's
            # keys when it runs, shows the last.
            return
        self._rebuild_pending = True
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._rebuild_pending = False
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
