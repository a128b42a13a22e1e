"""The ends of a date range as a person types them: a year, a month or a day."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tui.core.dates import MAX_YEAR, MIN_YEAR, parse_date

_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")


def parse_bound(text: str, *, end: bool) -> dt.date | None:
    """The day ``text`` names as the first (``end`` False) or last (``end`` True) day of a
    range: ``2024`` is 1 January or 31 December 2024, ``2024-08`` the 1st or the 31st of
    August; a full date is itself. None when ``text`` is no date."""
    value = text.strip()
    if match := _YEAR.fullmatch(value):
        year = int(match[1])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            return None
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, last if end else 1)
    return parse_date(value)
