"""The command reference, docs/commands.md, made from the commands' own `--help`.

    python -m mentorlog.cli.reference > docs/commands.md

Each command and group, in the order `mentorlog --help` lists them, with its help exactly as it
prints, at a fixed width (a test fails when the checked-in file differs from what this prints).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

WIDTH = 100  # the columns the help is wrapped to, whatever the terminal

HEADER = """# Command reference

Every command's `--help`, as it prints. This file is made by
`python -m mentorlog.cli.reference > docs/commands.md`; do not edit it by hand (a test compares
it with what the commands print). The README shows the commands at work.
"""


def _paths(command: Any, ctx: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The command paths below `command`, depth first, in the order its help lists them."""
    yield path
    list_commands = getattr(command, "list_commands", None)
    if list_commands is None:
        return
    for name in list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            yield from _paths(sub, ctx, (*path, name))


def help_of(app: Any, path: tuple[str, ...]) -> str:
    """What `mentorlog PATH… --help` prints."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app,
        [*path, "--help"],
        prog_name="mentorlog",
        env={"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1"},
        terminal_width=WIDTH,
    )
    if result.exit_code != 0:
        raise RuntimeError(f"mentorlog {' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def reference() -> str:
    """docs/commands.md."""
    import typer.main

    from mentorlog.cli import build_app

    app = build_app()
    root = typer.main.get_command(app)
    ctx = root.make_context("mentorlog", ["--help"], resilient_parsing=True)
    sections = [HEADER]
    for path in _paths(root, ctx):
        title = " ".join(("mentorlog", *path))
        sections.append(f"## {title}\n\n```text\n{help_of(app, path)}```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(reference(), end="")
