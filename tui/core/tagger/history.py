"""The history rule (HistoryRule): a sentence telling of the past (a cue such as a year gone
by, with no present word after it) cancels the labels of the kinds it concerns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.core.tagger.mentions import _Context, _Raw
from tui.core.tagger.spans import _doc_of
from tui.core.taxonomy import LoadedTaxonomy

_FRONTED = 30
"""A history cue this close to its sentence's start dates the sentence's story (an anecdote)."""


@dataclass(frozen=True)
class _History:
    """Per context word: whether it is a past cue or a present word; per label: whether the
    rule concerns it."""

    past: np.ndarray
    present: np.ndarray
    label: np.ndarray
    """Per label: whether a sentence telling of the past cancels it."""

    @classmethod
    def of(
        cls, taxonomy: LoadedTaxonomy, kinds: np.ndarray, past: np.ndarray, present: np.ndarray
    ) -> _History:
        history = taxonomy.model.history
        return cls(past, present, np.isin(kinds, history.kinds if history else []))

    def in_the_past(
        self,
        raw: _Raw,
        sentence: np.ndarray,
        context: _Context,
        sentences: np.ndarray,
        paragraphs: np.ndarray,
        doc_starts: np.ndarray,
    ) -> np.ndarray:
        """Which matches tell of the past (see HistoryRule): the last sentence of their
        paragraph up to theirs that holds a past cue holds no present word, and no sentence
        after it up to theirs does either."""
        past_cue = self.past[context.index]
        past = np.unique(context.sentence[past_cue])
        # Only a cue that opens its sentence ("One day in May 2014, ...", "In September 1999,
        # ...") opens an anecdote; a news lead dates its event at the end of the sentence.
        fronted = past_cue & (context.start - sentences[context.sentence] <= _FRONTED)
        anecdote = np.unique(context.sentence[fronted])
        present = np.unique(context.sentence[self.present[context.index]])
        concerned = self.label[raw.label]

        def last_up_to(numbers: np.ndarray) -> np.ndarray:
            """Per match: the last of ``numbers`` (sorted sentences) up to its own, or -1."""
            at = np.searchsorted(numbers, sentence, side="right") - 1
            found: np.ndarray = np.where(at >= 0, np.append(numbers, -1)[at], -1)
            return found

        last_past, last_present = last_up_to(past), last_up_to(present)

        def paragraph_of(numbers: np.ndarray) -> np.ndarray:
            found: np.ndarray = np.searchsorted(paragraphs, sentences[numbers], side="right") - 1
            return found

        cue_paragraph = paragraph_of(np.maximum(last_past, 0))
        own_paragraph = paragraph_of(sentence)
        same = cue_paragraph == own_paragraph

        # An anecdote ("One day in May 2014, ...") tells its story over several paragraphs:
        # a fronted cue opening an article's title line or first body paragraph holds for the
        # whole article, its title included (a present word after the cue still ends it).
        def doc_first(at: np.ndarray) -> np.ndarray:
            """The first paragraph of the article holding each offset."""
            found: np.ndarray = np.searchsorted(paragraphs, doc_starts[_doc_of(doc_starts, at)])
            return found

        opened = anecdote[anecdote > 0]
        opened = opened[paragraph_of(opened - 1) != paragraph_of(opened)]
        if len(anecdote) and anecdote[0] == 0:
            opened = np.concatenate([[0], opened])
        lead = paragraph_of(opened) - doc_first(sentences[opened])
        opened = opened[lead <= 1]
        own_first = doc_first(sentences[sentence])
        opening = np.isin(last_past, opened) & (cue_paragraph >= own_first)
        # The title line before the cue: the anecdote's own headline.
        next_opening = np.searchsorted(opened, sentence, side="left")
        following = np.append(opened, -1)[next_opening]
        headline = (
            (own_paragraph == own_first)
            & (following >= 0)
            & (doc_first(sentences[np.maximum(following, 0)]) == own_first)
            & (own_paragraph < paragraph_of(np.maximum(following, 0)))
        )
        found: np.ndarray = concerned & (
            ((last_past >= 0) & (same | opening) & (last_present < last_past)) | headline
        )
        return found
