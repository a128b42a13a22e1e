"""Cutting a large JSON Lines file into parts of whole lines, each named by its content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

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


SCAN_CHUNK = 16 * 1024 * 1024
"""Bytes read at a time while cutting a file into parts: a file is never held whole."""


def scan_parts(path: Path) -> list[Part]:
    """Cut a JSON Lines file after every PART_LINES-th line; each part named by its content.

    Appending to the file changes only its last part; editing a line changes only the
    parts from that line's on if the edit changes the number of lines, else only its own.
    The file is read a chunk at a time (the dashboard re-reads a changed file while the
    rest of the corpus is in memory).
    """
    parts: list[Part] = []
    start = offset = lines = 0
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            view = memoryview(chunk)  # hashed where it lies, not copied out
            at = 0
            while at < len(chunk):
                breaks = chunk.count(b"\n", at)
                if lines + breaks < PART_LINES:
                    digest.update(view[at:])
                    lines += breaks
                    break
                cut = _after_lines(chunk, at, PART_LINES - lines)
                digest.update(view[at:cut])
                number = len(parts)
                parts.append(
                    Part(path, start, offset + cut, number * PART_LINES + 1, digest.hexdigest())
                )
                start, lines, at = offset + cut, 0, cut
                digest = hashlib.blake2b(digest_size=16)
            offset += len(chunk)
    if start < offset:
        parts.append(Part(path, start, offset, len(parts) * PART_LINES + 1, digest.hexdigest()))
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
