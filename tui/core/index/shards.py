"""One-article files of a folder (the seed format), cached together as one shard."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.checksum import (
    ChecksumError,
)
from tui.core.index.cache import IndexCache
from tui.core.index.model import FileIndex, MessageCallback, file_signature, gone_problem
from tui.core.index.tagging import concat_indexes, index_file, slice_index
from tui.core.index.texts import read_texts
from tui.core.models import Problem
from tui.core.readers import (
    FieldMap,
    display_path,
)
from tui.core.tagger import Tagger


def index_shard(
    folder: Path,
    members: list[Path],
    tagger: Callable[[], Tagger],
    fields: FieldMap | None,
    cache: IndexCache | None,
    stats: dict[str, int],
    message: MessageCallback | None,
) -> FileIndex:
    """One-article files of a folder: unchanged ones come from the shard, changed ones are
    indexed alone, and the shard is rewritten only when something changed."""
    old: tuple[dict[str, Any], FileIndex] | None = None
    if cache is not None:
        try:
            old = cache.load_shard(folder)
        except Exception as error:  # any broken entry is rebuilt, not trusted
            if message:
                message(f"{folder}: the cached index could not be read ({error}); rebuilding")
            shutil.rmtree(cache.shard_entry(folder), ignore_errors=True)
    known = {m["path"]: m for m in old[0]["members"]} if old else {}
    old_texts: list[str] | None = None
    pieces: list[FileIndex] = []
    records: list[dict[str, Any]] = []
    changed = old is None or set(known) != {str(f.resolve()) for f in members}
    offset = 0
    gone: list[Problem] = []
    kept: list[Path] = []
    for file in members:
        try:
            size, mtime, content = file_signature(file)
        except OSError as error:
            # Gone since the folder was listed: its problem alone, and no member any more.
            gone.append(gone_problem(file, error))
            changed = True
            continue
        kept.append(file)
        record = known.get(str(file.resolve()))
        reuse = record is not None and record["size"] == size and record["content"] == content
        if reuse and old is not None and old_texts is None:
            try:
                old_texts = [str(t) for t in read_texts(old[1]).to_pylist()]
                old[1].mentions = old[1].load_mentions()
            except ChecksumError as error:
                if message:
                    message(f"{folder}: {error}; rebuilding")
                old, known, reuse = None, {}, False
        if reuse and old is not None and record is not None and old_texts is not None:
            first, last = record["rows"]
            piece = slice_index(old[1], first, last, old_texts)
            piece.problems = [Problem.model_validate(p) for p in record["problems"]]
            changed = changed or record["mtime_ns"] != mtime
            stats["from_cache"] += 1
        else:
            piece = index_file(file, tagger(), fields)
            changed = True
            stats["indexed"] += 1
        piece.articles["source"] = display_path(file)
        records.append(
            {
                "path": str(file.resolve()),
                "size": size,
                "mtime_ns": mtime,
                "content": content,
                "rows": [offset, offset + len(piece.articles)],
                "problems": [p.model_dump() for p in piece.problems],
            }
        )
        offset += len(piece.articles)
        pieces.append(piece)
    if not changed and old is not None:
        # Nothing to rewrite: the shard's texts stay on disk until an article is opened.
        index = old[1]
        index.mentions = None  # on disk, as for any entry
        for record, file in zip(records, kept, strict=True):
            index.articles.loc[record["rows"][0] : record["rows"][1] - 1, "source"] = display_path(
                file
            )
        index.problems = [p for piece in pieces for p in piece.problems]
        return index
    index = concat_indexes(str(folder), pieces)
    if cache is not None:
        try:
            cache.store_shard(folder, index, records)
            index.texts = None
        except OSError as error:
            if message:
                message(f"{cache.root}: cannot write the cache ({error}); continuing")
    index.problems.extend(gone)
    return index
