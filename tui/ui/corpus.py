"""The corpus behind the dashboard: indexing it in a worker, and watching it for changes.

The corpus opens from its last snapshot (read while Textual starts, before any corpus file
is looked at), which is then checked against the corpus: a changed one is indexed again,
with a progress bar the first time and a note after a re-index.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar

from tui.core.index import CorpusIndex
from tui.core.models import FilterState, Period
from tui.core.query import Query
from tui.core.readers import iter_corpus_files
from tui.core.session import Settings, load_index, open_snapshot, snapshot_is_current
from tui.core.snapshot import save_snapshot
from tui.core.taxonomy import LoadedTaxonomy
from tui.core.watch import CorpusWatcher
from tui.ui.gc_pacing import GcPacer
from tui.ui.messages import IndexFailed, IndexProgress, IndexReady
from tui.ui.text import clean
from tui.ui.titles import index_sub_title, reindexed_note

WATCH_SECONDS = 2.0

_PRELOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preload")


def _preload(settings: Settings, taxonomy: LoadedTaxonomy) -> Query | None:
    # The corpus's last snapshot, before any of its files is looked at: the first frame
    # does not wait for a hundred thousand files to be listed (checked right after).
    index = open_snapshot(settings, taxonomy, checked=False)
    return Query(index, settings.scope) if index is not None else None


def preload(settings: Settings, taxonomy: LoadedTaxonomy) -> Future[Query | None]:
    """Open the corpus's snapshot in a thread of its own, while Textual is still starting up
    (None: no snapshot of this corpus); whether it is stale is found out once it is shown."""
    return _PRELOADER.submit(_preload, settings, taxonomy)


def default_period(first: str, last: str) -> Period:
    """The period that gives the timeline a readable number of points for the corpus span."""
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    if days <= 3 * 365:
        return Period.month
    if days <= 12 * 365:
        return Period.quarter
    return Period.year


class CorpusActions(Screen[None]):
    """Indexing, the corpus watcher and the garbage collector's settings of the dashboard."""

    # The dashboard's state these read and set (DashboardScreen sets it up).
    settings: Settings
    taxonomy: LoadedTaxonomy
    query_engine: Query | None
    filters: FilterState
    watching: str
    _start_filters: FilterState
    _auto_period: bool
    _preload: Future[Query | None] | None
    _span: tuple[str | None, str | None]
    _signature: tuple[tuple[str, int, int], ...] | None
    _indexing: bool
    _watcher: CorpusWatcher | None
    _poll_timer: Timer | None
    _recheck: bool

    if TYPE_CHECKING:

        def refresh_views(self) -> None: ...

        def _update_filter_bar(self) -> None: ...

    def _start_index(self, reloaded: bool) -> None:
        self._indexing = True
        self._index_worker(reloaded)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_worker(self, reloaded: bool) -> None:
        notes: list[str] = []
        preload, self._preload = self._preload, None
        query = preload.result() if preload is not None and not reloaded else None
        try:
            if query is None:
                index = load_index(
                    self.settings,
                    self.taxonomy,
                    progress=self._post_progress,
                    message=notes.append,
                )
                query = Query(index, self.settings.scope)
        except Exception as error:  # shown to the user; the app keeps running
            self.post_message(IndexFailed(str(error)))
            return
        index = query.index
        self.post_message(IndexReady(query, notes, reloaded))
        stale = index.snapshot_key is not None and not self._snapshot_holds(index)
        if not stale:
            # The dashboard is usable now; working out orders, periods and folded texts
            # meanwhile keeps the first keystrokes as quick as the next ones.
            query.warm()
        else:
            # Shown from its last snapshot at once; the corpus changed since: read again.
            # The snapshot's index is not warmed up: it is replaced in a few seconds, and its
            # caches would be held beside the new index's while that is read.
            del query
            notes = []
            try:
                index = load_index(self.settings, self.taxonomy, message=notes.append)
            except Exception as error:  # shown to the user; the app keeps running
                self.post_message(IndexFailed(str(error)))
                return
            query = Query(index, self.settings.scope)
            self.post_message(IndexReady(query, notes, True))
            query.warm()
        try:
            # The next start of an unchanged corpus opens this snapshot instead. Closing the
            # dashboard meanwhile waits for it (a few seconds, once after each re-index):
            # given up, the next start would be as slow as this one.
            save_snapshot(index)
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Cannot save the corpus snapshot: {error}", markup=False
            )

    def _snapshot_holds(self, index: CorpusIndex) -> bool:
        """Whether the corpus is still what the snapshot shown first was made from."""
        try:
            return snapshot_is_current(self.settings, index)
        except Exception:  # looked at again by reading it: whatever is amiss is told then
            return False

    def _post_progress(self, done: int, total: int) -> None:
        self.post_message(IndexProgress(done, total))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one("#loading-bar", ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)

    def on_index_failed(self, message: IndexFailed) -> None:
        self._indexing = False
        self._recheck_corpus()
        self.query_one("#loading").display = False
        if self.query_engine is None:
            self.app.sub_title = "indexing failed (q quits)"
        self.notify(
            clean(message.error),
            title="Indexing failed",
            severity="error",
            markup=False,
            timeout=30,
        )

    def index_ready(self, message: IndexReady) -> None:
        """The index is open (the screen's on_index_ready): the dashboard shows it."""
        self._indexing = False
        self._recheck_corpus()
        previous = self.query_engine
        self.query_engine = message.query
        self.query_one("#loading").display = False
        summary = message.query.index.summary()
        # Kept: the date keys need the span, and working it out scans every article's date.
        self._span = (summary["first_date"], summary["last_date"])
        # Records left out on purpose (a headline with no story) are no problem, but said.
        skipped = sum(1 for p in message.query.index.problems if p.severity == "skipped")
        self.app.sub_title = index_sub_title(summary, skipped)
        for note in message.notes:
            self.notify(clean(note), severity="warning", markup=False)
        if (
            previous is None
            and summary["first_date"]
            and self._auto_period
            and self.filters == self._start_filters
        ):
            # A timeline of 40-odd points reads best: months for a year or two, quarters
            # for a decade, years beyond.
            self.filters = self.filters.model_copy(
                update={"period": default_period(summary["first_date"], summary["last_date"])}
            )
            self._update_filter_bar()
        self._settle_gc(replaced=previous is not None)
        if message.reloaded and previous is not None:
            added = summary["articles"] - len(previous.index.articles)
            self.notify(reindexed_note(added), title="Corpus changed", markup=False)
        self.refresh_views()

    def _settle_gc(self, replaced: bool) -> None:
        # Full passes of the garbage collector off the keypress path, and an index replaced
        # by a newer one let go (tui/ui/gc_pacing.py).
        pacer: GcPacer | None = getattr(self.app, "gc_pacer", None)
        if pacer is None:
            return
        if replaced:
            pacer.index_replaced()
        else:
            pacer.index_open()

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()

    def _corpus_signature(self) -> tuple[tuple[str, int, int], ...]:
        files, _ = iter_corpus_files(self.settings.corpus_paths())
        entries = []
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            entries.append((str(file), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def _recheck_corpus(self) -> None:
        if self._recheck:
            self._recheck = False
            self._watch_worker()

    def _start_watching(self) -> None:
        """The kernel tells of corpus changes (no CPU while idle); polling when it cannot."""
        self._watcher = CorpusWatcher(
            self.settings.corpus_paths(), self._corpus_touched, self._watch_failed
        )
        self.watching = "inotify" if self._watcher.start() else ""
        if not self.watching:
            self._start_polling()
        self._watch_worker()  # the signature that later changes are compared with

    def _start_polling(self) -> None:
        if self._poll_timer is None:
            self.watching = "polling"
            self._poll_timer = self.set_interval(WATCH_SECONDS, self._poll_corpus)

    def _corpus_touched(self) -> None:
        """From the watcher's thread: something in the corpus changed."""
        with suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self._poll_corpus)

    def _watch_failed(self, error: str) -> None:
        with suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self._start_polling)

    def _poll_corpus(self) -> None:
        if not self._indexing:
            self._watch_worker()
        else:
            # Told once (not every two seconds): looked at again when the indexing ends.
            self._recheck = True

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_worker(self) -> None:
        signature = self._corpus_signature()
        if self._signature is None:
            self._signature = signature
            return
        if signature != self._signature:
            self._signature = signature
            self.app.call_from_thread(self._start_index, True)
