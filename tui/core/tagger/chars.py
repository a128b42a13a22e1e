"""Character tables and word boundaries: what the tagger asks of single characters, on arrays
of code points (ASCII from a table, any other character through Python once per distinct
code point)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _table(chars: str) -> np.ndarray:
    """Per code point up to the largest of ``chars`` (and one past it): whether it is one."""
    codes = [ord(c) for c in chars]
    table = np.zeros(max(codes) + 2, dtype=bool)
    table[codes] = True
    return table


def _is_in(codes: np.ndarray, table: np.ndarray) -> np.ndarray:
    found: np.ndarray = np.take(table, codes, mode="clip")
    return found


# What a gap of a pattern may not hold: a clause or sentence break, a bracket or a quote,
# or the NUL of a blanked dateline or between articles (in matching form).
_BARRIER = _table(',;:.!?()"\x00')
_CLOSERS = _table("\"'\u201d\u2019)]")
_OPENERS = _table("\"'\u201c\u2018(")
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)
_ASCII_LOWER = np.array([chr(c).islower() for c in range(128)], dtype=bool)
_ASCII_UPPER = np.array([chr(c).isupper() for c in range(128)], dtype=bool)


def _whole_words(
    form: np.ndarray, position: np.ndarray, original: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Which matches are whole words; a run-together join like "visitedSinuiju" still has a
    boundary (a lower-case letter followed by a capital in the original)."""
    length = len(form)

    def alnum(at: np.ndarray) -> np.ndarray:
        return _char_class(form[at], _ASCII_ALNUM, str.isalnum)

    def case_step(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        lower = _char_class(original[position[left]], _ASCII_LOWER, str.islower)
        upper = _char_class(original[position[right]], _ASCII_UPPER, str.isupper)
        both: np.ndarray = lower & upper
        return both

    keep = np.ones(len(start), dtype=bool)
    inside = start > 0
    left = start[inside]
    bad = alnum(left - 1)
    bad[bad] &= ~case_step(left[bad] - 1, left[bad])
    keep[np.flatnonzero(inside)[bad]] = False
    inside = end < length
    right = end[inside]
    bad = alnum(right)
    bad[bad] &= ~case_step(right[bad] - 1, right[bad])
    keep[np.flatnonzero(inside)[bad]] = False
    return keep


def _char_class(codes: np.ndarray, table: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Per code point: ``table`` for ASCII, ``test`` once per distinct other character."""
    ascii_ = codes < 128
    result = table[np.where(ascii_, codes, 0)]
    if not ascii_.all():
        others = np.unique(codes[~ascii_])
        verdict = np.array([bool(test(chr(int(c)))) for c in others.tolist()], dtype=bool)
        result[~ascii_] = verdict[np.searchsorted(others, codes[~ascii_])]
    return result
