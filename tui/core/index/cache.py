"""Cache entries: one folder of parquet tables per file, part or shard, checked on read."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

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
from tui.core.derive import Derived
from tui.core.index.members import (
    MEMBERS_FILE,
    NAMES_FILE,
    Members,
    read_members,
    write_members,
)
from tui.core.index.model import (
    ARTICLE_COLUMNS,
    MENTION_COLUMNS,
    TEXT,
    TEXT_ROW_GROUP,
    FileIndex,
    Signature,
    file_signature,
)
from tui.core.index.parts import Part, scan_parts
from tui.core.index.words import WORD_FILES, save_words
from tui.core.models import Problem
from tui.core.readers import (
    FieldMap,
    display_path,
)
from tui.core.tagger import TAGGER_VERSION
from tui.core.taxonomy import LoadedTaxonomy

# 7: problems carry a severity of "skipped" and JSON-array records are numbered by record.
CACHE_FORMAT = "7"
SHARD_FORMAT = "2"
"""2: a shard's members are a table of their own (members.arrow), not lists in meta.json."""


_ENTRY_FILES = (
    "articles.parquet",
    "mentions.parquet",
    "texts.parquet",
    "derived.npz",
    *WORD_FILES,
)


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
            size, mtime, content = file_signature(path)
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
        size, mtime, content = file_signature(path)
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

    def load_shard(self, folder: Path) -> tuple[Members, FileIndex] | None:
        """The shard's members and tables (texts stay on disk); raises when broken.

        None when there is no entry, or one in an older layout (rebuilt without a word).
        """
        entry = self.shard_entry(folder)
        meta = read_meta(entry)
        if meta is None or meta.get("shard_format") != SHARD_FORMAT:
            return None
        if meta.get("format") != CACHE_FORMAT or meta.get("shard") != str(folder.resolve()):
            raise ValueError("the entry was written by another version or for another folder")
        data = (entry / MEMBERS_FILE).read_bytes()
        check_bytes(data, meta["checksums"][MEMBERS_FILE], str(entry / MEMBERS_FILE))
        names = (entry / NAMES_FILE).read_bytes()
        check_bytes(names, meta["checksums"][NAMES_FILE], str(entry / NAMES_FILE))
        members = Members.load(read_members(data), names, meta["member_problems"])
        del data, names
        articles, derived = _read_entry_tables(entry, meta)
        if sum(members.rows) != len(articles):
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
        return members, index

    def store_shard(self, folder: Path, index: FileIndex, members: Members) -> None:
        entry = self.shard_entry(folder)
        meta = {
            "format": CACHE_FORMAT,
            "shard_format": SHARD_FORMAT,
            "mentions": len(index.load_mentions()),
            "shard": str(folder.resolve()),
            "member_problems": members.problems_record(),
            "articles": len(index.articles),
            "written": time.time(),
        }
        self._write_entry(entry, index, meta, members)

    def _write_entry(
        self, entry: Path, index: FileIndex, meta: dict[str, Any], members: Members | None = None
    ) -> None:
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
                row_group_size=TEXT_ROW_GROUP,
                write_statistics=False,
                use_dictionary=False,
                write_page_checksum=True,
            )
            assert index.derived is not None
            index.derived.save(staging / "derived.npz")
            save_words(index.texts or [], staging)
            names = list(_ENTRY_FILES)
            if members is not None:
                write_members(members.table(), staging / MEMBERS_FILE)
                (staging / NAMES_FILE).write_bytes(members.names_blob())
                names += [MEMBERS_FILE, NAMES_FILE]
            meta["checksums"] = {name: crc_of_file(staging / name) for name in names}
            meta["sizes"] = {name: os.path.getsize(staging / name) for name in names}
            # meta.json is written last: an entry without it is incomplete and never read.
            (staging / "meta.json").write_text(dump_checked(meta), "utf-8")
            replace_dir_atomic(staging, entry)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        index.texts_path = entry / "texts.parquet"
        index.checksums = meta["checksums"]
