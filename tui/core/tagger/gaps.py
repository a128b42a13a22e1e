"""Patterns with gaps (tui.core.patterns): joining the matches of their segments, each within
a few words of the one before it and in one clause."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.core.tagger.chars import _BARRIER, _is_in
from tui.core.tagger.mentions import Source
from tui.core.taxonomy import LoadedTaxonomy

_CHARS_A_WORD = 24
"""Characters a gap may hold per word it allows (and one more): a bound on the check."""


@dataclass(frozen=True)
class _Gaps:
    """The patterns with gaps: per pattern its source, segments and gaps; per segment entry
    of the automata its pattern and place in it."""

    source: np.ndarray
    segments: np.ndarray
    gap: np.ndarray
    """Per pattern and gap: the most words it allows."""
    segment_gapped: np.ndarray
    segment_number: np.ndarray
    reach: np.ndarray
    """Per pattern: how far after its first part its last part may end."""

    @classmethod
    def of(
        cls,
        taxonomy: LoadedTaxonomy,
        sources: list[Source],
        gapped_source: list[int],
        gapped_gaps: list[tuple[int, ...]],
        segment_of: list[tuple[int, int]],
    ) -> _Gaps:
        segments = np.array([len(g) + 1 for g in gapped_gaps], dtype=np.int64)
        widest = max((len(g) for g in gapped_gaps), default=0)
        gap_of = np.zeros((len(gapped_gaps), max(widest, 1)), dtype=np.int64)
        for number, gaps in enumerate(gapped_gaps):
            gap_of[number, : len(gaps)] = gaps
        reach = np.array(
            [
                sum((gap + 1) * _CHARS_A_WORD for gap in gaps)
                + sum(
                    max(map(len, segment))
                    for segment in taxonomy.expand(sources[source].phrase).segments[1:]
                )
                for source, gaps in zip(gapped_source, gapped_gaps, strict=True)
            ],
            dtype=np.int64,
        )
        return cls(
            np.array(gapped_source, dtype=np.int64),
            segments,
            gap_of,
            np.array([g for g, _ in segment_of], dtype=np.int64),
            np.array([n for _, n in segment_of], dtype=np.int64),
            reach,
        )

    def assemble(
        self, form: np.ndarray, segment: np.ndarray, f_start: np.ndarray, f_end: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Patterns with gaps from their segments' matches: (source, start, end) in the form.

        Each match of a first segment takes the nearest match of the pattern's next segment
        after it, if few enough words and no clause break lie between; and so on. The nearest
        is the only one to try: a farther one has at least as many words and breaks between."""
        gapped = self.segment_gapped[segment]
        number = self.segment_number[segment]
        first = number == 0
        cur, cur_start, cur_end = gapped[first], f_start[first], f_end[first]
        scale = len(form) + 2
        done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for step in range(1, int(self.segments.max(initial=1))):
            complete = self.segments[cur] == step
            done.append((cur[complete], cur_start[complete], cur_end[complete]))
            cur, cur_start, cur_end = cur[~complete], cur_start[~complete], cur_end[~complete]
            following = number == step
            if not len(cur) or not following.any():
                cur = cur[:0]
                break
            keys = gapped[following] * scale + f_start[following]
            order = np.argsort(keys, kind="stable")
            keys, ends = keys[order], f_end[following][order]
            at = np.searchsorted(keys, cur * scale + cur_end + 1)
            found = at < len(keys)
            at = np.minimum(at, len(keys) - 1)
            found &= keys[at] < (cur + 1) * scale
            next_start = keys[at] - cur * scale
            limit = self.gap[cur, step - 1]
            found &= next_start - cur_end <= (limit + 1) * _CHARS_A_WORD
            found[found] = _few_words_between(form, cur_end[found], next_start[found], limit[found])
            cur, cur_start, cur_end = cur[found], cur_start[found], ends[at[found]]
        done.append((cur, cur_start, cur_end))
        which = np.concatenate([d[0] for d in done])
        return (
            self.source[which],
            np.concatenate([d[1] for d in done]),
            np.concatenate([d[2] for d in done]),
        )


def _few_words_between(
    form: np.ndarray, ends: np.ndarray, starts: np.ndarray, limit: np.ndarray
) -> np.ndarray:
    """Whether at most ``limit`` words and no barrier lie between each end and start."""
    if not len(ends):
        return np.zeros(0, dtype=bool)
    width = int((starts - ends).max())
    at = ends[:, None] + np.arange(width)
    inside = at < starts[:, None]
    window = form[np.minimum(at, len(form) - 1)]
    spaces = ((window == 32) & inside).sum(axis=1)
    barrier = (_is_in(window, _BARRIER) & inside).any(axis=1)
    found: np.ndarray = (spaces - 1 <= limit) & ~barrier
    return found
