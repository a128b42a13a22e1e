"""Counts in words: the noun agrees with the number ("1 problem", "2 problems")."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` with ``singular`` when it is 1, else ``plural`` (``singular`` + s)."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"
