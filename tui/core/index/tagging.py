"""Tagging batches of articles into a file's index; slicing and joining such indexes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from tui.core.columns import Columns, as_days, read_part_columns
from tui.core.derive import concat, derive, keep_articles
from tui.core.index.model import TEXT, FileIndex, empty_articles, empty_mentions
from tui.core.index.parts import Part
from tui.core.models import Article, Problem
from tui.core.readers import (
    FieldMap,
    display_path,
    iter_articles,
    iter_jsonl_part,
)
from tui.core.tagger import Tagger, document_text


def index_file(path: Path, tagger: Tagger, fields: FieldMap | None) -> FileIndex:
    """Read and tag one file; unreadable records become problems, the rest is kept."""
    return tag_items(path, iter_articles(path, fields), tagger)


def tag_items(path: Path, items: Iterator[Article | Problem], tagger: Tagger) -> FileIndex:
    """Tag what a reader yields: articles into the tables, problems into the list."""
    columns = Columns([], [], [], np.zeros(0, dtype="datetime64[s]"), [], [], display_path(path))
    problems: list[Problem] = []
    sources: list[str] = []
    dates: list[dt.date | None] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        columns.ids.append(item.id)
        columns.titles.append(item.title)
        columns.bodies.append(item.body)
        dates.append(item.date)
        columns.lines.append(item.line)
        sources.append(item.source)
    columns.dates = as_days(dates)
    return tag_columns(path, columns, problems, tagger, sources)


def tag_columns(
    path: Path,
    columns: Columns,
    problems: list[Problem],
    tagger: Tagger,
    sources: list[str] | None = None,
) -> FileIndex:
    """Tag a file's (or part's) articles, given field by field, into its index."""
    texts = [document_text(t, b) for t, b in zip(columns.titles, columns.bodies, strict=True)]
    articles = pd.DataFrame(
        {
            "id": pd.Series(columns.ids, dtype=TEXT),
            "date": columns.dates,
            "title": pd.Series(columns.titles, dtype=TEXT),
            "source": pd.Series(
                sources if sources is not None else [columns.source] * len(columns), dtype=TEXT
            ),
            "line": np.asarray(columns.lines, dtype=np.int64),
        }
    )
    # Duplicates are found by their bodies' fingerprints, which tagging works out on the way.
    found = tagger.tag_batch(texts, [len(title) + 1 if title else 0 for title in columns.titles])
    articles["body_hash"] = found.fingerprints
    mentions_df = pd.DataFrame(
        {
            "art": found.doc.astype(np.int32),
            # Categorical: written to parquet as a dictionary, many times quicker than text.
            "label": pd.Categorical.from_codes(found.label, categories=pd.Index(tagger.label_ids)),
            "sentence": found.sentence.astype(np.int32),
            "paragraph": found.paragraph.astype(np.int32),
            "start": found.start.astype(np.int32),
            "end": found.end.astype(np.int32),
        }
    )
    positions = tagger.taxonomy_positions[found.label]
    derived = derive(mentions_df, len(articles), tagger.taxonomy, positions)
    return FileIndex(str(path), articles, mentions_df, problems, texts=texts, derived=derived)


def slice_index(index: FileIndex, start: int, end: int, texts: list[str]) -> FileIndex:
    """Rows [start, end) of an index, with their mentions renumbered and their texts."""
    articles = index.articles.iloc[start:end].reset_index(drop=True)
    all_mentions = index.load_mentions()
    art = all_mentions["art"].to_numpy()
    mentions = all_mentions[(art >= start) & (art < end)].copy()
    mentions["art"] = (mentions["art"] - start).astype(np.int32)
    mentions = mentions.reset_index(drop=True)
    assert index.derived is not None
    keep = np.zeros(len(index.articles), dtype=bool)
    keep[start:end] = True
    return FileIndex(
        index.path,
        articles,
        mentions,
        [],
        texts=texts[start:end],
        derived=keep_articles(index.derived, keep),
    )


def concat_indexes(path: str, parts: list[FileIndex]) -> FileIndex:
    """One index of several, one after the other (a shard of one-article files)."""
    articles, mentions, texts, problems = [], [], [], []
    offset = 0
    for part in parts:
        articles.append(part.articles)
        shifted = part.load_mentions().copy()
        shifted["art"] = (shifted["art"].astype(np.int64) + offset).astype(np.int32)
        mentions.append(shifted)
        texts.extend(part.texts or [])
        problems.extend(part.problems)
        offset += len(part.articles)
    derived = [part.derived for part in parts if part.derived is not None]
    return FileIndex(
        path,
        pd.concat(articles, ignore_index=True) if articles else empty_articles(),
        pd.concat(mentions, ignore_index=True) if mentions else empty_mentions(),
        problems,
        texts=texts,
        derived=concat(derived, [len(part.articles) for part in parts]) if derived else None,
    )


def index_part(part: Part, tagger: Tagger, fields: FieldMap | None) -> FileIndex:
    """Read and tag one part of a file (line numbers as in the whole file)."""
    data = part.read()
    fast = read_part_columns(data, part.path, part.first_line, fields)
    if fast is not None:
        return tag_columns(part.path, *fast, tagger)
    return tag_items(part.path, iter_jsonl_part(data, part.path, part.first_line, fields), tagger)
