"""Flags and arguments that set a declared field, with the help its declaration gives
(`fields/`: `Form.help`, which names the field's choices and limits from its values), so a new
choice or a changed limit reaches `--help` and docs/commands.md with no change here."""

from __future__ import annotations

from typing import Any

import typer

from mentorlog import fields


def help_of(table: str, name: str) -> str:
    """The declared help of `table.name`."""
    form = fields.field(table, name).form
    assert form is not None and form.help, f"{table}.{name} declares no help"
    return form.help


def option(table: str, name: str, *flags: str, **more: Any) -> Any:
    """`typer.Option` for the field `table.name`: the flag its declaration names (else the
    parameter's name), unless `flags` are given, and the declared metavar."""
    form = fields.field(table, name).form
    if not flags and form is not None and form.flag:
        flags = (form.option(name),)
    if form is not None and form.metavar:
        more.setdefault("metavar", form.metavar)
    return typer.Option(*flags, help=help_of(table, name), **more)


def argument(table: str, name: str, **more: Any) -> Any:
    """`typer.Argument` for the field `table.name`."""
    return typer.Argument(help=help_of(table, name), **more)
