"""The formatters: how a command's result reaches the person, chosen once for the command (from its
`--json` or `--format`) rather than branched on in every command. `Words` is the terminal (sentences,
tables, views); `Json` prints the same result as JSON for scripts; documents (`--format markdown`,
`html`, `json`) are made by `document`. A command hands its result and its sentences to `run.out`
and never asks which one it holds.

A view is named `"module.function"` of `mentorlog.render` (`"process.goal_view"`): its module
(and rich with it) is imported only when the terminal shows it, never for JSON or a quick note.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mentorlog.cli import common


def view(name: str, data: Any) -> Any:
    """The rich renderable of the view `name` ("process.goal_view") for `data`."""
    import importlib

    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(f"mentorlog.render.{module}"), function)(data)


class Words:
    """For a person at a terminal: one line a sentence, tables and views through rich."""

    __slots__ = ()
    json = False

    def said(self, data: object, *lines: str) -> None:
        """The result of a change in sentences (each line printed as it is, user text as data)."""
        for line in lines:
            common.say(line)

    def listed(self, rows: Sequence[Any], empty: str, name: str, keys: Sequence[str] = ()) -> None:
        """Rows in the table `name`, or the sentence `empty` when there are none."""
        if rows:
            common.show(view(name, rows))
        else:
            common.say(empty)

    def shown(self, data: Any, name: str, *lines: str, after: Sequence[str] = ()) -> None:
        """One record in the view `name`, between the sentences `lines` and `after`."""
        self.said(data, *lines)
        common.show(view(name, data))
        self.said(data, *after)


class Json(Words):
    """For scripts: the result as JSON with stable keys (docs/json.md), the sentences left out."""

    __slots__ = ()
    json = True

    def said(self, data: object, *lines: str) -> None:
        common.emit_json(data)

    def listed(self, rows: Sequence[Any], empty: str, name: str, keys: Sequence[str] = ()) -> None:
        common.emit_json([{key: row[key] for key in keys} for row in rows] if keys else rows)

    def shown(self, data: Any, name: str, *lines: str, after: Sequence[str] = ()) -> None:
        common.emit_json(data)


WORDS = Words()
JSON = Json()


def chosen(json_output: bool) -> Words:
    """The formatter of a command with `--json`."""
    return JSON if json_output else WORDS


def format_choice(given: str, allowed: tuple[str, ...]) -> str:
    """`--format` checked against the formats this command makes ("use markdown or html." names
    them when it is none of them)."""
    if given not in allowed:
        import typer

        listed = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        raise typer.BadParameter(f"use {listed}.", param_hint="--format")
    return given


def document(format_: str, data: Any, template: str, context: dict[str, Any], title: str) -> str:
    """A document in the format chosen with `--format`: the result as JSON, or `template` rendered
    as Markdown, or that Markdown as a printable HTML page titled `title`."""
    if format_ == "json":
        return common.json_text(data)
    from mentorlog.render.templates import render

    context = {**context, "format": format_}
    text = render(template, context)
    if format_ == "html":
        from mentorlog.render.html import to_html

        return to_html(text, title, context.get("chart"))
    return text
