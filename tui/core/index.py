"""The corpus index: articles and their mentions as data frames, cached per file on disk.

Each corpus file is read and tagged on its own and cached as parquet under a key made of the
taxonomy, the tagger version and the field mapping, so a changed file is re-indexed alone and a
changed taxonomy never reuses stale tags. Duplicate stories (the same normalised body) are
dropped when the files are put together, the first one read wins.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import itertools
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tui.core.atomic import remove_stale, replace_dir_atomic, write_text_atomic
from tui.core.checksum import (
    ChecksumError,
    check_bytes,
    crc_of_file,
    dump_checked,
    load_checked,
)
from tui.core.columns import Columns, as_days, read_part_columns
from tui.core.derive import Derived, LazyArrays, concat, derive, keep_articles
from tui.core.interrupt import deferred
from tui.core.models import Article, Problem, Scope, Taxonomy
from tui.core.readers import (
    FieldMap,
    display_path,
    iter_articles,
    iter_corpus_files,
    iter_jsonl_part,
)
from tui.core.tagger import TAGGER_VERSION, Tagger, document_text
from tui.core.taxonomy import LoadedTaxonomy

# The system allocator gives memory back after a big read; Arrow's default pool keeps it.
pa.set_memory_pool(pa.system_memory_pool())

CACHE_FORMAT = "5"
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
"""Below this much text to index, starting worker processes costs more than it saves."""
_TEXT_ROW_GROUP = 256

ProgressCallback = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) as files are indexed."""
MessageCallback = Callable[[str], None]

TEXT = pd.StringDtype("pyarrow")
"""Ids, titles and sources are kept as Arrow strings: a fraction of Python objects' memory."""
ARTICLE_COLUMNS = ["id", "date", "title", "source", "line", "body_hash"]
MENTION_COLUMNS = ["art", "label", "sentence", "paragraph", "start", "end"]


@dataclass
class FileIndex:
    """One corpus file, read and tagged."""

    path: str
    articles: pd.DataFrame
    mentions: pd.DataFrame | None
    """``art`` is the row of the article within this file; None: still on disk."""
    problems: list[Problem]
    texts_path: Path | None = None
    texts: list[str] | None = None
    from_cache: bool = False
    derived: Derived | None = None
    """The counting model of the file (see tui.core.derive)."""
    checksums: dict[str, str] | None = None
    """The checksums of the cache entry's files, checked when they are read."""

    def load_mentions(self) -> pd.DataFrame:
        """The mentions, read from the cache entry when they are not in memory."""
        if self.mentions is None:
            assert self.texts_path is not None
            path = self.texts_path.with_name("mentions.parquet")
            data = path.read_bytes()
            if self.checksums is not None:
                try:
                    check_bytes(data, self.checksums.get(path.name), f"{path}")
                except ChecksumError as error:
                    raise damaged_entry(self, error) from None
            table = pq.read_table(pa.BufferReader(data))
            mentions: pd.DataFrame = table.to_pandas()
            mentions["label"] = mentions["label"].astype(object)
            return mentions
        return self.mentions


def damaged_entry(file_index: FileIndex, error: BaseException) -> ChecksumError:
    """A cache entry found damaged after it was opened (its texts or mentions, read when
    asked for): it is thrown away, so the next start indexes the file again."""
    assert file_index.texts_path is not None
    entry = file_index.texts_path.parent
    with contextlib.suppress(OSError):
        (entry / "meta.json").unlink()
    return ChecksumError(
        f"{display_path(file_index.path)}: the cached index is damaged ({error}); "
        "it is rebuilt on the next start"
    )


Signature = tuple[int, int, str]
"""A corpus file as it is now: size, modification time (ns) and the CRC-32 of its bytes."""


def _signature(path: Path) -> Signature:
    """Raises OSError for a file that is gone or cannot be read."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, crc_of_file(path)


def _gone(path: Path, error: OSError) -> Problem:
    """A file that could be listed but not read: it is that file's problem only."""
    if isinstance(error, FileNotFoundError):
        reason = "the file went away while the corpus was indexed: skipped"
    else:
        reason = f"cannot read: {error.strerror or error}: skipped"
    return Problem(source=display_path(path), reason=reason)


def _unread(path: Path, error: OSError) -> FileIndex:
    """The index of a file that could not be read: no articles, one problem."""
    return FileIndex(
        str(path),
        _empty_articles(),
        _empty_mentions(),
        [_gone(path, error)],
        texts=[],
        derived=None,
    )


def index_file(path: Path, tagger: Tagger, fields: FieldMap | None) -> FileIndex:
    """Read and tag one file; unreadable records become problems, the rest is kept."""
    return _tag_items(path, iter_articles(path, fields), tagger)


def _tag_items(path: Path, items: Iterator[Article | Problem], tagger: Tagger) -> FileIndex:
    """Tag what a reader yields: articles into the tables, problems into the list."""
    columns = Columns([], [], [], np.zeros(0, dtype="datetime64[s]"), [], [], display_path(path))
    problems: list[Problem] = []
    sources: list[str] = []
    dates: list[dt.date | None] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        columns.ids.append(item.id)
        columns.titles.append(item.title)
        columns.bodies.append(item.body)
        dates.append(item.date)
        columns.lines.append(item.line)
        sources.append(item.source)
    columns.dates = as_days(dates)
    return _tag_columns(path, columns, problems, tagger, sources)


def _tag_columns(
    path: Path,
    columns: Columns,
    problems: list[Problem],
    tagger: Tagger,
    sources: list[str] | None = None,
) -> FileIndex:
    """Tag a file's (or part's) articles, given field by field, into its index."""
    texts = [document_text(t, b) for t, b in zip(columns.titles, columns.bodies, strict=True)]
    articles = pd.DataFrame(
        {
            "id": pd.Series(columns.ids, dtype=TEXT),
            "date": columns.dates,
            "title": pd.Series(columns.titles, dtype=TEXT),
            "source": pd.Series(
                sources if sources is not None else [columns.source] * len(columns), dtype=TEXT
            ),
            "line": np.asarray(columns.lines, dtype=np.int64),
        }
    )
    # Duplicates are found by their bodies' fingerprints, which tagging works out on the way.
    found = tagger.tag_batch(texts, [len(title) + 1 if title else 0 for title in columns.titles])
    articles["body_hash"] = found.fingerprints
    mentions_df = pd.DataFrame(
        {
            "art": found.doc.astype(np.int32),
            # Categorical: written to parquet as a dictionary, many times quicker than text.
            "label": pd.Categorical.from_codes(found.label, categories=pd.Index(tagger.label_ids)),
            "sentence": found.sentence.astype(np.int32),
            "paragraph": found.paragraph.astype(np.int32),
            "start": found.start.astype(np.int32),
            "end": found.end.astype(np.int32),
        }
    )
    positions = tagger.taxonomy_positions[found.label]
    derived = derive(mentions_df, len(articles), tagger.taxonomy, positions)
    return FileIndex(str(path), articles, mentions_df, problems, texts=texts, derived=derived)


def slice_index(index: FileIndex, start: int, end: int, texts: list[str]) -> FileIndex:
    """Rows [start, end) of an index, with their mentions renumbered and their texts."""
    articles = index.articles.iloc[start:end].reset_index(drop=True)
    all_mentions = index.load_mentions()
    art = all_mentions["art"].to_numpy()
    mentions = all_mentions[(art >= start) & (art < end)].copy()
    mentions["art"] = (mentions["art"] - start).astype(np.int32)
    mentions = mentions.reset_index(drop=True)
    assert index.derived is not None
    keep = np.zeros(len(index.articles), dtype=bool)
    keep[start:end] = True
    return FileIndex(
        index.path,
        articles,
        mentions,
        [],
        texts=texts[start:end],
        derived=keep_articles(index.derived, keep),
    )


def concat_indexes(path: str, parts: list[FileIndex]) -> FileIndex:
    """One index of several, one after the other (a shard of one-article files)."""
    articles, mentions, texts, problems = [], [], [], []
    offset = 0
    for part in parts:
        articles.append(part.articles)
        shifted = part.load_mentions().copy()
        shifted["art"] = (shifted["art"].astype(np.int64) + offset).astype(np.int32)
        mentions.append(shifted)
        texts.extend(part.texts or [])
        problems.extend(part.problems)
        offset += len(part.articles)
    derived = [part.derived for part in parts if part.derived is not None]
    return FileIndex(
        path,
        pd.concat(articles, ignore_index=True) if articles else _empty_articles(),
        pd.concat(mentions, ignore_index=True) if mentions else _empty_mentions(),
        problems,
        texts=texts,
        derived=concat(derived, [len(part.articles) for part in parts]) if derived else None,
    )


def _empty_articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series([], dtype=TEXT),
            "date": pd.Series([], dtype="datetime64[s]"),
            "title": pd.Series([], dtype=TEXT),
            "source": pd.Series([], dtype=TEXT),
            "line": pd.Series([], dtype=np.int64),
            "body_hash": pd.Series([], dtype=np.int64),
        }
    )


def _empty_mentions() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series([], dtype=np.int32) for name in MENTION_COLUMNS})
    frame["label"] = frame["label"].astype(object)
    return frame


PART_LINES = 10_000
"""Lines per part of a large JSON Lines file: a part is indexed, cached and re-indexed alone."""
PART_MIN_BYTES = 8 * 1024 * 1024
"""Smaller JSON Lines files are one part."""


@dataclass(frozen=True)
class Part:
    """A run of whole lines of a large JSON Lines file."""

    path: Path
    start: int
    end: int
    first_line: int
    digest: str

    def read(self) -> bytes:
        with self.path.open("rb") as handle:
            handle.seek(self.start)
            return handle.read(self.end - self.start)


def is_split(path: Path, size: int) -> bool:
    """Large, plain JSON Lines files are indexed part by part."""
    return path.name.endswith((".jsonl", ".ndjson")) and size >= PART_MIN_BYTES


def scan_parts(path: Path) -> list[Part]:
    """Cut a JSON Lines file after every PART_LINES-th line; each part named by its content.

    Appending to the file changes only its last part; editing a line changes only the
    parts from that line's on if the edit changes the number of lines, else only its own.
    """
    parts: list[Part] = []
    with path.open("rb") as handle:
        data = handle.read()
    view = memoryview(data)  # parts hashed where they lie, not copied out
    cuts = [0]
    while cuts[-1] < len(data):
        cuts.append(_after_lines(data, cuts[-1], PART_LINES))
    for number, (start, end) in enumerate(itertools.pairwise(cuts)):
        digest = hashlib.blake2b(view[start:end], digest_size=16).hexdigest()
        parts.append(Part(path, start, end, number * PART_LINES + 1, digest))
    return parts


def _after_lines(data: bytes, start: int, lines: int) -> int:
    """The offset just after the ``lines``-th line break from ``start`` (or the end).

    Counting breaks in a stretch of bytes runs at memory speed: stretches sized from the
    lines seen so far get within a few lines of the cut, which find() then walks to.
    """
    position, remaining, size = start, lines, len(data)
    while remaining > 0 and position < size:
        seen = position - start
        average = seen / (lines - remaining) if lines > remaining else 256
        if remaining <= 64:
            found = data.find(b"\n", position)
            if found == -1:
                return size
            position, remaining = found + 1, remaining - 1
            continue
        end = min(size, position + max(int(average * (remaining - 32)), 1))
        counted = data.count(b"\n", position, end)
        if counted >= remaining:
            end = position + (end - position) // 2  # overshot: halve the stretch, try again
            if end <= position:
                end = position + 1
            counted = data.count(b"\n", position, end)
            if counted >= remaining:
                continue
        position, remaining = end, remaining - counted
    return min(position, size)


def index_part(part: Part, tagger: Tagger, fields: FieldMap | None) -> FileIndex:
    """Read and tag one part of a file (line numbers as in the whole file)."""
    data = part.read()
    fast = read_part_columns(data, part.path, part.first_line, fields)
    if fast is not None:
        return _tag_columns(part.path, *fast, tagger)
    return _tag_items(part.path, iter_jsonl_part(data, part.path, part.first_line, fields), tagger)


def is_shard_member(path: Path) -> bool:
    """One-article files (the seed text format) are cached together, per folder."""
    return path.name.endswith((".txt", ".txt.gz"))


_ENTRY_FILES = ("articles.parquet", "mentions.parquet", "texts.parquet", "derived.npz")


def read_meta(entry: Path) -> dict[str, Any] | None:
    """An entry's meta.json (None: no entry), checked against its own checksum."""
    meta_file = entry / "meta.json"
    try:
        text = meta_file.read_text("utf-8")
    except FileNotFoundError:
        return None
    return load_checked(text, str(meta_file))


def _read_entry_tables(entry: Path, meta: dict[str, Any]) -> tuple[pd.DataFrame, Derived]:
    """An entry's articles and counting model, after checking every table is whole.

    The tables read whole now (articles, counting model) are checked against their
    checksums; the texts and mentions, read when asked for, are checked then (the texts
    page by page, by parquet's own checksums), and here only for their size and shape.
    """
    sums: dict[str, str] = meta["checksums"]
    sizes: dict[str, int] = meta["sizes"]
    for name in _ENTRY_FILES:
        size = os.path.getsize(entry / name)
        if size != sizes[name]:
            raise ChecksumError(f"{entry / name} has {size:,} bytes, not {sizes[name]:,}")
    data = (entry / "articles.parquet").read_bytes()
    check_bytes(data, sums["articles.parquet"], str(entry / "articles.parquet"))
    articles = pq.read_table(pa.BufferReader(data)).to_pandas()
    del data
    mentions = pq.ParquetFile(entry / "mentions.parquet").metadata
    texts = pq.ParquetFile(entry / "texts.parquet").metadata
    if len(articles) != meta["articles"] or texts.num_rows != meta["articles"]:
        raise ValueError("the entry's tables do not hold the number of articles recorded")
    if mentions.num_rows != meta["mentions"]:
        raise ValueError("the entry's mentions table does not hold the mentions recorded")
    if (
        list(articles.columns) != ARTICLE_COLUMNS
        or mentions.schema.names != MENTION_COLUMNS
        or texts.schema.names != ["text"]
    ):
        raise ValueError("the entry's tables have unexpected columns")
    data = (entry / "derived.npz").read_bytes()
    check_bytes(data, sums["derived.npz"], str(entry / "derived.npz"))
    derived = Derived.load(io.BytesIO(data))
    if len(derived.arrays.get("count", ())) != len(articles):
        raise ValueError("the entry's counting model does not match its articles")
    for column in ("id", "title", "source"):
        articles[column] = articles[column].astype(TEXT)
    articles["date"] = articles["date"].astype("datetime64[s]")
    return articles, derived


def _from_entry(
    path: Path,
    entry: Path,
    articles: pd.DataFrame,
    derived: Derived,
    problems: list[Problem],
    checksums: dict[str, str],
) -> FileIndex:
    """A cached file (or part) as an index. Mentions stay on disk: the counts come from the
    derived model, and an article's mentions are read when someone opens it."""
    articles["source"] = pd.Series(display_path(path), index=articles.index, dtype=TEXT)
    return FileIndex(
        str(path),
        articles,
        None,
        problems,
        texts_path=entry / "texts.parquet",
        from_cache=True,
        derived=derived,
        checksums=checksums,
    )


class IndexCache:
    """Per-file parquet entries under one folder for one taxonomy, tagger and field mapping."""

    def __init__(self, root: Path, taxonomy: LoadedTaxonomy, fields: FieldMap | None) -> None:
        fields_key = fields.model_dump_json() if fields is not None else "{}"
        key = hashlib.sha256(
            f"{CACHE_FORMAT}|{TAGGER_VERSION}|{taxonomy.digest}|{fields_key}".encode()
        ).hexdigest()[:24]
        self.root = root / f"v{CACHE_FORMAT}" / key
        if self.root.is_dir():
            # Staging folders and replaced entries of killed runs start with a dot.
            remove_stale(self.root, ".*")

    def entry(self, path: Path) -> Path:
        # fsencode: a file name need not be UTF-8 (its str then holds surrogate escapes).
        return self.root / hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:24]

    def load(self, path: Path) -> FileIndex | None:
        """The cached index of ``path`` if it holds the file as it is now (same size and
        bytes); None when there is none, or the file changed or cannot be read (indexing
        it then says so); raises on a broken entry."""
        entry = self.entry(path)
        meta = read_meta(entry)
        if meta is None:
            return None
        if meta.get("format") != CACHE_FORMAT or meta.get("path") != str(path.resolve()):
            raise ValueError("the entry was written by another version or for another file")
        try:
            size, mtime, content = _signature(path)
        except OSError:
            return None
        if meta["size"] != size or meta["content"] != content:
            return None
        if meta["mtime_ns"] != mtime:
            meta["mtime_ns"] = mtime
            # Rewritten atomically: another process may be reading this live entry. A cache
            # that cannot be written (read-only) is still good to read.
            with contextlib.suppress(OSError):
                write_text_atomic(entry / "meta.json", dump_checked(meta))
        articles, derived = _read_entry_tables(entry, meta)
        problems = [Problem.model_validate(p) for p in meta["problems"]]
        return _from_entry(path, entry, articles, derived, problems, meta["checksums"])

    def store(self, path: Path, index: FileIndex, signature: Signature) -> None:
        """Write the entry into a staging folder, then move it into place in one step.

        ``signature`` is the file's as it was before it was read: a file that changes while
        it is indexed is indexed again next time.
        """
        size, mtime, content = signature
        meta = {
            "format": CACHE_FORMAT,
            "mentions": len(index.load_mentions()),
            "path": str(path.resolve()),
            "size": size,
            "mtime_ns": mtime,
            "content": content,
            "articles": len(index.articles),
            "problems": [p.model_dump() for p in index.problems],
            "written": time.time(),
        }
        self._write_entry(self.entry(path), index, meta)

    def discard(self, path: Path) -> None:
        shutil.rmtree(self.entry(path), ignore_errors=True)

    # -- parts of a large JSON Lines file: one entry each, named by content ----------------

    def parts_folder(self, path: Path) -> Path:
        return self.root / (self.entry(path).name + "-parts")

    def parts_of(self, path: Path) -> list[Part]:
        """The file's parts: from the manifest while the file holds the same bytes, else cut
        anew (raises OSError when the file cannot be read)."""
        folder = self.parts_folder(path)
        size, mtime, content = _signature(path)
        try:
            manifest = load_checked(
                (folder / "manifest.json").read_text("utf-8"), str(folder / "manifest.json")
            )
            if (manifest["format"], manifest["size"], manifest["content"]) == (
                CACHE_FORMAT,
                size,
                content,
            ):
                return [Part(path, *entry) for entry in manifest["parts"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        parts = scan_parts(path)
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale(folder, ".*")
        manifest = {
            "format": CACHE_FORMAT,
            "path": str(path.resolve()),
            "size": size,
            "mtime_ns": mtime,
            "content": content,
            "parts": [[p.start, p.end, p.first_line, p.digest] for p in parts],
        }
        write_text_atomic(folder / "manifest.json", dump_checked(manifest))
        # Parts the file no longer has are never read again.
        wanted = {p.digest for p in parts}
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name not in wanted and not entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)
        return parts

    def load_part(self, part: Part) -> FileIndex | None:
        entry = self.parts_folder(part.path) / part.digest
        meta = read_meta(entry)
        if meta is None:
            return None
        if meta.get("format") != CACHE_FORMAT or meta.get("digest") != part.digest:
            raise ValueError("the entry was written by another version or for another part")
        articles, derived = _read_entry_tables(entry, meta)
        # The same lines may have moved since they were cached (lines added before them).
        moved = part.first_line - int(meta["first_line"])
        articles["line"] = articles["line"] + moved
        problems = [Problem.model_validate(p) for p in meta["problems"]]
        problems = [
            p.model_copy(update={"line": p.line + moved}) if p.line is not None else p
            for p in problems
        ]
        return _from_entry(part.path, entry, articles, derived, problems, meta["checksums"])

    def store_part(self, part: Part, index: FileIndex) -> None:
        folder = self.parts_folder(part.path)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": CACHE_FORMAT,
            "digest": part.digest,
            "first_line": part.first_line,
            "articles": len(index.articles),
            "mentions": len(index.load_mentions()),
            "problems": [p.model_dump() for p in index.problems],
            "written": time.time(),
        }
        self._write_entry(folder / part.digest, index, meta)

    def discard_part(self, part: Part) -> None:
        shutil.rmtree(self.parts_folder(part.path) / part.digest, ignore_errors=True)

    # -- shards: many one-article files of one folder share an entry ---------------------

    def shard_entry(self, folder: Path) -> Path:
        key = b"shard:" + os.fsencode(folder.resolve())
        return self.root / hashlib.sha256(key).hexdigest()[:24]

    def load_shard(self, folder: Path) -> tuple[dict[str, Any], FileIndex] | None:
        """The shard's member list and tables (texts stay on disk); raises when broken."""
        entry = self.shard_entry(folder)
        meta = read_meta(entry)
        if meta is None:
            return None
        if meta.get("format") != CACHE_FORMAT or meta.get("shard") != str(folder.resolve()):
            raise ValueError("the entry was written by another version or for another folder")
        articles, derived = _read_entry_tables(entry, meta)
        if sum(m["rows"][1] - m["rows"][0] for m in meta["members"]) != len(articles):
            raise ValueError("the entry's members do not add up to its articles")
        index = FileIndex(
            str(folder),
            articles,
            None,
            [],
            texts_path=entry / "texts.parquet",
            from_cache=True,
            derived=derived,
            checksums=meta["checksums"],
        )
        return meta, index

    def store_shard(self, folder: Path, index: FileIndex, members: list[dict[str, Any]]) -> None:
        entry = self.shard_entry(folder)
        meta = {
            "format": CACHE_FORMAT,
            "mentions": len(index.load_mentions()),
            "shard": str(folder.resolve()),
            "members": members,
            "articles": len(index.articles),
            "written": time.time(),
        }
        self._write_entry(entry, index, meta)

    def _write_entry(self, entry: Path, index: FileIndex, meta: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
        try:
            # Nothing reads the column statistics (entries are read whole or by row group),
            # and leaving them out makes writing an entry about a sixth quicker; texts are
            # all different, so a dictionary of them is only tried and thrown away. The
            # tables read a part at a time carry parquet's page checksums, checked then.
            pq.write_table(
                pa.Table.from_pandas(index.articles, preserve_index=False),
                staging / "articles.parquet",
                write_statistics=False,
            )
            pq.write_table(
                pa.Table.from_pandas(index.mentions, preserve_index=False),
                staging / "mentions.parquet",
                write_statistics=False,
                write_page_checksum=True,
            )
            texts = pa.table({"text": pa.array(index.texts or [], type=pa.large_string())})
            pq.write_table(
                texts,
                staging / "texts.parquet",
                row_group_size=_TEXT_ROW_GROUP,
                write_statistics=False,
                use_dictionary=False,
                write_page_checksum=True,
            )
            assert index.derived is not None
            index.derived.save(staging / "derived.npz")
            meta["checksums"] = {name: crc_of_file(staging / name) for name in _ENTRY_FILES}
            meta["sizes"] = {name: os.path.getsize(staging / name) for name in _ENTRY_FILES}
            # meta.json is written last: an entry without it is incomplete and never read.
            (staging / "meta.json").write_text(dump_checked(meta), "utf-8")
            replace_dir_atomic(staging, entry)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        index.texts_path = entry / "texts.parquet"
        index.checksums = meta["checksums"]


class TextStore:
    """Fetches an article's document text on demand, so bodies need not stay in memory."""

    def __init__(self) -> None:
        self._files: list[FileIndex] = []
        self._open: dict[int, pq.ParquetFile] = {}
        self._group_cache: dict[tuple[int, int], list[str]] = {}

    def add(self, file_index: FileIndex) -> int:
        self._files.append(file_index)
        return len(self._files) - 1

    def get(self, file_no: int, row: int) -> str:
        file_index = self._files[file_no]
        if file_index.texts is not None:
            return file_index.texts[row]
        assert file_index.texts_path is not None
        group = row // _TEXT_ROW_GROUP
        key = (file_no, group)
        if key not in self._group_cache:
            with _checked_texts(file_index):
                if file_no not in self._open:
                    self._open[file_no] = _texts_file(file_index.texts_path)
                column = self._open[file_no].read_row_group(group, columns=["text"]).column(0)
            if len(self._group_cache) > 64:
                self._group_cache.clear()
            self._group_cache[key] = column.to_pylist()
        return self._group_cache[key][row % _TEXT_ROW_GROUP]

    def iter_file_texts(self, file_no: int) -> pa.ChunkedArray:
        file_index = self._files[file_no]
        if file_index.texts is not None:
            return pa.chunked_array([pa.array(file_index.texts, type=pa.large_string())])
        return _read_texts(file_index)

    def text_batches(self, file_no: int, rows: int = 4096) -> Iterator[pa.Array]:
        """A file's texts a few thousand at a time, so a pass over them stays small."""
        file_index = self._files[file_no]
        if file_index.texts is not None:
            for start in range(0, len(file_index.texts), rows):
                yield pa.array(file_index.texts[start : start + rows], type=pa.large_string())
            return
        assert file_index.texts_path is not None
        with _checked_texts(file_index):
            parquet = _texts_file(file_index.texts_path)
            for batch in parquet.iter_batches(batch_size=rows, columns=["text"]):
                yield batch.column(0)


def _texts_file(path: Path) -> pq.ParquetFile:
    """A texts table, each page checked against its checksum as it is read."""
    return pq.ParquetFile(path, page_checksum_verification=True)


@contextlib.contextmanager
def _checked_texts(file_index: FileIndex) -> Iterator[None]:
    """Reading a cache entry's texts: a damaged page (or table) throws the entry away."""
    try:
        yield
    except (FileNotFoundError, PermissionError):
        raise  # replaced by another run meanwhile, or not ours to read: not damage
    except (OSError, pa.ArrowException) as error:
        raise damaged_entry(file_index, error) from None


class CorpusIndex:
    """All articles of a corpus with their counting model, duplicates dropped.

    Mentions stay in the per-file cache until they are asked for: ``mentions_of`` reads one
    article's, ``mentions`` all of them (for tests and tools, not for the dashboard).
    """

    def __init__(
        self,
        taxonomy: LoadedTaxonomy,
        articles: pd.DataFrame,
        file_indexes: list[FileIndex],
        keep: np.ndarray,
        problems: list[Problem],
        files: list[str],
        texts: TextStore,
        derived: Derived,
        stats: dict[str, int] | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.articles = articles
        """One row per distinct article, indexed 0..n-1 (``art``); ``file_no``/``row`` locate
        its text and mentions."""
        self.problems = problems
        self.files = files
        self.texts = texts
        self.derived = derived
        self.stats = stats or {}
        self.duplicates = int((~keep).sum())
        self.file_indexes = file_indexes
        """The files (and parts) the articles came from, in order (``file_no``)."""
        self.keep = keep
        """Per article of the files, in order: whether it is kept (not a duplicate)."""
        self._mentions: pd.DataFrame | None = None
        self._file_mentions: dict[int, pd.DataFrame] = {}
        self._scope_lock = threading.Lock()
        self.pending_snapshot: tuple[Path, str, list[Problem]] | None = None
        """Where and under what key a snapshot of this index is due, and its files' problems."""

    def ensure_scope(self, scope: Scope) -> None:
        """Work out the theme pairs of ``scope`` if the counting model lacks them.

        Indexing works out the article scope only (the one the dashboard opens with); a
        paragraph or sentence scope is worked out from the files' cached mentions the first
        time it is asked for.
        """
        prefix = f"pairs.{scope.value}."
        with self._scope_lock:
            if any(key.startswith(prefix) for key in self.derived.arrays):
                return
            models = [
                derive(fi.load_mentions(), len(fi.articles), self.taxonomy, scopes=(scope,))
                for fi in self.file_indexes
            ]
            if not models:
                models = [derive(_empty_mentions(), 0, self.taxonomy, scopes=(scope,))]
            sizes = [len(model.arrays["count"]) for model in models]
            joined = (
                keep_articles(concat(models, sizes), self.keep) if self.file_indexes else models[0]
            )
            arrays = {key: joined.arrays[key] for key in joined.arrays if key.startswith(prefix)}
            derived_arrays = self.derived.arrays
            assert isinstance(derived_arrays, LazyArrays)
            derived_arrays.add(arrays)

    @property
    def undated(self) -> int:
        return int(self.articles["date"].isna().sum())

    @property
    def mention_count(self) -> int:
        return int(self.derived.arrays["count"].sum()) if self.derived.arrays else 0

    def text(self, art: int) -> str:
        row = self.articles.iloc[art]
        return self.texts.get(int(row["file_no"]), int(row["row"]))

    def _mentions_of_file(self, file_no: int) -> pd.DataFrame:
        if file_no not in self._file_mentions:
            if len(self._file_mentions) >= 2:
                self._file_mentions.clear()
            self._file_mentions[file_no] = self.file_indexes[file_no].load_mentions()
        return self._file_mentions[file_no]

    def text_bytes(self) -> int:
        """About how much article text the corpus holds (from its files' sizes)."""
        total = 0
        for name in self.files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(name)
        return total

    def mentions_of(self, art: int) -> pd.DataFrame:
        """One article's mentions (art, label, sentence, paragraph, start, end)."""
        row = self.articles.iloc[art]
        frame = self._mentions_of_file(int(row["file_no"]))
        mine = frame[frame["art"].to_numpy() == int(row["row"])].copy()
        mine["art"] = art
        known: pd.DataFrame = mine[mine["label"].isin(set(self.taxonomy.labels))]
        return known.reset_index(drop=True)

    @property
    def mentions(self) -> pd.DataFrame:
        """Every mention of the corpus, ``art`` numbered like ``articles``."""
        if self._mentions is None:
            self._mentions = self._all_mentions()
        return self._mentions

    def _all_mentions(self) -> pd.DataFrame:
        parts = []
        offset = 0
        for file_index in self.file_indexes:
            part = file_index.load_mentions().copy()
            part["art"] = part["art"].astype(np.int64) + offset
            parts.append(part)
            offset += len(file_index.articles)
        mentions = pd.concat(parts, ignore_index=True) if parts else _empty_mentions()
        new_position = np.cumsum(self.keep) - 1
        art = mentions["art"].to_numpy()
        mentions = mentions[self.keep[art]].copy() if len(art) else mentions
        mentions["art"] = new_position[mentions["art"].to_numpy()].astype(np.int32)
        mentions = mentions[mentions["label"].isin(set(self.taxonomy.labels))]
        mentions = mentions.reset_index(drop=True)
        mentions["label"] = pd.Categorical(mentions["label"], categories=list(self.taxonomy.labels))
        return mentions

    def summary(self) -> dict[str, Any]:
        dates = self.articles["date"].dropna()
        return {
            "files": len(self.files),
            "articles": len(self.articles),
            "duplicates": self.duplicates,
            "undated": self.undated,
            "problems": sum(1 for p in self.problems if p.severity == "error"),
            "warnings": sum(1 for p in self.problems if p.severity == "warning"),
            "mentions": self.mention_count,
            "first_date": dates.min().date().isoformat() if len(dates) else None,
            "last_date": dates.max().date().isoformat() if len(dates) else None,
            "from_cache": self.stats.get("from_cache", 0),
            "indexed": self.stats.get("indexed", 0),
        }


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
    snapshot: bool = False,
) -> CorpusIndex:
    """Index ``paths`` (files or folders), reusing cached files that have not changed.

    Files to index are shared out to ``workers`` processes (default: one per core) when
    there is enough work to pay for starting them. With ``snapshot`` (and a cache), the
    whole index is also saved as one snapshot, and an unchanged corpus is opened from it.
    """
    # Imported here: the snapshot module builds on this one's classes.
    from tui.core.snapshot import load_snapshot, snapshot_key

    files, path_problems = iter_corpus_files(paths)
    cache = IndexCache(cache_root, taxonomy, fields) if cache_root is not None else None
    key = None
    if cache is not None and snapshot:
        try:
            key = snapshot_key(files)
            whole = load_snapshot(cache.root, key, taxonomy, path_problems)
        except Exception as error:  # a broken snapshot is rebuilt, not trusted
            whole = None
            if message:
                message(
                    f"{cache.root}: the corpus snapshot could not be read ({error}); rebuilding"
                )
        if whole is not None:
            if progress:
                progress(1, 1)
            return whole
    made_tagger: list[Tagger] = [tagger] if tagger is not None else []

    def get_tagger() -> Tagger:
        # Made only when something is indexed in this process: it takes a while to build.
        if not made_tagger:
            made_tagger.append(Tagger(taxonomy))
        return made_tagger[0]

    sizes = []
    for file in files:
        try:
            sizes.append(file.stat().st_size)
        except OSError:
            sizes.append(0)
    total = sum(sizes)
    done = 0
    problems = list(path_problems)
    stats = {"from_cache": 0, "indexed": 0}
    size_of = dict(zip(files, sizes, strict=True))
    units: list[Unit] = []
    results: dict[int, FileIndex] = {}
    fresh: list[tuple[int, Path | Part]] = []

    def finished(position: int, loaded: FileIndex, size: int) -> None:
        nonlocal done
        results[position] = loaded
        done += size
        if progress:
            progress(done, total)

    # Files are cut into parts and checked against the cache in a thread while the parts
    # found so far are already being indexed in worker processes.
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    scanner = threading.Thread(
        target=_scan, args=(files, size_of, cache, message, units, events), daemon=True
    )
    scanner.start()
    count = workers if workers is not None else (os.cpu_count() or 1)
    pool = _Workers(taxonomy, fields, cache_root, count, events) if count > 1 else None
    scanned, failure = False, None
    with (
        _plain_std_streams() if pool is not None else contextlib.nullcontext(),
        _stopped_on_error(pool),
    ):
        while not scanned or (pool is not None and pool.outstanding):
            kind, payload = events.get()
            if kind == "scanned":
                scanned, failure = True, payload
            elif kind == "unit":
                position, unit, cached = payload
                if isinstance(unit, tuple):
                    continue
                if cached is not None:
                    stats["from_cache"] += 1
                    finished(position, cached, _unit_size(unit))
                    continue
                fresh.append((position, unit))
                if pool is not None:
                    pool.take(position, unit, message)
            elif pool is not None and pool.settle(kind, payload, message):
                position, loaded, notes = payload
                for note in notes:
                    if message:
                        message(note)
                stats["indexed"] += 1
                unit = units[position]
                assert not isinstance(unit, tuple)
                finished(position, loaded, _unit_size(unit))
        if pool is not None:
            pool.close()
    scanner.join()
    if failure is not None:
        raise failure
    # Whatever the processes did not index (one file alone, or the processes failed).
    for position, unit in fresh:
        if position not in results:
            stats["indexed"] += 1
            loaded = _index_fresh(unit, get_tagger(), fields, cache, message)
            finished(position, loaded, _unit_size(unit))
    for position, unit in enumerate(units):
        if isinstance(unit, tuple):
            folder, members = unit
            loaded = _index_shard(folder, members, get_tagger, fields, cache, stats, message)
            finished(position, loaded, sum(size_of[m] for m in members))
    file_indexes = [results[position] for position in range(len(units))]
    # Each part of a file that went away says so: the file's problem is told once.
    file_problems = list(dict.fromkeys(p for loaded in file_indexes for p in loaded.problems))
    problems.extend(file_problems)
    index = assemble(file_indexes, taxonomy, problems, [display_path(f) for f in files], stats)
    if cache is not None and key is not None:
        # Saved by whoever opens the corpus next and can spare the time (save_snapshot).
        index.pending_snapshot = (cache.root, key, file_problems)
    return index


@contextlib.contextmanager
def _stopped_on_error(pool: _Workers | None) -> Iterator[None]:
    """Worker processes are ended if indexing stops on an error or an interrupt."""
    try:
        yield
    except BaseException:
        if pool is not None:
            pool.stop()
        raise


def _scan(
    files: list[Path],
    size_of: dict[Path, int],
    cache: IndexCache | None,
    message: MessageCallback | None,
    units: list[Unit],
    events: queue.Queue[tuple[str, Any]],
) -> None:
    """Put every unit on ``events`` with its cached index, if any, then "scanned"."""
    failure: BaseException | None = None
    try:
        for unit in _units(files, size_of, cache, message):
            position = len(units)
            units.append(unit)
            cached = None if isinstance(unit, tuple) else _load_cached(unit, cache, message)
            events.put(("unit", (position, unit, cached)))
    except BaseException as error:  # handed to the indexing thread, which raises it
        failure = error
    events.put(("scanned", failure))


class _Workers:
    """Worker processes, started once the units waiting to be indexed hold enough text to
    pay for starting them (a file or two is quicker to index here).

    Finished units are put on ``events`` as ("indexed", (position, index, notes)); if the
    processes fail, the units they did not finish are simply left for the caller.
    """

    def __init__(
        self,
        taxonomy: LoadedTaxonomy,
        fields: FieldMap | None,
        cache_root: Path | None,
        count: int,
        events: queue.Queue[tuple[str, Any]],
    ) -> None:
        self._args = (taxonomy.model, taxonomy.source, taxonomy.digest, fields, cache_root)
        # The workers watch the read end of a pipe only this process can write to: when
        # this process ends, however it ends (SIGKILL included), they see its end and exit.
        self._lifeline: tuple[Connection, Connection] | None = None
        self._count = count
        self._events = events
        self._waiting: list[tuple[int, Path | Part]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self.outstanding = 0

    def take(self, position: int, unit: Path | Part, message: MessageCallback | None) -> None:
        if self._broken:
            return
        if self._pool is None:
            self._waiting.append((position, unit))
            if len(self._waiting) < 2 or (
                sum(_unit_size(u) for _, u in self._waiting) < PARALLEL_MIN_BYTES
            ):
                return
        try:
            # Processes are started as units are submitted; they start with SIGINT blocked,
            # so a Ctrl-C (sent to the whole process group) is this process's alone to
            # handle: it ends them (stop), rather than each printing a traceback. Nor is
            # this process interrupted while it starts one (which would never get its work).
            with deferred(), _sigint_blocked():
                if self._pool is None:
                    context = multiprocessing.get_context("spawn")
                    self._lifeline = context.Pipe(duplex=False)
                    # The processes are spawned, not forked: the dashboard indexes from a
                    # thread, and forking a threaded process is unsafe.
                    self._pool = ProcessPoolExecutor(
                        max_workers=self._count,
                        mp_context=context,
                        initializer=_start_worker,
                        initargs=(*self._args, self._lifeline[0], os.getpid()),
                    )
                    waiting, self._waiting = self._waiting, []
                    for item in waiting:
                        self._submit(*item)
                else:
                    self._submit(position, unit)
        except (OSError, ValueError, RuntimeError, BrokenProcessPool) as error:
            self._fail(error, message)

    def _submit(self, position: int, unit: Path | Part) -> None:
        assert self._pool is not None
        future = self._pool.submit(_worker_index, unit)
        self.outstanding += 1

        def done(future: Future[tuple[FileIndex, list[str]]]) -> None:
            try:
                loaded, notes = future.result()
            except BaseException as error:  # the unit is indexed by the caller instead
                self._events.put(("failed", (position, error)))
            else:
                self._events.put(("indexed", (position, loaded, notes)))

        future.add_done_callback(done)

    def settle(self, kind: str, payload: Any, message: MessageCallback | None) -> bool:
        """Count a finished unit; True when it was indexed."""
        self.outstanding -= 1
        if kind == "failed":
            self._fail(payload[1], message)
            return False
        return True

    def _fail(self, error: BaseException, message: MessageCallback | None) -> None:
        if not self._broken and message:
            message(f"worker processes failed ({error}); indexing in one process")
        self._broken = True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._cut_lifeline()

    def stop(self) -> None:
        """End the processes (the run was interrupted or failed): what is not started is
        dropped, what is running is let finish (a part takes about a second at most).

        Not killed: a process killed while it sends back its result leaves the pool's
        result pipe half written, and the pool (and with it the interpreter's exit) waits
        for the rest for ever. A second Ctrl-C meanwhile waits too.
        """
        with deferred():
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._cut_lifeline()

    def _cut_lifeline(self) -> None:
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread: processes started meanwhile inherit it blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    # Starting multiprocessing's resource tracker unblocks SIGINT in the thread that starts
    # it (after blocking it for the tracker): it is started first, so it cannot.
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with_parent(lifeline: Connection | None, parent: int) -> None:
    """Make this worker process end when the process that started it does.

    On Linux the kernel kills it at once (PR_SET_PDEATHSIG); everywhere, a thread waits on
    the lifeline pipe, whose writing end only the parent holds, and exits when it closes.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if lifeline is not None:

        def watch() -> None:
            with contextlib.suppress(EOFError, OSError):
                lifeline.recv_bytes()
            os._exit(1)

        threading.Thread(target=watch, name="lifeline", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)  # the parent ended before any of this was in place


Unit = Path | Part | tuple[Path, list[Path]]
"""What is indexed and cached as one: a file, a part of a large file, or a folder's shard."""


def _unit_size(unit: Path | Part) -> int:
    if isinstance(unit, Part):
        return unit.end - unit.start
    try:
        return unit.stat().st_size
    except OSError:
        return 0


def _units(
    files: list[Path],
    size_of: dict[Path, int],
    cache: IndexCache | None,
    message: MessageCallback | None,
) -> Iterator[Unit]:
    """Files in order: large JSON Lines files cut into parts, one-article files gathered per
    folder where the first one stood (a shard's member list is complete once all are given).

    Given one at a time, so the first file's parts are indexed while the next is cut.
    """
    shards: dict[Path, list[Path]] = {}
    for file in files:
        if is_split(file, size_of[file]):
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
        if not is_shard_member(file):
            yield file
            continue
        if file.parent not in shards:
            shards[file.parent] = []
            yield (file.parent, shards[file.parent])
        shards[file.parent].append(file)


def _load_cached(
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


def _index_fresh(
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
            signature = _signature(unit) if cache is not None else None
            loaded = index_file(unit, tagger, fields)
    except OSError as error:
        return _unread(unit.path if isinstance(unit, Part) else unit, error)
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


_WORKER: dict[str, Any] = {}


def _start_worker(
    model: Taxonomy,
    source: str,
    digest: str,
    fields: FieldMap | None,
    cache_root: Path | None,
    lifeline: Connection | None = None,
    parent: int | None = None,
) -> None:
    _die_with_parent(lifeline, parent if parent is not None else os.getppid())
    taxonomy = LoadedTaxonomy(model, source, digest)
    _WORKER["tagger"] = Tagger(taxonomy)
    _WORKER["fields"] = fields
    _WORKER["cache"] = IndexCache(cache_root, taxonomy, fields) if cache_root else None


def _worker_index(path: Path | Part) -> tuple[FileIndex, list[str]]:
    notes: list[str] = []
    loaded = _index_fresh(
        path, _WORKER["tagger"], _WORKER["fields"], _WORKER["cache"], notes.append
    )
    return loaded, notes


@contextlib.contextmanager
def _plain_std_streams() -> Iterator[None]:
    """Real files as stdout and stderr while worker processes start.

    Starting them hands on the file descriptors of sys.stdout and sys.stderr; under a
    dashboard those are the UI's stand-ins, which have none.
    """
    saved = sys.stdout, sys.stderr
    with open(os.devnull, "w") as sink:
        try:
            if not _has_fileno(sys.stdout):
                sys.stdout = sink
            if not _has_fileno(sys.stderr):
                sys.stderr = sink
            yield
        finally:
            sys.stdout, sys.stderr = saved


def _has_fileno(stream: object) -> bool:
    try:
        return int(stream.fileno()) >= 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def _index_shard(
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
            size, mtime, content = _signature(file)
        except OSError as error:
            # Gone since the folder was listed: its problem alone, and no member any more.
            gone.append(_gone(file, error))
            changed = True
            continue
        kept.append(file)
        record = known.get(str(file.resolve()))
        reuse = record is not None and record["size"] == size and record["content"] == content
        if reuse and old is not None and old_texts is None:
            try:
                old_texts = [str(t) for t in _read_texts(old[1]).to_pylist()]
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


def _read_texts(index: FileIndex) -> pa.ChunkedArray:
    assert index.texts_path is not None
    with _checked_texts(index):
        return _texts_file(index.texts_path).read(columns=["text"]).column(0)


def assemble(
    file_indexes: list[FileIndex],
    taxonomy: LoadedTaxonomy,
    problems: list[Problem],
    files: list[str],
    stats: dict[str, int],
) -> CorpusIndex:
    """Put per-file indexes together, dropping duplicate bodies (the first one read wins)."""
    store = TextStore()
    article_parts: list[pd.DataFrame] = []
    for file_index in file_indexes:
        file_no = store.add(file_index)
        part = file_index.articles.copy()
        part["file_no"] = np.int32(file_no)
        part["row"] = np.arange(len(part), dtype=np.int32)
        article_parts.append(part)
    if article_parts:
        articles = pd.concat(article_parts, ignore_index=True)
    else:
        articles = _empty_articles()
        articles["file_no"] = pd.Series([], dtype=np.int32)
        articles["row"] = pd.Series([], dtype=np.int32)
    models = [
        fi.derived if fi.derived is not None else _derive_again(fi, taxonomy) for fi in file_indexes
    ]
    derived = concat(models, [len(fi.articles) for fi in file_indexes])
    keep = ~articles["body_hash"].duplicated(keep="first").to_numpy()
    if not keep.all():
        articles = articles[keep].reset_index(drop=True)
        derived = keep_articles(derived, keep)
    # A file's name repeats on each of its articles: stored once per file, not once per row.
    articles["source"] = articles["source"].astype("category")
    if not derived.arrays:
        derived = derive(_empty_mentions(), 0, taxonomy)
    return CorpusIndex(
        taxonomy, articles, file_indexes, keep, problems, files, store, derived, stats
    )


def _derive_again(file_index: FileIndex, taxonomy: LoadedTaxonomy) -> Derived:
    file_index.derived = derive(file_index.load_mentions(), len(file_index.articles), taxonomy)
    return file_index.derived
