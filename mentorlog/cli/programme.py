"""`programme …`: the programme around the pairs. The coordinator's commands (`init`, `merge`,
`status`, `sync` in a programme journal) and each person's (`join`, `preview`, `share`, `sync`,
`leave`, `share-ratings` in their pair's journal)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag

app = typer.Typer(
    help="The programme around the pairs: the coordinator's journal and joining it.", no_args_is_help=True
)


def _say_lines(lines: list[str]) -> None:
    for line in lines:
        common.say(line)


@contextlib.contextmanager
def _coordinator(ctx: typer.Context) -> Iterator[Any]:
    """The programme journal for one command; with automatic sync on, the summaries taken in first
    and the events published after."""
    from mentorlog.services import programme, programme_events

    with programme.opened(common.state(ctx).journal) as opened:
        with programme_events.auto_synced(opened, common.now(), common.tell):
            yield opened


When = Annotated[str, typer.Argument(metavar="WHEN", help="When it starts, e.g. '2026-12-08 17:00'.")]
For = Annotated[str, typer.Option("--for", metavar="all|mentors|mentees", help="Whom it is for.")]
Place = Annotated[str | None, typer.Option("--place", help="Where it is held.")]
Online = Annotated[str | None, typer.Option("--online", metavar="URL", help="Its online link.")]
Title = Annotated[str | None, typer.Option("--title", help="Its title (default: the kind and whom for).")]
Length = Annotated[
    int | None, typer.Option("--length", metavar="MIN", help="Its length in minutes (default 90).")
]


@app.command("init")
def programme_init(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The programme's name.")],
    coordinator: Annotated[str, typer.Option("--coordinator", help="The coordinator's name.")],
    out: Annotated[
        Path, typer.Option("--out", help="A FOLDER shared with the pairs, or a FILE, for the kick-off file.")
    ],
    start: Annotated[str | None, common.date_option("The programme's first day (default: today).")] = None,
    end: Annotated[str | None, common.date_option("Its last day (default: a year on).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Make a programme journal (default name `programme`), its code and its kick-off file."""
    from mentorlog.services.programme import init_programme

    made = init_programme(
        common.state(ctx).journal, name=name, coordinator=coordinator, start=start, end=end, out=out,
        now=common.now(), force=force,
    )  # fmt: skip
    if json_output:
        common.emit_json(made)
        return
    _say_lines(
        [
            f"Programme {made['programme']} ({made['start']} to {made['end']}) made in {made['journal']}.",
            f"Programme code (say it at the kick-off; it is shown once): {made['code']}",
            f"Kick-off file: {made['written']}. Each person joins from their own journal with: "
            "mentorlog programme join FILE|FOLDER --code 'WORDS'",
        ]
    )


@app.command("join")
def programme_join(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(metavar="FILE|FOLDER", help="The kick-off file, or the programme folder.")
    ],
    code: Annotated[str, typer.Option("--code", help="The programme code, as the coordinator said it.")],
) -> None:
    """Join a programme with this journal (your own choice; one programme at most)."""
    from mentorlog.services import membership

    with common.journal(ctx, sync=False) as journal:
        joined = membership.join(journal, source, code, common.now())
    common.say(f"This journal joined {joined['name']} (coordinator {joined['coordinator']}).")
    common.say("`mentorlog programme preview` shows exactly what the coordinator will get.")


@app.command("preview")
def programme_preview(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Show exactly what the next summary sends to the coordinator, field by field."""
    from mentorlog.services import membership

    with common.journal(ctx, sync=False) as journal:
        data = membership.summary(journal, common.now())
    if json_output:
        common.emit_json(data)
        return
    from mentorlog.render.programme import preview_lines

    _say_lines(preview_lines(data))


@app.command("share")
def programme_share(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the summary (or the events).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")] = False,
) -> None:
    """A pair's journal: write its summary for the coordinator to FILE. The programme journal:
    write the programme's events for the pairs to FILE."""
    from mentorlog.services.programme import kind_of

    if kind_of(common.state(ctx).journal) == "programme":
        from mentorlog.services import programme, programme_events

        with programme.opened(common.state(ctx).journal) as opened:
            published = programme_events.publish(opened, common.now(), out, force)
        common.say(f"Wrote the programme's {published['events']} event(s) to {published['written']}.")
        return
    from mentorlog.services import membership

    with common.journal(ctx, sync=False) as journal:
        written = membership.write_summary(journal, common.now(), out, force)
    common.say(f"Wrote the summary for {written['programme']} to {written['written']}.")


@app.command("sync")
def programme_sync(
    ctx: typer.Context,
    folder: Annotated[
        Path | None, typer.Argument(metavar="[FOLDER]", help="The programme folder (remembered).")
    ] = None,
    auto: Annotated[
        str | None,
        typer.Option("--auto", metavar="on|off", help="The programme journal: sync on every command."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """In a pair's journal: take in the programme's events and write its summary into the programme
    folder. In the programme journal: take in every summary in the folder and publish the events."""
    from mentorlog.services.programme import kind_of

    spec = common.state(ctx).journal
    if kind_of(spec) == "programme":
        from mentorlog.services import programme, programme_events, programme_intake

        with programme.opened(spec) as opened:
            result = programme_intake.sync(opened, folder, common.now())
            if auto is not None:
                programme_events.set_auto(opened, _switch(auto, "--auto"))
            result["published"] = programme_events.publish(opened, common.now())
            result["auto"] = programme_events.auto_on(opened)
        if json_output:
            common.emit_json(result)
            return
        from mentorlog.render.programme import intake_lines

        _say_lines(intake_lines(result))
        common.say(f"Published {result['published']['events']} event(s) to {result['published']['written']}.")
        return
    from mentorlog.errors import InvalidInput
    from mentorlog.services import membership, programme_received

    if auto is not None:
        raise InvalidInput("In a pair's journal, `mentorlog sync --auto on` syncs on every command.")
    with common.journal(ctx, sync=False) as journal:
        events = programme_received.from_folder(journal, common.now())
        written = membership.write_summary(journal, common.now())
    if json_output:
        common.emit_json({**written, "events": events})
        return
    from mentorlog.render.programme_events import received_lines

    _say_lines(received_lines(events))
    common.say(f"Wrote the summary for {written['programme']} to {written['written']}.")


def _switch(value: str, option: str) -> bool:
    from mentorlog.errors import InvalidInput

    if value not in ("on", "off"):
        raise InvalidInput(f"{option} takes on or off, not {value!r}.")
    return value == "on"


@app.command("merge")
def programme_merge(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE…", help="Summaries, or the programme's events.")
    ],
    json_output: JsonFlag = False,
) -> None:
    """The programme journal: take the pairs' summaries in. A pair's journal: take the programme's
    events bundle in. A bad file is named and never stops the others."""
    from mentorlog.services.programme import kind_of

    if kind_of(common.state(ctx).journal) == "pair":
        from mentorlog.services import programme_received

        with common.journal(ctx, sync=False) as journal:
            result = programme_received.merge_files(journal, files, common.now())
        from mentorlog.render.programme_events import received_lines

        lines = [line for item in [*result["taken"], *result["refused"]] for line in received_lines(item)]
    else:
        from mentorlog.render.programme import intake_lines
        from mentorlog.services import programme, programme_intake

        with programme.opened(common.state(ctx).journal) as opened:
            result = programme_intake.take(opened, files, common.now())
        lines = intake_lines(result)
    if json_output:
        common.emit_json(result)
    else:
        _say_lines(lines)
    if result["refused"] and not result["taken"] and not result.get("unchanged"):
        raise typer.Exit(1)


@app.command("status")
def programme_status(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The programme's health, from the summaries the pairs sent."""
    from mentorlog.render.programme import status_lines
    from mentorlog.services import programme_status

    with _coordinator(ctx) as opened:
        _shown(programme_status.status(opened, common.now()), json_output, status_lines)


@app.command("plan")
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
    from mentorlog.services import programme_events

    with _coordinator(ctx) as opened:
        made = programme_events.plan(
            opened, kind, when, common.now(), audience=audience, place=place, online=online, title=title,
            length=length,
        )  # fmt: skip
        auto = programme_events.auto_on(opened)
    _said(made, auto, json_output)


def _shown(data: Any, json_output: bool, lines: Callable[[Any], list[str]]) -> None:
    """The result as JSON for scripts, or its lines for a person."""
    if json_output:
        common.emit_json(data)
    else:
        _say_lines(lines(data))


def _said(event: dict[str, Any], auto: bool, json_output: bool) -> None:
    from mentorlog.render.programme_events import planned_lines

    _shown(event, json_output, lambda data: planned_lines(data, auto))


@app.command("change")
def programme_change(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(metavar="ID", help="The event (`programme events` lists ids).")],
    when: Annotated[str | None, typer.Option("--when", help="Its new start (the date grammar).")] = None,
    place: Place = None,
    online: Online = None,
    title: Title = None,
    length: Length = None,
    json_output: JsonFlag = False,
) -> None:
    """Move an event or change its place, link, title or length; the pairs' copies follow."""
    from mentorlog.services import programme_events

    with _coordinator(ctx) as opened:
        changed = programme_events.change(
            opened, event, common.now(), when=when, place=place, online=online, title=title, length=length
        )
        auto = programme_events.auto_on(opened)
    _said(changed, auto, json_output)


@app.command("cancel")
def programme_cancel(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(metavar="ID", help="The event (`programme events` lists ids).")],
    json_output: JsonFlag = False,
) -> None:
    """Cancel an event; the pairs' agendas and calendars show it cancelled."""
    from mentorlog.services import programme_events

    with _coordinator(ctx) as opened:
        cancelled = programme_events.cancel(opened, event, common.now())
        auto = programme_events.auto_on(opened)
    _said(cancelled, auto, json_output)


@app.command("announce")
def programme_announce(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="One line for the pairs.")],
    audience: For = "all",
    json_output: JsonFlag = False,
) -> None:
    """A short announcement to the pairs (shown in their `status`)."""
    from mentorlog.services import programme_events

    with _coordinator(ctx) as opened:
        made = programme_events.announce(opened, text, common.now(), audience=audience)
        auto = programme_events.auto_on(opened)
    _said(made, auto, json_output)


@app.command("events")
def programme_events_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Every event and announcement of the programme, with its id."""
    from mentorlog.render.programme_events import events_lines
    from mentorlog.services import programme_events

    with _coordinator(ctx) as opened:
        _shown(programme_events.events(opened, common.now()), json_output, events_lines)


@app.command("leave")
def programme_leave(ctx: typer.Context) -> None:
    """Leave the programme: the next summary tells the coordinator, and nothing more is sent."""
    from mentorlog.services import membership

    with common.journal(ctx, sync=False) as journal:
        left = membership.leave(journal, common.now())
        written = membership.write_summary(journal, common.now()) if left["folder"] else None
    common.say(f"This journal left {left['name']} on {left['left_on']}.")
    if written:
        common.say(f"The coordinator is told through {written['written']}.")
    else:
        common.say("Send the coordinator `mentorlog programme share FILE` once more to tell them.")


@app.command("share-ratings")
def programme_share_ratings(
    ctx: typer.Context,
    switch: Annotated[str, typer.Argument(metavar="on|off", help="Whether your feedback ratings travel.")],
) -> None:
    """Let your feedback ratings travel to the coordinator (on), or not (off, the default)."""
    from mentorlog.services import membership

    on = _switch(switch, "share-ratings")
    with common.journal(ctx, sync=False) as journal:
        membership.share_ratings(journal, on)
    common.say(f"Feedback ratings {'travel' if switch == 'on' else 'no longer travel'} to the coordinator.")


@app.command("certificates")
def programme_certificates(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The folder for the confirmations (Markdown).")],
    force: Annotated[bool, typer.Option("--force", help="Replace confirmations written before.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """A confirmation of participation for each person whose mentorship ended completed."""
    from mentorlog.services import programme
    from mentorlog.services.programme_certificates import write_certificates

    with programme.opened(common.state(ctx).journal) as opened:
        from mentorlog.render.programme import certificate_markdown

        written = write_certificates(opened, out, certificate_markdown, force)
    if json_output:
        common.emit_json(written)
        return
    if not written:
        common.say("No mentorship of the programme has ended completed yet; no confirmation written.")
    for item in written:
        common.say(f"Wrote the confirmation for {item['name']} ({item['role']}) to {item['file']}.")


@app.command("report")
def programme_report(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", help="markdown or html.")] = "markdown",
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Write to FILE (mode 0600) instead of printing; - is standard output."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out FILE if it exists.")] = False,
) -> None:
    """The programme's health as a report to read or print, with charts: the dashboard's figures."""
    from mentorlog.services import programme
    from mentorlog.services.programme_report import report

    if format_ not in ("markdown", "html"):
        raise typer.BadParameter("use markdown or html.", param_hint="--format")
    with programme.opened(common.state(ctx).journal) as opened:
        data = report(opened, common.now())
    from mentorlog.render import programme_report
    from mentorlog.render.templates import render

    title = f"Programme report: {data['programme']['name']}"
    text = render("programme-report.md.j2", programme_report.context(data, title) | {"format": format_})
    if format_ == "html":
        from mentorlog.render.html import to_html

        text = to_html(text, title, figures=programme_report.charts(data))
    common.deliver(text, out, "programme report", force)
