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

from tui.bench.common import (
    DEFAULT_ARTICLES,
    SERIAL_SENTENCE,
    TARGETS,
    BenchOptions,
    ChildRun,
    percentile,
    run_child,
)
from tui.bench.dashboard import dashboard_child
from tui.bench.replica import replicate_corpus
from tui.bench.report import check_targets, format_table
from tui.bench.run import run_bench

__all__ = [
    "DEFAULT_ARTICLES",
    "SERIAL_SENTENCE",
    "TARGETS",
    "BenchOptions",
    "ChildRun",
    "check_targets",
    "dashboard_child",
    "format_table",
    "percentile",
    "replicate_corpus",
    "run_bench",
    "run_child",
]
