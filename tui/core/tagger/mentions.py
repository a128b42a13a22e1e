"""What tagging finds: a Mention (one, with its words and rule), Mentions (a batch's, as
arrays), the Source phrase behind each and the rule bits that let it count; and the matches
of one chunk on their way to becoming mentions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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


def _concat(first: _Raw, second: _Raw) -> _Raw:
    return _Raw(
        *(
            np.concatenate([getattr(first, name), getattr(second, name)])
            for name in ("label", "source", "start", "end", "flags")
        )
    )


@dataclass(frozen=True)
class _Context:
    """A chunk's context-word matches: which word, where, in which sentence and article."""

    index: np.ndarray
    start: np.ndarray
    sentence: np.ndarray


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
