"""CSV files, rows of quoted fields over several lines included."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from tui.core.models import Article, Problem
from tui.core.readers import limits
from tui.core.readers.fields import FieldMap
from tui.core.readers.lines import _BOM, _Decoder, _LineReader
from tui.core.readers.records import _record


def _read_csv(
    stream: io.BufferedIOBase, source: str, fields: FieldMap, decoder: _Decoder
) -> Iterator[Article | Problem]:
    # A row is never longer than limits.MAX_LINE_BYTES (longer ones are skipped unread, see
    # _CsvRecords), so neither is a field.
    csv.field_size_limit(limits.MAX_LINE_BYTES)
    lines = _LineReader(stream, limits.MAX_LINE_BYTES, decoder, cr=True)
    first = lines.line()
    if first is None:
        yield Problem(source=source, reason="empty file")
        return
    number, data = first
    if data is None:
        yield Problem(
            source=source,
            line=number,
            reason=f"giant record: header line of {lines.skipped_size:,} bytes "
            f"(limit {limits.MAX_LINE_BYTES:,}): file skipped",
        )
        return
    head = decoder.decode(data, number)
    if not head.strip():
        # A blank first line means no header row either.
        lines.skip_blank()
        if lines.line() is None:
            yield Problem(source=source, reason="empty file")
        else:
            yield Problem(source=source, line=1, reason="no header row: the first line is blank")
        return
    # Spreadsheets in some locales export with semicolons or tabs; the header tells.
    delimiter = max(",\t;", key=head.count) if head.count(",") == 0 else ","
    # The header is decoded again with its record: without the BOM, which only the first
    # decoding strips.
    records = _CsvRecords(lines, decoder, delimiter, (number, data.removeprefix(_BOM)))
    header_record = next(records)
    if header_record.texts is None:
        yield Problem(
            source=source,
            line=1,
            reason=f"giant record: header row of {header_record.size:,} bytes "
            f"(limit {limits.MAX_LINE_BYTES:,}): file skipped",
        )
        return
    if not header_record.closed:
        yield Problem(
            source=source, line=1, reason="malformed CSV header: a quoted field is never closed"
        )
        return
    try:
        header = [
            name.strip() for name in next(csv.reader(header_record.texts, delimiter=delimiter))
        ]
    except (csv.Error, StopIteration) as exc:
        yield Problem(source=source, line=1, reason=f"malformed CSV header: {exc}")
        return
    rows = yield from _rows(records, header, delimiter, source, fields)
    if not rows:
        yield Problem(source=source, reason="no records: the file holds a header row only")


def _rows(
    records: _CsvRecords, header: list[str], delimiter: str, source: str, fields: FieldMap
) -> Generator[Article | Problem, None, int]:
    """The articles of the records after the header; returns how many records there were
    other than blank ones, read or reported."""
    rows = 0  # records other than blank ones, read or reported
    for record in records:
        start = record.start
        rows += record.texts is None or not record.closed
        if record.texts is None:
            if record.closed:
                reason = f"giant record: row of {record.size:,} bytes (limit {limits.MAX_LINE_BYTES:,}) skipped"
            else:
                reason = (
                    f"giant record: a quoted field is never closed and the {record.size:,} "
                    f"bytes after it (limit {limits.MAX_LINE_BYTES:,}) were skipped"
                )
            yield Problem(source=source, line=start, reason=reason)
            continue
        if not record.closed:
            # A quote never closed swallows every line to the end of the file into one field:
            # report the row and read the lines after its first one again as rows.
            reason = "malformed CSV: a quoted field is never closed: row skipped"
            if record.end > start:
                reason += f", lines {start + 1}-{record.end} read again as rows"
            yield Problem(source=source, line=start, reason=reason)
            records.again(record.lines[1:])
            continue
        try:
            parsed = list(csv.reader(record.texts, delimiter=delimiter))
        except csv.Error as exc:
            rows += 1
            yield Problem(source=source, line=start, reason=f"malformed CSV: {exc}")
            continue
        for row in parsed:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if len(row) > len(header):
                yield Problem(
                    source=source,
                    line=start,
                    reason=f"{len(row)} fields but the header has {len(header)}",
                )
                continue
            yield from _record(dict(zip(header, row, strict=False)), source, start, fields)
    return rows


@dataclass
class _CsvRecord:
    """The lines of one CSV record (a row, with the lines its quoted fields span)."""

    start: int
    end: int
    lines: list[tuple[int, bytes]]
    texts: list[str] | None
    """Decoded; None for a record over the size limit, which is not held."""
    closed: bool
    """False when the file ends inside a quoted field."""
    size: int


class _CsvRecords:
    """A CSV file cut into records before the csv module parses them, so a record over the
    size limit (a giant cell, a quote never closed) is read through and skipped without
    being held, and a record the csv module refuses costs that record only.

    Where a record ends follows the csv module's own (lenient) rules: a quote opens a
    quoted field only at the start of a field, a doubled quote inside one is a quote, and a
    line end outside a quoted field ends the record.
    """

    def __init__(
        self,
        lines: _LineReader,
        decoder: _Decoder,
        delimiter: str,
        first: tuple[int, bytes | None],
    ) -> None:
        self._lines = lines
        self._decoder = decoder
        self._quotes = _Quotes(delimiter)
        self._again: list[tuple[int, bytes | None]] = [first]

    def again(self, lines: list[tuple[int, bytes]]) -> None:
        """Read these lines again, before the rest of the file."""
        self._again[:0] = lines

    def _take(self, at_start: bool) -> tuple[int, bytes | None] | None:
        if self._again:
            return self._again.pop(0)
        if at_start:
            self._lines.skip_blank()
        return self._lines.line(self._quotes.feed)

    def __iter__(self) -> _CsvRecords:
        return self

    def __next__(self) -> _CsvRecord:
        quotes = self._quotes
        quotes.reset()
        found = self._take(at_start=True)
        if found is None:
            raise StopIteration
        start = found[0]
        kept: list[tuple[int, bytes]] | None = []
        size = 0
        closed = True
        while True:
            number, data = found
            if data is None:  # a line over the limit, read through (and its quotes followed)
                size += self._lines.skipped_size
                kept = None
            else:
                quotes.feed(data)
                size += len(data)
                if kept is not None:
                    kept.append((number, data))
            if kept is not None and size > limits.MAX_LINE_BYTES:
                kept = None
            if not quotes.quoted:
                break
            found = self._take(at_start=False)
            if found is None:
                closed = quotes.finish()
                break
        texts = None
        if kept is not None:
            texts = [self._decoder.decode(data, number) for number, data in kept]
        return _CsvRecord(start, number, kept or [], texts, closed, size)


class _Quotes:
    """Whether CSV bytes fed to it end inside a quoted field (the csv module's rules)."""

    def __init__(self, delimiter: str) -> None:
        self._delimiter = delimiter.encode()
        self._opening = re.compile(rb"(?<=" + re.escape(self._delimiter) + rb')"')
        self.reset()

    def reset(self) -> None:
        self.quoted = False
        self._field_start = True
        self._quote_last = False  # the last byte fed was a quote inside a quoted field

    def finish(self) -> bool:
        """At the end of the file: True when no quoted field is left open."""
        if self._quote_last:
            self.quoted = self._quote_last = False
        return not self.quoted

    def feed(self, data: bytes) -> None:
        position, size = 0, len(data)
        if self._quote_last and size:
            self._quote_last = False
            if data[0] == 0x22:
                position = 1  # a doubled quote: still inside the field
            else:
                self.quoted, self._field_start = False, False
        while position < size:
            if self.quoted:
                end = data.find(b'"', position)
                while end >= 0 and end + 1 < size and data[end + 1] == 0x22:
                    end = data.find(b'"', end + 2)
                if end < 0:
                    return
                if end + 1 == size:
                    self._quote_last = True  # closing, or the first of a doubled quote
                    return
                self.quoted, self._field_start = False, False
                position = end + 1
                continue
            if self._field_start and data[position] == 0x22:
                self.quoted, self._field_start = True, False
                position += 1
                continue
            opening = self._opening.search(data, position)
            if opening is None:
                tail = data[-1:]
                self._field_start = tail in (b"\n", b"\r") or tail == self._delimiter
                return
            self.quoted, self._field_start = True, False
            position = opening.end()
