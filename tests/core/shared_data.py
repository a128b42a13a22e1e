"""Where the real data of ../shared is (CAMPAIGN_TUI_SHARED may point elsewhere), for the
tests that read it; they skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CAMPAIGN_TUI_SHARED", ROOT.parent / "shared"))
CORPORA = [SHARED / "corpora" / name for name in ("kcna-2011-2012.jsonl", "kcna-2024.jsonl")]
DEV = SHARED / "eval" / "dev.jsonl"
SEED = SHARED / "seed"
SPEC = SHARED / "spec" / "taxonomy.md"
EVAL = ROOT / "data" / "eval"
"""The project's own labelled sets (ids, labels and evidence only), when present."""


def require(*paths: Path) -> None:
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        pytest.skip(f"shared data absent: {', '.join(missing)}")


def labelled_sets() -> list[Path]:
    """Every labelled set: the shared dev set and the project's own parts."""
    return [DEV, *sorted(EVAL.glob("*.jsonl"))] if EVAL.is_dir() else [DEV]
