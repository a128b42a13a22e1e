"""Reading corpus files into `Article`s, and everything that goes wrong into `Problem`s.

Formats: the seed text format (.txt, one article per file), JSON Lines (.jsonl/.ndjson),
JSON (.json: an array of records, or an object wrapping one), CSV (.csv), each optionally
gzipped (.gz). Reading never raises on bad input: a bad record or file becomes a `Problem`
and reading goes on, so one broken line cannot hide a whole corpus.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tui.core.dates import parse_date
from tui.core.models import Article, Problem

__all__ = [
    "BODY_FIELDS",
    "DATE_FIELDS",
    "ID_FIELDS",
    "MAX_BODY_CHARS",
    "SUFFIXES",
    "TITLE_FIELDS",
    "TOPIC_FIELDS",
    "FieldMap",
    "ReadResult",
    "display_path",
    "iter_articles",
    "iter_corpus_files",
    "read_corpus",
    "read_file",
]

SUFFIXES: tuple[str, ...] = (".txt", ".jsonl", ".ndjson", ".json", ".csv")
"""Known corpus suffixes; each may also carry a trailing `.gz`."""

TITLE_FIELDS: tuple[str, ...] = ("title", "headline")
BODY_FIELDS: tuple[str, ...] = ("body", "text", "story", "story_text", "content")
DATE_FIELDS: tuple[str, ...] = ("date", "date_str", "published", "pubdate")
ID_FIELDS: tuple[str, ...] = ("id", "url", "link")
TOPIC_FIELDS: tuple[str, ...] = ("topic", "category")

MAX_BODY_CHARS = 5 * 1024 * 1024
"""Bodies longer than this are not news stories but dumps or glued files: skipped."""

# JSON escaping can make a line up to six times longer than the text it holds (\uXXXX),
# so a line over this cannot hold an acceptable body; it is skipped without being decoded,
# which keeps memory bounded on a runaway line.
MAX_LINE_BYTES = 6 * MAX_BODY_CHARS + 64 * 1024

_SNIFF_BYTES = 8 * 1024
_BOM = b"\xef\xbb\xbf"
_MAX_TXT_TITLE = 200
_MAX_SHOWN = 60

# Keys under which JSON exports commonly wrap their list of records.
_WRAPPER_KEYS: tuple[str, ...] = (
    "articles",
    "items",
    "data",
    "records",
    "stories",
    "results",
    "entries",
    "documents",
    "docs",
)

# JSON can spell lone UTF-16 surrogates ("\\ud800"), and a file name with bytes that are not
# UTF-8 decodes to them; no UTF-8 encoder (parquet, CSV, the terminal) accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")
_SEED_HEADER = re.compile(r"(?:date:?\s+)?(\d{4}-\d{1,2}-\d{1,2})(?:\s+(.*))?", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")

FieldName = Literal["id", "title", "body", "date", "topic"]
_FIELD_NAMES: tuple[FieldName, ...] = ("id", "title", "body", "date", "topic")
_DEFAULTS: dict[FieldName, tuple[str, ...]] = {
    "id": ID_FIELDS,
    "title": TITLE_FIELDS,
    "body": BODY_FIELDS,
    "date": DATE_FIELDS,
    "topic": TOPIC_FIELDS,
}


class FieldMap(BaseModel):
    """Explicit record field names, overriding the default candidates (None: use defaults)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = None
    title: str | None = None
    body: str | None = None
    date: str | None = None
    topic: str | None = None

    @classmethod
    def parse(cls, specs: Sequence[str]) -> FieldMap:
        """Build a map from CLI specs such as ``["body=story_text", "title=headline"]``."""
        known = ", ".join(_FIELD_NAMES)
        values: dict[str, str] = {}
        for spec in specs:
            key, sep, name = spec.partition("=")
            key, name = key.strip().lower(), name.strip()
            if not sep or not key or not name:
                raise ValueError(f"bad field spec {spec!r}: expected KEY=FIELD, e.g. body=text")
            if key not in _FIELD_NAMES:
                raise ValueError(f"unknown field {key!r} in {spec!r}: expected one of {known}")
            if key in values:
                raise ValueError(f"field {key!r} given twice ({values[key]!r} and {name!r})")
            values[key] = name
        return cls.model_validate(values)

    def candidates(self, key: FieldName) -> tuple[str, ...]:
        """Lower-cased record keys to try for `key`, in order."""
        return _candidates(self, key)


@functools.lru_cache(maxsize=256)
def _candidates(fields: FieldMap, key: FieldName) -> tuple[str, ...]:
    # Asked five times per record: worked out once per field map.
    explicit: str | None = getattr(fields, key)
    names = (explicit,) if explicit else _DEFAULTS[key]
    return tuple(name.lower() for name in names)


DEFAULT_FIELDS = FieldMap()


@dataclass
class ReadResult:
    """Everything read from a corpus: its articles, its problems and the files it came from."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


# ---------------------------------------------------------------------------- files


def _split_suffix(path: Path) -> tuple[str | None, bool]:
    """The corpus suffix of `path` (".jsonl"...) or None, and whether it is gzipped."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[: -len(".gz")]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix, gz
    return None, gz


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as text any UTF-8 writer accepts (parquet, CSV, the terminal): the bytes of
    a file name that are not UTF-8, which Python holds as surrogate escapes, become \\xNN."""
    text = os.fspath(path)
    if text.isascii() or not _SURROGATES.search(text):
        return text
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)


def _real(path: Path | str) -> str:
    # os.path.realpath, unlike Path.resolve, does not raise on a symlink loop.
    return os.path.realpath(path)


def iter_corpus_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The corpus files named by `paths` (files, or folders searched recursively).

    Folders are walked in sorted order, skipping hidden entries, files of unknown type and
    symlinks back into folders already visited. A file reached twice is listed once.
    A missing path, or an explicitly named file of unknown type, is a `Problem`.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen_files: set[str] = set()

    def add(path: Path) -> None:
        real = _real(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, add, problems)
        elif path.is_file():
            if _split_suffix(path)[0] is None:
                problems.append(
                    Problem(
                        source=display_path(path),
                        reason="unknown file type: expected "
                        + ", ".join(SUFFIXES)
                        + " (optionally .gz)",
                    )
                )
            else:
                add(path)
        elif path.is_symlink():
            problems.append(
                Problem(source=display_path(path), reason="broken symlink or symlink loop")
            )
        else:
            problems.append(Problem(source=display_path(path), reason="no such file or folder"))
    return files, problems


def _walk(root: Path, add: Callable[[Path], None], problems: list[Problem]) -> None:
    visited: set[str] = {_real(root)}
    # A stack of folder listings rather than recursion, so deep trees cannot hit the
    # recursion limit. Each listing is in name order and a subfolder is read where it sorts,
    # so files come out in the sorted order of their paths.
    stack: list[Iterator[os.DirEntry[str]]] = []

    def push(folder: Path) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            reason = f"cannot list folder: {exc.strerror or exc}"
            problems.append(Problem(source=display_path(folder), reason=reason))
            return
        stack.append(iter(entries))

    push(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            # A symlink pointing at itself: stat fails with ELOOP.
            reason = f"cannot read: {exc.strerror or exc}"
            problems.append(Problem(source=display_path(path), reason=reason, severity="warning"))
            continue
        if is_dir:
            real = _real(path)
            if real not in visited:
                visited.add(real)
                push(path)
        elif is_file:
            if _split_suffix(path)[0] is not None:
                add(path)
        elif entry.is_symlink() and _split_suffix(path)[0] is not None:
            problems.append(
                Problem(source=display_path(path), reason="broken symlink", severity="warning")
            )


# --------------------------------------------------------------------------- decoding


class _Decoder:
    """UTF-8 decoding for one file that remembers where bytes first had to be replaced."""

    def __init__(self) -> None:
        self.first_bad_line: int | None = None
        self._at_start = True

    def decode(self, data: bytes, line: int) -> str:
        if self._at_start:
            self._at_start = False
            if data.startswith(_BOM):
                data = data[len(_BOM) :]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.first_bad_line is None:
                self.first_bad_line = line + data[: exc.start].count(b"\n")
            return data.decode("utf-8", errors="replace")


def _lines(
    stream: io.BufferedIOBase, decoder: _Decoder, limit: int, first: int = 1
) -> Iterator[str | None]:
    """The file's lines with their ends, decoded; None stands for a line over `limit` bytes.

    Splitting the bytes on b"\\n" before decoding is safe: in UTF-8 that byte never occurs
    inside a multi-byte character.
    """
    number = first - 1
    while True:
        chunk = stream.readline(limit)
        if not chunk:
            return
        number += 1
        if limit > 0 and len(chunk) >= limit and not chunk.endswith(b"\n"):
            while True:
                rest = stream.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield decoder.decode(chunk, number)


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


# ---------------------------------------------------------------------------- records


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _record(
    record: Mapping[str, object], source: str, line: int, fields: FieldMap
) -> Iterator[Article | Problem]:
    """One record (a JSON object or a CSV row) as an Article, with any problems first."""
    values: dict[str, object] = {}
    for key, value in record.items():
        values.setdefault(str(key).strip().lower(), value)

    body_names = fields.candidates("body")
    body_key = next((name for name in body_names if _present(values.get(name))), None)
    if body_key is None:
        given = next((name for name in body_names if name in values), None)
        if given is None:
            reason = "no body: none of the fields " + ", ".join(body_names)
        else:
            reason = f"empty body: field {given!r} is {_kind(values[given])}"
            if isinstance(values[given], str):
                reason = f"empty body: field {given!r} is empty"
        yield Problem(source=source, line=line, reason=reason)
        return
    raw_body = values[body_key]
    if not isinstance(raw_body, str):
        yield Problem(
            source=source,
            line=line,
            reason=f"body field {body_key!r} holds {_kind(raw_body)}, not text",
        )
        return
    if len(raw_body) > MAX_BODY_CHARS:
        yield Problem(
            source=source,
            line=line,
            reason=f"giant record: body of {len(raw_body):,} characters "
            f"(limit {MAX_BODY_CHARS:,}) skipped",
        )
        return
    body = clean_body(raw_body)
    scrubbed = _scrub(body)

    title = ""
    for name in fields.candidates("title"):
        value = values.get(name)
        if _present(value) and isinstance(value, str | int | float) and not isinstance(value, bool):
            title = clean_title(str(value))
            break
    if _scrub(title) != title or scrubbed != body:
        yield Problem(
            source=source,
            line=line,
            reason="lone surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD",
            severity="warning",
        )
        body, title = scrubbed, _scrub(title)

    topic = ""
    for name in fields.candidates("topic"):
        value = values.get(name)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ", ".join(item.strip() for item in value if item.strip())
        if _present(value) and isinstance(value, str):
            topic = _scrub(clean_title(value))
            break

    record_id = ""
    for name in fields.candidates("id"):
        value = values.get(name)
        if _present(value) and isinstance(value, str | int) and not isinstance(value, bool):
            record_id = _scrub(str(value).strip())
            break
    if not record_id:
        record_id = content_id(title, body)

    date = None
    unparsed: tuple[str, object] | None = None
    for name in fields.candidates("date"):
        value = values.get(name)
        if not _present(value):
            continue
        date = parse_date(value)
        if date is not None:
            break
        if unparsed is None:
            unparsed = (name, value)
    if date is None:
        if unparsed is None:
            reason = "undated: no date field (" + ", ".join(fields.candidates("date")) + ")"
        else:
            reason = f"undated: cannot read date {shown(unparsed[1])} in field {unparsed[0]!r}"
        yield Problem(source=source, line=line, reason=reason, severity="warning")

    yield Article(
        id=record_id,
        title=title,
        body=body,
        date=date,
        source=source,
        line=line,
        topic=topic,
    )


def content_id(title: str, body: str) -> str:
    return hashlib.sha1(f"{title}\n{body}".encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------- formats


def _read_jsonl(
    stream: io.BufferedIOBase,
    source: str,
    fields: FieldMap,
    decoder: _Decoder,
    first_line: int = 1,
    whole: bool = True,
) -> Iterator[Article | Problem]:
    any_record = not whole  # a part of a file is not "an empty file"
    for number, text in enumerate(
        _lines(stream, decoder, MAX_LINE_BYTES, first_line), start=first_line
    ):
        if text is None:
            any_record = True
            yield Problem(
                source=source,
                line=number,
                reason=f"giant record: line over {MAX_LINE_BYTES:,} bytes skipped",
            )
            continue
        if not text.strip():
            continue
        any_record = True
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"not valid JSON: {exc.msg} (column {exc.colno})"
            # Only the last line can lack its newline: a file cut off mid-write.
            if not text.endswith("\n"):
                reason = f"not valid JSON (truncated last line?): {exc.msg} (column {exc.colno})"
            yield Problem(source=source, line=number, reason=reason)
            continue
        except (ValueError, RecursionError) as exc:
            yield Problem(source=source, line=number, reason=f"not valid JSON: {exc}")
            continue
        if not isinstance(value, dict):
            yield Problem(
                source=source, line=number, reason=f"not a JSON object but {_kind(value)}"
            )
            continue
        yield from _record(value, source, number, fields)
    if not any_record:
        yield Problem(source=source, reason="empty file")


def _read_json(
    stream: io.BufferedIOBase, source: str, fields: FieldMap, decoder: _Decoder
) -> Iterator[Article | Problem]:
    text = decoder.decode(stream.read(), 1)
    if not text.strip():
        yield Problem(source=source, reason="empty file")
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(
            source=source,
            line=exc.lineno,
            reason=f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        )
        return
    except (ValueError, RecursionError) as exc:
        yield Problem(source=source, reason=f"not valid JSON: {exc}")
        return
    records = _records_of(document, fields)
    if records is None:
        yield Problem(
            source=source,
            reason="no records: expected an array of objects, or an object holding one "
            "(under " + ", ".join(repr(key) for key in _WRAPPER_KEYS[:4]) + "...)",
        )
        return
    if not records:
        yield Problem(source=source, reason="no records: the list is empty")
        return
    for number, record in enumerate(records, start=1):
        if isinstance(record, dict):
            yield from _record(record, source, number, fields)
        else:
            yield Problem(
                source=source, line=number, reason=f"record is not an object but {_kind(record)}"
            )


def _records_of(document: object, fields: FieldMap) -> list[object] | None:
    """The list of records a JSON document holds, or None when it holds none."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    by_key = {str(key).lower(): value for key, value in document.items()}
    for key in _WRAPPER_KEYS:
        value = by_key.get(key)
        if isinstance(value, list):
            return value
    lists = [value for value in by_key.values() if isinstance(value, list)]
    object_lists = [value for value in lists if value and isinstance(value[0], dict)]
    if len(object_lists) == 1:
        return object_lists[0]
    # A single article saved on its own.
    if any(name in by_key for name in fields.candidates("body")):
        return [document]
    return None


def _read_csv(
    stream: io.BufferedIOBase, source: str, fields: FieldMap, decoder: _Decoder
) -> Iterator[Article | Problem]:
    # One quoted body can exceed csv's default 128 KiB field limit; giant bodies are still
    # caught by the record size check.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = _csv_lines(stream, decoder)
    first = next(lines, None)
    if first is None or not first.strip():
        # A blank first line means no header row either.
        if first is None or all(not line.strip() for line in lines):
            yield Problem(source=source, reason="empty file")
            return
        yield Problem(source=source, line=1, reason="no header row: the first line is blank")
        return
    # Spreadsheets in some locales export with semicolons or tabs; the header tells.
    delimiter = max(",\t;", key=first.count) if first.count(",") == 0 else ","
    tape = _Tape(itertools.chain([first], lines))
    reader = csv.reader(tape, delimiter=delimiter)
    # Line numbers are those of the reader plus `offset`, the lines read before it started
    # (a reader is restarted after an unterminated quote).
    offset = 0
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        yield Problem(source=source, line=1, reason=f"malformed CSV header: {exc}")
        return
    if tape.exhausted and _open_quote(tape.row, delimiter):
        yield Problem(
            source=source, line=1, reason="malformed CSV header: a quoted field is never closed"
        )
        return
    while True:
        start = offset + reader.line_num + 1
        tape.row.clear()
        try:
            row = next(reader, None)
        except csv.Error as exc:
            # The reader resets itself after an error: the rows after this one are still read.
            yield Problem(source=source, line=start, reason=f"malformed CSV: {exc}")
            if not tape.row:
                break
            continue
        if row is None:
            break
        if tape.exhausted and _open_quote(tape.row, delimiter):
            # A quote never closed swallows every line to the end of the file into one field:
            # report the row and read the lines after its first one again as rows.
            last = start + len(tape.row) - 1
            reason = "malformed CSV: a quoted field is never closed: row skipped"
            if last > start:
                reason += f", lines {start + 1}-{last} read again as rows"
            yield Problem(source=source, line=start, reason=reason)
            tape.rewind(tape.row[1:])
            offset = start
            reader = csv.reader(tape, delimiter=delimiter)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield Problem(
                source=source,
                line=start,
                reason=f"{len(row)} fields but the header has {len(header)}",
            )
            continue
        yield from _record(dict(zip(header, row, strict=False)), source, start, fields)


class _Tape:
    """The lines fed to csv.reader, remembering those of the current row so they can be
    read again."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._again: list[str] = []
        self.row: list[str] = []
        self.exhausted = False

    def __iter__(self) -> _Tape:
        return self

    def __next__(self) -> str:
        if self._again:
            line = self._again.pop()
        else:
            found = next(self._lines, None)
            if found is None:
                self.exhausted = True
                raise StopIteration
            line = found
        self.row.append(line)
        return line

    def rewind(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.exhausted = False


def _open_quote(lines: list[str], delimiter: str) -> bool:
    """Whether the text ends inside a quoted field (csv's lenient rules: a quote opens a
    field only at its start, a doubled quote inside one is a literal quote)."""
    quoted = False
    field_start = True
    text = "".join(lines)
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"':
                if text.startswith('"', index + 1):
                    index += 1
                else:
                    quoted = False
        elif char == '"' and field_start:
            quoted = True
            field_start = False
        else:
            field_start = char in (delimiter, "\n", "\r")
        index += 1
    return quoted


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _csv_lines(stream: io.BufferedIOBase, decoder: _Decoder) -> Iterator[str]:
    # No line limit: a quoted field may span lines, so a line cannot be skipped alone.
    # A lone carriage return ends a line too (old Mac files, a stray CR in a cell), as it
    # would for a file opened with newline="": csv refuses it inside an unquoted field.
    for text in _lines(stream, decoder, -1):
        if text is None:
            continue
        if "\r" in text:
            yield from (part for part in _LONE_CR.split(text) if part)
        else:
            yield text


def _read_txt(
    stream: io.BufferedIOBase, source: str, path: Path, decoder: _Decoder
) -> Iterator[Article | Problem]:
    text = decoder.decode(stream.read(), 1).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = next((index for index, line in enumerate(lines) if line.strip()), None)
    if start is None:
        yield Problem(source=source, reason="empty file")
        return
    stem = display_path(_stem(path))
    header = _SEED_HEADER.fullmatch(lines[start].strip())
    if header is None:
        yield Problem(
            source=source,
            line=start + 1,
            reason="not in seed format (first line is not 'date YYYY-MM-DD Title'): "
            "read the whole file as one undated article",
            severity="warning",
        )
        body = text.strip()
        if len(body) > MAX_BODY_CHARS:
            yield Problem(source=source, reason=f"giant record: {len(body):,} characters skipped")
            return
        title = clean_title(lines[start])[:_MAX_TXT_TITLE]
        yield Article(id=stem, title=title, body=body, source=source, line=start + 1)
        return

    rest = lines[start + 1 :]
    report_date = None
    last = next((index for index in range(len(rest) - 1, -1, -1) if rest[index].strip()), None)
    if last is not None and _is_date_line(rest[last]):
        report_date = parse_date(rest[last])
        rest = rest[:last]
    body = "\n".join(rest).strip()
    if not body:
        yield Problem(source=source, line=start + 1, reason="no body after the date line")
        return
    if len(body) > MAX_BODY_CHARS:
        yield Problem(source=source, reason=f"giant record: {len(body):,} characters skipped")
        return
    date = parse_date(header.group(1))
    if date is None:
        yield Problem(
            source=source,
            line=start + 1,
            reason=f"undated: cannot read date {header.group(1)!r}",
            severity="warning",
        )
    yield Article(
        id=stem,
        title=clean_title(header.group(2) or ""),
        body=body,
        date=date,
        report_date=report_date,
        source=source,
        line=start + 1,
    )


def _is_date_line(line: str) -> bool:
    # A bare number closing a story is more likely a figure than an epoch timestamp.
    text = line.strip()
    return not _PLAIN_NUMBER.fullmatch(text) and parse_date(text) is not None


def _stem(path: Path) -> str:
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[: -len(".gz")]
    return Path(name).stem


# ---------------------------------------------------------------------------- entry points


def _bad_bytes(decoder: _Decoder, source: str) -> Iterator[Problem]:
    """One warning for a file (or part) whose bytes were not all UTF-8."""
    if decoder.first_bad_line is not None:
        yield Problem(
            source=source,
            line=decoder.first_bad_line,
            reason="invalid UTF-8 (first at this line): bad bytes replaced with U+FFFD",
            severity="warning",
        )


def iter_jsonl_part(
    data: bytes, path: str | Path, first_line: int, fields: FieldMap | None = None
) -> Iterator[Article | Problem]:
    """The articles of a run of whole lines of a JSON Lines file (its bytes), numbered from
    ``first_line``; a large file is indexed part by part."""
    source = display_path(Path(path))
    decoder = _Decoder()
    if first_line > 1:
        decoder.decode(b"", 0)  # only a file's first line can start with a BOM
    yield from _read_jsonl(
        io.BytesIO(data),
        source,
        fields or DEFAULT_FIELDS,
        decoder,
        first_line=first_line,
        whole=False,
    )
    yield from _bad_bytes(decoder, source)


def iter_articles(path: str | Path, fields: FieldMap | None = None) -> Iterator[Article | Problem]:
    """Stream the articles of one file, and its problems, in file order.

    Line-oriented formats (JSONL, CSV) are read a line at a time; a .json or .txt file is
    read whole. Never raises on bad content or unreadable files.
    """
    path = Path(path)
    source = display_path(path)
    fields = fields or DEFAULT_FIELDS
    suffix, gz = _split_suffix(path)
    if suffix is None:
        yield Problem(source=source, reason="unknown file type")
        return
    decoder = _Decoder()
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the checks
    except OSError as exc:
        yield Problem(source=source, reason=f"cannot open: {exc.strerror or exc}")
        return
    with raw:
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw
        try:
            head = stream.read(_SNIFF_BYTES)
            if not head:
                yield Problem(source=source, reason="empty file")
                return
            if b"\x00" in head:
                yield Problem(
                    source=source, reason="binary file (NUL bytes in the first 8 KB): skipped"
                )
                return
            stream.seek(0)
            if suffix == ".txt":
                yield from _read_txt(stream, source, path, decoder)
            elif suffix == ".json":
                yield from _read_json(stream, source, fields, decoder)
            elif suffix == ".csv":
                yield from _read_csv(stream, source, fields, decoder)
            else:
                yield from _read_jsonl(stream, source, fields, decoder)
        except (OSError, EOFError, zlib.error) as exc:
            what = "corrupt or truncated gzip file" if gz else "cannot read file"
            yield Problem(source=source, reason=f"{what}: {exc}")
        finally:
            if gz:
                stream.close()
    yield from _bad_bytes(decoder, source)


def read_file(
    path: str | Path, fields: FieldMap | None = None
) -> tuple[list[Article], list[Problem]]:
    """All the articles and problems of one file."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in iter_articles(path, fields):
        if isinstance(item, Article):
            articles.append(item)
        else:
            problems.append(item)
    return articles, problems


def read_corpus(paths: Sequence[str | Path], fields: FieldMap | None = None) -> ReadResult:
    """Read every corpus file under `paths`; path problems come first, then each file's."""
    files, problems = iter_corpus_files(paths)
    result = ReadResult(problems=problems, files=files)
    for path in files:
        articles, file_problems = read_file(path, fields)
        result.articles.extend(articles)
        result.problems.extend(file_problems)
    return result
