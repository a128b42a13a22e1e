"""The names rule (NamesRule): words inside proper names and titles, unit names and lists of
units that report no activity do not count."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.core.models import Label
from tui.core.rules import IN_A_NAME, IN_A_TITLE, NameWords, capitalised_neighbour, names_of
from tui.core.tagger.chars import _ASCII_UPPER, _char_class
from tui.core.tagger.mentions import NAME_OUTSIDE_LIST, _Context, _Raw
from tui.core.taxonomy import LoadedTaxonomy


@dataclass(frozen=True)
class _Names:
    """Per label: which checks of the rule concern it; per context word: whether it is a
    cue of a list of units, reports activity, or is a title; the words of names."""

    always: np.ndarray
    activity: np.ndarray
    words: NameWords | None
    product_initials: np.ndarray
    needs_activity: np.ndarray
    """Per label: whether all its mentions need a sentence reporting activity."""
    active: np.ndarray
    cue: np.ndarray
    title: np.ndarray

    @classmethod
    def of(
        cls,
        taxonomy: LoadedTaxonomy,
        labels: list[Label],
        kinds: np.ndarray,
        masks: tuple[np.ndarray, np.ndarray, np.ndarray],
    ) -> _Names:
        """``masks``: the list cue, activity cue and title context words."""
        names = taxonomy.model.names
        keep = set(names.keep) if names else set()
        ids = np.array([label.id for label in labels], dtype=object)
        cue, active, title = masks
        return cls(
            np.isin(kinds, names.always if names else []) & ~np.isin(ids, [*keep]),
            np.isin(kinds, names.activity if names else []) & ~np.isin(ids, [*keep]),
            NameWords.of(names) if names else None,
            np.array(
                sorted(
                    {ord(word[0].lower()) for word in (names.products if names else []) if word}
                ),
                dtype=np.uint32,
            ),
            np.array([names is not None and label.needs_activity for label in labels], dtype=bool),
            active,
            cue,
            title,
        )

    def outside_names(
        self,
        raw: _Raw,
        sentence: np.ndarray,
        doc: np.ndarray,
        context: _Context,
        joined: str,
        original: np.ndarray,
        sentences: np.ndarray,
        doc_starts: np.ndarray,
        lengths: np.ndarray,
        title_end: np.ndarray,
    ) -> np.ndarray:
        """Which matches the names rule lets through (see NamesRule). Themes: capitalised
        matches are read in Python for the rest of their name. Sectors: a capitalised match
        inside a sentence and outside the title line is in a unit's name, which needs a
        sentence that reports activity, as does every match in a sentence listing units;
        only the few capitalised ones after a title word are read in Python."""
        assert self.words is not None
        always = self.always[raw.label]
        activity = self.activity[raw.label]
        upper = _char_class(original[raw.start], _ASCII_UPPER, str.isupper)
        allowed = np.ones(len(raw), dtype=bool)
        read = np.zeros(len(raw), dtype=bool)
        named = np.zeros(len(raw), dtype=bool)
        if (activity | self.needs_activity[raw.label]).any():

            def holding(words: np.ndarray) -> np.ndarray:
                found: np.ndarray = np.isin(sentence, context.sentence[words[context.index]])
                return found

            # An activity word capitalised inside a sentence is a word of a name (a Teachers
            # Training College, a Construction Bureau): it reports nothing.
            cue_at = context.start[self.active[context.index]]
            cue_sentence = context.sentence[self.active[context.index]]
            in_name = _char_class(original[cue_at], _ASCII_UPPER, str.isupper)
            in_name &= cue_at - sentences[cue_sentence] > 2
            in_name &= cue_at >= title_end[np.searchsorted(doc_starts, cue_at, side="right") - 1]
            active = np.isin(sentence, cue_sentence[~in_name])
            listing = holding(self.cue)
            initial = raw.start - sentences[sentence] <= 2
            named = activity & upper & ~initial & (raw.start >= title_end[doc])
            # Whether a capitalised word is in a name decides something only in a sentence
            # that lists no units and reports no activity.
            open_question = named & ~active & ~listing
            named[open_question] = capitalised_neighbour(
                original, raw.start[open_question], raw.end[open_question]
            )
            needs = self.needs_activity[raw.label]
            named |= needs
            read = named & holding(self.title)
            concerned = (activity | needs) & (named | listing)
            allowed &= ~(concerned & ~active)
            raw.flags[concerned & active] |= NAME_OUTSIDE_LIST
        candidate = upper & always
        if candidate.any():
            # Only a word with a capitalised neighbour, or followed by a word that may be a
            # make (a lower-case word starting as one of the products does), can be in a name.
            at = np.flatnonzero(candidate)
            neighbour = capitalised_neighbour(original, raw.start[at], raw.end[at])
            after = np.minimum(raw.end[at] + 1, len(original) - 1)
            make = np.isin(original[after], self.product_initials)
            candidate[at] = neighbour | make
        candidate |= read
        if candidate.any():
            at = np.flatnonzero(candidate)
            docs = doc[at]
            found = names_of(
                joined,
                raw.start[at],
                raw.end[at],
                doc_starts[docs],
                doc_starts[docs] + lengths[docs],
                self.words,
            )
            drop = (found == IN_A_TITLE) | ((found == IN_A_NAME) & always[at])
            allowed[at[drop]] = False
        return allowed
