"""Reading corpus files into `Article`s, and everything that goes wrong into `Problem`s.

Formats: the seed text format (.txt, one article per file), JSON Lines (.jsonl/.ndjson),
JSON (.json: an array of records, or an object wrapping one), CSV (.csv), each optionally
gzipped (.gz). Reading never raises on bad input: a bad record or file becomes a `Problem`
and reading goes on, so one broken line cannot hide a whole corpus.

The ways in are in ``reading``; ``files`` finds the corpus files, ``lines`` decodes bytes,
``records`` makes articles of records, one module per format (``jsonfiles``, ``csvfiles``,
``txtfiles``), ``fields`` names the record fields and ``limits`` bounds the sizes.
"""

from __future__ import annotations

from tui.core.readers.fields import (
    BODY_FIELDS,
    DATE_FIELDS,
    DEFAULT_FIELDS,
    ID_FIELDS,
    SUFFIXES,
    TITLE_FIELDS,
    TOPIC_FIELDS,
    FieldMap,
    FieldName,
)
from tui.core.readers.files import display_path, iter_corpus_files
from tui.core.readers.limits import MAX_BODY_CHARS, MAX_LINE_BYTES
from tui.core.readers.reading import (
    ReadResult,
    iter_articles,
    iter_jsonl_part,
    read_corpus,
    read_file,
)
from tui.core.readers.records import content_id
from tui.core.readers.text import clean_body, clean_title, shown

__all__ = [
    "BODY_FIELDS",
    "DATE_FIELDS",
    "DEFAULT_FIELDS",
    "ID_FIELDS",
    "MAX_BODY_CHARS",
    "MAX_LINE_BYTES",
    "SUFFIXES",
    "TITLE_FIELDS",
    "TOPIC_FIELDS",
    "FieldMap",
    "FieldName",
    "ReadResult",
    "clean_body",
    "clean_title",
    "content_id",
    "display_path",
    "iter_articles",
    "iter_corpus_files",
    "iter_jsonl_part",
    "read_corpus",
    "read_file",
    "shown",
]
