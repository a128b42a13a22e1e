"""The layout rules of issue 17: no module under tui/ over 500 lines and no function over 80,
so each can be read whole.

The allow-list names the modules still over it and why; a module leaves the list when it is
split, and the test fails if a listed one has come under the limit (the list stays honest).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500
MAX_FUNCTION_LINES = 80

OVER_THE_LIMIT: dict[str, str] = {}


def _line_counts() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in sorted((ROOT / "tui").rglob("*.py"))
    }


def test_no_module_is_over_the_limit() -> None:
    over = {
        path: lines
        for path, lines in _line_counts().items()
        if lines > MAX_LINES and path not in OVER_THE_LIMIT
    }
    assert not over, f"modules over {MAX_LINES} lines (split them): {over}"


def test_the_allow_list_names_only_modules_still_over_it() -> None:
    # A loop, not parametrize: the list may be empty (every module under the limit).
    counts = _line_counts()
    gone = {path: counts.get(path) for path in OVER_THE_LIMIT if counts.get(path, 0) <= MAX_LINES}
    assert not gone, f"split or gone (lines): take them off OVER_THE_LIMIT {gone}"


LONG_FUNCTIONS = {
    "tui/bench/report.py::_figure_rows": "a data table: one row per figure",
}


def _long_functions() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    owner = parents.get(node)
                    name = (
                        f"{owner.name}.{node.name}"
                        if isinstance(owner, ast.ClassDef)
                        else node.name
                    )
                    found[f"{path.relative_to(ROOT).as_posix()}::{name}"] = length
    return found


def test_no_function_is_over_the_limit() -> None:
    over = {name: lines for name, lines in _long_functions().items() if name not in LONG_FUNCTIONS}
    assert not over, f"functions over {MAX_FUNCTION_LINES} lines (split them): {over}"


def test_the_long_functions_listed_are_still_long() -> None:
    gone = sorted(set(LONG_FUNCTIONS) - set(_long_functions()))
    assert not gone, f"no longer over {MAX_FUNCTION_LINES} lines: take off LONG_FUNCTIONS {gone}"
