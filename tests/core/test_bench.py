"""`campaign-tui bench` at a tiny size: every figure is there and sane (timings are not tested)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from click.testing import CliRunner

from tui.bench import (
    SERIAL_SENTENCE,
    TARGETS,
    check_targets,
    format_table,
    percentile,
    replicate_corpus,
)
from tui.cli import cli

KEYS = [
    "articles",
    "index_s",
    "index_articles_per_s",
    "index_mb_per_s",
    "grep_s",
    "index_vs_grep",
    "naive_s",
    "naive_vs_index",
    "naive_vs_tagger",
    "warm_start_s",
    "tables_p50_ms",
    "tables_p95_ms",
    "plot_p50_ms",
    "plot_p95_ms",
    "export_s",
    "export_articles_s",
    "peak_rss_index_mb",
    "peak_rss_dashboard_mb",
    "touch_reindex_s",
    "touch_only_reindex_s",
]


def test_percentile() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0], 50) == 1.5
    assert percentile(list(map(float, range(101))), 95) == 95.0
    assert math.isnan(percentile([], 50))


def test_check_targets_reads_the_bounds_both_ways() -> None:
    ok = check_targets({"index_vs_grep": 0.9, "naive_vs_index": 50.0, "warm_start_s": None})
    assert ok["index_vs_grep"] is True
    assert ok["naive_vs_index"] is False
    assert ok["warm_start_s"] is None
    assert set(ok) == set(TARGETS)


def test_replica_bodies_are_all_distinct(tmp_path: Path) -> None:
    pool = [("Title A", "Body one.", "News"), ("Title B", "Body two.", "")]
    parts = [tmp_path / "part-00.jsonl", tmp_path / "part-01.jsonl"]
    replicate_corpus(pool, parts, 7, seed=1)
    records = [json.loads(line) for p in parts for line in p.read_text("utf-8").splitlines()]
    assert len(records) == 7
    assert len({r["id"] for r in records}) == 7
    assert len({r["body"] for r in records}) == 7
    assert all(SERIAL_SENTENCE.split("{")[0] in r["body"] for r in records)
    assert len({r["date"] for r in records}) > 1


def test_tiny_bench_replicates_a_corpus_and_reports_every_figure(tmp_path: Path) -> None:
    source = tmp_path / "source.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"s{i}",
                    "date": "2020-01-01",
                    "title": f"Story {i}",
                    "body": f"A socialist emulation drive at a coal mine in Kimchaek, story {i}.",
                }
            )
            + "\n"
            for i in range(5)
        ),
        "utf-8",
    )
    args = ["bench", "--articles", "300", "--corpus", str(source), "--files", "3"]
    args += ["--repeat", "1", "--changes", "8", "--sample", "100"]
    args += ["--workdir", str(tmp_path / "work"), "--json"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout.strip().splitlines()[-1])  # one JSON object
    for key in KEYS:
        assert key in result, key
    assert result["errors"] == {}
    assert result["articles"] == 300
    assert result["articles_indexed"] == 300  # no two bodies are equal
    assert result["corpus_source"].startswith("replica of")
    assert result["corpus_files"] == 3
    assert result["mentions"] > 0
    assert result["changes"] >= 8
    assert result["changes_timed_out"] == 0
    for key in KEYS[1:]:
        value = result[key]
        assert isinstance(value, float) and value > 0 and math.isfinite(value), (key, value)
    assert result["tables_p50_ms"] <= result["tables_p95_ms"]
    assert result["plot_p95_ms"] >= result["tables_p50_ms"]
    assert result["export_articles_rows"] == 301  # one article appended by the touch test
    assert 50 < result["peak_rss_index_mb"] < 4096
    assert set(result["ok"]) == set(TARGETS)
    # Every kind of filter change was made and timed.
    assert {"sector", "region", "theme", "date_back", "search"} <= set(result["keypress_by_kind"])
    assert "index / grep" in format_table(result)
    # R, M and C were opened and kept open through filter changes, each key timed.
    for panel in ("rising", "map", "compare"):
        assert result[f"{panel}_n"] >= 2 * 5, panel
        assert result[f"{panel}_timed_out"] == 0, panel
        assert 0 < result[f"{panel}_p50_ms"] <= result[f"{panel}_p95_ms"]
        assert f"keypress -> {panel}" in format_table(result)


def test_tiny_bench_writes_seed_files_and_reports_search_apart(tmp_path: Path) -> None:
    source = tmp_path / "source.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"s{i}",
                    "date": "2020-01-01",
                    "title": f"Story {i}",
                    "body": f"A tractor brigade at a coal mine in Kimchaek, story {i}.",
                }
            )
            + "\n"
            for i in range(5)
        ),
        "utf-8",
    )
    args = ["bench", "--articles", "40", "--corpus", str(source), "--format", "txt"]
    args += ["--repeat", "1", "--changes", "8", "--sample", "20"]
    args += ["--workdir", str(tmp_path / "work"), "--json"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["errors"] == {}
    assert result["corpus_files"] == 40
    assert len(list((tmp_path / "work" / "corpus").glob("*.txt"))) == 40
    assert result["articles_indexed"] == 40
    assert result["search_terms"] >= 5 and result["search_p50_ms"] <= result["search_p95_ms"]
    assert result["search_hits"][0] == 40  # "tractor" is in every article
    assert result["cached_index_s"] > 0
    # Searches are timed on their own, not in the tables' figures.
    assert "search" in result["keypress_by_kind"]
    assert result["keypress_search_p95_ms"] > 0
    assert "search a new term" in format_table(result)
