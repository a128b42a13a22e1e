"""Finding the corpus files under the paths given."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from tui.core.models import Problem
from tui.core.readers.fields import SUFFIXES
from tui.core.readers.text import _SURROGATES

_ENDINGS = (*SUFFIXES, *(f"{suffix}.gz" for suffix in SUFFIXES))


def _split_suffix(path: Path) -> tuple[str | None, bool]:
    """The corpus suffix of `path` (".jsonl"...) or None, and whether it is gzipped."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[: -len(".gz")]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix, gz
    return None, gz


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as text any UTF-8 writer accepts (parquet, CSV, the terminal): the bytes of
    a file name that are not UTF-8, which Python holds as surrogate escapes, become \\xNN."""
    text = os.fspath(path)
    if text.isascii() or not _SURROGATES.search(text):
        return text
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)


def _real(path: Path | str) -> str:
    # os.path.realpath, unlike Path.resolve, does not raise on a symlink loop.
    return os.path.realpath(path)


def iter_corpus_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The corpus files named by `paths` (files, or folders searched recursively).

    Folders are walked in sorted order, skipping hidden entries, files of unknown type and
    symlinks back into folders already visited. A file reached twice is listed once.
    A missing path, or an explicitly named file of unknown type, is a `Problem`.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen_files: set[str] = set()

    def add(path: Path, real: str | None = None) -> None:
        real = real if real is not None else _real(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, add, problems)
        elif path.is_file():
            if _split_suffix(path)[0] is None:
                problems.append(
                    Problem(
                        source=display_path(path),
                        reason="unknown file type: expected "
                        + ", ".join(SUFFIXES)
                        + " (optionally .gz)",
                    )
                )
            else:
                add(path)
        elif path.is_symlink():
            problems.append(
                Problem(source=display_path(path), reason="broken symlink or symlink loop")
            )
        else:
            problems.append(Problem(source=display_path(path), reason="no such file or folder"))
    return files, problems


def _walk(root: Path, add: Callable[[Path, str | None], None], problems: list[Problem]) -> None:
    visited: set[str] = {_real(root)}
    # A stack of folder listings rather than recursion, so deep trees cannot hit the
    # recursion limit. Each listing is in name order and a subfolder is read where it sorts,
    # so files come out in the sorted order of their paths.
    stack: list[Iterator[os.DirEntry[str]]] = []
    # Each listed folder's real path: a plain file's is its folder's joined with its name,
    # with no lookup of its own (which costs a system call per part of the path).
    reals: list[str] = []
    folders: list[Path] = []

    def push(folder: Path) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            reason = f"cannot list folder: {exc.strerror or exc}"
            problems.append(Problem(source=display_path(folder), reason=reason))
            return
        stack.append(iter(entries))
        real = _real(folder)
        # Ending in a separator, so a file's real path is this and its name, joined as text.
        reals.append(real if real.endswith(os.sep) else real + os.sep)
        folders.append(folder)

    push(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            reals.pop()
            folders.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            # A symlink pointing at itself: stat fails with ELOOP.
            reason = f"cannot read: {exc.strerror or exc}"
            problems.append(
                Problem(source=display_path(entry.path), reason=reason, severity="warning")
            )
            continue
        if is_dir:
            path = Path(entry.path)
            real = _real(path)
            if real not in visited:
                visited.add(real)
                push(path)
        elif is_file:
            # Told by the name alone (not starting with a dot, so never only a suffix): a
            # folder of a hundred thousand files makes no more of each than its Path.
            if name.lower().endswith(_ENDINGS):
                linked = entry.is_symlink()
                add(folders[-1].joinpath(name), None if linked else reals[-1] + name)
        elif entry.is_symlink() and _split_suffix(Path(entry.path))[0] is not None:
            problems.append(
                Problem(
                    source=display_path(entry.path), reason="broken symlink", severity="warning"
                )
            )
