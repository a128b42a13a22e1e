"""Building a corpus's index: units from the cache or indexed (in worker processes when it
pays), put together in order."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.core.index.cache import IndexCache
from tui.core.index.corpus import CorpusIndex, assemble
from tui.core.index.model import (
    FileIndex,
    MessageCallback,
    ProgressCallback,
    StatMap,
    stat_files,
)
from tui.core.index.parts import Part
from tui.core.index.shards import index_shard
from tui.core.index.snapshot import corpus_id, crc_memo, snapshot_key
from tui.core.index.units import Unit, index_fresh, scan_units, unit_size
from tui.core.index.workers import Workers, plain_std_streams, stopped_on_error
from tui.core.models import Problem
from tui.core.readers import (
    FieldMap,
    display_path,
    iter_corpus_files,
)
from tui.core.tagger import Tagger
from tui.core.taxonomy import LoadedTaxonomy


class _Run:
    """One build: the units found so far, their indexes as they come, the progress told."""

    def __init__(
        self, files: list[Path], progress: ProgressCallback | None, stats: StatMap
    ) -> None:
        # Keyed by the path's text: hashing a Path costs more than the stat, file after file.
        self.file_stats = stats
        self.size_of: dict[str, int] = {}
        for file in files:
            name = os.fspath(file)
            stat = stats.get(name)
            self.size_of[name] = stat.st_size if isinstance(stat, os.stat_result) else 0
        self.total = sum(self.size_of.values())
        self.done = 0
        self.progress = progress
        self.stats = {"from_cache": 0, "indexed": 0}
        self.units: list[Unit] = []
        self.results: dict[int, FileIndex] = {}
        self.fresh: list[tuple[int, Path | Part]] = []

    def finished(self, position: int, loaded: FileIndex, size: int) -> None:
        self.results[position] = loaded
        self.done += size
        if self.progress:
            self.progress(self.done, self.total)


def build_index(
    paths: Sequence[str | Path],
    taxonomy: LoadedTaxonomy,
    *,
    fields: FieldMap | None = None,
    cache_root: Path | None = None,
    progress: ProgressCallback | None = None,
    message: MessageCallback | None = None,
    tagger: Tagger | None = None,
    workers: int | None = None,
    snapshot: bool | str = False,
    listed: tuple[list[Path], list[Problem]] | None = None,
    stats: StatMap | None = None,
) -> CorpusIndex:
    """Index ``paths`` (files or folders), reusing cached files that have not changed.

    Files to index are shared out to ``workers`` processes (default: one per core) when
    there is enough work to pay for starting them. With ``snapshot`` (and a cache) the index
    is marked as due to be saved as the corpus's snapshot (under that key when it is one);
    opening a corpus from its snapshot is ``tui.core.session.load_index``'s to try.
    ``listed`` is the corpus's files and the problems of finding them, when already known,
    and ``stats`` their stats (each file is stat once a run).
    """
    files, path_problems = listed if listed is not None else iter_corpus_files(paths)
    cache = IndexCache(cache_root, taxonomy, fields) if cache_root is not None else None
    made_tagger: list[Tagger] = [tagger] if tagger is not None else []

    def get_tagger() -> Tagger:
        # Made only when something is indexed in this process: it takes a while to build.
        if not made_tagger:
            made_tagger.append(Tagger(taxonomy))
        return made_tagger[0]

    run = _Run(files, progress, stats if stats is not None else stat_files(files))
    count = workers if workers is not None else (os.cpu_count() or 1)
    _index_units(run, files, taxonomy, fields, (cache_root, cache), count, message)
    # Whatever the processes did not index (one file alone, or the processes failed).
    for position, unit in run.fresh:
        if position not in run.results:
            run.stats["indexed"] += 1
            loaded = index_fresh(unit, get_tagger(), fields, cache, message)
            run.finished(position, loaded, unit_size(unit))
    for position, listed_unit in enumerate(run.units):
        if isinstance(listed_unit, tuple):
            folder, members = listed_unit
            loaded = index_shard(
                folder, members, get_tagger, fields, cache, run.stats, message, run.file_stats
            )
            run.finished(
                position, loaded, sum(map(run.size_of.__getitem__, map(os.fspath, members)))
            )
    file_indexes = [run.results[position] for position in range(len(run.units))]
    # Each part of a file that went away says so: the file's problem is told once.
    file_problems = list(dict.fromkeys(p for loaded in file_indexes for p in loaded.problems))
    problems = [*path_problems, *file_problems]
    names = [display_path(f) for f in files]
    index = assemble(file_indexes, taxonomy, problems, names, run.stats)
    index.corpus = corpus_id(paths)
    if cache is not None and snapshot:
        # Saved by whoever opens the corpus next and can spare the time (save_snapshot).
        key = (
            snapshot
            if isinstance(snapshot, str)
            else snapshot_key(files, run.file_stats, crc_memo(cache_root))
        )
        index.pending_snapshot = (cache.root, key, file_problems)
    return index


def _index_units(
    run: _Run,
    files: list[Path],
    taxonomy: LoadedTaxonomy,
    fields: FieldMap | None,
    caches: tuple[Path | None, IndexCache | None],
    count: int,
    message: MessageCallback | None,
) -> None:
    """Take every unit from the cache, or hand it to worker processes when that pays.

    Files are cut into parts and checked against the cache in a thread while the parts
    found so far are already being indexed in worker processes.
    """
    cache_root, cache = caches
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    scanner = threading.Thread(
        target=scan_units,
        args=(files, run.size_of, cache, message, run.units, events),
        daemon=True,
    )
    scanner.start()
    cache_root, _cache = caches
    pool = Workers(taxonomy, fields, cache_root, count, events) if count > 1 else None
    scanned, failure = False, None
    with (
        plain_std_streams() if pool is not None else contextlib.nullcontext(),
        stopped_on_error(pool),
    ):
        while not scanned or (pool is not None and pool.outstanding):
            kind, payload = events.get()
            if kind == "scanned":
                scanned, failure = True, payload
            elif kind == "unit":
                _take_unit(run, pool, payload, message)
            elif pool is not None and pool.settle(kind, payload, message):
                position, loaded, notes = payload
                for note in notes:
                    if message:
                        message(note)
                run.stats["indexed"] += 1
                unit = run.units[position]
                assert not isinstance(unit, tuple)
                run.finished(position, loaded, unit_size(unit))
        if pool is not None:
            pool.close()
    scanner.join()
    if failure is not None:
        raise failure


def _take_unit(
    run: _Run, pool: Workers | None, payload: Any, message: MessageCallback | None
) -> None:
    """A unit found by the scan: counted if cached, else queued (and offered to the pool)."""
    position, unit, cached = payload
    if isinstance(unit, tuple):
        return
    if cached is not None:
        run.stats["from_cache"] += 1
        run.finished(position, cached, unit_size(unit))
        return
    run.fresh.append((position, unit))
    if pool is not None:
        pool.take(position, unit, message)
