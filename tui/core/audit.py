"""Auditing a taxonomy against real copy: how often each phrase and exclusion fires, which
never do, and keyword-in-context lines, so wording is found in the copy, not invented.

A phrase *fires* in an article when one of its matches there counts (it survives the
exclusions and rules); an exclusion fires when it holds a match of its label. Counts are
articles, not matches. Articles whose ids are in ``labelled`` (hand-labelled evaluation
sets) are counted apart, so a phrase that only fires in them shows as memorised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tui.core.models import Article
from tui.core.patterns import Expanded
from tui.core.tagger import Source, Tagger, document_text

BATCH = 2000


@dataclass(frozen=True)
class PhraseUse:
    """One phrase or exclusion of the taxonomy and the articles it fires in."""

    label: str
    field: str
    """"phrase" (phrases and aliases) or "exclude"."""
    phrase: str
    articles: int
    """Articles it fires in, outside the labelled sets."""
    labelled: int
    """Articles of the labelled sets it fires in."""


@dataclass(frozen=True)
class Line:
    """One keyword-in-context line."""

    article: str
    left: str
    match: str
    right: str


def _batches(articles: Iterable[Article], size: int = BATCH) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unique_count(doc: np.ndarray, item: np.ndarray, items: int, mine: np.ndarray) -> np.ndarray:
    """Per item: in how many distinct articles (of those ``mine`` marks) it occurs."""
    pairs = np.unique(doc * items + item)
    chosen = pairs[mine[pairs // items]]
    return np.bincount(chosen % items, minlength=items)


def _body_starts(batch: Sequence[Article]) -> list[int]:
    return [len(a.title) + 1 if a.title else 0 for a in batch]


def audit(
    tagger: Tagger, articles: Iterable[Article], labelled: set[str] | None = None
) -> list[PhraseUse]:
    """Every phrase and exclusion of the tagger's taxonomy with the articles it fires in."""
    labelled = labelled or set()
    sources, exclusions = len(tagger.sources), len(tagger.exclusions)
    outside_s = np.zeros(sources, dtype=np.int64)
    inside_s = np.zeros(sources, dtype=np.int64)
    outside_e = np.zeros(exclusions, dtype=np.int64)
    inside_e = np.zeros(exclusions, dtype=np.int64)
    for batch in _batches(articles):
        texts = [document_text(a.title, a.body) for a in batch]
        # Where each body begins, as the index passes it: a title line is not a sentence.
        found = tagger.tag_batch(texts, _body_starts(batch), trace=True)
        marked = np.array([a.id in labelled for a in batch], dtype=bool)
        assert found.fired is not None and found.blocked is not None
        for (doc, item), size, outside, inside in (
            (found.fired, sources, outside_s, inside_s),
            (found.blocked, exclusions, outside_e, inside_e),
        ):
            if size and len(doc):
                outside += _unique_count(doc, item, size, ~marked)
                inside += _unique_count(doc, item, size, marked)

    def uses(
        items: list[Source], field: str, out: np.ndarray, inside: np.ndarray
    ) -> list[PhraseUse]:
        return [
            PhraseUse(s.label, field, s.phrase, int(o), int(i))
            for s, o, i in zip(items, out.tolist(), inside.tolist(), strict=True)
        ]

    found_uses = uses(tagger.sources, "phrase", outside_s, inside_s)
    found_uses += uses(tagger.exclusions, "exclude", outside_e, inside_e)
    order = {label: number for number, label in enumerate(tagger.label_ids)}
    return sorted(found_uses, key=lambda u: (order[u.label], u.field != "phrase", -u.articles))


def format_audit(uses: list[PhraseUse], *, kinds: Mapping[str, str] | None = None) -> str:
    """Per label: each phrase with the articles it fires in (labelled ones in brackets),
    then the phrases and exclusions that never fire."""
    lines: list[str] = []
    current = None
    never: list[PhraseUse] = []

    def close() -> None:
        if never:
            lines.append("  never fire: " + "; ".join(f"{u.field} {u.phrase!r}" for u in never))
            never.clear()

    for use in uses:
        if use.label != current:
            close()
            current = use.label
            kind = f" ({kinds[use.label]})" if kinds and use.label in kinds else ""
            lines.append(f"{use.label}{kind}")
        if use.articles == 0 and use.labelled == 0:
            never.append(use)
            continue
        tag = " exclude" if use.field == "exclude" else ""
        lines.append(f"  {use.articles:>6} [{use.labelled:>3}]{tag} {use.phrase}")
    close()
    return "\n".join(lines)


def kwic(articles: Iterable[Article], word: str, width: int = 60, limit: int = 40) -> list[Line]:
    """Lines where ``word`` (a whole word or phrase, any case; hyphens and spaces alike)
    occurs, at most ``limit`` of them, spread over the corpus (every k-th hit)."""
    words = [re.escape(part) for part in re.split(r"[\s-]+", word.strip()) if part]
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", re.IGNORECASE)
    hits: list[Line] = []
    for article in articles:
        text = document_text(article.title, article.body)
        for match in pattern.finditer(text):
            hits.append(_line(article.id, text, match.start(), match.end(), width))
    return _spread(hits, limit)


def phrase_kwic(
    tagger: Tagger, articles: Iterable[Article], phrase: str, width: int = 60, limit: int = 40
) -> list[Line]:
    """Lines where a taxonomy phrase (as written in the file) counts as a mention."""
    wanted = {n for n, source in enumerate(tagger.sources) if source.phrase == phrase}
    hits: list[Line] = []
    for batch in _batches(articles):
        texts = [document_text(a.title, a.body) for a in batch]
        # Where each body begins, as the index passes it: a title line is not a sentence.
        found = tagger.tag_batch(texts, _body_starts(batch), trace=True)
        assert found.source is not None
        for doc, start, end, source in zip(
            found.doc.tolist(),
            found.start.tolist(),
            found.end.tolist(),
            found.source.tolist(),
            strict=True,
        ):
            if source in wanted:
                hits.append(_line(batch[doc].id, texts[doc], start, end, width))
    return _spread(hits, limit)


def _line(article: str, text: str, start: int, end: int, width: int) -> Line:
    def flat(part: str) -> str:
        return " ".join(part.split())

    return Line(
        article,
        flat(text[max(start - width, 0) : start])[-width:],
        flat(text[start:end]),
        flat(text[end : end + width])[:width],
    )


def _spread(hits: list[Line], limit: int) -> list[Line]:
    if len(hits) <= limit:
        return hits
    step = len(hits) / limit
    return [hits[int(number * step)] for number in range(limit)]


def format_lines(lines: list[Line], width: int = 60) -> str:
    return "\n".join(f"{line.left:>{width}} [{line.match}] {line.right}" for line in lines)


from tui.core.normalize import normalize_phrase  # noqa: E402

SPEC_QUOTE = re.compile(r"\"([^\"\n]{2,80})\"")


def spec_wording(spec_text: str) -> set[str]:
    """The wording of a taxonomy spec, normalised: its quoted phrases and the names and
    spellings of its tables' cells (split at commas and brackets)."""
    found = set(SPEC_QUOTE.findall(spec_text))
    for line in spec_text.splitlines():
        if line.startswith("|") and not line.startswith("|--"):
            for cell in line.strip("|").split("|")[1:]:
                found.update(re.split(r"[,;()]|\band\b|\bor\b", cell.replace('"', "")))
    return {normalize_phrase(text) for text in found} - {""}


_GENERIC = {"south", "north", "city", "county", "district", "province", "municipality"}


def romanized(text: str) -> str:
    """A place name folded across the usual romanizations (Phyongan / Pyongan, Chagang /
    Jagang, Ryanggang / Yanggang, Kangwon / Gangwon), for comparing spellings."""
    words = [w for w in re.split(r"[^a-z]+", text.lower()) if w and w not in _GENERIC]
    folded = "".join(words)
    for old, new in (("ph", "p"), ("ch", "j"), ("sh", "s"), ("k", "g"), ("eo", "o"), ("th", "t")):
        folded = folded.replace(old, new)
    return folded[1:] if folded.startswith("ry") else folded


def _adjacent_forms(expanded: Expanded, most: int = 4096) -> list[str]:
    """A pattern's plain forms with its gaps empty ("step~ up ... production": "step up
    production"), at most ``most`` of them."""
    forms = [""]
    for segment in expanded.segments:
        forms = [f"{form} {part}".strip() for form in forms for part in segment][:most]
    return forms


@dataclass(frozen=True)
class Unsupported:
    """A phrase or exclusion that fires in too few articles outside the labelled sets."""

    use: PhraseUse
    reason: str


def unsupported(
    tagger: Tagger, uses: list[PhraseUse], spec: set[str], minimum: int = 3
) -> list[Unsupported]:
    """Phrases and exclusions that fire in fewer than ``minimum`` articles outside the
    labelled sets, unless they are the spec's own wording (the spec's wording holds one of
    the phrase's plain forms) or, for a place, its own name in any usual romanization.
    """
    taxonomy = tagger.taxonomy
    found: list[Unsupported] = []
    for use in uses:
        if use.articles >= minimum:
            continue
        label = taxonomy.labels[use.label]
        plain = _adjacent_forms(taxonomy.expand(use.phrase))
        if any(f" {p} " in f" {quote} " for p in plain for quote in spec):
            continue
        own = romanized(label.name) if label.kind == "region" else ""
        if own and use.field == "phrase" and any(own in romanized(p) for p in plain):
            continue
        where = f"{use.articles} articles outside the labelled sets"
        if use.labelled:
            where += f" ({use.labelled} in them)"
        found.append(Unsupported(use, f"{use.label}: {use.field} {use.phrase!r} fires in {where}"))
    return found
