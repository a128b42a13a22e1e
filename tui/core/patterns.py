"""Phrase patterns: how one line of a taxonomy file stands for a family of phrases.

A taxonomy phrase is either plain words ("socialist emulation") or a pattern built from:

- ``word~``: the word and its inflections (``learn~`` is learn, learns, learned, learnt,
  learning; ``task~`` is task, tasks, ...), from the rules of ``inflections``;
- ``(a|b|c)``: one of the alternatives, each itself a pattern without gaps
  (``(boost~|raise~) output``);
- ``[a]`` or ``[a|b]``: optional words (``overfulfil~ [the] plan``);
- ``@name``: any phrase of the taxonomy's family ``name`` (``[families]`` of the file);
- ``...`` or ``...N``: up to four (or N, 1 to 9) words between the parts on either side, in
  one clause: the gap holds no full stop, comma, semicolon, colon, bracket or quote
  (``increase~ ...3 production``).

A pattern without gaps expands into plain phrases that the automaton matches as they are;
a pattern with gaps expands into *segments* (plain phrases that the automaton finds as
anchors), joined at matching time by a bounded check of the words between them.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from tui.core.normalize import normalize_phrase

DEFAULT_GAP = 4
MAX_GAP = 9
MAX_EXPANSION = 4096
"""Most plain phrases one segment of a pattern may stand for (a guard against typos)."""

SPECIAL = set("~()[]|@")


class PatternError(ValueError):
    """A pattern that cannot be read; the message says what and where."""


@dataclass(frozen=True)
class Expanded:
    """A pattern's phrases: one list of plain (normalised) phrases per segment, and the most
    words allowed between segment ``i`` and ``i + 1`` (``gaps[i]``)."""

    segments: tuple[tuple[str, ...], ...]
    gaps: tuple[int, ...]

    @property
    def gapped(self) -> bool:
        return len(self.segments) > 1


def is_pattern(phrase: str) -> bool:
    """Whether a phrase uses pattern syntax (plain phrases are matched as they are)."""
    return "..." in phrase or any(c in SPECIAL for c in phrase)


# Verbs whose past forms the regular rules miss; only words KCNA copy uses with them matter.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("is", "are", "was", "were", "been", "being"),
    "become": ("became",),
    "begin": ("began", "begun"),
    "bring": ("brought",),
    "build": ("built",),
    "buy": ("bought",),
    "catch": ("caught",),
    "come": ("came",),
    "cut": (),
    "deal": ("dealt",),
    "dig": ("dug",),
    "do": ("did", "done", "does"),
    "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"),
    "feed": ("fed",),
    "fight": ("fought",),
    "find": ("found",),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "grow": ("grew", "grown"),
    "have": ("has", "had"),
    "hold": ("held",),
    "keep": ("kept",),
    "lay": ("laid",),
    "lead": ("led",),
    "learn": ("learnt",),
    "make": ("made",),
    "meet": ("met",),
    "overtake": ("overtook", "overtaken"),
    "pay": ("paid",),
    "put": (),
    "rise": ("rose", "risen"),
    "run": ("ran",),
    "see": ("saw", "seen"),
    "sell": ("sold",),
    "send": ("sent",),
    "set": (),
    "show": ("shown",),
    "sow": ("sown",),
    "spend": ("spent",),
    "spread": (),
    "stand": ("stood",),
    "take": ("took", "taken"),
    "teach": ("taught",),
    "think": ("thought",),
    "undertake": ("undertook", "undertaken"),
    "win": ("won",),
    "write": ("wrote", "written"),
}
_BOTH_PAST_FORMS = {"learn"}
"""Verbs whose regular past is as common as the listed one (learned, learnt)."""
_VOWELS = set("aeiou")


def inflections(word: str) -> list[str]:
    """The word and its regular and listed irregular forms: -s, -ed, -ing (as verb and as
    noun plural); a final consonant after one vowel is tried both doubled and not
    ("plan": planned; "open": opened), since which applies depends on stress."""
    cut = max(word.rfind("-"), word.rfind("'")) + 1
    if cut:
        # "self-support~": the last part is the word that inflects.
        return [word[:cut] + form for form in inflections(word[cut:])]
    lower = word.lower()
    forms = [word]
    if not lower.isalpha() or len(lower) < 2:
        return forms
    last, before = lower[-1], lower[-2]
    stem = word
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        forms += [word + "es", word + "ed", word + "ing"]
    elif last == "y" and before not in _VOWELS:
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif last == "e" and before not in "eoy":
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif last == "e":
        forms += [word + "s", word + "d", word + "ing"]
    else:
        forms += [word + "s", word + "ed", word + "ing"]
        single_vowel = before in _VOWELS and (len(lower) < 3 or lower[-3] not in _VOWELS)
        if single_vowel and last not in _VOWELS and last not in "wxy":
            stem = word + word[-1]
            forms += [stem + "ed", stem + "ing"]
    irregular = _IRREGULAR.get(lower)
    if irregular is not None:
        if lower not in _BOTH_PAST_FORMS:
            # "see" is not "seed": the listed forms replace the regular past.
            forms = [f for f in forms if not f.lower().endswith("ed")]
        forms += list(irregular)
    return list(dict.fromkeys(forms))


def _split_top(text: str, pattern: str) -> list[str]:
    """``text`` split at the bars that no bracket encloses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


class _Parser:
    """Expands one pattern (without gaps) into its plain phrases."""

    def __init__(self, pattern: str, families: Mapping[str, list[str]], stack: tuple[str, ...]):
        self.pattern = pattern
        self.families = families
        self.stack = stack

    def error(self, message: str) -> PatternError:
        return PatternError(f"pattern {self.pattern!r}: {message}")

    def expand(self, text: str) -> list[str]:
        """Every phrase ``text`` stands for, in raw (not yet normalised) form."""
        choices: list[list[str]] = []
        at = 0
        while at < len(text):
            char = text[at]
            if char.isspace():
                choices.append([" "])
                at += 1
            elif char in "([":
                close = self._closing(text, at)
                inner = text[at + 1 : close]
                options: list[str] = []
                for part in _split_top(inner, self.pattern):
                    if not part.strip():
                        if char == "(":
                            raise self.error(f"an empty alternative in {text[at : close + 1]!r}")
                        continue
                    options.extend(self.expand(part.strip()))
                if char == "[":
                    options.append("")
                after = close + 1
                if after < len(text) and text[after] == "~":
                    options = [form for option in options for form in _inflect_last(option)]
                    after += 1
                choices.append(options)
                at = after
            elif char in ")]":
                raise self.error(f"{char!r} at character {at + 1} closes nothing")
            elif char == "|":
                raise self.error("'|' outside brackets: put the alternatives in ( )")
            elif char == "@":
                end = at + 1
                while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    end += 1
                name = text[at + 1 : end]
                choices.append(self._family(name))
                at = end
            elif char == "~":
                raise self.error(f"'~' at character {at + 1} follows no word")
            else:
                end = at
                while end < len(text) and not text[end].isspace() and text[end] not in SPECIAL:
                    end += 1
                word = text[at:end]
                if end < len(text) and text[end] == "~":
                    choices.append(inflections(word))
                    end += 1
                else:
                    choices.append([word])
                at = end
            self._guard(choices)
        return ["".join(parts) for parts in itertools.product(*choices)]

    def _closing(self, text: str, at: int) -> int:
        pairs = {"(": ")", "[": "]"}
        depth: list[str] = []
        for index in range(at, len(text)):
            char = text[index]
            if char in pairs:
                depth.append(pairs[char])
            elif char in ")]":
                if not depth or depth[-1] != char:
                    raise self.error(f"{char!r} at character {index + 1} does not match")
                depth.pop()
                if not depth:
                    return index
        raise self.error(f"{text[at]!r} at character {at + 1} is never closed")

    def _family(self, name: str) -> list[str]:
        if not name:
            raise self.error("'@' must be followed by a family name")
        if name not in self.families:
            known = ", ".join(sorted(self.families)) or "none"
            raise self.error(f"unknown family '@{name}' (families: {known})")
        if name in self.stack:
            raise self.error(f"family '@{name}' refers to itself")
        phrases: list[str] = []
        for member in self.families[name]:
            if "..." in member:
                raise self.error(f"family '@{name}' holds a gap ('...'), which families may not")
            inner = _Parser(member, self.families, (*self.stack, name))
            try:
                phrases.extend(inner.expand(member.strip()))
            except PatternError as error:
                raise self.error(f"in family '@{name}': {error}") from None
        return phrases

    def _guard(self, choices: list[list[str]]) -> None:
        size = 1
        for options in choices:
            size *= max(len(options), 1)
        if size > MAX_EXPANSION:
            raise self.error(f"it stands for more than {MAX_EXPANSION} phrases; split it up")


def _inflect_last(phrase: str) -> list[str]:
    head, _, last = phrase.rpartition(" ")
    return [f"{head} {form}" if head else form for form in inflections(last)]


def _gap_size(token: str, pattern: str) -> int:
    rest = token[3:]
    if not rest:
        return DEFAULT_GAP
    if not rest.isdigit() or not 1 <= int(rest) <= MAX_GAP:
        raise PatternError(f"pattern {pattern!r}: {token!r} must be '...' or '...1' to '...9'")
    return int(rest)


def expand(pattern: str, families: Mapping[str, list[str]] | None = None) -> Expanded:
    """A pattern's segments of normalised plain phrases, and the gaps between them."""
    families = families or {}
    text = pattern.strip()
    if not text:
        raise PatternError("an empty pattern")
    segments: list[tuple[str, ...]] = []
    gaps: list[int] = []
    parts = text.split()
    current: list[str] = []
    pieces: list[str] = []
    for token in parts:
        if token.startswith("..."):
            gaps.append(_gap_size(token, pattern))
            pieces.append(" ".join(current))
            current = []
        else:
            current.append(token)
    pieces.append(" ".join(current))
    for number, piece in enumerate(pieces):
        if not piece:
            where = "start" if number == 0 else "end" if number == len(pieces) - 1 else "middle"
            raise PatternError(
                f"pattern {pattern!r}: a gap ('...') needs words on both sides "
                f"(nothing at the {where})"
            )
        raw = _Parser(pattern, families, ()).expand(piece)
        phrases = tuple(dict.fromkeys(p for p in (normalize_phrase(r) for r in raw) if p))
        if not phrases:
            raise PatternError(f"pattern {pattern!r}: {piece!r} stands for no words")
        segments.append(phrases)
    return Expanded(tuple(segments), tuple(gaps))


def plain_phrases(pattern: str, families: Mapping[str, list[str]] | None = None) -> list[str]:
    """The normalised phrases of a pattern that may not have gaps (exclusions, context)."""
    found = expand(pattern, families)
    if found.gapped:
        raise PatternError(f"pattern {pattern!r}: gaps ('...') are not allowed here")
    return list(found.segments[0])
