"""Arithmetic on spans held as arrays: which article holds an offset, ranges merged, matches
of one label merged into mentions, and spans inside exclusions."""

from __future__ import annotations

import numpy as np

from tui.core.tagger.mentions import _Raw


def _doc_of(docs: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Which article (by its start in ``docs``) each offset of ``at`` is in."""
    found: np.ndarray = np.searchsorted(docs, at, side="right") - 1
    return found


def _union(starts: np.ndarray, ends: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Ranges (starts and ends, ends at most ``size``) merged where they overlap, in order."""
    if not len(starts):
        return starts, ends
    order = np.argsort(starts, kind="stable")
    first, last = starts[order], np.minimum(ends[order], size)
    reach = np.maximum.accumulate(last)
    new = np.ones(len(first), dtype=bool)
    new[1:] = first[1:] > reach[:-1]
    at = np.flatnonzero(new)
    return first[at], np.maximum.reduceat(reach, at)


def _merge(label: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping or nested matches of one label are one mention ("socialist emulation drive"):
    the index of each mention's first match (earliest, then longest) and the mention's end."""
    order = np.lexsort((-end, start, label))
    label, start, end = label[order], start[order], end[order]
    scale = int(end.max()) + 1
    reach = np.maximum.accumulate(label * scale + end)
    new = np.ones(len(label), dtype=bool)
    new[1:] = label[1:] * scale + start[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    return order[first], np.maximum.reduceat(end, first)


def _holds(inner: _Raw, label: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which blocks (label, start, end) hold one of the ``inner`` spans of their label: the
    first span of the label starting in the block (the shortest of those) is tried."""
    if not len(inner):
        return np.zeros(len(label), dtype=bool)
    scale = int(max(end.max(initial=0), inner.end.max(initial=0))) + 1
    order = np.lexsort((inner.end, inner.start, inner.label))
    keys = inner.label[order] * scale + inner.start[order]
    at = np.searchsorted(keys, label * scale + start)
    found: np.ndarray = at < len(keys)
    at = np.minimum(at, len(keys) - 1)
    found &= keys[at] < label * scale + end
    found &= inner.end[order][at] <= end
    return found


def _inside(
    spans: tuple[np.ndarray, np.ndarray, np.ndarray],
    blocks: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Which spans lie wholly inside a block of their own label."""
    label, start, end = spans
    b_label, b_start, b_end = blocks
    scale = int(max(end.max(initial=0), b_end.max(initial=0))) + 1
    order = np.lexsort((b_start, b_label))
    keys = b_label[order] * scale + b_start[order]
    reach = np.maximum.accumulate(b_label[order] * scale + b_end[order])
    at = np.searchsorted(keys, label * scale + start, side="right") - 1
    found = at >= 0
    blocked = np.zeros(len(label), dtype=bool)
    blocked[found] = reach[at[found]] >= label[found] * scale + end[found]
    return blocked
