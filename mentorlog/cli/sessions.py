"""`session plan|schedule|confirm|held|cancel|move|edit|list|show`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mentorlog.cli import declared
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import Run, listed, opened, shown
from mentorlog.cli.date_words import DateWords
from mentorlog.render import messages

app = typer.Typer(help="Sessions: propose, confirm, hold, cancel, move.", no_args_is_help=True)

Number = Annotated[int, typer.Argument(metavar="N", help="The session's number (see `session list`).")]
When = Annotated[
    str, typer.Argument(metavar="WHEN", help="Date and time, e.g. 'next tue 18:00' or 2026-12-03T18:00.")
]
Length = Annotated[int | None, declared.option("session", "length_minutes")]
Place = Annotated[str | None, declared.option("session", "place")]
Online = Annotated[str | None, declared.option("session", "link")]
Kind = Annotated[str | None, declared.option("session", "kind")]
Past = Annotated[
    bool,
    typer.Option("--past", help="It really took place: a time in the past is taken (then `session held`)."),
]
Beyond = Annotated[
    bool,
    typer.Option("--beyond-agreement", help="Outside the agreed period (`status` shows it): plan it anyway."),
]


def _meeting(length: int | None, place: str | None, online: str | None, kind: str | None) -> dict[str, Any]:
    """How the session meets, as `session plan`, `schedule` and `edit` hand it to the service."""
    return {"length": length, "place": place, "online": online, "kind": kind}


def _proposed(run: Run, past: bool, beyond_agreement: bool) -> dict[str, Any]:
    """When a session is proposed (`session plan`, `schedule`, `move`): who proposes it, how its
    dates read, and whether it may lie in the past or beyond the agreement."""
    return {
        "acting_as": run.acting_as,
        "date_order": run.date_order,
        "past": past,
        "beyond_agreement": beyond_agreement,
    }


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
) -> None:
    """Propose a session. A time in the past needs --past (a session that really took place), a
    time outside the agreed period --beyond-agreement. WHEN may be -1w or +2d without `--`. Its
    length and place are the agreement's unless given."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        data = sessions.plan(
            run.journal,
            when,
            run.now,
            **_meeting(length, place, online, kind),
            **_proposed(run, past, beyond_agreement),
        )
    run.out.said(data, messages.session_planned(data, past))


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
) -> None:
    """Propose a series of sessions: the same weekday (monthly: its place in the month, such as the
    third Wednesday) and time. Checked like `session plan`: --past, --beyond-agreement. Their
    length and place are the agreement's unless given."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        result = sessions.schedule(
            run.journal,
            every,
            count,
            run.now,
            start=start,
            **_meeting(length, place, online, kind),
            **_proposed(run, past, beyond_agreement),
        )
    from mentorlog.exchange.news import numbers_text

    numbers = numbers_text(data["number"] for data in result["sessions"])
    run.out.said(result["sessions"], *messages.sessions_scheduled(result, numbers))


@app.command("confirm")
def confirm(
    ctx: typer.Context,
    numbers: Annotated[
        list[str] | None, typer.Argument(metavar="N…", help="Session numbers: 4, 4 5 6 or 4-6.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every session waiting for you.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Confirm proposed sessions (the person who did not propose them)."""
    from mentorlog.sessions import sessions

    if bool(numbers) == all_:
        raise typer.BadParameter("give session numbers (4, 4 5 6, 4-6) or --all, not both.")
    with opened(ctx, json_output) as run:
        wanted = None if all_ else sessions.parse_numbers(numbers or [])
        data = sessions.confirm(run.journal, wanted, run.now, run.acting_as)
    run.out.said(data, *messages.sessions_confirmed(data))


@app.command("held")
def held(
    ctx: typer.Context,
    number: Number,
    length: Annotated[int | None, typer.Option(metavar="MIN", help="How long it really took.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Confirm a session took place; its topics become discussed, its questions asked."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        data = sessions.held(run.journal, number, run.now, length, run.acting_as)
    run.out.said(data, messages.session_held(number, data))


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the session).")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Cancel a planned session; its topics carry over to the next one."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        data = sessions.cancel(run.journal, number, run.now, reason, run.acting_as)
    run.out.said(data, f"Session {number} is cancelled; its topics carry over to the next session.")


@app.command("move", cls=DateWords)
def move(
    ctx: typer.Context,
    number: Number,
    when: When,
    past: Past = False,
    beyond_agreement: Beyond = False,
    json_output: JsonFlag = False,
) -> None:
    """Move a planned session to another time (it needs confirming again). A day without a time
    keeps the session's time; WHEN may be +1d or -1w without `--`."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        data = sessions.move(
            run.journal,
            number,
            when,
            run.now,
            **_proposed(run, past, beyond_agreement),
        )
    when_text = messages.session_time(data)
    run.out.said(data, f"Session {data['number']} moved to {when_text}; it needs confirming again.")


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: Number,
    length: Length = None,
    place: Place = None,
    online: Online = None,
    kind: Kind = None,
    json_output: JsonFlag = False,
) -> None:
    """Change a planned session's length, place or link, or kind, without cancelling it (it keeps
    its time, topics and state; `session move` changes the time)."""
    from mentorlog.sessions import sessions

    with opened(ctx, json_output) as run:
        data = sessions.edit(
            run.journal,
            number,
            run.now,
            **_meeting(length, place, online, kind),
            acting_as=run.acting_as,
        )
    run.out.said(data, messages.session_edited(number, data))


SESSION_KEYS = (
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


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include cancelled sessions.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Sessions in date order, numbered."""
    from mentorlog.sessions import sessions

    empty = (
        "No sessions yet. `mentorlog session plan 'next tue 18:00'` proposes one; "
        "`mentorlog session schedule --every monthly --count 10` a series."
    )
    listed(
        ctx,
        json_output,
        lambda run: sessions.list_sessions(run.journal, run.now, include_past=all_),
        empty,
        "sessions.sessions_table",
        SESSION_KEYS,
    )


@app.command("show")
def show(ctx: typer.Context, number: Number, json_output: JsonFlag = False) -> None:
    """One session with its topics and feedback."""
    from mentorlog.sessions import sessions

    shown(ctx, json_output, lambda run: sessions.show(run.journal, number, run.now), "sessions.session_view")
