"""Cleaning text read from records, and telling what a bad value was."""

from __future__ import annotations

import re

_MAX_SHOWN = 60


# UTF-8 decodes to them; no UTF-8 encoder (parquet, CSV, the terminal) accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_body(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def clean_title(text: str) -> str:
    # Titles are shown on one line; archives leave tabs and line breaks inside headlines.
    return " ".join(text.split())


def _scrub(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD."""
    return text if text.isascii() else _SURROGATES.sub("\ufffd", text)


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return type(value).__name__
