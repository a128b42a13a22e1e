"""Search syntax: words ANDed, "phrases", whole words, -exclusions, prefixes; same in --search."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import run_cli, write_corpus
from tui.core.index import build_index
from tui.core.models import FilterState
from tui.core.query import Query
from tui.core.search import Term, normalized, parse
from tui.core.taxonomy import LoadedTaxonomy

STORIES = [
    {
        "id": "coal",
        "date": "2024-01-01",
        "title": "Coal mine",
        "body": "The coal mine raised output.",
    },
    {"id": "coalition", "date": "2024-01-02", "title": "Talks", "body": "A coalition was formed."},
    {"id": "mine-coal", "date": "2024-01-03", "title": "Mine", "body": "A mine dug coal in China."},
    {
        "id": "hyphen",
        "date": "2024-01-04",
        "title": "Pit",
        "body": "The coal-mining  industry grew.",
    },
]


@pytest.fixture
def query(tmp_path: Path, mini_taxonomy: LoadedTaxonomy) -> Query:
    corpus = write_corpus(tmp_path / "c", STORIES)
    return Query(build_index([corpus], mini_taxonomy, cache_root=tmp_path / "cache"))


def found(query: Query, text: str) -> list[str]:
    arts = query.article_ids(FilterState(search=text))
    return sorted(query.index.articles["id"].to_numpy()[arts].tolist())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coal", ["coal", "hyphen", "mine-coal"]),  # whole words: not "coalition"
        ("coal*", ["coal", "coalition", "hyphen", "mine-coal"]),
        ("mine coal", ["coal", "mine-coal"]),  # ANDed, any order
        ('"coal mine"', ["coal"]),  # a phrase, in order
        ('"COAL   mine"', ["coal"]),  # case and spacing aside
        ("coal -china", ["coal", "hyphen"]),
        ('-"coal mine"', ["coalition", "hyphen", "mine-coal"]),
        ("coal mining", ["hyphen"]),  # a hyphen separates words
        ('"', ["coal", "coalition", "hyphen", "mine-coal"]),  # nothing asked
    ],
)
def test_search_syntax(query: Query, text: str, expected: list[str]):
    assert found(query, text) == expected


def test_parse_and_canonical_spelling():
    assert parse('coal "Steel  Complex" -china -') == [
        Term(("coal",)),
        Term(("steel", "complex")),
        Term(("china",), exclude=True),
        Term(("-",)),
    ]
    assert normalized("Coal  coal") == normalized("coal") == "coal"


def test_folded_and_unfolded_texts_give_the_same_answer(query: Query, monkeypatch):
    texts = ["coal", "coal*", '"coal mine"', "coal -china", "mine coal"]
    folded = {t: found(query, t) for t in texts}
    monkeypatch.setattr("tui.core.query.textsearch.SEARCH_MEMORY_BYTES", 0)
    fresh = Query(query.index)
    assert {t: found(fresh, t) for t in texts} == folded


@given(st.text(alphabet='ab -"*', max_size=12))
def test_any_query_parses_without_error(text: str):
    for term in parse(text):
        assert term.words and all(term.words)


def test_export_search_uses_the_same_syntax(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy, capsysbinary: pytest.CaptureFixture[bytes]
):
    corpus = write_corpus(tmp_path / "c", STORIES)
    taxonomy = str(Path(__file__).parents[1] / "fixtures" / "mini_taxonomy.toml")
    code, out, err = run_cli(
        capsysbinary,
        [
            "export",
            str(corpus),
            "--taxonomy",
            taxonomy,
            "--cache-dir",
            str(tmp_path / "x"),
            "--view",
            "articles",
            "--search",
            "coal -china",
        ],
    )
    assert code == 0, err
    text = out.decode()
    assert "Coal mine" in text and "Pit" in text and "Talks" not in text and "Mine," not in text
