"""`agreement show|edit|propose|approve|amend|history`."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, get_type_hints

import typer

from mentorlog import fields as schema
from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.model import Audience

app = typer.Typer(help="The mentorship agreement: write, propose, approve, amend.", no_args_is_help=True)


def _print_agreement(data: dict[str, Any], json_output: bool, message: str | None = None) -> None:
    if json_output:
        common.emit_json(data)
        return
    if message:
        common.say(message)
    from mentorlog.render.process import agreement_view

    common.show(agreement_view(data))


@app.command("show")
def show(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Show the current version of the agreement and its state."""
    from mentorlog.services import agreement

    with common.journal(ctx) as journal:
        data = agreement.show(journal, Audience.OWNER)
    if data["version"] is None and not json_output:
        common.say("No agreement yet. Write one with `mentorlog agreement edit`.")
        return
    _print_agreement(data, json_output)


def _term_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command` with a flag for every term of the agreement, made from its declaration
    (`fields/agreement.py`: the flag's name, its value's name and its help), in the order people
    fill the terms in; the command gets the terms given as keyword arguments."""
    signature = inspect.signature(command)
    hints = get_type_hints(command, include_extras=True)
    ctx, *rest = (
        p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name in hints
    )
    terms = []
    for spec in schema.form_fields("agreement"):
        assert spec.form is not None
        kind = int if isinstance(spec.domain, schema.Int) else str
        option = typer.Option(spec.form.option(spec.name), metavar=spec.metavar, help=spec.form.help)
        terms.append(
            inspect.Parameter(
                spec.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[kind | None, option],
            )
        )
    others = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in rest if p.kind is not p.VAR_KEYWORD]
    command.__signature__ = signature.replace(parameters=[ctx, *terms, *others])  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in (ctx, *terms, *others)}
    return command


@app.command("edit")
@_term_options
def edit(ctx: typer.Context, json_output: JsonFlag = False, **terms: str | int | None) -> None:
    """Edit the draft; with no flags on a terminal, asks field by field. Editing a proposed version
    takes it back to draft: the mentee proposes it again."""
    from mentorlog.services import agreement

    changes: dict[str, object] = {name: value for name, value in terms.items() if value is not None}
    with common.journal(ctx) as journal:
        if not changes:
            if not sys.stdin.isatty():
                raise typer.BadParameter("give the fields as flags (see `mentorlog agreement edit --help`).")
            changes = dict(
                _ask(
                    agreement.current_values(journal),
                    common.date_order(journal),
                    lambda given: agreement.edit(
                        journal,
                        given,
                        common.now(),
                        common.acting(ctx),
                        date_order=common.date_order(journal),
                    ),
                )
            )
        data = agreement.edit(
            journal, changes, common.now(), common.acting(ctx), date_order=common.date_order(journal)
        )
        from mentorlog.render.process import edit_words

        message = edit_words(data, journal.pair.mentee)
    _print_agreement(data, json_output, message)


def _ask(
    current: dict[str, Any], date_order: str, keep: Callable[[dict[str, str]], object]
) -> dict[str, str]:
    """Ask for every field, showing the current value (Enter keeps it); each answer is checked as
    it is given and asked again until it can be used, so nothing typed before is lost. Ctrl-C
    keeps the answers given so far in the draft (`keep`), as `reflect` keeps each answer."""
    from mentorlog.errors import MentorlogError
    from mentorlog.services import agreement_fields

    common.say("Enter keeps the value in brackets.")
    now = common.now()
    values = dict(current)
    changes: dict[str, str] = {}

    def interrupted() -> str:
        if not changes:
            return "Interrupted: the agreement was not changed."
        kept = ", ".join(agreement_fields.label(name) for name in changes)
        try:
            keep(dict(changes))
        except MentorlogError as error:
            return f"Interrupted: nothing was kept ({error})"
        answers = "1 answer" if len(changes) == 1 else f"{len(changes)} answers"
        return f"Interrupted: {answers} kept in the draft ({kept}); `mentorlog agreement edit` goes on."

    with common.interruptible(interrupted):
        for spec in agreement_fields.FORM_FIELDS:
            name = spec.name
            assert spec.form is not None
            if not agreement_fields.asked(name, values):
                continue
            before = agreement_fields.shown(current.get(name))
            while True:
                text = typer.prompt(spec.form.prompt, default=before, show_default=bool(before))
                kept = not text.strip() or text == before
                try:
                    values = agreement_fields.answer(name, None if kept else text, values, now, date_order)
                except MentorlogError as error:
                    common.say(f"{error}")
                    continue
                if not kept:
                    changes[name] = text
                break
    return changes


@app.command("propose")
def propose(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The mentee proposes the draft to the mentor."""
    from mentorlog.services.agreement import propose_agreement

    with common.journal(ctx) as journal:
        data = propose_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Proposed version {data['version']}; the mentor approves it next.")


@app.command("approve")
def approve(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The mentor approves the proposed version; from then on you are officially in a mentorship."""
    from mentorlog.services.agreement import approve_agreement

    with common.journal(ctx) as journal:
        data = approve_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Approved version {data['version']}: it is in force.")


@app.command("amend")
def amend(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Start a new draft from the approved version (it stays in force until the new one is approved)."""
    from mentorlog.services.agreement import amend_agreement

    with common.journal(ctx) as journal:
        data = amend_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(
        data, json_output, f"Version {data['version']} is a new draft; the approved one stays in force."
    )


@app.command("history")
def history(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Every version, with who proposed and approved it, and when."""
    from mentorlog.services import agreement

    with common.journal(ctx) as journal:
        versions = agreement.history(journal)
    if json_output:
        common.emit_json(versions)
        return
    if not versions:
        common.say("No agreement yet. Write one with `mentorlog agreement edit`.")
        return
    from mentorlog.render.process import agreement_history

    common.show(agreement_history(versions))


@app.command("diff")
def diff(
    ctx: typer.Context,
    first: Annotated[
        int | None, typer.Argument(metavar="[V1]", help="A version (default: the one in force).")
    ] = None,
    second: Annotated[
        int | None, typer.Argument(metavar="[V2]", help="Another version (default: the latest).")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """What changed between two versions, field by field (default: the version in force and the
    latest draft or proposal)."""
    from mentorlog.services import agreement

    with common.journal(ctx) as journal:
        data = agreement.diff(journal, first, second)
    if json_output:
        common.emit_json(data)
        return
    from mentorlog.render.process import agreement_diff

    common.show(agreement_diff(data))
