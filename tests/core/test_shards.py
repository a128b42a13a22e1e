"""One-article files (the seed format): a cached folder reopens from its shard without
reading its files, and a folder changed in any way counts as if indexed afresh."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.test_index import write_seed_files
from tui.core.index import CorpusIndex, build_index
from tui.core.index import shards as shards_module
from tui.core.taxonomy import LoadedTaxonomy


def _frame(index: CorpusIndex) -> pd.DataFrame:
    columns = ["id", "date", "title", "source", "line"]
    articles = index.articles[columns].astype(str).reset_index(drop=True)
    texts = [index.text(art) for art in range(len(index.articles))]
    mentions = index.mentions[["art", "label", "start", "end"]].astype(str)
    return articles.assign(text=texts), mentions.reset_index(drop=True)


def test_a_cached_folder_reopens_without_reading_its_files(
    mini_taxonomy: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "seed"
    write_seed_files(folder, 40)
    cache = tmp_path / "cache"
    first = build_index([folder], mini_taxonomy, cache_root=cache, workers=1)

    def no_reading(*args: object) -> None:
        raise AssertionError("a member file was read")

    monkeypatch.setattr(shards_module, "crc_of_file", no_reading)
    monkeypatch.setattr(shards_module, "iter_articles", no_reading)
    again = build_index([folder], mini_taxonomy, cache_root=cache, workers=1)
    assert again.stats == {"from_cache": 40, "indexed": 0}
    for left, right in zip(_frame(first), _frame(again), strict=True):
        pd.testing.assert_frame_equal(left, right)


def _rewrite(path: Path, text: str, keep_times: bool) -> None:
    stat = path.stat()
    path.write_text(text, "utf-8")
    if keep_times:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 11),
            st.sampled_from(["edit", "same-size-edit", "delete", "touch", "add"]),
        ),
        max_size=6,
    )
)
def test_a_changed_folder_counts_as_if_indexed_afresh(
    mini_taxonomy: LoadedTaxonomy, tmp_path_factory: pytest.TempPathFactory, edits: list
) -> None:
    tmp = tmp_path_factory.mktemp("shard")
    folder = tmp / "seed"
    paths = write_seed_files(folder, 12)
    cache = tmp / "cache"
    build_index([folder], mini_taxonomy, cache_root=cache, workers=1)
    for number, kind in edits:
        path = paths[number]
        if kind == "add":
            (folder / f"added-{number:02d}.txt").write_text(
                f"date 2024-03-01 Added {number}\nA steel complex in Kimchaek, {number}.\n",
                "utf-8",
            )
        elif not path.exists():
            continue
        elif kind == "delete":
            path.unlink()
        elif kind == "touch":
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        else:
            text = path.read_text("utf-8")
            same_size = kind == "same-size-edit"
            new = text.replace("coal mine", "farm land") if same_size else text + "More.\n"
            _rewrite(path, new, keep_times=same_size)
    cached = build_index([folder], mini_taxonomy, cache_root=cache, workers=1)
    fresh = build_index([folder], mini_taxonomy, cache_root=tmp / "fresh", workers=1)
    assert cached.problems == fresh.problems
    for left, right in zip(_frame(cached), _frame(fresh), strict=True):
        pd.testing.assert_frame_equal(left, right)
    again = build_index([folder], mini_taxonomy, cache_root=cache, workers=1)
    assert again.stats["indexed"] == 0
