"""Sentence breaks, worked out on arrays of code points: where a stop ends a sentence (not
after an abbreviation or an initial) and where line breaks do."""

from __future__ import annotations

import re

import numpy as np

from tui.core.normalize import code_points
from tui.core.tagger.chars import _CLOSERS, _OPENERS, _is_in

_ABBREVIATIONS = (
    "mt no nos st dr mr mrs ms jan feb mar apr jun jul aug sep sept oct nov dec gen lt col "  # noqa: SIM905
    "prof vol fig approx etc u.s u.n d.p.r.k vs".split()
)
# Where a sentence may end: a stop, closing quotes or brackets, perhaps a comma (some archives
# join paragraphs with ".," as in "...lubricants., Its researchers"), spacing, and a capital
# or digit. It is matched on arrays (_stops), and a stop after an abbreviation ("Mt. Paektu",
# "Dec. 12") or an initial ends no sentence (_after_abbreviation): many times quicker than the
# pattern with look-behinds, which stays as the definition the tests hold _stops to.
_STOP = re.compile(r"[.!?][\"'\u201d\u2019)\]]*,?[ \t]+(?=[\"'\u201c\u2018(]?[A-Z0-9])")

# Characters that may come before an abbreviation: spacing (what \s matches), an opening
# bracket or quote, or the NUL that joins the articles of a batch.
_BEFORE_ABBREVIATION = np.array(
    sorted({*(c for c in range(0x3001) if chr(c).isspace()), ord("("), ord('"'), ord("'"), 0}),
    dtype=np.uint32,
)
_WINDOW = max(len(word) for word in _ABBREVIATIONS) + 1
# Abbreviations are compared as numbers: each of their characters (a-z and the full stop) as
# 1..27 in five bits, the last character lowest; any other character is 0.
_ABBREVIATION_ALPHABET = np.zeros(ord("z") + 2, dtype=np.uint8)
_ABBREVIATION_ALPHABET[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz."]] = np.arange(1, 28)
_ABBREVIATION_KEYS: dict[int, np.ndarray] = {
    size: np.array(
        [
            sum(int(_ABBREVIATION_ALPHABET[ord(c)]) << (5 * i) for i, c in enumerate(word[::-1]))
            for word in _ABBREVIATIONS
            if len(word) == size
        ],
        dtype=np.int64,
    )
    for size in {len(word) for word in _ABBREVIATIONS}
}
_OPENS_WORD = np.zeros(int(_BEFORE_ABBREVIATION.max()) + 2, dtype=bool)
_OPENS_WORD[_BEFORE_ABBREVIATION] = True


def sentence_starts(text: str) -> list[int]:
    """Offsets at which sentences begin (a newline always ends a sentence)."""
    return [0, *_sentence_breaks(code_points(text)).tolist()]


def _sentence_starts(codes: np.ndarray, doc_starts: np.ndarray, newlines: np.ndarray) -> np.ndarray:
    """Where sentences begin in a batch's joined text; every article begins one."""
    return np.sort(np.concatenate([doc_starts, _sentence_breaks(codes, newlines)]))


def _stops(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where _STOP matches (stop, end of the spacing after it), worked out on arrays: the
    pattern never backtracks, so each step either takes the next character or does not."""
    padded = np.concatenate([codes, np.zeros(2, dtype=codes.dtype)])
    stops = np.flatnonzero((codes == 46) | (codes == 33) | (codes == 63))  # . ! ?
    at = stops + 1
    while True:
        closing = _is_in(padded[at], _CLOSERS)
        if not closing.any():
            break
        at = at + closing
    at = at + (padded[at] == 44)
    spaced = (padded[at] == 32) | (padded[at] == 9)
    stops, at = stops[spaced], at[spaced]
    while True:
        spacing = (padded[at] == 32) | (padded[at] == 9)
        if not spacing.any():
            break
        at = at + spacing
    ahead = at + _is_in(padded[at], _OPENERS)
    following = padded[ahead]
    starts_sentence = ((following >= 65) & (following <= 90)) | (
        (following >= 48) & (following <= 57)
    )
    return stops[starts_sentence], at[starts_sentence]


def _sentence_breaks(codes: np.ndarray, newlines: np.ndarray | None = None) -> np.ndarray:
    """Where the sentences after the first begin: after a full stop (see _STOP) or a line
    break (a run of them is one break). ``newlines``: where the line breaks are, if known."""
    stops, ends = _stops(codes)
    stops = ends[~_after_abbreviation(codes, stops)]
    if newlines is None:
        newlines = np.flatnonzero(codes == 10)
    # The last break of each run: the next character is not one.
    last = newlines[np.append(np.diff(newlines) != 1, True)] if len(newlines) else newlines
    return np.sort(np.concatenate([stops, last + 1]))


def _after_abbreviation(codes: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Which stops follow an abbreviation or a one-letter initial that is a word of its own."""
    # The characters before each stop, lower-cased, last one nearest the stop; a window that
    # reaches before the text start holds NUL there, which no abbreviation has.
    offsets = np.arange(-_WINDOW, 0)
    at = stops[:, None] + offsets
    window = np.where(at >= 0, codes[np.maximum(at, 0)], 0)
    window = np.where((window >= 65) & (window <= 90), window | 32, window)
    # Whether a word of each length would open the text or follow spacing or quotes.
    opens = np.where(
        at >= 0,
        np.take(_OPENS_WORD, window, mode="clip"),
        at == -1,
    )
    blocked = np.zeros(len(stops), dtype=bool)
    letter = window[:, -1]
    blocked |= (letter >= 97) & (letter <= 122) & opens[:, -2]
    # The last 1, 2, ... characters as a number, five bits a character (see _ABBREVIATION_KEYS).
    small = np.take(_ABBREVIATION_ALPHABET, window, mode="clip").astype(np.int64)
    key = np.zeros(len(stops), dtype=np.int64)
    for size in range(1, _WINDOW):
        key |= small[:, _WINDOW - size] << (5 * (size - 1))
        if size in _ABBREVIATION_KEYS:
            blocked |= np.isin(key, _ABBREVIATION_KEYS[size]) & opens[:, _WINDOW - size - 1]
    return blocked
