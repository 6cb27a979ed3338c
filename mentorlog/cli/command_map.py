"""docs/command-map.md: for every command, where its use case, its storage and its rendering live.

    python -m mentorlog.cli.command_map > docs/command-map.md
    python -m mentorlog.cli.reference --write    # every generated file, this one among them

Read from the code itself, so it cannot drift (a test compares the checked-in file with what this
prints): the command's function in `cli/`, and the functions of mentorlog's modules it calls (the
cli module's own helpers followed); of those, the use cases' functions, and the store modules they
call (their own helpers followed); the render modules it names — called, or as a view
`"module.function"` — and the templates it renders. One line per command: one grep finds them all
(`grep "goal add" docs/command-map.md`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
SERVICES = ("exchange", "sealing", "process", "sessions", "reports", "programme", "journal")

HEADER = """# Command map

Where each command's use case, storage and rendering live, read from the code by
`python -m mentorlog.cli.reference --write` (do not edit it by hand: a test
compares it with the code). One line per command, so one grep finds all of it:
`grep "goal add" docs/command-map.md`. How the layers fit is in [architecture.md](architecture.md).

The use case is what the command calls in the seven use-case packages; the storage, the store
functions those call (their own helpers followed); the rendering, the views, sentences and
templates the command names. A dash under rendering: the command says its result in a line of its
own (`run.out.said`). `KIND.md.j2` is the template of the kind asked for.

| command | command line (`cli/`) | use case | storage (`store/`) | rendering (`render/`, `templates/`) |
| --- | --- | --- | --- | --- |
"""


@cache
def _tree(module_name: str) -> ast.Module:
    return ast.parse(inspect.getsource(importlib.import_module(module_name)))


def _function(module_name: str, name: str) -> ast.FunctionDef | None:
    for node in _tree(module_name).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def _imports(nodes: list[ast.stmt] | ast.AST) -> dict[str, tuple[str, str | None]]:
    """Alias → (module, function or None) of the `from mentorlog… import` and `import mentorlog…`
    statements among `nodes` (a module's top level, or a whole function): `goals` →
    (`mentorlog.process.goals`, None), `add_note` → (`mentorlog.sessions.notes`, `add_note`)."""
    found: dict[str, tuple[str, str | None]] = {}
    walked = ast.walk(nodes) if isinstance(nodes, ast.AST) else iter(nodes)
    for node in walked:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mentorlog"):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                named = (target, None) if _is_module(target) else (node.module, alias.name)
                found[alias.asname or alias.name] = named
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mentorlog") and alias.asname:
                    found[alias.asname] = (alias.name, None)
    return found


def _is_module(name: str) -> bool:
    parts = name.split(".")[1:]
    return (PACKAGE.joinpath(*parts).with_suffix(".py")).exists() or (
        PACKAGE.joinpath(*parts, "__init__.py").exists()
    )


def _calls(module_name: str, name: str, seen: set[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(module, attribute) of every mentorlog module `module_name.name` uses, and of the module's
    own functions it calls, followed in turn; a module is named by its dotted path."""
    if (module_name, name) in seen:
        return
    seen.add((module_name, name))
    function = _function(module_name, name)
    if function is None:
        return
    aliases = {**_imports(_tree(module_name).body), **_imports(function)}
    own = {node.name for node in _tree(module_name).body if isinstance(node, ast.FunctionDef)}
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            module, attribute = aliases[node.value.id]
            yield from _used(module, node.attr if attribute is None else attribute, seen)
        elif isinstance(node, ast.Name) and node.id in aliases and aliases[node.id][1] is not None:
            module, attribute = aliases[node.id]  # `from mentorlog.x.y import function`
            yield from _used(module, attribute or node.id, seen)
        elif isinstance(node, ast.JoinedStr) and node.values:  # f"{kind}.md.j2"
            last = node.values[-1]
            if isinstance(last, ast.Constant) and str(last.value).endswith(".md.j2"):
                yield "templates", "KIND" + str(last.value)
        elif isinstance(node, ast.Name) and node.id in own and node.id != name:
            yield from _calls(module_name, node.id, seen)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from _named_view(node.value)


def _used(module: str, attribute: str, seen: set[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """`module.attribute` itself; and, for a helper of the command line (`cli/output.py`'s
    `document`), what it uses in turn. The context every command runs in (`cli/context.py`,
    opening the journal) is left out: it is the same for all."""
    if module.startswith("mentorlog.cli.") and module != "mentorlog.cli.context":
        yield from _calls(module, attribute, seen)
    else:
        yield module, attribute


def _named_view(text: str) -> Iterator[tuple[str, str]]:
    """A view named as `"module.function"` of `mentorlog.render`, or a template `NAME.md.j2`."""
    if text.endswith(".j2") and (PACKAGE.parent / "templates" / text).exists():
        yield "templates", text
    module, _, function = text.partition(".")
    if function.isidentifier() and module.isidentifier() and (PACKAGE / "render" / f"{module}.py").exists():
        yield f"mentorlog.render.{module}", function


def _where(module: str) -> str:
    """`mentorlog.process.goals` → `process/goals.py`."""
    parts = module.split(".")[1:]
    return "/".join(parts) + ("/__init__.py" if PACKAGE.joinpath(*parts).is_dir() else ".py")


def _cell(pairs: set[tuple[str, str]]) -> str:
    by_module: dict[str, set[str]] = {}
    for module, attribute in pairs:
        if attribute[:1].isupper():  # a type or a constant (`Row`, `FORM_FIELDS`), not a function
            continue
        by_module.setdefault(module, set()).add(attribute)
    return "; ".join(
        f"`{module if module == 'templates' else _where(module)}`: {', '.join(sorted(by_module[module]))}"
        for module in sorted(by_module)
    )


def row(title: str, function: Callable[..., Any]) -> str:
    """The map's line of the command `title`, whose function is `function`."""
    module_name, name = function.__module__, function.__name__
    used = set(_calls(module_name, name, set()))
    cases = {(m, a) for m, a in used if m.split(".")[1:2] and m.split(".")[1] in SERVICES}
    stored: set[tuple[str, str]] = set()
    for module, attribute in cases:
        stored |= {(m, a) for m, a in _calls(module, attribute, set()) if m.startswith("mentorlog.store")}
    shown = {(m, a) for m, a in used if m == "templates" or m.startswith("mentorlog.render")}
    cli = f"`{_where(module_name)}`: {name}"
    cells = (f"`{title}`", cli, _cell(cases) or "—", _cell(stored) or "—", _cell(shown) or "—")
    return "| " + " | ".join(cells) + " |"


def _leaves(command: Any, ctx: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    list_commands = getattr(command, "list_commands", None)
    if list_commands is None:
        yield path, command
        return
    for name in list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            yield from _leaves(sub, ctx, (*path, name))


def command_map() -> str:
    """docs/command-map.md."""
    import typer.main

    from mentorlog.cli import build_app

    root = typer.main.get_command(build_app())
    ctx = root.make_context("mentorlog", ["--help"], resilient_parsing=True)
    lines = [HEADER.rstrip("\n")]
    for path, command in _leaves(root, ctx):
        function = getattr(command.callback, "__wrapped__", command.callback)
        lines.append(row(" ".join(path), function))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(command_map(), end="")
