"""The seed text format: one article per file, a date line, a title, the body."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from tui.core.dates import parse_date
from tui.core.models import Article, Problem
from tui.core.readers import limits
from tui.core.readers.files import display_path
from tui.core.readers.lines import _Decoder, _read_at_most
from tui.core.readers.text import clean_title

_MAX_TXT_TITLE = 200


_SEED_HEADER = re.compile(r"(?:date:?\s+)?(\d{4}-\d{1,2}-\d{1,2})(?:\s+(.*))?", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _read_txt(
    stream: io.BufferedIOBase, source: str, path: Path, decoder: _Decoder
) -> Iterator[Article | Problem]:
    data = _read_at_most(stream, limits.MAX_TXT_BYTES)
    if data is None:
        yield Problem(
            source=source,
            reason=f"giant record: file over {limits.MAX_TXT_BYTES:,} bytes (once decompressed), "
            f"more than a body of {limits.MAX_BODY_CHARS:,} characters can take: skipped",
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
        if len(body) > limits.MAX_BODY_CHARS:
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
    if len(body) > limits.MAX_BODY_CHARS:
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
