"""The whole corpus's index: the files' indexes put together, duplicates dropped."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tui.core.derive import Derived, LazyArrays, concat, derive, keep_articles
from tui.core.index.model import FileIndex, empty_articles, empty_mentions
from tui.core.index.texts import TextStore
from tui.core.models import Problem, Scope
from tui.core.taxonomy import LoadedTaxonomy


class CorpusIndex:
    """All articles of a corpus with their counting model, duplicates dropped.

    Mentions stay in the per-file cache until they are asked for: ``mentions_of`` reads one
    article's, ``mentions`` all of them (for tests and tools, not for the dashboard).
    """

    def __init__(
        self,
        taxonomy: LoadedTaxonomy,
        articles: pd.DataFrame,
        file_indexes: list[FileIndex],
        keep: np.ndarray,
        problems: list[Problem],
        files: list[str],
        texts: TextStore,
        derived: Derived,
        stats: dict[str, int] | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.articles = articles
        """One row per distinct article, indexed 0..n-1 (``art``); ``file_no``/``row`` locate
        its text and mentions."""
        self.problems = problems
        self.files = files
        self.texts = texts
        self.derived = derived
        self.stats = stats or {}
        self.duplicates = int((~keep).sum())
        self.file_indexes = file_indexes
        """The files (and parts) the articles came from, in order (``file_no``)."""
        self.keep = keep
        """Per article of the files, in order: whether it is kept (not a duplicate)."""
        self._mentions: pd.DataFrame | None = None
        self._file_mentions: dict[int, pd.DataFrame] = {}
        self._scope_lock = threading.Lock()
        self.pending_snapshot: tuple[Path, str, list[Problem]] | None = None
        """Where and under what key a snapshot of this index is due, and its files' problems."""
        self.corpus: str | None = None
        """What corpus paths this index is of (``corpus_id``), when known."""
        self.snapshot_key: str | None = None
        """The key of the snapshot this index was opened from, if it was."""

    def ensure_scope(self, scope: Scope) -> None:
        """Work out the theme pairs of ``scope`` if the counting model lacks them.

        Indexing works out the article scope only (the one the dashboard opens with); a
        paragraph or sentence scope is worked out from the files' cached mentions the first
        time it is asked for.
        """
        prefix = f"pairs.{scope.value}."
        with self._scope_lock:
            if any(key.startswith(prefix) for key in self.derived.arrays):
                return
            models = [
                derive(fi.load_mentions(), len(fi.articles), self.taxonomy, scopes=(scope,))
                for fi in self.file_indexes
            ]
            if not models:
                models = [derive(empty_mentions(), 0, self.taxonomy, scopes=(scope,))]
            sizes = [len(model.arrays["count"]) for model in models]
            joined = (
                keep_articles(concat(models, sizes), self.keep) if self.file_indexes else models[0]
            )
            arrays = {key: joined.arrays[key] for key in joined.arrays if key.startswith(prefix)}
            derived_arrays = self.derived.arrays
            assert isinstance(derived_arrays, LazyArrays)
            derived_arrays.add(arrays)

    @property
    def undated(self) -> int:
        return int(self.articles["date"].isna().sum())

    @property
    def mention_count(self) -> int:
        return int(self.derived.arrays["count"].sum()) if self.derived.arrays else 0

    def text(self, art: int) -> str:
        row = self.articles.iloc[art]
        return self.texts.get(int(row["file_no"]), int(row["row"]))

    def _mentions_of_file(self, file_no: int) -> pd.DataFrame:
        if file_no not in self._file_mentions:
            if len(self._file_mentions) >= 2:
                self._file_mentions.clear()
            self._file_mentions[file_no] = self.file_indexes[file_no].load_mentions()
        return self._file_mentions[file_no]

    def text_bytes(self) -> int:
        """About how much article text the corpus holds (from its files' sizes)."""
        total = 0
        for name in self.files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(name)
        return total

    def mentions_of(self, art: int) -> pd.DataFrame:
        """One article's mentions (art, label, sentence, paragraph, start, end)."""
        row = self.articles.iloc[art]
        frame = self._mentions_of_file(int(row["file_no"]))
        mine = frame[frame["art"].to_numpy() == int(row["row"])].copy()
        mine["art"] = art
        known: pd.DataFrame = mine[mine["label"].isin(set(self.taxonomy.labels))]
        return known.reset_index(drop=True)

    @property
    def mentions(self) -> pd.DataFrame:
        """Every mention of the corpus, ``art`` numbered like ``articles``."""
        if self._mentions is None:
            self._mentions = self._all_mentions()
        return self._mentions

    def _all_mentions(self) -> pd.DataFrame:
        parts = []
        offset = 0
        for file_index in self.file_indexes:
            part = file_index.load_mentions().copy()
            part["art"] = part["art"].astype(np.int64) + offset
            parts.append(part)
            offset += len(file_index.articles)
        mentions = pd.concat(parts, ignore_index=True) if parts else empty_mentions()
        new_position = np.cumsum(self.keep) - 1
        art = mentions["art"].to_numpy()
        mentions = mentions[self.keep[art]].copy() if len(art) else mentions
        mentions["art"] = new_position[mentions["art"].to_numpy()].astype(np.int32)
        mentions = mentions[mentions["label"].isin(set(self.taxonomy.labels))]
        mentions = mentions.reset_index(drop=True)
        mentions["label"] = pd.Categorical(mentions["label"], categories=list(self.taxonomy.labels))
        return mentions

    def summary(self) -> dict[str, Any]:
        dates = self.articles["date"].dropna()
        return {
            "files": len(self.files),
            "articles": len(self.articles),
            "duplicates": self.duplicates,
            "undated": self.undated,
            "problems": sum(1 for p in self.problems if p.severity == "error"),
            "warnings": sum(1 for p in self.problems if p.severity == "warning"),
            "mentions": self.mention_count,
            "first_date": dates.min().date().isoformat() if len(dates) else None,
            "last_date": dates.max().date().isoformat() if len(dates) else None,
            "from_cache": self.stats.get("from_cache", 0),
            "indexed": self.stats.get("indexed", 0),
        }


def assemble(
    file_indexes: list[FileIndex],
    taxonomy: LoadedTaxonomy,
    problems: list[Problem],
    files: list[str],
    stats: dict[str, int],
) -> CorpusIndex:
    """Put per-file indexes together, dropping duplicate bodies (the first one read wins)."""
    store = TextStore()
    article_parts: list[pd.DataFrame] = []
    for file_index in file_indexes:
        file_no = store.add(file_index)
        part = file_index.articles.copy()
        part["file_no"] = np.int32(file_no)
        part["row"] = np.arange(len(part), dtype=np.int32)
        article_parts.append(part)
    if article_parts:
        articles = pd.concat(article_parts, ignore_index=True)
    else:
        articles = empty_articles()
        articles["file_no"] = pd.Series([], dtype=np.int32)
        articles["row"] = pd.Series([], dtype=np.int32)
    models = [
        fi.derived if fi.derived is not None else _derive_again(fi, taxonomy) for fi in file_indexes
    ]
    derived = concat(models, [len(fi.articles) for fi in file_indexes])
    keep = ~articles["body_hash"].duplicated(keep="first").to_numpy()
    if not keep.all():
        articles = articles[keep].reset_index(drop=True)
        derived = keep_articles(derived, keep)
    # A file's name repeats on each of its articles: stored once per file, not once per row.
    articles["source"] = articles["source"].astype("category")
    if not derived.arrays:
        derived = derive(empty_mentions(), 0, taxonomy)
    return CorpusIndex(
        taxonomy, articles, file_indexes, keep, problems, files, store, derived, stats
    )


def _derive_again(file_index: FileIndex, taxonomy: LoadedTaxonomy) -> Derived:
    file_index.derived = derive(file_index.load_mentions(), len(file_index.articles), taxonomy)
    return file_index.derived
