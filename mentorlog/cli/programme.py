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

app = typer.Typer(
    help="The programme around the pairs: the coordinator's journal and joining it.", no_args_is_help=True
)


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
    from mentorlog.services import membership

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
    from mentorlog.render.programme import preview_lines
    from mentorlog.services import membership

    with opened(ctx, json_output, sync=False) as run:
        data = membership.summary(run.journal, run.now)
    run.out.said(data, *preview_lines(data))


@app.command("share")
def programme_share(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the summary.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")] = False,
) -> None:
    """Write this journal's summary for the coordinator to FILE."""
    from mentorlog.services import membership

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
    json_output: JsonFlag = False,
) -> None:
    """In a pair's journal: write its summary into the programme folder. In the programme journal:
    take in every summary in the folder."""
    from mentorlog.render.programme import intake_lines
    from mentorlog.services.programme import kind_of

    at = command(ctx, json_output)
    if kind_of(at.spec) == "programme":
        from mentorlog.services import programme, programme_intake

        with programme.opened(at.spec) as opened_programme:
            result = programme_intake.sync(opened_programme, folder, at.now)
        at.out.said(result, *intake_lines(result))
        return
    from mentorlog.services import membership

    with opened(ctx, json_output, sync=False) as run:
        written = membership.write_summary(run.journal, run.now)
    run.out.said(written, _summary_written(written))


@app.command("merge")
def programme_merge(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE…", help="Summaries from the pairs.")],
    json_output: JsonFlag = False,
) -> None:
    """Take summaries in (the programme journal); a bad one is named and never stops the others."""
    from mentorlog.render.programme import intake_lines
    from mentorlog.services import programme, programme_intake

    at = command(ctx, json_output)
    with programme.opened(at.spec) as opened_programme:
        result = programme_intake.take(opened_programme, files, at.now)
    at.out.said(result, *intake_lines(result))
    if result["refused"] and not result["taken"] and not result["unchanged"]:
        raise typer.Exit(1)


@app.command("status")
def programme_status(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The programme's health, from the summaries the pairs sent."""
    from mentorlog.render.programme import status_lines
    from mentorlog.services import programme, programme_status

    at = command(ctx, json_output)
    with programme.opened(at.spec) as opened_programme:
        data = programme_status.status(opened_programme, at.now)
    at.out.said(data, *status_lines(data))


@app.command("leave")
def programme_leave(ctx: typer.Context) -> None:
    """Leave the programme: the next summary tells the coordinator, and nothing more is sent."""
    from mentorlog.services import membership

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
    from mentorlog.errors import InvalidInput
    from mentorlog.services import membership

    if switch not in ("on", "off"):
        raise InvalidInput(f"share-ratings takes on or off, not {switch!r}.")
    with opened(ctx, sync=False) as run:
        membership.share_ratings(run.journal, switch == "on")
    run.out.said(
        None, f"Feedback ratings {'travel' if switch == 'on' else 'no longer travel'} to the coordinator."
    )


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
