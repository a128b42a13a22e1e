"""Messages the workers post to the app: they never touch widgets themselves."""

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


class IndexProgress(Message):
    """Indexing moved on: bytes done of bytes in all."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexReady(Message):
    """A (re)built index is ready to be queried."""

    def __init__(self, query: Query, notes: list[str], reloaded: bool) -> None:
        super().__init__()
        self.query = query
        self.notes = notes
        self.reloaded = reloaded


class IndexFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class TablesReady(Message):
    """New numbers for the two count tables (the plots and the article list follow)."""

    def __init__(self, generation: int, sectors: pd.DataFrame, regions: pd.DataFrame) -> None:
        super().__init__()
        self.generation = generation
        self.sectors = sectors
        self.regions = regions


class PlotsReady(Message):
    """The timeline and the bar chart, laid out (the article list follows)."""

    def __init__(
        self,
        generation: int,
        timeline_drawing: Drawing,
        bars_drawing: BarChart,
        timeline_plot: Rendered | None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.timeline_drawing = timeline_drawing
        self.bars_drawing = bars_drawing
        self.timeline_plot = timeline_plot


class ViewsReady(Message):
    """New numbers for every panel."""

    def __init__(self, data: ViewData) -> None:
        super().__init__()
        self.data = data


class CorpusChanged(Message):
    """The watched corpus files changed on disk."""
