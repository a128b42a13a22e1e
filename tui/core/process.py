"""Process-wide settings, made once by the program's entry points, never at import.

A library import that changes the whole process (its allocator, its memory pool) would do so
for whoever imports it, tests and embedding programs included; the entry points (the
``campaign-tui`` command, the bench's dashboard child, the index's worker processes) choose.
"""

from __future__ import annotations

import pyarrow as pa

from tui.core.memory import hand_back_large_blocks


def use_system_memory_pool() -> None:
    """Have Arrow allocate with the system allocator: it gives memory back after a big read,
    where Arrow's default pool keeps it."""
    pa.set_memory_pool(pa.system_memory_pool())


def tune_for_dashboard() -> None:
    """The settings a long dashboard session wants: each keypress's large arrays given back
    when freed, not kept by the allocator."""
    use_system_memory_pool()
    hand_back_large_blocks()
