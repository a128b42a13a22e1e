"""Large blocks freed by a query go back to the system (Linux with glibc)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# In a process of its own: a test worker's heap, shaped by every test before, can hold a
# free block big enough to serve the array without the process growing at all.
_PROBE = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    from tui.core.memory import hand_back_large_blocks

    def resident_mb():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    if not hand_back_large_blocks():
        sys.exit(3)
    # Freeing a large block first is what raises glibc's own threshold; then a block a bit
    # smaller would stay in the heap after it is freed.
    first = np.ones(24 * 1024 * 1024 // 8)
    del first
    before = resident_mb()
    second = np.ones(16 * 1024 * 1024 // 8)
    grown = resident_mb() - before
    del second
    print(grown, resident_mb() - before)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_freed_large_array_leaves_the_process() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True)
    if run.returncode == 3:
        pytest.skip("the allocator is not glibc's")
    assert run.returncode == 0, run.stderr
    grown, left = map(float, run.stdout.split())
    assert grown > 12
    assert left < 5


_MAPPED_PROBE = textwrap.dedent(
    """
    import re, sys
    import numpy as np
    from tui.core.memory import release_mapped

    def file_mb():
        status = open("/proc/self/status").read()
        return int(re.search(r"RssFile:\\s+(\\d+) kB", status).group(1)) / 1024

    path = sys.argv[1]
    np.save(path, np.arange(8 * 1024 * 1024, dtype=np.int64))  # 64 MB
    table = np.load(path, mmap_mode="r")
    before = file_mb()
    total = int(table[::512].sum())  # a page of every one read
    grown = file_mb() - before
    released = release_mapped(table, table[10:20], np.zeros(3))
    left = file_mb() - before
    assert int(table[::512].sum()) == total  # read again from the file
    print(grown, left, released)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pages_read_from_a_mapped_table_leave_the_process(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _MAPPED_PROBE, str(tmp_path / "table.npy")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    grown, left, released = run.stdout.split()
    assert float(grown) > 32
    assert float(left) < 4
    # The table and its view are mappings; an array in memory is not.
    assert int(released) == 2
