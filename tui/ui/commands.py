"""The command palette's entries: one per key of the app and of the dashboard screen, and
the dashboard panels' own keys (sort, pages).

The app's and the screen's keys run where they are bound; the keys a panel binds (a table's
`o`, the article list's `<` and `>`) act on that panel, so they are listed here once each and
run on the focused panel when it has them, else on the first panel of their kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from tui.ui.widgets.tables import ArticleTable, CountTable

PANELS: tuple[type[Widget], ...] = (CountTable, ArticleTable)
"""The dashboard's panels with keys of their own."""


def binding_commands(
    app: App[Any], bindings: Iterable[Binding], namespace: DOMNode
) -> Iterator[SystemCommand]:
    """One palette command per action of ``bindings``, named with every key that runs it
    (undo: u and ctrl+z), run in ``namespace`` (the screen or the app that binds them)."""
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for binding in bindings:
        # quit: Textual's own "Quit the application" command is in the palette already.
        if binding.action == "quit":
            continue
        keys.setdefault(binding.action, []).append(binding.key_display or binding.key)
        first.setdefault(binding.action, binding)
    for action, binding in first.items():

        async def run(action: str = action) -> None:
            await app.run_action(action, default_namespace=namespace)

        yield SystemCommand(
            f"{binding.description} ({', '.join(keys[action])})",
            binding.tooltip or binding.description,
            run,
        )


def panel_bindings() -> list[tuple[type[Widget], Binding]]:
    """Every key the dashboard's panels bind, with the panel class that binds it."""
    found: list[tuple[type[Widget], Binding]] = []
    for panel in PANELS:
        found.extend((panel, b) for b in panel.BINDINGS if isinstance(b, Binding))
    return found


def panel_commands(app: App[Any]) -> Iterator[SystemCommand]:
    """One palette command per panel action, named with every key that runs it."""
    keys: dict[str, list[str]] = {}
    first: dict[str, tuple[type[Widget], Binding]] = {}
    for panel, binding in panel_bindings():
        shown = binding.key_display or binding.key
        if shown not in keys.setdefault(binding.action, []):
            keys[binding.action].append(shown)
        first.setdefault(binding.action, (panel, binding))
    for action, (panel, binding) in first.items():

        async def run(action: str = action, panel: type[Widget] = panel) -> None:
            method = f"action_{action.partition('(')[0]}"
            focused = app.focused
            target = (
                focused
                if focused is not None and hasattr(focused, method)
                else next(iter(app.screen.query(panel)), None)
            )
            if target is None:
                app.notify(f"No {panel.__name__} on this screen.", markup=False)
                return
            await app.run_action(action, default_namespace=target)

        description = binding.description or action
        yield SystemCommand(
            f"{description} ({', '.join(keys[action])})",
            binding.tooltip or description,
            run,
        )
