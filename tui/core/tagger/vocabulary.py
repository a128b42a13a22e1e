"""Gathering a taxonomy's words for the automata, label by label: phrases, the segments of
patterns with gaps, exclusions and context words, each entry saying what it stands for.

Three automata: MAIN (phrases, exclusions and the first part of each pattern) is run over all
text; NEAR (the later parts of patterns, foreign names, the cue words of the names and
history rules) only in the sentences of the matches that need them (the paragraph up to
them, for history) and after each first part; HOME (the words ending a foreign frame) only
in the articles framed abroad. Most text needs none of them, and they are common words
("unit", "U.S.", "DPRK").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui.core.models import ContextRule, Label
from tui.core.tagger.matcher import _CONTEXT, _EXCLUDE, _MAIN, _NEAR, _PHRASE, _SEGMENT, _Entries
from tui.core.tagger.mentions import Source
from tui.core.taxonomy import LoadedTaxonomy


class _Vocabulary:
    """The automata's tables as they are filled, and what each label's phrases are."""

    def __init__(self, taxonomy: LoadedTaxonomy) -> None:
        self.taxonomy = taxonomy
        self.tables: list[_Entries] = [{}, {}, {}]
        """Per automaton (_MAIN, _NEAR, _HOME): each phrase's entries."""
        self.context_ids: dict[str, int] = {}
        self.sources: list[Source] = []
        """Every phrase of the taxonomy as written; a mention's ``source`` indexes it."""
        self.exclusions: list[Source] = []
        """Every exclusion of the taxonomy as written."""
        self.exclusion_label: list[int] = []
        self.source_label: list[int] = []
        self.gapped_source: list[int] = []
        self.gapped_gaps: list[tuple[int, ...]] = []
        self.segment_of: list[tuple[int, int]] = []
        self.raw_rules: list[tuple[set[int], set[int]] | None] = []

    def add(self, key: str, value: tuple[int, int], where: int = _MAIN) -> None:
        if key:
            self.tables[where].setdefault(key, []).append(value)

    def contexts(self, phrases: Sequence[str], where: int = _MAIN) -> set[int]:
        """The context word ids of ``phrases``, added to the automaton ``where`` once."""
        found: set[int] = set()
        for phrase in phrases:
            for key in self.taxonomy.plain(phrase):
                if key not in self.context_ids:
                    self.context_ids[key] = len(self.context_ids)
                if (_CONTEXT, self.context_ids[key]) not in self.tables[where].get(key, []):
                    self.add(key, (_CONTEXT, self.context_ids[key]), where)
                found.add(self.context_ids[key])
        return found

    def add_label(self, number: int, label: Label) -> None:
        """The label's phrases, exclusions and context rules (``number``: its index)."""
        taxonomy = self.taxonomy
        for phrase in (*label.phrases, *label.aliases):
            expanded = taxonomy.expand(phrase)
            source = len(self.sources)
            self.sources.append(Source(label.id, phrase, max(expanded.gaps, default=0)))
            self.source_label.append(number)
            if not expanded.gapped:
                for key in expanded.segments[0]:
                    self.add(key, (_PHRASE, source))
                continue
            # A pattern with gaps: each segment's phrases are anchors the automaton
            # finds; _Gaps.assemble joins them.
            self.gapped_source.append(source)
            self.gapped_gaps.append(expanded.gaps)
            for at, segment in enumerate(expanded.segments):
                for key in segment:
                    self.add(key, (_SEGMENT, len(self.segment_of)), _MAIN if at == 0 else _NEAR)
                self.segment_of.append((len(self.gapped_source) - 1, at))
        for phrase in label.exclude:
            for key in taxonomy.plain(phrase):
                self.add(key, (_EXCLUDE, len(self.exclusions)))
            self.exclusions.append(Source(label.id, phrase, 0))
            self.exclusion_label.append(number)
        unless: set[int] = set()
        requires: set[int] = set()
        for rule in (taxonomy.model.context.get(label.kind), label.context):
            if isinstance(rule, ContextRule):
                unless |= self.contexts(rule.unless_sentence_has, _NEAR)
                requires |= self.contexts(rule.requires_sentence_has, _NEAR)
        self.raw_rules.append((unless, requires) if unless or requires else None)

    def mask(self, ids: set[int]) -> np.ndarray:
        """Per context word: whether it is one of ``ids``. Only once every context word is
        added, so that every mask has one size."""
        flags = np.zeros(max(len(self.context_ids), 1), dtype=bool)
        flags[list(ids)] = True
        return flags
