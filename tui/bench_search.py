"""The benchmark's search figures: new terms searched on the cached index, against grep.

Each term is one no search of the run has asked for before (a search once made is cached,
and would time the cache): p50 and p95 over them, the first search (which also opens what
every search needs) apart. The baseline is ``grep -c -i -w -F term`` over the same files
(a full pass, as a search without the words tables makes).
"""

from __future__ import annotations

import shlex
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

NEW_TERMS = (
    "tractor",
    "irrigation",
    "youth league",
    "hydroelectric",
    "greenhouse",
    "locomotive",
    "textile",
    "orchard",
    "dam*",
    "livestock",
    "shipyard",
    "forest*",
)
"""Terms the dashboard's keypress script never searches for (its words are other ones)."""


def search_times(corpus: Path, cache: Path, taxonomy: Path | None) -> dict[str, Any]:
    from tui.bench import percentile
    from tui.core.query import Query
    from tui.core.session import Settings, load_index
    from tui.core.taxonomy import load_taxonomy

    settings = Settings(paths=(corpus,), cache_dir=cache, taxonomy=taxonomy)
    index = load_index(settings, load_taxonomy(taxonomy))
    query = Query(index)
    times: list[float] = []
    hits: list[int] = []
    for term in NEW_TERMS:
        started = time.perf_counter()
        hits.append(int(query.search_mask(term).sum()))
        times.append((time.perf_counter() - started) * 1000)
    rest = times[1:]
    return {
        "search_first_ms": times[0],
        "search_p50_ms": percentile(rest, 50),
        "search_p95_ms": percentile(rest, 95),
        "search_terms": len(rest),
        "search_hits": hits,
    }


def grep_search_baseline(targets: list[Path], work: Path, repeat: int) -> dict[str, Any]:
    """``grep -c -i -w -F`` for the same terms (one word or phrase, prefixes as the word),
    the median over the terms of the median of ``repeat`` runs."""
    from tui.bench import run_child

    if shutil.which("grep") is None:
        return {"grep_search_ms": None}
    per_term: list[float] = []
    for term in NEW_TERMS[1:]:
        word = term.rstrip("*")
        flags = "-r -c -i -F" + ("" if term.endswith("*") else " -w")
        command = f"LC_ALL=C grep {flags} -e {shlex.quote(word)} " + " ".join(
            shlex.quote(str(t)) for t in targets
        )
        runs = [
            run_child([command + " > /dev/null"], work, shell=True).seconds for _ in range(repeat)
        ]
        per_term.append(statistics.median(runs) * 1000)
    return {"grep_search_ms": statistics.median(per_term)}
