"""Counting and querying: the data frames every view (and every export) is made of.

``Query`` (facade) is the way in; behind it, one module per concern:

- ``periods``: period labels and date ranges moved by whole periods;
- ``calendar``: each article's day number, date ranges as day slices, periods' days;
- ``model``: the label tables sorted by day and their cumulative counts (cubes), by typed keys;
- ``textsearch``: search of titles and texts; ``masks``: the articles filters keep;
- ``counts``: theme × sector/region tables, totals, timelines;
- ``articles``: the article list; ``explain``: why an article counts;
- ``caches``: the two kinds of cache the collaborators keep, each its own.
"""

from __future__ import annotations

from tui.core.query.articles import ARTICLE_SORTS
from tui.core.query.counts import TOTAL
from tui.core.query.facade import Query
from tui.core.query.masks import LABEL_MASKS
from tui.core.query.model import ALL_KINDS, OTHER_KINDS, Axis
from tui.core.query.periods import (
    period_label,
    period_name,
    period_of,
    period_range,
    shift_range,
    step_range,
)
from tui.core.query.textsearch import SEARCH_MEMORY_BYTES, Cancelled

__all__ = [
    "ALL_KINDS",
    "ARTICLE_SORTS",
    "LABEL_MASKS",
    "OTHER_KINDS",
    "SEARCH_MEMORY_BYTES",
    "TOTAL",
    "Axis",
    "Cancelled",
    "Query",
    "period_label",
    "period_name",
    "period_of",
    "period_range",
    "shift_range",
    "step_range",
]
