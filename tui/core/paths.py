"""Where the bundled data and the cache live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent.parent
CACHE_ENV = "CAMPAIGN_TUI_CACHE_DIR"


def data_dir() -> Path:
    """The bundled data folder: inside the wheel when installed, `data/` in a checkout."""
    installed = _PACKAGE / "_data"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "data"


def default_taxonomy_path() -> Path:
    return data_dir() / "taxonomy.toml"


def demo_corpus_path() -> Path:
    return data_dir() / "demo"


def cache_dir(override: str | Path | None = None) -> Path:
    """The index cache folder: the option, else $CAMPAIGN_TUI_CACHE_DIR, else the user cache."""
    if override:
        return Path(override)
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir("campaign-tui", appauthor=False))
