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


def option(table: str, name: str) -> Any:
    """`typer.Option` for the field `table.name` as its declaration names it, as `agreement edit`'s
    are made: the flag (`Form.option`), the name of its value where one is declared, and the help."""
    form = fields.field(table, name).form
    assert form is not None, f"{table}.{name} declares no form"
    return typer.Option(form.option(name), metavar=form.metavar or None, help=help_of(table, name))


def argument(table: str, name: str, **more: Any) -> Any:
    """`typer.Argument` for the field `table.name`."""
    return typer.Argument(help=help_of(table, name), **more)
