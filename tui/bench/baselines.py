"""Indexing in a child process, and the baselines it is set against: grep and a naive tagger."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import time
from pathlib import Path
from typing import Any

from tui.bench.common import (
    BenchOptions,
    ChildRun,
    _grep_targets,
    _median,
    _python,
    _taxonomy_args,
    run_child,
)


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


def stat_and_start_baselines(corpus_dir: Path, options: BenchOptions, work: Path) -> dict[str, Any]:
    """Same-run baselines of a cached reopen (the median of repeats): ``find`` printing the
    size, times and inode of every corpus file (a stat each, in C), and the ``index``
    command's own start (``--help``: its imports, nothing read)."""
    stat_times: list[float] = []
    start_times: list[float] = []
    command = f"find {shlex.quote(str(corpus_dir))} -type f -printf '%s %T@ %C@ %i\\n' | wc -l"
    for _ in range(max(1, options.repeat)):
        if shutil.which("find") is not None:
            stat_times.append(run_child([command], work, shell=True).seconds)
        start_times.append(run_child([*_python(), "-m", "tui", "index", "--help"], work).seconds)
    return {
        "stat_s": _median(stat_times) if stat_times else None,
        "stat_command": command,
        "start_s": _median(start_times),
    }


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
