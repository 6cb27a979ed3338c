"""`templates path|list|copy`: where user templates live, and how to start one."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.output import chosen

app = typer.Typer(help="Where your report templates go; list and copy them.", no_args_is_help=True)


@app.command("path")
def path() -> None:
    """Print the folder whose templates override the built-in ones of the same name."""
    from mentorlog import paths

    common.say(str(paths.templates_dir()))


@app.command("list")
def list_(json_output: JsonFlag = False) -> None:
    """List the templates, and whether yours overrides the built-in one."""
    from mentorlog.reports.templates import list_templates

    rows = list_templates()
    lines = []
    for row in rows:
        where = "yours, overrides the built-in" if row["overridden"] else "built-in"
        if row["source"] == "user-only":
            where = "yours"
        lines.append(f"{row['name']:<28} {where}")
    chosen(json_output).said(rows, *lines)


@app.command("copy")
def copy(name: Annotated[str, typer.Argument(help="The template to copy, e.g. agenda.md.j2.")]) -> None:
    """Copy a built-in template into your templates folder to customise it."""
    from mentorlog.reports.templates import copy_template

    dest = copy_template(name)
    common.say(f"Copied {name} to {dest}. Edit it; mentorlog uses yours from now on.")
