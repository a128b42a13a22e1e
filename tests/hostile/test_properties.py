"""Properties: arbitrary bytes, JSON values, text and cells thrown at the readers, the tagger,
the index and the CSV export. No exception may escape, and bad records never change a count."""

from __future__ import annotations

import atexit
import csv
import gzip
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import STORIES
from tests.hostile.conftest import MINI, jsonl
from tui.core.export import neutralize, neutralize_id, to_csv_bytes
from tui.core.index import build_index
from tui.core.models import Article, FilterState, Problem, Scope
from tui.core.normalize import normalize_phrase
from tui.core.query import Query
from tui.core.readers import read_file
from tui.core.tagger import Tagger
from tui.core.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy(MINI)
TAGGER = Tagger(TAXONOMY)
PHRASES = {
    label.id: {normalize_phrase(p) for p in (*label.phrases, *label.aliases)}
    for label in TAXONOMY.model.labels
}

# Tmp folders from pytest fixtures are not reset between hypothesis examples; one folder per
# module run, and each example overwrites its own file.
WORK = Path(tempfile.mkdtemp(prefix="campaign-tui-properties-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)

quick = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces that steer random bytes towards the readers' edge cases.
BYTE_PIECES = [
    b'{"body": "a coal mine", "date": "2024-01-01"}',
    b'{"title": "x", "text": null}',
    b"\n",
    b"\r",
    b"\r\n",
    b'"',
    b",",
    b";",
    b"\t",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\\ud800",
    b"id,date,title,body",
    b"date 2024-02-30 ",
    b"coal mine",
    b"\x1b[2J",
]
raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(st.sampled_from(BYTE_PIECES), st.binary(max_size=6)), max_size=60).map(
        b"".join
    ),
)
KEYS = ["id", "title", "headline", "body", "text", "date", "published", "topic", "url"]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    # JSON may spell lone surrogates, which st.text never draws.
    | st.sampled_from(["lone \ud800 high", "\udfff", "coal mine \udc80"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=6)
    ),
    max_leaves=25,
)


def check_read(articles: list[Article], problems: list[Problem]) -> None:
    """What comes back from a reader is usable downstream: UTF-8 clean and well placed."""
    for article in articles:
        assert isinstance(article, Article)
        for value in (article.id, article.title, article.body, article.source, article.topic):
            value.encode("utf-8")  # no lone surrogates: parquet, CSV and the terminal need it
        assert article.body.strip()
        assert article.line >= 0
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.reason and (problem.line is None or problem.line >= 1)
        str(problem).encode("utf-8")


@quick
@given(data=raw_bytes, suffix=st.sampled_from([".jsonl", ".ndjson", ".json", ".csv", ".txt"]))
def test_read_file_on_arbitrary_bytes_never_raises(data: bytes, suffix: str) -> None:
    path = WORK / f"bytes{suffix}"
    path.write_bytes(data)
    check_read(*read_file(path))


@quick
@given(data=raw_bytes, suffix=st.sampled_from([".jsonl.gz", ".json.gz", ".csv.gz", ".txt.gz"]))
def test_read_file_on_arbitrary_gzip_never_raises(data: bytes, suffix: str) -> None:
    path = WORK / f"bytes{suffix}"
    packed = gzip.compress(data)
    # Whole, cut short, or not gzip at all.
    for payload in (packed, packed[: len(packed) // 2], data):
        path.write_bytes(payload)
        check_read(*read_file(path))


@quick
@given(values=st.lists(json_values, max_size=10))
def test_arbitrary_json_values_per_line(values: list[object]) -> None:
    path = WORK / "values.jsonl"
    path.write_text("".join(json.dumps(value) + "\n" for value in values), "utf-8")
    articles, problems = read_file(path)
    check_read(articles, problems)
    # Every line is an article, at least one error, or a record reported as skipped (a
    # headline with no story); no line is lost silently.
    error_lines = {p.line for p in problems if p.severity in ("error", "skipped")}
    read_lines = {a.line for a in articles}
    assert read_lines | error_lines == set(range(1, len(values) + 1)) or not values
    assert not read_lines & error_lines


@quick
@given(values=st.lists(json_values, max_size=10), wrap=st.booleans())
def test_arbitrary_json_documents(values: list[object], wrap: bool) -> None:
    path = WORK / "values.json"
    document: object = {"articles": values} if wrap else values
    path.write_text(json.dumps(document), "utf-8")
    check_read(*read_file(path))


@quick
@given(
    rows=st.lists(
        st.lists(st.text(max_size=30), min_size=0, max_size=6),
        max_size=8,
    )
)
def test_arbitrary_csv_rows(rows: list[list[str]]) -> None:
    path = WORK / "rows.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "date", "title", "body"])
    # Python 3.10's csv writer refuses a NUL (3.11 writes it as it is): a stand-in is written
    # and the NULs put back, so the file is the same on every Python.
    writer.writerows([[cell.replace("\x00", "\ue000") for cell in row] for row in rows])
    path.write_text(buffer.getvalue().replace("\ue000", "\x00"), "utf-8")
    check_read(*read_file(path))


# Text made of the taxonomy's own phrases, boilerplate and awkward characters, so that
# mentions are actually found in most examples.
TEXT_PIECES = [
    "coal mine",
    "Coal-Mining industry",
    "steel  complex",
    "80-day campaign",
    "Kimchaek",
    "Kimchaek University",
    "South Hamkyong",
    "across the country",
    "socialist emulation drive",
    "Pyongyang, January 10 (KCNA) --",
    "-0-",
    "\n",
    "\r\n",
    " ",
    ". ",
    "\u00df",
    "\u0130",
    "\ufb01",
    "\u00bd",
    "\u0301",
    "\u2014",
    "\u00a0",
    "\u202e",
    "\x1b[31m",
    "[bold]",
    "\ud800",
]
tag_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(TEXT_PIECES), st.text(max_size=4)), max_size=40).map(
        "".join
    ),
)


@settings(max_examples=100, deadline=None)
@given(text=tag_text)
def test_tagger_on_arbitrary_text(text: str) -> None:
    mentions = TAGGER.tag(text)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.phrase
        # The span is the label's phrase (overlapping ones merged, as in "socialist emulation
        # drive"), not a neighbour of it.
        form = normalize_phrase(mention.phrase)
        assert any(form.startswith(phrase) for phrase in PHRASES[mention.label]), mention
        assert any(form.endswith(phrase) for phrase in PHRASES[mention.label]), mention
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)


# -- bad lines never change a count --------------------------------------------------------


def _is_record(line: str) -> bool:
    """Whether the reader would take the line as a record (so it is not garbage)."""
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


garbage_line = (
    st.one_of(
        st.text(max_size=60),
        json_values.map(json.dumps),
        st.sampled_from(["{", '{"body": ', "null", "[]", '"coal mine"', "\ufeff{}x", "\x1b[2J"]),
    )
    .map(lambda line: line.replace("\n", " ").replace("\x00", " "))
    .filter(lambda line: not _is_record(line.lstrip("\ufeff")))
)


def _counts(path: Path) -> tuple[object, ...]:
    index = build_index([path], TAXONOMY)
    query = Query(index, Scope.article)
    filters = FilterState()
    articles, _ = query.articles(filters)
    return (
        len(index.articles),
        len(index.mentions),
        index.duplicates,
        index.undated,
        query.theme_by("sector", filters).to_csv(),
        query.theme_by("region", filters).to_csv(),
        articles.drop(columns=["art", "source"]).to_csv(index=False),
    )


CLEAN = WORK / "clean.jsonl"
CLEAN.write_text(jsonl(STORIES), "utf-8")
CLEAN_COUNTS = _counts(CLEAN)


@settings(quick, max_examples=50)  # a whole index build per example
@given(
    garbage=st.lists(garbage_line, min_size=1, max_size=8),
    places=st.lists(st.integers(min_value=0, max_value=len(STORIES)), min_size=8, max_size=8),
)
def test_garbage_lines_do_not_change_the_counts(garbage: list[str], places: list[int]) -> None:
    lines = [json.dumps(story) for story in STORIES]
    for line, place in zip(garbage, places, strict=False):
        lines.insert(place, line)
    path = WORK / "garbled.jsonl"
    path.write_text("".join(line + "\n" for line in lines), "utf-8")
    assert _counts(path) == CLEAN_COUNTS
    _, problems = read_file(path)
    blank = sum(1 for line in garbage if not line.strip())
    assert sum(1 for p in problems if p.severity == "error") == len(garbage) - blank


# -- CSV export ----------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-](?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=1+1", "+1", "-1", "-1.5e3", "+-1", "-1_000", "-\uff11", "@SUM(A1)"]),
    st.tuples(st.sampled_from(FORMULA_START), st.text(max_size=20)).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(value=cell_text)
def test_neutralize_never_leaves_a_live_formula(value: str) -> None:
    safe = neutralize(value)
    if safe.startswith(FORMULA_START):
        assert PLAIN_NUMBER.fullmatch(safe), safe
        assert safe == value
    else:
        assert safe in (value, "'" + value)


@quick
@given(
    cells=st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=6),
    bom=st.booleans(),
)
def test_exported_csv_round_trips_and_has_no_formula(cells: list[list[str]], bom: bool) -> None:
    cells = [[value.replace("\x00", "") for value in row] for row in cells]
    frame = pd.DataFrame(cells, columns=["title", "=header", "id"])
    data = to_csv_bytes(frame, bom=bom)
    text = data.decode("utf-8-sig" if bom else "utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["title", "'=header", "id"]
    # Ids are written as they are unless they could run (they must join back to the corpus).
    assert rows[1:] == [[neutralize(t), neutralize(h), neutralize_id(i)] for t, h, i in cells]
    for row in rows:
        for column, value in enumerate(row):
            if column == 2 and value.startswith(("+", "-", "@")):
                assert not set(value) & set("()|!\"' =*^<>\t\r\n")
                continue
            assert not value.startswith(FORMULA_START) or PLAIN_NUMBER.fullmatch(value)
