"""Cutting a JSON Lines file into parts of whole lines, read a chunk at a time."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.core.index.parts as parts_module
from tui.core.index.parts import scan_parts


def _expected(data: bytes, lines: int) -> list[tuple[int, int, int, str]]:
    """The parts as reading the whole file at once cuts them."""
    found, start, seen = [], 0, 0
    for at, byte in enumerate(data):
        if byte == 0x0A:
            seen += 1
            if seen == lines:
                found.append((start, at + 1))
                start, seen = at + 1, 0
    if start < len(data):
        found.append((start, len(data)))
    return [
        (a, b, n * lines + 1, hashlib.blake2b(data[a:b], digest_size=16).hexdigest())
        for n, (a, b) in enumerate(found)
    ]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"x")), max_size=60),
    newline_at_end=st.booleans(),
    lines=st.integers(min_value=1, max_value=7),
    chunk=st.integers(min_value=1, max_value=64),
)
def test_parts_are_the_same_whatever_the_chunk_size(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[bytes],
    newline_at_end: bool,
    lines: int,
    chunk: int,
) -> None:
    data = b"\n".join(rows) + (b"\n" if newline_at_end and rows else b"")
    path = tmp_path_factory.mktemp("parts") / "a.jsonl"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts_module, "PART_LINES", lines)
        patch.setattr(parts_module, "SCAN_CHUNK", chunk)
        got = [(p.start, p.end, p.first_line, p.digest) for p in scan_parts(path)]
    assert got == _expected(data, lines)
    # Every byte is in exactly one part, in order.
    assert b"".join(p.read() for p in scan_parts(path)) == data


def test_appending_changes_only_the_last_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parts_module, "PART_LINES", 3)
    monkeypatch.setattr(parts_module, "SCAN_CHUNK", 7)
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(b'{"n": %d}\n' % n for n in range(10)))
    before = scan_parts(path)
    with path.open("ab") as handle:
        handle.write(b'{"n": 10}\n')
    after = scan_parts(path)
    assert [p.digest for p in after[:-1]] == [p.digest for p in before[:-1]]
    assert after[-1].digest != before[-1].digest
