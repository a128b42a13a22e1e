"""The Aho-Corasick automata: phrases in matching form, what each stands for, and finding
their whole-word matches in a chunk's form (all of it, or only some ranges of it).

Text is matched as one byte a character, which is fastest: ASCII as itself, the few other
characters phrases hold as bytes 128 and up, any other character as NUL (which no phrase
holds), so byte offsets are character offsets. A taxonomy with more distinct non-ASCII
characters than that is matched as UTF-8 instead, its offsets mapped back to characters.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

from tui.core.normalize import as_text
from tui.core.tagger.chars import _whole_words

_PHRASE, _EXCLUDE, _CONTEXT, _SEGMENT = 0, 1, 2, 3
"""What an entry of an automaton stands for: a label's phrase, an exclusion, a context word,
or one segment of a pattern with gaps."""
_MAIN, _NEAR, _HOME = 0, 1, 2
"""The automata (see tui.core.tagger.vocabulary)."""
_NARROW_LIMIT = 127
"""Up to this many distinct non-ASCII characters in phrases, text is matched a byte a character."""

_Entries = dict[str, list[tuple[int, int]]]
"""Per phrase in matching form: the (kind, index) entries it stands for."""
_Found = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""(kind, index, start, end) of matches in the form, one row per entry."""


@dataclass(frozen=True)
class _Matcher:
    """Phrases in matching form, what each stands for (entries: kind and index, several per
    phrase when a phrase serves several labels or roles), and their automaton."""

    patterns: list[str]
    entry_first: np.ndarray
    entry_count: np.ndarray
    entry_kind: np.ndarray
    entry_index: np.ndarray
    automaton: ahocorasick_rs.BytesAhoCorasick | None

    @classmethod
    def of(cls, entries: _Entries, wide: list[int] | None) -> _Matcher:
        patterns = [key for key in entries if key]
        # A phrase listed twice for one label would count its mentions twice.
        values = [list(dict.fromkeys(entries[key])) for key in patterns]
        counts = np.array([len(v) for v in values], dtype=np.int64)
        if wide is not None:
            slot = {code: 128 + number for number, code in enumerate(wide)}
            encoded = [bytes(slot.get(ord(c), ord(c)) for c in p) for p in patterns]
        else:
            encoded = [pattern.encode("utf-8", "surrogatepass") for pattern in patterns]
        # A DFA takes a few milliseconds longer to build and searches about twice as fast.
        automaton = None
        if encoded:
            automaton = ahocorasick_rs.BytesAhoCorasick(
                encoded, implementation=ahocorasick_rs.Implementation.DFA
            )
        return cls(
            patterns,
            np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
            counts,
            np.array([k for v in values for k, _ in v], dtype=np.int64),
            np.array([i for v in values for _, i in v], dtype=np.int64),
            automaton,
        )


@dataclass(frozen=True)
class _Automata:
    """The MAIN, NEAR and HOME matchers over one alphabet: ``wide`` (the non-ASCII characters
    phrases hold, each a byte from 128) or None (UTF-8)."""

    main: _Matcher
    near: _Matcher
    home_words: _Matcher
    patterns: list[str]
    """Every phrase in matching form, once."""
    wide: np.ndarray | None

    @classmethod
    def of(cls, tables: list[_Entries]) -> _Automata:
        patterns = list(dict.fromkeys(key for table in tables for key in table if key))
        wide = sorted({ord(c) for pattern in patterns for c in pattern if ord(c) >= 128})
        narrow_wide: np.ndarray | None = None
        if len(wide) <= _NARROW_LIMIT:
            narrow_wide = np.array(wide, dtype=np.uint32)
        narrow = wide if narrow_wide is not None else None
        main, near, home_words = (_Matcher.of(t, narrow) for t in tables)
        return cls(main, near, home_words, patterns, narrow_wide)

    def find(
        self,
        matcher: _Matcher,
        codes: np.ndarray,
        position: np.ndarray,
        original: np.ndarray,
        form: np.ndarray,
        ranges: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> _Found:
        """(kind, index, start, end) of every whole-word match of a matcher's phrases in the
        form, or in its ``ranges`` (starts and ends, sorted and apart), one row per entry.
        ``codes`` is the form as the automata read it (see narrow)."""
        at = None
        if ranges is not None:
            first, last = ranges
            # Each range and a NUL after it (at -1), so no match runs from one into the next.
            sizes = last - first + 1
            at = np.arange(int(sizes.sum())) + np.repeat(first - (np.cumsum(sizes) - sizes), sizes)
            ends = np.cumsum(sizes) - 1
            at[ends] = 0
            codes = codes[at]
            codes[ends] = 0
        matches = self.match(matcher, codes)
        pattern, n_start, n_end = matches[:, 0], matches[:, 1], matches[:, 2]
        if at is not None:
            n_start, n_end = at[n_start], at[n_end - 1] + 1
        keep = _whole_words(form, position, original, n_start, n_end)
        pattern, n_start, n_end = pattern[keep], n_start[keep], n_end[keep]
        count = matcher.entry_count[pattern]
        row = np.repeat(np.arange(len(pattern)), count)
        step = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        entry = matcher.entry_first[pattern][row] + step
        return matcher.entry_kind[entry], matcher.entry_index[entry], n_start[row], n_end[row]

    def match(self, matcher: _Matcher, codes: np.ndarray) -> np.ndarray:
        """(pattern, start, end) of every match in the codes (one byte a character when the
        taxonomy allows, else the form's code points), overlaps included."""
        if not len(codes) or matcher.automaton is None:
            return np.zeros((0, 3), dtype=np.int64)
        if self.wide is not None:
            return _as_array(
                matcher.automaton.find_matches_as_indexes(codes.tobytes(), overlapping=True)
            )
        data = as_text(codes).encode("utf-8")
        matches = _as_array(matcher.automaton.find_matches_as_indexes(data, overlapping=True))
        # Byte offsets to character offsets (a match never starts or ends inside a character).
        size = 1 + (codes >= 0x80).astype(np.int64) + (codes >= 0x800) + (codes >= 0x10000)
        byte_at = np.concatenate([[0], np.cumsum(size)])
        matches[:, 1] = np.searchsorted(byte_at, matches[:, 1])
        matches[:, 2] = np.searchsorted(byte_at, matches[:, 2])
        return matches

    def narrow(self, form: np.ndarray) -> np.ndarray:
        """The form as one byte a character (see the module's docstring)."""
        narrow = form.astype(np.uint8)
        if int(form.max()) < 128:
            return narrow
        assert self.wide is not None
        at = np.flatnonzero(form >= 128)
        codes = form[at]
        if not len(self.wide):
            narrow[at] = 0
            return narrow
        slot = np.minimum(np.searchsorted(self.wide, codes), len(self.wide) - 1)
        narrow[at] = np.where(self.wide[slot] == codes, 128 + slot, 0)
        return narrow


def _as_array(matches: list[tuple[int, int, int]]) -> np.ndarray:
    """(pattern, start, end) rows; flattened first, which numpy converts several times faster."""
    flat = np.fromiter(
        itertools.chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)
    )
    return flat.reshape(-1, 3)
