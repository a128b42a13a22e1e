"""What a Tagger builds once from its taxonomy: the automata, and the tables each rule reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.core.models import Label
from tui.core.tagger.context import _ContextRules
from tui.core.tagger.frame import _ForeignFrame
from tui.core.tagger.gaps import _Gaps
from tui.core.tagger.history import _History
from tui.core.tagger.matcher import _HOME, _NEAR, _Automata
from tui.core.tagger.mentions import Source
from tui.core.tagger.names import _Names
from tui.core.tagger.vocabulary import _Vocabulary
from tui.core.taxonomy import LoadedTaxonomy


@dataclass(frozen=True)
class _Compiled:
    sources: list[Source]
    exclusions: list[Source]
    source_label: np.ndarray
    exclusion_label: np.ndarray
    automata: _Automata
    gaps: _Gaps
    rules: _ContextRules
    frame: _ForeignFrame
    history: _History
    names: _Names
    ruled: np.ndarray
    """Per label: whether deciding its matches reads context words."""


def _compile(taxonomy: LoadedTaxonomy, labels: list[Label]) -> _Compiled:
    vocabulary = _Vocabulary(taxonomy)
    for number, label in enumerate(labels):
        vocabulary.add_label(number, label)
    # The rules' context words, all added before any mask is made (masks have one size).
    contexts = vocabulary.contexts
    frame = taxonomy.model.frame
    names = taxonomy.model.names
    foreign = contexts(frame.foreign, _NEAR) if frame else set()
    home = contexts(frame.home, _HOME) if frame else set()
    here = contexts(frame.here, _NEAR) if frame else set()
    through = contexts(frame.through, _HOME) if frame else set()
    cues = contexts(names.list_cues, _NEAR) if names else set()
    active = contexts(names.activity_cues, _NEAR) if names else set()
    titles = contexts(names.titles, _NEAR) if names else set()
    history = taxonomy.model.history
    past = contexts(history.cues, _NEAR) if history else set()
    present = contexts(history.present, _NEAR) if history else set()

    mask = vocabulary.mask
    kinds = np.array([label.kind for label in labels], dtype=object)
    framing = _ForeignFrame.of(
        taxonomy, labels, kinds, (mask(foreign), mask(home), mask(here), mask(through))
    )
    telling = _History.of(taxonomy, kinds, mask(past), mask(present))
    naming = _Names.of(taxonomy, labels, kinds, (mask(cues), mask(active), mask(titles)))
    rules = _ContextRules.of(vocabulary.raw_rules, mask)
    ruled = (
        (rules.rule_of_label >= 0)
        | framing.framed_label
        | telling.label
        | naming.always
        | naming.activity
        | naming.needs_activity
    )
    return _Compiled(
        sources=vocabulary.sources,
        exclusions=vocabulary.exclusions,
        source_label=np.array(vocabulary.source_label, dtype=np.int64),
        exclusion_label=np.array(vocabulary.exclusion_label, dtype=np.int64),
        automata=_Automata.of(vocabulary.tables),
        gaps=_Gaps.of(
            taxonomy,
            vocabulary.sources,
            vocabulary.gapped_source,
            vocabulary.gapped_gaps,
            vocabulary.segment_of,
        ),
        rules=rules,
        frame=framing,
        history=telling,
        names=naming,
        ruled=ruled,
    )
