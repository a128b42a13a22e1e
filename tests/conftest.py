"""Shared fixtures: a small invented corpus and the small test taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.index import CorpusIndex, build_index
from tui.core.models import Scope
from tui.core.query import Query
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Invented wire-style stories; the counts the tests expect are worked out by hand from them.
STORIES = [
    {
        "id": "a1",
        "date": "2024-01-10",
        "title": "Emulation drive at coal mine",
        "body": "Pyongyang, January 10 (KCNA) -- A socialist emulation drive is under way at a "
        "coal mine in South Hamgyong. Miners overfulfilled the plan.\n-0-",
    },
    {
        "id": "a2",
        "date": "2024-01-20",
        "title": "Steel makers",
        "body": "The steel complex in Kimchaek saw an upsurge in production.\nA cooperative farm "
        "in Hamhung joined an emulation drive.",
    },
    {
        "id": "a3",
        "date": "2024-02-05",
        "title": "Farm news",
        "body": "Cooperative farm members across the country are in an 80-day campaign.",
    },
    {
        "id": "a4",
        "date": "2024-03-01",
        "title": "Foreign news",
        "body": "A delegation left for abroad.",
    },
    {
        "id": "a5",
        "date": "",
        "title": "Undated story",
        "body": "A coal mine in Pyongyang held a meeting.",
    },
    {
        "id": "a2-copy",
        "date": "2024-01-21",
        "title": "Steel makers (again)",
        "body": "The steel  complex in Kimchaek saw an upsurge in production.\nA cooperative farm "
        "in Hamhung joined an emulation drive.",
    },
]


def write_corpus(folder: Path, stories: list[dict[str, str]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stories.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for story in stories if stories is not None else STORIES:
            handle.write(json.dumps(story) + "\n")
    return path


def write_parts(folder: Path, count: int) -> Path:
    """``count`` files of the stories, each with its own ids and bodies (no duplicates)."""
    for number in range(count):
        write_corpus(
            folder / f"part{number}",
            [
                {
                    **story,
                    "id": f"{story['id']}-{number}",
                    "body": f"{story['body']} Part {number}.",
                }
                for story in STORIES
            ],
        )
    return folder


def run_cli(capsysbinary: pytest.CaptureFixture[bytes], args: list[str]) -> tuple[int, bytes, str]:
    """`campaign-tui ARGS` in this process: (exit code, stdout bytes, stderr text)."""
    from tui.cli import main

    code = 0
    try:
        main(args)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


@pytest.fixture
def mini_taxonomy() -> LoadedTaxonomy:
    return load_taxonomy(FIXTURES / "mini_taxonomy.toml")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def index(corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path) -> CorpusIndex:
    return build_index([corpus], mini_taxonomy, cache_root=tmp_path / "cache")


@pytest.fixture
def query(index: CorpusIndex) -> Query:
    return Query(index, Scope.article)
