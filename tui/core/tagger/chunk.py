"""Tagging one chunk of a batch: its articles joined into one text, matched, ruled and merged
into mentions, in stages of array operations.

The stages: the joined text and its matching form (_joined); the MAIN automaton over all of
it; NEAR and HOME words where rules need them (_with_context_words); phrase and pattern
matches (_phrase_matches) less those inside exclusions (_excluded); the per-mention rules
(_ruled); merging into mentions per article (_as_mentions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui.core.normalize import code_points, normalize_codes
from tui.core.tagger.boilerplate import _blank, _boilerplate_spans
from tui.core.tagger.compiled import _Compiled
from tui.core.tagger.fingerprints import _fingerprints
from tui.core.tagger.frame import _framed_articles
from tui.core.tagger.matcher import _CONTEXT, _EXCLUDE, _PHRASE, _SEGMENT, _Automata, _Found
from tui.core.tagger.mentions import GAPPED, Mentions, _concat, _Context, _no_mentions, _Raw
from tui.core.tagger.sentences import _sentence_starts
from tui.core.tagger.spans import _doc_of, _holds, _inside, _merge, _union

SEPARATOR = "\x00"
"""Joins the articles of a batch; also what datelines and end markers are blanked with."""


@dataclass(frozen=True)
class _Text:
    """A chunk's articles joined by SEPARATOR: the code points, the matching form (``position``:
    each form character's offset in the original) and where each article begins."""

    joined: str
    original: np.ndarray
    form: np.ndarray
    position: np.ndarray
    narrow: np.ndarray
    """The form as the automata read it (see _Automata.narrow)."""
    doc_starts: np.ndarray
    lengths: np.ndarray
    newlines: np.ndarray
    body_offsets: np.ndarray | None
    """Per article, when known: where its body begins after its title line."""
    fingerprints: np.ndarray | None

    def spans(self, f_start: np.ndarray, f_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Spans in the joined text (the position after the last character maps past
        the end)."""
        last = len(self.position) - 1
        return self.position[f_start], np.where(
            f_end <= last, self.position[np.minimum(f_end, last)], len(self.original)
        )


def tag_chunk(
    compiled: _Compiled,
    texts: list[str],
    first_doc: int,
    body_from: Sequence[int] | None,
    trace: bool = False,
) -> Mentions:
    """The mentions of ``texts``, the articles ``first_doc`` on of a batch."""
    automata = compiled.automata
    text = _joined(automata, texts, first_doc, body_from)
    everywhere = automata.find(automata.main, text.narrow, text.position, text.original, text.form)
    if not len(everywhere[0]):
        return _no_mentions(text.fingerprints, trace)
    sentences = _sentence_starts(text.original, text.doc_starts, text.newlines)
    found = _with_context_words(compiled, text, everywhere, sentences)
    raw = _phrase_matches(compiled, text, found)
    if not len(raw):
        return _no_mentions(text.fingerprints, trace)
    raw, blocked_by = _excluded(compiled, text, found, raw, first_doc, trace)
    raw, sentence, doc, paragraphs = _ruled(compiled, text, found, raw, sentences)
    if not len(raw):
        return _no_mentions(text.fingerprints, trace)
    return _as_mentions(
        text, raw, sentence, doc, (sentences, paragraphs), first_doc, blocked_by, trace
    )


def _joined(
    automata: _Automata, texts: list[str], first_doc: int, body_from: Sequence[int] | None
) -> _Text:
    """The texts joined, normalised for matching, their boilerplate blanked."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    doc_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    joined = SEPARATOR.join(texts)
    original = code_points(joined)
    form, position = normalize_codes(original)
    fingerprints = offsets = None
    if body_from is not None:
        offsets = np.asarray(body_from[first_doc : first_doc + len(texts)], dtype=np.int64)
        fingerprints = _fingerprints(form, position, doc_starts + offsets, doc_starts + lengths)
    # Line breaks, found once: lines, sentences and paragraphs all end at them.
    newlines = np.flatnonzero(original == 10)
    nuls = np.flatnonzero(original == 0)
    breaks = np.sort(np.concatenate([newlines, nuls]), kind="stable")
    form = _blank(form, position, _boilerplate_spans(joined, original, breaks))
    narrow = automata.narrow(form) if automata.wide is not None and len(form) else form
    return _Text(
        joined, original, form, position, narrow, doc_starts, lengths, newlines, offsets,
        fingerprints,
    )  # fmt: skip


def _with_context_words(
    c: _Compiled, t: _Text, everywhere: _Found, sentences: np.ndarray
) -> _Found:
    """The MAIN matches with the NEAR and HOME words where rules read them."""
    # NEAR words: in the sentences of the matches whose rules read context words (and the
    # title line and first paragraph of their articles, where a foreign frame is set),
    # and after the first part of each pattern. PAST words: in the paragraphs of the
    # matches the history rule concerns, up to the end of their sentence.
    kind, index, n_start, n_end = everywhere
    form, position = t.form, t.position
    phrase = kind == _PHRASE
    first_part = kind == _SEGMENT
    label_of = c.source_label[np.where(phrase, index, 0)]
    needing = (phrase & c.ruled[label_of]) | first_part
    in_form = np.searchsorted(position, sentences)
    sentence_ends = np.append(in_form[1:], len(form))
    paragraphs = np.searchsorted(position, np.sort(np.concatenate([t.doc_starts, t.newlines + 1])))
    bounds = np.append(paragraphs, len(form))
    docs = np.searchsorted(position, t.doc_starts)
    held = np.searchsorted(in_form, n_start[needing], side="right") - 1
    leads = np.searchsorted(paragraphs, docs[_doc_of(docs, n_start[needing])])
    leads = np.unique(np.concatenate([leads, np.minimum(leads + 1, len(paragraphs) - 1)]))
    # History reads back to the start of the paragraph.
    past = phrase & c.history.label[label_of]
    past_at = n_start[past]
    past_from = paragraphs[np.searchsorted(paragraphs, past_at, side="right") - 1]
    past_to = sentence_ends[np.searchsorted(in_form, past_at, side="right") - 1]
    near_ranges = _union(
        np.concatenate([in_form[held], paragraphs[leads], n_end[first_part], past_from]),
        np.concatenate(
            [
                sentence_ends[held],
                bounds[leads + 1],
                n_end[first_part] + c.gaps.reach[c.gaps.segment_gapped[index[first_part]]],
                past_to,
            ]
        ),
        len(form),
    )
    automata = c.automata
    if len(near_ranges[0]):
        near = automata.find(automata.near, t.narrow, position, t.original, form, near_ranges)
        kind, index, n_start, n_end = (
            np.concatenate(pair) for pair in zip(everywhere, near, strict=True)
        )
    # HOME words: in the articles whose title or first paragraph names another country
    # and that have a match the frame concerns.
    if automata.home_words.automaton is not None:
        phrase = kind == _PHRASE
        framed = _framed_articles(
            kind, index, n_start, c.frame.foreign, paragraphs, position, t.doc_starts,
            phrase & c.frame.framed_label[c.source_label[np.where(phrase, index, 0)]],
        )  # fmt: skip
        if framed is not None:
            home = automata.find(automata.home_words, t.narrow, position, t.original, form, framed)
            kind, index, n_start, n_end = (
                np.concatenate(pair)
                for pair in zip((kind, index, n_start, n_end), home, strict=True)
            )
    return kind, index, n_start, n_end


def _phrase_matches(c: _Compiled, t: _Text, found: _Found) -> _Raw:
    """The matches of phrases, and of patterns with gaps put together from their segments."""
    kind, index, n_start, n_end = found
    is_phrase = kind == _PHRASE
    source = index[is_phrase]
    start, end = t.spans(n_start[is_phrase], n_end[is_phrase])
    raw = _Raw(c.source_label[source], source, start, end, np.zeros(len(source), np.int64))
    segment = kind == _SEGMENT
    if segment.any():
        g_source, g_start, g_end = c.gaps.assemble(
            t.form, index[segment], n_start[segment], n_end[segment]
        )
        if len(g_source):
            start, end = t.spans(g_start, g_end)
            raw = _concat(
                raw,
                _Raw(c.source_label[g_source], g_source, start, end,
                     np.full(len(g_source), GAPPED, dtype=np.int64)),
            )  # fmt: skip
    return raw


def _excluded(
    c: _Compiled, t: _Text, found: _Found, raw: _Raw, first_doc: int, trace: bool
) -> tuple[_Raw, tuple[np.ndarray, np.ndarray] | None]:
    """The matches outside the exclusions of their label, and when traced, (article,
    exclusion) of every exclusion that held one."""
    kind, index, n_start, n_end = found
    excluded = kind == _EXCLUDE
    blocked_by: tuple[np.ndarray, np.ndarray] | None = None
    if excluded.any():
        b_start, b_end = t.spans(n_start[excluded], n_end[excluded])
        b_label = c.exclusion_label[index[excluded]]
        blocked = _inside((raw.label, raw.start, raw.end), (b_label, b_start, b_end))
        if trace:
            used = _holds(raw.take(blocked), b_label, b_start, b_end)
            at = b_start[used]
            blocked_by = (
                np.searchsorted(t.doc_starts, at, side="right") - 1 + first_doc,
                index[excluded][used],
            )
        raw = raw.take(~blocked)
    return raw, blocked_by


def _ruled(
    c: _Compiled, t: _Text, found: _Found, raw: _Raw, sentences: np.ndarray
) -> tuple[_Raw, np.ndarray, np.ndarray, np.ndarray]:
    """The matches the per-mention rules let through, with their sentences and articles (and
    where paragraphs begin)."""
    kind, index, n_start, n_end = found
    doc_starts = t.doc_starts
    sentence = np.searchsorted(sentences, raw.start, side="right") - 1
    gapped = raw.flags == GAPPED
    if gapped.any():
        # A pattern's parts are in one sentence (a title line has no full stop).
        last = np.searchsorted(sentences, raw.end[gapped] - 1, side="right") - 1
        inside = np.ones(len(raw), dtype=bool)
        inside[gapped] = last == sentence[gapped]
        raw, sentence = raw.take(inside), sentence[inside]
    context = kind == _CONTEXT
    c_start, _ = t.spans(n_start[context], n_end[context])
    words = _Context(index[context], c_start, np.searchsorted(sentences, c_start, side="right") - 1)
    if c.rules.rules:
        allowed = c.rules.allowed(raw, sentence, words)
        raw, sentence = raw.take(allowed), sentence[allowed]
    doc = np.searchsorted(doc_starts, raw.start, side="right") - 1
    paragraphs = np.sort(np.concatenate([doc_starts, t.newlines + 1]))
    if len(raw) and c.history.label[raw.label].any() and c.history.past[words.index].any():
        allowed = ~c.history.in_the_past(raw, sentence, words, sentences, paragraphs, doc_starts)
        raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
    frame = c.frame
    if len(raw) and frame.framed_label[raw.label].any() and frame.foreign[words.index].any():
        allowed = frame.outside_foreign_frame(raw, sentence, doc, words, doc_starts, paragraphs)
        raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
    if len(raw) and c.names.words is not None:
        title_end = doc_starts.copy()
        if t.body_offsets is not None:
            title_end = doc_starts + t.body_offsets
        allowed = c.names.outside_names(
            raw, sentence, doc, words, t.joined, t.original, sentences, doc_starts, t.lengths,
            title_end,
        )  # fmt: skip
        raw, sentence, doc = raw.take(allowed), sentence[allowed], doc[allowed]
    return raw, sentence, doc, paragraphs


def _as_mentions(
    t: _Text,
    raw: _Raw,
    sentence: np.ndarray,
    doc: np.ndarray,
    starts: tuple[np.ndarray, np.ndarray],
    first_doc: int,
    blocked_by: tuple[np.ndarray, np.ndarray] | None,
    trace: bool,
) -> Mentions:
    """The matches merged into mentions, numbered within their articles. ``starts``: where
    sentences and paragraphs begin in the joined text."""
    sentences, paragraphs = starts
    doc_starts = t.doc_starts
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
        fingerprints=t.fingerprints,
        source=raw.source[first][order] if trace else None,
        flags=raw.flags[first][order] if trace else None,
        fired=fired,
        blocked=blocked_by if blocked_by is not None else (empty, empty) if trace else None,
    )
