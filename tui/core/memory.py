"""Giving freed memory back to the system, so a long dashboard session does not keep growing.

glibc's allocator serves large blocks from its heaps once a large block has been freed (its
threshold for mapping blocks on their own rises as it goes), and memory freed in a heap stays
with the process. A query over a million articles makes arrays of megabytes at every
keypress: without this, the dashboard kept about 100 MB more after sixty filter changes.
"""

from __future__ import annotations

import ctypes
import mmap
import sys

_M_MMAP_THRESHOLD = -3
"""mallopt's parameter number for the size from which blocks are mapped on their own."""
LARGE_BLOCK = 4 * 1024 * 1024


def hand_back_large_blocks(threshold: int = LARGE_BLOCK) -> bool:
    """Have blocks of ``threshold`` bytes and more mapped on their own (a fixed threshold
    also stops glibc from raising it), so freeing one returns its memory at once.

    True when the allocator took the setting; False elsewhere (not Linux, not glibc).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold))


def release_mapped(*arrays: object) -> int:
    """Drop the pages of arrays mapped from files (``np.load(..., mmap_mode="r")``) from
    this process's resident memory; the next read maps them again from the page cache.

    A lookup in a mapped table (a binary search of a word, the rows of one word) makes the
    kernel map the pages around each one it reads, and they stay counted in the process's
    memory: without this, each new search term left tens of megabytes more of the words
    tables resident at a million articles. Only read-only mappings are released (what a
    write made of a private copy-on-write page would be lost). Returns how many were.
    """
    advice = getattr(mmap, "MADV_DONTNEED", None)
    released = 0
    for array in arrays:
        mapped = _mapping_of(array)
        if advice is None or mapped is None or not hasattr(mapped, "madvise"):
            continue
        try:
            mapped.madvise(advice)
        except (OSError, ValueError):  # closed meanwhile, or not allowed here
            continue
        released += 1
    return released


def _mapping_of(array: object) -> mmap.mmap | None:
    """The file mapping a read-only array's memory is (through its bases); None if none."""
    flags = getattr(array, "flags", None)
    if flags is None or bool(getattr(flags, "writeable", True)):
        return None
    base = getattr(array, "base", None)
    for _ in range(8):  # a view of a view of … the mapping
        if base is None or isinstance(base, mmap.mmap):
            return base
        base = getattr(base, "base", None)
    return None
