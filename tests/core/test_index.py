"""The corpus index: reading files and folders, duplicates, problems, the on-disk cache, texts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import STORIES, write_corpus, write_parts
from tui.core.index import IndexCache, build_index
from tui.core.index import cache as cache_module
from tui.core.index import parts as parts_module
from tui.core.index import workers as workers_module
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path


def ids(built) -> list[str]:  # type: ignore[no-untyped-def]
    return list(built.articles["id"])


def hidden_entries(root: Path) -> list[Path]:
    """Staging or trash folders (and temp files) a cache write may have left behind."""
    return [p for p in root.rglob("*") if p.name.startswith(".")]


# -- building ------------------------------------------------------------------------------


def test_builds_from_a_file_and_from_its_folder(corpus: Path, mini_taxonomy: LoadedTaxonomy):
    from_file = build_index([corpus], mini_taxonomy)
    from_folder = build_index([corpus.parent], mini_taxonomy)
    assert ids(from_file) == ids(from_folder) == ["a1", "a2", "a3", "a4", "a5"]
    assert from_folder.files == [str(corpus)]
    assert len(from_file.mentions) == len(from_folder.mentions) == 17


def test_a_folder_of_several_files_is_read_in_name_order(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    folder = tmp_path / "wire"
    write_jsonl(folder / "b.jsonl", [{"id": "b1", "date": "2024-05-02", "body": "A coal mine."}])
    write_jsonl(
        folder / "a.jsonl", [{"id": "a1", "date": "2024-05-01", "body": "A steel complex."}]
    )
    write_jsonl(folder / "sub" / "c.jsonl", [{"id": "c1", "date": "2024-05-03", "body": "Rain."}])
    (folder / "notes.md").write_text("not a corpus file", "utf-8")
    built = build_index([folder], mini_taxonomy)
    assert ids(built) == ["a1", "b1", "c1"]
    assert [Path(f).name for f in built.files] == ["a.jsonl", "b.jsonl", "c.jsonl"]


def test_duplicate_bodies_are_dropped_counted_and_the_first_wins(index):
    # a2-copy repeats a2's body with different spacing and a later date.
    assert "a2-copy" not in ids(index)
    assert index.duplicates == 1
    kept = index.articles[index.articles["id"] == "a2"].iloc[0]
    assert kept["title"] == "Steel makers"
    assert str(kept["date"].date()) == "2024-01-20"
    assert index.summary()["duplicates"] == 1
    assert index.summary()["articles"] == 5


def test_duplicates_across_files_keep_the_first_file_read(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    body = "Workers of a coal mine carried out an emulation drive."
    write_jsonl(tmp_path / "c" / "1.jsonl", [{"id": "early", "date": "2024-02-01", "body": body}])
    write_jsonl(
        tmp_path / "c" / "2.jsonl",
        [
            {"id": "late", "date": "2024-02-02", "body": body.upper()},
            {"id": "other", "date": "2024-02-03", "body": "A steel complex."},
        ],
    )
    built = build_index([tmp_path / "c"], mini_taxonomy)
    assert ids(built) == ["early", "other"]
    assert built.duplicates == 1
    # The dropped copy's mentions are gone too: only the kept articles have mentions.
    assert set(built.mentions["art"]) == {0, 1}
    assert len(built.mentions[built.mentions["art"] == 0]) == 2


def test_undated_article_is_kept_with_a_warning_naming_file_and_line(index, corpus: Path):
    undated = index.articles[index.articles["id"] == "a5"]
    assert len(undated) == 1 and undated["date"].isna().all()
    assert index.undated == 1
    warnings = [p for p in index.problems if p.severity == "warning"]
    assert len(warnings) == 1
    assert warnings[0].source == str(corpus)
    assert warnings[0].line == 5
    assert "undated" in warnings[0].reason
    summary = index.summary()
    assert summary["undated"] == 1 and summary["warnings"] == 1 and summary["problems"] == 0
    assert summary["first_date"] == "2024-01-10" and summary["last_date"] == "2024-03-01"


def test_unreadable_records_become_problems_with_file_and_line(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "ok1", "date": "2024-04-01", "body": "A coal mine in Pyongyang."}\n'
        "{this is not json\n"
        '{"id": "nobody", "date": "2024-04-02"}\n'
        '{"id": "ok2", "date": "2024-04-03", "body": "A steel complex."}\n',
        "utf-8",
    )
    built = build_index([path], mini_taxonomy)
    assert ids(built) == ["ok1", "ok2"]
    errors = [p for p in built.problems if p.severity == "error"]
    assert [(p.source, p.line) for p in errors] == [(str(path), 2), (str(path), 3)]
    assert str(errors[0]).startswith(f"{path}:2: ")
    assert built.summary()["problems"] == 2


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path: Path, mini_taxonomy: LoadedTaxonomy):
    built = build_index([tmp_path / "nowhere"], mini_taxonomy)
    assert len(built.articles) == 0
    assert [p.source for p in built.problems] == [str(tmp_path / "nowhere")]
    assert built.summary()["first_date"] is None


# -- the cache -----------------------------------------------------------------------------


def test_second_build_reads_from_the_cache_with_the_same_result(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    cache = tmp_path / "cache"
    first = build_index([corpus], mini_taxonomy, cache_root=cache)
    second = build_index([corpus], mini_taxonomy, cache_root=cache)
    assert first.stats == {"from_cache": 0, "indexed": 1}
    assert second.stats == {"from_cache": 1, "indexed": 0}
    assert second.summary()["from_cache"] == 1
    assert ids(first) == ids(second)
    assert second.duplicates == 1
    assert first.mentions.astype(str).equals(second.mentions.astype(str))
    # Problems (here: the undated warning) survive the cache.
    assert [(p.line, p.severity) for p in second.problems] == [(5, "warning")]
    assert list(second.articles["source"]) == [str(corpus)] * 5


def test_a_touched_but_identical_file_is_reused(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    cache = tmp_path / "cache"
    build_index([corpus], mini_taxonomy, cache_root=cache)
    stat = corpus.stat()
    later = stat.st_mtime_ns + 5_000_000_000
    os.utime(corpus, ns=(later, later))
    again = build_index([corpus], mini_taxonomy, cache_root=cache)
    assert again.stats == {"from_cache": 1, "indexed": 0}
    assert ids(again) == ["a1", "a2", "a3", "a4", "a5"]


def test_a_touched_file_refreshes_its_entry_in_place(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    cache = tmp_path / "cache"
    build_index([corpus], mini_taxonomy, cache_root=cache)
    later = corpus.stat().st_mtime_ns + 7_000_000_000
    os.utime(corpus, ns=(later, later))
    assert build_index([corpus], mini_taxonomy, cache_root=cache).stats["from_cache"] == 1
    meta = json.loads(
        (IndexCache(cache, mini_taxonomy, None).entry(corpus) / "meta.json").read_text()
    )
    assert meta["mtime_ns"] == later
    assert hidden_entries(cache) == []


def test_a_touched_file_is_reused_even_when_the_cache_cannot_be_written(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = tmp_path / "cache"
    build_index([corpus], mini_taxonomy, cache_root=cache)
    later = corpus.stat().st_mtime_ns + 7_000_000_000
    os.utime(corpus, ns=(later, later))

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(cache_module, "write_text_atomic", read_only)
    messages: list[str] = []
    again = build_index([corpus], mini_taxonomy, cache_root=cache, message=messages.append)
    assert again.stats == {"from_cache": 1, "indexed": 0}
    assert messages == []
    assert again.text(0).startswith("Emulation drive at coal mine\n")


def test_a_changed_file_is_reindexed_alone(tmp_path: Path, mini_taxonomy: LoadedTaxonomy):
    folder = tmp_path / "corpus"
    stable = write_jsonl(
        folder / "one.jsonl", [{"id": "s1", "date": "2024-06-01", "body": "A coal mine."}]
    )
    moving = write_jsonl(
        folder / "two.jsonl", [{"id": "m1", "date": "2024-06-02", "body": "A steel complex."}]
    )
    cache = tmp_path / "cache"
    build_index([folder], mini_taxonomy, cache_root=cache)
    write_jsonl(
        moving,
        [
            {"id": "m1", "date": "2024-06-02", "body": "A steel complex."},
            {"id": "m2", "date": "2024-06-03", "body": "A cooperative farm in Hamhung."},
        ],
    )
    again = build_index([folder], mini_taxonomy, cache_root=cache)
    assert again.stats == {"from_cache": 1, "indexed": 1}
    assert ids(again) == ["s1", "m1", "m2"]
    labels = set(again.mentions["label"].astype(str))
    assert {"coal_mining", "metallurgy", "agriculture", "hamhung"} <= labels
    assert stable.exists()
    assert hidden_entries(cache) == []


def test_a_changed_taxonomy_never_reuses_old_tags(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    cache = tmp_path / "cache"
    build_index([corpus], mini_taxonomy, cache_root=cache)
    richer_file = tmp_path / "richer.toml"
    source = Path(mini_taxonomy.source).read_text("utf-8")
    richer_file.write_text(
        source.replace('phrases = ["Pyongyang"]', 'phrases = ["Pyongyang"]\naliases = ["meeting"]'),
        "utf-8",
    )
    richer = load_taxonomy(richer_file)
    assert richer.digest != mini_taxonomy.digest
    rebuilt = build_index([corpus], richer, cache_root=cache)
    assert rebuilt.stats == {"from_cache": 0, "indexed": 1}
    a5 = ids(rebuilt).index("a5")
    a5_phrases = [
        rebuilt.text(a5)[m.start : m.end]
        for m in rebuilt.mentions[rebuilt.mentions["art"] == a5].itertuples()
    ]
    assert "meeting" in a5_phrases
    # The first taxonomy's entries are still there for it.
    back = build_index([corpus], mini_taxonomy, cache_root=cache)
    assert back.stats == {"from_cache": 1, "indexed": 0}
    assert len(back.mentions) == 17


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("articles.parquet", "truncate"),
        ("mentions.parquet", "garbage"),
        ("texts.parquet", "truncate"),
        ("meta.json", "truncate"),
        ("meta.json", "garbage"),
        ("meta.json", "wrong-shape"),
    ],
)
def test_a_broken_cache_entry_is_detected_and_rebuilt(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path, name: str, damage: str
):
    cache = tmp_path / "cache"
    fresh = build_index([corpus], mini_taxonomy, cache_root=cache)
    entry = IndexCache(cache, mini_taxonomy, None).entry(corpus)
    target = entry / name
    assert target.exists()
    if damage == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        target.write_bytes(b"\x00not a table at all\xff" * 3)
    else:
        target.write_text(json.dumps(["a", "list"]), "utf-8")
    messages: list[str] = []
    rebuilt = build_index([corpus], mini_taxonomy, cache_root=cache, message=messages.append)
    assert rebuilt.stats == {"from_cache": 0, "indexed": 1}
    assert len(messages) == 1
    assert str(corpus) in messages[0] and "rebuilding" in messages[0]
    assert ids(rebuilt) == ids(fresh)
    assert len(rebuilt.mentions) == len(fresh.mentions)
    assert rebuilt.text(0) == fresh.text(0)
    # The rebuilt entry is sound: the next build reads it without complaint.
    quiet: list[str] = []
    third = build_index([corpus], mini_taxonomy, cache_root=cache, message=quiet.append)
    assert third.stats == {"from_cache": 1, "indexed": 0} and quiet == []
    assert hidden_entries(cache) == []


def test_cache_entries_are_replaced_whole(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    cache = tmp_path / "cache"
    build_index([corpus], mini_taxonomy, cache_root=cache)
    entry = IndexCache(cache, mini_taxonomy, None).entry(corpus)
    before = sorted(p.name for p in entry.iterdir())
    write_corpus(corpus.parent, [*STORIES, {"id": "a7", "date": "2024-03-09", "body": "Rain."}])
    rebuilt = build_index([corpus], mini_taxonomy, cache_root=cache)
    assert rebuilt.stats["indexed"] == 1
    assert sorted(p.name for p in entry.iterdir()) == before
    assert json.loads((entry / "meta.json").read_text("utf-8"))["articles"] == 7
    assert hidden_entries(cache) == []
    # One entry per file: the old one was replaced, not kept beside the new one.
    assert len([p for p in entry.parent.iterdir()]) == 1


def test_a_failed_cache_write_leaves_no_staging_folder_and_still_indexes(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = tmp_path / "cache"
    real_write = cache_module.pq.write_table
    calls = []

    def failing_write(table, where, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(where)
        if str(where).endswith("texts.parquet"):
            raise OSError(28, "No space left on device")
        return real_write(table, where, **kwargs)

    monkeypatch.setattr(cache_module.pq, "write_table", failing_write)
    messages: list[str] = []
    built = build_index([corpus], mini_taxonomy, cache_root=cache, message=messages.append)
    assert ids(built) == ["a1", "a2", "a3", "a4", "a5"]
    assert built.text(0).startswith("Emulation drive at coal mine\n")
    assert len(messages) == 1 and "cache" in messages[0]
    assert hidden_entries(cache) == []
    assert not IndexCache(cache, mini_taxonomy, None).entry(corpus).exists()
    monkeypatch.setattr(cache_module.pq, "write_table", real_write)
    assert build_index([corpus], mini_taxonomy, cache_root=cache).stats["indexed"] == 1


# -- texts and spans -----------------------------------------------------------------------


@pytest.mark.parametrize("cached", [False, True])
def test_text_is_title_newline_body(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path, cached: bool
):
    cache = tmp_path / "cache"
    built = build_index([corpus], mini_taxonomy, cache_root=cache)
    if cached:
        built = build_index([corpus], mini_taxonomy, cache_root=cache)
        assert built.stats["from_cache"] == 1
    by_id = {story["id"]: story for story in STORIES}
    for art, article_id in enumerate(ids(built)):
        story = by_id[article_id]
        assert built.text(art) == story["title"] + "\n" + story["body"]


def test_texts_from_a_large_cached_file_come_back_in_the_right_rows(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    records = [
        {"id": f"n{i}", "date": "2024-07-01", "title": f"Report {i}", "body": f"Item number {i}."}
        for i in range(600)
    ]
    path = write_jsonl(tmp_path / "big.jsonl", records)
    cache = tmp_path / "cache"
    build_index([path], mini_taxonomy, cache_root=cache)
    cached = build_index([path], mini_taxonomy, cache_root=cache)
    assert cached.stats["from_cache"] == 1
    for art in (0, 255, 256, 257, 511, 512, 599, 3, 300):
        assert cached.text(art) == f"Report {art}\nItem number {art}."


def test_a_mention_span_points_at_exactly_its_phrase(index):
    a2 = ids(index).index("a2")
    text = index.text(a2)
    found = {
        str(m.label): text[m.start : m.end]
        for m in index.mentions[index.mentions["art"] == a2].itertuples()
    }
    assert found == {
        "metallurgy": "steel complex",
        "kimchaek": "Kimchaek",
        "production_increase": "upsurge in production",
        "agriculture": "cooperative farm",
        "hamhung": "Hamhung",
        "socialist_emulation": "emulation drive",
    }


def test_spans_stay_exact_after_characters_that_change_length_when_folded(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    # "ﬁ" (one character) folds to "fi" and "ß" to "ss": offsets must still land on the phrase.
    body = "The ﬁeld team of Großdorf reached Kimchaek \u2014 an Upsurge in\u00a0Production."
    path = write_jsonl(
        tmp_path / "u.jsonl", [{"id": "u1", "date": "2024-08-01", "title": "Straße", "body": body}]
    )
    built = build_index([path], mini_taxonomy, cache_root=tmp_path / "cache")
    text = built.text(0)
    assert text == "Straße\n" + body
    spans = {str(m.label): text[m.start : m.end] for m in built.mentions.itertuples()}
    assert spans == {"kimchaek": "Kimchaek", "production_increase": "Upsurge in\u00a0Production"}


def test_a_phrase_split_by_a_double_space_is_still_found(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    body = "Miners at a coal  mine reported an upsurge in \nproduction."
    path = write_jsonl(tmp_path / "s.jsonl", [{"id": "s1", "date": "2024-08-02", "body": body}])
    built = build_index([path], mini_taxonomy)
    text = built.text(0)
    spans = {str(m.label): text[m.start : m.end] for m in built.mentions.itertuples()}
    assert spans == {"coal_mining": "coal  mine", "production_increase": "upsurge in \nproduction"}


def test_the_dateline_place_is_not_a_mention(index):
    a1 = ids(index).index("a1")
    labels = set(index.mentions[index.mentions["art"] == a1]["label"].astype(str))
    assert "pyongyang" not in labels
    a5 = ids(index).index("a5")
    labels = set(index.mentions[index.mentions["art"] == a5]["label"].astype(str))
    assert labels == {"coal_mining", "pyongyang"}


# -- one-article files share a cache entry per folder ---------------------------------------


def write_seed_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"story-{number:03d}.txt"
        path.write_text(
            f"date 2024-02-{number % 27 + 1:02d} Story {number}\n"
            f"A coal mine in Hamhung held emulation drive number {number}.\n",
            "utf-8",
        )
        paths.append(path)
    return paths


def test_one_article_files_are_cached_together_and_reindexed_alone(
    mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    folder = tmp_path / "seed"
    paths = write_seed_files(folder, 12)
    cache = tmp_path / "cache"
    first = build_index([folder], mini_taxonomy, cache_root=cache)
    assert first.stats == {"from_cache": 0, "indexed": 12}
    entries = next(iter(next(cache.iterdir()).iterdir()))
    assert len(list(entries.iterdir())) == 1  # one shard, not twelve entries
    again = build_index([folder], mini_taxonomy, cache_root=cache)
    assert again.stats == {"from_cache": 12, "indexed": 0}
    assert again.text(3) == first.text(3)
    assert again.articles["source"].tolist() == [str(p) for p in paths]

    paths[5].write_text("date 2024-03-01 Changed\nA steel complex in Kimchaek.\n", "utf-8")
    (folder / "story-new.txt").write_text("date 2024-03-02 New\nNationwide news.\n", "utf-8")
    paths[0].unlink()
    third = build_index([folder], mini_taxonomy, cache_root=cache)
    assert third.stats == {"from_cache": 10, "indexed": 2}
    assert "Changed" in third.articles["title"].tolist()
    assert "Story 0" not in third.articles["title"].tolist()
    row = third.articles.index[third.articles["title"] == "Changed"][0]
    assert third.text(int(row)) == "Changed\nA steel complex in Kimchaek."
    labels = set(third.mentions[third.mentions["art"] == row]["label"].astype(str))
    assert labels == {"metallurgy", "kimchaek"}
    fourth = build_index([folder], mini_taxonomy, cache_root=cache)
    assert fourth.stats == {"from_cache": 12, "indexed": 0}
    assert fourth.text(int(row)) == third.text(int(row))


def test_a_broken_shard_is_rebuilt(mini_taxonomy: LoadedTaxonomy, tmp_path: Path):
    folder = tmp_path / "seed"
    write_seed_files(folder, 3)
    cache = tmp_path / "cache"
    build_index([folder], mini_taxonomy, cache_root=cache)
    entry = IndexCache(cache, mini_taxonomy, None).shard_entry(folder)
    (entry / "articles.parquet").write_bytes(b"not parquet")
    messages: list[str] = []
    rebuilt = build_index([folder], mini_taxonomy, cache_root=cache, message=messages.append)
    assert rebuilt.stats == {"from_cache": 0, "indexed": 3}
    assert len(messages) == 1 and "rebuilding" in messages[0]
    assert build_index([folder], mini_taxonomy, cache_root=cache).stats["from_cache"] == 3


def test_the_real_archive_file_reads_to_its_distinct_stories(tmp_path: Path):
    """The public archive files one story under several topics: each counts once."""
    from tests.conftest import SHARED
    from tui.core.taxonomy import load_taxonomy

    archive = SHARED / "corpora" / "kcna-archive-2024-11-11.json"
    if not archive.exists():
        pytest.skip("../shared is absent (a fresh clone has no shared/)")
    index = build_index([archive], load_taxonomy(), cache_root=tmp_path / "cache")
    summary = index.summary()
    # 2,111 records: 249 without story_text, the rest one copy per topic. The 1,039 of the
    # deduplicated JSONL release plus about 20 stories re-issued with edited text.
    # Title-only records are skipped on purpose: said, but not counted as problems.
    assert summary["problems"] == 0
    assert sum(1 for p in index.problems if p.severity == "skipped") == 249
    assert 1_030 <= summary["articles"] <= 1_070
    assert summary["duplicates"] == 2_111 - 249 - summary["articles"]


def test_worker_processes_index_the_same_as_one_process(
    mini_taxonomy: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = write_parts(tmp_path / "corpus", 3)
    monkeypatch.setattr(workers_module, "PARALLEL_MIN_BYTES", 0)
    one = build_index([folder], mini_taxonomy, cache_root=tmp_path / "one", workers=1)
    two = build_index([folder], mini_taxonomy, cache_root=tmp_path / "two", workers=2)
    assert two.stats == {"from_cache": 0, "indexed": 3}
    assert ids(two) == ids(one)
    assert two.mentions.equals(one.mentions)
    assert [two.text(i) for i in range(len(two.articles))] == [
        one.text(i) for i in range(len(one.articles))
    ]
    assert build_index([folder], mini_taxonomy, cache_root=tmp_path / "two").stats == {
        "from_cache": 3,
        "indexed": 0,
    }


# -- large JSON Lines files are indexed and cached part by part ----------------------------


def write_lines(path: Path, count: int, *, start: int = 0) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for number in range(start, start + count):
            if number == 17:
                handle.write("{not json\n")  # a bad record in a later part
                continue
            story = {
                "id": f"s{number:03d}",
                "date": f"2024-01-{number % 28 + 1:02d}",
                "title": f"Story {number}",
                "body": f"A coal mine in Hamhung began emulation drive {number}.",
            }
            handle.write(json.dumps(story) + "\n")


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts_module, "PART_MIN_BYTES", 0)
    monkeypatch.setattr(parts_module, "PART_LINES", 10)


def test_a_large_file_in_parts_reads_like_the_whole(
    mini_taxonomy: LoadedTaxonomy, tmp_path: Path, small_parts: None
):
    path = tmp_path / "big.jsonl"
    write_lines(path, 25)
    parted = build_index([path], mini_taxonomy, cache_root=tmp_path / "cache")
    assert parted.stats == {"from_cache": 0, "indexed": 3}
    whole = build_index([path], mini_taxonomy, cache_root=None, workers=1)
    assert ids(parted) == [f"s{n:03d}" for n in range(25) if n != 17]
    assert parted.articles["line"].tolist() == [n + 1 for n in range(25) if n != 17]
    assert [str(p) for p in parted.problems] == [f"{path}:18: " + whole.problems[0].reason]
    assert parted.mentions["label"].astype(str).tolist() == (
        whole.mentions["label"].astype(str).tolist()
    )
    assert parted.text(20) == whole.text(20)


def test_appending_to_a_large_file_reindexes_its_last_part_alone(
    mini_taxonomy: LoadedTaxonomy, tmp_path: Path, small_parts: None
):
    path = tmp_path / "big.jsonl"
    write_lines(path, 25)
    cache = tmp_path / "cache"
    build_index([path], mini_taxonomy, cache_root=cache)
    assert build_index([path], mini_taxonomy, cache_root=cache).stats == {
        "from_cache": 3,
        "indexed": 0,
    }
    write_lines(path, 3, start=25)
    grown = build_index([path], mini_taxonomy, cache_root=cache)
    assert grown.stats == {"from_cache": 2, "indexed": 1}
    assert ids(grown)[-3:] == ["s025", "s026", "s027"]
    assert grown.articles["line"].tolist()[-1] == 28
    assert [p.line for p in grown.problems] == [18]
    # Parts the file no longer has are removed from the cache.
    parts = IndexCache(cache, mini_taxonomy, None).parts_folder(path)
    assert len([p for p in parts.iterdir() if p.is_dir()]) == 3


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.integers(min_value=0, max_value=3000), max_size=300),
    unterminated=st.booleans(),
    start_at=st.floats(min_value=0, max_value=1),
    every=st.sampled_from([1, 2, 63, 64, 65, 100, 10_000]),
)
def test_parts_are_cut_after_every_nth_line(
    lines: list[int], unterminated: bool, start_at: float, every: int
) -> None:
    from tui.core.index.parts import _after_lines

    data = b"".join(b"x" * n + b"\n" for n in lines) + (b"tail" if unterminated else b"")
    start = int(start_at * len(data))
    expected = start
    for _ in range(every):
        found = data.find(b"\n", expected)
        if found == -1:
            expected = len(data)
            break
        expected = found + 1
    assert _after_lines(data, start, every) == expected
