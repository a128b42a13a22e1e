"""Decoding a file's bytes line by line, with bounds on what is held."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

_BOM = b"\xef\xbb\xbf"


class _Decoder:
    """UTF-8 decoding for one file that remembers where bytes first had to be replaced, and
    how far reading got (so a file that breaks off can say where)."""

    def __init__(self) -> None:
        self.first_bad_line: int | None = None
        self.reached = 1
        """The line being read (the lines before it were read whole)."""
        self._at_start = True

    def past_start(self) -> None:
        """Bytes were skipped: only the very first bytes of a file can be a BOM."""
        self._at_start = False

    def decode(self, data: bytes, line: int) -> str:
        if self._at_start:
            self._at_start = False
            if data.startswith(_BOM):
                data = data[len(_BOM) :]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.first_bad_line is None:
                self.first_bad_line = line + data[: exc.start].count(b"\n")
            return data.decode("utf-8", errors="replace")


_BLOCK = 1 << 20
_CONTENT = re.compile(rb"[^ \t\n\r\f\v]")


class _LineReader:
    """The lines of a byte stream, read a block at a time.

    Runs of blank lines are skipped in bulk (a file of nothing but line breaks is counted
    through at memory speed, not a line at a time), and a line over ``limit`` bytes is never
    held: it is read through in blocks and returned as None, with its size. Splitting bytes
    on line breaks before decoding is safe: in UTF-8 neither byte occurs inside a character.
    """

    def __init__(
        self,
        stream: io.BufferedIOBase,
        limit: int,
        decoder: _Decoder,
        first: int = 1,
        cr: bool = False,
    ) -> None:
        self._read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
        self._limit = limit
        self._decoder = decoder
        self._cr = cr
        self._buffer = b""
        self._pos = 0
        self._eof = False
        self.number = first
        """The number of the next line."""
        self.skipped_size = 0
        """The size in bytes of the last line returned as None."""

    def _fill(self) -> bool:
        """Read another block after the unread bytes; False at the end of the stream."""
        if self._eof:
            return False
        self._decoder.reached = self.number
        # One read of the underlying stream at a time: a gzip file that breaks off hands
        # over what it held before the break, and only then fails.
        block = self._read(_BLOCK)
        if not block:
            self._eof = True
            return False
        rest = self._buffer[self._pos :]
        self._buffer = rest + block if rest else block
        self._pos = 0
        return True

    def _line_end(self, start: int) -> int:
        """Where the line that goes on at ``start`` ends (just past its end), or -1."""
        data = self._buffer
        newline = data.find(b"\n", start)
        if not self._cr:
            return newline + 1 if newline >= 0 else -1
        # Two searches at memory speed rather than one regular expression, much slower.
        ret = data.find(b"\r", start, newline if newline >= 0 else len(data))
        if ret < 0:
            return newline + 1 if newline >= 0 else -1
        return ret + 2 if data.startswith(b"\n", ret + 1) else ret + 1

    def _after_last_end(self, end: int) -> int:
        """Just past the last line end before ``end`` (the position when there is none)."""
        last = self._buffer.rfind(b"\n", self._pos, end)
        if self._cr:
            last = max(last, self._buffer.rfind(b"\r", self._pos, end))
        return last + 1 if last >= 0 else self._pos

    def _count_ends(self, start: int, end: int) -> int:
        data = self._buffer
        if not self._cr:
            return data.count(b"\n", start, end)
        return (
            data.count(b"\n", start, end)
            + data.count(b"\r", start, end)
            - data.count(b"\r\n", start, end)
        )

    def skip_blank(self) -> None:
        """Move past the blank lines (nothing but spacing) that come next."""
        searched = self._pos  # the bytes before this are known to be spacing
        while True:
            if self._limit > 0 and len(self._buffer) - self._pos > self._limit:
                return  # spacing with no line end, as long as a line may be: a giant line
            found = _CONTENT.search(self._buffer, searched)
            if found is not None:
                # The line holding the content starts after the last line end before it.
                self._skip_to(self._after_last_end(found.start()))
                return
            # Nothing but spacing to the end of the buffer: keep a trailing CR, which may be
            # the first half of a CRLF, and the spacing after the last line end.
            end = self._after_last_end(len(self._buffer))
            if self._buffer.endswith(b"\r") and end == len(self._buffer):
                end -= 1
            self._skip_to(end)
            kept = len(self._buffer) - self._pos
            if not self._fill():
                return
            searched = kept

    def _skip_to(self, end: int) -> None:
        if end > self._pos:
            self.number += self._count_ends(self._pos, end)
            self._pos = end
            self._decoder.past_start()

    def line(self, scan: Callable[[bytes], None] | None = None) -> tuple[int, bytes | None] | None:
        """The next line with its end (the last may lack one), or None at the end of the stream.

        A line over the limit comes back as None (its size in ``skipped_size``); ``scan`` is
        shown its bytes a block at a time as they are read through.
        """
        searched = self._pos
        while True:
            end = self._line_end(searched)
            if end >= 0 and not (
                end == len(self._buffer) and self._buffer.endswith(b"\r") and not self._eof
            ):
                if end - self._pos > self._limit > 0:
                    return self._skip(scan)
                number = self.number
                data = self._buffer[self._pos : end]
                self._pos = end
                self.number += 1
                return number, data
            if self._limit > 0 and len(self._buffer) - self._pos > self._limit:
                return self._skip(scan)
            before = len(self._buffer) - self._pos
            if not self._fill():
                if self._pos >= len(self._buffer):
                    return None
                number = self.number
                data = self._buffer[self._pos :]
                self._pos = len(self._buffer)
                self.number += 1
                return number, data
            searched = max(0, before - 1)

    def _skip(self, scan: Callable[[bytes], None] | None) -> tuple[int, None]:
        """Read through the current line, a block at a time, holding none of it."""
        number = self.number
        size = 0
        while True:
            end = self._line_end(self._pos)
            piece = self._buffer[self._pos : end if end >= 0 else len(self._buffer)]
            self._pos += len(piece)
            size += len(piece)
            if scan is not None:
                scan(piece)
            if end >= 0:
                break
            self._buffer, self._pos = b"", 0
            if not self._fill():
                break
        self.number += 1
        self.skipped_size = size
        return number, None


def _read_at_most(stream: io.BufferedIOBase, limit: int) -> bytes | None:
    """The whole stream if it holds at most ``limit`` bytes, else None (having read at most
    one byte more: a gzip bomb is not expanded past the limit)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
