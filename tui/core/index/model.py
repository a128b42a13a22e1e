"""What an indexed file (or part, or shard) is, and the shapes of its tables."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tui.core.checksum import (
    ChecksumError,
    check_bytes,
    crc_of_file,
)
from tui.core.derive import Derived
from tui.core.models import Problem
from tui.core.readers import (
    display_path,
)

TEXT_ROW_GROUP = 256

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


def file_signature(path: Path) -> Signature:
    """Raises OSError for a file that is gone or cannot be read."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, crc_of_file(path)


StatMap = dict[str, os.stat_result | OSError]
"""Each corpus file's stat (or why it could not be had), by its path's text: taken once per
run and shared by everything that needs a file's size or times."""


def stat_files(files: Sequence[Path]) -> StatMap:
    stats: StatMap = {}
    for file in files:
        name = os.fspath(file)
        try:
            stats[name] = os.stat(name)
        except OSError as error:
            stats[name] = error
    return stats


def stat_of(file: Path, stats: StatMap | None) -> os.stat_result:
    """The file's stat from ``stats`` when taken there, else now; raises OSError when it
    could not be had."""
    found = stats.get(os.fspath(file)) if stats is not None else None
    if found is None:
        return os.stat(file)
    if isinstance(found, OSError):
        raise found
    return found


def gone_problem(path: Path, error: OSError) -> Problem:
    """A file that could be listed but not read: it is that file's problem only."""
    if isinstance(error, FileNotFoundError):
        reason = "the file went away while the corpus was indexed: skipped"
    else:
        reason = f"cannot read: {error.strerror or error}: skipped"
    return Problem(source=display_path(path), reason=reason)


def unread_index(path: Path, error: OSError) -> FileIndex:
    """The index of a file that could not be read: no articles, one problem."""
    return FileIndex(
        str(path),
        empty_articles(),
        empty_mentions(),
        [gone_problem(path, error)],
        texts=[],
        derived=None,
    )


def empty_articles() -> pd.DataFrame:
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


def empty_mentions() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series([], dtype=np.int32) for name in MENTION_COLUMNS})
    frame["label"] = frame["label"].astype(object)
    return frame
