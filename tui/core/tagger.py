"""Tagging: Aho-Corasick passes over many articles at once find every phrase of every label.

Each mention keeps the label, the character span in the article's document text (title, a
newline, then the body), the sentence and paragraph it sits in and the words matched, so
every count can be explained by the text behind it.

A batch of articles is tagged as one text (the articles joined by NUL, which no phrase,
sentence break or dateline crosses): normalisation, matching, whole-word checks, merging,
exclusions and sentence rules all run as array operations over the batch, and Python code
runs per batch rather than per article or per match. One article is a batch of one, so a
single article and a corpus are tagged by the same code.

Phrases may be patterns (tui.core.patterns): their plain phrases are matched as they are,
and a pattern with gaps is found from its first part (an anchor) and a bounded look at the
words after it. After matching, per-mention rules (tui.core.rules) drop what the words do
not mean: other countries' sentences and stories, words inside proper names and titles, unit
names and lists that report no activity, history.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

from tui.core.models import ContextRule, Label
from tui.core.normalize import as_text, code_points, normalize_codes
from tui.core.rules import (
    IN_A_NAME,
    IN_A_TITLE,
    NameWords,
    capitalised_neighbour,
    framed_abroad,
    names_of,
)
from tui.core.taxonomy import LoadedTaxonomy

TAGGER_VERSION = "7"
"""Bumped whenever a change here alters the mentions found, so cached indexes are rebuilt."""

_PHRASE, _EXCLUDE, _CONTEXT, _SEGMENT = 0, 1, 2, 3
_MAIN, _NEAR, _HOME = 0, 1, 2
"""The automata (see Tagger.__init__)."""
_CHARS_A_WORD = 24
"""Characters a gap may hold per word it allows (and one more): a bound on the check."""
_FRONTED = 30
"""A history cue this close to its sentence's start dates the sentence's story (an anecdote)."""
_NARROW_LIMIT = 127
"""Up to this many distinct non-ASCII characters in phrases, text is matched a byte a character."""
BATCH_CHARS = 1 << 18
SEPARATOR = "\x00"
"""Joins the articles of a batch; also what datelines and end markers are blanked with."""

# The newsroom dateline that opens wire copy ("Pyongyang, July 14 (KCNA) --") names where the
# story was filed, not what it is about. It is tried at line starts only.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Za-z .'\u2019-]{1,40},?[ \t]+"
    r"(?:[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,9}\.?)"
    r"(?:,?[ \t]+\d{4})?[ \t]*\((?:KCNA|[A-Z][A-Za-z ]{1,30})\)[ \t]*(?:-{1,3}|\u2014|\u2013)?"
)
_DATELINE_REACH = 120
# End markers ("-0-") close a story when they end a line; they are not text.
_END_MARKER = re.compile(r"-0-[ \t]*(?=[\n\x00]|\Z)")
_ABBREVIATIONS = (
    "mt no nos st dr mr mrs ms jan feb mar apr jun jul aug sep sept oct nov dec gen lt col "  # noqa: SIM905
    "prof vol fig approx etc u.s u.n d.p.r.k vs".split()
)
# Where a sentence may end: a stop, closing quotes or brackets, perhaps a comma (some archives
# join paragraphs with ".," as in "...lubricants., Its researchers"), spacing, and a capital
# or digit. It is matched on arrays (_stops), and a stop after an abbreviation ("Mt. Paektu",
# "Dec. 12") or an initial ends no sentence (_after_abbreviation): many times quicker than the
# pattern with look-behinds, which stays as the definition the tests hold _stops to.
_STOP = re.compile(r"[.!?][\"'\u201d\u2019)\]]*,?[ \t]+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def _table(chars: str) -> np.ndarray:
    """Per code point up to the largest of ``chars`` (and one past it): whether it is one."""
    codes = [ord(c) for c in chars]
    table = np.zeros(max(codes) + 2, dtype=bool)
    table[codes] = True
    return table


def _is_in(codes: np.ndarray, table: np.ndarray) -> np.ndarray:
    found: np.ndarray = np.take(table, codes, mode="clip")
    return found


# What a gap of a pattern may not hold: a clause or sentence break, a bracket or a quote,
# or the NUL of a blanked dateline or between articles (in matching form).
_BARRIER = _table(',;:.!?()"\x00')
_CLOSERS = _table("\"'\u201d\u2019)]")
_OPENERS = _table("\"'\u201c\u2018(")
# Characters that may come before an abbreviation: spacing (what \s matches), an opening
# bracket or quote, or the NUL that joins the articles of a batch.
_BEFORE_ABBREVIATION = np.array(
    sorted({*(c for c in range(0x3001) if chr(c).isspace()), ord("("), ord('"'), ord("'"), 0}),
    dtype=np.uint32,
)
_WINDOW = max(len(word) for word in _ABBREVIATIONS) + 1
# Abbreviations are compared as numbers: each of their characters (a-z and the full stop) as
# 1..27 in five bits, the last character lowest; any other character is 0.
_ABBREVIATION_ALPHABET = np.zeros(ord("z") + 2, dtype=np.uint8)
_ABBREVIATION_ALPHABET[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz."]] = np.arange(1, 28)
_ABBREVIATION_KEYS: dict[int, np.ndarray] = {
    size: np.array(
        [
            sum(int(_ABBREVIATION_ALPHABET[ord(c)]) << (5 * i) for i, c in enumerate(word[::-1]))
            for word in _ABBREVIATIONS
            if len(word) == size
        ],
        dtype=np.int64,
    )
    for size in {len(word) for word in _ABBREVIATIONS}
}
_OPENS_WORD = np.zeros(int(_BEFORE_ABBREVIATION.max()) + 2, dtype=bool)
_OPENS_WORD[_BEFORE_ABBREVIATION] = True
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)
_ASCII_LOWER = np.array([chr(c).islower() for c in range(128)], dtype=bool)
_ASCII_UPPER = np.array([chr(c).isupper() for c in range(128)], dtype=bool)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an article mentions a label."""

    label: str
    start: int
    end: int
    sentence: int
    paragraph: int
    phrase: str
    pattern: str = ""
    """The taxonomy phrase (as written, perhaps a pattern) that found it."""
    rule: str = ""
    """Why it counted: the kind of phrase and the checks it passed (see Tagger.rule_text)."""


@dataclass(frozen=True)
class Mentions:
    """The mentions of a batch of articles, one array per field, ordered by article and start.

    ``label`` indexes ``Tagger.labels``; spans are offsets into each article's own text.
    """

    doc: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    sentence: np.ndarray
    paragraph: np.ndarray
    fingerprints: np.ndarray | None = None
    """Per article, when asked for: a 63-bit key of its body in matching form (see
    Tagger.tag_batch), for finding duplicate stories."""
    source: np.ndarray | None = None
    """When traced: per mention, the index in ``Tagger.sources`` of the phrase that found it."""
    flags: np.ndarray | None = None
    """When traced: per mention, the rule bits (GAPPED, ...) that let it count."""
    fired: tuple[np.ndarray, np.ndarray] | None = None
    """When traced: (article, source) of every match that counted, before merging."""
    blocked: tuple[np.ndarray, np.ndarray] | None = None
    """When traced: (article, exclusion) of every exclusion that held a match of its label."""

    def __len__(self) -> int:
        return len(self.doc)


def document_text(title: str, body: str) -> str:
    """The text that is tagged and whose offsets mentions use: the title line, then the body."""
    return f"{title}\n{body}" if title else body


def sentence_starts(text: str) -> list[int]:
    """Offsets at which sentences begin (a newline always ends a sentence)."""
    return [0, *_sentence_breaks(code_points(text)).tolist()]


@dataclass(frozen=True, slots=True)
class _Rule:
    unless: np.ndarray
    """Per context phrase: whether its presence in the sentence cancels the mention."""
    requires: np.ndarray | None
    """Per context phrase: one of these must be in the sentence (None: no requirement)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One phrase of the taxonomy as written, and the label it is for."""

    label: str
    phrase: str
    gap: int
    """The most words a gap of the pattern allows (0: the phrase has no gaps)."""


# What let a mention through, beyond its words matching (for "why tagged"), as bits.
GAPPED, OWN_COUNTRY, REQUIRED_WORD, FRAME_ENDED, NAME_OUTSIDE_LIST = 1, 2, 4, 8, 16


@dataclass
class _Raw:
    """A chunk's phrase matches before they are merged into mentions (offsets in the joined
    text); ``flags`` collects the GAPPED, ... bits of each."""

    label: np.ndarray
    source: np.ndarray
    start: np.ndarray
    end: np.ndarray
    flags: np.ndarray

    def take(self, keep: np.ndarray) -> _Raw:
        return _Raw(
            self.label[keep], self.source[keep], self.start[keep], self.end[keep], self.flags[keep]
        )

    def __len__(self) -> int:
        return len(self.label)


@dataclass(frozen=True)
class _Matcher:
    """Phrases in matching form, what each stands for (entries: kind and index, several per
    phrase when a phrase serves several labels or roles), and their automaton."""

    patterns: list[str]
    entry_first: np.ndarray
    entry_count: np.ndarray
    entry_kind: np.ndarray
    entry_index: np.ndarray
    automaton: ahocorasick_rs.BytesAhoCorasick | None

    @classmethod
    def of(cls, entries: dict[str, list[tuple[int, int]]], wide: list[int] | None) -> _Matcher:
        patterns = [key for key in entries if key]
        # A phrase listed twice for one label would count its mentions twice.
        values = [list(dict.fromkeys(entries[key])) for key in patterns]
        counts = np.array([len(v) for v in values], dtype=np.int64)
        if wide is not None:
            slot = {code: 128 + number for number, code in enumerate(wide)}
            encoded = [bytes(slot.get(ord(c), ord(c)) for c in p) for p in patterns]
        else:
            encoded = [pattern.encode("utf-8", "surrogatepass") for pattern in patterns]
        # A DFA takes a few milliseconds longer to build and searches about twice as fast.
        automaton = None
        if encoded:
            automaton = ahocorasick_rs.BytesAhoCorasick(
                encoded, implementation=ahocorasick_rs.Implementation.DFA
            )
        return cls(
            patterns,
            np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
            counts,
            np.array([k for v in values for k, _ in v], dtype=np.int64),
            np.array([i for v in values for _, i in v], dtype=np.int64),
            automaton,
        )


@dataclass(frozen=True)
class _Context:
    """A chunk's context-word matches: which word, where, in which sentence and article."""

    index: np.ndarray
    start: np.ndarray
    sentence: np.ndarray


class Tagger:
    """Finds the mentions of a taxonomy's labels in text."""

    def __init__(self, taxonomy: LoadedTaxonomy) -> None:
        self.taxonomy = taxonomy
        self.labels: list[Label] = list(taxonomy.model.labels)
        self.label_ids: list[str] = [label.id for label in self.labels]
        taxonomy_order = {label_id: i for i, label_id in enumerate(taxonomy.labels)}
        self.taxonomy_positions = np.array(
            [taxonomy_order[label_id] for label_id in self.label_ids], dtype=np.int64
        )
        """Per label index: the label's position in the taxonomy (the counting model's code)."""
        # Three automata: MAIN (phrases, exclusions and the first part of each pattern) is run
        # over all text; NEAR (the later parts of patterns, foreign names, the cue words of
        # the names and history rules) only in the sentences of the matches that need them
        # (the paragraph up to them, for history) and after each first part; HOME (the words
        # ending a foreign frame) only in the articles framed abroad. Most text needs none
        # of them, and they are common words ("unit", "U.S.", "DPRK").
        tables: list[dict[str, list[tuple[int, int]]]] = [{}, {}, {}]
        context_ids: dict[str, int] = {}

        def add(key: str, value: tuple[int, int], where: int = _MAIN) -> None:
            if key:
                tables[where].setdefault(key, []).append(value)

        def contexts(phrases: Sequence[str], where: int = _MAIN) -> set[int]:
            found: set[int] = set()
            for phrase in phrases:
                for key in taxonomy.plain(phrase):
                    if key not in context_ids:
                        context_ids[key] = len(context_ids)
                    if (_CONTEXT, context_ids[key]) not in tables[where].get(key, []):
                        add(key, (_CONTEXT, context_ids[key]), where)
                    found.add(context_ids[key])
            return found

        self.sources: list[Source] = []
        """Every phrase of the taxonomy as written; a mention's ``source`` indexes it."""
        self.exclusions: list[Source] = []
        """Every exclusion of the taxonomy as written."""
        exclusion_label: list[int] = []
        source_label: list[int] = []
        gapped_source: list[int] = []
        gapped_gaps: list[tuple[int, ...]] = []
        segment_of: list[tuple[int, int]] = []
        raw_rules: list[tuple[set[int], set[int]] | None] = []
        for number, label in enumerate(self.labels):
            for phrase in (*label.phrases, *label.aliases):
                expanded = taxonomy.expand(phrase)
                source = len(self.sources)
                self.sources.append(Source(label.id, phrase, max(expanded.gaps, default=0)))
                source_label.append(number)
                if not expanded.gapped:
                    for key in expanded.segments[0]:
                        add(key, (_PHRASE, source))
                    continue
                # A pattern with gaps: each segment's phrases are anchors the automaton
                # finds; _assemble joins them.
                gapped_source.append(source)
                gapped_gaps.append(expanded.gaps)
                for at, segment in enumerate(expanded.segments):
                    for key in segment:
                        add(key, (_SEGMENT, len(segment_of)), _MAIN if at == 0 else _NEAR)
                    segment_of.append((len(gapped_source) - 1, at))
            for phrase in label.exclude:
                for key in taxonomy.plain(phrase):
                    add(key, (_EXCLUDE, len(self.exclusions)))
                self.exclusions.append(Source(label.id, phrase, 0))
                exclusion_label.append(number)
            unless: set[int] = set()
            requires: set[int] = set()
            for rule in (taxonomy.model.context.get(label.kind), label.context):
                if isinstance(rule, ContextRule):
                    unless |= contexts(rule.unless_sentence_has, _NEAR)
                    requires |= contexts(rule.requires_sentence_has, _NEAR)
            raw_rules.append((unless, requires) if unless or requires else None)

        kinds = np.array([label.kind for label in self.labels], dtype=object)
        frame = taxonomy.model.frame
        names = taxonomy.model.names
        foreign = contexts(frame.foreign, _NEAR) if frame else set()
        home = contexts(frame.home, _HOME) if frame else set()
        here = contexts(frame.here, _NEAR) if frame else set()
        cues = contexts(names.list_cues, _NEAR) if names else set()
        active = contexts(names.activity_cues, _NEAR) if names else set()
        titles = contexts(names.titles, _NEAR) if names else set()
        history = taxonomy.model.history
        past = contexts(history.cues, _NEAR) if history else set()
        present = contexts(history.present, _NEAR) if history else set()
        self._contexts = max(len(context_ids), 1)

        def mask(ids: set[int]) -> np.ndarray:
            flags = np.zeros(self._contexts, dtype=bool)
            flags[list(ids)] = True
            return flags

        self._foreign, self._home, self._cue, self._title = (
            mask(foreign), mask(home), mask(cues), mask(titles)
        )  # fmt: skip
        self._active, self._past, self._present = mask(active), mask(past), mask(present)
        self._here = mask(here)
        self._history_label = np.isin(kinds, history.kinds if history else [])
        """Per label: whether a sentence telling of the past cancels it."""
        self._framed_label = np.isin(kinds, frame.kinds if frame else [])
        """Per label: whether a story framed abroad cancels it (themes and sectors)."""
        self._home_label = np.array(
            [
                frame is not None
                and frame.home_regions
                and label.kind == "region"
                and taxonomy.root(label.id) != "national"
                for label in self.labels
            ],
            dtype=bool,
        )
        keep = set(names.keep) if names else set()
        ids = np.array(self.label_ids, dtype=object)
        self._name_always = np.isin(kinds, names.always if names else []) & ~np.isin(ids, [*keep])
        self._name_activity = np.isin(kinds, names.activity if names else []) & ~np.isin(
            ids, [*keep]
        )
        self._name_words = NameWords.of(names) if names else None
        self._product_initials = np.array(
            sorted({ord(word[0].lower()) for word in (names.products if names else []) if word}),
            dtype=np.uint32,
        )
        self._needs_activity = np.array(
            [names is not None and label.needs_activity for label in self.labels], dtype=bool
        )
        """Per label: whether all its mentions need a sentence reporting activity."""

        # Labels sharing a rule (every sector has the kind's rule) are checked together.
        self._rules: list[_Rule] = []
        self._rule_of_label = np.full(len(self.labels), -1, dtype=np.int64)
        seen: dict[tuple[frozenset[int], frozenset[int]], int] = {}
        for index, raw in enumerate(raw_rules):
            if raw is None:
                continue
            rule_key = (frozenset(raw[0]), frozenset(raw[1]))
            if rule_key not in seen:
                seen[rule_key] = len(self._rules)
                requires_mask = mask(raw[1]) if raw[1] else None
                self._rules.append(_Rule(mask(raw[0]), requires_mask))
            self._rule_of_label[index] = seen[rule_key]

        self._source_label = np.array(source_label, dtype=np.int64)
        self._exclusion_label = np.array(exclusion_label, dtype=np.int64)
        self._gapped_source = np.array(gapped_source, dtype=np.int64)
        self._gapped_segments = np.array([len(g) + 1 for g in gapped_gaps], dtype=np.int64)
        widest = max((len(g) for g in gapped_gaps), default=0)
        self._gapped_gap = np.zeros((len(gapped_gaps), max(widest, 1)), dtype=np.int64)
        for number, gaps in enumerate(gapped_gaps):
            self._gapped_gap[number, : len(gaps)] = gaps
        self._segment_gapped = np.array([g for g, _ in segment_of], dtype=np.int64)
        self._segment_number = np.array([n for _, n in segment_of], dtype=np.int64)

        # Text is matched as one byte a character, which is fastest: ASCII as itself, the few
        # other characters phrases hold as bytes 128 and up, any other character as NUL
        # (which no phrase holds), so byte offsets are character offsets. A taxonomy with
        # more distinct non-ASCII characters than that is matched as UTF-8 instead, its
        # offsets mapped back to characters.
        self._patterns = list(dict.fromkeys(key for table in tables for key in table if key))
        wide = sorted({ord(c) for pattern in self._patterns for c in pattern if ord(c) >= 128})
        self._wide: np.ndarray | None = None
        if len(wide) <= _NARROW_LIMIT:
            self._wide = np.array(wide, dtype=np.uint32)
        narrow = wide if self._wide is not None else None
        self._main, self._near, self._home_words = (_Matcher.of(t, narrow) for t in tables)
        # How far after a pattern's first part its last part may end.
        self._gapped_reach = np.array(
            [
                sum((gap + 1) * _CHARS_A_WORD for gap in gaps)
                + sum(
                    max(map(len, segment))
                    for segment in taxonomy.expand(self.sources[source].phrase).segments[1:]
                )
                for source, gaps in zip(gapped_source, gapped_gaps, strict=True)
            ],
            dtype=np.int64,
        )
        self._ruled = (
            (self._rule_of_label >= 0)
            | self._framed_label
            | self._history_label
            | self._name_always
            | self._name_activity
            | self._needs_activity
        )
        """Per label: whether deciding its matches reads context words."""
        self.phrase_count = len(self._patterns)

    def phrases(self) -> list[str]:
        """Every normalised phrase matched (for the grep baseline of the benchmark)."""
        return list(self._patterns)

    def tag_article(self, title: str, body: str) -> tuple[str, list[Mention]]:
        text = document_text(title, body)
        return text, self.tag(text, len(title) + 1 if title else 0)

    def tag(self, text: str, body_from: int | None = None) -> list[Mention]:
        """All mentions in ``text``, in order of position, each with the taxonomy phrase that
        found it and the rule that let it count. ``body_from``: where the body begins after
        a title line, if the text has one."""
        found = self.tag_batch([text], None if body_from is None else [body_from], trace=True)
        assert found.source is not None and found.flags is not None
        mentions = [
            Mention(
                self.label_ids[label],
                start,
                end,
                sentence,
                paragraph,
                text[start:end],
                self.sources[source].phrase,
                self.rule_text(label, source, flags),
            )
            for label, start, end, sentence, paragraph, source, flags in zip(
                found.label.tolist(),
                found.start.tolist(),
                found.end.tolist(),
                found.sentence.tolist(),
                found.paragraph.tolist(),
                found.source.tolist(),
                found.flags.tolist(),
                strict=True,
            )
        ]
        mentions.sort(key=lambda m: (m.start, m.end, m.label))
        return mentions

    def rule_text(self, label: int, source: int, flags: int) -> str:
        """Why a match counted, in words: the kind of phrase and the checks it passed."""
        kind = self.labels[label].kind
        found = self.sources[source]
        parts = [
            f"pattern: its words at most {found.gap} apart in one clause"
            if flags & GAPPED
            else ("place name" if kind == "region" else "phrase")
        ]
        if flags & OWN_COUNTRY:
            parts.append("no other country named in the sentence")
        if flags & REQUIRED_WORD:
            parts.append("a required word in the sentence")
        if flags & FRAME_ENDED:
            parts.append("story set abroad, but this sentence follows one about the DPRK")
        if flags & NAME_OUTSIDE_LIST:
            parts.append(
                "in a sentence that reports activity (needed for a unit's name, a list of units, or this label)"
            )
        return "; ".join(parts)

    def tag_batch(
        self, texts: list[str], body_from: Sequence[int] | None = None, trace: bool = False
    ) -> Mentions:
        """The mentions of every text (each text an article's document text).

        With ``body_from`` (where each text's body begins), also each article's fingerprint:
        a key of its body with case, spacing, hyphens and quote marks folded, worked out
        from the normalised text the matching needs anyway. With ``trace``, also each
        mention's source phrase and rule flags, and every (article, source) that fired.
        """
        chunks: list[Mentions] = []
        first = size = 0
        for number, text in enumerate(texts):
            size += len(text)
            # Chunks of a quarter of a million characters keep the arrays in the CPU caches.
            if size >= BATCH_CHARS:
                chunks.append(self._tag_chunk(texts[first : number + 1], first, body_from, trace))
                first, size = number + 1, 0
        if first < len(texts) or not chunks:
            chunks.append(self._tag_chunk(texts[first:], first, body_from, trace))
        if len(chunks) == 1:
            return chunks[0]
        fingerprints = None
        if body_from is not None:
            fingerprints = np.concatenate(
                [c.fingerprints for c in chunks if c.fingerprints is not None]
            )

        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(c, name) for c in chunks])

        fired = blocked = None
        if trace:
            fired = (
                np.concatenate([c.fired[0] for c in chunks if c.fired is not None]),
                np.concatenate([c.fired[1] for c in chunks if c.fired is not None]),
            )
            blocked = (
                np.concatenate([c.blocked[0] for c in chunks if c.blocked is not None]),
                np.concatenate([c.blocked[1] for c in chunks if c.blocked is not None]),
            )
        return Mentions(
            joined("doc"),
            joined("label"),
            joined("start"),
            joined("end"),
            joined("sentence"),
            joined("paragraph"),
            fingerprints,
            joined("source") if trace else None,
            joined("flags") if trace else None,
            fired,
            blocked,
        )

    def _tag_chunk(
        self, texts: list[str], first_doc: int, body_from: Sequence[int] | None, trace: bool = False
    ) -> Mentions:
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        doc_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        joined = SEPARATOR.join(texts)
        original = code_points(joined)
        form, position = normalize_codes(original)
        fingerprints = None
        if body_from is not None:
            offsets = np.asarray(body_from[first_doc : first_doc + len(texts)], dtype=np.int64)
            fingerprints = _fingerprints(form, position, doc_starts + offsets, doc_starts + lengths)
        # Line breaks, found once: lines, sentences and paragraphs all end at them.
        newlines = np.flatnonzero(original == 10)
        nuls = np.flatnonzero(original == 0)
        breaks = np.sort(np.concatenate([newlines, nuls]), kind="stable")
        form = _blank(form, position, _boilerplate_spans(joined, original, breaks))
        narrow = self._narrow(form) if self._wide is not None and len(form) else form
        everywhere = self._find(self._main, narrow, position, original, form)
        kind, index, n_start, n_end = everywhere
        if not len(kind):
            return _no_mentions(fingerprints, trace)
        # NEAR words: in the sentences of the matches whose rules read context words (and the
        # title line and first paragraph of their articles, where a foreign frame is set),
        # and after the first part of each pattern. PAST words: in the paragraphs of the
        # matches the history rule concerns, up to the end of their sentence.
        phrase = kind == _PHRASE
        first_part = kind == _SEGMENT
        label_of = self._source_label[np.where(phrase, index, 0)]
        needing = (phrase & self._ruled[label_of]) | first_part
        sentences = _sentence_starts(original, doc_starts, newlines)
        in_form = np.searchsorted(position, sentences)
        sentence_ends = np.append(in_form[1:], len(form))
        paragraphs = np.searchsorted(position, np.sort(np.concatenate([doc_starts, newlines + 1])))
        bounds = np.append(paragraphs, len(form))
        docs = np.searchsorted(position, doc_starts)
        held = np.searchsorted(in_form, n_start[needing], side="right") - 1
        leads = np.searchsorted(paragraphs, docs[_doc_of(docs, n_start[needing])])
        leads = np.unique(np.concatenate([leads, np.minimum(leads + 1, len(paragraphs) - 1)]))
        # History reads back to the start of the paragraph.
        past = phrase & self._history_label[label_of]
        past_at = n_start[past]
        past_from = paragraphs[np.searchsorted(paragraphs, past_at, side="right") - 1]
        past_to = sentence_ends[np.searchsorted(in_form, past_at, side="right") - 1]
        near_ranges = _union(
            np.concatenate([in_form[held], paragraphs[leads], n_end[first_part], past_from]),
            np.concatenate(
                [
                    sentence_ends[held],
                    bounds[leads + 1],
                    n_end[first_part] + self._gapped_reach[self._segment_gapped[index[first_part]]],
                    past_to,
                ]
            ),
            len(form),
        )
        if len(near_ranges[0]):
            near = self._find(self._near, narrow, position, original, form, near_ranges)
            kind, index, n_start, n_end = (
                np.concatenate(pair) for pair in zip(everywhere, near, strict=True)
            )
        # HOME words: in the articles whose title or first paragraph names another country
        # and that have a match the frame concerns.
        if self._home_words.automaton is not None:
            phrase = kind == _PHRASE
            framed = _framed_articles(
                kind, index, n_start, self._foreign, paragraphs, position, doc_starts,
                phrase & self._framed_label[self._source_label[np.where(phrase, index, 0)]],
            )  # fmt: skip
            if framed is not None:
                home = self._find(self._home_words, narrow, position, original, form, framed)
                kind, index, n_start, n_end = (
                    np.concatenate(pair)
                    for pair in zip((kind, index, n_start, n_end), home, strict=True)
                )

        def spans(f_start: np.ndarray, f_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Spans in the joined text (the position after the last character maps past
            the end)."""
            last = len(position) - 1
            return position[f_start], np.where(
                f_end <= last, position[np.minimum(f_end, last)], len(original)
            )

        is_phrase = kind == _PHRASE
        source = index[is_phrase]
        start, end = spans(n_start[is_phrase], n_end[is_phrase])
        raw = _Raw(self._source_label[source], source, start, end, np.zeros(len(source), np.int64))
        segment = kind == _SEGMENT
        if segment.any():
            g_source, g_start, g_end = self._assemble(
                form, index[segment], n_start[segment], n_end[segment]
            )
            if len(g_source):
                start, end = spans(g_start, g_end)
                raw = _concat(
                    raw,
                    _Raw(self._source_label[g_source], g_source, start, end,
                         np.full(len(g_source), GAPPED, dtype=np.int64)),
                )  # fmt: skip
        if not len(raw):
            return _no_mentions(fingerprints, trace)
        excluded = kind == _EXCLUDE
        blocked_by: tuple[np.ndarray, np.ndarray] | None = None
        if excluded.any():
            b_start, b_end = spans(n_start[excluded], n_end[excluded])
            b_label = self._exclusion_label[index[excluded]]
            blocked = _inside((raw.label, raw.start, raw.end), (b_label, b_start, b_end))
            if trace:
                used = _holds(raw.take(blocked), b_label, b_start, b_end)
                at = b_start[used]
                blocked_by = (
                    np.searchsorted(doc_starts, at, side="right") - 1 + first_doc,
                    index[excluded][used],
                )
            raw = raw.take(~blocked)

        sentence = np.searchsorted(sentences, raw.start, side="right") - 1
        gapped = raw.flags == GAPPED
        if gapped.any():
            # A pattern's parts are in one sentence (a title line has no full stop).
            last = np.searchsorted(sentences, raw.end[gapped] - 1, side="right") - 1
            inside = np.ones(len(raw), dtype=bool)
            inside[gapped] = last == sentence[gapped]
            raw, sentence = raw.take(inside), sentence[inside]
        context = kind == _CONTEXT
        c_start, _ = spans(n_start[context], n_end[context])
        found = _Context(
            index[context], c_start, np.searchsorted(sentences, c_start, side="right") - 1
        )
        if self._rules:
            allowed = self._allowed(raw, sentence, found)
            raw, sentence = raw.take(allowed), sentence[allowed]
        doc = np.searchsorted(doc_starts, raw.start, side="right") - 1
        paragraphs = np.sort(np.concatenate([doc_starts, newlines + 1]))
        if len(raw) and self._history_label[raw.label].any() and self._past[found.index].any():
            allowed = ~self._in_the_past(raw, sentence, found, sentences, paragraphs, doc_starts)
            raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
        if len(raw) and self._framed_label[raw.label].any() and self._foreign[found.index].any():
            allowed = self._outside_foreign_frame(raw, sentence, doc, found, doc_starts, paragraphs)
            raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
        if len(raw) and self._name_words is not None:
            title_end = doc_starts.copy()
            if body_from is not None:
                offsets = np.asarray(body_from[first_doc : first_doc + len(texts)], dtype=np.int64)
                title_end = doc_starts + offsets
            allowed = self._outside_names(
                raw,
                sentence,
                doc,
                found,
                joined,
                original,
                sentences,
                doc_starts,
                lengths,
                title_end,
            )
            raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
        if not len(raw):
            return _no_mentions(fingerprints, trace)

        fired = (doc + first_doc, raw.source.copy()) if trace else None
        empty = np.zeros(0, dtype=np.int64)
        first, m_end = _merge(raw.label, raw.start, raw.end)
        label, m_start = raw.label[first], raw.start[first]
        sentence, doc = sentence[first], doc[first]
        first_sentence = np.searchsorted(sentences, doc_starts)
        paragraph = np.searchsorted(paragraphs, m_start, side="right") - 1
        first_paragraph = np.searchsorted(paragraphs, doc_starts)
        order = np.lexsort((label, m_end, m_start))
        base = doc_starts[doc]
        return Mentions(
            doc=doc[order] + first_doc,
            label=label[order],
            start=(m_start - base)[order],
            end=(m_end - base)[order],
            sentence=(sentence - first_sentence[doc])[order],
            paragraph=(paragraph - first_paragraph[doc])[order],
            fingerprints=fingerprints,
            source=raw.source[first][order] if trace else None,
            flags=raw.flags[first][order] if trace else None,
            fired=fired,
            blocked=blocked_by if blocked_by is not None else (empty, empty) if trace else None,
        )

    def _find(
        self,
        matcher: _Matcher,
        codes: np.ndarray,
        position: np.ndarray,
        original: np.ndarray,
        form: np.ndarray,
        ranges: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(kind, index, start, end) of every whole-word match of a matcher's phrases in the
        form, or in its ``ranges`` (starts and ends, sorted and apart), one row per entry.
        ``codes`` is the form as the automata read it (see _narrow)."""
        at = None
        if ranges is not None:
            first, last = ranges
            # Each range and a NUL after it (at -1), so no match runs from one into the next.
            sizes = last - first + 1
            at = np.arange(int(sizes.sum())) + np.repeat(first - (np.cumsum(sizes) - sizes), sizes)
            ends = np.cumsum(sizes) - 1
            at[ends] = 0
            codes = codes[at]
            codes[ends] = 0
        matches = self._match(matcher, codes)
        pattern, n_start, n_end = matches[:, 0], matches[:, 1], matches[:, 2]
        if at is not None:
            n_start, n_end = at[n_start], at[n_end - 1] + 1
        keep = _whole_words(form, position, original, n_start, n_end)
        pattern, n_start, n_end = pattern[keep], n_start[keep], n_end[keep]
        count = matcher.entry_count[pattern]
        row = np.repeat(np.arange(len(pattern)), count)
        step = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        entry = matcher.entry_first[pattern][row] + step
        return matcher.entry_kind[entry], matcher.entry_index[entry], n_start[row], n_end[row]

    def _match(self, matcher: _Matcher, codes: np.ndarray) -> np.ndarray:
        """(pattern, start, end) of every match in the codes (one byte a character when the
        taxonomy allows, else the form's code points), overlaps included."""
        if not len(codes) or matcher.automaton is None:
            return np.zeros((0, 3), dtype=np.int64)
        if self._wide is not None:
            return _as_array(
                matcher.automaton.find_matches_as_indexes(codes.tobytes(), overlapping=True)
            )
        data = as_text(codes).encode("utf-8")
        matches = _as_array(matcher.automaton.find_matches_as_indexes(data, overlapping=True))
        # Byte offsets to character offsets (a match never starts or ends inside a character).
        size = 1 + (codes >= 0x80).astype(np.int64) + (codes >= 0x800) + (codes >= 0x10000)
        byte_at = np.concatenate([[0], np.cumsum(size)])
        matches[:, 1] = np.searchsorted(byte_at, matches[:, 1])
        matches[:, 2] = np.searchsorted(byte_at, matches[:, 2])
        return matches

    def _narrow(self, form: np.ndarray) -> np.ndarray:
        """The form as one byte a character (see __init__)."""
        narrow = form.astype(np.uint8)
        if int(form.max()) < 128:
            return narrow
        assert self._wide is not None
        at = np.flatnonzero(form >= 128)
        codes = form[at]
        if not len(self._wide):
            narrow[at] = 0
            return narrow
        slot = np.minimum(np.searchsorted(self._wide, codes), len(self._wide) - 1)
        narrow[at] = np.where(self._wide[slot] == codes, 128 + slot, 0)
        return narrow

    def _assemble(
        self, form: np.ndarray, segment: np.ndarray, f_start: np.ndarray, f_end: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Patterns with gaps from their segments' matches: (source, start, end) in the form.

        Each match of a first segment takes the nearest match of the pattern's next segment
        after it, if few enough words and no clause break lie between; and so on. The nearest
        is the only one to try: a farther one has at least as many words and breaks between."""
        gapped = self._segment_gapped[segment]
        number = self._segment_number[segment]
        first = number == 0
        cur, cur_start, cur_end = gapped[first], f_start[first], f_end[first]
        scale = len(form) + 2
        done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for step in range(1, int(self._gapped_segments.max(initial=1))):
            complete = self._gapped_segments[cur] == step
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
            limit = self._gapped_gap[cur, step - 1]
            found &= next_start - cur_end <= (limit + 1) * _CHARS_A_WORD
            found[found] = _few_words_between(form, cur_end[found], next_start[found], limit[found])
            cur, cur_start, cur_end = cur[found], cur_start[found], ends[at[found]]
        done.append((cur, cur_start, cur_end))
        which = np.concatenate([d[0] for d in done])
        return (
            self._gapped_source[which],
            np.concatenate([d[1] for d in done]),
            np.concatenate([d[2] for d in done]),
        )

    def _allowed(self, raw: _Raw, sentence: np.ndarray, context: _Context) -> np.ndarray:
        """Which matches their sentence's context phrases let through (and why, in flags)."""
        allowed = np.ones(len(raw), dtype=bool)
        rule_of = self._rule_of_label[raw.label]
        for number in np.unique(rule_of[rule_of >= 0]).tolist():
            rule = self._rules[number]
            chosen = rule_of == number
            cancelling = np.unique(context.sentence[rule.unless[context.index]])
            allowed[chosen] &= ~np.isin(sentence[chosen], cancelling)
            if rule.unless.any():
                raw.flags[chosen] |= OWN_COUNTRY
            if rule.requires is not None:
                needed = np.unique(context.sentence[rule.requires[context.index]])
                allowed[chosen] &= np.isin(sentence[chosen], needed)
                raw.flags[chosen] |= REQUIRED_WORD
        return allowed

    def _outside_foreign_frame(
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
        foreign = self._foreign[context.index]
        home = self._home[context.index]
        region = self._home_label[raw.label]
        home_at = np.concatenate([context.start[home], raw.start[region]])
        home_sentence = np.concatenate([context.sentence[home], sentence[region]])
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
        here = np.unique(context.sentence[self._here[context.index]])
        if len(here):
            lead_here = (foreign_at < lead_end[doc_of(foreign_at)]) & np.isin(
                context.sentence[foreign], here
            )
            framed[doc_of(foreign_at[lead_here])] = False
        concerned = self._framed_label[raw.label] & framed[doc]
        cancelled = concerned & (sentence < ends[doc])
        raw.flags[concerned & ~cancelled] |= FRAME_ENDED
        allowed: np.ndarray = ~cancelled
        return allowed

    def _in_the_past(
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
        past_cue = self._past[context.index]
        past = np.unique(context.sentence[past_cue])
        # Only a cue that opens its sentence ("One day in May 2014, ...", "In September 1999,
        # ...") opens an anecdote; a news lead dates its event at the end of the sentence.
        fronted = past_cue & (context.start - sentences[context.sentence] <= _FRONTED)
        anecdote = np.unique(context.sentence[fronted])
        present = np.unique(context.sentence[self._present[context.index]])
        concerned = self._history_label[raw.label]

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

    def _outside_names(
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
        assert self._name_words is not None
        always = self._name_always[raw.label]
        activity = self._name_activity[raw.label]
        upper = _char_class(original[raw.start], _ASCII_UPPER, str.isupper)
        allowed = np.ones(len(raw), dtype=bool)
        read = np.zeros(len(raw), dtype=bool)
        named = np.zeros(len(raw), dtype=bool)
        if (activity | self._needs_activity[raw.label]).any():

            def holding(words: np.ndarray) -> np.ndarray:
                found: np.ndarray = np.isin(sentence, context.sentence[words[context.index]])
                return found

            # An activity word capitalised inside a sentence is a word of a name (a Teachers
            # Training College, a Construction Bureau): it reports nothing.
            cue_at = context.start[self._active[context.index]]
            cue_sentence = context.sentence[self._active[context.index]]
            in_name = _char_class(original[cue_at], _ASCII_UPPER, str.isupper)
            in_name &= cue_at - sentences[cue_sentence] > 2
            in_name &= cue_at >= title_end[np.searchsorted(doc_starts, cue_at, side="right") - 1]
            active = np.isin(sentence, cue_sentence[~in_name])
            listing = holding(self._cue)
            initial = raw.start - sentences[sentence] <= 2
            named = activity & upper & ~initial & (raw.start >= title_end[doc])
            # Whether a capitalised word is in a name decides something only in a sentence
            # that lists no units and reports no activity.
            open_question = named & ~active & ~listing
            named[open_question] = capitalised_neighbour(
                original, raw.start[open_question], raw.end[open_question]
            )
            needs = self._needs_activity[raw.label]
            named |= needs
            read = named & holding(self._title)
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
            make = np.isin(original[after], self._product_initials)
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
                self._name_words,
            )
            drop = (found == IN_A_TITLE) | ((found == IN_A_NAME) & always[at])
            allowed[at[drop]] = False
        return allowed


def _as_array(matches: list[tuple[int, int, int]]) -> np.ndarray:
    """(pattern, start, end) rows; flattened first, which numpy converts several times faster."""
    flat = np.fromiter(
        itertools.chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)
    )
    return flat.reshape(-1, 3)


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


def _concat(first: _Raw, second: _Raw) -> _Raw:
    return _Raw(
        *(
            np.concatenate([getattr(first, name), getattr(second, name)])
            for name in ("label", "source", "start", "end", "flags")
        )
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


def _no_mentions(fingerprints: np.ndarray | None = None, trace: bool = False) -> Mentions:
    empty = np.zeros(0, dtype=np.int64)
    if not trace:
        return Mentions(empty, empty, empty, empty, empty, empty, fingerprints)
    return Mentions(
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        fingerprints,
        empty,
        empty,
        (empty, empty),
        (empty, empty),
    )


def _fingerprints(
    form: np.ndarray, position: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per article: a 63-bit key of the normalised text between ``starts`` and ``ends``
    (positions in the original text), hashed as UTF-8 whatever else the batch holds."""
    first = np.searchsorted(position, starts).tolist()
    last = np.searchsorted(position, ends).tolist()
    wide = np.flatnonzero(form >= 128)
    # ASCII articles (nearly all) are hashed straight from one byte copy of the batch.
    data = memoryview(form.astype(np.uint8).tobytes())
    has_wide = (np.searchsorted(wide, last) - np.searchsorted(wide, first)) > 0
    digests = b"".join(
        hashlib.blake2b(
            as_text(form[a:b]).encode("utf-8") if is_wide else data[a:b], digest_size=8
        ).digest()
        for a, b, is_wide in zip(first, last, has_wide.tolist(), strict=True)
    )
    keys: np.ndarray = (np.frombuffer(digests, dtype=">u8") >> np.uint64(1)).astype(np.int64)
    return keys


def _blank(
    form: np.ndarray, position: np.ndarray, spans: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """The form with the characters of ``spans`` (of the original text) blanked with NUL,
    neither a letter nor a space: no phrase runs into or across them."""
    first, last = (np.searchsorted(position, side) for side in spans)
    sizes = last - first
    if not sizes.sum():
        return form
    at = np.arange(int(sizes.sum())) + np.repeat(first - (np.cumsum(sizes) - sizes), sizes)
    blanked = form.copy()
    blanked[at] = 0
    return blanked


def _boilerplate_spans(
    joined: str, original: np.ndarray, breaks: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where the datelines and end markers are (starts, ends): never content. ``breaks``: where
    the line breaks and NULs are, in order."""
    spans: list[tuple[int, int]] = []
    # A dateline holds its agency in brackets near its line's start: try those lines only.
    # Lines end at a line break or at the NUL between articles; none crosses either.
    line_starts = np.concatenate([[0], breaks + 1])
    line_starts = line_starts[line_starts < len(original)]
    brackets = np.flatnonzero(original == 41)
    if len(brackets) and len(line_starts):
        line_end = np.append(breaks, len(original))[np.searchsorted(breaks, line_starts)]
        nearest = np.searchsorted(brackets, line_starts)
        has = nearest < len(brackets)
        reach = np.minimum(line_starts + _DATELINE_REACH, line_end)
        has[has] &= brackets[nearest[has]] < reach[has]
        tried = map(_DATELINE.match, itertools.repeat(joined), line_starts[has].tolist())
        spans = [match.span() for match in tried if match]
    found = np.array(spans, dtype=np.int64).reshape(-1, 2)
    marker_starts, marker_ends = _end_markers(original)
    return np.concatenate([found[:, 0], marker_starts]), np.concatenate([found[:, 1], marker_ends])


def _end_markers(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where _END_MARKER matches that open a line or follow spacing (with one space or tab
    before them), worked out on arrays as _stops is."""
    size = len(codes)
    padded = np.concatenate([codes, np.zeros(3, dtype=codes.dtype)])
    dashes = np.flatnonzero(codes == 45)
    at = dashes[(padded[dashes + 1] == 48) & (padded[dashes + 2] == 45)]  # -0-
    if not len(at):
        return at, at
    end = at + 3
    while True:
        spacing = (end < size) & ((padded[end] == 32) | (padded[end] == 9))
        if not spacing.any():
            break
        end = end + spacing
    closes = (end >= size) | (padded[end] == 10) | (padded[end] == 0)
    before = np.where(at > 0, codes[np.maximum(at - 1, 0)], 10)
    spaced = (before == 32) | (before == 9)
    keep = closes & (spaced | (before == 10) | (before == 0))
    return (at - spaced)[keep], end[keep]


def _whole_words(
    form: np.ndarray, position: np.ndarray, original: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Which matches are whole words; a run-together join like "visitedSinuiju" still has a
    boundary (a lower-case letter followed by a capital in the original)."""
    length = len(form)

    def alnum(at: np.ndarray) -> np.ndarray:
        return _char_class(form[at], _ASCII_ALNUM, str.isalnum)

    def case_step(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        lower = _char_class(original[position[left]], _ASCII_LOWER, str.islower)
        upper = _char_class(original[position[right]], _ASCII_UPPER, str.isupper)
        both: np.ndarray = lower & upper
        return both

    keep = np.ones(len(start), dtype=bool)
    inside = start > 0
    left = start[inside]
    bad = alnum(left - 1)
    bad[bad] &= ~case_step(left[bad] - 1, left[bad])
    keep[np.flatnonzero(inside)[bad]] = False
    inside = end < length
    right = end[inside]
    bad = alnum(right)
    bad[bad] &= ~case_step(right[bad] - 1, right[bad])
    keep[np.flatnonzero(inside)[bad]] = False
    return keep


def _char_class(codes: np.ndarray, table: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Per code point: ``table`` for ASCII, ``test`` once per distinct other character."""
    ascii_ = codes < 128
    result = table[np.where(ascii_, codes, 0)]
    if not ascii_.all():
        others = np.unique(codes[~ascii_])
        verdict = np.array([bool(test(chr(int(c)))) for c in others.tolist()], dtype=bool)
        result[~ascii_] = verdict[np.searchsorted(others, codes[~ascii_])]
    return result


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


def _sentence_starts(codes: np.ndarray, doc_starts: np.ndarray, newlines: np.ndarray) -> np.ndarray:
    """Where sentences begin in a batch's joined text; every article begins one."""
    return np.sort(np.concatenate([doc_starts, _sentence_breaks(codes, newlines)]))


def _stops(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where _STOP matches (stop, end of the spacing after it), worked out on arrays: the
    pattern never backtracks, so each step either takes the next character or does not."""
    padded = np.concatenate([codes, np.zeros(2, dtype=codes.dtype)])
    stops = np.flatnonzero((codes == 46) | (codes == 33) | (codes == 63))  # . ! ?
    at = stops + 1
    while True:
        closing = _is_in(padded[at], _CLOSERS)
        if not closing.any():
            break
        at = at + closing
    at = at + (padded[at] == 44)
    spaced = (padded[at] == 32) | (padded[at] == 9)
    stops, at = stops[spaced], at[spaced]
    while True:
        spacing = (padded[at] == 32) | (padded[at] == 9)
        if not spacing.any():
            break
        at = at + spacing
    ahead = at + _is_in(padded[at], _OPENERS)
    following = padded[ahead]
    starts_sentence = ((following >= 65) & (following <= 90)) | (
        (following >= 48) & (following <= 57)
    )
    return stops[starts_sentence], at[starts_sentence]


def _sentence_breaks(codes: np.ndarray, newlines: np.ndarray | None = None) -> np.ndarray:
    """Where the sentences after the first begin: after a full stop (see _STOP) or a line
    break (a run of them is one break). ``newlines``: where the line breaks are, if known."""
    stops, ends = _stops(codes)
    stops = ends[~_after_abbreviation(codes, stops)]
    if newlines is None:
        newlines = np.flatnonzero(codes == 10)
    # The last break of each run: the next character is not one.
    last = newlines[np.append(np.diff(newlines) != 1, True)] if len(newlines) else newlines
    return np.sort(np.concatenate([stops, last + 1]))


def _after_abbreviation(codes: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Which stops follow an abbreviation or a one-letter initial that is a word of its own."""
    # The characters before each stop, lower-cased, last one nearest the stop; a window that
    # reaches before the text start holds NUL there, which no abbreviation has.
    offsets = np.arange(-_WINDOW, 0)
    at = stops[:, None] + offsets
    window = np.where(at >= 0, codes[np.maximum(at, 0)], 0)
    window = np.where((window >= 65) & (window <= 90), window | 32, window)
    # Whether a word of each length would open the text or follow spacing or quotes.
    opens = np.where(
        at >= 0,
        np.take(_OPENS_WORD, window, mode="clip"),
        at == -1,
    )
    blocked = np.zeros(len(stops), dtype=bool)
    letter = window[:, -1]
    blocked |= (letter >= 97) & (letter <= 122) & opens[:, -2]
    # The last 1, 2, ... characters as a number, five bits a character (see _ABBREVIATION_KEYS).
    small = np.take(_ABBREVIATION_ALPHABET, window, mode="clip").astype(np.int64)
    key = np.zeros(len(stops), dtype=np.int64)
    for size in range(1, _WINDOW):
        key |= small[:, _WINDOW - size] << (5 * (size - 1))
        if size in _ABBREVIATION_KEYS:
            blocked |= np.isin(key, _ABBREVIATION_KEYS[size]) & opens[:, _WINDOW - size - 1]
    return blocked
