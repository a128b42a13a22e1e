"""Per-mention rules the tagger applies after matching: words inside proper names and
titles, and stories framed abroad.

Both work on a batch's arrays. The name check reads the words around a mention, so it runs
in Python, but only on the few mentions that could be inside a name: those whose first
letter is a capital (a name's words are capitalised) and that the rule concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tui.core.models import NamesRule

NOT_A_NAME, IN_A_NAME, IN_A_TITLE = 0, 1, 2
JOINING = frozenset({"of", "and", "the", "for", "&"})
"""Words that join the capitalised words of one name ("Academy of Sciences")."""
_REACH = 90
"""Characters read on either side of a mention when looking for the rest of its name."""
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f'\u2019.-]+|\S")
_NUMBER = re.compile(r"(?:no\.?|\d+[a-z]*\.?)", re.IGNORECASE)


@dataclass(frozen=True)
class NameWords:
    """The words of a names rule, lower-cased for look-up."""

    heads: frozenset[str]
    titles: frozenset[str]
    products: frozenset[str]

    @classmethod
    def of(cls, rule: NamesRule) -> NameWords:
        def fold(words: list[str]) -> frozenset[str]:
            return frozenset(word.lower().replace("-", " ").strip() for word in words)

        return cls(fold(rule.heads), fold(rule.titles), fold(rule.products))


def _word(token: str) -> str:
    return token.lower().rstrip(".").replace("-", " ").replace("\u2019", "'")


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or bool(_NUMBER.fullmatch(token))


def _ends_name(token: str) -> bool:
    """A token that closes a name run: a comma or stop attached to it, or punctuation."""
    return token.endswith((",", ";", ":")) or (token.endswith(".") and not _NUMBER.fullmatch(token))


def name_of(text: str, start: int, end: int, floor: int, ceiling: int, words: NameWords) -> int:
    """Whether ``text[start:end]`` (which starts with a capital) is part of a proper name
    (IN_A_NAME), of a person's title (IN_A_TITLE) or neither, reading no further than
    ``floor`` and ``ceiling`` (the article's bounds) and never across a line break."""
    own = _TOKEN.findall(text[start:end])
    right = _TOKEN.findall(text[end : min(end + _REACH, ceiling)].split("\n", 1)[0])
    left_text = text[max(start - _REACH, floor) : start].rsplit("\n", 1)[-1]
    left = _TOKEN.findall(left_text)
    if right and not (own and _ends_name(own[-1])) and _word(right[0]) in words.products:
        return IN_A_NAME
    run: list[str] = [_word(t) for t in own]
    # Capitalised words (and joining words between them) to the right ...
    pending: list[str] = []
    closed = bool(own) and _ends_name(own[-1])
    for token in right if not closed else []:
        word = _word(token)
        if word in JOINING:
            pending.append(word)
            continue
        if not token[:1].isalnum() or not _capitalised(token):
            break
        run.extend(pending)
        pending = []
        run.append(word)
        if _ends_name(token):
            break
    # ... and to the left.
    before: list[str] = []
    pending = []
    for token in reversed(left):
        word = _word(token)
        if word in JOINING:
            pending.append(word)
            continue
        if not token[:1].isalnum() or not _capitalised(token) or _ends_name(token):
            break
        before.extend(pending)
        pending = []
        before.append(word)
    before.reverse()
    if before and before[0] in words.titles:
        return IN_A_TITLE
    if any(word in words.heads for word in (*before, *run)):
        return IN_A_NAME
    return NOT_A_NAME


_JOINING_KEYS = np.array(
    [sum(ord(c) << (8 * i) for i, c in enumerate(word)) for word in ("of", "and", "the", "for")],
    dtype=np.int64,
)
_WORD_REACH = 14
"""Letters read back for the word before a span (longer words are read as lower case)."""


def capitalised_neighbour(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether the word after each span, or the word before it (past one joining word:
    "Iron and Steel Complex"), starts with a capital: a span inside a run of capitalised
    words, as in a unit's name, rather than a capitalised phrase on its own ("the Coal
    Mining sector")."""
    size = len(codes)
    padded = np.concatenate([codes, np.zeros(1, dtype=codes.dtype)])

    def upper(at: np.ndarray) -> np.ndarray:
        letters = padded[np.clip(at, 0, size)]
        found: np.ndarray = (letters >= 65) & (letters <= 90)
        return found

    def word_before(at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and length of the word that ends just before the space at ``at - 1``."""
        window = (at - 2)[:, None] - np.arange(_WORD_REACH)
        letters = padded[np.clip(window, 0, size)] | 32
        alpha = (letters >= 97) & (letters <= 122) & (window >= 0)
        length = np.where(alpha.all(axis=1), _WORD_REACH, np.argmin(alpha, axis=1))
        return at - 1 - length, length

    after = (padded[np.minimum(ends, size)] == 32) & upper(ends + 1)
    spaced = padded[np.maximum(starts - 1, 0)] == 32
    first, length = word_before(starts)
    before = spaced & (length > 0) & upper(first)
    # A joining word of two or three letters, as a number (lower-cased, first letter lowest).
    key = np.zeros(len(starts), dtype=np.int64)
    for offset in range(3):
        letter = (padded[np.clip(first + offset, 0, size)] | 32).astype(np.int64)
        key |= np.where(offset < length, letter << (8 * offset), 0)
    joining = spaced & (length >= 2) & (length <= 3) & np.isin(key, _JOINING_KEYS)
    joining &= padded[np.maximum(first - 1, 0)] == 32
    if joining.any():
        at = np.flatnonzero(joining)
        first2, length2 = word_before(first[at])
        before[at] |= (length2 > 0) & upper(first2)
    found: np.ndarray = after | before
    return found


def names_of(
    text: str,
    starts: np.ndarray,
    ends: np.ndarray,
    floors: np.ndarray,
    ceilings: np.ndarray,
    words: NameWords,
) -> np.ndarray:
    """name_of for each span (all of which start with a capital)."""
    return np.fromiter(
        (
            name_of(text, s, e, f, c, words)
            for s, e, f, c in zip(
                starts.tolist(), ends.tolist(), floors.tolist(), ceilings.tolist(), strict=True
            )
        ),
        dtype=np.int8,
        count=len(starts),
    )


def framed_abroad(
    docs: int,
    foreign_doc: np.ndarray,
    foreign_at: np.ndarray,
    foreign_sentence: np.ndarray,
    home_doc: np.ndarray,
    home_sentence: np.ndarray,
    lead_end: np.ndarray,
    home_at: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per article: whether its title or lead names another country, and the first sentence
    after the first such mention that names the DPRK and no other country (where the frame
    ends; a huge number when none does).

    ``foreign_*`` describe the matches of foreign words (article, offset, sentence), ``home_*``
    those of home words; ``lead_end`` is where each article's lead ends (an offset)."""
    framed = np.zeros(docs, dtype=bool)
    in_lead = foreign_at < lead_end[foreign_doc]
    framed[foreign_doc[in_lead]] = True
    first = np.full(docs, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, foreign_doc[in_lead], foreign_sentence[in_lead])
    ends = np.full(docs, np.iinfo(np.int64).max, dtype=np.int64)
    if len(home_doc):
        after = home_sentence > first[home_doc]
        mixed = np.isin(home_sentence, foreign_sentence)
        keep = after & ~mixed & framed[home_doc]
        np.minimum.at(ends, home_doc[keep], home_sentence[keep])
    return framed, ends
