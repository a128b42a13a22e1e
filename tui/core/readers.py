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
import json
import os
import re
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
# which keeps memory bounded on a runaway line. A CSV row (all the lines of its quoted
# fields) has the same limit.
MAX_LINE_BYTES = 6 * MAX_BODY_CHARS + 64 * 1024

MAX_TXT_BYTES = 4 * MAX_BODY_CHARS + 64 * 1024
"""A seed text file is one article: over this (UTF-8 takes at most four bytes a character)
it cannot hold an acceptable body, and it is skipped unread."""

MAX_JSON_BYTES = 256 * 1024 * 1024
"""A .json file is parsed whole (about twice its size in memory): a larger one, or a gzipped
one that expands past this, is skipped unread. JSON Lines files have no such limit."""

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

    def add(path: Path, real: str | None = None) -> None:
        real = real if real is not None else _real(path)
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


def _walk(root: Path, add: Callable[[Path, str | None], None], problems: list[Problem]) -> None:
    visited: set[str] = {_real(root)}
    # A stack of folder listings rather than recursion, so deep trees cannot hit the
    # recursion limit. Each listing is in name order and a subfolder is read where it sorts,
    # so files come out in the sorted order of their paths.
    stack: list[Iterator[os.DirEntry[str]]] = []
    # Each listed folder's real path: a plain file's is its folder's joined with its name,
    # with no lookup of its own (which costs a system call per part of the path).
    reals: list[str] = []

    def push(folder: Path) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            reason = f"cannot list folder: {exc.strerror or exc}"
            problems.append(Problem(source=display_path(folder), reason=reason))
            return
        stack.append(iter(entries))
        reals.append(_real(folder))

    push(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            reals.pop()
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
                linked = entry.is_symlink()
                add(path, None if linked else os.path.join(reals[-1], entry.name))
        elif entry.is_symlink() and _split_suffix(path)[0] is not None:
            problems.append(
                Problem(source=display_path(path), reason="broken symlink", severity="warning")
            )


# --------------------------------------------------------------------------- decoding


class _Decoder:
    """UTF-8 decoding for one file that remembers where bytes first had to be replaced, and
    how far reading got (so a file that breaks off can say where)."""

    def __init__(self) -> None:
        self.first_bad_line: int | None = None
        self.reached = 1
        """The line being read (the lines before it were read whole)."""
        self._at_start = True

    def past_start(self) -> None:
        """Bytes were skipped: only the very first bytes of a file can be a BOM."""
        self._at_start = False

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


_BLOCK = 1 << 20
_CONTENT = re.compile(rb"[^ \t\n\r\f\v]")


class _LineReader:
    """The lines of a byte stream, read a block at a time.

    Runs of blank lines are skipped in bulk (a file of nothing but line breaks is counted
    through at memory speed, not a line at a time), and a line over ``limit`` bytes is never
    held: it is read through in blocks and returned as None, with its size. Splitting bytes
    on line breaks before decoding is safe: in UTF-8 neither byte occurs inside a character.
    """

    def __init__(
        self,
        stream: io.BufferedIOBase,
        limit: int,
        decoder: _Decoder,
        first: int = 1,
        cr: bool = False,
    ) -> None:
        self._read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
        self._limit = limit
        self._decoder = decoder
        self._cr = cr
        self._buffer = b""
        self._pos = 0
        self._eof = False
        self.number = first
        """The number of the next line."""
        self.skipped_size = 0
        """The size in bytes of the last line returned as None."""

    def _fill(self) -> bool:
        """Read another block after the unread bytes; False at the end of the stream."""
        if self._eof:
            return False
        self._decoder.reached = self.number
        # One read of the underlying stream at a time: a gzip file that breaks off hands
        # over what it held before the break, and only then fails.
        block = self._read(_BLOCK)
        if not block:
            self._eof = True
            return False
        rest = self._buffer[self._pos :]
        self._buffer = rest + block if rest else block
        self._pos = 0
        return True

    def _line_end(self, start: int) -> int:
        """Where the line that goes on at ``start`` ends (just past its end), or -1."""
        data = self._buffer
        newline = data.find(b"\n", start)
        if not self._cr:
            return newline + 1 if newline >= 0 else -1
        # Two searches at memory speed rather than one regular expression, much slower.
        ret = data.find(b"\r", start, newline if newline >= 0 else len(data))
        if ret < 0:
            return newline + 1 if newline >= 0 else -1
        return ret + 2 if data.startswith(b"\n", ret + 1) else ret + 1

    def _after_last_end(self, end: int) -> int:
        """Just past the last line end before ``end`` (the position when there is none)."""
        last = self._buffer.rfind(b"\n", self._pos, end)
        if self._cr:
            last = max(last, self._buffer.rfind(b"\r", self._pos, end))
        return last + 1 if last >= 0 else self._pos

    def _count_ends(self, start: int, end: int) -> int:
        data = self._buffer
        if not self._cr:
            return data.count(b"\n", start, end)
        return (
            data.count(b"\n", start, end)
            + data.count(b"\r", start, end)
            - data.count(b"\r\n", start, end)
        )

    def skip_blank(self) -> None:
        """Move past the blank lines (nothing but spacing) that come next."""
        searched = self._pos  # the bytes before this are known to be spacing
        while True:
            if self._limit > 0 and len(self._buffer) - self._pos > self._limit:
                return  # spacing with no line end, as long as a line may be: a giant line
            found = _CONTENT.search(self._buffer, searched)
            if found is not None:
                # The line holding the content starts after the last line end before it.
                self._skip_to(self._after_last_end(found.start()))
                return
            # Nothing but spacing to the end of the buffer: keep a trailing CR, which may be
            # the first half of a CRLF, and the spacing after the last line end.
            end = self._after_last_end(len(self._buffer))
            if self._buffer.endswith(b"\r") and end == len(self._buffer):
                end -= 1
            self._skip_to(end)
            kept = len(self._buffer) - self._pos
            if not self._fill():
                return
            searched = kept

    def _skip_to(self, end: int) -> None:
        if end > self._pos:
            self.number += self._count_ends(self._pos, end)
            self._pos = end
            self._decoder.past_start()

    def line(self, scan: Callable[[bytes], None] | None = None) -> tuple[int, bytes | None] | None:
        """The next line with its end (the last may lack one), or None at the end of the stream.

        A line over the limit comes back as None (its size in ``skipped_size``); ``scan`` is
        shown its bytes a block at a time as they are read through.
        """
        searched = self._pos
        while True:
            end = self._line_end(searched)
            if end >= 0 and not (
                end == len(self._buffer) and self._buffer.endswith(b"\r") and not self._eof
            ):
                if end - self._pos > self._limit > 0:
                    return self._skip(scan)
                number = self.number
                data = self._buffer[self._pos : end]
                self._pos = end
                self.number += 1
                return number, data
            if self._limit > 0 and len(self._buffer) - self._pos > self._limit:
                return self._skip(scan)
            before = len(self._buffer) - self._pos
            if not self._fill():
                if self._pos >= len(self._buffer):
                    return None
                number = self.number
                data = self._buffer[self._pos :]
                self._pos = len(self._buffer)
                self.number += 1
                return number, data
            searched = max(0, before - 1)

    def _skip(self, scan: Callable[[bytes], None] | None) -> tuple[int, None]:
        """Read through the current line, a block at a time, holding none of it."""
        number = self.number
        size = 0
        while True:
            end = self._line_end(self._pos)
            piece = self._buffer[self._pos : end if end >= 0 else len(self._buffer)]
            self._pos += len(piece)
            size += len(piece)
            if scan is not None:
                scan(piece)
            if end >= 0:
                break
            self._buffer, self._pos = b"", 0
            if not self._fill():
                break
        self.number += 1
        self.skipped_size = size
        return number, None


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
        # Keys that differ only in case or spacing ("BODY" and "body") are one field: the
        # first that holds something wins, so an empty one cannot hide a full one.
        name = str(key).strip().lower()
        if name not in values or (not _present(values[name]) and _present(value)):
            values[name] = value

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
                if any(_present(values.get(name)) for name in fields.candidates("title")):
                    # A headline whose story the archive does not hold (real archives list
                    # them): no article to read, and nothing wrong with the file either.
                    reason = f"title only: field {given!r} is empty"
                    yield Problem(source=source, line=line, reason=reason, severity="skipped")
                    return
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
    lines = _LineReader(stream, MAX_LINE_BYTES, decoder, first_line)
    while True:
        lines.skip_blank()
        found = lines.line()
        if found is None:
            break
        number, data = found
        if data is None:
            any_record = True
            yield Problem(
                source=source,
                line=number,
                reason=f"giant record: line of {lines.skipped_size:,} bytes "
                f"(limit {MAX_LINE_BYTES:,}) skipped",
            )
            continue
        text = decoder.decode(data, number)
        if not text.strip():
            continue  # a BOM, or spacing without a line end
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
    data = _read_at_most(stream, MAX_JSON_BYTES)
    if data is None:
        yield Problem(
            source=source,
            reason=f"file too large: over {MAX_JSON_BYTES:,} bytes of JSON (once "
            "decompressed) to parse whole: skipped (JSON Lines has no such limit)",
        )
        return
    text = decoder.decode(data, 1)
    del data
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
        # Numbered by record, not by line: an array can sit on a single line.
        if isinstance(record, dict):
            for item in _record(record, source, number, fields):
                if isinstance(item, Problem):
                    item = item.model_copy(update={"unit": "record"})
                yield item
        else:
            yield Problem(
                source=source,
                line=number,
                reason=f"record is not an object but {_kind(record)}",
                unit="record",
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
    # A row is never longer than MAX_LINE_BYTES (longer ones are skipped unread, see
    # _CsvRecords), so neither is a field.
    csv.field_size_limit(MAX_LINE_BYTES)
    lines = _LineReader(stream, MAX_LINE_BYTES, decoder, cr=True)
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
            f"(limit {MAX_LINE_BYTES:,}): file skipped",
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
            f"(limit {MAX_LINE_BYTES:,}): file skipped",
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
    rows = 0  # records other than blank ones, read or reported
    for record in records:
        start = record.start
        rows += record.texts is None or not record.closed
        if record.texts is None:
            if record.closed:
                reason = (
                    f"giant record: row of {record.size:,} bytes (limit {MAX_LINE_BYTES:,}) skipped"
                )
            else:
                reason = (
                    f"giant record: a quoted field is never closed and the {record.size:,} "
                    f"bytes after it (limit {MAX_LINE_BYTES:,}) were skipped"
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
    if not rows:
        yield Problem(source=source, reason="no records: the file holds a header row only")


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
            if kept is not None and size > MAX_LINE_BYTES:
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


def _read_txt(
    stream: io.BufferedIOBase, source: str, path: Path, decoder: _Decoder
) -> Iterator[Article | Problem]:
    data = _read_at_most(stream, MAX_TXT_BYTES)
    if data is None:
        yield Problem(
            source=source,
            reason=f"giant record: file over {MAX_TXT_BYTES:,} bytes (once decompressed), "
            f"more than a body of {MAX_BODY_CHARS:,} characters can take: skipped",
        )
        return
    text = decoder.decode(data, 1).replace("\r\n", "\n").replace("\r", "\n")
    del data
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


def _read_at_most(stream: io.BufferedIOBase, limit: int) -> bytes | None:
    """The whole stream if it holds at most ``limit`` bytes, else None (having read at most
    one byte more: a gzip bomb is not expanded past the limit)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


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
            if suffix in (".jsonl", ".ndjson", ".csv") and decoder.reached > 1:
                # Line by line formats: what came before the break was read and is kept.
                reached = decoder.reached
                yield Problem(
                    source=source,
                    line=reached,
                    reason=f"{what} at line {reached:,}: {exc} (the lines before it were read)",
                )
            else:
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
