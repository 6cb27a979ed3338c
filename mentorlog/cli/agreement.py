"""`agreement show|edit|propose|approve|amend|history`."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import typer

from mentorlog import fields as schema
from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import Run, listed, opened, shown
from mentorlog.model import Audience

if TYPE_CHECKING:
    from mentorlog.rows.process import AgreementEdited, AgreementView

app = typer.Typer(help="The mentorship agreement: write, propose, approve, amend.", no_args_is_help=True)
NO_AGREEMENT = "No agreement yet. Write one with `mentorlog agreement edit`."


@app.command("show")
def show(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Show the current version of the agreement and its state."""
    from mentorlog.process import agreement

    with opened(ctx, json_output) as run:
        data = agreement.show(run.journal, Audience.OWNER)
    if data["version"] is None:
        run.out.said(data, NO_AGREEMENT)
        return
    run.out.shown(data, "process.agreement_view")


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
    from mentorlog.process import agreement

    changes: dict[str, Any] = {name: value for name, value in terms.items() if value is not None}
    with opened(ctx, json_output) as run:

        def keep(given: dict[str, Any]) -> AgreementEdited:
            return agreement.edit(run.journal, given, run.now, run.acting_as, date_order=run.date_order)

        if not changes:
            if not sys.stdin.isatty():
                raise typer.BadParameter("give the fields as flags (see `mentorlog agreement edit --help`).")
            changes = _ask(run, agreement.current_values(run.journal), keep)
        data = keep(changes)
        from mentorlog.render.process import edit_words

        message = edit_words(data, run.journal.pair.mentee)
    run.out.shown(data, "process.agreement_view", *([message] if message else []))


def _ask(run: Run, current: Mapping[str, Any], keep: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """Ask for every field, showing the current value (Enter keeps it); each answer is checked as
    it is given and asked again until it can be used, so nothing typed before is lost. Ctrl-C
    keeps the answers given so far in the draft (`keep`), as `reflect` keeps each answer."""
    from mentorlog.errors import MentorlogError
    from mentorlog.process import agreement_fields

    common.say("Enter keeps the value in brackets.")
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
                    values = agreement_fields.answer(
                        name, None if kept else text, values, run.now, run.date_order
                    )
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
    from mentorlog.process.agreement import propose_agreement

    _step(ctx, json_output, propose_agreement, "Proposed version {}; the mentor approves it next.")


@app.command("approve")
def approve(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The mentor approves the proposed version; from then on you are officially in a mentorship."""
    from mentorlog.process.agreement import approve_agreement

    _step(ctx, json_output, approve_agreement, "Approved version {}: it is in force.")


@app.command("amend")
def amend(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Start a new draft from the approved version (it stays in force until the new one is approved)."""
    from mentorlog.process.agreement import amend_agreement

    _step(ctx, json_output, amend_agreement, "Version {} is a new draft; the approved one stays in force.")


def _step(ctx: typer.Context, json_output: bool, step: Callable[..., AgreementView], said: str) -> None:
    """One step of the agreement's life (`step`, its use case), and the sentence `said` with the
    version it made."""
    with opened(ctx, json_output) as run:
        data = step(run.journal, run.now, run.acting_as)
    run.out.said(data, said.format(data["version"]))


@app.command("history")
def history(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Every version, with who proposed and approved it, and when."""
    from mentorlog.process import agreement

    listed(
        ctx,
        json_output,
        lambda run: agreement.history(run.journal),
        NO_AGREEMENT,
        "process.agreement_history",
    )


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
    from mentorlog.process import agreement

    shown(ctx, json_output, lambda run: agreement.diff(run.journal, first, second), "process.agreement_diff")
