"""Tagging: one Aho-Corasick pass per article finds every phrase of every label.

Each mention keeps the label, the character span in the article's document text (title, a
newline, then the body), the sentence and paragraph it sits in and the words matched, so
every count can be explained by the text behind it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from tui.core.models import ContextRule, Label
from tui.core.normalize import OffsetMap, normalize, normalize_phrase
from tui.core.taxonomy import LoadedTaxonomy

TAGGER_VERSION = "2"
"""Bumped whenever a change here alters the mentions found, so cached indexes are rebuilt."""

_PHRASE, _EXCLUDE, _CONTEXT = 0, 1, 2

# The newsroom dateline that opens wire copy ("Pyongyang, July 14 (KCNA) --") names where the
# story was filed, not what it is about. It is tried at line starts only.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Za-z .'\u2019-]{1,40},?[ \t]+"
    r"(?:[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,9}\.?)"
    r"(?:,?[ \t]+\d{4})?[ \t]*\((?:KCNA|[A-Z][A-Za-z ]{1,30})\)[ \t]*(?:-{1,3}|\u2014|\u2013)?"
)
_DATELINE_REACH = 120
# End markers ("-0-") close a story; they are not text.
_END_MARKER = re.compile(r"(?m)(?:^|[ \t])-0-[ \t]*$")
_ABBREVIATIONS = (
    "mt no nos st dr mr mrs ms jan feb mar apr jun jul aug sep sept oct nov dec gen lt col "  # noqa: SIM905
    "prof vol fig approx etc u.s u.n d.p.r.k vs".split()
)
# A full stop after an abbreviation ("Mt. Paektu", "Dec. 12") or an initial ends no sentence.
# The checks look back from just after the stop, so they run only where there is one.
_NOT_AFTER = "".join(
    rf"(?<![\s(\"']{pattern}[.!?])(?<!\A{pattern}[.!?])"
    for pattern in [*(f"(?i:{re.escape(word)})" for word in _ABBREVIATIONS), "[A-Za-z]"]
)
# Some archives join paragraphs with ".," ("...lubricants., Its researchers"): a comma after the
# full stop still ends the sentence.
_SENTENCE_BREAK = re.compile(
    r"[.!?]" + _NOT_AFTER + r"[\"'\u201d\u2019)\]]*,?[ \t]+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an article mentions a label."""

    label: str
    start: int
    end: int
    sentence: int
    paragraph: int
    phrase: str


def document_text(title: str, body: str) -> str:
    """The text that is tagged and whose offsets mentions use: the title line, then the body."""
    return f"{title}\n{body}" if title else body


def sentence_starts(text: str) -> list[int]:
    """Offsets at which sentences begin (a newline always ends a sentence)."""
    return [0, *(match.end() for match in _SENTENCE_BREAK.finditer(text))]


def paragraph_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of datelines and end markers, which are never content."""
    spans = []
    for start in paragraph_starts(text):
        # A dateline holds its agency in brackets near the line start: skip the other lines.
        if ")" in text[start : start + _DATELINE_REACH]:
            match = _DATELINE.match(text, start)
            if match:
                spans.append(match.span())
    if "-0-" in text:
        spans.extend(m.span() for m in _END_MARKER.finditer(text))
    return spans


@dataclass(frozen=True, slots=True)
class _Rule:
    unless: frozenset[int]
    requires: frozenset[int]


class Tagger:
    """Finds the mentions of a taxonomy's labels in text."""

    def __init__(self, taxonomy: LoadedTaxonomy) -> None:
        self.taxonomy = taxonomy
        self.labels: list[Label] = list(taxonomy.model.labels)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, int]]] = {}
        context_ids: dict[str, int] = {}

        def context_id(phrase: str) -> int:
            key = normalize_phrase(phrase)
            if key not in context_ids:
                context_ids[key] = len(context_ids)
                entries.setdefault(key, []).append((_CONTEXT, context_ids[key]))
            return context_ids[key]

        def compile_rule(*rules: ContextRule | None) -> _Rule | None:
            unless: set[int] = set()
            requires: set[int] = set()
            for rule in rules:
                if rule is None:
                    continue
                unless.update(context_id(p) for p in rule.unless_sentence_has)
                requires.update(context_id(p) for p in rule.requires_sentence_has)
            if not unless and not requires:
                return None
            return _Rule(frozenset(unless), frozenset(requires))

        self._rules: list[_Rule | None] = []
        for index, label in enumerate(self.labels):
            for phrase in (*label.phrases, *label.aliases):
                entries.setdefault(normalize_phrase(phrase), []).append((_PHRASE, index))
            for phrase in label.exclude:
                entries.setdefault(normalize_phrase(phrase), []).append((_EXCLUDE, index))
            kind_rule = taxonomy.model.context.get(label.kind)
            self._rules.append(compile_rule(kind_rule, label.context))
        for key, values in entries.items():
            # A phrase listed twice for one label would count its mentions twice.
            self._automaton.add_word(key, (len(key), tuple(dict.fromkeys(values))))
        self._automaton.make_automaton()
        self.phrase_count = len(entries)

    def phrases(self) -> list[str]:
        """Every normalised phrase in the automaton (for the grep baseline of the benchmark)."""
        return [str(key) for key in self._automaton.keys()]  # noqa: SIM118 - the C type's own API

    def tag_article(self, title: str, body: str) -> tuple[str, list[Mention]]:
        text = document_text(title, body)
        return text, self.tag(text)

    def tag(self, text: str) -> list[Mention]:
        """All mentions in ``text``, in order of position."""
        spans = boilerplate_spans(text)
        masked = text
        for start, end in spans:
            # Blanked with a character that is neither a letter nor a space: a run of spaces
            # would have to be folded, which costs an offset map for nearly every article.
            masked = masked[:start] + "\x00" * (end - start) + masked[end:]
        norm, offsets = normalize(masked)
        length = len(norm)

        found: dict[int, list[tuple[int, int]]] = {}
        excluded: dict[int, list[tuple[int, int]]] = {}
        context_hits: list[tuple[int, int]] = []
        for last, (size, values) in self._automaton.iter(norm):
            start = last - size + 1
            end = last + 1
            if not self._is_word(norm, start, end, length, masked, offsets):
                continue
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            for entry_kind, index in values:
                if entry_kind == _PHRASE:
                    found.setdefault(index, []).append((start, end))
                elif entry_kind == _EXCLUDE:
                    excluded.setdefault(index, []).append((start, end))
                else:
                    context_hits.append((start, index))
        if not found:
            return []

        sentences = sentence_starts(text)
        paragraphs = paragraph_starts(text)
        context_by_sentence: dict[int, set[int]] = {}
        for start, context in context_hits:
            sentence = bisect_right(sentences, start) - 1
            context_by_sentence.setdefault(sentence, set()).add(context)

        mentions: list[Mention] = []
        for index, matches in found.items():
            blocked = excluded.get(index, [])
            rule = self._rules[index]
            label_id = self.labels[index].id
            for start, end in _merge(matches):
                if any(b_start <= start and end <= b_end for b_start, b_end in blocked):
                    continue
                sentence = bisect_right(sentences, start) - 1
                if rule is not None:
                    present = context_by_sentence.get(sentence, set())
                    if rule.unless & present:
                        continue
                    if rule.requires and not rule.requires & present:
                        continue
                paragraph = bisect_right(paragraphs, start) - 1
                mentions.append(Mention(label_id, start, end, sentence, paragraph, text[start:end]))
        mentions.sort(key=lambda m: (m.start, m.end, m.label))
        return mentions

    @staticmethod
    def _is_word(
        norm: str, start: int, end: int, length: int, original: str, offsets: OffsetMap | None
    ) -> bool:
        """Whole words only; a run-together join like "visitedSinuiju" still has a boundary.

        ``offsets`` maps normalised positions to ``original`` when their lengths differ.
        """

        def case_step(left: int, right: int) -> bool:
            if offsets is not None:
                left, right = offsets[left], offsets[right]
            return original[left].islower() and original[right].isupper()

        if start > 0 and norm[start - 1].isalnum() and not case_step(start - 1, start):
            return False
        return not (end < length and norm[end].isalnum() and not case_step(end - 1, end))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or nested matches of one label are one mention ("socialist emulation drive")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
