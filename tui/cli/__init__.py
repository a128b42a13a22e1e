"""The `campaign-tui` command: the dashboard by default, and headless commands beside it.

``group`` defines the command group; each ``commands_*`` module adds its commands to it
(importing them here registers them); ``options`` and ``output`` are what they share, and
``main`` is the entry point.
"""

from __future__ import annotations

from tui.cli import (  # noqa: F401 - imported for the commands they register
    commands_bench,
    commands_corpus,
    commands_eval,
    commands_export,
    commands_taxonomy,
)
from tui.cli.group import cli
from tui.cli.main import main

__all__ = ["cli", "main"]
