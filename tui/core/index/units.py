"""Listing what to index as units (files, parts, folders of one-article files) and
indexing one unit from the cache or afresh."""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core.index.cache import IndexCache
from tui.core.index.model import FileIndex, MessageCallback, file_signature, unread_index
from tui.core.index.parts import Part, is_split, scan_parts
from tui.core.index.tagging import index_file, index_part
from tui.core.readers import (
    FieldMap,
)
from tui.core.tagger import Tagger

SHARD_SUFFIXES = (".txt", ".txt.gz")


def is_shard_member(path: Path) -> bool:
    """One-article files (the seed text format) are cached together, per folder."""
    return path.name.endswith(SHARD_SUFFIXES)


Unit = Path | Part | tuple[Path, list[Path]]
"""What is indexed and cached as one: a file, a part of a large file, or a folder's shard."""


def unit_size(unit: Path | Part) -> int:
    if isinstance(unit, Part):
        return unit.end - unit.start
    try:
        return unit.stat().st_size
    except OSError:
        return 0


def iter_units(
    files: list[Path],
    size_of: dict[str, int],
    cache: IndexCache | None,
    message: MessageCallback | None,
) -> Iterator[Unit]:
    """Files in order: large JSON Lines files cut into parts, one-article files gathered per
    folder where the first one stood (a shard's member list is complete once all are given).

    Given one at a time, so the first file's parts are indexed while the next is cut.
    """
    shards: dict[str, list[Path]] = {}
    for file in files:
        name = os.fspath(file)
        if name.endswith(SHARD_SUFFIXES):
            # Told by the name's text: a folder of a hundred thousand seed files is gone
            # through here on every start.
            folder = os.path.dirname(name)
            if folder not in shards:
                shards[folder] = []
                yield (file.parent, shards[folder])
            shards[folder].append(file)
            continue
        if is_split(file, size_of[name]):
            try:
                parts = cache.parts_of(file) if cache is not None else scan_parts(file)
            except FileNotFoundError:
                pass  # gone: indexing it whole says so, as for any file
            except OSError as error:
                if message:
                    message(f"{file}: cannot cut into parts ({error}); indexing it whole")
            else:
                yield from parts
                continue
        yield file


def load_cached(
    unit: Path | Part, cache: IndexCache | None, message: MessageCallback | None
) -> FileIndex | None:
    if cache is None:
        return None
    try:
        return cache.load_part(unit) if isinstance(unit, Part) else cache.load(unit)
    except Exception as error:  # any broken entry is rebuilt, not trusted
        if message:
            where = unit.path if isinstance(unit, Part) else unit
            message(f"{where}: the cached index could not be read ({error}); rebuilding")
        if isinstance(unit, Part):
            cache.discard_part(unit)
        else:
            cache.discard(unit)
        return None


def index_fresh(
    unit: Path | Part,
    tagger: Tagger,
    fields: FieldMap | None,
    cache: IndexCache | None,
    message: MessageCallback | None,
) -> FileIndex:
    # A file that goes away (or turns unreadable) while the corpus is indexed is a problem
    # of that file alone. Its signature is taken before it is read, so a file that changes
    # while it is read is read again next time.
    try:
        if isinstance(unit, Part):
            loaded = index_part(unit, tagger, fields)
        else:
            signature = file_signature(unit) if cache is not None else None
            loaded = index_file(unit, tagger, fields)
    except OSError as error:
        return unread_index(unit.path if isinstance(unit, Part) else unit, error)
    if cache is not None:
        try:
            if isinstance(unit, Part):
                cache.store_part(unit, loaded)
            else:
                assert signature is not None
                cache.store(unit, loaded, signature)
            # Both are in the cache entry now, read from there if ever needed: not kept in
            # memory, nor sent back from a worker process.
            loaded.texts = None
            loaded.mentions = None
        except OSError as error:
            if message:
                message(f"{cache.root}: cannot write the cache ({error}); continuing")
    return loaded


def scan_units(
    files: list[Path],
    size_of: dict[str, int],
    cache: IndexCache | None,
    message: MessageCallback | None,
    units: list[Unit],
    events: queue.Queue[tuple[str, Any]],
) -> None:
    """Put every unit on ``events`` with its cached index, if any, then "scanned"."""
    failure: BaseException | None = None
    try:
        for unit in iter_units(files, size_of, cache, message):
            position = len(units)
            units.append(unit)
            cached = None if isinstance(unit, tuple) else load_cached(unit, cache, message)
            events.put(("unit", (position, unit, cached)))
    except BaseException as error:  # handed to the indexing thread, which raises it
        failure = error
    events.put(("scanned", failure))
