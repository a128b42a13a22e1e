"""What a search box query means: words ANDed, "quoted phrases", whole words, -exclusions.

    coal mine          articles holding the word "coal" and the word "mine"
    "coal mine"        the phrase (spacing and case aside)
    coal -china        "coal", and not "china"
    coal*              a word starting with "coal" (coal, coal-mining, coalition)

Words match whole: ``coal`` does not match "coalition" (ask for ``coal*`` to get both).
Case and runs of spacing never matter. The same syntax serves the dashboard and ``--search``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYNTAX_HELP = 'words are ANDed · "a phrase" · -word excludes · coal* for prefixes'
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One thing the text must (or, excluded, must not) hold: a word or a phrase."""

    words: tuple[str, ...]
    exclude: bool = False
    prefix: bool = False
    """The last word may go on (``coal*``)."""

    @property
    def key(self) -> str:
        """A canonical spelling, for caches."""
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return ("-" if self.exclude else "") + (f'"{text}"' if len(self.words) > 1 else text)


def parse(text: str) -> list[Term]:
    """The terms of a query, in order, each once; words lower-cased. A lone ``-`` or an
    empty pair of quotes means nothing."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(text):
        minus, quoted, bare = match.groups()
        exclude = bool(minus)
        if bare is not None:
            exclude = bare.startswith("-") and len(bare) > 1
            raw = bare[1:] if exclude else bare
            words = raw.lower().split()
        else:
            words = (quoted or "").lower().split()
        prefix = bool(words) and words[-1].endswith("*")
        words = [w.strip("*") for w in words]
        words = [w for w in words if w]
        if not words:
            continue
        term = Term(tuple(words), exclude=exclude, prefix=prefix)
        if term not in terms:
            terms.append(term)
    return terms


def normalized(text: str) -> str:
    """The query spelled canonically: the same query always caches under the same key."""
    return " ".join(term.key for term in parse(text))


def pattern(term: Term, *, folded: bool) -> str:
    """An RE2 pattern (Arrow's regex engine) for ``term``: on folded text (lower case, single
    spaces) or on text as it is (then matched ignoring case, spacing any run)."""
    gap = " " if folded else r"\s+"
    body = gap.join(re.escape(word) for word in term.words)
    first, last = term.words[0][0], term.words[-1][-1]
    # A word boundary only where the term's own edge is a word character: "-0-" or "(c)"
    # still match where they stand.
    start = r"\b" if _is_word(first) else ""
    end = r"\b" if _is_word(last) and not term.prefix else ""
    return start + body + end


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"
