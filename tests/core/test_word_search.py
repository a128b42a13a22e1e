"""Search from the words tables gives the very articles a full scan of the texts gives."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.index import build_index
from tui.core.query import Query
from tui.core.taxonomy import LoadedTaxonomy

# Invented words, with look-alikes that share prefixes, cases, digits and joiners.
WORDS = [
    "coal",
    "Coal",
    "coalition",
    "mine",
    "mines",
    "miner",
    "coal-mine",
    "steel",
    "x_y",
    "80",
    "80-day",
    "über",
    "café",
    "CAFÉ",
    "ab",
    "abc",
    "-0-",
    "(c)",
    "k",
    "\u212a",
    "plan",
]
SPACES = [" ", "  ", "\n", "\t", ", ", ". ", "-", "/", "'"]


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(1, 12))
    texts = []
    for _ in range(count):
        parts = draw(
            st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), max_size=14)
        )
        texts.append("".join(word + space for word, space in parts))
    return texts


queries = st.lists(
    st.tuples(
        st.sampled_from(["", "-"]),
        st.lists(st.sampled_from([*WORDS, "co", "mi", "80-", "caf"]), min_size=1, max_size=3),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=3,
).map(
    lambda terms: " ".join(
        minus
        + (
            f'"{" ".join(words)}{"*" if star else ""}"'
            if quoted
            else " ".join(words) + ("*" if star else "")
        )
        for minus, words, quoted, star in terms
    )
)


def _write(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for number, text in enumerate(texts):
            title, _, body = text.partition("\n")
            record = {"id": f"d{number}", "date": "2024-01-02", "title": title, "body": body or "."}
            out.write(json.dumps(record) + "\n")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=documents(), query=st.lists(queries, min_size=1, max_size=4))
def test_word_tables_answer_as_a_full_scan(
    mini_taxonomy: LoadedTaxonomy,
    tmp_path_factory: pytest.TempPathFactory,
    texts: list[str],
    query: list[str],
) -> None:
    folder = tmp_path_factory.mktemp("words")
    _write(folder / "corpus", texts)
    cached = build_index([folder / "corpus"], mini_taxonomy, cache_root=folder / "cache", workers=1)
    # Without a cache the texts are held in memory, with no words tables: a full scan.
    scanned = build_index([folder / "corpus"], mini_taxonomy, workers=1)
    assert cached.texts.words(0) is not None and scanned.texts.words(0) is None
    with_words, full_scan = Query(cached), Query(scanned)
    for text in query:
        np.testing.assert_array_equal(
            with_words.search_mask(text), full_scan.search_mask(text), text
        )
