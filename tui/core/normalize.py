"""Text normalisation for matching, keeping every character's offset into the original text.

Phrases and article text go through the same function, so "coal-mining", "Coal Mining" and
"coal mining" match each other. Offsets matter because every mention must point back at the
exact characters of the article it came from. Text is handled as an array of code points, so
a whole batch of articles is normalised in a few array operations.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

# Characters mapped one-to-one so the common (ASCII) path keeps offsets without a map.
ONE_TO_ONE = {
    # Hyphen and dash variants join words like "coal-mining" and "sci-tech": treat as space.
    "-": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\u2012": " ",
    "\u2013": " ",
    "\u2014": " ",
    "\u2015": " ",
    "\u2212": " ",
    "_": " ",
    "/": " ",
    # Quote variants: one apostrophe and one double quote.
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    # Line breaks and tabs are spaces for matching (paragraphs are tracked separately).
    "\n": " ",
    "\r": " ",
    "\t": " ",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_TABLE = str.maketrans(ONE_TO_ONE)
# Per ASCII code: its matching form (lower case; hyphens, slashes, breaks and tabs a space).
_ASCII_FORM = np.array(
    [ord(ONE_TO_ONE.get(chr(c), chr(c)).lower()) for c in range(128)], dtype=np.uint32
)
_PIECES: dict[int, str] = {}
_SPACE_RUNS = re.compile(" {2,}")


def form_of(code: int) -> str:
    """The matching form of one non-ASCII character (cached: a corpus uses few of them)."""
    cached = _PIECES.get(code)
    if cached is not None:
        return cached
    char = chr(code)
    mapped = ONE_TO_ONE.get(char)
    if mapped is None:
        mapped = unicodedata.normalize("NFKC", char).translate(_TABLE).casefold()
        # Combining marks and other decorations carry no meaning for matching.
        mapped = "".join(c for c in mapped if not unicodedata.combining(c))
    if len(_PIECES) < 65536:
        _PIECES[code] = mapped
    return mapped


def code_points(text: str) -> np.ndarray:
    """The text as an array of code points (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def normalize_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The matching form of text given as code points, and each form character's position in
    the text. Case, hyphens, quotes and breaks are folded, non-ASCII characters normalised
    (NFKC, case-folded, combining marks dropped) and runs of spaces folded to one, as they
    are in phrases, so "coal  mine" and "upsurge in \\nproduction" still match."""
    form = np.take(_ASCII_FORM, codes, mode="clip")  # the wide ones are replaced below
    position: np.ndarray | None = None  # None: each form character stands where it stood
    wide = np.flatnonzero(codes >= 128)
    if len(wide):
        wide_codes = codes[wide]
        others = np.unique(wide_codes)
        pieces = [form_of(int(code)) for code in others.tolist()]
        if all(len(p) == 1 for p in pieces):
            replace = np.array([ord(p) for p in pieces], dtype=np.uint32)
            form[wide] = replace[np.searchsorted(others, wide_codes)]
        else:
            form, position = _expand(codes, form, others, pieces)
    spaces = form == 32
    fold = np.zeros(len(form), dtype=bool)
    np.logical_and(spaces[1:], spaces[:-1], out=fold[1:])
    if fold.any():
        keep = np.flatnonzero(~fold)
        form = form[keep]
        position = keep if position is None else position[keep]
    if position is None:
        position = np.arange(len(form), dtype=np.int64)
    return form, position


def _expand(
    codes: np.ndarray, form: np.ndarray, others: np.ndarray, pieces: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The form when some characters normalise to more or fewer than one (ligatures, marks)."""
    where = np.flatnonzero(codes >= 128)
    which = np.searchsorted(others, codes[where])
    sizes = np.array([len(p) for p in pieces], dtype=np.int64)
    single = sizes[which] == 1
    single_codes = np.array([ord(p) if len(p) == 1 else 0 for p in pieces], dtype=np.uint32)
    form = form.copy()
    form[where[single]] = single_codes[which[single]]
    # The few characters that change length split the text; the runs between them are
    # copied whole (one pass, rather than repeating every character by its size).
    changing = where[~single].tolist()
    numbers = which[~single].tolist()
    forms: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    previous = 0
    for at, number in zip(changing, numbers, strict=True):
        text = pieces[number]
        forms += [form[previous:at], np.array([ord(c) for c in text], dtype=form.dtype)]
        positions += [np.arange(previous, at, dtype=np.int64), np.full(len(text), at, np.int64)]
        previous = at + 1
    forms.append(form[previous:])
    positions.append(np.arange(previous, len(codes), dtype=np.int64))
    return np.concatenate(forms), np.concatenate(positions)


def as_text(form: np.ndarray) -> str:
    """Code points back to a string (lone surrogates, which no phrase holds, as U+FFFD)."""
    surrogate = (form >= 0xD800) & (form <= 0xDFFF)
    if surrogate.any():
        form = np.where(surrogate, np.uint32(0xFFFD), form)
    return form.astype(np.uint32).tobytes().decode("utf-32-le")


def normalize_phrase(phrase: str) -> str:
    """The matching form of a taxonomy phrase: normalised, with runs of spaces folded."""
    phrase = phrase.strip()
    if phrase.isascii():
        # The same as below for ASCII (thousands of phrases: arrays cost more than strings).
        return _SPACE_RUNS.sub(" ", phrase.translate(_TABLE).lower()).strip()
    form, _ = normalize_codes(code_points(phrase))
    return as_text(form).strip()
