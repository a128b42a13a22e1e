"""Datelines and end markers: newsroom boilerplate that is never content, found in the
original text and blanked in the matching form so no phrase matches in or across it."""

from __future__ import annotations

import itertools
import re

import numpy as np

# The newsroom dateline that opens wire copy ("Pyongyang, July 14 (KCNA) --") names where the
# story was filed, not what it is about. It is tried at line starts only.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Za-z .'\u2019-]{1,40},?[ \t]+"
    r"(?:[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,9}\.?)"
    r"(?:,?[ \t]+\d{4})?[ \t]*\((?:KCNA|[A-Z][A-Za-z ]{1,30})\)[ \t]*(?:-{1,3}|\u2014|\u2013)?"
)
_DATELINE_REACH = 120
# End markers ("-0-") close a story when they end a line; they are not text.
_END_MARKER = re.compile(r"-0-[ \t]*(?=[\n\x00]|\Z)")


def _blank(
    form: np.ndarray, position: np.ndarray, spans: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """The form with the characters of ``spans`` (of the original text) blanked with NUL,
    neither a letter nor a space: no phrase runs into or across them."""
    first, last = (np.searchsorted(position, side) for side in spans)
    sizes = last - first
    if not sizes.sum():
        return form
    at = np.arange(int(sizes.sum())) + np.repeat(first - (np.cumsum(sizes) - sizes), sizes)
    blanked = form.copy()
    blanked[at] = 0
    return blanked


def _boilerplate_spans(
    joined: str, original: np.ndarray, breaks: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where the datelines and end markers are (starts, ends): never content. ``breaks``: where
    the line breaks and NULs are, in order."""
    spans: list[tuple[int, int]] = []
    # A dateline holds its agency in brackets near its line's start: try those lines only.
    # Lines end at a line break or at the NUL between articles; none crosses either.
    line_starts = np.concatenate([[0], breaks + 1])
    line_starts = line_starts[line_starts < len(original)]
    brackets = np.flatnonzero(original == 41)
    if len(brackets) and len(line_starts):
        line_end = np.append(breaks, len(original))[np.searchsorted(breaks, line_starts)]
        nearest = np.searchsorted(brackets, line_starts)
        has = nearest < len(brackets)
        reach = np.minimum(line_starts + _DATELINE_REACH, line_end)
        has[has] &= brackets[nearest[has]] < reach[has]
        tried = map(_DATELINE.match, itertools.repeat(joined), line_starts[has].tolist())
        spans = [match.span() for match in tried if match]
    found = np.array(spans, dtype=np.int64).reshape(-1, 2)
    marker_starts, marker_ends = _end_markers(original)
    return np.concatenate([found[:, 0], marker_starts]), np.concatenate([found[:, 1], marker_ends])


def _end_markers(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where _END_MARKER matches that open a line or follow spacing (with one space or tab
    before them), worked out on arrays as _stops is."""
    size = len(codes)
    padded = np.concatenate([codes, np.zeros(3, dtype=codes.dtype)])
    dashes = np.flatnonzero(codes == 45)
    at = dashes[(padded[dashes + 1] == 48) & (padded[dashes + 2] == 45)]  # -0-
    if not len(at):
        return at, at
    end = at + 3
    while True:
        spacing = (end < size) & ((padded[end] == 32) | (padded[end] == 9))
        if not spacing.any():
            break
        end = end + spacing
    closes = (end >= size) | (padded[end] == 10) | (padded[end] == 0)
    before = np.where(at > 0, codes[np.maximum(at - 1, 0)], 10)
    spaced = (before == 32) | (before == 9)
    keep = closes & (spaced | (before == 10) | (before == 0))
    return (at - spaced)[keep], end[keep]
