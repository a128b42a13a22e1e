"""The column reader of JSON Lines parts gives what the general reader gives, or steps aside."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.columns import read_part_columns
from tui.core.models import Article, Problem
from tui.core.readers import FieldMap, iter_jsonl_part

_TEXT = st.sampled_from(
    [
        *["", "  ", "Coal mine", " Hill\tDistrict \r\n", "x" * 3, "é\u2019s", "-0-"],
        # Spacing Python's str.split and strip know and a quick check might miss.
        *["\u3000", "\x1cA", "\u00a0coal  mine ", "A\x0bB", "Coal\rmine", "A\u2028B", "\x85"],
    ]
)
_DATE = st.sampled_from(["2024-11-10", "November 10, 2024", "soon", "", "2024-02-30"])


def _record() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {"body": _TEXT},
        optional={
            "id": st.sampled_from(["a1", " b2 ", "", "a1"]),
            "title": _TEXT,
            "headline": _TEXT,
            "date": _DATE,
            "published": _DATE,
            "topic": _TEXT,
            "extra": st.sampled_from([1, [1, 2], {"k": None}, "v"]),
        },
    )


def _general(
    data: bytes, first_line: int, fields: FieldMap | None
) -> tuple[list[Article], list[Problem]]:
    items = list(iter_jsonl_part(data, Path("corpus/wire.jsonl"), first_line, fields))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Problem)],
    )


@settings(max_examples=200, deadline=None)
@given(
    records=st.lists(_record(), min_size=1, max_size=6),
    first_line=st.sampled_from([1, 10_001]),
    odd_line=st.sampled_from([None, "", "[1]", "{bad", '{"body": 5}', '{"Body": "Coal mine"}']),
)
def test_the_column_reader_reads_as_the_general_reader_does(
    records: list[dict[str, object]], first_line: int, odd_line: str | None
) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if odd_line is not None:
        lines.insert(len(lines) // 2, odd_line)
    data = ("\n".join(lines) + "\n").encode()
    fast = read_part_columns(data, Path("corpus/wire.jsonl"), first_line)
    articles, problems = _general(data, first_line, None)
    if fast is None:
        return  # the general reader reads it; nothing to compare
    columns, fast_problems = fast
    assert fast_problems == problems
    assert columns.ids == [a.id for a in articles]
    assert columns.titles == [a.title for a in articles]
    assert columns.bodies == [a.body for a in articles]
    assert [None if np.isnat(d) else d.astype("datetime64[D]").item() for d in columns.dates] == [
        a.date for a in articles
    ]
    assert columns.lines == [a.line for a in articles]
    assert columns.topics == [a.topic for a in articles]
    assert all(columns.source == a.source for a in articles)


def test_regular_wire_copy_takes_the_column_path() -> None:
    records = [
        {"id": f"k{n}", "title": "T", "body": "Coal mine.", "date": "2024-11-10"} for n in range(3)
    ]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    fast = read_part_columns(data, Path("wire.jsonl"), 1)
    assert fast is not None
    assert fast[0].ids == ["k0", "k1", "k2"]


def test_irregular_parts_go_to_the_general_reader() -> None:
    for data in [
        b'{"body": "a"}\n\n{"body": "b"}\n',  # a blank line
        b'{"body": "a"} {"body": "b"}\n',  # two objects on a line
        b'{"body": "a\\ud800"}\n',  # an escaped lone surrogate
        b'{"body": "caf\xe9"}\n',  # not UTF-8
        b'{"body": null}\n',  # no body
        b'{"body": "a", "title": 7}\n',  # a number where text was expected
        b'{"Body": "a"}\n',  # a field name in another case
        b'{"body": "a"',  # cut off
    ]:
        assert read_part_columns(data, Path("wire.jsonl"), 1) is None, data


def test_field_map_is_honoured() -> None:
    data = b'{"story_text": "Coal mine.", "body": "ignored"}\n'
    fast = read_part_columns(data, Path("wire.jsonl"), 1, FieldMap(body="story_text"))
    assert fast is not None
    assert fast[0].bodies == ["Coal mine."]
