"""`agreement show|edit|propose|approve|amend|history`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.model import Audience

app = typer.Typer(help="The mentorship agreement: write, propose, approve, amend.", no_args_is_help=True)

Text = Annotated[str | None, typer.Option(metavar="TEXT")]


def _print_agreement(data: dict, json_output: bool, message: str | None = None) -> None:
    if json_output:
        common.emit_json(data)
        return
    if message:
        common.say(message)
    from mentorlog.render.process import agreement_view

    common.show(agreement_view(data))


@app.command("show")
def show(ctx: typer.Context, json_output: JsonFlag = False):
    """Show the current version of the agreement and its state."""
    from mentorlog.services import agreement

    with common.journal(ctx) as journal:
        data = agreement.show(journal, Audience.OWNER)
    if data["version"] is None and not json_output:
        common.say("No agreement yet. Write one with `mentorlog agreement edit`.")
        return
    _print_agreement(data, json_output)


@app.command("edit")
def edit(
    ctx: typer.Context,
    period_start: Annotated[str | None, common.date_option("Start of the mentorship.")] = None,
    period_end: Annotated[str | None, common.date_option("End of the mentorship.")] = None,
    meetings: Annotated[int | None, typer.Option(help="How many meetings.")] = None,
    cadence: Annotated[
        str | None,
        typer.Option(help="weekly, fortnightly, every-3-weeks or monthly (after the start phase, if any)."),
    ] = None,
    start_cadence: Annotated[
        str | None,
        typer.Option(
            metavar="CADENCE", help="The cadence of the first meetings, if it differs (none: no start phase)."
        ),
    ] = None,
    start_meetings: Annotated[
        int | None, typer.Option(metavar="N", help="How many meetings keep the start cadence.")
    ] = None,
    length: Annotated[int | None, typer.Option(metavar="MIN", help="Session length in minutes.")] = None,
    place: Annotated[str | None, typer.Option(help="Where you meet.")] = None,
    link: Annotated[
        str | None, typer.Option(metavar="URL", help="Online meeting link (none: no link).")
    ] = None,
    contact: Annotated[str | None, typer.Option(help="How you keep in touch between sessions.")] = None,
    expect_mentor: Annotated[str | None, typer.Option(help="What the mentee expects of the mentor.")] = None,
    expect_mentee: Annotated[str | None, typer.Option(help="What the mentor expects of the mentee.")] = None,
    content_plan: Annotated[str | None, typer.Option(help="A rough plan of the content.")] = None,
    json_output: JsonFlag = False,
):
    """Edit the draft; with no flags on a terminal, asks field by field. Editing a proposed version
    takes it back to draft: the mentee proposes it again."""
    from mentorlog.services import agreement

    changes = {
        "period_start": period_start,
        "period_end": period_end,
        "meetings": meetings,
        "start_cadence": start_cadence,
        "start_meetings": start_meetings,
        "cadence": cadence,
        "length_minutes": length,
        "place": place,
        "link": link,
        "contact": contact,
        "expect_mentor": expect_mentor,
        "expect_mentee": expect_mentee,
        "content_plan": content_plan,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    with common.journal(ctx) as journal:
        if not changes:
            if not sys.stdin.isatty():
                raise typer.BadParameter("give the fields as flags (see `mentorlog agreement edit --help`).")
            changes = _ask(
                agreement.current_values(journal),
                common.date_order(journal),
                lambda given: agreement.edit(
                    journal, given, common.now(), common.acting(ctx), date_order=common.date_order(journal)
                ),
            )
        data = agreement.edit(
            journal, changes, common.now(), common.acting(ctx), date_order=common.date_order(journal)
        )
        from mentorlog.render.process import edit_words

        message = edit_words(data, journal.pair.mentee)
    _print_agreement(data, json_output, message)


def _ask(current: dict, date_order: str, keep) -> dict:
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
        for name, label, _kind in agreement_fields.FIELDS:
            if not agreement_fields.asked(name, values):
                continue
            before = agreement_fields.shown(current.get(name))
            while True:
                text = typer.prompt(label, default=before, show_default=bool(before))
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
def propose(ctx: typer.Context, json_output: JsonFlag = False):
    """The mentee proposes the draft to the mentor."""
    from mentorlog.services.agreement import propose_agreement

    with common.journal(ctx) as journal:
        data = propose_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Proposed version {data['version']}; the mentor approves it next.")


@app.command("approve")
def approve(ctx: typer.Context, json_output: JsonFlag = False):
    """The mentor approves the proposed version; from then on you are officially in a mentorship."""
    from mentorlog.services.agreement import approve_agreement

    with common.journal(ctx) as journal:
        data = approve_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Approved version {data['version']}: it is in force.")


@app.command("amend")
def amend(ctx: typer.Context, json_output: JsonFlag = False):
    """Start a new draft from the approved version (it stays in force until the new one is approved)."""
    from mentorlog.services.agreement import amend_agreement

    with common.journal(ctx) as journal:
        data = amend_agreement(journal, common.now(), common.acting(ctx))
    common.say_or_json(
        data, json_output, f"Version {data['version']} is a new draft; the approved one stays in force."
    )


@app.command("history")
def history(ctx: typer.Context, json_output: JsonFlag = False):
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
):
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
