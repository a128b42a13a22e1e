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
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
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
    dates: list[dt.date | None]
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
        values = {
            name: table.column(name).to_pylist()
            for name in sorted(names)
            if table.column(name).null_count < table.num_rows
        }
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None

    def first_present(role: FieldName) -> list[str | None]:
        chosen: list[str | None] = [None] * table.num_rows
        for name in fields.candidates(role):
            for row, value in enumerate(values.get(name, ())):
                if chosen[row] is None and value is not None and value.strip():
                    chosen[row] = value
        return chosen

    raw_bodies = first_present("body")
    if any(body is None or len(body) > MAX_BODY_CHARS for body in raw_bodies):
        return None  # the general reader words the problem
    bodies = [clean_body(body) for body in raw_bodies if body is not None]
    titles = [clean_title(title) if title else "" for title in first_present("title")]
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


def _regular_lines(data: bytes, first_line: int) -> int | None:
    """The number of lines if every line is one object of UTF-8 text the column reader can
    take as it is, else None."""
    if not data or (first_line == 1 and data.startswith(b"\xef\xbb\xbf")):
        return None
    # Lone surrogates must be reported; pyarrow would refuse or replace them.
    if b"\\ud" in data or b"\\uD" in data:
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")  # bytes that are not UTF-8 are reported where they are
        except UnicodeDecodeError:
            return None
    # Every line must open an object: blank lines, arrays and scalars are the general
    # reader's to skip or report.
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if not data.startswith(b"{") or data.count(b"\n{") != lines - 1:
        return None
    if len(data) < MAX_LINE_BYTES:
        return lines
    codes = np.frombuffer(data, dtype=np.uint8)
    ends = np.concatenate([[-1], np.flatnonzero(codes == 10), [len(codes)]])
    return lines if int(np.diff(ends).max()) <= MAX_LINE_BYTES else None


def _dates(
    fields: FieldMap,
    values: dict[str, list[str | None]],
    rows: int,
    source: str,
    first_line: int,
) -> tuple[list[dt.date | None], list[Problem]]:
    """Each article's date (the first date field that reads as one) and the undated ones'
    warnings, worded as the general reader words them."""
    dates: list[dt.date | None] = [None] * rows
    unparsed: list[tuple[str, str] | None] = [None] * rows
    names = fields.candidates("date")
    for name in names:
        for row, value in enumerate(values.get(name, ())):
            if dates[row] is not None or value is None or not value.strip():
                continue
            dates[row] = parse_date(value)
            if dates[row] is None and unparsed[row] is None:
                unparsed[row] = (name, value)
    problems = []
    for row, date in enumerate(dates):
        if date is not None:
            continue
        failed = unparsed[row]
        if failed is None:
            reason = "undated: no date field (" + ", ".join(names) + ")"
        else:
            reason = f"undated: cannot read date {shown(failed[1])} in field {failed[0]!r}"
        problems.append(
            Problem(source=source, line=first_line + row, reason=reason, severity="warning")
        )
    return dates, problems
