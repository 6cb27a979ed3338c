"""`programme plan|change|cancel|announce|events`: the coordinator's events for the pairs, and
what every coordinator's command opens the programme journal with (`coordinator`: automatic sync
around it). `cli/programme.py` registers these commands on its group with `register`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.output import chosen


@contextlib.contextmanager
def coordinator(ctx: typer.Context) -> Iterator[Any]:
    """The programme journal for one command; with automatic sync on, the summaries taken in first
    and the events published after."""
    from mentorlog.programme import programme, programme_events

    with programme.opened(common.state(ctx).journal) as opened:
        with programme_events.auto_synced(opened, common.now(), common.tell):
            yield opened


When = Annotated[str, typer.Argument(metavar="WHEN", help="When it starts, e.g. '2026-12-08 17:00'.")]
For = Annotated[str, typer.Option("--for", metavar="all|mentors|mentees", help="Whom it is for.")]
Place = Annotated[str | None, typer.Option("--place", help="Where it is held.")]
Online = Annotated[str | None, typer.Option("--online", metavar="URL", help="Its online link.")]
Title = Annotated[str | None, typer.Option("--title", help="Its title (default: the kind and whom for).")]
EventId = Annotated[str, typer.Argument(metavar="ID", help="The event (`programme events` lists ids).")]
Length = Annotated[
    int | None, typer.Option("--length", metavar="MIN", help="Its length in minutes (default 90).")
]


def programme_plan(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="consultation|workshop", help="What kind of event.")],
    when: When,
    audience: For,
    place: Place = None,
    online: Online = None,
    title: Title = None,
    length: Length = None,
    json_output: JsonFlag = False,
) -> None:
    """Plan a workshop or a consultation for the pairs (all, the mentors or the mentees)."""
    from mentorlog.programme import programme_events

    _changed(
        ctx,
        json_output,
        lambda opened: programme_events.plan(
            opened,
            kind,
            when,
            common.now(),
            audience=audience,
            place=place,
            online=online,
            title=title,
            length=length,
        ),
    )


def shown(data: Any, json_output: bool, lines: Callable[[Any], list[str]]) -> None:
    """The result as JSON for scripts, or its lines for a person."""
    chosen(json_output).said(data, *lines(data))


def _changed(ctx: typer.Context, json_output: bool, change: Callable[[Any], dict[str, Any]]) -> None:
    """One change to the programme's events (`change` makes it in the open programme journal), and
    what it made said: as JSON, or in lines that name whether the pairs get it automatically."""
    from mentorlog.programme import programme_events
    from mentorlog.render.programme_events import planned_lines

    with coordinator(ctx) as opened:
        event = change(opened)
        auto = programme_events.auto_on(opened)
    shown(event, json_output, lambda data: planned_lines(data, auto))


def programme_change(
    ctx: typer.Context,
    event: EventId,
    when: Annotated[str | None, typer.Option("--when", help="Its new start (the date grammar).")] = None,
    place: Place = None,
    online: Online = None,
    title: Title = None,
    length: Length = None,
    json_output: JsonFlag = False,
) -> None:
    """Move an event or change its place, link, title or length; the pairs' copies follow."""
    from mentorlog.programme import programme_events

    _changed(
        ctx,
        json_output,
        lambda opened: programme_events.change(
            opened, event, common.now(), when=when, place=place, online=online, title=title, length=length
        ),
    )


def programme_cancel(
    ctx: typer.Context,
    event: EventId,
    json_output: JsonFlag = False,
) -> None:
    """Cancel an event; the pairs' agendas and calendars show it cancelled."""
    from mentorlog.programme import programme_events

    _changed(ctx, json_output, lambda opened: programme_events.cancel(opened, event, common.now()))


def programme_announce(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="One line for the pairs.")],
    audience: For = "all",
    json_output: JsonFlag = False,
) -> None:
    """A short announcement to the pairs (shown in their `status`)."""
    from mentorlog.programme import programme_events

    _changed(
        ctx,
        json_output,
        lambda opened: programme_events.announce(opened, text, common.now(), audience=audience),
    )


def programme_events_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Every event and announcement of the programme, with its id."""
    from mentorlog.programme import programme_events
    from mentorlog.render.programme_events import events_lines

    with coordinator(ctx) as opened:
        shown(programme_events.events(opened, common.now()), json_output, events_lines)


def register(app: typer.Typer) -> None:
    """The event commands on the `programme` group, after `status`, in this order."""
    app.command("plan")(programme_plan)
    app.command("change")(programme_change)
    app.command("cancel")(programme_cancel)
    app.command("announce")(programme_announce)
    app.command("events")(programme_events_list)
