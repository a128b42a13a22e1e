"""Lenient date parsing for the date fields of news records.

Corpora write dates in many ways: ISO strings, epoch seconds or milliseconds, English
prose ("Sunday, November 10, 2024") and the DPRK's own Juche calendar ("Juche 113 (2024)",
"Juche113.2.11."). `parse_date` turns any of them into a `datetime.date`, or None when the
value is missing, unrecognised or impossible; it never raises, so a reader can call it on
whatever a record holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re

__all__ = ["JUCHE_OFFSET", "MAX_YEAR", "MIN_YEAR", "parse_date"]

MIN_YEAR = 1900
MAX_YEAR = 2100
"""Dates outside these years (inclusive) are treated as garbage, not as news."""

JUCHE_OFFSET = 1911
"""Juche 1 is 1912, the year Kim Il Sung was born."""

# Below this magnitude a number is far more likely a year, a count or a placeholder (0, -1)
# than a timestamp from before March 1973, so it is not read as epoch seconds.
_MIN_EPOCH = 100_000_000
# Epoch seconds for 1900..2100 stay well under 1e11 and epoch milliseconds for the same
# span stay over it (from March 1973 on), so the magnitude tells the two units apart.
_MS_THRESHOLD = 100_000_000_000
_MAX_EPOCH_MS = 100_000_000_000_000

# Date fields are short; anything longer is prose, and a cap keeps regex work bounded.
_MAX_TEXT = 120

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_ISO = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?:[T\s_].*)?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:T.*)?", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b\.?,?\s*",
    re.IGNORECASE,
)
_MDY = re.compile(rf"{_MONTH}\s*{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_DMY = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_JUCHE_DOTTED = re.compile(
    r"juche\s*(?P<juche>\d{1,3})\s*\.\s*(?P<month>\d{1,2})\s*\.\s*(?P<day>\d{1,2})\b",
    re.IGNORECASE,
)
_JUCHE = re.compile(
    r"\bjuche\s*(?P<juche>\d{1,3})\b(?:\s*\(\s*(?P<year>\d{4})\s*\))?", re.IGNORECASE
)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s*{_DAY}", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}", re.IGNORECASE)


def parse_date(value: object) -> dt.date | None:
    """The calendar date `value` stands for, or None when it is missing or not a real date.

    Accepts `date`/`datetime` objects; ISO strings ("2024-11-10", "2024-11-10T08:00:00Z",
    "2024/11/10", "20241110"); epoch seconds or milliseconds as numbers or digit strings;
    English forms ("November 10, 2024", "10 November 2024", "Nov. 10, 2024",
    "Sunday, November 10, 2024"); and Juche-calendar forms ("November 10, Juche 113 (2024)",
    "Juche 113 November 10", "Juche113.11.10."). A bare year ("Juche 113 (2024)" alone)
    names no day, so it gives None. Years outside 1900..2100 give None. Never raises.
    """
    if isinstance(value, str) and len(value) <= 64:
        return _parse_text(value)
    return _checked(value)


@functools.lru_cache(maxsize=8192)
def _parse_text(value: str) -> dt.date | None:
    # A corpus repeats the same few thousand date strings: each is parsed once.
    return _checked(value)


def _checked(value: object) -> dt.date | None:
    try:
        result = _parse(value)
    except (ValueError, TypeError, OverflowError, AttributeError, ArithmeticError):
        return None
    # pandas' NaT passes as a datetime; only a real in-range date gets through.
    if not isinstance(result, dt.date) or not MIN_YEAR <= result.year <= MAX_YEAR:
        return None
    return result


def _parse(value: object) -> dt.date | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        # The date as the record wrote it: shifting to UTC would move evening stories
        # from the Pyongyang calendar day to the previous one.
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, numbers.Integral):
        return _from_integer(int(value))
    if isinstance(value, numbers.Real):
        return _from_epoch(float(value))
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, str):
        return _from_text(value)
    return None


def _make(year: int | str, month: int | str, day: int | str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _from_integer(number: int) -> dt.date | None:
    # An 8-digit number in the date range is a compact YYYYMMDD, not a 1970 timestamp.
    if 19000101 <= number <= 21001231:
        compact = _make(number // 10000, number // 100 % 100, number % 100)
        if compact is not None:
            return compact
    return _from_epoch(number)


def _from_epoch(number: int | float) -> dt.date | None:
    if isinstance(number, float) and not math.isfinite(number):
        return None
    magnitude = abs(number)
    if magnitude < _MIN_EPOCH or magnitude >= _MAX_EPOCH_MS:
        return None
    seconds = number if magnitude < _MS_THRESHOLD else number / 1000
    return (_EPOCH + dt.timedelta(seconds=seconds)).date()


def _from_text(text: str) -> dt.date | None:
    text = " ".join(text.split())
    if not text or len(text) > _MAX_TEXT:
        return None

    if _NUMBER.fullmatch(text):
        if len(text) == 8 and text.isdigit():
            return _make(text[:4], text[4:6], text[6:])
        if "." in text:
            return _from_epoch(float(text))
        return _from_epoch(int(text))

    for pattern in (_ISO, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _make(match["year"], match["month"], match["day"])

    if "juche" in text.lower():
        return _from_juche(text)

    text = _WEEKDAY.sub("", text, count=1) if _WEEKDAY.match(text) else text
    for pattern in (_MDY, _DMY):
        match = pattern.match(text)
        if match:
            return _make(match["year"], _MONTHS[match["month"][:3].lower()], match["day"])
    return None


def _from_juche(text: str) -> dt.date | None:
    dotted = _JUCHE_DOTTED.search(text)
    if dotted:
        return _make(int(dotted["juche"]) + JUCHE_OFFSET, dotted["month"], dotted["day"])

    match = _JUCHE.search(text)
    if not match:
        return None
    # The Gregorian year in brackets is what the writer meant; the Juche number is the
    # fallback when it is missing.
    year = int(match["year"]) if match["year"] else int(match["juche"]) + JUCHE_OFFSET
    rest = f"{text[: match.start()]} {text[match.end() :]}"
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        found = pattern.search(rest)
        if found:
            return _make(year, _MONTHS[found["month"][:3].lower()], found["day"])
    return None
