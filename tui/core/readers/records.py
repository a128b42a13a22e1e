"""A record (a mapping of fields) into an `Article`, or the `Problem`s it has."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping

from tui.core.dates import parse_date
from tui.core.models import Article, Problem
from tui.core.readers import limits
from tui.core.readers.fields import FieldMap
from tui.core.readers.text import _kind, _scrub, clean_body, clean_title, shown


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _record(
    record: Mapping[str, object], source: str, line: int, fields: FieldMap
) -> Iterator[Article | Problem]:
    """One record (a JSON object or a CSV row) as an Article, with any problems first."""
    values = _fields_of(record)
    body_names = fields.candidates("body")
    body_key = next((name for name in body_names if _present(values.get(name))), None)
    if body_key is None:
        yield _no_body(values, fields, source, line)
        return
    raw_body = values[body_key]
    if not isinstance(raw_body, str):
        yield Problem(
            source=source,
            line=line,
            reason=f"body field {body_key!r} holds {_kind(raw_body)}, not text",
        )
        return
    if len(raw_body) > limits.MAX_BODY_CHARS:
        yield Problem(
            source=source,
            line=line,
            reason=f"giant record: body of {len(raw_body):,} characters "
            f"(limit {limits.MAX_BODY_CHARS:,}) skipped",
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

    topic = _topic(values, fields)
    record_id = _record_id(values, fields) or content_id(title, body)
    date, undated = _date(values, fields)
    if undated is not None:
        yield Problem(source=source, line=line, reason=undated, severity="warning")

    yield Article(
        id=record_id,
        title=title,
        body=body,
        date=date,
        source=source,
        line=line,
        topic=topic,
    )


def _fields_of(record: Mapping[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in record.items():
        # Keys that differ only in case or spacing ("BODY" and "body") are one field: the
        # first that holds something wins, so an empty one cannot hide a full one.
        name = str(key).strip().lower()
        if name not in values or (not _present(values[name]) and _present(value)):
            values[name] = value
    return values


def _no_body(values: dict[str, object], fields: FieldMap, source: str, line: int) -> Problem:
    """The problem of a record with no body to read."""
    body_names = fields.candidates("body")
    given = next((name for name in body_names if name in values), None)
    if given is None:
        reason = "no body: none of the fields " + ", ".join(body_names)
    else:
        reason = f"empty body: field {given!r} is {_kind(values[given])}"
        if isinstance(values[given], str):
            reason = f"empty body: field {given!r} is empty"
            titles = (values.get(name) for name in fields.candidates("title"))
            if any(isinstance(title, str) and _present(title) for title in titles):
                # A headline whose story the archive does not hold (real archives list
                # them): no article to read, and nothing wrong with the file either.
                reason = f"title only: field {given!r} is empty"
                return Problem(source=source, line=line, reason=reason, severity="skipped")
    return Problem(source=source, line=line, reason=reason)


def _topic(values: dict[str, object], fields: FieldMap) -> str:
    for name in fields.candidates("topic"):
        value = values.get(name)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ", ".join(item.strip() for item in value if item.strip())
        if _present(value) and isinstance(value, str):
            return _scrub(clean_title(value))
    return ""


def _record_id(values: dict[str, object], fields: FieldMap) -> str:
    """The record's own id ("" when it has none: the content id stands in)."""
    for name in fields.candidates("id"):
        value = values.get(name)
        if _present(value) and isinstance(value, str | int) and not isinstance(value, bool):
            return _scrub(str(value).strip())
    return ""


def _date(values: dict[str, object], fields: FieldMap) -> tuple[dt.date | None, str | None]:
    """The record's date, or None and why it is undated."""
    unparsed: tuple[str, object] | None = None
    for name in fields.candidates("date"):
        value = values.get(name)
        if not _present(value):
            continue
        date = parse_date(value)
        if date is not None:
            return date, None
        if unparsed is None:
            unparsed = (name, value)
    if unparsed is None:
        return None, "undated: no date field (" + ", ".join(fields.candidates("date")) + ")"
    return None, f"undated: cannot read date {shown(unparsed[1])} in field {unparsed[0]!r}"


def content_id(title: str, body: str) -> str:
    return hashlib.sha1(f"{title}\n{body}".encode()).hexdigest()[:16]
