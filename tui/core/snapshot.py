"""The corpus snapshot, kept here for those who import it from here: see
``tui.core.index.snapshot``."""

from __future__ import annotations

from tui.core.index.snapshot import (
    SNAPSHOT_FORMAT,
    load_snapshot,
    save_snapshot,
    snapshot_key,
)

__all__ = ["SNAPSHOT_FORMAT", "load_snapshot", "save_snapshot", "snapshot_key"]
