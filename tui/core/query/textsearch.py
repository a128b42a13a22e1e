"""Search of the articles' titles and texts: one mask per search, the texts kept folded in
memory when they fit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tui.core import search, wordsearch
from tui.core.index import CorpusIndex
from tui.core.memory import release_mapped
from tui.core.query.caches import Once, Recent
from tui.core.search import Term

SEARCH_MEMORY_BYTES = 128 * 1024 * 1024
"""Article texts are kept folded in memory for search when they all fit in this size (about
150,000 articles of wire copy); a larger corpus is read from the cache at each search."""


class Cancelled(Exception):
    """A long scan stopped because its caller no longer wants the answer."""


def _never() -> bool:
    return False


class TextSearch:
    """Articles whose title or body match a search (tui.core.search's syntax)."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.size = len(index.articles)
        # Masks by normalized search and by term: typing a word extends the last search.
        self.cache: Recent[str, np.ndarray] = Recent(16)
        self._local = threading.local()
        self._once: Once[str] = Once()
        self.folded: dict[int, pa.ChunkedArray] = {}
        self._folded_bytes = 0
        self._fold_lock = threading.Lock()

    @property
    def art_of_row(self) -> dict[int, np.ndarray]:
        """Per corpus file: its rows' article numbers (-1 for a dropped duplicate); made at the
        first search, which alone needs them."""
        return self._once.get("rows", self._rows_to_articles)

    def _rows_to_articles(self) -> dict[int, np.ndarray]:
        articles = self.index.articles
        mapping: dict[int, np.ndarray] = {}
        for file_no, group in articles.groupby("file_no", sort=True):
            rows = group["row"].to_numpy()
            lookup = np.full(int(rows.max()) + 1 if len(rows) else 0, -1, dtype=np.int64)
            lookup[rows] = group.index.to_numpy()
            mapping[int(str(file_no))] = lookup
        return mapping

    @contextmanager
    def cancel_on(self, cancelled: Callable[[], bool]) -> Iterator[None]:
        """Within the block, this thread's long scans (a search) stop with ``Cancelled``
        as soon as ``cancelled()`` says so: a newer keystroke need not wait for them."""
        self._local.cancelled = cancelled
        try:
            yield
        finally:
            self._local.cancelled = None

    def search_mask(self, text: str) -> np.ndarray:
        """Articles whose title or body match the search ``text`` (tui.core.search: words
        ANDed, "phrases", whole words, -exclusions; case and spacing aside)."""
        terms = search.parse(text)
        key = "q:" + search.normalized(text)
        cached = self.cache.find(key)
        if cached is not None:
            return cached
        wanted = [term for term in terms if not term.exclude]
        mask = np.ones(self.size, dtype=bool)
        for term in wanted:
            mask &= self._term_mask(term)
        for term in terms:
            if term.exclude:
                mask &= ~self._term_mask(Term(term.words, prefix=term.prefix))
        self.cache.keep(key, mask)
        return mask

    def _term_mask(self, term: Term) -> np.ndarray:
        """Articles whose title or body hold one word or phrase (cached)."""
        cached = self.cache.find(term.key)
        if cached is not None:
            return cached
        cancelled: Callable[[], bool] = getattr(self._local, "cancelled", None) or _never
        literal = " ".join(term.words)
        folded_pattern = search.pattern(term, folded=True)
        raw_pattern = search.pattern(term, folded=False)

        def hits_in(file_no: int) -> np.ndarray | None:
            if cancelled():
                return None
            # From the entry's words tables when it has them: no text read but candidates'.
            from_words = wordsearch.term_rows(self.index.texts, file_no, term, folded_pattern)
            if from_words is not None:
                return from_words
            folded = self._folded_texts(file_no)
            if folded is None:
                # Texts not kept folded in memory are matched as they are, spacing and case
                # aside.
                raw = self.index.texts.iter_file_texts(file_no)
                hits = pc.match_substring_regex(raw, raw_pattern, ignore_case=True)
                return np.flatnonzero(hits.to_numpy(zero_copy_only=False))
            # The plain substring finds the few candidates quickly; the word-boundary pattern
            # is then run on those alone.
            near = np.flatnonzero(
                pc.match_substring(folded, literal).to_numpy(zero_copy_only=False)
            )
            if not len(near):
                return near
            exact = pc.match_substring_regex(pc.take(folded, pa.array(near)), folded_pattern)
            found: np.ndarray = near[exact.to_numpy(zero_copy_only=False)]
            return found

        files = [(file_no, lookup) for file_no, lookup in self.art_of_row.items() if len(lookup)]
        mask = np.zeros(self.size, dtype=bool)
        # Reading and matching a file's texts release the GIL: two files at a time.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="search") as pool:
            for (_, lookup), rows in zip(
                files, pool.map(hits_in, [file_no for file_no, _ in files]), strict=True
            ):
                if rows is None:
                    raise Cancelled(term.key)
                rows = rows[rows < len(lookup)]
                arts = lookup[rows]
                mask[arts[arts >= 0]] = True
        if wordsearch.needs(term) is not None:  # every file's words were looked up
            self._release_words(file_no for file_no, _ in files)
        self.cache.keep(term.key, mask)
        return mask

    def _release_words(self, file_nos: Iterable[int]) -> None:
        """The words tables' pages a term's lookups mapped, dropped from this process's
        memory (they stay in the page cache): each new term would otherwise leave tens of
        megabytes more resident at a million articles."""
        for file_no in file_nos:
            words = self.index.texts.words(file_no)
            if words is not None:
                release_mapped(words.vocabulary, words.starts, words.rows)

    def warm_search(self) -> None:
        """Fold the texts for search ahead of the first keystroke (call from a worker), when
        they all fit in memory."""
        if not self._fold_texts():
            return
        for file_no in self.art_of_row:
            if self._folded_bytes >= SEARCH_MEMORY_BYTES:
                return
            self._folded_texts(file_no)

    def _fold_texts(self) -> bool:
        """Whether the texts are kept folded for search: only when they all fit. Folding a
        part of a larger corpus saves a part of each search's reading, at the cost of the
        memory and of the time folding takes at the first search."""
        return (
            self._once.get(
                "fold", lambda: "yes" if self.index.text_bytes() <= SEARCH_MEMORY_BYTES else "no"
            )
            == "yes"
        )

    def _folded_texts(self, file_no: int) -> pa.ChunkedArray | None:
        """A file's texts lower-cased with spacing folded, kept in memory; None once the
        memory for them is spent (its texts are then searched as they are)."""
        cached = self.folded.get(file_no)
        if cached is not None:
            return cached
        if self._folded_bytes >= SEARCH_MEMORY_BYTES or not self._fold_texts():
            return None
        # Batch by batch: folding a whole file at once holds three copies of its text.
        folded = pa.chunked_array(
            [
                pc.utf8_lower(pc.replace_substring_regex(batch, r"\s+", " "))
                for batch in self.index.texts.text_batches(file_no)
            ],
            type=pa.large_string(),
        )
        with self._fold_lock:
            if file_no not in self.folded:
                # Later keystrokes search memory instead of reading and folding texts again.
                self.folded[file_no] = folded
                self._folded_bytes += folded.nbytes
        return folded
