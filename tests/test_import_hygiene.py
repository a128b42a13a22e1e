"""The headless core (and the command line) must not drag in the terminal UI libraries."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui.core

ROOT = Path(__file__).resolve().parents[1]
UI_LIBRARIES = ("textual", "rich")

PROBE = f"""
import importlib, json, sys
UI_LIBRARIES = {UI_LIBRARIES!r}
failed = {{}}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as error:  # report, do not hide, a module that cannot be imported
        failed[name] = repr(error)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in UI_LIBRARIES)
print(json.dumps({{"failed": failed, "loaded": loaded}}))
"""


def core_modules() -> list[str]:
    return sorted(f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__))


def probe(modules: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_core_and_the_cli_import_without_textual_or_rich():
    modules = [*core_modules(), "tui.cli"]
    assert {"tui.core.index", "tui.core.query", "tui.core.export", "tui.core.tagger"} <= set(
        modules
    )
    result = probe(modules)
    assert result["failed"] == {}
    assert result["loaded"] == [], f"UI libraries imported by the core: {result['loaded']}"


def test_the_probe_would_notice_a_ui_import():
    # Guard against a probe that can never fail.
    result = probe(["textual"])
    assert "textual" in result["loaded"]  # type: ignore[operator]
