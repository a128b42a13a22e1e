"""Export timings."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tui.bench.common import BenchOptions, _median


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
