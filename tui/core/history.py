"""Undo and redo of filter changes, and what a change did, in words for a notification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.models import FilterState

HISTORY_LIMIT = 200
"""Filter changes kept for undo; the oldest are forgotten first."""

_SEARCH_SHOWN = 30
_LABEL_FIELDS = (("themes", "theme"), ("sectors", "sector"), ("regions", "region"))


@dataclass(frozen=True)
class FilterChange:
    """One step of the history: the filters before and after it."""

    before: FilterState
    after: FilterState
    group: str | None = None
    """Changes recorded one after the other with the same group are one step (a search typed
    key by key is undone as a whole)."""


class FilterHistory:
    """The filter changes that undo goes back through and redo forward again."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._limit = limit
        self._undo: list[FilterChange] = []
        self._redo: list[FilterChange] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, before: FilterState, after: FilterState, group: str | None = None) -> None:
        """A change the user made; what was undone before it can no longer be redone."""
        if before == after:
            return
        self._redo.clear()
        top = self._undo[-1] if self._undo else None
        if group is not None and top is not None and top.group == group and top.after == before:
            self._undo.pop()
            if top.before != after:  # typed back to where it started: no step left
                self._undo.append(FilterChange(top.before, after, group))
            return
        self._undo.append(FilterChange(before, after, group))
        del self._undo[: -self._limit]

    def undo(self) -> FilterChange | None:
        """The last change, to be reverted (its ``before`` is the state to go back to)."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> FilterChange | None:
        """The last undone change, to be made again (its ``after`` is the state to restore)."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change


def describe_change(old: FilterState, new: FilterState, name: Callable[[str], str]) -> str:
    """What going from ``old`` to ``new`` changes, e.g. "region North Phyongan removed".

    ``name`` gives a label's display name from its id.
    """
    parts: list[str] = []
    for field, kind in _LABEL_FIELDS:
        before: tuple[str, ...] = getattr(old, field)
        after: tuple[str, ...] = getattr(new, field)
        added = [label for label in after if label not in before]
        removed = [label for label in before if label not in after]
        for labels, verb in ((added, "added"), (removed, "removed")):
            if labels:
                noun = kind if len(labels) == 1 else field
                parts.append(f"{noun} {', '.join(name(label) for label in labels)} {verb}")
    if (old.date_from, old.date_to) != (new.date_from, new.date_to):
        parts.append(
            f"dates {_dates(old.date_from, old.date_to)} → {_dates(new.date_from, new.date_to)}"
        )
    if old.search != new.search:
        parts.append(f"search {_search(old.search)} → {_search(new.search)}")
    if old.measure != new.measure:
        parts.append(f"measure {old.measure.value} → {new.measure.value}")
    if old.share != new.share:
        parts.append(f"values {_values(old.share)} → {_values(new.share)}")
    if old.share_basis != new.share_basis:
        parts.append(f"shares of {old.share_basis.value} → {new.share_basis.value}")
    if old.period != new.period:
        parts.append(f"period {old.period.value} → {new.period.value}")
    return "; ".join(parts) if parts else "no filter changed"


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "all"
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def _search(text: str) -> str:
    if not text:
        return "none"
    shown = text if len(text) <= _SEARCH_SHOWN else text[: _SEARCH_SHOWN - 1] + "…"
    return f'"{shown}"'


def _values(share: bool) -> str:
    return "share" if share else "raw"
