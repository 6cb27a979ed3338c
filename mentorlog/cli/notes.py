"""`note`, `contact`, `log`, `search` and `agenda`."""

# No `from __future__ import annotations` here: Typer reads these parameters' annotations when it
# builds the command, and it would compile each one from a string first (a millisecond of a quick
# note's start-up; README, "Speed").
from pathlib import Path
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import opened
from mentorlog.cli.output import Words
from mentorlog.fields import choices_in_words
from mentorlog.model import NoteKind

WRITTEN = [kind for kind in NoteKind if kind is not NoteKind.CONTACT]  # contacts: `mentorlog contact`


def note(
    ctx: typer.Context,
    text: Annotated[
        str | None, typer.Argument(help="The note. Leave out to read piped input or open $EDITOR.")
    ] = None,
    question: Annotated[
        bool, typer.Option("-q", "--question", help="Park it as a question for the next session.")
    ] = False,
    lesson: Annotated[bool, typer.Option("-l", "--lesson", help="A lesson learned.")] = False,
    kind: Annotated[str | None, typer.Option(help=f"{choices_in_words(WRITTEN)}.")] = None,
    shared: Annotated[
        bool, typer.Option("--shared", help="Share it with your partner (notes are private).")
    ] = False,
    session: Annotated[int | None, typer.Option(metavar="N", help="Belongs to session N.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeat for more).")] = None,
    on: Annotated[
        str | None, common.date_option("Date it: the day it happened (written down later).")
    ] = None,
    at: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Date it to a moment: 'yesterday 18:00'.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """A quick note; private unless --shared."""
    from mentorlog.cli.editor import text_from_person
    from mentorlog.sessions.notes import add_note

    chosen = [k for k, on in (("question", question), ("lesson", lesson)) if on] + ([kind] if kind else [])
    if len(set(chosen)) > 1:
        raise typer.BadParameter("choose one kind: -q, -l or --kind.")
    body = text_from_person(text, "note")
    with opened(ctx, json_output) as run:
        data = add_note(
            run.journal,
            body,
            run.now,
            kind=chosen[0] if chosen else "note",
            shared=shared,
            session=session,
            tags=tag,
            acting_as=run.acting_as,
            on=on,
            at=at,
            date_order=run.date_order if on or at else "dmy",
        )
    where = f" (session {data['session']})" if data["session"] else ""
    if data["occurred_on"]:
        where += f", dated {data['occurred_on']}"
    parked = " Parked for the next session's agenda." if data["kind"] == "question" else ""
    run.out.said(data, f"Saved {data['visibility']} {data['kind']} {data['short_id']}{where}.{parked}")


def contact(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What the contact was about.")],
    via: Annotated[str, typer.Option(help="email, phone, message, video, in-person or other.")],
    on: Annotated[str | None, common.date_option("When it happened (default: today).")] = None,
    shared: Annotated[bool, typer.Option("--shared", help="Share it with your partner.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Log a contact between sessions."""
    from mentorlog.sessions.notes import add_contact

    with opened(ctx, json_output) as run:
        data = add_contact(
            run.journal,
            text,
            via,
            run.now,
            on=on,
            shared=shared,
            acting_as=run.acting_as,
            date_order=run.date_order,
        )
    run.out.said(data, f"Logged {data['visibility']} contact {data['short_id']}.")


def log(
    ctx: typer.Context,
    number: Annotated[int, typer.Option("-n", help="How many entries (the newest).")] = 20,
    since: Annotated[str | None, common.date_option("From this day on.")] = None,
    until: Annotated[str | None, common.date_option("Up to and including this day.")] = None,
    kind: Annotated[str | None, typer.Option(help=f"{choices_in_words(NoteKind)}.")] = None,
    session: Annotated[int | None, typer.Option(metavar="N", help="Of session N.")] = None,
    tag: Annotated[str | None, typer.Option(help="With this tag.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """The timeline of notes, questions, lessons and contacts."""
    from mentorlog.sessions.notes import timeline

    with opened(ctx, json_output) as run:
        found = timeline(
            run.journal,
            run.now,
            limit=number,
            since=since,
            until=until,
            kind=kind,
            session=session,
            tag=tag,
            date_order=run.date_order,
        )
    _entries(run.out, found, 'Nothing logged yet. `mentorlog note "…"` writes a note.')


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to look for.")],
    number: Annotated[int, typer.Option("-n", help="How many matches, newest first.")] = 20,
    fts: Annotated[
        bool,
        typer.Option(
            "--fts", help='Read QUERY as SQLite FTS5 syntax: grant OR funding, "exact phrase", gran*.'
        ),
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Full-text search over notes, topics, goals and actions, newest first.

    The words are looked for as typed; --fts reads the query in SQLite's full-text syntax."""
    from mentorlog.sessions.notes import search as run_search

    with opened(ctx, json_output) as run:
        found = run_search(run.journal, query, number, fts=fts)
    _entries(run.out, found, f"Nothing found for {query!r}.")


def _entries(out: Words, found: list[dict[str, Any]], empty: str) -> None:
    """Entries as JSON, or as text (through the pager when taller than the terminal)."""
    if out.json or not found:
        out.said(found, empty)
        return
    import shutil
    import sys

    from mentorlog.render.entries import entries_text

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    text = entries_text(found, width)
    if width is not None:
        from mentorlog.cli.pager import page
        from mentorlog.render.controls import terminal_text

        if page(terminal_text(text) + "\n", common.paging):  # taller than the terminal: the pager
            return
    common.say(text)


def agenda(
    ctx: typer.Context,
    session: Annotated[
        int | None, typer.Option(metavar="N", help="Session N (default: the next one).")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="terminal, markdown or json.")] = "terminal",
    out: common.Out = None,
    force: common.Force = False,
    include_private: Annotated[
        bool, typer.Option(help="Include private entries in markdown or json.")
    ] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="The next session of every journal in the mentorlog home.")
    ] = False,
) -> None:
    """The agenda of the next session: topics, actions, questions, goals, prompts."""
    from mentorlog.cli.output import document, format_choice
    from mentorlog.sessions.agenda import build_agenda

    format_ = format_choice(format_, ("terminal", "markdown", "json"))
    if all_:
        _all_agendas(ctx, session, format_, out, force, include_private)
        return
    terminal = format_ == "terminal" and out is None
    with opened(ctx) as run:
        data = build_agenda(run.journal, run.now, session, include_private=include_private or terminal)
        pair = {
            "mentor": run.journal.pair.mentor,
            "mentee": run.journal.pair.mentee,
            "me": str(run.journal.pair.me),
        }
    if terminal:
        from mentorlog.render.agenda import agenda_view

        common.show(agenda_view(data, pair))
        return
    text = document(
        "json" if format_ == "json" else "markdown", data, "agenda.md.j2", {"agenda": data, "pair": pair}, ""
    )
    common.deliver(text, out, "agenda", force)


def _all_agendas(
    ctx: typer.Context,
    session: int | None,
    format_: str,
    out: Path | None,
    force: bool,
    include_private: bool,
) -> None:
    """`agenda --all`: the next session of every journal, the soonest first."""
    from mentorlog.cli.context import command
    from mentorlog.sessions.morning import next_sessions

    if session is not None:
        raise typer.BadParameter("--session names a session of one journal; leave it out with --all.")
    if format_ == "markdown":
        raise typer.BadParameter("with --all: terminal or json.", param_hint="--format")
    terminal = format_ == "terminal" and out is None
    found = next_sessions(command(ctx).now, include_private=include_private or terminal)
    if format_ == "json":
        common.deliver(common.json_text(found), out, "agendas", force)
        return
    from mentorlog.render.agenda import all_agendas_view

    common.show(all_agendas_view(found))
