"""The words of a cache entry's articles, for search: which rows hold which word.

Built when the entry is written, from the texts as search sees them (lower-cased): a word is
a run of ASCII letters, digits and underscores, as a regular expression's word boundary
(``\\b``) has it. Kept as three arrays mapped from disk: the sorted vocabulary (each word cut
to ``MAX_WORD`` bytes), where each word's rows start, and the rows, word after word. A search
then reads the few pages of the words it asks for, not the texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_WORD = 32
"""Bytes of a word kept in the vocabulary; longer words are found by their first ones."""
WORD_FILES = ("words-vocab.npy", "words-starts.npy", "words-rows.npy")
_NOT_WORD = r"[^a-z0-9_]+"


_IS_WORD = np.zeros(256, dtype=bool)
for _first, _last in ((b"a", b"z"), (b"0", b"9"), (b"_", b"_")):
    _IS_WORD[ord(_first) : ord(_last) + 1] = True
_CHUNK_BYTES = 1024 * 1024
"""Texts are cut into words this many bytes at a time, so the arrays of a cut stay small."""


def word_arrays(texts: Sequence[str] | pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vocabulary, starts, rows) of ``texts``: the rows holding ``vocabulary[i]`` are
    ``rows[starts[i]:starts[i + 1]]``, in order, each once."""
    array = texts if isinstance(texts, pa.Array) else pa.array(texts, type=pa.large_string())
    count = len(array)
    lowered = pc.utf8_lower(array.cast(pa.large_string()))
    offsets = np.frombuffer(lowered.buffers()[1], dtype=np.int64)
    offsets = offsets[lowered.offset : lowered.offset + count + 1]
    buffer = lowered.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    first = 0
    while first < count:
        last = int(np.searchsorted(offsets, offsets[first] + _CHUNK_BYTES, side="right")) - 1
        last = min(max(last, first + 1), count)
        pieces.append(_cut(data, offsets[first : last + 1], first))
        first = last
    if not pieces or not sum(len(piece[1]) for piece in pieces):
        return np.zeros(0, dtype=f"S{MAX_WORD}"), np.zeros(1, np.int64), np.zeros(0, np.int32)
    compact = np.concatenate([piece[0] for piece in pieces])
    lengths = np.concatenate([piece[1] for piece in pieces])
    docs = np.concatenate([piece[2] for piece in pieces])
    ends = np.empty(len(lengths) + 1, dtype=np.int64)
    ends[0] = 0
    np.cumsum(lengths, out=ends[1:])
    tokens = pa.LargeStringArray.from_buffers(
        len(lengths), pa.py_buffer(ends), pa.py_buffer(compact)
    )
    encoded = pc.dictionary_encode(tokens)
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    keys = rank[encoded.indices.to_numpy()]
    keys *= count
    keys += docs
    del docs, rank
    if len(order) * count < 2**32:
        keys = keys.astype(np.uint32)  # half the bytes to sort
    keys.sort()
    if len(keys) > 1:
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    starts = np.searchsorted(keys // count, np.arange(len(order) + 1)).astype(np.int64)
    vocabulary = np.array(
        [word.encode("ascii") for word in encoded.dictionary.take(pa.array(order)).to_pylist()],
        dtype=f"S{MAX_WORD}",
    )
    return vocabulary, starts, (keys % count).astype(np.int32)


def _cut(
    data: np.ndarray, offsets: np.ndarray, first_doc: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The words of some texts: their bytes back to back (each cut to MAX_WORD), their
    lengths and their texts' numbers."""
    base = int(offsets[0])
    chunk = data[base : int(offsets[-1])]
    is_word = _IS_WORD[chunk]
    begins = np.zeros(len(chunk), dtype=bool)
    text_starts = offsets[:-1] - base
    begins[text_starts[text_starts < len(chunk)]] = True
    after_word = np.zeros(len(chunk), dtype=bool)
    after_word[1:] = is_word[:-1]
    starting = is_word & (~after_word | begins)
    word_starts = np.flatnonzero(starting)
    positions = np.flatnonzero(is_word)
    word_of = np.cumsum(starting, dtype=np.int32)[positions] - 1
    kept = positions - word_starts[word_of] < MAX_WORD
    lengths = np.bincount(word_of[kept], minlength=len(word_starts)).astype(np.int64)
    docs = np.searchsorted(text_starts, word_starts, side="right") - 1 + first_doc
    return chunk[positions[kept]], lengths, docs.astype(np.int64)


def save_words(texts: Sequence[str], folder: Path) -> None:
    for name, values in zip(WORD_FILES, word_arrays(texts), strict=True):
        np.save(folder / name, values)


class WordIndex:
    """One entry's words, mapped from disk."""

    def __init__(self, folder: Path) -> None:
        self.vocabulary: np.ndarray = np.load(folder / WORD_FILES[0], mmap_mode="r")
        self.starts: np.ndarray = np.load(folder / WORD_FILES[1], mmap_mode="r")
        self.rows: np.ndarray = np.load(folder / WORD_FILES[2], mmap_mode="r")
        if len(self.starts) != len(self.vocabulary) + 1 or int(self.starts[-1]) != len(self.rows):
            raise ValueError(f"{folder}: the words tables do not match each other")

    def with_word(self, word: str) -> np.ndarray:
        """Rows holding the word (as cut to MAX_WORD bytes)."""
        key = word.encode("ascii")[:MAX_WORD]
        at = int(np.searchsorted(self.vocabulary, key))
        if at >= len(self.vocabulary) or self.vocabulary[at] != key:
            return np.zeros(0, dtype=np.int32)
        return np.asarray(self.rows[int(self.starts[at]) : int(self.starts[at + 1])])

    def with_prefix(self, prefix: str) -> np.ndarray:
        """Rows holding a word that starts with ``prefix`` (shorter than MAX_WORD)."""
        key = prefix.encode("ascii")
        assert len(key) < MAX_WORD
        low = int(np.searchsorted(self.vocabulary, key, side="left"))
        high = int(np.searchsorted(self.vocabulary, key + b"\x7f", side="left"))
        if high <= low:
            return np.zeros(0, dtype=np.int32)
        return np.unique(self.rows[int(self.starts[low]) : int(self.starts[high])])
