"""Python files read as syntax trees, each parsed once per test process: the architecture and clock
tests walk every module of the package several times."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path


@cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of `path` (not to be changed by the caller: it is shared)."""
    return ast.parse(path.read_text(), filename=str(path))
