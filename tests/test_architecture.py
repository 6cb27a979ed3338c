"""The house as drawn in docs/architecture.md: `cli → services → store → model`, `cli → render`;
no import cycle among the modules; services and store never import typer, rich or jinja2; SQL and
its execution live in store/ only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .source_tree import nodes

PACKAGE = Path(__file__).resolve().parent.parent / "mentorlog"
# The use cases, grouped by what they are about (each package's __init__ says it in a sentence).
SERVICES = ("exchange", "sealing", "process", "sessions", "reports", "programme", "journal")
USE_CASE_RULE = {"typer", "rich", "jinja2", "sqlite3", "sqlite_utils", "mentorlog.cli", "mentorlog.render"}
FORBIDDEN = {
    "cli": {"sqlite3", "sqlite_utils", "mentorlog.store"},
    **{package: USE_CASE_RULE for package in SERVICES},
    "store": {
        "typer",
        "rich",
        "jinja2",
        "mentorlog.cli",
        "mentorlog.render",
        *(f"mentorlog.{p}" for p in SERVICES),
    },
    "render": {"typer", "sqlite3", "sqlite_utils", "mentorlog.cli", "mentorlog.store"},
}


def imported_modules(path: Path):
    for node in nodes(path):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:  # `from mentorlog.process import plan` imports a module
                yield f"{node.module}.{alias.name}"


SQL = re.compile(
    r"\bselect\b.+\bfrom\b|\binsert\s+into\b|\bupdate\b.+\bset\b|\bdelete\s+from\b|\bcreate\s+table\b"
    r"|\bpragma\b|\bdeleted_at\s+is\s+(?:not\s+)?null\b|\bwhere\b.+\?",
    re.IGNORECASE | re.DOTALL,
)
EXECUTING = {"execute", "executemany", "executescript", "query", "conn"}


def sql_strings(path: Path) -> list[str]:
    """String constants (f-string parts included) that read as SQL."""
    return [
        f"{path.name}:{node.lineno} {node.value[:60]!r}"
        for node in nodes(path)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
    ]


def executions(path: Path) -> list[str]:
    """Uses of a connection: `.execute(…)`, `.query(…)`, `.conn`."""
    return [
        f"{path.name}:{node.lineno} .{node.attr}"
        for node in nodes(path)
        if isinstance(node, ast.Attribute) and node.attr in EXECUTING
    ]


def outside_the_store() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "store" not in path.relative_to(PACKAGE).parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the mentorlog modules it imports (at the top or inside functions)."""
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imported_modules(path) if m in files and m != name} for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, found by a depth-first walk (each reported once, from its first module)."""
    found, done = [], set()

    def walk(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = trail[trail.index(name) :]
            if min(cycle) == cycle[0]:
                found.append(cycle)
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            walk(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])
    return found


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


def test_no_sql_outside_the_store():
    assert [found for path in outside_the_store() for found in sql_strings(path)] == []


def test_no_connection_used_outside_the_store():
    assert [found for path in outside_the_store() for found in executions(path)] == []


def test_the_sql_checks_would_catch_a_leak(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text(
        "def f(db, t):\n"
        "    db.execute(f'select count(*) from [{t}] where visibility = ?', ['private'])\n"
        "    return count(db, 'goal', 'deleted_at is null and status = ?')\n"
    )
    assert {found.split()[0] for found in sql_strings(leaky)} == {"leaky.py:2", "leaky.py:3"}
    assert executions(leaky) == ["leaky.py:2 .execute"]


def test_no_import_cycle_among_the_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_check_would_catch_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_model_uses_the_standard_library_only():
    for module in imported_modules(PACKAGE / "model.py"):
        assert module.split(".")[0] in {"__future__", "dataclasses", "enum", "datetime", "typing"}, module


def test_the_architecture_check_would_catch_a_leak(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text("def f():\n    from rich.table import Table\n")
    assert "rich.table" in set(imported_modules(leaky))


def the_map() -> str:
    """The map at the top of docs/architecture.md: its first text block."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    return text.split("```text\n", 1)[1].split("```", 1)[0]


def test_the_map_names_every_part_of_the_package():
    """A module or package added at the top of mentorlog/ is placed on the map; the store's,
    render's and dates' modules are each named on the page."""
    drawn = {line.split()[0] for line in the_map().splitlines()[1:] if line.startswith("  ")}
    parts = {
        path.name + ("/" if path.is_dir() else "")
        for path in PACKAGE.iterdir()
        if path.name not in ("__init__.py", "__pycache__")
    }
    assert parts - drawn == set(), "add these to the map in docs/architecture.md"
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    for package in ("store", "render", "dates"):
        for path in sorted((PACKAGE / package).glob("*.py")):
            if path.stem != "__init__":
                assert f"`{path.stem}`" in page or f"{package}/{path.name}" in page, (
                    f"{package}/{path.name} is not on docs/architecture.md"
                )


def test_the_architecture_page_reads_as_markdown():
    from tests.test_outputs_reports import lint

    assert lint((PACKAGE.parent / "docs" / "architecture.md").read_text()) == []


def runtime_imports_of(path: Path, module: str) -> list[int]:
    """The lines that import `module` (or one of its modules) outside an `if TYPE_CHECKING:` block."""
    checking = {
        id(inner)
        for node in nodes(path)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for statement in node.body
        for inner in ast.walk(statement)
    }
    return [
        node.lineno
        for node in nodes(path)
        if id(node) not in checking
        and (
            (isinstance(node, ast.ImportFrom) and _within(node.module or "", module))
            or (isinstance(node, ast.Import) and any(_within(alias.name, module) for alias in node.names))
        )
    ]


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def test_the_typed_rows_are_imported_for_the_type_checker_only():
    """`rows/` is classes built at import: no command, `note` least of all, pays for them."""
    outside = [
        path for path in sorted(PACKAGE.rglob("*.py")) if "rows" not in path.relative_to(PACKAGE).parts
    ]
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in outside
        if (lines := runtime_imports_of(path, "mentorlog.rows"))
    }
    assert found == {}
    assert any("from mentorlog.rows." in path.read_text() for path in outside)


def test_the_rows_check_would_catch_an_import_at_run_time(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from mentorlog.rows.stored import SessionRow\n"
        "from mentorlog.rows.sessions import Agenda\n"
        "def f():\n    import mentorlog.rows\n"
        "import mentorlog.rowsy\n"
    )
    assert runtime_imports_of(leaky, "mentorlog.rows") == [4, 6]
