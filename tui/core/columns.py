"""A fast path that reads a part of a JSON Lines file column by column (pyarrow's JSON parser).

The general reader (readers.iter_jsonl_part) builds each article with Python code per field,
which costs more than tagging it. Wire copy is regular, though: every line an object whose
text fields are strings and whose body is there. This reader handles exactly that case and
returns None for anything else (a bad line, a number where text was expected, a blank line,
a missing body, bytes that are not UTF-8, escaped surrogates...), which the general reader
then reads; for the files both can read they give the same articles and problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from tui.core.dates import parse_date
from tui.core.models import Problem
from tui.core.readers import (
    DEFAULT_FIELDS,
    MAX_BODY_CHARS,
    MAX_LINE_BYTES,
    FieldMap,
    FieldName,
    clean_body,
    clean_title,
    content_id,
    display_path,
    shown,
)

_ROLES: tuple[FieldName, ...] = ("id", "title", "body", "date", "topic")


@dataclass
class Columns:
    """The articles of a part, one list per field, in line order."""

    ids: list[str]
    titles: list[str]
    bodies: list[str]
    dates: np.ndarray
    """datetime64[s], NaT where undated."""
    lines: list[int]
    topics: list[str]
    source: str

    def __len__(self) -> int:
        return len(self.bodies)


def read_part_columns(
    data: bytes, path: str | Path, first_line: int, fields: FieldMap | None = None
) -> tuple[Columns, list[Problem]] | None:
    """The part's articles and problems, or None when the part needs the general reader."""
    fields = fields or DEFAULT_FIELDS
    lines = _regular_lines(data, first_line)
    if lines is None:
        return None
    names = {name for role in _ROLES for name in fields.candidates(role)}
    schema = pa.schema([(name, pa.string()) for name in sorted(names)])
    try:
        table = pj.read_json(
            io.BytesIO(data),
            parse_options=pj.ParseOptions(
                explicit_schema=schema, unexpected_field_behavior="infer"
            ),
        )
        if any(name != name.strip().lower() for name in table.column_names):
            return None  # the general reader matches field names whatever their case
        if table.num_rows != lines:
            return None  # two objects on one line, which the general reader reports
        # Fields no line has (most of the candidate names) are skipped, not scanned row by row.
        present = {
            name: table.column(name).combine_chunks()
            for name in sorted(names)
            if table.column(name).null_count < table.num_rows
        }
        values: dict[str, list[str | None]] = {
            name: column.to_pylist() for name, column in present.items()
        }
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None

    def first_present(role: FieldName) -> list[str | None]:
        """Per row, the first of the role's fields that holds more than spacing."""
        chosen: list[str | None] | None = None
        for name in fields.candidates(role):
            if name not in values:
                continue
            has = _has_text(present[name], values[name])
            if chosen is None:
                if has.all():
                    return values[name]
                chosen = [None] * table.num_rows
            for row in np.flatnonzero(has).tolist():
                if chosen[row] is None:
                    chosen[row] = values[name][row]
        return chosen if chosen is not None else [None] * table.num_rows

    raw_bodies = first_present("body")
    if any(body is None or len(body) > MAX_BODY_CHARS for body in raw_bodies):
        return None  # the general reader words the problem
    # Without a carriage return in the part, cleaning a body is stripping it.
    present_bodies = cast(list[str], raw_bodies)
    if any("\r" in body for body in present_bodies):
        bodies = [clean_body(body) for body in present_bodies]
    else:
        bodies = [body.strip() for body in present_bodies]
    titles = _clean_titles(first_present("title"))
    # A corpus files its stories under a handful of topics: each is cleaned once.
    cleaned: dict[str, str] = {}
    topics = [
        cleaned[topic] if topic in cleaned else cleaned.setdefault(topic, clean_title(topic))
        for topic in (t or "" for t in first_present("topic"))
    ]
    ids = [
        raw.strip() if raw else content_id(title, body)
        for raw, title, body in zip(first_present("id"), titles, bodies, strict=True)
    ]
    source = display_path(Path(path))
    dates, problems = _dates(fields, values, table.num_rows, source, first_line)
    line_numbers = list(range(first_line, first_line + table.num_rows))
    return Columns(ids, titles, bodies, dates, line_numbers, topics, source), problems


def _has_text(column: pa.Array, values: list[str | None]) -> np.ndarray:
    """Per row, whether the value is there and holds more than spacing (as str.strip sees it).

    A value that begins with a printable ASCII character surely does; only the others (empty,
    or opening with spacing or a non-ASCII character) are asked in Python.
    """
    has = np.zeros(len(column), dtype=bool)
    data_buffer = column.buffers()[2]
    if data_buffer is not None and data_buffer.size:
        offsets = np.frombuffer(
            column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=column.offset * 4
        )
        data = np.frombuffer(data_buffer, dtype=np.uint8)
        first = data[np.minimum(offsets[:-1], len(data) - 1)]
        has = (offsets[1:] > offsets[:-1]) & (first > 32) & (first < 127)
        if column.null_count:
            has &= np.asarray(column.is_valid())
    for row in np.flatnonzero(~has).tolist():
        value = values[row]
        has[row] = value is not None and bool(value.strip())
    return has


_ODD_SPACING = r"^ | $|  |[\t\n\x0b\x0c\r\x1c-\x1f]"


def _clean_titles(raw: list[str | None]) -> list[str]:
    """clean_title of each title ("" for none), asked in Python only of the titles it would
    change or that are not ASCII."""
    column = pa.array(raw, type=pa.string())
    odd = pc.or_kleene(
        pc.invert(pc.string_is_ascii(column)), pc.match_substring_regex(column, _ODD_SPACING)
    ).fill_null(True)
    # A missing title (None) counts as odd, so none is left once the odd ones are cleaned.
    titles = cast(list[str], list(raw))
    for row in np.flatnonzero(np.asarray(odd)).tolist():
        title = raw[row]
        titles[row] = clean_title(title) if title else ""
    return titles


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD]")


def _regular_lines(data: bytes, first_line: int) -> int | None:
    """The number of lines if every line is one object of UTF-8 text the column reader can
    take as it is, else None."""
    if not data or (first_line == 1 and data.startswith(b"\xef\xbb\xbf")):
        return None
    # Lone surrogates must be reported; pyarrow would refuse or replace them.
    if _SURROGATE_ESCAPE.search(data):
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")  # bytes that are not UTF-8 are reported where they are
        except UnicodeDecodeError:
            return None
    # Every line must open an object: blank lines, arrays and scalars are the general
    # reader's to skip or report.
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(codes == 10)
    lines = len(breaks) + (0 if data.endswith(b"\n") else 1)
    opening = breaks[breaks < len(codes) - 1] + 1
    if codes[0] != 123 or not bool((codes[opening] == 123).all()):  # {
        return None
    if len(data) < MAX_LINE_BYTES:
        return lines
    ends = np.concatenate([[-1], breaks, [len(codes)]])
    return lines if int(np.diff(ends).max()) <= MAX_LINE_BYTES else None


def as_days(dates: list[dt.date | None]) -> np.ndarray:
    """Dates as datetime64[s] (NaT for None), the article table's date column."""
    days = np.full(len(dates), np.datetime64("NaT"), dtype="datetime64[s]")
    for row, date in enumerate(dates):
        if date is not None:
            days[row] = np.datetime64(date, "s")
    return days


_BLANK = np.iinfo(np.int64).min
_NOT_A_DATE = _BLANK + 1
_EPOCH = dt.date(1970, 1, 1).toordinal()


@functools.lru_cache(maxsize=16384)
def _seconds(value: str) -> int:
    """A date field's value as seconds since 1970 (its day's start), or _BLANK, or _NOT_A_DATE."""
    if not value.strip():
        return _BLANK
    date = parse_date(value)
    return _NOT_A_DATE if date is None else (date.toordinal() - _EPOCH) * 86_400


def _dates(
    fields: FieldMap,
    values: dict[str, list[str | None]],
    rows: int,
    source: str,
    first_line: int,
) -> tuple[np.ndarray, list[Problem]]:
    """Each article's date (the first date field that reads as one; NaT for none) and the
    undated ones' warnings, worded as the general reader words them."""
    days = np.full(rows, np.datetime64("NaT"), dtype="datetime64[s]")
    dated = np.zeros(rows, dtype=bool)
    unparsed: dict[int, tuple[str, str]] = {}
    names = fields.candidates("date")
    for name in names:
        column = values.get(name)
        if column is None:
            continue
        # A part repeats a few hundred date strings: each distinct one is looked up once.
        codes, distinct = pd.factorize(np.asarray(column, dtype=object))
        # Code -1 (no value) takes the last entry: neither a date nor a failure.
        seconds = np.array([*map(_seconds, distinct.tolist()), _BLANK], dtype=np.int64)
        readable = seconds > _NOT_A_DATE
        blank = seconds == _BLANK
        take = ~dated & readable[codes]
        days[take] = seconds[codes[take]].astype("datetime64[s]")
        for row in np.flatnonzero(~dated & ~readable[codes] & ~blank[codes]).tolist():
            value = column[row]
            assert value is not None
            unparsed.setdefault(row, (name, value))
        dated |= take
    problems = []
    for row in np.flatnonzero(~dated).tolist():
        failed = unparsed.get(row)
        if failed is None:
            reason = "undated: no date field (" + ", ".join(names) + ")"
        else:
            reason = f"undated: cannot read date {shown(failed[1])} in field {failed[0]!r}"
        problems.append(
            Problem(source=source, line=first_line + row, reason=reason, severity="warning")
        )
    return days, problems
