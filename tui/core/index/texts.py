"""Article texts fetched from the cache entries on demand, so bodies need not stay in memory."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tui.core.checksum import check_bytes
from tui.core.index.model import TEXT_ROW_GROUP, FileIndex, damaged_entry
from tui.core.index.words import WORD_FILES, WordIndex


class TextStore:
    """Fetches an article's document text on demand, so bodies need not stay in memory."""

    def __init__(self) -> None:
        self._files: list[FileIndex] = []
        self._open: dict[int, pq.ParquetFile] = {}
        self._group_cache: dict[tuple[int, int], list[str]] = {}
        self._words: dict[int, WordIndex | None] = {}

    def words(self, file_no: int) -> WordIndex | None:
        """The words of a file's cache entry, for search; None when it has none (its texts
        are held in memory, or the entry has no words tables)."""
        if file_no in self._words:
            return self._words[file_no]
        file_index = self._files[file_no]
        found: WordIndex | None = None
        if file_index.texts_path is not None:
            folder = file_index.texts_path.parent
            try:
                found = WordIndex(folder)
                if file_index.checksums is not None:
                    # The small tables are checked whole; the rows by their count.
                    for name in WORD_FILES[:2]:
                        data = (folder / name).read_bytes()
                        check_bytes(data, file_index.checksums.get(name), str(folder / name))
            except FileNotFoundError:
                found = None
            except (OSError, ValueError) as error:
                raise damaged_entry(file_index, error) from None
        self._words[file_no] = found
        return found

    def texts_at(self, file_no: int, rows: np.ndarray) -> pa.Array:
        """The texts of some rows of a file (ascending), reading only their row groups."""
        file_index = self._files[file_no]
        if file_index.texts is not None:
            texts = file_index.texts
            return pa.array([texts[row] for row in rows.tolist()], type=pa.large_string())
        assert file_index.texts_path is not None
        groups = np.unique(rows // TEXT_ROW_GROUP)
        with checked_texts(file_index):
            if file_no not in self._open:
                self._open[file_no] = texts_file(file_index.texts_path)
            parquet = self._open[file_no]
            column = parquet.read_row_groups(groups.tolist(), columns=["text"]).column(0)
        where = np.searchsorted(groups, rows // TEXT_ROW_GROUP) * TEXT_ROW_GROUP
        where += rows % TEXT_ROW_GROUP
        return column.take(pa.array(where)).combine_chunks()

    def add(self, file_index: FileIndex) -> int:
        self._files.append(file_index)
        return len(self._files) - 1

    def get(self, file_no: int, row: int) -> str:
        file_index = self._files[file_no]
        if file_index.texts is not None:
            return file_index.texts[row]
        assert file_index.texts_path is not None
        group = row // TEXT_ROW_GROUP
        key = (file_no, group)
        if key not in self._group_cache:
            with checked_texts(file_index):
                if file_no not in self._open:
                    self._open[file_no] = texts_file(file_index.texts_path)
                column = self._open[file_no].read_row_group(group, columns=["text"]).column(0)
            if len(self._group_cache) > 64:
                self._group_cache.clear()
            self._group_cache[key] = column.to_pylist()
        return self._group_cache[key][row % TEXT_ROW_GROUP]

    def iter_file_texts(self, file_no: int) -> pa.ChunkedArray:
        file_index = self._files[file_no]
        if file_index.texts is not None:
            return pa.chunked_array([pa.array(file_index.texts, type=pa.large_string())])
        return read_texts(file_index)

    def text_batches(self, file_no: int, rows: int = 4096) -> Iterator[pa.Array]:
        """A file's texts a few thousand at a time, so a pass over them stays small."""
        file_index = self._files[file_no]
        if file_index.texts is not None:
            for start in range(0, len(file_index.texts), rows):
                yield pa.array(file_index.texts[start : start + rows], type=pa.large_string())
            return
        assert file_index.texts_path is not None
        with checked_texts(file_index):
            parquet = texts_file(file_index.texts_path)
            for batch in parquet.iter_batches(batch_size=rows, columns=["text"]):
                yield batch.column(0)


def texts_file(path: Path) -> pq.ParquetFile:
    """A texts table, each page checked against its checksum as it is read."""
    return pq.ParquetFile(path, page_checksum_verification=True)


@contextlib.contextmanager
def checked_texts(file_index: FileIndex) -> Iterator[None]:
    """Reading a cache entry's texts: a damaged page (or table) throws the entry away."""
    try:
        yield
    except (FileNotFoundError, PermissionError):
        raise  # replaced by another run meanwhile, or not ours to read: not damage
    except (OSError, pa.ArrowException) as error:
        raise damaged_entry(file_index, error) from None


def read_texts(index: FileIndex) -> pa.ChunkedArray:
    assert index.texts_path is not None
    with checked_texts(index):
        return texts_file(index.texts_path).read(columns=["text"]).column(0)
