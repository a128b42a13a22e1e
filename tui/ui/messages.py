"""Messages the workers post to the dashboard screen: they never touch widgets themselves.

Dataclasses: a message is the data it carries. ``eq=False``: a message is compared by
identity, never field by field (a DataFrame's ``==`` is element-wise, not a bool).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from textual.message import Message

from tui.core.query import Query
from tui.ui.widgets.plots import BarChart, Drawing, Rendered


@dataclass
class ViewData:
    """Everything the panels show for one filter state, computed off the event loop."""

    generation: int
    sectors: pd.DataFrame
    regions: pd.DataFrame
    timeline: pd.DataFrame
    bars: pd.Series
    articles: pd.DataFrame
    articles_total: int
    timeline_drawing: Drawing
    bars_drawing: BarChart
    timeline_plot: Rendered | None = None
    """The timeline's lines for the widget's size when the worker started (None: hidden)."""
    articles_sort: str | None = None
    """The order of ``articles`` (a key of the article list's sorts; None: newest first)."""


@dataclass(eq=False)
class IndexProgress(Message):
    """Indexing moved on: bytes done of bytes in all."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass(eq=False)
class IndexReady(Message):
    """A (re)built index is ready to be queried."""

    query: Query
    notes: list[str]
    reloaded: bool


@dataclass(eq=False)
class IndexFailed(Message):
    """The index could not be built (the text is shown to the user)."""

    error: str


@dataclass(eq=False)
class TablesReady(Message):
    """New numbers for the two count tables (the plots and the article list follow)."""

    generation: int
    sectors: pd.DataFrame
    regions: pd.DataFrame


@dataclass(eq=False)
class PlotsReady(Message):
    """The timeline and the bar chart, laid out (the article list follows)."""

    generation: int
    timeline_drawing: Drawing
    bars_drawing: BarChart
    timeline_plot: Rendered | None


@dataclass(eq=False)
class ViewsReady(Message):
    """New numbers for every panel."""

    data: ViewData
