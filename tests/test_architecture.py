"""The house as drawn in STYLE.md: services/ and store/ never import typer, rich or jinja2."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mentorlog"
FORBIDDEN = {
    "services": {"typer", "rich", "jinja2", "sqlite3", "sqlite_utils", "mentorlog.cli", "mentorlog.render"},
    "store": {"typer", "rich", "jinja2", "mentorlog.cli", "mentorlog.render", "mentorlog.services"},
    "render": {"typer", "sqlite3", "sqlite_utils", "mentorlog.cli", "mentorlog.store"},
}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer):
    files = sorted((PACKAGE / layer).glob("*.py"))
    assert files, f"no modules in {layer}/"
    for path in files:
        for module in imported_modules(path):
            for banned in FORBIDDEN[layer]:
                assert not (module == banned or module.startswith(banned + ".")), (
                    f"{path.relative_to(PACKAGE.parent)} imports {module}"
                )


def test_model_uses_the_standard_library_only():
    for module in imported_modules(PACKAGE / "model.py"):
        assert module.split(".")[0] in {"__future__", "dataclasses", "enum", "datetime", "typing"}, module


def test_the_architecture_check_would_catch_a_leak(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text("def f():\n    from rich.table import Table\n")
    assert "rich.table" in set(imported_modules(leaky))
