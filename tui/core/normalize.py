"""Text normalisation for matching, keeping every character's offset into the original text.

Phrases and article text go through the same function, so "coal-mining", "Coal Mining" and
"coal mining" match each other. Offsets matter because every mention must point back at the
exact characters of the article it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Protocol

# Characters mapped one-to-one so the common (ASCII) path keeps offsets without a map.
_ONE_TO_ONE = {
    # Hyphen and dash variants join words like "coal-mining" and "sci-tech": treat as space.
    "-": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\u2012": " ",
    "\u2013": " ",
    "\u2014": " ",
    "\u2015": " ",
    "\u2212": " ",
    "_": " ",
    "/": " ",
    # Quote variants: one apostrophe and one double quote.
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    # Line breaks and tabs are spaces for matching (paragraphs are tracked separately).
    "\n": " ",
    "\r": " ",
    "\t": " ",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_TABLE = str.maketrans(_ONE_TO_ONE)
_SPACES = re.compile(r" {2,}")


class OffsetMap(Protocol):
    """Maps a position in the normalised text to the original text (a list works too)."""

    def __getitem__(self, index: int, /) -> int: ...


class FoldedRuns:
    """The offset map of text whose only change is folding runs of spaces to one.

    It stores one entry per folded run rather than one per character, so wire copy (where
    every dateline and paragraph break leaves a run) costs almost nothing to map.
    """

    __slots__ = ("_breaks", "_shifts")

    def __init__(self, breaks: list[int], shifts: list[int]) -> None:
        self._breaks = breaks
        self._shifts = shifts

    def __getitem__(self, index: int, /) -> int:
        position = bisect_right(self._breaks, index) - 1
        return index if position < 0 else index + self._shifts[position]


def normalize(text: str) -> tuple[str, OffsetMap | None]:
    """Return the matching form of ``text`` and, when lengths differ, a map to original offsets.

    Runs of spaces (after line breaks, tabs and hyphens have become spaces) fold to one space,
    as they do in phrases, so "coal  mine" and "upsurge in \nproduction" still match.

    The map ``m`` covers every normalised position plus the end, so that a span ``[s, e)`` of
    the normalised text covers ``[m[s], m[e])`` of the original. ``None`` means the offsets
    are identical.
    """
    out = text.translate(_TABLE)
    if out.isascii():
        lowered = out.lower()
        if "  " not in lowered:
            return lowered, None
        return _fold_runs(lowered)
    form, chars = _map_non_ascii(out)
    if "  " not in form:
        return form, chars
    folded, runs = _fold_runs(form)
    return folded, runs if chars is None else _Composed(runs, chars)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PIECES: dict[str, str] = {}


def _piece(char: str) -> str:
    """The matching form of one non-ASCII character (cached: a corpus uses few of them)."""
    piece = _PIECES.get(char)
    if piece is None:
        piece = unicodedata.normalize("NFKC", char).translate(_TABLE).casefold()
        # Combining marks and other decorations carry no meaning for matching.
        piece = "".join(c for c in piece if not unicodedata.combining(c))
        if len(_PIECES) < 65536:
            _PIECES[char] = piece
    return piece


def _map_non_ascii(text: str) -> tuple[str, FoldedRuns | None]:
    """Normalise the non-ASCII characters one by one; ASCII stretches are only lower-cased."""
    parts: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    position = 0
    shift = 0  # original offset minus normalised offset, from the last break on
    for match in _NON_ASCII.finditer(text):
        index = match.start()
        piece = _piece(text[index])
        parts.append(text[position:index].lower())
        parts.append(piece)
        position = index + 1
        if len(piece) != 1:
            normalised_end = index - shift + len(piece)
            shift = index + 1 - normalised_end
            breaks.append(normalised_end)
            shifts.append(shift)
    parts.append(text[position:].lower())
    return "".join(parts), (FoldedRuns(breaks, shifts) if breaks else None)


class _Composed:
    """Two offset maps applied one after the other."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: OffsetMap, second: OffsetMap) -> None:
        self._first = first
        self._second = second

    def __getitem__(self, index: int, /) -> int:
        return self._second[self._first[index]]


def _fold_runs(form: str) -> tuple[str, FoldedRuns]:
    """Fold runs of spaces in text whose characters otherwise map one to one."""
    parts: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    position = 0
    removed = 0
    for match in _SPACES.finditer(form):
        keep = match.start() + 1
        parts.append(form[position:keep])
        removed += match.end() - keep
        breaks.append(match.end() - removed)
        shifts.append(removed)
        position = match.end()
    parts.append(form[position:])
    return "".join(parts), FoldedRuns(breaks, shifts)


def normalize_phrase(phrase: str) -> str:
    """The matching form of a taxonomy phrase: normalised, with runs of spaces folded."""
    form, _ = normalize(phrase.strip())
    return _SPACES.sub(" ", form).strip()
