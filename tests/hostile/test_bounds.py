"""Bombs and giants: every reader stays within a memory bound and a time bound.

A gzip file that expands a thousandfold, a CSV cell of a hundred megabytes or a gzip file of
nothing but line breaks is reported (file, record, size) and the rest is read; the run is
never lost to MemoryError or to a read that takes minutes. Each case runs in a child process
whose address space is capped (see conftest.run_bounded), so a regression fails the test
instead of taking the machine's memory. The bombs are made in tmp_path, a few KB each.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.hostile.conftest import gzip_bomb, run_bounded
from tui.core.readers import read_file

READ = """
from tui.core import readers
from tui.core.readers import limits
path = sys.argv[1]
for name, value in json.loads(sys.argv[2]).items():
    setattr(limits, name, value)
articles, problems = readers.read_file(path)
report({
    "articles": [a.id for a in articles],
    "problems": [str(p) for p in problems],
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
})
"""

GOOD = b'{"id": "ok", "date": "2024-03-01", "body": "A coal mine in Hamhung."}'


def read_bounded(
    path: Path, budget_mb: int, timeout: float = 60, **limits: int
) -> dict[str, object]:
    result = run_bounded(READ, str(path), json.dumps(limits), budget_mb=budget_mb, timeout=timeout)
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("suffix", [".json.gz", ".csv.gz", ".txt.gz"])
def test_a_gzip_bomb_is_reported_and_skipped_within_bounds(tmp_path: Path, suffix: str) -> None:
    """Half a MB on disk, 512 MiB expanded: the old readers took it whole (MemoryError)."""
    path = tmp_path / f"bomb{suffix}"
    if suffix == ".json.gz":
        gzip_bomb(path, b'[{"id": "b", "body": "', b"a", 512, b'"}]')
    elif suffix == ".csv.gz":
        gzip_bomb(path, b'id,body\nb,"', b"a", 512, b'"\nok,A coal mine in Hamhung.\n')
    else:
        gzip_bomb(path, b"date 2024-03-01 Bomb\n", b"a", 512)
    # The .json limit (256 MiB by default) lowered so the budget can be small.
    report = read_bounded(path, budget_mb=250, MAX_JSON_BYTES=32 * 1024 * 1024)
    problems = report["problems"]
    assert isinstance(problems, list)
    if suffix == ".json.gz":
        assert problems == [
            f"{path}: file too large: over 33,554,432 bytes of JSON (once decompressed) to "
            "parse whole: skipped (JSON Lines has no such limit)"
        ]
    elif suffix == ".csv.gz":
        # The giant row named with its size; the row after it is read.
        assert problems[0] == (
            f"{path}:2: giant record: row of 536,870,917 bytes (limit 31,522,816) skipped"
        )
        assert report["articles"] == ["ok"]
    else:
        assert problems == [
            f"{path}: giant record: file over 21,037,056 bytes (once decompressed), more than "
            "a body of 5,242,880 characters can take: skipped"
        ]


def test_a_giant_csv_cell_and_line_are_skipped_within_bounds(tmp_path: Path) -> None:
    """A quoted cell of 48 MB spanning many lines, then an unquoted line of 36 MB: the old
    reader held them whole (7.6 times the file at its peak)."""
    path = tmp_path / "giant.csv"
    paragraph = b'The plan was overfulfilled, ""again"", at the coal mine.\n' * 1024
    with path.open("wb") as handle:
        handle.write(b"id,date,body\n")
        handle.write(b'g1,2024-03-01,"')
        for _ in range(48 * 1024 * 1024 // len(paragraph)):
            handle.write(paragraph)
        handle.write(b'"\n')
        handle.write(b"g2,2024-03-01," + b"x" * (36 * 1024 * 1024) + b"\n")
        handle.write(b"ok,2024-03-02,A cooperative farm in Pyongyang.\n")
    report = read_bounded(path, budget_mb=200)
    problems = report["problems"]
    assert isinstance(problems, list) and len(problems) == 2, problems
    assert problems[0].startswith(f"{path}:2: giant record: row of ")
    assert problems[0].endswith(" bytes (limit 31,522,816) skipped")
    assert problems[1] == (
        f"{path}:{2 + 48 * 1024 * 1024 // len(paragraph) * 1024 + 1}: giant record: row of "
        f"{36 * 1024 * 1024 + 15:,} bytes (limit 31,522,816) skipped"
    )
    assert report["articles"] == ["ok"]


def test_a_gzip_file_of_blank_lines_is_read_in_seconds(tmp_path: Path) -> None:
    """64 MiB of line breaks (65 KB on disk) then one record: the old reader took half a
    minute on it (a gzip readline per line), 15 minutes on a 2 MB file."""
    path = gzip_bomb(tmp_path / "blank.jsonl.gz", b"", b"\n", 64, GOOD + b"\n")
    report = read_bounded(path, budget_mb=100, timeout=15)
    assert report["articles"] == ["ok"]
    assert report["problems"] == []


def test_spacing_without_a_line_end_is_one_giant_line(tmp_path: Path) -> None:
    """Blank lines are skipped in bulk, but 64 MiB of spaces on one line are not held."""
    path = gzip_bomb(tmp_path / "spaces.jsonl.gz", b"", b" ", 64, b"\n" + GOOD + b"\n")
    report = read_bounded(path, budget_mb=100, timeout=15)
    assert report["problems"] == [
        f"{path}:1: giant record: line of 67,108,865 bytes (limit 31,522,816) skipped"
    ]
    assert report["articles"] == ["ok"]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz"])
def test_a_truncated_gzip_file_says_at_which_line_it_broke_off(tmp_path: Path, suffix: str) -> None:
    records = [
        {"id": f"t{n}", "date": "2024-03-01", "body": f"Coal mine news number {n} " * 20}
        for n in range(3000)
    ]
    if suffix == ".jsonl.gz":
        text = "".join(json.dumps(record) + "\n" for record in records)
    else:
        text = "id,date,body\n" + "".join(f"{r['id']},{r['date']},{r['body']}\n" for r in records)
    data = gzip.compress(text.encode())
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) // 2])
    articles, problems = read_file(path)
    assert 0 < len(articles) < len(records)
    header = 1 if suffix == ".csv.gz" else 0
    broke_at = len(articles) + header + 1
    assert [str(p) for p in problems] == [
        f"{path}:{broke_at}: corrupt or truncated gzip file at line {broke_at:,}: Compressed "
        "file ended before the end-of-stream marker was reached (the lines before it were read)"
    ]


def test_a_csv_with_a_header_row_only_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id,date,title,body\r\n", "utf-8")
    articles, problems = read_file(path)
    assert articles == []
    assert [str(p) for p in problems] == [f"{path}: no records: the file holds a header row only"]


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_an_empty_field_does_not_hide_one_that_differs_only_in_case(
    tmp_path: Path, suffix: str
) -> None:
    """{"BODY": "", "body": "..."}: the old reader kept the first and dropped the record."""
    path = tmp_path / f"case{suffix}"
    record = {"BODY": "", "body": "A coal mine in Hamhung.", "id": "c1", "date": "2024-03-01"}
    if suffix == ".jsonl":
        path.write_text(json.dumps(record) + "\n", "utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps([record]), "utf-8")
    else:
        path.write_text("BODY,body,id,date\n,A coal mine in Hamhung.,c1,2024-03-01\n", "utf-8")
    articles, problems = read_file(path)
    assert problems == []
    assert [(a.id, a.body) for a in articles] == [("c1", "A coal mine in Hamhung.")]
