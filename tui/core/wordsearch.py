"""A search term answered from the words tables of the cache entries (tui.core.index.words)
rather than by reading every text.

A run of ASCII letters, digits and underscores in a term is, where the term's own characters
or its word boundaries close it, a whole word of every article that matches: the articles
holding all of a term's words are the only ones that can. A term that is one such word (or
one word's prefix, ``coal*``) is answered by its rows alone; any other (a phrase, ``coal-mine``)
is then checked, on those articles only, with the same pattern as a full scan uses. A term
with no such run (``-0-``) is left to the full scan.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow.compute as pc

from tui.core.index import TextStore
from tui.core.index.words import MAX_WORD, WordIndex
from tui.core.search import Term

_RUN = re.compile(r"[a-z0-9_]+")


def needs(term: Term) -> tuple[list[tuple[str, bool]], bool] | None:
    """The words (True: a prefix) every article matching ``term`` holds, and whether holding
    them is matching; None when the term has no word to look up."""
    literal = " ".join(term.words)
    runs = list(_RUN.finditer(literal))
    if not runs:
        return None
    wanted = [
        (run.group(), term.prefix and run.end() == len(literal) and len(run.group()) < MAX_WORD)
        for run in runs
    ]
    whole = runs[0].group() == literal and len(literal) < MAX_WORD
    return wanted, whole


def rows_of(words: WordIndex, wanted: list[tuple[str, bool]]) -> np.ndarray:
    """Rows holding every one of the words (ascending)."""
    found: np.ndarray | None = None
    for word, prefix in sorted(wanted, key=lambda item: item[1]):
        rows = words.with_prefix(word) if prefix else words.with_word(word)
        found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
        if not len(found):
            break
    assert found is not None
    return found


def term_rows(store: TextStore, file_no: int, term: Term, folded_pattern: str) -> np.ndarray | None:
    """Rows of a file whose text matches ``term``, from its words tables; None when the file
    has none or the term has no word to look up (a full scan answers then)."""
    plan = needs(term)
    if plan is None:
        return None
    words = store.words(file_no)
    if words is None:
        return None
    wanted, whole = plan
    rows = rows_of(words, wanted).astype(np.int64)
    if whole or not len(rows):
        return rows
    # Folded as a full scan folds (lower case, spacing one space), then the same pattern.
    texts = store.texts_at(file_no, rows)
    folded = pc.utf8_lower(pc.replace_substring_regex(texts, r"\s+", " "))
    hits = pc.match_substring_regex(folded, folded_pattern)
    checked: np.ndarray = rows[np.asarray(hits.to_numpy(zero_copy_only=False), dtype=bool)]
    return checked


__all__ = ["needs", "rows_of", "term_rows"]
