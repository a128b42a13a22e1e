"""Garbage collection paced for a dashboard: full passes while the user is idle.

Each paint leaves cyclic garbage behind (Textual's strips and their caches, replaced widgets),
so the collector's full pass comes round every few seconds of use and walks everything the
interpreter tracks: 150-330 ms at a million articles on a 2-core machine, a keypress that
freezes. Paced here instead:

- while the dashboard starts (imports, the snapshot), the collector is off (``starting``):
  its walks cost a tenth of the start, and little of what the start makes is garbage;
- once the index is open, what exists is set aside (``gc.freeze``: the index and the
  widgets live as long as the app), so the young generations, collected as usual, stay
  small; full passes are left to ``tick``: when no key or click came for ``IDLE_S``, or at
  the latest every ``LONGEST_WAIT_S`` of unbroken use (the garbage a long burst of keys
  leaves stays bounded);
- an index replaced by a newer one (the corpus changed) was set aside with the rest: the
  next full pass takes back what was set aside, frees the old index and sets the rest
  aside again. (The start's own garbage stays set aside: a few megabytes; taking it back at
  the first idle moment cost a 240 ms pass at a million articles.)
"""

from __future__ import annotations

import gc
import time

IDLE_S = 1.0
"""No input for this long: a full pass is not in anyone's way."""
LONGEST_WAIT_S = 30.0
"""Full passes are never further apart than this."""
STARTING_AT_MOST_S = 3.0
"""The collector is back on this long after the start at the latest (a cold index)."""
_FULL_PASSES_OFF = 1_000_000
"""A third threshold the interpreter never reaches: no full pass of its own."""


def starting() -> None:
    """The collector off while the dashboard starts (the app turns it back on)."""
    gc.disable()


class GcPacer:
    """Turns the collector back on when the index is open and makes its full passes."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._last_input = time.monotonic()
        self._last_full = self._last_input
        self._thaw_next = False
        """The next full pass takes back what was set aside, and sets aside what survives."""

    @property
    def pacing(self) -> bool:
        return self._saved is not None

    def index_open(self) -> None:
        """The index is open: what exists set aside, collector on, full passes paced."""
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        young, middle, _full = self._saved
        gc.freeze()
        gc.set_threshold(young, middle, _FULL_PASSES_OFF)
        gc.enable()
        self._last_full = time.monotonic()

    def index_replaced(self) -> None:
        """The index was replaced (the corpus changed): the old one was set aside with all
        else at the start and would never be collected; the next full pass frees it."""
        if self._saved is not None:
            self._thaw_next = True

    def start_over(self) -> None:
        """The start took too long (a cold index): the collector on as before, unpaced."""
        if self._saved is None:
            gc.enable()

    def touched(self) -> None:
        """A key or a click."""
        self._last_input = time.monotonic()

    def tick(self) -> bool:
        """Make a full pass if one is due; whether one was made."""
        if self._saved is None:
            return False
        now = time.monotonic()
        due = now - self._last_input >= IDLE_S or now - self._last_full >= LONGEST_WAIT_S
        # Nothing to do when no young collection came since the last pass.
        if not due or (gc.get_count()[2] == 0 and not self._thaw_next):
            return False
        thaw, self._thaw_next = self._thaw_next, False
        if thaw:
            gc.unfreeze()
        gc.collect()
        if thaw:
            gc.freeze()
        self._last_full = time.monotonic()
        return True

    def stop(self) -> None:
        """The app is closing: the collector as it was."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.unfreeze()
            self._saved = None
        gc.enable()
