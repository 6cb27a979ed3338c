"""`session plan|schedule|confirm|held|cancel|move|edit|list|show`, `topic add`, `feedback`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

import typer
from typer.core import TyperCommand

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag

_DATE_WORD = re.compile(r"-[0-9]")  # -1w, -3h, -30min: no option of these commands starts so


def date_words_as_arguments(args: list[str], params) -> list[str]:
    """`args` with a date word that starts with a minus (`-1w`, `-3h`) read as an argument rather
    than an option: the options first, then `--`, then the arguments in the order given. Values of
    options (`--start -1w`) stay with their option; `args` without such a word are left as they are."""
    takes_value = {
        name
        for param in params
        if getattr(param, "param_type_name", "") == "option" and not getattr(param, "is_flag", False)
        for name in (*param.opts, *param.secondary_opts)
    }
    options: list[str] = []
    arguments: list[str] = []
    moved = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            arguments.extend(args[i + 1 :])
            break
        if _DATE_WORD.match(arg):
            arguments.append(arg)
            moved = True
        elif arg.startswith("-") and len(arg) > 1:
            options.append(arg)
            if arg in takes_value and i + 1 < len(args):
                i += 1
                options.append(args[i])
        else:
            arguments.append(arg)
        i += 1
    return [*options, "--", *arguments] if moved else args


class DateWords(TyperCommand):
    """A command whose WHEN may be `-1w`, `-3h` or `-30min` without `--`: read as a date, never as
    an option (`-3h` is three hours ago, not `-h` for help)."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, date_words_as_arguments(args, self.get_params(ctx)))


app = typer.Typer(help="Sessions: propose, confirm, hold, cancel, move.", no_args_is_help=True)
topics = typer.Typer(help="Topics the mentee proposes for a session.", no_args_is_help=True)

Number = Annotated[int, typer.Argument(metavar="N", help="The session's number (see `session list`).")]
When = Annotated[
    str, typer.Argument(metavar="WHEN", help="Date and time, e.g. 'next tue 18:00' or 2026-12-03T18:00.")
]
Length = Annotated[
    int | None, typer.Option(metavar="MIN", help="Length in minutes (default: the agreement's).")
]
Place = Annotated[str | None, typer.Option(help="Where you meet in person (default: the agreement's place).")]
Online = Annotated[str | None, typer.Option(metavar="URL", help="Meet online at this link.")]
Kind = Annotated[str | None, typer.Option(help="one-to-one (default), workshop or consultation.")]
Past = Annotated[
    bool,
    typer.Option("--past", help="It really took place: a time in the past is taken (then `session held`)."),
]
Beyond = Annotated[
    bool,
    typer.Option("--beyond-agreement", help="Outside the agreed period (`status` shows it): plan it anyway."),
]


def _when(data: dict) -> str:
    """`Wed 2027-01-20 18:00`: the session's local time, with its weekday."""
    try:
        return f"{datetime.fromisoformat(data['starts_at']):%a %Y-%m-%d %H:%M}"
    except ValueError:
        return data["starts_at"]


@app.command("plan", cls=DateWords)
def plan(
    ctx: typer.Context,
    when: When,
    length: Length = None,
    place: Place = None,
    online: Online = None,
    kind: Kind = None,
    past: Past = False,
    beyond_agreement: Beyond = False,
    json_output: JsonFlag = False,
):
    """Propose a session. A time in the past needs --past (a session that really took place), a
    time outside the agreed period --beyond-agreement. WHEN may be -1w or +2d without `--`."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.plan(
            journal,
            when,
            common.now(),
            length=length,
            place=place,
            online=online,
            kind=kind,
            acting_as=common.acting(ctx),
            date_order=common.date_order(journal),
            past=past,
            beyond_agreement=beyond_agreement,
        )
    number = data["number"]
    common.say_or_json(
        data,
        json_output,
        f"Proposed session {number}: {_when(data)}, {data['length_minutes']} min. "
        f"The other person confirms it with `mentorlog session confirm {number}`"
        + (f"; then mark it held: `mentorlog session held {number}`." if past else "."),
    )


@app.command("schedule", cls=DateWords)
def schedule(
    ctx: typer.Context,
    every: Annotated[
        str,
        typer.Option(
            help="weekly, fortnightly, every-3-weeks, monthly, or an RRULE such as FREQ=MONTHLY;BYDAY=1TU."
        ),
    ],
    count: Annotated[int, typer.Option(help="How many sessions.")],
    start: Annotated[
        str | None, typer.Option(metavar="WHEN", help="The first session (default: tomorrow 10:00).")
    ] = None,
    length: Length = None,
    place: Place = None,
    online: Online = None,
    kind: Kind = None,
    past: Past = False,
    beyond_agreement: Beyond = False,
    json_output: JsonFlag = False,
):
    """Propose a series of sessions: the same weekday (monthly: its place in the month, such as the
    third Wednesday) and time. Checked like `session plan`: --past, --beyond-agreement."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        result = sessions.schedule(
            journal,
            every,
            count,
            common.now(),
            start=start,
            length=length,
            place=place,
            online=online,
            kind=kind,
            acting_as=common.acting(ctx),
            date_order=common.date_order(journal),
            past=past,
            beyond_agreement=beyond_agreement,
        )
    made = result["sessions"]
    if json_output:
        common.emit_json(made)
        return
    from mentorlog.services.news import numbers_text
    from mentorlog.words import plural

    common.say(f"Proposed {plural(len(made), 'session')}, {result['series']}:")
    for data in made:
        common.say(f"  {data['number']:>3}  {_when(data)}")
    numbers = numbers_text(data["number"] for data in made)
    common.say(f"The other person confirms them with `mentorlog session confirm {numbers}`.")


@app.command("confirm")
def confirm(
    ctx: typer.Context,
    numbers: Annotated[
        list[str] | None, typer.Argument(metavar="N…", help="Session numbers: 4, 4 5 6 or 4-6.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every session waiting for you.")] = False,
    json_output: JsonFlag = False,
):
    """Confirm proposed sessions (the person who did not propose them)."""
    from mentorlog.services import sessions

    if bool(numbers) == all_:
        raise typer.BadParameter("give session numbers (4, 4 5 6, 4-6) or --all, not both.")
    with common.journal(ctx) as journal:
        wanted = None if all_ else sessions.parse_numbers(numbers or [])
        data = sessions.confirm(journal, wanted, common.now(), common.acting(ctx))
    if json_output:
        common.emit_json(data)
        return
    for session in data["confirmed"]:
        common.say(f"Session {session['number']} is confirmed: {_when(session)}.")
    if data["already_confirmed"]:
        listed = ", ".join(str(n) for n in data["already_confirmed"])
        common.say(f"Already confirmed: {listed}.")
    if not data["confirmed"] and not data["already_confirmed"]:
        common.say("No session waits for your confirmation.")


@app.command("held")
def held(
    ctx: typer.Context,
    number: Number,
    length: Annotated[int | None, typer.Option(metavar="MIN", help="How long it really took.")] = None,
    json_output: JsonFlag = False,
):
    """Confirm a session took place; its topics become discussed, its questions asked."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.held(journal, number, common.now(), length, common.acting(ctx))
    from mentorlog.words import plural

    already = "was already marked held" if data["already_held"] else "held"
    common.say_or_json(
        data,
        json_output,
        f"Session {number} {already} ({plural(data['topics_discussed'], 'topic')} discussed). "
        f"Feedback: `mentorlog feedback {number} --rating 1-5`.",
    )


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the session).")] = None,
    json_output: JsonFlag = False,
):
    """Cancel a planned session; its topics carry over to the next one."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.cancel(journal, number, common.now(), reason, common.acting(ctx))
    common.say_or_json(
        data, json_output, f"Session {number} is cancelled; its topics carry over to the next session."
    )


@app.command("move", cls=DateWords)
def move(
    ctx: typer.Context,
    number: Number,
    when: When,
    past: Past = False,
    beyond_agreement: Beyond = False,
    json_output: JsonFlag = False,
):
    """Move a planned session to another time (it needs confirming again). A day without a time
    keeps the session's time; WHEN may be +1d or -1w without `--`."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.move(
            journal,
            number,
            when,
            common.now(),
            common.acting(ctx),
            date_order=common.date_order(journal),
            past=past,
            beyond_agreement=beyond_agreement,
        )
    common.say_or_json(
        data,
        json_output,
        f"Session {data['number']} moved to {_when(data)}; it needs confirming again.",
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: Number,
    length: Annotated[int | None, typer.Option(metavar="MIN", help="Length in minutes.")] = None,
    place: Annotated[str | None, typer.Option(help="Meet in person here.")] = None,
    online: Online = None,
    kind: Kind = None,
    json_output: JsonFlag = False,
):
    """Change a planned session's length, place or link, or kind, without cancelling it (it keeps
    its time, topics and state; `session move` changes the time)."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.edit(
            journal,
            number,
            common.now(),
            length=length,
            place=place,
            online=online,
            kind=kind,
            acting_as=common.acting(ctx),
        )
    if json_output:
        common.emit_json(data)
        return
    if not data["changed"]:
        common.say(f"Session {number} already has those values; nothing changed.")
        return
    where = data["link"] if data["mode"] == "online" else data["place"] or "in person"
    common.say(
        f"Session {number} ({_when(data)}, still {data['state']}) is now {data['length_minutes']} min, "
        f"{data['kind']}, {'online at ' if data['mode'] == 'online' else ''}{where}."
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include cancelled sessions.")] = False,
    json_output: JsonFlag = False,
):
    """Sessions in date order, numbered."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        found = sessions.list_sessions(journal, common.now(), include_past=all_)
    if json_output:
        common.emit_json(
            [
                {
                    k: s[k]
                    for k in (
                        "number",
                        "id",
                        "starts_at",
                        "length_minutes",
                        "mode",
                        "place",
                        "state",
                        "phase",
                        "kind",
                        "link",
                    )
                }
                for s in found
            ]
        )
        return
    if not found:
        common.say(
            "No sessions yet. `mentorlog session plan 'next tue 18:00'` proposes one; "
            "`mentorlog session schedule --every monthly --count 10` a series."
        )
        return
    from mentorlog.render.sessions import sessions_table

    common.show(sessions_table(found))


@app.command("show")
def show(ctx: typer.Context, number: Number, json_output: JsonFlag = False):
    """One session with its topics and feedback."""
    from mentorlog.services import sessions

    with common.journal(ctx) as journal:
        data = sessions.show(journal, number, common.now())
    if json_output:
        common.emit_json(data)
        return
    from mentorlog.render.sessions import session_view

    common.show(session_view(data))


@topics.command("add")
def topic_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The topic.")],
    session: Annotated[
        int | None, typer.Option(metavar="N", help="For session N (default: the next one).")
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep it in your journal only.")] = False,
    json_output: JsonFlag = False,
):
    """Propose a topic for the next session (or session N); shared unless --private."""
    from mentorlog.services import topics as topic_service

    with common.journal(ctx) as journal:
        data = topic_service.add_topic(
            journal, text, common.now(), session, private=private, acting_as=common.acting(ctx)
        )
        gets = common.partner_gets(journal, common.acting(ctx))
    where = f"session {data['session']}" if data["session"] else "the next session (none is planned yet)"
    shared = "It is private: it stays in your journal." if private else f"It is shared: {gets}."
    common.say_or_json(data, json_output, f"Topic {data['short_id']} proposed for {where}. {shared}")


@topics.command("list")
def topic_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include topics already discussed.")] = False,
    json_output: JsonFlag = False,
):
    """Topics proposed, by session (the open ones; --all: discussed too)."""
    from mentorlog.services import topics as topic_service

    with common.journal(ctx) as journal:
        found = topic_service.list_topics(journal, include_discussed=all_)
    if json_output:
        common.emit_json(found)
        return
    if not found:
        common.say("No open topics. The mentee proposes one with `mentorlog topic add TEXT`.")
        return
    from mentorlog.render.sessions import topics_table

    common.show(topics_table(found))


def feedback(
    ctx: typer.Context,
    number: Number,
    rating: Annotated[int, typer.Option(min=1, max=5, help="How useful the session was, 1 to 5.")],
    worked: Annotated[str | None, typer.Option(help="What worked.")] = None,
    improve: Annotated[str | None, typer.Option(help="What to improve.")] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep it in your journal only.")] = False,
    json_output: JsonFlag = False,
):
    """Give feedback on a held session (one per person; giving it again replaces it)."""
    from mentorlog.services import feedback as feedback_service

    with common.journal(ctx) as journal:
        data = feedback_service.give_feedback(
            journal, number, rating, common.now(), worked, improve, common.acting(ctx), private=private
        )
        gets = common.partner_gets(journal, common.acting(ctx))
    what = "replaced your earlier feedback" if data["replaced"] else "saved"
    shared = (
        "It is private: it stays in your journal."
        if private
        else f"It is shared: {gets} (`--private` keeps it to yourself)."
    )
    common.say_or_json(data, json_output, f"Thanks: feedback on session {number} {what}. {shared}")
