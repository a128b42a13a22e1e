"""The two kinds of cache the query collaborators keep, each collaborator its own."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Once(Generic[K]):
    """Values worked out once per key and kept for the index's life (cubes, period codes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[K, object] = {}
        self._locks: dict[K, threading.Lock] = {}

    def get(self, key: K, make: Callable[[], T]) -> T:
        """``make()`` worked out once per key. Reading a built value takes no lock, and each
        key has its own: a keystroke never waits for warm-up building something else."""
        built = self._built.get(key)
        if built is not None:
            return cast(T, built)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            built = self._built.get(key)
            if built is None:
                built = self._built[key] = make()
        return cast(T, built)


class Recent(Generic[K, V]):
    """The last ``size`` values by key, the least recently used dropped first; safe across
    the dashboard's worker threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self._values: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def find(self, key: K) -> V | None:
        with self.lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return None

    def keep(self, key: K, value: V) -> None:
        with self.lock:
            self._values[key] = value
            if len(self._values) > self.size:
                self._values.popitem(last=False)

    def remember(self, key: K, make: Callable[[], V]) -> V:
        """The value for ``key``, made (outside the lock) when it is not among the last few.

        Going back (esc, reset, a date moved back) asks again for numbers already shown.
        """
        found = self.find(key)
        if found is not None:
            return found
        value = make()
        self.keep(key, value)
        return value
