"""One corpus folder holding every kind of bad input next to good articles, read by the CLI.

The bad files and records must each be reported on stderr (file, line or record, reason), the
run must exit 0 with its summary line, and every count and every exported view must be exactly
what the good articles alone give. Records that are kept with a warning by design (an
impossible date: kept undated; bytes that are not UTF-8: kept with U+FFFD; a lone surrogate
escape: kept with U+FFFD) count as the article that is read, so the clean corpus holds them
as they are read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import STORIES
from tests.hostile.conftest import (
    BOM_CRLF_RECORDS,
    CSV_RECORDS,
    GZ_RECORDS,
    JSON_RECORDS,
    MAC_CSV_RECORDS,
    MINI,
    SEED_STORY,
    Record,
    csv_text,
    good_records,
    jsonl,
    run_cli,
    run_tui,
    symlinks_work,
)
from tui.core import readers
from tui.core.readers import MAX_BODY_CHARS

VIEWS = ["theme-by-sector", "theme-by-region", "timeline", "articles"]


@dataclass(frozen=True)
class Expected:
    """A problem the run must report: file name, line (None: the whole file), severity and a
    piece of the reason."""

    name: str
    line: int | None
    severity: str
    reason: str


@dataclass
class Hostile:
    folder: Path
    kept: list[Record]
    """Every article the run must read, as it must read it."""
    problems: list[Expected]


def build_hostile_corpus(folder: Path) -> Hostile:
    """Write the corpus; return what reading it must give."""
    folder.mkdir(parents=True)
    kept = list(good_records())
    problems: list[Expected] = [Expected("10-wire.jsonl", 5, "warning", "undated: no date")]

    def put(name: str, data: str | bytes) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    # -- good files, in every format and with odd but legal line ends ----------------------
    put("10-wire.jsonl", jsonl(STORIES))
    put(
        "11-bom-crlf.jsonl",
        b"\xef\xbb\xbf" + jsonl(BOM_CRLF_RECORDS).replace("\n", "\r\n").encode(),
    )
    put("12-sheet.csv", "\ufeff" + csv_text(CSV_RECORDS))
    put("13-mac.csv", csv_text(MAC_CSV_RECORDS, newline="\r"))
    put(
        "14-story.txt",
        f"date {SEED_STORY['date']} {SEED_STORY['title']}\r\n{SEED_STORY['body']}\r\n2024-06-10\r\n",
    )
    put("15-archive.json", json.dumps({"articles": JSON_RECORDS}, indent=2))
    put("16-wire.jsonl.gz", gzip.compress(jsonl(GZ_RECORDS).encode()))
    put(".hidden.jsonl", "{not read at all")
    put("notes.xml", "<not a corpus file/>")

    # -- whole files that cannot be read ---------------------------------------------------
    put("20-binary.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    problems.append(Expected("20-binary.jsonl", None, "error", "binary file"))
    put("22-empty.jsonl", b"")
    problems.append(Expected("22-empty.jsonl", None, "error", "empty file"))
    put("23-blank.json", "  \r\n\t\n")
    problems.append(Expected("23-blank.json", None, "error", "empty file"))
    put("30-corrupt.jsonl.gz", b"\x1f\x8b\x08\x00 but then not gzip at all" * 4)
    problems.append(Expected("30-corrupt.jsonl.gz", None, "error", "corrupt or truncated gzip"))
    packed = gzip.compress(json.dumps([{"id": "lost", "body": "A coal mine."}] * 50).encode())
    put("31-truncated.json.gz", packed[: len(packed) // 2])
    problems.append(Expected("31-truncated.json.gz", None, "error", "corrupt or truncated gzip"))
    put("33-notjson.json", '{"articles": [{"id": "x", "body": "A coal mine in Hamhung."')
    problems.append(Expected("33-notjson.json", 1, "error", "not valid JSON"))
    put("34-scalar.json", "42")
    problems.append(Expected("34-scalar.json", None, "error", "no records"))
    put("36-header-only.txt", "date 2024-09-09 A headline and nothing else\n")
    problems.append(Expected("36-header-only.txt", 1, "error", "no body after the date line"))
    put("38-binary.csv", b"id,date,body\nz1,2024-01-01,A coal mine\x00\x00\x01\n")
    problems.append(Expected("38-binary.csv", None, "error", "binary file"))

    # -- wrong encoding: read, bad bytes replaced, reported --------------------------------
    latin1 = {
        "id": "l1",
        "date": "2024-07-01",
        "title": "Caf\xe9 talk",
        "body": "A r\xe9sum\xe9 of the coal mine in Hamhung.",
    }
    put("21-latin1.jsonl", json.dumps(latin1, ensure_ascii=False).encode("latin-1") + b"\n")
    kept.append(
        {
            **latin1,
            "title": "Caf\ufffd talk",
            "body": "A r\ufffdsum\ufffd of the coal mine in Hamhung.",
        }
    )
    problems.append(Expected("21-latin1.jsonl", 1, "warning", "invalid UTF-8"))

    # -- one JSON Lines file of bad records between good ones ------------------------------
    good_1 = {
        "id": "x1",
        "date": "2024-08-01",
        "title": "Between the bad",
        "body": "An emulation drive began at a coal mine in South Hamgyong.",
    }
    good_2 = {
        "id": "x2",
        "date": "2024-08-02",
        "title": "Still read",
        "body": "The steel complex in Kimchaek overfulfilled the plan for August.",
    }
    bad_date_1 = {
        "id": "x3",
        "date": "2024-02-30",
        "title": "Leap too far",
        "body": "A cooperative farm in Pyongyang harvested early potatoes.",
    }
    bad_date_2 = {
        "id": "x4",
        "date": "99999-99-99",
        "title": "Far future",
        "body": "A coal mine in Hamhung opened a new gallery.",
    }
    surrogate = {
        "id": "x5",
        "date": "2024-03-03",
        "title": "Odd \ud800 escape",
        "body": "Workers at a coal mine in Pyongyang \udfff cheered.",
    }
    lines: list[tuple[str, Expected | None]] = [
        (json.dumps(good_1), None),
        ("{oops, not json", Expected("24-mixed.jsonl", 2, "error", "not valid JSON")),
        ("[1, 2, 3]", Expected("24-mixed.jsonl", 3, "error", "not a JSON object but a list")),
        ('"a coal mine"', Expected("24-mixed.jsonl", 4, "error", "not a JSON object but str")),
        ("null", Expected("24-mixed.jsonl", 5, "error", "not a JSON object but null")),
        ("true", Expected("24-mixed.jsonl", 6, "error", "not a JSON object but a boolean")),
        (
            json.dumps({"id": "n1", "date": "2024-01-01", "body": None}),
            Expected("24-mixed.jsonl", 7, "error", "empty body: field 'body' is null"),
        ),
        (
            json.dumps({"id": "n2", "date": "2024-01-01", "title": "A coal mine"}),
            Expected("24-mixed.jsonl", 8, "error", "no body"),
        ),
        (
            json.dumps({"id": "n3", "body": " \t "}),
            Expected("24-mixed.jsonl", 9, "error", "empty body"),
        ),
        (
            json.dumps({"id": "n4", "body": 42}),
            Expected("24-mixed.jsonl", 10, "error", "holds a number, not text"),
        ),
        (
            json.dumps({"id": "n5", "body": ["a coal mine"]}),
            Expected("24-mixed.jsonl", 11, "error", "holds a list, not text"),
        ),
        ("", None),  # blank lines are not records
        (json.dumps(good_2), None),
        (json.dumps(bad_date_1), Expected("24-mixed.jsonl", 14, "warning", "cannot read date")),
        (json.dumps(bad_date_2), Expected("24-mixed.jsonl", 15, "warning", "cannot read date")),
        ("[" * 50_000 + "]" * 50_000, Expected("24-mixed.jsonl", 16, "error", "not valid JSON")),
        (json.dumps(surrogate), Expected("24-mixed.jsonl", 17, "warning", "lone surrogate")),
    ]
    truncated = '{"id": "cut", "date": "2024-01-01", "body": "A coal mi'
    put("24-mixed.jsonl", "".join(line + "\n" for line, _ in lines) + truncated)
    problems += [expected for _, expected in lines if expected is not None]
    problems.append(Expected("24-mixed.jsonl", 18, "error", "truncated last line"))
    kept += [
        good_1,
        good_2,
        {key: value for key, value in bad_date_1.items() if key != "date"},
        {key: value for key, value in bad_date_2.items() if key != "date"},
        {
            **surrogate,
            "title": "Odd \ufffd escape",
            "body": "Workers at a coal mine in Pyongyang \ufffd cheered.",
        },
    ]

    # -- a giant record: over the size limit, full of phrases that would count -------------
    giant = {"id": "huge", "date": "2024-01-05", "body": "coal mine in Hamhung. " * 300_000}
    assert len(giant["body"]) > MAX_BODY_CHARS
    after_giant = {
        "id": "x6",
        "date": "2024-09-01",
        "title": "After the giant",
        "body": "A cooperative farm in South Hamgyong joined an 80-day campaign.",
    }
    put("25-giant.jsonl", jsonl([giant, after_giant]))
    kept.append(after_giant)
    problems.append(Expected("25-giant.jsonl", 1, "error", "giant record"))

    # -- CSV with broken rows, an unterminated quote among them ----------------------------
    after_quote = [
        {
            "id": "q4",
            "date": "2024-08-04",
            "title": "After the quote",
            "body": "A cooperative farm in Pyongyang sowed early.",
        },
        {
            "id": "q5",
            "date": "2024-08-05",
            "title": "Last row",
            "body": "An emulation drive at a coal mine.",
        },
    ]
    put(
        "32-broken.csv",
        "id,date,title,body\n"
        "q1,2024-08-01,Too many,A coal mine,one more\n"
        "q2,2024-08-02,Too few\n"
        'q3,2024-08-03,Open quote,"A coal mine in Hamhung whose quote never closes\n'
        + "".join(f"{r['id']},{r['date']},{r['title']},{r['body']}\n" for r in after_quote),
    )
    kept += after_quote
    problems += [
        Expected("32-broken.csv", 2, "error", "5 fields but the header has 4"),
        Expected("32-broken.csv", 3, "error", "no body"),
        Expected("32-broken.csv", 4, "error", "quoted field is never closed"),
    ]

    # -- a JSON array with records that are not objects ------------------------------------
    good_j3 = {
        "id": "j3",
        "date": "2024-10-10",
        "title": "Among strays",
        "body": "Smelters of a steel complex pledged chollima speed.",
    }
    put("35-objects.json", json.dumps([good_j3, 7, "a coal mine", {"id": "nobody"}]))
    kept.append(good_j3)
    problems += [
        Expected("35-objects.json", 2, "error", "record is not an object but a number"),
        Expected("35-objects.json", 3, "error", "record is not an object but str"),
        Expected("35-objects.json", 4, "error", "no body"),
    ]

    # -- a seed story with an impossible date: kept, undated -------------------------------
    put("37-baddate.txt", "date 2024-13-45 Impossible Day\nA cooperative farm in Hamhung met.\n")
    kept.append(
        {
            "id": "37-baddate",
            "title": "Impossible Day",
            "body": "A cooperative farm in Hamhung met.",
        }
    )
    problems.append(Expected("37-baddate.txt", 1, "warning", "undated: cannot read date"))

    # -- symlink loops: a folder linking back to the corpus, files linking to themselves ---
    if symlinks_work(folder):
        os.symlink(folder, folder / "26-loop")
        os.symlink("27-self.jsonl", folder / "27-self.jsonl")
        os.symlink("nowhere.jsonl", folder / "28-dangling.jsonl")
        os.symlink("29-pong.jsonl", folder / "29-ping.jsonl")
        os.symlink("29-ping.jsonl", folder / "29-pong.jsonl")
        problems += [
            Expected("27-self.jsonl", None, "warning", "cannot read"),
            Expected("28-dangling.jsonl", None, "warning", "broken symlink"),
            Expected("29-ping.jsonl", None, "warning", "cannot read"),
            Expected("29-pong.jsonl", None, "warning", "cannot read"),
        ]
    return Hostile(folder, kept, problems)


def clean_corpus(folder: Path, records: list[Record]) -> Path:
    folder.mkdir(parents=True)
    path = folder / "clean.jsonl"
    path.write_text(jsonl(records), "utf-8")
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    return build_hostile_corpus(tmp_path / "corpus")


def opts(cache: Path) -> list[str]:
    return ["--taxonomy", str(MINI), "--cache-dir", str(cache)]


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("error: ", "warning: "))]


def matches(line: str, folder: Path, expected: Expected) -> bool:
    where = str(folder / expected.name)
    if expected.line is not None:
        where += f":{expected.line}"
    return line.startswith(f"{expected.severity}: {where}: ") and expected.reason in line


def test_every_bad_input_is_reported_and_nothing_else(capsysbinary, hostile: Hostile, tmp_path):
    code, out, err = run_cli(
        capsysbinary, ["index", str(hostile.folder), "--verbose", *opts(tmp_path / "cache")]
    )
    assert code == 0, err
    assert "Traceback" not in err
    reported = problem_lines(err)
    for expected in hostile.problems:
        hits = [line for line in reported if matches(line, hostile.folder, expected)]
        assert len(hits) == 1, f"{expected} not reported once in:\n" + "\n".join(reported)
    assert len(reported) == len(hostile.problems), "\n".join(reported)
    # Nothing from the hidden file, the unknown type or the folder loop.
    assert ".hidden" not in err and "notes.xml" not in err and "26-loop" not in err
    errors = sum(1 for p in hostile.problems if p.severity == "error")
    summary, files_line = out.decode().splitlines()
    assert "; 1 duplicate dropped, " in summary
    assert f" {errors} records unreadable, " in summary
    assert files_line.endswith(" from the cache")


def test_a_real_process_reports_the_same_and_exits_0(hostile: Hostile, tmp_path: Path):
    done = run_tui("index", str(hostile.folder), "--verbose", *opts(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    reported = problem_lines(done.stderr)
    assert len(reported) == len(hostile.problems)
    for expected in hostile.problems:
        assert any(matches(line, hostile.folder, expected) for line in reported), expected
    assert " records unreadable, " in done.stdout.splitlines()[0]


def test_counts_and_views_equal_those_of_the_good_articles_alone(
    capsysbinary, hostile: Hostile, tmp_path: Path
):
    clean = clean_corpus(tmp_path / "clean", hostile.kept)

    def summary(path: Path, cache: Path) -> dict[str, object]:
        code, out, err = run_cli(capsysbinary, ["index", str(path), "--json", *opts(cache)])
        assert code == 0, err
        figures = json.loads(out)
        return {k: figures[k] for k in ("articles", "duplicates", "undated", "mentions")} | {
            "span": (figures["first_date"], figures["last_date"])
        }

    expected = summary(clean, tmp_path / "clean-cache")
    assert expected["articles"] == len(hostile.kept) - 1  # a2-copy repeats a2
    # The first run indexes, the second reads the cache: both must agree with the clean corpus.
    assert summary(hostile.folder, tmp_path / "cache") == expected
    assert summary(hostile.folder, tmp_path / "cache") == expected

    for view in VIEWS:
        outputs = {}
        for name, path, cache in (
            ("clean", clean, tmp_path / "clean-cache"),
            ("hostile", hostile.folder, tmp_path / "cache"),
        ):
            target = tmp_path / "out" / f"{name}-{view}.csv"
            code, _, err = run_cli(
                capsysbinary, ["export", str(path), "--view", view, "-o", str(target), *opts(cache)]
            )
            assert code == 0, err
            assert f"rows written to {target}" in err
            outputs[name] = target.read_bytes()
        assert outputs["hostile"] == outputs["clean"], view
        rows = list(csv.reader(io.StringIO(outputs["clean"].decode("utf-8"))))
        assert len(rows) > 2

    # Every article read is in the article list, as it was read.
    articles = list(csv.DictReader(io.StringIO(outputs["hostile"].decode("utf-8"))))
    by_id = {row["id"]: row for row in articles}
    assert set(by_id) == {r["id"] for r in hostile.kept} - {"a2-copy"}
    assert by_id["l1"]["title"] == "Caf\ufffd talk"
    assert by_id["x3"]["date"] == "" and by_id["37-baddate"]["date"] == ""
    assert by_id["q4"]["sectors"] == "agriculture" and by_id["x6"]["themes"] == "speed_campaign"


def test_exit_code_and_stderr_of_export_with_bad_input(capsysbinary, hostile: Hostile, tmp_path):
    """`export` to stdout: the CSV on stdout, problems on stderr, exit 0."""
    code, out, err = run_cli(capsysbinary, ["export", str(hostile.folder), *opts(tmp_path / "c")])
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"))))
    assert rows[0][0] == "theme" and len(rows) == 5  # header, three themes and (none)
    assert problem_lines(err), "problems must be reported by export too"
    assert re.search(r"^\.\.\. and \d+ more \(--verbose lists all\)$", err, re.M)  # capped


def test_a_corpus_of_nothing_but_bad_files_still_exits_0(capsysbinary, tmp_path: Path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(b"\x00" * 64)
    (folder / "b.csv").write_text("", "utf-8")
    (folder / "c.json").write_text("[", "utf-8")
    code, out, err = run_cli(capsysbinary, ["index", str(folder), *opts(tmp_path / "cache")])
    assert code == 0, err
    assert out.decode().splitlines()[0] == (
        "0 articles from 3 files (-); 0 duplicates dropped, 0 undated, "
        "3 records unreadable, 0 mentions"
    )
    assert len(problem_lines(err)) == 3


def test_control_characters_in_a_file_name_are_not_sent_to_the_terminal(
    capsysbinary, tmp_path: Path
):
    folder = tmp_path / "names"
    folder.mkdir()
    name = "evil\x1b[2J\x1b]0;owned\x07\u202e.jsonl"
    try:
        (folder / name).write_text("{oops\n", "utf-8")
    except OSError:
        pytest.skip("the file system refuses such names")
    code, _, err = run_cli(capsysbinary, ["index", str(folder), *opts(tmp_path / "cache")])
    assert code == 0
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "evil\\x1b[2J\\x1b]0;owned\\x07\\u202e.jsonl:1: not valid JSON" in err


def test_a_file_name_that_is_not_utf8_is_read_and_cached(capsysbinary, tmp_path: Path):
    folder = tmp_path / "bytes"
    folder.mkdir()
    record = {"id": "nb1", "date": "2024-02-02", "body": "A coal mine in Hamhung."}
    try:
        with open(os.fsencode(folder) + b"/caf\xe9.jsonl", "wb") as handle:
            handle.write((json.dumps(record) + "\n{bad\n").encode())
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    for run in ("first", "cached"):
        code, out, err = run_cli(
            capsysbinary, ["export", str(folder), "--view", "articles", *opts(tmp_path / "c")]
        )
        assert code == 0, (run, err)
        assert out.decode("utf-8").splitlines()[1].endswith(",nb1")
        assert f"error: {folder}/caf\\xe9.jsonl:2: not valid JSON" in err


def test_giant_records_in_every_format_are_skipped_alone(
    capsysbinary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Over the limits (lowered here so the files stay small): a body too long in each format,
    and a JSON Lines line too long to be decoded at all; the neighbours are still read."""
    monkeypatch.setattr(readers.limits, "MAX_BODY_CHARS", 2_000)
    monkeypatch.setattr(readers.limits, "MAX_LINE_BYTES", 20_000)
    folder = tmp_path / "giants"
    folder.mkdir()
    big = "A coal mine in Hamhung. " * 200  # 4,800 characters
    small = {"id": "s1", "date": "2024-01-02", "body": "A cooperative farm in Pyongyang."}
    (folder / "a.jsonl").write_text(
        jsonl([{"id": "g1", "body": big}])
        + json.dumps({"id": "g2", "body": big * 10})  # one line of 48,000 bytes
        + "\n"
        + jsonl([small]),
        "utf-8",
    )
    (folder / "b.json").write_text(json.dumps([{"id": "g3", "body": big}, small]), "utf-8")
    (folder / "c.csv").write_text(f'id,body\ng4,"{big}"\ns2,Steel complex news.\n', "utf-8")
    (folder / "d.txt").write_text(f"date 2024-01-03 Giant seed\n{big}\n", "utf-8")
    code, out, err = run_cli(
        capsysbinary, ["index", str(folder), "--verbose", *opts(tmp_path / "cache")]
    )
    assert code == 0, err
    giant = [line for line in problem_lines(err) if "giant record" in line]
    assert [line.split(": giant")[0] for line in giant] == [
        f"error: {folder / 'a.jsonl'}:1",
        f"error: {folder / 'a.jsonl'}:2",
        f"error: {folder / 'b.json'}:1",
        f"error: {folder / 'c.csv'}:2",
        f"error: {folder / 'd.txt'}",
    ]
    assert "line of 48,025 bytes (limit 20,000) skipped" in giant[1]
    # s1 twice (a.jsonl and b.json: one is a duplicate) and s2.
    assert out.decode().startswith("2 articles from 4 files")
    assert "1 duplicate dropped" in out.decode()
