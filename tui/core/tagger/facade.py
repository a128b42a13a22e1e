"""The Tagger: built once from a taxonomy, it tags one article (with the phrase and rule
behind each mention) or a batch of them (as arrays, in chunks)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui.core.models import Label
from tui.core.tagger.chunk import tag_chunk
from tui.core.tagger.compiled import _compile
from tui.core.tagger.mentions import (
    FRAME_ENDED,
    GAPPED,
    NAME_OUTSIDE_LIST,
    OWN_COUNTRY,
    REQUIRED_WORD,
    Mention,
    Mentions,
    Source,
    document_text,
)
from tui.core.taxonomy import LoadedTaxonomy

BATCH_CHARS = 1 << 18


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
        self._compiled = _compile(taxonomy, self.labels)
        self.sources: list[Source] = self._compiled.sources
        """Every phrase of the taxonomy as written; a mention's ``source`` indexes it."""
        self.exclusions: list[Source] = self._compiled.exclusions
        """Every exclusion of the taxonomy as written."""
        self._patterns = self._compiled.automata.patterns
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
        return tag_chunk(self._compiled, texts, first_doc, body_from, trace)
