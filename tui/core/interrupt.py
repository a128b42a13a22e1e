"""Ctrl-C in a headless command: one exception, raised where it is safe to stop.

The command line installs ``on_sigint`` as the SIGINT handler. It raises ``Interrupted``
(not KeyboardInterrupt, which click answers with a blank line and "Aborted." of its own),
except inside ``deferred()``: there the interrupt waits until the block is done. Starting a
worker process is such a block: a process started but never sent its work prints a
traceback of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Interrupted", "deferred", "on_sigint"]


class Interrupted(BaseException):
    """The user pressed Ctrl-C (SIGINT)."""


_state = threading.local()
_pending = threading.Event()


def on_sigint(signum: int, frame: object) -> None:
    """SIGINT handler (Python runs it in the main thread)."""
    if getattr(_state, "depth", 0):
        _pending.set()
        return
    raise Interrupted


@contextmanager
def deferred() -> Iterator[None]:
    """A block that an interrupt does not cut short: it is raised once the block is done."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if (
            not _state.depth
            and _pending.is_set()
            and threading.current_thread() is threading.main_thread()
        ):
            _pending.clear()
            raise Interrupted
