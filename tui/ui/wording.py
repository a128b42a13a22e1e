"""Numbers with their nouns, as people write them: "1 article", "2 articles", "0 problems"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` (with thousands separators) and the noun in the number it takes."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"
