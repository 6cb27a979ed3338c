"""Python files read as syntax trees, each parsed and walked once per test process: the architecture
and clock tests read every module of the package several times."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path


@cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of `path` (not to be changed by the caller: it is shared)."""
    return ast.parse(path.read_text(), filename=str(path))


@cache
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of `path`'s syntax tree, in `ast.walk`'s order."""
    return tuple(ast.walk(parsed(path)))
