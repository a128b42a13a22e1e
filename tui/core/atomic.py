"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600
"""A temporary file or staging folder this old was left by a killed process."""


def remove_stale(folder: Path, pattern: str) -> None:
    """Remove leftovers of killed writes (older than an hour, so never a live one)."""
    cutoff = time.time() - STALE_SECONDS
    for leftover in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if leftover.lstat().st_mtime < cutoff:
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink()


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux); the
    set-and-put-back fallback is a moment in which another thread's new file would get 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """The permissions a file written to ``target`` gets: those of the file it replaces, or
    for a new file what the user's umask allows (0644 under 022), as an editor would
    (mkstemp's 0600 would hide an export from the user's group)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _stage(target: Path, data: bytes) -> str:
    """``data`` written and flushed to disk in a temporary file beside ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, f".{glob.escape(target.name)}.*.tmp")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with contextlib.suppress(OSError):  # a file system without modes keeps its own
            os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _named(target: Path, error: OSError, staging: bool = False) -> OSError:
    """The error told of the file the user named, not of the temporary file beside it."""
    why = error.strerror or str(error)
    if staging:
        why = f"no file can be made in {target.parent} ({why})"
    return OSError(error.errno, f"cannot write {target}: {why}")


def check_writable(path: str | Path) -> None:
    """Raise now, with the file's name, if ``path`` could not be written atomically (before a
    long run whose result would then be lost)."""
    target = _checked_target(path)
    try:
        tmp = _stage(target, b"")
    except OSError as error:
        raise _named(target, error, staging=True) from None
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _checked_target(path: str | Path) -> Path:
    if not os.fspath(path):
        raise ValueError("no file name given to write to")
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, f"cannot write {target}: it is a folder")
    return target


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    target = _checked_target(path)
    try:
        tmp = _stage(target, data)
    except OSError as error:
        raise _named(target, error, staging=True) from None
    try:
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise _named(target, error) from None
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_pair_atomic(main: str | Path, data: bytes, companion: str | Path, about: bytes) -> None:
    """Write a file and the companion file that describes it (an export and its sidecar):
    both change, or neither does.

    Both are written in full beside their targets before either is renamed into place, so
    a file that cannot be written changes nothing. The companion is renamed first: a crash
    between the two renames leaves the previous file beside the new companion, which
    (describing the new file by its hash) tells that it is not the file beside it; had the
    file gone first, the old companion would vouch for a file it never described. When
    the second rename fails, the previous companion is put back.
    """
    target, described = _checked_target(main), _checked_target(companion)
    staged: list[str] = []
    try:
        for path, content in ((target, data), (described, about)):
            try:
                staged.append(_stage(path, content))
            except OSError as error:
                raise _named(path, error, staging=True) from None
        try:
            previous: bytes | None = described.read_bytes()
        except FileNotFoundError:
            previous = None
        except OSError as error:
            raise _named(described, error) from None
        try:
            os.replace(staged[1], described)
        except OSError as error:
            raise _named(described, error) from None
        try:
            os.replace(staged[0], target)
        except BaseException as error:
            with contextlib.suppress(OSError):
                if previous is None:
                    described.unlink()
                else:
                    write_bytes_atomic(described, previous)
            if isinstance(error, OSError):
                raise _named(target, error) from None
            raise
    finally:
        for tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def replace_dir_atomic(staging: Path, target: Path) -> None:
    """Move a fully written folder into place, replacing any previous one."""
    trash: Path | None = None
    if target.exists():
        trash = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(target, trash)
    os.replace(staging, target)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)
