"""The whole run: every measurement in turn, and the keypress figures summed up."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.bench.baselines import _run_index, _summary_of, grep_baseline, naive_tagger
from tui.bench.common import (
    TARGETS,
    BenchOptions,
    ChildRun,
    Log,
    _corpus_files,
    _grep_targets,
    _median,
    percentile,
)
from tui.bench.dashboard import _dashboard
from tui.bench.exports import export_times
from tui.bench.replica import _append_article, make_corpus
from tui.bench.report import check_targets


def _stderr_log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _keypress_figures(keys: dict[str, Any]) -> dict[str, Any]:
    """p50/p95 of the keypress path, overall and per kind of change."""
    measured = [c for c in keys["changes"] if not c.get("timeout")]
    # A search is reported on its own: its time is the search's, not the tables'.
    searches = [float(c["tables_ms"]) for c in measured if c["kind"] == "search"]
    tables = [float(c["tables_ms"]) for c in measured if c["kind"] != "search"]
    plots = [float(c["plot_ms"]) for c in measured if c["kind"] != "search"]
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in dict.fromkeys(c["kind"] for c in keys["changes"]):
        mine = [c for c in measured if c["kind"] == kind]
        by_kind[kind] = {
            "n": len(mine),
            "tables_p50_ms": percentile([c["tables_ms"] for c in mine], 50),
            "tables_max_ms": max((c["tables_ms"] for c in mine), default=float("nan")),
            "plot_p50_ms": percentile([c["plot_ms"] for c in mine], 50),
            "plot_max_ms": max((c["plot_ms"] for c in mine), default=float("nan")),
            **{
                f"{part}_p50_ms": percentile([c[f"{part}_ms"] for c in mine], 50)
                for part in ("key", "worker", "queue", "fill", "render")
            },
        }
    return {
        "keypress_warm_start_s": keys["warm_start_s"],
        "changes": len(measured),
        "changes_timed_out": len(keys["changes"]) - len(measured),
        "tables_p50_ms": percentile(tables, 50),
        "tables_p95_ms": percentile(tables, 95),
        "plot_p50_ms": percentile(plots, 50),
        "plot_p95_ms": percentile(plots, 95),
        "keypress_search_p50_ms": percentile(searches, 50),
        "keypress_search_p95_ms": percentile(searches, 95),
        "keypress_by_kind": by_kind,
    }


def run_bench(options: BenchOptions, log: Log = _stderr_log) -> dict[str, Any]:
    """Run every measurement and return the figures (see the module's docstring).

    The corpus and the cold index come first and must succeed; a later measurement that fails
    is reported under ``errors`` and the others still run.
    """
    own = options.workdir is None
    work = Path(tempfile.mkdtemp(prefix="campaign-bench-")) if own else Path(options.workdir or "")
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir = work / "corpus"
    cache = work / "cache"
    result: dict[str, Any] = {"articles": options.articles}
    errors: dict[str, str] = {}
    repeat = max(1, options.repeat)

    def phase(name: str, measure: Callable[[], dict[str, Any]]) -> None:
        log(name)
        try:
            result.update(measure())
        except Exception as error:  # reported; the other measurements still run
            errors[name] = f"{type(error).__name__}: {error}"
            log(f"{name} failed: {errors[name]}")

    try:
        corpus = make_corpus(options, corpus_dir, log)
        files = _corpus_files(corpus_dir)
        corpus_mb = corpus["bytes"] / 1e6
        result.update(
            corpus_source=corpus["source"],
            corpus_files=corpus["files"],
            corpus_mb=corpus_mb,
            corpus_write_s=corpus["write_s"],
            workdir=str(work),
        )

        # Cold index, each time into a fresh cache; the last cache is kept for what follows.
        cold: list[ChildRun] = []
        for i in range(options.cold_repeats()):
            shutil.rmtree(cache, ignore_errors=True)
            log(f"cold index {i + 1}/{options.cold_repeats()}")
            cold.append(_run_index(corpus_dir, cache, options, work))
        summary = _summary_of(cold[-1])
        index_s = _median([r.seconds for r in cold])
        result.update(
            index_s=index_s,
            index_runs=len(cold),
            index_articles_per_s=options.articles / index_s,
            index_mb_per_s=corpus_mb / index_s,
            articles_indexed=summary.get("articles"),
            mentions=summary.get("mentions"),
            duplicates=summary.get("duplicates"),
            peak_rss_index_mb=max(r.peak_rss_mb for r in cold),
        )

        def reindex() -> dict[str, Any]:
            # Nothing changed, then one file changed (an article appended), then one file
            # only touched.
            unchanged = [
                _run_index(corpus_dir, cache, options, work).seconds for _ in range(repeat)
            ]
            appended: list[float] = []
            for i in range(repeat):
                _append_article(files[0], i + 1)
                run = _run_index(corpus_dir, cache, options, work)
                if _summary_of(run).get("indexed") != 1:
                    log(f"warning: expected 1 file re-indexed, got {_summary_of(run)}")
                appended.append(run.seconds)
            touched: list[float] = []
            rss: list[float] = []
            for _ in range(repeat):
                stat = files[-1].stat()
                os.utime(files[-1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
                run = _run_index(corpus_dir, cache, options, work)
                touched.append(run.seconds)
                rss.append(run.peak_rss_mb)
            return {
                "cached_index_s": _median(unchanged),
                "touch_reindex_s": _median(appended),
                "touch_only_reindex_s": _median(touched),
                "peak_rss_cached_index_mb": max(rss),
            }

        def grep() -> dict[str, Any]:
            figures = grep_baseline(files, options, work)
            if figures["grep_s"]:
                figures["index_vs_grep"] = index_s / figures["grep_s"]
                figures["grep_mb_per_s"] = corpus_mb / figures["grep_s"]
            return figures

        def naive() -> dict[str, Any]:
            figures = naive_tagger(files, options)
            figures["naive_vs_index"] = figures["naive_s"] / index_s
            return figures

        dash_rss: list[float] = []

        def warm_start() -> dict[str, Any]:
            # The first start after re-indexing puts the corpus together from the per-file
            # cache and saves its snapshot; the starts after it open the snapshot.
            first, run = _dashboard(corpus_dir, cache, options, work, 0)
            dash_rss.append(run.peak_rss_mb)
            starts: list[dict[str, Any]] = []
            for _ in range(repeat):
                data, run = _dashboard(corpus_dir, cache, options, work, 0)
                starts.append(data)
                dash_rss.append(run.peak_rss_mb)
            return {
                "warm_start_first_s": first["warm_start_s"],
                "warm_start_s": _median([s["warm_start_s"] for s in starts]),
                "warm_start_tables_s": _median([s["warm_tables_s"] for s in starts]),
                "warm_import_s": _median([s["import_s"] for s in starts]),
                "warm_index_load_s": _median([s["index_load_s"] for s in starts]),
                "peak_rss_dashboard_mb": max(dash_rss),
            }

        def keypress() -> dict[str, Any]:
            keys, run = _dashboard(corpus_dir, cache, options, work, options.changes)
            dash_rss.append(run.peak_rss_mb)
            return {**_keypress_figures(keys), "peak_rss_dashboard_mb": max(dash_rss)}

        phase("re-index after one file changed", reindex)
        phase("grep baseline", grep)
        sample = min(options.sample, options.articles)
        phase(f"naive pandas tagger on a sample of {sample:,}", naive)
        phase("warm start", warm_start)
        phase(f"keypress path ({options.changes} filter changes)", keypress)
        phase("export", lambda: export_times(corpus_dir, cache, options, work))

        def search() -> dict[str, Any]:
            from tui.bench_search import grep_search_baseline, search_times

            figures = search_times(corpus_dir, cache, options.taxonomy)
            figures.update(grep_search_baseline(_grep_targets(files)[1], work, repeat))
            if figures.get("grep_search_ms"):
                figures["search_vs_grep"] = figures["search_p95_ms"] / figures["grep_search_ms"]
            return figures

        phase("search: new terms on the cached index, and grep -w", search)
    finally:
        if own and not options.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif own:
            log(f"work folder kept: {work}")
    result["errors"] = errors
    result["targets"] = {key: f"{op} {bound:g}" for key, (op, bound) in TARGETS.items()}
    result["ok"] = check_targets(result)
    result["repeat"] = options.repeat
    return result
