"""Checksums: the content key of a corpus file, and the integrity checks of what is cached.

CRC-32 throughout: it runs at memory speed (about 3 GB/s here, reading included, and it
releases the GIL, so files are checked in parallel), it catches every flipped bit and every
burst of damage up to 32 bits, and what it guards against is damage and edits, not forgery.
A corpus file's key is its size and the CRC-32 of all its bytes: a file edited without a
change of size or modification time (``cp -p``, ``rsync -t``, ``tar x`` keep both) is read
again. The CRC is remembered (in the cache, :func:`remembered_crcs`) under the file's size,
modification and change times, inode and device: the change time is the kernel's, which
none of those tools can put back, so a file whose five are all the same has not been
written since, and a reopen of a large unchanged corpus reads none of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tui.core.atomic import write_text_atomic

__all__ = [
    "ChecksumError",
    "check_bytes",
    "crc_of_bytes",
    "crc_of_file",
    "crc_of_files",
    "dump_checked",
    "load_checked",
    "remembered_crcs",
]

_CHECK_KEY = "check"
_CHUNK = 4 * 1024 * 1024


class ChecksumError(ValueError):
    """Stored data whose checksum does not match: damaged, or replaced."""


def crc_of_bytes(data: bytes | bytearray | memoryview) -> str:
    return f"{zlib.crc32(data) & 0xFFFFFFFF:08x}"


def check_bytes(data: bytes | bytearray | memoryview, expected: object, what: str) -> None:
    """Raise ChecksumError unless ``data`` has the checksum ``expected``."""
    found = crc_of_bytes(data)
    if found != expected:
        raise ChecksumError(f"{what} is damaged (checksum {found}, expected {expected})")


# Files already checked in this process, by everything that changes when a file is written.
_KNOWN: dict[tuple[str, int, int, int, int, int], str] = {}
_KNOWN_LOCK = threading.Lock()


def _stat_key(
    path: str | os.PathLike[str], stat: os.stat_result
) -> tuple[str, int, int, int, int, int]:
    return (
        os.fspath(path),
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
        stat.st_ino,
        stat.st_dev,
    )


def crc_of_file(path: str | os.PathLike[str]) -> str:
    """The CRC-32 of the file's bytes, read a few megabytes at a time.

    Remembered for the life of the process while the file's size, times, inode and device
    stay the same, so one run never reads a file twice to check it.
    """
    with _KNOWN_LOCK:
        known = _KNOWN.get(_stat_key(path, os.stat(path)))
    if known is not None:
        return known  # not even opened: a hundred files remembered cost a hundred stats
    with open(path, "rb", buffering=0) as handle:
        key = _stat_key(path, os.fstat(handle.fileno()))
        # Read, not mapped: a file cut short while it is mapped would kill the process
        # (SIGBUS) where a read just ends early.
        crc = 0
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        while True:
            got = handle.readinto(buffer)
            if not got:
                break
            crc = zlib.crc32(view[:got], crc)
        crc_text = f"{crc & 0xFFFFFFFF:08x}"
    with _KNOWN_LOCK:
        if len(_KNOWN) > 100_000:
            _KNOWN.clear()
        _KNOWN[key] = crc_text
    return crc_text


_MEMO_MAX = 100_000
"""Files whose CRC a memo keeps (beyond it, the memo starts again)."""


@contextlib.contextmanager
def remembered_crcs(memo: Path | None, paths: Sequence[str | os.PathLike[str]]) -> Iterator[None]:
    """The CRCs of ``paths`` (corpus files, never the cache's own, which are checked by
    reading them) read from the file ``memo`` before, and saved to it after, if any was
    worked out meanwhile. A memo that cannot be read (missing, damaged, another format) is
    started again: at worst every file is read once more."""
    if memo is None:
        yield
        return
    wanted = {os.fspath(path) for path in paths}
    try:
        record = load_checked(memo.read_text("utf-8"), str(memo))
        entries = record.get("files", [])
        loaded = {(str(e[0]), *map(int, e[1:6])): str(e[6]) for e in entries}
    except (OSError, ValueError, TypeError, IndexError, KeyError, AttributeError):
        loaded = {}
    with _KNOWN_LOCK:
        for key, crc in loaded.items():
            if key[0] in wanted:
                _KNOWN.setdefault(key, crc)  # type: ignore[arg-type]
    yield
    with _KNOWN_LOCK:
        known = [(key, crc) for key, crc in _KNOWN.items() if key[0] in wanted]
    # One entry a file: the one worked out now rather than the memo's older one (an edited
    # file would otherwise leave an entry behind at every edit); other corpora's are kept.
    latest: dict[str, tuple[tuple[str, int, int, int, int, int], str]] = {}
    for key, crc in known:
        if key[0] not in latest or key not in loaded:
            latest[key[0]] = (key, crc)
    kept = {key: crc for key, crc in loaded.items() if key[0] not in wanted}
    merged = kept | dict(latest.values())
    if merged == loaded or len(merged) > _MEMO_MAX:
        return
    files = [[*key, crc] for key, crc in merged.items()]
    with contextlib.suppress(OSError):  # not written: read again next time, nothing lost
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(memo, dump_checked({"files": files}))


def crc_of_files(paths: Sequence[str | os.PathLike[str]]) -> list[str | OSError]:
    """The CRC-32 of each file, several at a time; an OSError for a file that cannot be read."""

    def one(path: str | os.PathLike[str]) -> str | OSError:
        try:
            return crc_of_file(path)
        except OSError as error:
            return error

    if len(paths) < 2:
        return [one(path) for path in paths]
    with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        return list(pool.map(one, paths))


def dump_checked(record: dict[str, Any]) -> str:
    """``record`` as JSON with a checksum of itself, for load_checked."""
    body = {key: value for key, value in record.items() if key != _CHECK_KEY}
    text = json.dumps(body, sort_keys=True)
    return json.dumps({**body, _CHECK_KEY: crc_of_bytes(text.encode())}, sort_keys=True)


def load_checked(text: str, what: str) -> dict[str, Any]:
    """The record dump_checked wrote; ChecksumError when it was changed since."""
    record = json.loads(text)
    if not isinstance(record, dict) or _CHECK_KEY not in record:
        raise ChecksumError(f"{what} has no checksum")
    expected = record.pop(_CHECK_KEY)
    check_bytes(json.dumps(record, sort_keys=True).encode(), expected, what)
    return record


def verify_files(folder: Path, checksums: dict[str, str], what: str) -> None:
    """Check every named file of ``folder`` against its checksum, several at a time."""
    names = sorted(checksums)
    found = crc_of_files([folder / name for name in names])
    for name, crc in zip(names, found, strict=True):
        if isinstance(crc, OSError):
            raise ChecksumError(f"{what}: {name} cannot be read ({crc.strerror or crc})")
        if crc != checksums[name]:
            raise ChecksumError(
                f"{what}: {name} is damaged (checksum {crc}, expected {checksums[name]})"
            )
