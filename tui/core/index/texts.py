"""Article texts fetched from the cache entries on demand, so bodies need not stay in memory."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tui.core.index.model import TEXT_ROW_GROUP, FileIndex, damaged_entry


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
