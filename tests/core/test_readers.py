"""Corpus readers: every format, good and malformed, and the file walk."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest

from tui.core import readers
from tui.core.models import Article, Problem
from tui.core.readers import (
    FieldMap,
    ReadResult,
    iter_articles,
    iter_corpus_files,
    read_corpus,
    read_file,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# Invented wire copy: the project's tests never quote the real corpora.
BODY_A = (
    "Sampo, March 3 (Wire) -- Workers of the Sampo Bolt Factory overfulfilled "
    "their quarterly plan.\nThe factory held a meeting to sum up the drive."
)
BODY_B = "Hanul, April 9 (Wire) -- Farmers in Hanul County finished spring ploughing early."
BODY_C = "Kumdong, May 2 (Wire) -- A new school opened in Kumdong."


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def reasons(problems: list[Problem]) -> list[str]:
    return [problem.reason for problem in problems]


# ------------------------------------------------------------------------- FieldMap


def test_fieldmap_parse() -> None:
    fields = FieldMap.parse(["body=story_text", " Title = headline "])
    assert fields.body == "story_text"
    assert fields.title == "headline"
    assert fields.date is None
    assert FieldMap.parse([]) == FieldMap()


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["author=byline"], "unknown field 'author'"),
        (["body"], "bad field spec"),
        (["=text"], "bad field spec"),
        (["body="], "bad field spec"),
        (["body=a", "body=b"], "given twice"),
    ],
)
def test_fieldmap_parse_errors(specs: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FieldMap.parse(specs)


# ---------------------------------------------------------------------------- JSONL


def test_jsonl_good(tmp_path: Path) -> None:
    path = write(
        tmp_path / "wire.jsonl",
        jsonl(
            {
                "id": "w-1",
                "date": "2024-03-03",
                "title": " Bolt Factory  Tops Plan ",
                "topic": "Economy",
                "body": "  " + BODY_A + "\n",
            },
            {"url": "http://wire.example/2", "date": 1712620800000, "headline": "Ploughing"},
        ).replace('"headline"', '"body": ' + json.dumps(BODY_B) + ', "headline"'),
    )
    articles, problems = read_file(path)
    assert problems == []
    first, second = articles
    assert first == Article(
        id="w-1",
        title="Bolt Factory Tops Plan",
        body=BODY_A,
        date=dt.date(2024, 3, 3),
        source=str(path),
        line=1,
        topic="Economy",
    )
    assert second.id == "http://wire.example/2"
    assert second.title == "Ploughing"
    assert second.date == dt.date(2024, 4, 9)
    assert second.line == 2


def test_jsonl_malformed_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "date": "2024-05-02", "body": BODY_C}),
        "",
        "{not json",
        "[1, 2, 3]",
        json.dumps({"id": "null-body", "date": "2024-05-02", "body": None}),
        json.dumps({"id": "no-body", "date": "2024-05-02", "title": "Only a title"}),
        json.dumps({"id": "blank-body", "date": "2024-05-02", "body": "   "}),
        json.dumps({"id": "number-body", "date": "2024-05-02", "body": 42}),
        "   ",
        json.dumps({"id": "ok-2", "date": "2024-05-03", "body": BODY_B}),
        '{"id": "cut", "date": "2024-05-04", "body": "Pyongyang, May 4 (Wi',
    ]
    path = write(tmp_path / "bad.jsonl", "\n".join(lines))
    articles, problems = read_file(path)
    assert [article.id for article in articles] == ["ok-1", "ok-2"]
    assert [article.line for article in articles] == [1, 10]
    assert all(problem.severity == "error" for problem in problems)
    by_line = {problem.line: problem.reason for problem in problems}
    assert set(by_line) == {3, 4, 5, 6, 7, 8, 11}
    assert "not valid JSON" in by_line[3]
    assert "not a JSON object" in by_line[4]
    assert "empty body" in by_line[5] and "null" in by_line[5]
    assert "no body" in by_line[6]
    assert "empty body" in by_line[7]
    assert "not text" in by_line[8]
    assert "truncated" in by_line[11]


def test_jsonl_content_hash_id(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"title": "Plan Met", "body": BODY_C, "date": ""}))
    (article,), problems = read_file(path)
    assert article.id == hashlib.sha1(f"Plan Met\n{BODY_C}".encode()).hexdigest()[:16]
    assert article.date is None
    assert [problem.severity for problem in problems] == ["warning"]


def test_jsonl_integer_id_and_link(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.ndjson",
        jsonl({"id": 17, "body": BODY_A}, {"link": "http://wire.example/x", "body": BODY_B}),
    )
    articles, _ = read_file(path)
    assert [article.id for article in articles] == ["17", "http://wire.example/x"]


def test_undated_records_are_kept_with_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {"id": "no-date", "body": BODY_A},
            {"id": "bad-date", "date": "sometime in spring", "body": BODY_B},
            {"id": "impossible", "date": "2024-02-30", "body": BODY_C},
        ),
    )
    articles, problems = read_file(path)
    assert [article.date for article in articles] == [None, None, None]
    assert [problem.severity for problem in problems] == ["warning"] * 3
    assert all(reason.startswith("undated:") for reason in reasons(problems))
    assert "sometime in spring" in problems[1].reason
    assert [problem.line for problem in problems] == [1, 2, 3]


def test_date_falls_back_to_next_candidate(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl({"id": "x", "date": "unknown", "date_str": "2024-06-01", "body": BODY_A}),
    )
    (article,), problems = read_file(path)
    assert article.date == dt.date(2024, 6, 1)
    assert problems == []


def test_field_names_are_case_insensitive(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl({"ID": "x", "Headline": "Upper", "BODY": BODY_A, "PubDate": "2024-07-07"}),
    )
    (article,), problems = read_file(path)
    assert (article.id, article.title, article.date) == ("x", "Upper", dt.date(2024, 7, 7))
    assert problems == []


def test_body_crlf_is_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"id": "x", "date": "2024-01-01", "body": "a\r\nb\r"}))
    (article,), _ = read_file(path)
    assert article.body == "a\nb"


def test_explicit_fieldmap(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {"story": "ignored", "full": BODY_A, "kop": "Kicker", "when": "2024-08-08"},
            {"body": "has only the default field", "when": "2024-08-08"},
        ),
    )
    fields = FieldMap.parse(["body=full", "title=kop", "date=when"])
    articles, problems = read_file(path, fields)
    assert [(article.body, article.title, article.date) for article in articles] == [
        (BODY_A, "Kicker", dt.date(2024, 8, 8))
    ]
    # An explicit name replaces the defaults instead of adding to them.
    assert [problem.line for problem in problems] == [2]
    assert "full" in problems[0].reason


def test_giant_record_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.limits, "MAX_BODY_CHARS", 100)
    path = write(
        tmp_path / "a.jsonl",
        jsonl({"id": "big", "date": "2024-01-01", "body": "x" * 101}, {"id": "s", "body": "ok"}),
    )
    articles, problems = read_file(path)
    assert [article.id for article in articles] == ["s"]
    assert problems[0].line == 1 and "giant record" in problems[0].reason


def test_iter_articles_streams(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(*({"id": str(n), "date": "2024-01-01", "body": BODY_A} for n in range(5))),
    )
    stream = iter_articles(path)
    first = next(stream)
    # Nothing is read until asked for: the first record comes before the rest are parsed.
    assert isinstance(first, Article) and first.id == "0"
    assert [item.id for item in stream if isinstance(item, Article)] == ["1", "2", "3", "4"]


# ------------------------------------------------------------------ encodings, bytes


def test_bom_is_accepted(tmp_path: Path) -> None:
    record = jsonl({"id": "x", "date": "2024-01-01", "body": BODY_A})
    path = write(tmp_path / "a.jsonl", b"\xef\xbb\xbf" + record.encode())
    articles, problems = read_file(path)
    assert [article.id for article in articles] == ["x"]
    assert problems == []


def test_crlf_line_ends(tmp_path: Path) -> None:
    content = (
        jsonl({"id": "1", "body": BODY_A, "date": "2024-01-01"})
        + "\n"
        + jsonl({"id": "2", "body": BODY_B, "date": "2024-01-02"})
    )
    path = write(tmp_path / "a.jsonl", content.replace("\n", "\r\n"))
    articles, problems = read_file(path)
    assert [(article.id, article.line) for article in articles] == [("1", 1), ("2", 3)]
    assert problems == []


def test_invalid_utf8_is_replaced_and_reported_once(tmp_path: Path) -> None:
    good = jsonl({"id": "1", "date": "2024-01-01", "body": BODY_A}).encode()
    bad = b'{"id": "2", "date": "2024-01-01", "body": "Chollo\xff county \xfe"}\n'
    path = write(tmp_path / "a.jsonl", good + bad + bad.replace(b'"2"', b'"3"'))
    articles, problems = read_file(path)
    assert [article.id for article in articles] == ["1", "2", "3"]
    assert "\ufffd" in articles[1].body
    assert len(problems) == 1
    assert problems[0].severity == "warning"
    assert problems[0].line == 2
    assert "UTF-8" in problems[0].reason


def test_invalid_utf8_whole_file_formats(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"date 2024-01-01 Title\nline one\nbad \xc3\x28 byte\n")
    (article,), problems = read_file(path)
    assert "\ufffd" in article.body
    assert [(problem.line, problem.severity) for problem in problems] == [(3, "warning")]


@pytest.mark.parametrize("name", ["a.jsonl", "a.json", "a.csv", "a.txt"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"PK\x03\x04\x00\x00binary\x00stuff" * 10)
    articles, problems = read_file(path)
    assert articles == []
    assert len(problems) == 1 and "binary" in problems[0].reason


@pytest.mark.parametrize("name", ["a.jsonl", "a.json", "a.csv", "a.txt", "a.jsonl.gz"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".gz"):
        write(path, gzip.compress(b""))
    else:
        write(path, b"")
    articles, problems = read_file(path)
    assert articles == []
    assert reasons(problems) == ["empty file"]


@pytest.mark.parametrize("name", ["a.jsonl", "a.json", "a.txt"])
def test_whitespace_only_file_is_empty(tmp_path: Path, name: str) -> None:
    articles, problems = read_file(write(tmp_path / name, "\n  \n\t\n"))
    assert articles == []
    assert reasons(problems) == ["empty file"]


# ------------------------------------------------------------------------------- gz


def _gz_payloads() -> dict[str, str]:
    return {
        "wire.jsonl.gz": jsonl({"id": "g", "date": "2024-02-02", "body": BODY_A}),
        "wire.json.gz": json.dumps([{"id": "g", "date": "2024-02-02", "body": BODY_A}]),
        "wire.csv.gz": f'id,date,body\ng,2024-02-02,"{BODY_A}"\n',
        "g.txt.gz": "date 2024-02-02 Gzipped Story\n" + BODY_A + "\n",
    }


@pytest.mark.parametrize("name", sorted(_gz_payloads()))
def test_gz_formats(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, gzip.compress(_gz_payloads()[name].encode()))
    (article,), problems = read_file(path)
    assert problems == []
    assert (article.id, article.date, article.body) == ("g", dt.date(2024, 2, 2), BODY_A)


def test_corrupt_gz(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl.gz", b"this is not gzip data at all")
    articles, problems = read_file(path)
    assert articles == []
    assert len(problems) == 1 and "gzip" in problems[0].reason


def test_truncated_gz_keeps_what_was_read(tmp_path: Path) -> None:
    records = [{"id": str(n), "date": "2024-01-01", "body": f"{BODY_A} {n}"} for n in range(400)]
    data = gzip.compress(jsonl(*records).encode())
    path = write(tmp_path / "a.jsonl.gz", data[: len(data) // 2])
    articles, problems = read_file(path)
    assert len(articles) < 400
    # Reported at the line it broke off in: every line before it was read.
    assert problems[-1].line == len(articles) + 1 and "gzip" in problems[-1].reason


# ------------------------------------------------------------------------------ JSON


def test_json_array(tmp_path: Path) -> None:
    records: list[object] = [
        {"link": "http://wire.example/1", "headline": "One", "date": 1709424000000, "body": BODY_A},
        "not an object",
        {"link": "http://wire.example/3", "headline": "Three", "story_text": ""},
        {"link": "http://wire.example/4", "headline": "Four", "story_text": BODY_C},
    ]
    path = write(tmp_path / "a.json", json.dumps(records, indent=2))
    articles, problems = read_file(path)
    assert [(article.id, article.line) for article in articles] == [
        ("http://wire.example/1", 1),
        ("http://wire.example/4", 4),
    ]
    assert articles[0].date == dt.date(2024, 3, 3)
    errors = [problem for problem in problems if problem.severity == "error"]
    assert [problem.line for problem in errors] == [2]
    assert "not an object" in errors[0].reason
    # A headline with an empty story (the public archive lists them) is no article and no
    # error: skipped, with the reason.
    skipped = [problem for problem in problems if problem.severity == "skipped"]
    assert [(p.line, p.reason) for p in skipped] == [(3, "title only: field 'story_text' is empty")]
    assert [problem.line for problem in problems if problem.severity == "warning"] == [4]
    # Numbered by record, and said so: the array is on many lines.
    assert {problem.unit for problem in problems} == {"record"}


def test_an_empty_body_without_a_title_is_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"id": "x", "story_text": " "}]))
    _articles, problems = read_file(path)
    assert [(p.severity, p.unit) for p in problems] == [("error", "record")]


@pytest.mark.parametrize("key", ["articles", "items", "data", "records", "Stories", "payload"])
def test_json_wrapped_object(tmp_path: Path, key: str) -> None:
    document = {"count": 2, "source": "wire", key: [{"id": "a", "body": BODY_A}, {"body": BODY_B}]}
    articles, _ = read_file(write(tmp_path / "a.json", json.dumps(document)))
    assert [article.line for article in articles] == [1, 2]
    assert articles[0].id == "a"


def test_json_single_article_object(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps({"id": "solo", "body": BODY_A}))
    articles, _ = read_file(path)
    assert [article.id for article in articles] == ["solo"]


@pytest.mark.parametrize(
    ("content", "reason", "line"),
    [
        ('[{"id": "a", "body": "x"},\n {"id": ', "not valid JSON", 2),
        ('{"meta": {"n": 1}}', "no records", None),
        ("42", "no records", None),
        ("[]", "no records", None),
    ],
)
def test_json_bad_documents(tmp_path: Path, content: str, reason: str, line: int | None) -> None:
    articles, problems = read_file(write(tmp_path / "a.json", content))
    assert articles == []
    assert len(problems) == 1
    assert reason in problems[0].reason
    assert problems[0].line == line


# ------------------------------------------------------------------------------- CSV


def test_csv_quoted_newlines(tmp_path: Path) -> None:
    content = (
        "id,Title,date,body\r\n"
        'c1,"Plan, Met",2024-03-03,"First paragraph.\r\nSecond ""quoted"" paragraph."\r\n'
        "\r\n"
        "c2,Second,March 4 2024,Single line body.\r\n"
        'c3,Third,,"one\ntwo\nthree"\r\n'
    )
    path = write(tmp_path / "a.csv", content)
    articles, problems = read_file(path)
    assert [(article.id, article.line) for article in articles] == [("c1", 2), ("c2", 5), ("c3", 6)]
    assert articles[0].title == "Plan, Met"
    assert articles[0].body == 'First paragraph.\nSecond "quoted" paragraph.'
    assert articles[1].date == dt.date(2024, 3, 4)
    assert [(problem.line, problem.severity) for problem in problems] == [(6, "warning")]


def test_csv_big_field(tmp_path: Path) -> None:
    big = "word " * 60_000
    path = write(tmp_path / "a.csv", f'id,body\nbig,"{big}"\n')
    (article,), _ = read_file(path)
    assert article.body == big.strip()


def test_csv_bom_and_bad_rows(tmp_path: Path) -> None:
    content = "\ufeffid,date,body\nr1,2024-01-01,ok\nr2,2024-01-01,too,many\nr3,2024-01-01\n"
    articles, problems = read_file(write(tmp_path / "a.csv", content))
    assert [article.id for article in articles] == ["r1"]
    assert [(problem.line, problem.severity) for problem in problems] == [
        (3, "error"),
        (4, "error"),
    ]
    assert "fields but the header has" in problems[0].reason
    assert "no body" in problems[1].reason


def test_csv_semicolons(tmp_path: Path) -> None:
    articles, _ = read_file(write(tmp_path / "a.csv", "id;body\ns1;Semicolon text\n"))
    assert [(article.id, article.body) for article in articles] == [("s1", "Semicolon text")]


# ------------------------------------------------------------------------------ seed


def test_seed_with_report_date(tmp_path: Path) -> None:
    content = (
        " date 2022-04-05 Tideland Reclaimed\r\n"
        "Builders finished a long embankment.\r\n"
        "\r\n"
        "Paddies will follow next year.\r\n"
        "2022-04-02\r\n"
        "\r\n"
    )
    path = write(tmp_path / "001_abc.txt", content)
    (article,), problems = read_file(path)
    assert problems == []
    assert article == Article(
        id="001_abc",
        title="Tideland Reclaimed",
        body="Builders finished a long embankment.\n\nPaddies will follow next year.",
        date=dt.date(2022, 4, 5),
        report_date=dt.date(2022, 4, 2),
        source=str(path),
        line=1,
    )


def test_seed_without_report_date(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "\n\ndate 2022-04-05 Title\nBody line.\nLast figure 2022\n")
    (article,), problems = read_file(path)
    assert problems == []
    assert article.report_date is None
    assert article.body == "Body line.\nLast figure 2022"
    assert article.line == 3


def test_seed_number_last_line_stays_in_body(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "date 2022-04-05 Title\nBody line.\n1700000000\n")
    (article,), _ = read_file(path)
    assert article.report_date is None
    assert article.body.endswith("1700000000")


def test_seed_without_date_prefix(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "2023-09-09 Anniversary Marked\nBody.\n")
    (article,), problems = read_file(path)
    assert (article.date, article.title, article.body) == (
        dt.date(2023, 9, 9),
        "Anniversary Marked",
        "Body.",
    )
    assert problems == []


def test_seed_impossible_date(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "date 2023-02-30 Title\nBody.\n")
    (article,), problems = read_file(path)
    assert article.date is None
    assert [(problem.severity, problem.line) for problem in problems] == [("warning", 1)]
    assert problems[0].reason.startswith("undated:")


def test_seed_header_only(tmp_path: Path) -> None:
    articles, problems = read_file(write(tmp_path / "x.txt", "date 2023-02-03 Title\n2023-02-01\n"))
    assert articles == []
    assert "no body" in problems[0].reason


def test_plain_text_file(tmp_path: Path) -> None:
    first = "A plain note without a date line " + "long " * 60
    path = write(tmp_path / "note.txt", f"{first}\nSecond line.\n")
    (article,), problems = read_file(path)
    assert article.id == "note"
    assert article.date is None
    assert article.title == first.strip()[:200]
    assert article.body == f"{first}\nSecond line.".strip()
    assert [problem.severity for problem in problems] == ["warning"]
    assert "seed format" in problems[0].reason


# ----------------------------------------------------------------------- file walk


def test_iter_corpus_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.jsonl", "")
    write(root / "a.csv", "")
    write(root / "README.md", "")
    write(root / ".hidden.jsonl", "")
    write(root / ".git" / "x.jsonl", "")
    write(root / "sub" / "z.json.gz", b"")
    write(root / "sub" / "deeper" / "y.NDJSON", "")
    write(root / "sub" / "notes.txt", "")
    write(root / "c.tar.gz", b"")
    files, problems = iter_corpus_files([root])
    assert problems == []
    assert [path.relative_to(root).as_posix() for path in files] == [
        "a.csv",
        "b.jsonl",
        "sub/deeper/y.NDJSON",
        "sub/notes.txt",
        "sub/z.json.gz",
    ]


def test_iter_corpus_files_explicit_paths(tmp_path: Path) -> None:
    good = write(tmp_path / "a.jsonl", "")
    odd = write(tmp_path / "a.docx", "")
    files, problems = iter_corpus_files([good, str(tmp_path / "missing.jsonl"), odd, good])
    assert files == [good]
    assert [problem.source for problem in problems] == [
        str(tmp_path / "missing.jsonl"),
        str(odd),
    ]
    assert "no such file" in problems[0].reason
    assert "unknown file type" in problems[1].reason


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "sub" / "a.jsonl", "")
    try:
        os.symlink(root, root / "sub" / "back-to-root")
        os.symlink(root / "sub", root / "sub" / "itself")
        os.symlink(root / "self.jsonl", root / "self.jsonl")
        os.symlink(root / "gone.jsonl", root / "dangling.jsonl")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")
    files, problems = iter_corpus_files([root, root / "sub" / "back-to-root"])
    assert files == [root / "sub" / "a.jsonl"]
    assert {Path(problem.source).name for problem in problems} == {"self.jsonl", "dangling.jsonl"}
    assert all(problem.severity == "warning" for problem in problems)


def test_unknown_suffix_in_read_file(tmp_path: Path) -> None:
    articles, problems = read_file(write(tmp_path / "a.xml", "<a/>"))
    assert articles == []
    assert "unknown file type" in problems[0].reason


def test_read_corpus(tmp_path: Path) -> None:
    write(tmp_path / "c" / "one.jsonl", jsonl({"id": "1", "date": "2024-01-01", "body": BODY_A}))
    write(tmp_path / "c" / "two.txt", "date 2024-01-02 Two\n" + BODY_B + "\n")
    write(tmp_path / "c" / "three.json", "[")
    result = read_corpus([tmp_path / "c", tmp_path / "nowhere"])
    assert isinstance(result, ReadResult)
    assert [path.name for path in result.files] == ["one.jsonl", "three.json", "two.txt"]
    assert [article.id for article in result.articles] == ["1", "two"]
    assert [Path(problem.source).name for problem in result.problems] == ["nowhere", "three.json"]


# -------------------------------------------------------------------- real corpora


def _shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (a fresh clone has no shared/)")
    return path


def test_real_jsonl_2024() -> None:
    articles, problems = read_file(_shared("corpora/kcna-2024.jsonl"))
    assert len(articles) == 1039
    assert problems == []
    assert all(article.date is not None and article.topic for article in articles)


def test_real_archive_json() -> None:
    path = _shared("corpora/kcna-archive-2024-11-11.json")
    articles, problems = read_file(path)
    assert len(articles) + len(problems) == 2111
    assert problems and all(
        "title only" in problem.reason and problem.severity == "skipped" for problem in problems
    )
    assert all(article.id.startswith("http") for article in articles)
    assert all(article.date is not None for article in articles)
    assert all(article.title and article.body for article in articles)
    raw = json.loads(path.read_text(encoding="utf-8"))
    for article in articles[:50]:
        assert str(article.date) == raw[article.line - 1]["date_str"]


def test_real_seed() -> None:
    (article,), problems = read_file(_shared("seed/000_978c6a37fed404cb.txt"))
    assert problems == []
    assert article.id == "000_978c6a37fed404cb"
    assert article.date == dt.date(2021, 12, 23)
    assert article.report_date == dt.date(2021, 12, 21)
    assert article.title == "DPRK Strong Wind of Collective Competition"
    assert "2021-12-21" not in article.body
