"""Short forms of article ids that tell the articles apart, and a stand-in for a missing title.

KCNA's ids are URLs whose last part is a long hex string made of blocks, some of which
repeat from article to article (a shared tail such as ``…7e7ecd7a4.kcmsf``): the end of
the id, or its start, is then the same for many articles. For ids of one shape (the same
folder and length of the last part) the window that differs most across the corpus is
worked out once, from a sample, and each id is shown by that window.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Sequence
from typing import Any

ELLIPSIS = "\u2026"
_SAMPLE = 2000
"""Ids of one shape looked at to choose its window: enough to tell blocks that repeat
from blocks that do not, few enough to be quick at a million articles."""


def _shape(value: str) -> tuple[str, int]:
    head, sep, tail = value.rpartition("/")
    return head + sep, len(tail)


class IdShortener:
    """Shows ids in ``width`` characters by the part that differs between them."""

    def __init__(self, ids: Sequence[str], width: int = 16) -> None:
        self.width = width
        groups: dict[tuple[str, int], list[str]] = {}
        for value in ids:
            if len(value) > width:
                groups.setdefault(_shape(value), []).append(value)
        self._window: dict[tuple[str, int], int] = {}
        inner = width - 2  # an ellipsis either side
        for shape, members in groups.items():
            prefix, length = shape
            if length <= inner:
                continue  # the last part fits: shown whole
            step = max(len(members) // _SAMPLE, 1)
            tails = [member[len(prefix) :] for member in members[::step]]
            best, best_count = length - inner, -1
            for offset in range(length - inner + 1):
                count = len({tail[offset : offset + inner] for tail in tails})
                # The latest window of the most distinct ones: the end of an id, where
                # ids usually differ, when nothing speaks against it.
                if count >= best_count:
                    best, best_count = offset, count
            self._window[shape] = best

    def __call__(self, value: str) -> str:
        if len(value) <= self.width:
            return value
        shape = _shape(value)
        prefix, length = shape
        inner = self.width - 2
        if length <= inner + 1:
            return ELLIPSIS + value[-(self.width - 1) :]
        offset = self._window.get(shape)
        if offset is None or offset >= length - inner:
            return ELLIPSIS + value[-(self.width - 1) :]
        start = len(prefix) + offset
        return ELLIPSIS + value[start : start + inner] + ELLIPSIS


_LOCK = threading.Lock()
_SHORTENERS: weakref.WeakKeyDictionary[Any, IdShortener] = weakref.WeakKeyDictionary()


def shortener_for(owner: Any, ids: Sequence[str], width: int = 16) -> IdShortener:
    """The shortener of a corpus (``owner``: its index), made once (slow: a worker's)."""
    with _LOCK:
        found = _SHORTENERS.get(owner)
        if found is None or found.width != width:
            found = IdShortener(ids, width)
            _SHORTENERS[owner] = found
        return found


# "Pyongyang, November 9 (KCNA) -- ": the dateline says nothing a list row needs.
_DATELINE = re.compile(r"^[^\n,]{1,40},\s+\w+\s+\d{1,2}\s+\(KCNA\)\s*-+\s*")


def first_words(text: str, width: int = 80) -> str:
    """What stands in for a missing title: the first words of the body, its dateline left
    out, cut at a word within ``width`` characters."""
    body = _DATELINE.sub("", text.strip(), count=1)
    words = " ".join(body.split())
    if len(words) <= width:
        return words
    cut = words[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut + ELLIPSIS
