"""The foreign frame (FrameRule): a story whose lead names another country cancels the themes
and sectors of its sentences, until a sentence about the DPRK ends the frame."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.core.models import Label
from tui.core.rules import framed_abroad
from tui.core.tagger.matcher import _CONTEXT
from tui.core.tagger.mentions import FRAME_ENDED, _Context, _Raw
from tui.core.taxonomy import LoadedTaxonomy


@dataclass(frozen=True)
class _ForeignFrame:
    """Per context word: whether it names another country, a word of home, or places
    foreigners here; per label: whether the frame cancels it, and whether it is a home region."""

    foreign: np.ndarray
    home: np.ndarray
    here: np.ndarray
    through: np.ndarray
    """Per context word: whether its sentence names the DPRK only in people's titles."""
    framed_label: np.ndarray
    """Per label: whether a story framed abroad cancels it (themes and sectors)."""
    home_label: np.ndarray

    @classmethod
    def of(
        cls,
        taxonomy: LoadedTaxonomy,
        labels: list[Label],
        kinds: np.ndarray,
        masks: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    ) -> _ForeignFrame:
        """``masks``: the foreign, home, here and through context words."""
        frame = taxonomy.model.frame
        framed_label = np.isin(kinds, frame.kinds if frame else [])
        home_label = np.array(
            [
                frame is not None
                and frame.home_regions
                and label.kind == "region"
                and taxonomy.root(label.id) != "national"
                for label in labels
            ],
            dtype=bool,
        )
        return cls(*masks, framed_label, home_label)

    def outside_foreign_frame(
        self,
        raw: _Raw,
        sentence: np.ndarray,
        doc: np.ndarray,
        context: _Context,
        doc_starts: np.ndarray,
        paragraphs: np.ndarray,
    ) -> np.ndarray:
        """Which matches a story about another country does not cancel (see FrameRule)."""
        # The lead: the title line and the first paragraph of the body.
        lead = np.searchsorted(paragraphs, doc_starts) + 2
        doc_ends = np.append(doc_starts[1:] - 1, np.iinfo(np.int64).max)
        lead_end = np.minimum(
            np.where(lead < len(paragraphs), paragraphs[np.minimum(lead, len(paragraphs) - 1)],
                     np.iinfo(np.int64).max),
            doc_ends,
        )  # fmt: skip
        foreign = self.foreign[context.index]
        home = self.home[context.index]
        region = self.home_label[raw.label]
        home_at = np.concatenate([context.start[home], raw.start[region]])
        home_sentence = np.concatenate([context.sentence[home], sentence[region]])
        through = self.through[context.index]
        if through.any():
            # A retinue's titles (the WPK, a DPRK province's committee) end no frame.
            titled = ~np.isin(home_sentence, context.sentence[through])
            home_at, home_sentence = home_at[titled], home_sentence[titled]
        foreign_at = context.start[foreign]

        def doc_of(at: np.ndarray) -> np.ndarray:
            found: np.ndarray = np.searchsorted(doc_starts, at, side="right") - 1
            return found

        framed, ends = framed_abroad(
            len(doc_starts),
            doc_of(foreign_at),
            foreign_at,
            context.sentence[foreign],
            doc_of(home_at),
            home_sentence,
            lead_end,
            home_at,
        )
        # Foreigners placed here (an embassy here, its ambassador to the DPRK) set no frame.
        here = np.unique(context.sentence[self.here[context.index]])
        if len(here):
            lead_here = (foreign_at < lead_end[doc_of(foreign_at)]) & np.isin(
                context.sentence[foreign], here
            )
            framed[doc_of(foreign_at[lead_here])] = False
        concerned = self.framed_label[raw.label] & framed[doc]
        cancelled = concerned & (sentence < ends[doc])
        raw.flags[concerned & ~cancelled] |= FRAME_ENDED
        allowed: np.ndarray = ~cancelled
        return allowed


def _framed_articles(
    kind: np.ndarray,
    index: np.ndarray,
    start: np.ndarray,
    foreign: np.ndarray,
    paragraphs: np.ndarray,
    position: np.ndarray,
    doc_starts: np.ndarray,
    concerned: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The articles whose title line or first paragraph holds a foreign word and that hold a
    match (rows ``concerned``) a foreign frame would cancel: their ranges in the form, from
    their start to the end of the paragraph of their last such match."""
    context = kind == _CONTEXT
    rows = context & foreign[np.where(context, index, 0)]
    if not rows.any() or not concerned.any():
        return None
    docs = np.searchsorted(position, doc_starts)
    size = len(position)
    lead = np.searchsorted(paragraphs, docs) + 2
    lead_end = np.where(
        lead < len(paragraphs), paragraphs[np.minimum(lead, len(paragraphs) - 1)], size
    )

    def doc_of(at: np.ndarray) -> np.ndarray:
        found: np.ndarray = np.searchsorted(docs, at, side="right") - 1
        return found

    foreign_doc = doc_of(start[rows])
    framed = np.intersect1d(
        foreign_doc[start[rows] < lead_end[foreign_doc]], doc_of(start[concerned])
    )
    if not len(framed):
        return None
    # Home words after an article's last concerned match change nothing: read up to the
    # end of the paragraph that holds it.
    last = np.full(len(docs), -1, dtype=np.int64)
    np.maximum.at(last, doc_of(start[concerned]), start[concerned])
    bounds = np.append(paragraphs, size)
    ends = bounds[np.searchsorted(paragraphs, last[framed], side="right")]
    return docs[framed], np.minimum(ends, np.append(docs[1:] - 1, size)[framed])
