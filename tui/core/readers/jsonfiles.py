"""JSON Lines and JSON files."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from tui.core.models import Article, Problem
from tui.core.readers import limits
from tui.core.readers.fields import FieldMap
from tui.core.readers.lines import _Decoder, _LineReader, _read_at_most
from tui.core.readers.records import _record
from tui.core.readers.text import _kind

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


def _read_jsonl(
    stream: io.BufferedIOBase,
    source: str,
    fields: FieldMap,
    decoder: _Decoder,
    first_line: int = 1,
    whole: bool = True,
) -> Iterator[Article | Problem]:
    any_record = not whole  # a part of a file is not "an empty file"
    lines = _LineReader(stream, limits.MAX_LINE_BYTES, decoder, first_line)
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
                f"(limit {limits.MAX_LINE_BYTES:,}) skipped",
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
    data = _read_at_most(stream, limits.MAX_JSON_BYTES)
    if data is None:
        yield Problem(
            source=source,
            reason=f"file too large: over {limits.MAX_JSON_BYTES:,} bytes of JSON (once "
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
