"""One-article files of a folder (the seed format), cached together as one shard.

Reopening a folder costs a stat per file and one read of the shard's entry: a member whose
size, modification and change times and inode are those recorded is taken as it is. An edit
that keeps the size and puts the modification time back (cp -p, rsync -t, tar x) still moves
the change time, which no one can set: such a file is read and compared by content. Changed and new files are read and tagged as one batch, as
the lines of a JSON Lines part are, and the shard is rewritten only when something changed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tui.core.checksum import ChecksumError, crc_of_file
from tui.core.columns import Columns, as_days
from tui.core.derive import keep_articles
from tui.core.index.cache import IndexCache
from tui.core.index.members import Members, Stamp, stat_key
from tui.core.index.model import (
    TEXT,
    FileIndex,
    MessageCallback,
    StatMap,
    gone_problem,
    stat_of,
)
from tui.core.index.tagging import concat_indexes, tag_columns
from tui.core.index.texts import read_texts
from tui.core.models import Problem
from tui.core.readers import FieldMap, display_path, iter_articles
from tui.core.tagger import Tagger

_BATCH_FILES = 5_000


@dataclass
class _Plan:
    """What becomes of each file of the folder: taken from the old shard, or read anew."""

    runs: list[tuple[bool, list[Any]]] = field(default_factory=list)
    """Runs of consecutive files: (True, [old member number, or (number, its new stamp)])
    or (False, [file to read])."""
    kept: list[Path] = field(default_factory=list)
    gone: list[Problem] = field(default_factory=list)
    changed: bool = False

    def put(self, old: bool, item: Any) -> None:
        if not self.runs or self.runs[-1][0] != old:
            self.runs.append((old, []))
        self.runs[-1][1].append(item)


def index_shard(
    folder: Path,
    members: list[Path],
    tagger: Callable[[], Tagger],
    fields: FieldMap | None,
    cache: IndexCache | None,
    stats: dict[str, int],
    message: MessageCallback | None,
    file_stats: StatMap | None = None,
) -> FileIndex:
    """One-article files of a folder: unchanged ones come from the shard, changed ones are
    indexed together, and the shard is rewritten only when something changed.

    ``file_stats``: the members' stats when already taken this run (else each is stat here).
    """
    old = _load_old(folder, cache, message)
    recorded = old[0] if old is not None else Members()
    plan = _plan(members, recorded, file_stats)
    plan.changed = plan.changed or old is None
    if not plan.changed and old is not None:
        # Nothing to rewrite: the shard's texts and mentions stay on disk until asked for.
        stats["from_cache"] += len(plan.kept)
        return _unchanged(old[1], recorded, plan.kept)
    try:
        index, written = _rebuild(folder, plan, old, recorded, tagger, fields, stats)
    except ChecksumError as error:
        # The old shard turned out damaged while it was read: every file is read anew.
        if message:
            message(f"{folder}: {error}; rebuilding")
        plan = _plan(members, Members(), file_stats)
        index, written = _rebuild(folder, plan, None, Members(), tagger, fields, stats)
    if cache is not None:
        try:
            cache.store_shard(folder, index, written)
            index.texts = None
            index.mentions = None
        except OSError as error:
            if message:
                message(f"{cache.root}: cannot write the cache ({error}); continuing")
    index.problems.extend(plan.gone)
    return index


def _load_old(
    folder: Path, cache: IndexCache | None, message: MessageCallback | None
) -> tuple[Members, FileIndex] | None:
    if cache is None:
        return None
    try:
        return cache.load_shard(folder)
    except Exception as error:  # any broken entry is rebuilt, not trusted
        if message:
            message(f"{folder}: the cached index could not be read ({error}); rebuilding")
        shutil.rmtree(cache.shard_entry(folder), ignore_errors=True)
        return None


def _plan(members: list[Path], recorded: Members, stats: StatMap | None) -> _Plan:
    """A stat per file decides; a file whose time alone moved is compared by content."""
    whole = _all_unchanged(members, recorded, stats)
    if whole is not None:
        return whole
    known = {name: number for number, name in enumerate(recorded.names)}
    plan = _Plan()
    for file in members:
        try:
            stat = stat_of(file, stats)
        except OSError as error:
            # Gone since the folder was listed: its problem alone, and no member any more.
            plan.gone.append(gone_problem(file, error))
            plan.changed = True
            continue
        plan.kept.append(file)
        number = known.get(file.name)
        if number is not None and recorded.sizes[number] == stat.st_size:
            was = recorded.stamp(number)
            if was == Stamp.of(stat, was.content):
                plan.put(True, number)
                continue
            plan.changed = True  # a time moved: rewritten, with the new times, either way
            try:
                content = crc_of_file(file)
            except OSError:
                content = ""
            if content == was.content:
                plan.put(True, (number, Stamp.of(stat, content)))
                continue
        plan.changed = True
        plan.put(False, file)
    if len(plan.kept) != len(recorded.names):
        plan.changed = True
    return plan


def _all_unchanged(members: list[Path], recorded: Members, stats: StatMap | None) -> _Plan | None:
    """The plan of a folder whose files are those recorded, in order, each with the size,
    times and inode recorded (the common case, decided list against list); else None."""
    if len(members) != len(recorded.names) or not members:
        return None
    if [file.name for file in members] != recorded.names:
        return None
    if stats is None:
        return None  # stat one by one, as _plan does
    found = [stats.get(name) for name in map(os.fspath, members)]
    if not all(isinstance(stat, os.stat_result) for stat in found):
        return None
    now = [stat_key(stat) for stat in found]  # type: ignore[arg-type]
    if now != recorded.stat_keys():
        return None
    plan = _Plan(kept=list(members))
    plan.runs.append((True, list(range(len(members)))))
    return plan


def _unchanged(index: FileIndex, recorded: Members, kept: list[Path]) -> FileIndex:
    """The old shard as it is, each article's source named as the folder is listed now."""
    index.mentions = None  # on disk, as for any entry
    names = np.array([display_path(file) for file in kept], dtype=object)
    sources = np.repeat(names, np.asarray(recorded.rows, dtype=np.int64))
    index.articles["source"] = pd.Series(sources, index=index.articles.index, dtype=TEXT)
    index.problems = [
        Problem.model_validate(p) for n in sorted(recorded.problems) for p in recorded.problems[n]
    ]
    return index


def _rebuild(
    folder: Path,
    plan: _Plan,
    old: tuple[Members, FileIndex] | None,
    recorded: Members,
    tagger: Callable[[], Tagger],
    fields: FieldMap | None,
    stats: dict[str, int],
) -> tuple[FileIndex, Members]:
    """The shard made anew from runs of old rows and batches of files read now, in order."""
    written = Members()
    pieces: list[FileIndex] = []
    starts = np.concatenate([[0], np.cumsum(recorded.rows, dtype=np.int64)])
    old_texts: pa.ChunkedArray | None = None
    for from_old, items in plan.runs:
        if from_old and old is not None:
            if old_texts is None:
                old_texts = read_texts(old[1])
                old[1].mentions = old[1].load_mentions()
            numbers = [i if isinstance(i, int) else i[0] for i in items]
            piece = _old_rows(old[1], starts, numbers, old_texts)
            piece.problems = [
                Problem.model_validate(p) for n in numbers for p in recorded.problems.get(n, [])
            ]
            pieces.append(piece)
            for item in items:
                number, stamp = (item, recorded.stamp(item)) if isinstance(item, int) else item
                written.add(
                    recorded.names[number],
                    stamp,
                    recorded.rows[number],
                    recorded.problems.get(number, []),
                )
            stats["from_cache"] += len(items)
        else:
            # In batches the size of a JSON Lines part, so tagging's working memory stays
            # that of a part however many files there are.
            for first in range(0, len(items), _BATCH_FILES):
                batch = items[first : first + _BATCH_FILES]
                pieces.append(_read_batch(batch, tagger, fields, written))
            stats["indexed"] += len(items)
    return concat_indexes(str(folder), pieces), written


def _old_rows(
    index: FileIndex, starts: np.ndarray, numbers: list[int], texts: pa.ChunkedArray
) -> FileIndex:
    """The rows of the given old members, mentions renumbered, with their texts."""
    keep = np.zeros(len(index.articles), dtype=bool)
    for number in numbers:
        keep[starts[number] : starts[number + 1]] = True
    rows = np.flatnonzero(keep)
    articles = index.articles.iloc[rows].reset_index(drop=True)
    mentions = index.load_mentions()
    art = mentions["art"].to_numpy()
    mine = mentions[keep[art]].copy() if len(art) else mentions.copy()
    position = np.cumsum(keep) - 1
    mine["art"] = position[mine["art"].to_numpy()].astype(np.int32)
    assert index.derived is not None
    return FileIndex(
        index.path,
        articles,
        mine.reset_index(drop=True),
        [],
        texts=[str(t) for t in texts.take(pa.array(rows)).to_pylist()],
        derived=keep_articles(index.derived, keep),
    )


def _read_batch(
    files: list[Path], tagger: Callable[[], Tagger], fields: FieldMap | None, written: Members
) -> FileIndex:
    """Files read one after the other and tagged as one batch, each recorded as a member.

    A file's signature is taken before it is read, so a file that changes while it is read
    is read again next time; one that cannot be read is its own problem.
    """
    columns = Columns([], [], [], np.zeros(0, dtype="datetime64[s]"), [], [], "")
    sources: list[str] = []
    dates: list[dt.date | None] = []
    problems: list[Problem] = []
    for file in files:
        mine: list[Problem] = []
        rows = 0
        try:
            stat = os.stat(file)
            signature = Stamp.of(stat, crc_of_file(file))
            for item in iter_articles(file, fields):
                if isinstance(item, Problem):
                    mine.append(item)
                    continue
                columns.ids.append(item.id)
                columns.titles.append(item.title)
                columns.bodies.append(item.body)
                dates.append(item.date)
                columns.lines.append(item.line)
                sources.append(display_path(file))
                rows += 1
        except OSError as error:
            mine = [gone_problem(file, error)]
            signature = Stamp(-1, -1, -1, -1, "")
            del columns.ids[len(columns.ids) - rows :]
            del columns.titles[len(columns.titles) - rows :]
            del columns.bodies[len(columns.bodies) - rows :]
            del dates[len(dates) - rows :]
            del columns.lines[len(columns.lines) - rows :]
            del sources[len(sources) - rows :]
            rows = 0
        problems.extend(mine)
        written.add(file.name, signature, rows, [p.model_dump() for p in mine])
    columns.dates = as_days(dates)
    return tag_columns(files[0].parent, columns, problems, tagger(), sources)
