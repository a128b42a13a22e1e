"""What the article list shows beside a page's columns: ids by the part that tells them
apart, and the first words of the body for an article with no title."""

from __future__ import annotations

import pandas as pd

from tui.core.query import Query
from tui.core.shortid import first_words, shortener_for

ID_WIDTH = 16
"""The article list's Id column."""
_SAMPLE = 50_000


def shown_columns(query: Query, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (a page of the article list) with ``id_shown`` and ``title_shown`` added
    (slow the first time for a corpus, which works out how its ids differ: a worker's)."""
    if frame.empty or "id" not in frame.columns:
        return frame
    index = query.index
    ids = index.articles["id"]
    # A sample of the ids is enough to see which part of them differs (and copying a
    # million of them would cost seconds and tens of megabytes).
    sample = ids.iloc[:: max(len(ids) // _SAMPLE, 1)].astype(str).tolist()
    shorten = shortener_for(index, sample, ID_WIDTH)
    frame = frame.copy()
    frame["id_shown"] = [shorten(str(value)) for value in frame["id"]]
    titles = frame["title"].fillna("").astype(str)
    frame["title_shown"] = [
        title if title.strip() else first_words(index.text(int(art)))
        for title, art in zip(titles, frame["art"], strict=True)
    ]
    return frame
