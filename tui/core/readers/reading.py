"""The ways in: one file, one part of a JSON Lines file, or a whole corpus."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.models import Article, Problem
from tui.core.readers.csvfiles import _read_csv
from tui.core.readers.fields import DEFAULT_FIELDS, FieldMap
from tui.core.readers.files import _split_suffix, display_path, iter_corpus_files
from tui.core.readers.jsonfiles import _read_json, _read_jsonl
from tui.core.readers.lines import _Decoder
from tui.core.readers.txtfiles import _read_txt

_SNIFF_BYTES = 8 * 1024


@dataclass
class ReadResult:
    """Everything read from a corpus: its articles, its problems and the files it came from."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


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
