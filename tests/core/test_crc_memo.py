"""The corpus files' CRCs remembered in the cache: a reopen of an unchanged corpus reads none
of it, and an edit the modification time does not show is still seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tui.core.checksum as checksum
from tui.core.index.snapshot import crc_memo, snapshot_key


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Forget what this process has read, and record every corpus file read from now on."""
    monkeypatch.setattr(checksum, "_KNOWN", {})
    read: list[str] = []
    real_open = open

    def counting_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "b" in mode and str(path).endswith(".jsonl"):
            read.append(str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    return read


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    files = []
    for n in range(3):
        path = folder / f"part-{n}.jsonl"
        path.write_text(f'{{"id": "{n}", "body": "text {n}"}}\n')
        files.append(path)
    return files


def test_an_unchanged_corpus_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    memo = crc_memo(tmp_path / "cache")
    read = _fresh_process(monkeypatch)
    first = snapshot_key(files, memo=memo)
    assert sorted(read) == sorted(map(str, files)) and memo is not None and memo.exists()
    read = _fresh_process(monkeypatch)
    assert snapshot_key(files, memo=memo) == first
    assert read == []


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    memo = crc_memo(tmp_path / "cache")
    first = snapshot_key(files, memo=memo)
    stat = files[1].stat()
    files[1].write_text('{"id": "1", "body": "TEXT 1"}\n')  # same size
    os.utime(files[1], ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p or rsync -t do
    read = _fresh_process(monkeypatch)
    assert snapshot_key(files, memo=memo) != first
    assert read == [str(files[1])]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"files": [[1]], "check": "0"}'])
def test_a_damaged_memo_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    files = _corpus(tmp_path / "corpus")
    memo = crc_memo(tmp_path / "cache")
    assert memo is not None
    first = snapshot_key(files, memo=memo)
    memo.write_bytes(damage)
    _fresh_process(monkeypatch)
    assert snapshot_key(files, memo=memo) == first
    read = _fresh_process(monkeypatch)
    assert snapshot_key(files, memo=memo) == first and read == []
