"""Untrusted strings (titles, article text, file names) made safe to show in a terminal."""

from __future__ import annotations

import re

from rich.text import Text

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes) and other control characters.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # eight-bit CSI
)
# Bidi marks, embeddings, overrides and isolates reorder what follows them on screen; lone
# surrogates (from JSON escapes or file names that are not UTF-8) cannot be written at all.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    r"\u2066-\u2069\ud800-\udfff]"
)


def clean(value: object, *, keep_newlines: bool = False) -> str:
    """The string with escape sequences removed and control characters made visible or spaces."""
    text = _ESCAPES.sub("", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _CONTROLS.sub("\ufffd", text)


def plain(value: object, *, style: str = "", keep_newlines: bool = False) -> Text:
    """A Rich Text that shows ``value`` literally: markup in it is never interpreted."""
    return Text(clean(value, keep_newlines=keep_newlines), style=style, no_wrap=False)


def shorten(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(width - 1, 1)] + "\u2026"


def clean_same_length(value: str) -> str:
    """Like :func:`clean` but character for character, so mention offsets stay valid."""

    def blank(match: re.Match[str]) -> str:
        return "\ufffd" + " " * (len(match.group()) - 1)

    text = _ESCAPES.sub(blank, value).replace("\r", " ").replace("\t", " ")
    return _CONTROLS.sub("\ufffd", text)
