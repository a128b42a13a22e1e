"""A whole corpus's index saved as one snapshot, so opening an unchanged corpus is quick.

The per-file cache entries make re-indexing incremental, but putting a large corpus together
from them (a hundred parquet files, their counting models concatenated, duplicates dropped)
takes seconds. The snapshot keeps the result: the article table as an Arrow file and every
array of the counting model as a .npy file, both mapped from disk rather than read. It is
keyed by the corpus files' paths, sizes and contents (the CRC-32 of every byte, worked out
on every open); any change and it is not used (and is written anew once the corpus has been
put together again). Every file of the snapshot is checked against its checksum when it is
opened, so a damaged snapshot is rebuilt rather than counted from. The texts and mentions
stay in the per-file entries, which the snapshot names.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tui.core.atomic import remove_stale, replace_dir_atomic
from tui.core.checksum import (
    crc_of_file,
    crc_of_files,
    dump_checked,
    load_checked,
    remembered_crcs,
    verify_files,
)
from tui.core.derive import Derived, LazyArrays
from tui.core.index.cache import read_meta
from tui.core.index.corpus import CorpusIndex
from tui.core.index.model import TEXT, FileIndex, StatMap, stat_files
from tui.core.index.texts import TextStore
from tui.core.index.units import SHARD_SUFFIXES
from tui.core.models import Problem
from tui.core.taxonomy import LoadedTaxonomy

SNAPSHOT_FORMAT = "6"
"""6: the key is made of lists (names, then stamps), not of a line per file; the corpus
paths are recorded, so the last snapshot of them opens before the corpus is listed."""
_FOLDER = "snapshot"


def crc_memo(cache_root: Path | None) -> Path | None:
    """Where the corpus files' CRCs are remembered under a cache (None: no cache): beside
    the versions' folders, as a CRC does not depend on the cache's format."""
    return cache_root / "corpus-crcs.json" if cache_root else None


def snapshot_key(files: list[Path], stats: StatMap | None = None, memo: Path | None = None) -> str:
    """What the snapshot must have been made from: every corpus file as it is now (its size
    and bytes; a file that cannot be read makes a key no snapshot has).

    A one-article file is known by its size, times and inode, as its shard's entry knows it
    (an edit that puts the modification time back still moves the change time): reading
    every one of a hundred thousand files would cost more than the snapshot saves.
    ``stats``: the files' stats when already taken this run (each file is stat once). The
    key is worked out list by list, not file by file: it is on the way of every start.
    ``memo``: the file the whole files' CRCs are remembered in (``crc_memo``).
    """
    names = [os.fspath(file) for file in files]
    if stats is None:
        stats = stat_files(files)
    found = [stats.get(name) for name in names]
    stamps = [
        (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)
        if isinstance(s, os.stat_result)
        else _UNREADABLE
        for s in found
    ]
    whole = [n for n, name in enumerate(names) if not name.endswith(SHARD_SUFFIXES)]
    checked = [files[n] for n in whole]
    with remembered_crcs(memo, checked):
        crcs = crc_of_files(checked)
    for number, crc in zip(whole, crcs, strict=True):
        # A whole file is known by its size and bytes; its times may change freely.
        size = stamps[number][0]
        stamps[number] = (
            _UNREADABLE if isinstance(crc, OSError) or size < 0 else (size, int(crc, 16), 0, -2)
        )
    folders = sorted({os.path.dirname(name) for name in _one_per_folder(names)})
    digest = hashlib.sha256(SNAPSHOT_FORMAT.encode() + b"\0")
    for folder in folders:
        # Where each folder really is: a symlink pointed elsewhere is another corpus.
        digest.update(os.fsencode(f"{folder}\0{os.path.realpath(folder or '.')}\0"))
    digest.update(os.fsencode("\0".join(names)) + b"\0")
    digest.update(np.asarray(stamps, dtype=np.int64).reshape(-1, 4).tobytes())
    return digest.hexdigest()


_UNREADABLE = (-1, -1, -1, -1)


def _one_per_folder(names: list[str]) -> list[str]:
    """A name of each folder (those with the same text up to their last separator share
    their folder): quick for a hundred thousand names, where a dirname of each is not."""
    if os.altsep:
        return names
    return list({name[: name.rfind(os.sep) + 1]: name for name in names}.values())


def save_snapshot(index: CorpusIndex) -> bool:
    """Write the snapshot ``index`` is due for, if any (atomically); True when written.

    It takes a second or two at a million articles, so the dashboard does it once the
    corpus is on screen rather than making anyone wait for it.
    """
    if index.pending_snapshot is None:
        return False
    root, key, problems = index.pending_snapshot
    _write(root, key, index, problems)
    index.pending_snapshot = None
    return True


def _write(root: Path, key: str, index: CorpusIndex, problems: list[Problem]) -> None:
    """``problems`` are the files' problems (those of finding the files are found anew)."""
    entries = []
    for file_index in index.file_indexes:
        if file_index.texts_path is None:
            return  # texts held only in memory (no cache entry): nothing to point at
        entries.append(
            {
                "path": file_index.path,
                "entry": str(file_index.texts_path.parent),
                "articles": len(file_index.articles),
            }
        )
    root.mkdir(parents=True, exist_ok=True)
    remove_stale(root, ".snapshot.*")
    staging = Path(tempfile.mkdtemp(prefix=".snapshot.", dir=root))
    try:
        table = pa.Table.from_pandas(index.articles, preserve_index=False)
        with (
            pa.OSFile(str(staging / "articles.arrow"), "wb") as sink,
            pa.ipc.new_file(sink, table.schema) as writer,
        ):
            writer.write_table(table)
        del table  # a copy of the article table: not kept while the arrays are written
        arrays = staging / "arrays"
        arrays.mkdir()
        names = list(index.derived.arrays)
        source = index.derived.arrays

        def peek(name: str) -> np.ndarray:
            # Peeked, not kept: arrays of other scopes need not stay in memory after this.
            return source.peek(name) if isinstance(source, LazyArrays) else source[name]

        day = _day_of_article(index.articles["date"])
        order: tuple[str, np.ndarray] | None = None
        for number, name in enumerate(names):
            values = peek(name)
            prefix = name.rsplit(".", 1)[0]
            if name.startswith("pairs."):
                # Stored by day (stably, so each article's rows stay together and in order):
                # the query layer keeps pairs that way, and then has no sorting to do. One
                # table's order at a time (a table's arrays are named one after the other).
                if order is None or order[0] != prefix:
                    order = None  # the last table's order freed before the next is made
                    order = (prefix, np.argsort(day[peek(f"{prefix}.art")], kind="stable"))
                values = values[order[1]]
            np.save(arrays / f"{number}.npy", np.ascontiguousarray(values))
            del values
        np.save(staging / "keep.npy", index.keep)
        stored = ["articles.arrow", "keep.npy", *(f"arrays/{n}.npy" for n in range(len(names)))]
        meta = {
            "format": SNAPSHOT_FORMAT,
            "key": key,
            "corpus": index.corpus,
            "arrays": names,
            "entries": entries,
            "files": index.files,
            "problems": [p.model_dump() for p in problems],
            "checksums": {name: crc_of_file(staging / name) for name in stored},
        }
        # meta.json last: a snapshot without it is incomplete and never read.
        (staging / "meta.json").write_text(dump_checked(meta), "utf-8")
        replace_dir_atomic(staging, root / _FOLDER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _day_of_article(dates: pd.Series) -> np.ndarray:
    """Each article's day number, undated ones last."""
    days = dates.to_numpy(dtype="datetime64[D]")
    dated = ~np.isnat(days)
    result: np.ndarray = np.where(dated, days.astype(np.int64), np.iinfo(np.int64).max)
    return result


def corpus_id(paths: Sequence[str | Path]) -> str:
    """The corpus paths as given (each where it really is): what a snapshot is of, before
    any of its files is looked at."""
    where = "\0".join(os.path.realpath(path) for path in paths)
    return hashlib.sha256(os.fsencode(where)).hexdigest()


def _wanted(meta: dict[str, Any], key: str | None, corpus: str | None) -> bool:
    """Whether the snapshot is the one asked for: under ``key``, or with no key of the
    ``corpus`` paths (and of this snapshot format either way)."""
    if meta.get("format") != SNAPSHOT_FORMAT:
        return False
    if key is not None:
        return bool(meta.get("key") == key)
    return corpus is not None and meta.get("corpus") == corpus


def load_snapshot(
    root: Path,
    key: str | None,
    taxonomy: LoadedTaxonomy,
    path_problems: list[Problem],
    corpus: str | None = None,
) -> CorpusIndex | None:
    """The snapshot's index if it was made from the corpus as it is now, else None.

    With no ``key``, the last snapshot of the ``corpus`` paths, whatever its files are now:
    quick to show (no file of the corpus looked at), and to be checked after (its
    ``snapshot_key`` against the corpus's). Raises when the snapshot is there but broken
    (the caller rebuilds and replaces it).
    """
    folder = root / _FOLDER
    meta_file = folder / "meta.json"
    if not meta_file.exists():
        return None
    meta: dict[str, Any] = load_checked(meta_file.read_text("utf-8"), str(meta_file))
    if not _wanted(meta, key, corpus):
        return None
    store = TextStore()
    file_indexes = []
    for entry in meta["entries"]:
        texts_path = Path(entry["entry"]) / "texts.parquet"
        try:
            entry_meta = read_meta(texts_path.parent)
        except (OSError, ValueError):
            entry_meta = None
        if entry_meta is None or not texts_path.exists():
            # An entry it points at has gone, or was found damaged and thrown away: put the
            # corpus together again.
            return None
        file_index = FileIndex(
            entry["path"],
            pd.DataFrame(index=pd.RangeIndex(int(entry["articles"]))),
            None,
            [],
            texts_path=texts_path,
            from_cache=True,
            checksums=entry_meta["checksums"],
        )
        store.add(file_index)
        file_indexes.append(file_index)
    # Every file is checked before anything is counted from it: a flipped bit in an array
    # would otherwise be a wrong number, silently.
    verify_files(folder, meta["checksums"], str(folder))
    articles = (
        pa.ipc.open_file(pa.memory_map(str(folder / "articles.arrow"))).read_all().to_pandas()
    )
    for column in ("id", "title"):
        articles[column] = articles[column].astype(TEXT)
    articles["date"] = articles["date"].astype("datetime64[s]")
    source = articles["source"].cat
    articles["source"] = pd.Categorical.from_codes(
        source.codes, categories=source.categories.astype(TEXT)
    )
    keep = np.load(folder / "keep.npy")
    names: list[str] = meta["arrays"]
    arrays = folder / "arrays"
    position = {name: number for number, name in enumerate(names)}

    def read(name: str) -> np.ndarray:
        values: np.ndarray = np.load(arrays / f"{position[name]}.npy", mmap_mode="r")
        return values

    derived = Derived(LazyArrays({"count": read("count")}, names, read))
    if len(derived.arrays["count"]) != len(articles) or int(keep.sum()) != len(articles):
        raise ValueError("the snapshot's tables do not match each other")
    problems = [*path_problems, *(Problem.model_validate(p) for p in meta["problems"])]
    stats = {"from_cache": len(file_indexes), "indexed": 0, "snapshot": 1}
    index = CorpusIndex(
        taxonomy, articles, file_indexes, keep, problems, meta["files"], store, derived, stats
    )
    index.corpus = meta.get("corpus")
    index.snapshot_key = meta["key"]
    return index
