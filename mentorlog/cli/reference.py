"""The command reference, docs/commands.md, made from the commands' own `--help`.

    python -m mentorlog.cli.reference > docs/commands.md
    python -m mentorlog.cli.reference --write    # every generated file of the checkout, anew

Each command and group, in the order `mentorlog --help` lists them, with its help exactly as it
prints, at a fixed width, then the agreement's terms as declared (`fields/reference.py`); a test
fails when the checked-in file differs from what this prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

WIDTH = 100  # the columns the help is wrapped to, whatever the terminal

HEADER = """# Command reference

Every command's `--help`, as it prints, then [the agreement's terms](#the-agreements-terms) as
declared. This file is made by `python -m mentorlog.cli.reference --write`; do not edit it by
hand (a test compares it with what the commands print). The README shows the commands at work.
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


def help_of(root: Any, path: tuple[str, ...]) -> str:
    """What `mentorlog PATH… --help` prints, from the command tree `root` built once (building it
    costs about a tenth of a second, and there are a hundred commands)."""
    import sys

    from typer.testing import CliRunner

    env = {"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1"}
    code: object = 0
    with CliRunner().isolation(env=env) as (out, _err, _both):
        try:
            root.main(args=[*path, "--help"], prog_name="mentorlog", terminal_width=WIDTH)
        except SystemExit as stop:
            code = stop.code or 0
        sys.stdout.flush()
        printed = out.getvalue().decode()
    if code != 0:
        raise RuntimeError(f"mentorlog {' '.join(path)} --help failed: {printed}")
    return printed.rstrip() + "\n"


def reference() -> str:
    """docs/commands.md."""
    import typer.main

    from mentorlog.cli import build_app
    from mentorlog.fields.reference import terms_section

    root = typer.main.get_command(build_app())
    ctx = root.make_context("mentorlog", ["--help"], resilient_parsing=True)
    sections = [HEADER]
    for path in _paths(root, ctx):
        title = " ".join(("mentorlog", *path))
        sections.append(f"## {title}\n\n```text\n{help_of(root, path)}```\n")
    sections.append(terms_section())
    return "\n".join(sections)


def generated() -> dict[Path, str]:
    """Every file of the checkout made from the code, and what it holds: the command reference, the
    command map (`cli/command_map.py`) and the bundle's JSON Schema (made from the field
    declarations, `exchange/bundle_schema.py`)."""
    from mentorlog.cli.command_map import command_map
    from mentorlog.exchange import bundle_schema

    docs = Path(__file__).resolve().parents[2] / "docs"
    return {
        docs / "commands.md": reference(),
        docs / "command-map.md": command_map(),
        bundle_schema.SHIPPED: bundle_schema.schema_text(),
    }


def main(args: list[str]) -> None:
    if args != ["--write"]:
        print(reference(), end="")
        return
    for path, text in generated().items():
        if not path.parent.is_dir():
            raise SystemExit(f"{path.parent} is not there: --write makes the files of a checkout.")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
