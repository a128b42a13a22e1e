"""`campaign-tui bench`: how fast and how big indexing, the dashboard and export are.

One run builds a corpus of N articles in a work folder (a replica of given corpus files, each
article with a new id, a new date and a distinct serial sentence so that no two bodies are
equal; or the synthetic generator of `tui.demo`), split into several files, and measures:

- cold index: ``python -m tui index`` into a fresh cache, in a child process (wall time and the
  child's own peak RSS from ``os.wait4``);
- the grep baseline: ``LC_ALL=C grep -o -i -F -f <the taxonomy's phrases> FILES | wc -l``;
- a naive pandas tagger (one ``Series.str.contains`` per label) on a sample, extrapolated to N,
  against the cold index and against our tagger on the same sample;
- re-indexing after one file changed (one article appended: ``touch_reindex_s``) and after one
  file was only touched (mtime bumped, content the same: ``touch_only_reindex_s``);
- warm start: a child process that opens the dashboard under Textual's Pilot on the cached
  index, from process start until the first frame shows numbers in the tables and the plots.
  The first start after re-indexing puts the corpus together from the per-file cache entries
  and then saves the corpus snapshot (``warm_start_first_s``); ``warm_start_s`` is the median
  of the starts after it, which open the snapshot;
- the keypress path in the same kind of child: filter changes of several kinds through the real
  key bindings (``[`` ``]`` ``g`` ``m`` ``n`` ``r`` ``u``, and the sector, region and theme
  pickers keyed with ``s``/``p``/``t``, arrows, space and enter); a search is set by giving the
  search box its whole value at once, as a paste would, because typing it a key at a time
  would start one search per key. For each change, the time from the deciding key until the
  count tables hold the new numbers and until both plots have been rendered with the new data;
- export of the theme-by-sector view and of the whole articles view (`export_view`).

Each figure is the median of several repetitions (``--repeat``); the cold index, slow at a
million articles, is repeated ``--index-repeat`` times (default: ``--repeat`` up to 200,000
articles, once above). Timings are benchmarks, not pass/fail tests: the table says which of the
issue's targets (stated for 1,000,000 articles) a run meets.

``python -m tui.bench dashboard ...`` is the dashboard child; it writes its figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_ARTICLES = 1_000_000
SERIAL_SENTENCE = "This is item {serial} of the benchmark replica."

TARGETS: dict[str, tuple[str, float]] = {
    # key: (comparison, bound); the issue's targets at 1,000,000 articles.
    "index_vs_grep": ("<=", 1.0),
    "naive_vs_index": (">=", 100.0),
    "warm_start_s": ("<=", 1.0),
    "tables_p95_ms": ("<=", 50.0),
    "plot_p95_ms": ("<=", 150.0),
    "search_p95_ms": ("<=", 1000.0),
    "peak_rss_index_mb": ("<=", 1024.0),
    "peak_rss_dashboard_mb": ("<=", 700.0),
    "touch_reindex_s": ("<=", 2.0),
}

Log = Callable[[str], None]


@dataclass
class BenchOptions:
    articles: int = DEFAULT_ARTICLES
    corpus: tuple[Path, ...] = ()
    """Files or folders to replicate; empty: generate with tui.demo."""
    files: int = 10
    repeat: int = 3
    index_repeat: int | None = None
    """Cold-index repetitions; None: ``repeat`` up to 200,000 articles, else 1."""
    changes: int = 60
    sample: int = 2000
    seed: int = 7
    workdir: Path | None = None
    keep: bool = False
    taxonomy: Path | None = None
    size: tuple[int, int] = (160, 48)
    format: str = "jsonl"
    """How the replica is written: JSON Lines parts, or one seed-format .txt per article."""

    def cold_repeats(self) -> int:
        if self.index_repeat is not None:
            return max(1, self.index_repeat)
        return max(1, self.repeat) if self.articles <= 200_000 else 1


# ---------------------------------------------------------------------------------------------
# Small helpers.
# ---------------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_child(args: Sequence[str], workdir: Path, *, shell: bool = False) -> ChildRun:
    """Run a command, returning its wall time and its own peak RSS (``os.wait4``)."""
    out_path = workdir / "child.out"
    err_path = workdir / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            args if not shell else " ".join(args), stdout=out, stderr=err, shell=shell
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        seconds,
        usage.ru_maxrss / 1024.0,  # kilobytes on Linux
        process.returncode,
        out_path.read_text("utf-8", errors="replace"),
        err_path.read_text("utf-8", errors="replace"),
    )


def _python() -> list[str]:
    return [sys.executable]


def _taxonomy_args(options: BenchOptions) -> list[str]:
    return ["--taxonomy", str(options.taxonomy)] if options.taxonomy else []


def _corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(corpus_dir.glob("part-*.jsonl")) or sorted(corpus_dir.glob("*.txt"))


def _grep_targets(files: list[Path]) -> tuple[str, list[Path]]:
    """grep's options and operands: a folder of many one-article files is searched whole
    (their names would not fit on a command line)."""
    if len(files) > 100:
        return "-r ", [files[0].parent]
    return "", files


# ---------------------------------------------------------------------------------------------
# The corpus.
# ---------------------------------------------------------------------------------------------


def _split_lines(source: Path, parts: list[Path], total: int) -> None:
    """Copy the lines of ``source`` into ``parts``, in order, about equally many in each."""
    per_part = -(-total // len(parts))
    with source.open("rb") as handle:
        for part in parts:
            with part.open("wb") as out:
                chunk: list[bytes] = []
                for _ in range(per_part):
                    line = handle.readline()
                    if not line:
                        break
                    chunk.append(line)
                    if len(chunk) >= 10_000:
                        out.write(b"".join(chunk))
                        chunk.clear()
                out.write(b"".join(chunk))


def _source_pool(paths: Sequence[Path], fields: Any = None) -> list[tuple[str, str, str]]:
    """(title, body, topic) of every distinct article of the given corpus files."""
    from tui.core.models import Problem
    from tui.core.readers import iter_articles, iter_corpus_files

    files, _ = iter_corpus_files(list(paths))
    pool: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for file in files:
        for item in iter_articles(file, fields):
            if isinstance(item, Problem) or not item.body.strip() or item.body in seen:
                continue
            seen.add(item.body)
            pool.append((item.title, item.body, item.topic))
    return pool


def replicate_corpus(
    pool: Sequence[tuple[str, str, str]], parts: list[Path], articles: int, seed: int
) -> None:
    """Write ``articles`` records cycling through ``pool`` with new ids, dates and sentences."""
    if not pool:
        raise ValueError("the corpus to replicate holds no readable article")
    first = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first + 1
    days = [dt.date.fromordinal(first + i).isoformat() for i in range(span)]
    # Pre-encoded pieces: json.dumps per record would dominate the run time.
    heads = [
        f', "title": {json.dumps(title)}, "topic": {json.dumps(topic)}, "body": '
        + json.dumps(body)[:-1]
        + "\\n"
        for title, body, topic in pool
    ]
    per_part = -(-articles // len(parts))
    step = 7919 + seed  # coprime with nothing in particular: spreads dates over the span
    serial = 0
    for part in parts:
        with part.open("w", encoding="utf-8", newline="\n") as out:
            chunk: list[str] = []
            for _ in range(min(per_part, articles - serial)):
                serial += 1
                text = f"{serial:07d}"
                day = days[(serial * step) % span]
                sentence = SERIAL_SENTENCE.format(serial=text)
                chunk.append(
                    f'{{"id": "bench-{text}", "date": "{day}"'
                    f'{heads[serial % len(heads)]}{sentence}"}}\n'
                )
                if len(chunk) >= 10_000:
                    out.write("".join(chunk))
                    chunk.clear()
            out.write("".join(chunk))


def make_corpus(options: BenchOptions, corpus_dir: Path, log: Log) -> dict[str, Any]:
    """Write the benchmark corpus as ``part-NN.jsonl`` files; return what was written."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    n_files = max(1, min(options.files, options.articles))
    parts = [corpus_dir / f"part-{i:02d}.jsonl" for i in range(n_files)]
    started = time.perf_counter()
    if options.format == "txt":
        from tui.bench_corpus import replicate_txt

        shutil.rmtree(corpus_dir, ignore_errors=True)
        pool = _source_pool(options.corpus) if options.corpus else _demo_pool(corpus_dir, options)
        log(f"writing {options.articles:,} seed-format files from {len(pool):,} articles")
        written = replicate_txt(pool, corpus_dir, options.articles, options.seed)
        return {
            "source": ("replica of " + ", ".join(str(p) for p in options.corpus))
            if options.corpus
            else "tui.demo.write_jsonl_corpus (synthetic)",
            "files": len(written),
            "bytes": sum(p.stat().st_size for p in written),
            "write_s": time.perf_counter() - started,
        }
    if options.corpus:
        pool = _source_pool(options.corpus)
        log(f"replicating {len(pool):,} distinct articles to {options.articles:,}")
        replicate_corpus(pool, parts, options.articles, options.seed)
        source = "replica of " + ", ".join(str(p) for p in options.corpus)
    else:
        from tui.demo import write_jsonl_corpus

        log(f"generating {options.articles:,} synthetic articles")
        whole = corpus_dir.parent / "generated.jsonl"
        write_jsonl_corpus(whole, options.articles, options.seed)
        _split_lines(whole, parts, options.articles)
        whole.unlink()
        source = "tui.demo.write_jsonl_corpus (synthetic)"
    size = sum(p.stat().st_size for p in parts)
    return {
        "source": source,
        "files": len(parts),
        "bytes": size,
        "write_s": time.perf_counter() - started,
    }


def _demo_pool(corpus_dir: Path, options: BenchOptions) -> list[tuple[str, str, str]]:
    from tui.demo import write_jsonl_corpus

    whole = corpus_dir.parent / "generated.jsonl"
    write_jsonl_corpus(whole, min(options.articles, 20_000), options.seed)
    pool = _source_pool([whole])
    whole.unlink()
    return pool


def _append_article(path: Path, serial: int) -> None:
    """Append one new article (a copy of the file's first, with a new id and sentence)."""
    if path.suffix == ".txt":
        from tui.bench_corpus import append_to_txt

        append_to_txt(path, serial)
        return
    with path.open("rb") as handle:
        first = json.loads(handle.readline())
    first["id"] = f"bench-appended-{serial}"
    first["body"] = f"{first.get('body', '')}\nThis is appended item {serial}."
    with path.open("a", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(first) + "\n")


# ---------------------------------------------------------------------------------------------
# Indexing, grep and the naive tagger.
# ---------------------------------------------------------------------------------------------


def _index_command(corpus_dir: Path, cache: Path, options: BenchOptions) -> list[str]:
    return [
        *_python(),
        "-m",
        "tui",
        "index",
        str(corpus_dir),
        "--cache-dir",
        str(cache),
        "--json",
        *_taxonomy_args(options),
    ]


def _run_index(corpus_dir: Path, cache: Path, options: BenchOptions, work: Path) -> ChildRun:
    run = run_child(_index_command(corpus_dir, cache, options), work)
    if run.returncode != 0:
        raise RuntimeError(f"indexing failed ({run.returncode}): {run.stderr.strip()[-2000:]}")
    return run


def _summary_of(run: ChildRun) -> dict[str, Any]:
    for line in reversed(run.stdout.splitlines()):
        if line.startswith("{"):
            summary: dict[str, Any] = json.loads(line)
            return summary
    return {}


def _tagger(options: BenchOptions) -> Any:
    from tui.core.tagger import Tagger
    from tui.core.taxonomy import load_taxonomy

    return Tagger(load_taxonomy(options.taxonomy))


def grep_baseline(files: list[Path], options: BenchOptions, work: Path) -> dict[str, Any]:
    """Time ``LC_ALL=C grep -o -i -F -f phrases FILES | wc -l`` (the median of repeats)."""
    if shutil.which("grep") is None or shutil.which("wc") is None:
        return {"grep_s": None, "grep_matches": None}
    phrases = work / "phrases.txt"
    phrases.write_text("\n".join(_tagger(options).phrases()) + "\n", "utf-8")
    recursive, targets = _grep_targets(files)
    command = (
        f"LC_ALL=C grep {recursive}-o -i -F -f {shlex.quote(str(phrases))} "
        + " ".join(shlex.quote(str(f)) for f in targets)
        + " | wc -l"
    )
    times: list[float] = []
    matches = 0
    for _ in range(max(1, options.repeat)):
        run = run_child([command], work, shell=True)
        times.append(run.seconds)
        matches = int(run.stdout.strip() or 0)
    return {"grep_s": _median(times), "grep_matches": matches, "grep_command": command}


def _sample_articles(files: list[Path], size: int) -> list[tuple[str, str]]:
    from tui.core.models import Problem
    from tui.core.readers import iter_articles

    sample: list[tuple[str, str]] = []
    for file in files:
        for item in iter_articles(file):
            if isinstance(item, Problem):
                continue
            sample.append((item.title, item.body))
            if len(sample) >= size:
                return sample
    return sample


def naive_tagger(files: list[Path], options: BenchOptions) -> dict[str, Any]:
    """One ``str.contains`` per label on a sample, against our tagger on the same sample."""
    import pandas as pd

    from tui.core.tagger import document_text
    from tui.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(options.taxonomy)
    tagger = _tagger(options)
    sample = _sample_articles(files, max(1, min(options.sample, options.articles)))
    texts = pd.Series([document_text(t, b) for t, b in sample], dtype=object)
    patterns = []
    for label in taxonomy.model.labels:
        phrases = [*label.phrases, *label.aliases]
        if phrases:
            patterns.append("|".join(re.escape(p) for p in phrases))
    naive: list[float] = []
    ours: list[float] = []
    for _ in range(max(1, options.repeat)):
        started = time.perf_counter()
        for pattern in patterns:
            texts.str.contains(pattern, case=False, regex=True)
        naive.append(time.perf_counter() - started)
        started = time.perf_counter()
        for title, body in sample:
            tagger.tag_article(title, body)
        ours.append(time.perf_counter() - started)
    scale = options.articles / max(1, len(sample))
    return {
        "naive_sample": len(sample),
        "naive_labels": len(patterns),
        "naive_sample_s": _median(naive),
        "tagger_sample_s": _median(ours),
        "naive_s": _median(naive) * scale,
        "tagger_s": _median(ours) * scale,
        "naive_vs_tagger": _median(naive) / max(_median(ours), 1e-9),
    }


# ---------------------------------------------------------------------------------------------
# The dashboard child: warm start and the keypress path under Pilot.
# ---------------------------------------------------------------------------------------------

# Kinds of filter change, in the order they are made (repeated until enough changes are made).
SCRIPT = (
    "date_back",
    "sector",
    "period",
    "region",
    "measure",
    "theme",
    "date_forward",
    "search",
    "share",
    "sector",
    "date_back",
    "region",
    "undo",
    "theme",
    "search",
    "reset",
)
SEARCH_WORDS = (
    "steel",
    "harvest",
    "coal",
    "railway",
    "power station",
    "fertilizer",
    "cement",
    "fishery",
    "bridge",
    "hospital",
    "university",
    "poultry",
    "mining",
    "housing",
    "pig farm",
    "power*",
)
_PICKER_KEYS = {"sector": ("s", "sectors"), "region": ("p", "regions"), "theme": ("t", "themes")}
_PICKER_REACH = 40
"""Pickers choose among their first choices only, so scripting them stays quick."""


def _moves(start: int, end: int) -> list[str]:
    """Picker keys from one choice to another (pagedown/pageup move ten)."""
    distance = abs(end - start)
    page, step = ("pagedown", "down") if end >= start else ("pageup", "up")
    return [page] * (distance // 10) + [step] * (distance % 10)


@dataclass
class _Marks:
    """Timestamps the instrumented app records (perf_counter seconds)."""

    last_table: float = 0.0
    by_generation: dict[int, dict[str, float]] = field(default_factory=dict)
    pending_plots: dict[str, int] = field(default_factory=dict)
    index_ready: float = 0.0
    requested: dict[int, float] = field(default_factory=dict)
    """When the app asked for a generation's numbers (refresh_views started the worker)."""
    computed: dict[int, float] = field(default_factory=dict)
    """When the views worker had a generation's plots (it made the PlotsReady message)."""

    def complete(self, generation: int) -> bool:
        marks = self.by_generation.get(generation, {})
        return {"tables", "timeline", "bars"} <= set(marks)


def _instrument(marks: _Marks) -> None:
    """Wrap the app's handlers to record when tables and plots show a generation's data."""
    from tui.ui.app import CampaignApp
    from tui.ui.messages import PlotsReady
    from tui.ui.widgets.plots import BarPlot, PlotPanel
    from tui.ui.widgets.tables import CountTable

    plots_ready_init = PlotsReady.__init__
    show_table = CountTable.show
    on_plots_ready = CampaignApp.on_plots_ready
    on_index_ready = CampaignApp.on_index_ready
    refresh_views = CampaignApp.refresh_views

    def timed_show(self: CountTable, *args: Any, **kwargs: Any) -> None:
        show_table(self, *args, **kwargs)
        marks.last_table = time.perf_counter()

    def timed_message(self: PlotsReady, generation: int, *args: Any) -> None:
        marks.computed[generation] = time.perf_counter()  # in the worker thread
        plots_ready_init(self, generation, *args)

    def timed_refresh(self: CampaignApp) -> None:
        started = time.perf_counter()
        refresh_views(self)
        marks.requested.setdefault(self.generation, started)

    def timed_plots(self: CampaignApp, message: Any) -> None:
        received = time.perf_counter()
        before = self._plots_generation
        on_plots_ready(self, message)
        if self._plots_generation != before:
            generation = self._plots_generation
            marks.by_generation[generation] = {"received": received, "tables": marks.last_table}
            marks.pending_plots = {"timeline": generation, "bars": generation}

    def timed_index(self: CampaignApp, message: Any) -> None:
        marks.index_ready = time.perf_counter()
        on_index_ready(self, message)

    def timed_render_line(original: Callable[..., Any]) -> Callable[..., Any]:
        # The plots are laid out in the views worker and painted line by line: the first line
        # the compositor asks for after on_plots_ready is the new plot reaching the screen
        # (made right here when the worker's lines do not fit the widget's size).
        def render_line(self: Any, *args: int) -> Any:
            result = original(self, *args)
            generation = marks.pending_plots.pop(str(self.id), None)
            if generation is not None:
                marks.by_generation.setdefault(generation, {})[str(self.id)] = time.perf_counter()
            return result

        return render_line

    CountTable.show = timed_show  # type: ignore[method-assign]
    CampaignApp.on_plots_ready = timed_plots  # type: ignore[method-assign]
    CampaignApp.on_index_ready = timed_index  # type: ignore[method-assign]
    CampaignApp.refresh_views = timed_refresh  # type: ignore[method-assign]
    PlotsReady.__init__ = timed_message  # type: ignore[method-assign,assignment]
    PlotPanel.render_line = timed_render_line(PlotPanel.render_line)  # type: ignore[method-assign]
    # The bar chart is text laid out when painted: its render is the new chart reaching the
    # screen.
    BarPlot.render = timed_render_line(BarPlot.render)  # type: ignore[method-assign]


async def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.002)
    return True


async def _drive_dashboard(args: argparse.Namespace, wall0: float, perf0: float) -> dict[str, Any]:
    from textual.widgets import Input

    from tui.core.session import Settings
    from tui.ui.app import CampaignApp

    marks = _Marks()
    _instrument(marks)
    imported = time.perf_counter()
    settings = Settings(
        paths=(Path(args.corpus),),
        cache_dir=Path(args.cache_dir),
        taxonomy=Path(args.taxonomy) if args.taxonomy else None,
    )
    app = CampaignApp(settings, watch=False)
    result: dict[str, Any] = {}

    def wall(perf: float) -> float:
        return wall0 + (perf - perf0)

    columns, rows = (int(x) for x in args.size.lower().split("x"))
    async with app.run_test(size=(columns, rows)) as pilot:
        if not await _wait(lambda: marks.complete(1), args.timeout):
            raise RuntimeError("the dashboard showed no numbers before the timeout")
        first = marks.by_generation[1]
        result["first_frame_wall"] = wall(max(first.values()))
        result["first_tables_wall"] = wall(first["tables"])
        result["imported_wall"] = wall(imported)
        result["index_ready_wall"] = wall(marks.index_ready)
        result["articles"] = len(app.query_engine.index.articles) if app.query_engine else 0
        changes: list[dict[str, Any]] = []
        step = 0
        searched = 0
        attempts = 0
        while len(changes) < args.changes and attempts < args.changes * 3:
            kind = SCRIPT[attempts % len(SCRIPT)]
            attempts += 1
            prepare: list[str] = []
            deciding: list[str] = []
            search: str | None = None
            after: list[str] = []
            if kind in ("date_back", "date_forward"):
                deciding = [
                    "left_square_bracket" if kind == "date_back" else "right_square_bracket"
                ]
            elif kind == "period":
                deciding = ["g"]
            elif kind == "measure":
                deciding = ["m"]
            elif kind == "share":
                deciding = ["n"]
            elif kind == "reset":
                deciding = ["r"]
            elif kind == "undo":
                deciding = ["u"]
            elif kind == "search":
                prepare = ["slash"]
                # A word not searched before in this run: a repeat would time the cache.
                search = SEARCH_WORDS[searched % len(SEARCH_WORDS)]
                searched += 1
                after = ["enter"]
            else:
                key, field_name = _PICKER_KEYS[kind]
                every = [c[0] for c in app._choices(kind)]  # type: ignore[arg-type]
                choices = every[:_PICKER_REACH]
                current = set(getattr(app.filters, field_name))
                free = [i for i, c in enumerate(choices) if c not in current]
                target = free[(step * 7) % len(free)]
                prepare = [key]
                position = 0
                # Replace the selection: unmark what is chosen, mark one new choice (tab
                # marks and moves down a row).
                for index in sorted(i for i, c in enumerate(choices) if c in current):
                    prepare += [*_moves(position, index), "tab"]
                    position = min(index + 1, len(every) - 1)
                prepare += [*_moves(position, target), "tab"]
                deciding = ["enter"]
            step += 1
            if prepare:
                await pilot.press(*prepare)
            before = app.generation
            started = time.perf_counter()
            if search is not None:
                app.query_one("#search", Input).value = search
            else:
                await pilot.press(*deciding)

            def newer(before: int = before) -> bool:
                return app.generation > before

            changed = await _wait(newer, 5.0)
            if not changed:
                if after:
                    await pilot.press(*after)
                continue
            generation = app.generation

            def shown(generation: int = generation) -> bool:
                return marks.complete(generation) or app.generation != generation

            done = await _wait(shown, args.timeout)
            if after:
                await pilot.press(*after)
            if not done or not marks.complete(generation):
                changes.append({"kind": kind, "timeout": True})
                continue
            got = marks.by_generation[generation]
            requested = marks.requested.get(generation, started)
            computed = marks.computed.get(generation, got["received"])
            plotted = max(got["timeline"], got["bars"])
            changes.append(
                {
                    "kind": kind,
                    "tables_ms": (got["tables"] - started) * 1000,
                    "plot_ms": (plotted - started) * 1000,
                    # Where the time went: key to refresh_views, the views worker, the wait
                    # for the event loop, filling the tables, rendering the plots.
                    "key_ms": (requested - started) * 1000,
                    "worker_ms": (computed - requested) * 1000,
                    "queue_ms": (got["received"] - computed) * 1000,
                    "fill_ms": (got["tables"] - got["received"]) * 1000,
                    "render_ms": (plotted - got["tables"]) * 1000,
                    "articles_total": app.last_data.articles_total if app.last_data else None,
                }
            )
            await pilot.pause()
        result["changes"] = changes
        await pilot.press("q")
    return result


def dashboard_child(argv: Sequence[str]) -> int:
    """``python -m tui.bench dashboard``: open the dashboard, time it, write JSON to --out."""
    perf0 = time.perf_counter()
    from tui.core.process import tune_for_dashboard

    tune_for_dashboard()
    parser = argparse.ArgumentParser(prog="python -m tui.bench dashboard")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--taxonomy")
    parser.add_argument("--out", required=True)
    parser.add_argument("--t0", type=float, required=True, help="wall time the parent spawned us")
    parser.add_argument("--changes", type=int, default=0)
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(list(argv))
    wall0 = time.time()
    result = asyncio.run(_drive_dashboard(args, wall0, perf0))
    result["t0"] = args.t0
    Path(args.out).write_text(json.dumps(result), "utf-8")
    return 0


def _dashboard(
    corpus_dir: Path, cache: Path, options: BenchOptions, work: Path, changes: int
) -> tuple[dict[str, Any], ChildRun]:
    out = work / "dashboard.json"
    out.unlink(missing_ok=True)
    t0 = time.time()
    run = run_child(
        [
            *_python(),
            "-m",
            "tui.bench",
            "dashboard",
            "--corpus",
            str(corpus_dir),
            "--cache-dir",
            str(cache),
            "--out",
            str(out),
            "--t0",
            repr(t0),
            "--changes",
            str(changes),
            "--size",
            f"{options.size[0]}x{options.size[1]}",
            *_taxonomy_args(options),
        ],
        work,
    )
    if run.returncode != 0 or not out.exists():
        raise RuntimeError(f"the dashboard child failed: {run.stderr.strip()[-3000:]}")
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    data["warm_start_s"] = data["first_frame_wall"] - t0
    data["warm_tables_s"] = data["first_tables_wall"] - t0
    data["import_s"] = data["imported_wall"] - t0
    data["index_load_s"] = data["index_ready_wall"] - data["imported_wall"]
    return data, run


# ---------------------------------------------------------------------------------------------
# Export.
# ---------------------------------------------------------------------------------------------


def export_times(
    corpus_dir: Path, cache: Path, options: BenchOptions, work: Path
) -> dict[str, Any]:
    from tui.core.export import export_view
    from tui.core.index import build_index
    from tui.core.models import ExportRequest, FilterState, Scope, View
    from tui.core.query import Query
    from tui.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(options.taxonomy)
    query = Query(build_index([corpus_dir], taxonomy, cache_root=cache), Scope.article)
    result: dict[str, Any] = {}
    for key, view in (("export_s", View.theme_by_sector), ("export_articles_s", View.articles)):
        times: list[float] = []
        rows = 0
        budget = time.perf_counter() + 60.0
        for _ in range(max(1, options.repeat)):
            started = time.perf_counter()
            rows = export_view(
                query, ExportRequest(view=view, filters=FilterState()), work / "x.csv"
            )
            times.append(time.perf_counter() - started)
            if time.perf_counter() > budget:
                break
        result[key] = _median(times)
        result[key.replace("_s", "_rows")] = rows
    return result


# ---------------------------------------------------------------------------------------------
# The whole run.
# ---------------------------------------------------------------------------------------------


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


def check_targets(result: dict[str, Any]) -> dict[str, bool | None]:
    ok: dict[str, bool | None] = {}
    for key, (op, bound) in TARGETS.items():
        value = result.get(key)
        if not isinstance(value, (int, float)) or value != value:  # missing or NaN
            ok[key] = None
        else:
            ok[key] = value <= bound if op == "<=" else value >= bound
    return ok


def format_table(result: dict[str, Any]) -> str:
    """The figures as a plain table: figure, value, target, ok."""

    def num(key: str, fmt: str) -> str:
        value = result.get(key)
        if not isinstance(value, (int, float)) or value != value:
            return "-"
        return format(value, fmt)

    rows: list[tuple[str, str, str]] = [
        ("articles", f"{result['articles']:,}", ""),
        ("corpus", f"{num('corpus_mb', ',.0f')} MB in {result.get('corpus_files')} files", ""),
        (
            "cold index",
            f"{num('index_s', '.2f')} s ({num('index_articles_per_s', ',.0f')} art/s, "
            f"{num('index_mb_per_s', '.1f')} MB/s, {result.get('index_runs')} run(s))",
            "",
        ),
        ("grep baseline", f"{num('grep_s', '.2f')} s ({num('grep_mb_per_s', '.0f')} MB/s)", ""),
        ("index / grep", f"{num('index_vs_grep', '.1f')}x", "index_vs_grep"),
        (
            "naive pandas tagger",
            f"{num('naive_s', '.1f')} s extrapolated from {result.get('naive_sample')} articles "
            f"({num('naive_vs_tagger', '.1f')}x our tagger on the sample)",
            "",
        ),
        ("naive / index", f"{num('naive_vs_index', '.1f')}x", "naive_vs_index"),
        (
            "touch: 1 file changed, re-index",
            f"{num('touch_reindex_s', '.2f')} s",
            "touch_reindex_s",
        ),
        ("touch: mtime only, re-index", f"{num('touch_only_reindex_s', '.2f')} s", ""),
        ("cached: nothing changed, re-index", f"{num('cached_index_s', '.2f')} s", ""),
        (
            "search a new term p50 / p95",
            f"{num('search_p50_ms', '.0f')} / {num('search_p95_ms', '.0f')} ms over "
            f"{result.get('search_terms')} terms (first {num('search_first_ms', '.0f')} ms)",
            "search_p95_ms",
        ),
        (
            "search p95 / grep -c -i -w",
            f"{num('search_vs_grep', '.2f')}x (grep {num('grep_search_ms', '.0f')} ms)",
            "",
        ),
        (
            "keypress search -> tables p50 / p95",
            f"{num('keypress_search_p50_ms', '.0f')} / {num('keypress_search_p95_ms', '.0f')} ms",
            "",
        ),
        (
            "warm start (first frame)",
            f"{num('warm_start_s', '.2f')} s (imports {num('warm_import_s', '.2f')} s, "
            f"index load {num('warm_index_load_s', '.2f')} s)",
            "warm_start_s",
        ),
        (
            "  first start after re-indexing",
            f"{num('warm_start_first_s', '.2f')} s (then saves the snapshot)",
            "",
        ),
        ("keypress -> tables p50 (no search)", f"{num('tables_p50_ms', '.0f')} ms", ""),
        (
            "keypress -> tables p95",
            f"{num('tables_p95_ms', '.0f')} ms ({result.get('changes')} changes)",
            "tables_p95_ms",
        ),
        ("keypress -> plot p50", f"{num('plot_p50_ms', '.0f')} ms", ""),
        ("keypress -> plot p95", f"{num('plot_p95_ms', '.0f')} ms", "plot_p95_ms"),
        ("export theme-by-sector", f"{num('export_s', '.3f')} s", ""),
        (
            "export articles",
            f"{num('export_articles_s', '.2f')} s ({num('export_articles_rows', ',.0f')} rows)",
            "",
        ),
        ("peak RSS indexing", f"{num('peak_rss_index_mb', ',.0f')} MB", "peak_rss_index_mb"),
        (
            "peak RSS dashboard",
            f"{num('peak_rss_dashboard_mb', ',.0f')} MB",
            "peak_rss_dashboard_mb",
        ),
    ]
    ok = result.get("ok", {})
    targets = result.get("targets", {})
    lines: list[tuple[str, str, str, str]] = [("figure", "value", "target", "ok")]
    for name, value, key in rows:
        verdict = "" if not key else {True: "yes", False: "NO", None: "?"}[ok.get(key)]
        lines.append((name, value, targets.get(key, "") if key else "", verdict))
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    out = []
    for i, row in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    kinds = result.get("keypress_by_kind") or {}
    if kinds:
        out.append("")
        out.append(
            "keypress by kind, ms: tables p50/max, plot p50/max; p50 of the parts: key to"
            " refresh, worker, queue, table fill, plot render"
        )
        for kind, figures in kinds.items():
            out.append(
                f"  {kind:<13} n={figures['n']:<3}"
                f" tables {figures['tables_p50_ms']:>7.0f} {figures['tables_max_ms']:>7.0f}"
                f"  plot {figures['plot_p50_ms']:>7.0f} {figures['plot_max_ms']:>7.0f}"
                f"  | key {figures['key_p50_ms']:>4.0f}  worker {figures['worker_p50_ms']:>6.0f}"
                f"  queue {figures['queue_p50_ms']:>5.0f}"
                f"  fill {figures['fill_p50_ms']:>5.0f}  render {figures['render_p50_ms']:>5.0f}"
            )
    for name, error in (result.get("errors") or {}).items():
        out.append(f"FAILED {name}: {error}")
    out.append("")
    out.append("Targets are the issue's, stated for 1,000,000 articles.")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "dashboard":
        return dashboard_child(args[1:])
    print("usage: python -m tui.bench dashboard ... (use `campaign-tui bench`)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
