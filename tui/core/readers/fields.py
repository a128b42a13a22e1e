"""Which record fields hold an article's id, title, body, date and topic."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

SUFFIXES: tuple[str, ...] = (".txt", ".jsonl", ".ndjson", ".json", ".csv")
"""Known corpus suffixes; each may also carry a trailing `.gz`."""

TITLE_FIELDS: tuple[str, ...] = ("title", "headline")
BODY_FIELDS: tuple[str, ...] = ("body", "text", "story", "story_text", "content")
DATE_FIELDS: tuple[str, ...] = ("date", "date_str", "published", "pubdate")
ID_FIELDS: tuple[str, ...] = ("id", "url", "link")
TOPIC_FIELDS: tuple[str, ...] = ("topic", "category")


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
