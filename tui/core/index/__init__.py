"""The corpus index: articles and their mentions as data frames, cached per file on disk.

Each corpus file is read and tagged on its own and cached as parquet under a key made of the
taxonomy, the tagger version and the field mapping, so a changed file is re-indexed alone and a
changed taxonomy never reuses stale tags. Duplicate stories (the same normalised body) are
dropped when the files are put together, the first one read wins.

The package, one concern a module: ``units`` lists what to index (files, ``parts`` of large
JSON Lines files, ``shards`` of one-article files), ``tagging`` tags a batch of articles,
``cache`` keeps each unit's entry, ``workers`` index units in other processes, ``build`` puts
it all together into a ``corpus`` index, ``texts`` fetches article texts on demand, and
``snapshot`` saves and opens a whole corpus's index (tried by ``tui.core.session`` only).
"""

from __future__ import annotations

from tui.core.index.build import build_index
from tui.core.index.cache import CACHE_FORMAT, IndexCache, read_meta
from tui.core.index.corpus import CorpusIndex, assemble
from tui.core.index.model import (
    ARTICLE_COLUMNS,
    MENTION_COLUMNS,
    TEXT,
    FileIndex,
    MessageCallback,
    ProgressCallback,
    damaged_entry,
)
from tui.core.index.parts import PART_LINES, PART_MIN_BYTES, Part, is_split, scan_parts
from tui.core.index.tagging import concat_indexes, index_file, index_part, slice_index
from tui.core.index.texts import TextStore
from tui.core.index.units import Unit, is_shard_member
from tui.core.index.workers import PARALLEL_MIN_BYTES

__all__ = [
    "ARTICLE_COLUMNS",
    "CACHE_FORMAT",
    "MENTION_COLUMNS",
    "PARALLEL_MIN_BYTES",
    "PART_LINES",
    "PART_MIN_BYTES",
    "TEXT",
    "CorpusIndex",
    "FileIndex",
    "IndexCache",
    "MessageCallback",
    "Part",
    "ProgressCallback",
    "TextStore",
    "Unit",
    "assemble",
    "build_index",
    "concat_indexes",
    "damaged_entry",
    "index_file",
    "index_part",
    "is_shard_member",
    "is_split",
    "read_meta",
    "scan_parts",
    "slice_index",
]
