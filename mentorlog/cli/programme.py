"""`programme …`: the programme around the pairs. The coordinator's commands (`init`, `merge`,
`status`, `sync` in a programme journal) and each person's (`join`, `preview`, `share`, `sync`,
`leave`, `share-ratings` in their pair's journal)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import command, opened
from mentorlog.cli.programme_events import coordinator, register, shown

app = typer.Typer(
    help="The programme around the pairs: the coordinator's journal and joining it.", no_args_is_help=True
)
ReplaceFile = Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")]


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
    force: ReplaceFile = False,
    json_output: JsonFlag = False,
) -> None:
    """Make a programme journal (default name `programme`), its code and its kick-off file."""
    from mentorlog.programme.programme import init_programme

    at = command(ctx, json_output)
    made = init_programme(
        at.spec, name=name, coordinator=coordinator, start=start, end=end, out=out, now=at.now, force=force
    )
    at.out.said(
        made,
        f"Programme {made['programme']} ({made['start']} to {made['end']}) made in {made['journal']}.",
        f"Programme code (say it at the kick-off; it is shown once): {made['code']}",
        f"Kick-off file: {made['written']}. Each person joins from their own journal with: "
        "mentorlog programme join FILE|FOLDER --code 'WORDS'",
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
    from mentorlog.programme import membership

    with opened(ctx, sync=False) as run:
        joined = membership.join(run.journal, source, code, run.now)
    run.out.said(
        joined,
        f"This journal joined {joined['name']} (coordinator {joined['coordinator']}).",
        "`mentorlog programme preview` shows exactly what the coordinator will get.",
    )


@app.command("preview")
def programme_preview(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Show exactly what the next summary sends to the coordinator, field by field."""
    from mentorlog.programme import membership
    from mentorlog.render.programme import preview_lines

    with opened(ctx, json_output, sync=False) as run:
        data = membership.summary(run.journal, run.now)
    run.out.said(data, *preview_lines(data))


@app.command("share")
def programme_share(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the summary (or the events).")],
    force: ReplaceFile = False,
) -> None:
    """A pair's journal: write its summary for the coordinator to FILE. The programme journal:
    write the programme's events for the pairs to FILE."""
    from mentorlog.programme.programme import kind_of

    if kind_of(common.state(ctx).journal) == "programme":
        from mentorlog.programme import programme, programme_events

        at = command(ctx)
        with programme.opened(at.spec) as opened_programme:
            published = programme_events.publish(opened_programme, at.now, out, force)
        at.out.said(
            published, f"Wrote the programme's {published['events']} event(s) to {published['written']}."
        )
        return
    from mentorlog.programme import membership

    with opened(ctx, sync=False) as run:
        written = membership.write_summary(run.journal, run.now, out, force)
    run.out.said(written, _summary_written(written))


def _summary_written(written: dict[str, Any]) -> str:
    return f"Wrote the summary for {written['programme']} to {written['written']}."


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
    from mentorlog.programme.programme import kind_of
    from mentorlog.render.programme import intake_lines

    at = command(ctx, json_output)
    if kind_of(at.spec) == "programme":
        from mentorlog.programme import programme, programme_events, programme_intake

        with programme.opened(at.spec) as opened_programme:
            result = programme_intake.sync(opened_programme, folder, at.now)
            if auto is not None:
                programme_events.set_auto(opened_programme, _switch(auto, "--auto"))
            result["published"] = programme_events.publish(opened_programme, at.now)
            result["auto"] = programme_events.auto_on(opened_programme)
        published = result["published"]
        at.out.said(
            result,
            *intake_lines(result),
            f"Published {published['events']} event(s) to {published['written']}.",
        )
        return
    from mentorlog.errors import InvalidInput
    from mentorlog.programme import membership, programme_received

    if auto is not None:
        raise InvalidInput("In a pair's journal, `mentorlog sync --auto on` syncs on every command.")
    from mentorlog.render.programme_events import received_lines

    with opened(ctx, json_output, sync=False) as run:
        events = programme_received.from_folder(run.journal, run.now)
        written = membership.write_summary(run.journal, run.now)
    run.out.said({**written, "events": events}, *received_lines(events), _summary_written(written))


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
    from mentorlog.programme.programme import kind_of

    at = command(ctx, json_output)
    if kind_of(at.spec) == "pair":
        from mentorlog.programme import programme_received
        from mentorlog.render.programme_events import received_lines

        with opened(ctx, json_output, sync=False) as run:
            result = programme_received.merge_files(run.journal, files, run.now)
        lines = [line for item in [*result["taken"], *result["refused"]] for line in received_lines(item)]
    else:
        from mentorlog.programme import programme, programme_intake
        from mentorlog.render.programme import intake_lines

        with programme.opened(at.spec) as opened_programme:
            result = programme_intake.take(opened_programme, files, at.now)
        lines = intake_lines(result)
    at.out.said(result, *lines)
    if result["refused"] and not result["taken"] and not result.get("unchanged"):
        raise typer.Exit(1)


@app.command("status")
def programme_status(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The programme's health, from the summaries the pairs sent."""
    from mentorlog.programme import programme_status
    from mentorlog.render.programme import status_lines

    with coordinator(ctx) as opened:
        shown(programme_status.status(opened, common.now()), json_output, status_lines)


register(app)  # plan, change, cancel, announce, events: cli/programme_events.py


@app.command("leave")
def programme_leave(ctx: typer.Context) -> None:
    """Leave the programme: the next summary tells the coordinator, and nothing more is sent."""
    from mentorlog.programme import membership

    with opened(ctx, sync=False) as run:
        left = membership.leave(run.journal, run.now)
        written = membership.write_summary(run.journal, run.now) if left["folder"] else None
    run.out.said(
        left,
        f"This journal left {left['name']} on {left['left_on']}.",
        f"The coordinator is told through {written['written']}."
        if written
        else "Send the coordinator `mentorlog programme share FILE` once more to tell them.",
    )


@app.command("share-ratings")
def programme_share_ratings(
    ctx: typer.Context,
    switch: Annotated[str, typer.Argument(metavar="on|off", help="Whether your feedback ratings travel.")],
) -> None:
    """Let your feedback ratings travel to the coordinator (on), or not (off, the default)."""
    from mentorlog.programme import membership

    on = _switch(switch, "share-ratings")
    with opened(ctx, sync=False) as run:
        membership.share_ratings(run.journal, on)
    run.out.said(None, f"Feedback ratings {'travel' if on else 'no longer travel'} to the coordinator.")


@app.command("certificates")
def programme_certificates(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The folder for the confirmations (Markdown).")],
    force: Annotated[bool, typer.Option("--force", help="Replace confirmations written before.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """A confirmation of participation for each person whose mentorship ended completed."""
    from mentorlog.programme import programme
    from mentorlog.programme.programme_certificates import write_certificates

    at = command(ctx, json_output)
    with programme.opened(at.spec) as opened_programme:
        from mentorlog.render.programme import certificate_markdown

        written = write_certificates(opened_programme, out, certificate_markdown, force)
    lines = [
        f"Wrote the confirmation for {item['name']} ({item['role']}) to {item['file']}." for item in written
    ]
    at.out.said(
        written,
        *(lines or ["No mentorship of the programme has ended completed yet; no confirmation written."]),
    )


@app.command("report")
def programme_report(
    ctx: typer.Context,
    format_: common.DocumentFormat = "markdown",
    out: common.DocumentOut = None,
    force: common.Force = False,
) -> None:
    """The programme's health as a report to read or print, with charts: the dashboard's figures."""
    from mentorlog.programme import programme
    from mentorlog.programme.programme_report import report

    if format_ not in ("markdown", "html"):
        raise typer.BadParameter("use markdown or html.", param_hint="--format")
    at = command(ctx)
    with programme.opened(at.spec) as opened_programme:
        data = report(opened_programme, at.now)
    from mentorlog.render import programme_report
    from mentorlog.render.templates import render

    title = f"Programme report: {data['programme']['name']}"
    text = render("programme-report.md.j2", programme_report.context(data, title) | {"format": format_})
    if format_ == "html":
        from mentorlog.render.html import to_html

        text = to_html(text, title, figures=programme_report.charts(data))
    common.deliver(text, out, "programme report", force)
