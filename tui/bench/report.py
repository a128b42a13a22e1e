"""The targets met, and the table `campaign-tui bench` prints."""

from __future__ import annotations

from typing import Any

from tui.bench.common import targets_for


def check_targets(result: dict[str, Any]) -> dict[str, bool | None]:
    ok: dict[str, bool | None] = {}
    targets = targets_for(str(result.get("format", "jsonl")), int(result.get("articles", 0)))
    for key, (op, bound) in targets.items():
        value = result.get(key)
        if not isinstance(value, (int, float)) or value != value:  # missing or NaN
            ok[key] = None
        else:
            ok[key] = value <= bound if op == "<=" else value >= bound
    return ok


def format_table(result: dict[str, Any]) -> str:
    """The figures as a plain table: figure, value, target, ok."""
    ok = result.get("ok", {})
    targets = result.get("targets", {})
    lines: list[tuple[str, str, str, str]] = [("figure", "value", "target", "ok")]
    for name, value, key in _figure_rows(result):
        verdict = "" if not key else {True: "yes", False: "NO", None: "?"}[ok.get(key)]
        lines.append((name, value, targets.get(key, "") if key else "", verdict))
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    out = []
    for i, row in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    out.extend(_keypress_kinds(result))
    for name, error in (result.get("errors") or {}).items():
        out.append(f"FAILED {name}: {error}")
    out.append("")
    out.append("Targets are the issue's, stated for 1,000,000 articles.")
    return "\n".join(out)


def _figure_rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, value, target key) per line of the table: a data table."""

    def num(key: str, fmt: str) -> str:
        value = result.get(key)
        if not isinstance(value, (int, float)) or value != value:
            return "-"
        return format(value, fmt)

    return [
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
        ("cold index (the seed format's target)", f"{num('index_s', '.2f')} s", "index_s"),
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
        (
            "cached: nothing changed, re-index",
            f"{num('cached_index_s', '.2f')} s ({num('cached_vs_stat', '.1f')}x a stat of "
            f"every file, {num('stat_s', '.2f')} s; {num('cached_vs_start', '.1f')}x the "
            f"command's bare start, {num('start_s', '.2f')} s)",
            "cached_index_s",
        ),
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
        *_panel_rows(result),
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


def _panel_rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Key → the Rising list, the map, the comparison filled (opened, and filters changed
    while each is open)."""
    rows = []
    for panel, key in (("rising", "R"), ("map", "M"), ("compare", "C")):
        p50, p95 = result.get(f"{panel}_p50_ms"), result.get(f"{panel}_p95_ms")
        if not isinstance(p50, (int, float)) or not isinstance(p95, (int, float)):
            continue
        rows.append(
            (
                f"keypress -> {panel} ({key}) p50 / p95",
                f"{p50:.0f} / {p95:.0f} ms ({result.get(f'{panel}_n')} keys,"
                f" {result.get(f'{panel}_timed_out')} timed out)",
                f"{panel}_p95_ms",
            )
        )
    return rows


def _keypress_kinds(result: dict[str, Any]) -> list[str]:
    """The keypress figures by kind of filter change, when the run has them."""
    out: list[str] = []
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
    return out
