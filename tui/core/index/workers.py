"""Worker processes that index units in parallel, started only when the work pays for them."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from tui.core.index.cache import IndexCache
from tui.core.index.model import FileIndex, MessageCallback
from tui.core.index.parts import Part
from tui.core.index.units import index_fresh, unit_size
from tui.core.interrupt import deferred
from tui.core.models import Taxonomy
from tui.core.process import use_system_memory_pool
from tui.core.readers import (
    FieldMap,
)
from tui.core.tagger import Tagger
from tui.core.taxonomy import LoadedTaxonomy

PARALLEL_MIN_BYTES = 16 * 1024 * 1024
"""Below this much text to index, starting worker processes costs more than it saves."""


@contextlib.contextmanager
def stopped_on_error(pool: Workers | None) -> Iterator[None]:
    """Worker processes are ended if indexing stops on an error or an interrupt."""
    try:
        yield
    except BaseException:
        if pool is not None:
            pool.stop()
        raise


class Workers:
    """Worker processes, started once the units waiting to be indexed hold enough text to
    pay for starting them (a file or two is quicker to index here).

    Finished units are put on ``events`` as ("indexed", (position, index, notes)); if the
    processes fail, the units they did not finish are simply left for the caller.
    """

    def __init__(
        self,
        taxonomy: LoadedTaxonomy,
        fields: FieldMap | None,
        cache_root: Path | None,
        count: int,
        events: queue.Queue[tuple[str, Any]],
    ) -> None:
        self._args = (taxonomy.model, taxonomy.source, taxonomy.digest, fields, cache_root)
        # The workers watch the read end of a pipe only this process can write to: when
        # this process ends, however it ends (SIGKILL included), they see its end and exit.
        self._lifeline: tuple[Connection, Connection] | None = None
        self._count = count
        self._events = events
        self._waiting: list[tuple[int, Path | Part]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self.outstanding = 0

    def take(self, position: int, unit: Path | Part, message: MessageCallback | None) -> None:
        if self._broken:
            return
        if self._pool is None:
            self._waiting.append((position, unit))
            if len(self._waiting) < 2 or (
                sum(unit_size(u) for _, u in self._waiting) < PARALLEL_MIN_BYTES
            ):
                return
        try:
            # Processes are started as units are submitted; they start with SIGINT blocked,
            # so a Ctrl-C (sent to the whole process group) is this process's alone to
            # handle: it ends them (stop), rather than each printing a traceback. Nor is
            # this process interrupted while it starts one (which would never get its work).
            with deferred(), _sigint_blocked():
                if self._pool is None:
                    context = multiprocessing.get_context("spawn")
                    self._lifeline = context.Pipe(duplex=False)
                    # The processes are spawned, not forked: the dashboard indexes from a
                    # thread, and forking a threaded process is unsafe.
                    self._pool = ProcessPoolExecutor(
                        max_workers=self._count,
                        mp_context=context,
                        initializer=_start_worker,
                        initargs=(*self._args, self._lifeline[0], os.getpid()),
                    )
                    waiting, self._waiting = self._waiting, []
                    for item in waiting:
                        self._submit(*item)
                else:
                    self._submit(position, unit)
        except (OSError, ValueError, RuntimeError, BrokenProcessPool) as error:
            self._fail(error, message)

    def _submit(self, position: int, unit: Path | Part) -> None:
        assert self._pool is not None
        future = self._pool.submit(_worker_index, unit)
        self.outstanding += 1

        def done(future: Future[tuple[FileIndex, list[str]]]) -> None:
            try:
                loaded, notes = future.result()
            except BaseException as error:  # the unit is indexed by the caller instead
                self._events.put(("failed", (position, error)))
            else:
                self._events.put(("indexed", (position, loaded, notes)))

        future.add_done_callback(done)

    def settle(self, kind: str, payload: Any, message: MessageCallback | None) -> bool:
        """Count a finished unit; True when it was indexed."""
        self.outstanding -= 1
        if kind == "failed":
            self._fail(payload[1], message)
            return False
        return True

    def _fail(self, error: BaseException, message: MessageCallback | None) -> None:
        if not self._broken and message:
            message(f"worker processes failed ({error}); indexing in one process")
        self._broken = True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._cut_lifeline()

    def stop(self) -> None:
        """End the processes (the run was interrupted or failed): what is not started is
        dropped, what is running is let finish (a part takes about a second at most).

        Not killed: a process killed while it sends back its result leaves the pool's
        result pipe half written, and the pool (and with it the interpreter's exit) waits
        for the rest for ever. A second Ctrl-C meanwhile waits too.
        """
        with deferred():
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._cut_lifeline()

    def _cut_lifeline(self) -> None:
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread: processes started meanwhile inherit it blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    # Starting multiprocessing's resource tracker unblocks SIGINT in the thread that starts
    # it (after blocking it for the tracker): it is started first, so it cannot.
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with_parent(lifeline: Connection | None, parent: int) -> None:
    """Make this worker process end when the process that started it does.

    On Linux the kernel kills it at once (PR_SET_PDEATHSIG); everywhere, a thread waits on
    the lifeline pipe, whose writing end only the parent holds, and exits when it closes.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if lifeline is not None:

        def watch() -> None:
            with contextlib.suppress(EOFError, OSError):
                lifeline.recv_bytes()
            os._exit(1)

        threading.Thread(target=watch, name="lifeline", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)  # the parent ended before any of this was in place


_WORKER: dict[str, Any] = {}


def _start_worker(
    model: Taxonomy,
    source: str,
    digest: str,
    fields: FieldMap | None,
    cache_root: Path | None,
    lifeline: Connection | None = None,
    parent: int | None = None,
) -> None:
    _die_with_parent(lifeline, parent if parent is not None else os.getppid())
    # A spawned worker is an entry point of its own: it chooses its memory pool as the
    # command line did.
    use_system_memory_pool()
    taxonomy = LoadedTaxonomy(model, source, digest)
    _WORKER["tagger"] = Tagger(taxonomy)
    _WORKER["fields"] = fields
    _WORKER["cache"] = IndexCache(cache_root, taxonomy, fields) if cache_root else None


def _worker_index(path: Path | Part) -> tuple[FileIndex, list[str]]:
    notes: list[str] = []
    loaded = index_fresh(path, _WORKER["tagger"], _WORKER["fields"], _WORKER["cache"], notes.append)
    return loaded, notes


@contextlib.contextmanager
def plain_std_streams() -> Iterator[None]:
    """Real files as stdout and stderr while worker processes start.

    Starting them hands on the file descriptors of sys.stdout and sys.stderr; under a
    dashboard those are the UI's stand-ins, which have none.
    """
    saved = sys.stdout, sys.stderr
    with open(os.devnull, "w") as sink:
        try:
            if not _has_fileno(sys.stdout):
                sys.stdout = sink
            if not _has_fileno(sys.stderr):
                sys.stderr = sink
            yield
        finally:
            sys.stdout, sys.stderr = saved


def _has_fileno(stream: object) -> bool:
    try:
        return int(stream.fileno()) >= 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
