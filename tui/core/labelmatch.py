"""Which labels a typed text means: every spelling the taxonomy knows, and a forgiven typo.

A picker's filter box is matched against each label's display name, id, phrases and
aliases ("Nampo" finds Nampho, "North Pyongan" finds North Phyongan, "Chagang" finds
Jagang). Case, spaces, hyphens, underscores and accents do not count. A text that matches
no spelling exactly may still be a typo of one ("Hamheung"): those matches follow the exact
ones, closest first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui.core.taxonomy import LoadedTaxonomy

FUZZY_MIN_LENGTH = 5
"""Typed texts shorter than this are matched exactly only: a typo in four letters is one
letter in four wrong, and would find half the list."""
FUZZY_SCORE = 80.0
"""The least similarity (0-100, rapidfuzz's Indel ratio) of a forgiven typo: about one
letter wrong in five."""


def fold(text: str) -> str:
    """``text`` as spellings are compared: lower case, accents, spaces and punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def spellings_of(taxonomy: LoadedTaxonomy) -> dict[str, list[str]]:
    """Per label id: the spellings besides its display name that a picker matches."""
    return {label.id: [*label.phrases, *label.aliases] for label in taxonomy.model.labels}


@dataclass(frozen=True)
class Choice:
    """One row of a picker: a label, its display name, and how deep it sits in the tree."""

    id: str
    name: str
    depth: int = 0


@dataclass(frozen=True)
class LabelMatch:
    """A choice the typed text matches, and by which spelling when not its display name."""

    choice: Choice
    spelling: str | None
    """The phrase or alias that matched, to show beside the name (None: the name did)."""
    exact: bool
    """False for a forgiven typo."""


def _starts_a_word(name: str, wanted: str) -> bool:
    words = name.replace("_", " ").split()
    return any(fold("".join(words[i:])).startswith(wanted) for i in range(1, len(words)))


def _similarity(wanted: str, spelling: str) -> float:
    """How alike a typed text is to a spelling (0-100), or, a little less, to its most alike
    part when the spelling is longer (a typo in a fragment: "phyngan")."""
    whole = float(fuzz.ratio(wanted, spelling))
    if len(spelling) <= len(wanted):
        return whole
    return max(whole, float(fuzz.partial_ratio(wanted, spelling)) - 5.0)


def _exact_tier(wanted: str, choice: Choice, others: Sequence[str]) -> tuple[int, str | None]:
    """How well a choice matches exactly (lower is better; -1: not at all), and the spelling
    that matched when it is not the display name."""
    if fold(choice.name).startswith(wanted) or fold(choice.id).startswith(wanted):
        return 0, None
    if _starts_a_word(choice.name, wanted):
        return 1, None
    for other in others:
        if fold(other).startswith(wanted):
            return 2, other
    for other in others:
        if _starts_a_word(other, wanted):
            return 3, other
    if wanted in fold(choice.name):
        return 4, None
    for other in others:
        if wanted in fold(other):
            return 4, other
    return -1, None


def match_labels(
    text: str, choices: Sequence[Choice], spellings: Mapping[str, Sequence[str]]
) -> list[LabelMatch]:
    """The choices ``text`` matches, best first; every choice, in order, for an empty text.

    Exact matches: display names (or ids) that start with the text, then names with a word
    that does ("phyongan" finds North Phyongan), then other spellings that start with it,
    then those with a word that does, then any name or spelling that holds it. Within each,
    provinces before their cities and counties ("kang" finds Kangwon before Pyongyang's
    Kangdong), then the list's order. Only when nothing matches exactly, the forgiven typos,
    closest first.
    """
    wanted = fold(text)
    if not wanted:
        return [LabelMatch(choice, None, True) for choice in choices]
    exact: list[tuple[tuple[int, int, int], LabelMatch]] = []
    for position, choice in enumerate(choices):
        tier, spelling = _exact_tier(wanted, choice, spellings.get(choice.id, ()))
        if tier >= 0:
            exact.append(((tier, choice.depth, position), LabelMatch(choice, spelling, True)))
    if exact or len(wanted) < FUZZY_MIN_LENGTH:
        exact.sort(key=lambda item: item[0])
        return [match for _, match in exact]
    close: list[tuple[tuple[float, int, int], LabelMatch]] = []
    for position, choice in enumerate(choices):
        score, best = max(
            (
                (_similarity(wanted, fold(spelling)), spelling)
                for spelling in [choice.name, *spellings.get(choice.id, ())]
            ),
            key=lambda item: item[0],
        )
        if score >= FUZZY_SCORE:
            shown = None if best == choice.name else best
            close.append(((-score, choice.depth, position), LabelMatch(choice, shown, False)))
    close.sort(key=lambda item: item[0])
    return [match for _, match in close]
