"""The search box: enter keeps what is typed, esc puts back the search it opened with."""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    """An Input that knows, the moment enter is pressed, that its search is kept.

    Input tells its submission by a message, handled after keys already on their way: an esc
    typed right behind enter would find the box still open and put back the old search.
    """

    kept = False
    """Enter was pressed since the box was opened."""

    def open(self, value: str) -> None:
        """Show the box holding ``value``, focused, not yet kept."""
        self.kept = False
        self.display = True
        self.value = value
        self.focus()

    async def action_submit(self) -> None:
        self.kept = True
        await super().action_submit()
