"""The dashboard stands on Textual's public API: a minor Textual release may change anything
with a leading underscore, and a widget built on one can break or silently draw stale cells.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "tui" / "ui"
FOREIGN = ("textual", "textual_plotext", "plotext", "rich")


def _modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(UI)))
def test_no_private_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            assert not (parts[0] in FOREIGN and any(map(_private, parts))), node.module
            if parts[0] in FOREIGN:
                for alias in node.names:
                    assert not _private(alias.name), f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                assert not (parts[0] in FOREIGN and any(map(_private, parts))), alias.name


def _foreign_bases(cls: type) -> list[type]:
    return [base for base in cls.__mro__[1:] if base.__module__.split(".")[0] in FOREIGN]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(UI)))
def test_no_private_member_of_a_textual_class_is_overridden_or_used(path: Path) -> None:
    """A class of ours defines no underscore name its Textual base has, and uses none
    (``self._clear_caches()``, ``self._get_plotext_theme_name``, ``plot._set_size``)."""
    name = ".".join(path.relative_to(UI.parent.parent).with_suffix("").parts)
    module = importlib.import_module(name)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(module, node.name, None)
        if not inspect.isclass(cls):
            continue
        bases = _foreign_bases(cls)
        if not bases:
            continue
        for attribute in ast.walk(node):
            names: list[str] = []
            if isinstance(attribute, ast.FunctionDef | ast.AsyncFunctionDef):
                names.append(attribute.name)
            elif isinstance(attribute, ast.Attribute):
                names.append(attribute.attr)
            for member in names:
                if not _private(member):
                    continue
                owners = [b.__qualname__ for b in bases if member in vars(b)]
                assert not owners, f"{node.name}.{member} is private to {owners}"


def test_no_private_call_on_a_plotting_object() -> None:
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                value = node.value
                owner = value.id if isinstance(value, ast.Name) else ""
                assert owner not in {"plot", "plt", "plotext"}, f"{path.name}: {node.attr}"
