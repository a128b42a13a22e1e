"""Large blocks freed by a query go back to the system (Linux with glibc)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from tui.core.memory import hand_back_large_blocks


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_freed_large_array_leaves_the_process() -> None:
    if not hand_back_large_blocks():
        pytest.skip("the allocator is not glibc's")
    # Freeing a large block first is what raises glibc's own threshold; then a block a bit
    # smaller would stay in the heap after it is freed.
    first = np.ones(24 * 1024 * 1024 // 8)
    del first
    before = _resident_mb()
    second = np.ones(16 * 1024 * 1024 // 8)
    assert _resident_mb() > before + 12
    del second
    assert _resident_mb() < before + 5
