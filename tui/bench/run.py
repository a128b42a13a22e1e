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

from tui.bench.baselines import (
    _run_index,
    _summary_of,
    grep_baseline,
    naive_tagger,
    stat_and_start_baselines,
)
from tui.bench.common import (
    BenchOptions,
    ChildRun,
    Log,
    _corpus_files,
    _grep_targets,
    _median,
    percentile,
    targets_for,
)
from tui.bench.dashboard import _dashboard
from tui.bench.exports import export_times
from tui.bench.panels import PANEL_KEYS
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
        **panel_figures(keys.get("panels", [])),
    }


def panel_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """p50/p95 of key → panel painted with its numbers, per panel (R, M, C: opened, and
    filters changed while it is open), as ``rising_p50_ms`` … ``compare_p95_ms``; and of key →
    the app idle again (the footer's keys redrawn for the new focus) as ``…_settled_p95_ms``."""
    figures: dict[str, Any] = {}
    for panel in PANEL_KEYS:
        mine = [r for r in rows if r.get("panel") == panel]
        times = [float(r["ms"]) for r in mine if not r.get("timeout")]
        opened = [float(r["ms"]) for r in mine if r.get("kind") == "open" and "ms" in r]
        figures[f"{panel}_n"] = len(times)
        figures[f"{panel}_timed_out"] = len(mine) - len(times)
        figures[f"{panel}_p50_ms"] = percentile(times, 50)
        figures[f"{panel}_p95_ms"] = percentile(times, 95)
        figures[f"{panel}_open_max_ms"] = max(opened, default=float("nan"))
        settled = [float(r["settled_ms"]) for r in mine if "settled_ms" in r]
        figures[f"{panel}_settled_p95_ms"] = percentile(settled, 95)
    return figures


def run_bench(options: BenchOptions, log: Log = _stderr_log) -> dict[str, Any]:
    """Run every measurement and return the figures (see the module's docstring).

    The corpus and the cold index come first and must succeed; a later measurement that fails
    is reported under ``errors`` and the others still run.
    """
    own = options.workdir is None
    work = Path(tempfile.mkdtemp(prefix="campaign-bench-")) if own else Path(options.workdir or "")
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"articles": options.articles, "format": options.format}
    errors: dict[str, str] = {}

    def phase(name: str, measure: Callable[[], dict[str, Any]]) -> None:
        log(name)
        try:
            result.update(measure())
        except Exception as error:  # reported; the other measurements still run
            errors[name] = f"{type(error).__name__}: {error}"
            log(f"{name} failed: {errors[name]}")

    try:
        run = _Run(options, work, log)
        result.update(run.corpus())
        result.update(run.cold_index())
        phase("re-index after one file changed", run.reindex)
        phase(
            "baselines of a cached reopen: a stat of every file, a bare start", run.reopen_baselines
        )
        phase("grep baseline", run.grep)
        sample = min(options.sample, options.articles)
        phase(f"naive pandas tagger on a sample of {sample:,}", run.naive)
        phase("warm start", run.warm_start)
        phase(f"keypress path ({options.changes} filter changes)", run.keypress)
        phase("export", lambda: export_times(run.corpus_dir, run.cache, options, work))
        phase("search: new terms on the cached index, and grep -w", run.search)
    finally:
        if own and not options.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif own:
            log(f"work folder kept: {work}")
    result["errors"] = errors
    targets = targets_for(options.format, options.articles)
    result["targets"] = {key: f"{op} {bound:g}" for key, (op, bound) in targets.items()}
    result["ok"] = check_targets(result)
    result["repeat"] = options.repeat
    return result


class _Run:
    """One run's measurements, in the order run_bench makes them; each returns its figures.
    The corpus and the cold index come first: the others use them."""

    def __init__(self, options: BenchOptions, work: Path, log: Log) -> None:
        self.options = options
        self.work = work
        self.log = log
        self.corpus_dir = work / "corpus"
        self.cache = work / "cache"
        self.repeat = max(1, options.repeat)
        self.files: list[Path] = []
        self.corpus_mb = 0.0
        self.index_s = 0.0
        self.cached_s = float("nan")
        self.dash_rss: list[float] = []

    def corpus(self) -> dict[str, Any]:
        corpus = make_corpus(self.options, self.corpus_dir, self.log)
        self.files = _corpus_files(self.corpus_dir)
        self.corpus_mb = corpus["bytes"] / 1e6
        return {
            "corpus_source": corpus["source"],
            "corpus_files": corpus["files"],
            "corpus_mb": self.corpus_mb,
            "corpus_write_s": corpus["write_s"],
            "workdir": str(self.work),
        }

    def _index(self) -> ChildRun:
        return _run_index(self.corpus_dir, self.cache, self.options, self.work)

    def cold_index(self) -> dict[str, Any]:
        """Cold index, each time into a fresh cache; the last cache is kept for what follows."""
        options = self.options
        cold: list[ChildRun] = []
        for i in range(options.cold_repeats()):
            shutil.rmtree(self.cache, ignore_errors=True)
            self.log(f"cold index {i + 1}/{options.cold_repeats()}")
            cold.append(self._index())
        summary = _summary_of(cold[-1])
        self.index_s = index_s = _median([r.seconds for r in cold])
        return {
            "index_s": index_s,
            "index_runs": len(cold),
            "index_articles_per_s": options.articles / index_s,
            "index_mb_per_s": self.corpus_mb / index_s,
            "articles_indexed": summary.get("articles"),
            "mentions": summary.get("mentions"),
            "duplicates": summary.get("duplicates"),
            "peak_rss_index_mb": max(r.peak_rss_mb for r in cold),
        }

    def reindex(self) -> dict[str, Any]:
        # Nothing changed, then one file changed (an article appended), then one file
        # only touched.
        files, repeat = self.files, self.repeat
        unchanged = [self._index().seconds for _ in range(repeat)]
        appended: list[float] = []
        for i in range(repeat):
            _append_article(files[0], i + 1)
            run = self._index()
            if _summary_of(run).get("indexed") != 1:
                self.log(f"warning: expected 1 file re-indexed, got {_summary_of(run)}")
            appended.append(run.seconds)
        touched: list[float] = []
        rss: list[float] = []
        for _ in range(repeat):
            stat = files[-1].stat()
            os.utime(files[-1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            run = self._index()
            touched.append(run.seconds)
            rss.append(run.peak_rss_mb)
        self.cached_s = _median(unchanged)
        return {
            "cached_index_s": self.cached_s,
            "touch_reindex_s": _median(appended),
            "touch_only_reindex_s": _median(touched),
            "peak_rss_cached_index_mb": max(rss),
        }

    def reopen_baselines(self) -> dict[str, Any]:
        """What a cached reopen is set against in the same run: ``find`` stating every file
        (the least a check of the corpus costs), and the command's start with nothing to do."""
        figures = stat_and_start_baselines(self.corpus_dir, self.options, self.work)
        cached = self.cached_s
        if cached == cached and figures.get("stat_s"):
            figures["cached_vs_stat"] = cached / figures["stat_s"]
        if cached == cached and figures.get("start_s"):
            figures["cached_vs_start"] = cached / figures["start_s"]
        return figures

    def grep(self) -> dict[str, Any]:
        figures = grep_baseline(self.files, self.options, self.work)
        if figures["grep_s"]:
            figures["index_vs_grep"] = self.index_s / figures["grep_s"]
            figures["grep_mb_per_s"] = self.corpus_mb / figures["grep_s"]
        return figures

    def naive(self) -> dict[str, Any]:
        figures = naive_tagger(self.files, self.options)
        figures["naive_vs_index"] = figures["naive_s"] / self.index_s
        return figures

    def _dashboard(self, changes: int, panels: int = 0) -> dict[str, Any]:
        data, run = _dashboard(
            self.corpus_dir, self.cache, self.options, self.work, changes, panels
        )
        self.dash_rss.append(run.peak_rss_mb)
        return data

    def warm_start(self) -> dict[str, Any]:
        # The first start after re-indexing puts the corpus together from the per-file
        # cache and saves its snapshot; the starts after it open the snapshot.
        first = self._dashboard(0)
        starts = [self._dashboard(0) for _ in range(self.repeat)]
        return {
            "warm_start_first_s": first["warm_start_s"],
            "warm_start_s": _median([s["warm_start_s"] for s in starts]),
            "warm_start_tables_s": _median([s["warm_tables_s"] for s in starts]),
            "warm_import_s": _median([s["import_s"] for s in starts]),
            "warm_index_load_s": _median([s["index_load_s"] for s in starts]),
            "peak_rss_dashboard_mb": max(self.dash_rss),
        }

    def keypress(self) -> dict[str, Any]:
        keys = self._dashboard(self.options.changes, self.options.panels)
        return {**_keypress_figures(keys), "peak_rss_dashboard_mb": max(self.dash_rss)}

    def search(self) -> dict[str, Any]:
        from tui.bench_search import grep_search_baseline, search_times

        figures = search_times(self.corpus_dir, self.cache, self.options.taxonomy)
        figures.update(grep_search_baseline(_grep_targets(self.files)[1], self.work, self.repeat))
        if figures.get("grep_search_ms"):
            figures["search_vs_grep"] = figures["search_p95_ms"] / figures["grep_search_ms"]
        return figures
