"""Template filling and small text helpers.

Templates: "[a|b]" picks one option (innermost first), "{slot}" takes a slot value. Every
random draw goes through the caller's `random.Random`, in a fixed order, so a seed gives
the same corpus byte for byte.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

_ALT_RE = re.compile(r"\[([^\[\]]*)\]")
_SPACES_RE = re.compile(r" {2,}")
_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"}


def tidy(text: str, cap: bool = True) -> str:
    text = _SPACES_RE.sub(" ", text).replace(" ,", ",").replace(" .", ".").strip()
    return text[:1].upper() + text[1:] if cap else text


def fill(rng: random.Random, template: str, slots: Mapping[str, str], cap: bool = True) -> str:
    text = template
    while (m := _ALT_RE.search(text)) is not None:
        text = text[: m.start()] + rng.choice(m.group(1).split("|")) + text[m.end() :]
    return tidy(text.format_map(slots), cap)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def short(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def title_case(text: str) -> str:
    words = text.split(" ")
    out = [
        w if (i and w in _SMALL_WORDS) or not w[:1].islower() else capital(w)
        for i, w in enumerate(words)
    ]
    return " ".join(out).replace("-day ", "-Day ")


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for key, w in pairs:
        x -= w
        if x < 0:
            return key
    return pairs[-1][0]


def and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def respell(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text
