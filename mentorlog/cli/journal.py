"""Commands about the journal itself: init, journals, status, phase, demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag, date_option
from mentorlog.cli.context import command, opened, shown
from mentorlog.cli.output import chosen
from mentorlog.cli.pairing import CodeOption, with_code
from mentorlog.model import Role

if TYPE_CHECKING:
    from mentorlog.journal.journal import Journal


def init(
    ctx: typer.Context,
    mentor: Annotated[str | None, typer.Option(help="The mentor's name.")] = None,
    mentee: Annotated[str | None, typer.Option(help="The mentee's name.")] = None,
    me: Annotated[Role | None, typer.Option(case_sensitive=False, help="Whose journal this is.")] = None,
    programme: Annotated[str | None, typer.Option(help="The mentoring programme, if any.")] = None,
    start: Annotated[str | None, date_option("First day of the mentorship (default: today).")] = None,
    end: Annotated[str | None, date_option("Last day (default: a year after the start).")] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            metavar="dmy|mdy",
            help="How this journal reads numeric dates: dmy (3/4/2028 is 3 April, the default) or mdy.",
        ),
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option("--from", metavar="BUNDLE", help="Start from your partner's bundle (same pair)."),
    ] = None,
    code: CodeOption = None,
) -> None:
    """Create a journal for a pair (never overwrites one)."""
    from mentorlog.journal.journal import init_journal

    if me is None and from_ is None:
        raise typer.BadParameter("say whose journal this is: --me mentor or --me mentee.", param_hint="--me")
    if date_order is not None:
        from mentorlog.dates import check_date_order

        date_order = check_date_order(date_order)
    joined: Any = False  # what joining through a sync folder shared (False: not a folder)
    if from_ is not None:
        if mentor or mentee or programme or start or end:
            raise typer.BadParameter(
                "with --from the pair comes from the bundle; leave out the other options."
            )
        if from_.expanduser().is_dir():  # the sync folder both see: join through it
            journal, merged, joined = join_folder(ctx, from_, me.value if me else None, code, None)
        else:
            from mentorlog.exchange.exchange import init_from

            made = command(ctx)
            journal, merged = with_code(
                lambda words: init_from(made.spec, from_, me.value if me else None, made.now, code=words),
                code,
            )
        if date_order is not None:
            from mentorlog.journal.journal import set_date_order

            set_date_order(journal, date_order)
    else:
        if mentor is None or mentee is None or me is None:
            raise typer.BadParameter("name the pair: --mentor NAME --mentee NAME (or start --from a bundle).")
        merged = None
        made = command(ctx)
        journal = init_journal(
            made.spec,
            mentor=mentor,
            mentee=mentee,
            me=me.value,
            programme=programme,
            start=start,
            end=end,
            now=made.now,
            date_order=date_order or common.date_order(),
            keep_date_order=date_order is not None,
        )
    say_started(journal, merged, joined, from_bundle=from_ is not None)


def say_started(journal: Journal, merged: dict[str, Any] | None, joined: Any, *, from_bundle: bool) -> None:
    """What `init` (or `sync FOLDER` with no journal yet) made: the journal, the pairing, what is
    new from the partner's bundle, and (`joined` not False: what was shared) the sync folder."""
    from mentorlog.exchange.pairing import paired_with
    from mentorlog.render.exchange import started_lines

    paired = paired_with(journal) if from_bundle else None
    journal.close()
    lines = started_lines(journal.label, str(journal.path), journal.pair, paired, merged, joined, from_bundle)
    for line in lines:
        common.say(line)


def join_folder(ctx: typer.Context, folder: Path, me: str | None, code: str | None, auto: bool | None) -> Any:
    """Start this journal from the partner's bundle in the sync folder, asking for the pairing code
    on a terminal when it is needed and not given."""
    from mentorlog.exchange.sync import join

    made = command(ctx)
    return with_code(lambda words: join(made.spec, folder, me, made.now, code=words, auto=auto), code)


settings = typer.Typer(
    help="This journal's own settings (never shared with your partner).", no_args_is_help=True
)


@settings.command("date-order")
def date_order(
    ctx: typer.Context,
    order: Annotated[
        str | None,
        typer.Argument(
            metavar="[dmy|mdy]",
            help="dmy: 3/4/2028 is 3 April; mdy: 3/4/2028 is 4 March. Leave out to show it.",
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Show or set how this journal reads numeric dates such as 3/4/2028 (MENTORLOG_DATE_ORDER,
    when set, wins for the commands run with it)."""
    from mentorlog.dates import DATE_ORDER_VARIABLE
    from mentorlog.journal.journal import date_order_setting, set_date_order

    with opened(ctx, json_output) as run:
        if order is not None:
            set_date_order(run.journal, order)
        kept = date_order_setting(run.journal)
        used = run.date_order
    source = os.environ.get(DATE_ORDER_VARIABLE, "").strip()
    data = {"date_order": kept or "dmy", "in_use": used, "from_environment": bool(source)}
    example = "3/4/2028 is 3 April" if data["date_order"] == "dmy" else "3/4/2028 is 4 March"
    said = "now reads" if order is not None else "reads"
    lines = [f"This journal {said} numeric dates {data['date_order']}: {example}."]
    if source and used != data["date_order"]:
        lines.append(f"{DATE_ORDER_VARIABLE}={source} is set, so commands run with it read them {used}.")
    run.out.said(data, *lines)


@settings.command("calendar-file")
def calendar_file(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH|off]",
            help="The iCalendar file to keep current (a calendar app subscribes to it); off stops it. "
            "Leave out to show it.",
        ),
    ] = None,
    every_journal: Annotated[
        bool, typer.Option("--all", help="One file for every journal in the mentorlog home.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Keep an iCalendar file current after every change: sessions with an alarm the day before,
    to-dos to propose topics (the mentee), to give feedback, to meet again, and overdue actions and
    goals. Written only when what it holds changed."""
    from mentorlog.journal.journal import calendar_file_setting

    names: list[str] = []
    with opened(ctx, json_output) as run:
        if path is not None:
            from mentorlog.sessions.calendar_file import set_calendar_file

            names = set_calendar_file(run.journal, path, every_journal)
        setting = calendar_file_setting(run.journal)
    data = {"calendar_file": setting[0] if setting else None, "all": bool(setting and setting[1])}
    if setting is None and path is None:
        line = "No calendar file is kept. `mentorlog settings calendar-file PATH` keeps one current."
    elif setting is None:
        line = f"No calendar file is kept any more ({', '.join(names)}); the last one written stays."
    else:
        which = "every journal in the mentorlog home" if setting[1] else "this journal"
        line = (
            f"{setting[0]} is kept current for {which} after every change: subscribe to it in your "
            "calendar app."
        )
    run.out.said(data, line)


def journals(json_output: JsonFlag = False) -> None:
    """The morning view: every journal in the mentorlog home with the partner, the phase, the next
    session, what waits for you there (commands to paste, naming the journal), what waits for the
    partner, and the last exchange."""
    from mentorlog import paths
    from mentorlog.sessions.morning import morning

    rows = morning(common.now())
    empty = f"No journals in {paths.home()} yet. Try `mentorlog demo` or `mentorlog init`."
    chosen(json_output).listed(rows, empty, "morning.morning_view")


def status(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The dashboard: phase, agreement, next session, nudges."""
    from mentorlog.sessions.status import status_report

    shown(ctx, json_output, lambda run: status_report(run.journal, run.now), "terminal.status_view")


def phase(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[next|PHASE]",
            help="`next`, or one of getting-started, here-and-now, there-and-then, "
            "bridging-the-gap, final-reflection. Leave out to show the phase.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Move on without asking, even with no agreement approved.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Show the phase of the mentorship, or move it on (with no agreement approved yet, only once
    you say so: asked on a terminal, `--force` elsewhere)."""
    from mentorlog.journal.journal import move_phase, phase_target, unapproved_move

    with opened(ctx, json_output) as run:
        journal = run.journal
        if target is None:
            current = journal.pair.phase
            follows = [f"`mentorlog phase next` moves on to {current.next}."] if current.next else []
            run.out.shown({"phase": str(current)}, "terminal.phase_view", after=follows)
            return
        after = phase_target(journal, target)
        if not force and unapproved_move(journal, after) and sys.stdin.isatty() and sys.stdout.isatty():
            question = f"No agreement is approved yet; move on to {after} all the same?"
            with common.interruptible("Interrupted: nothing changed."):
                agreed = typer.confirm(question, default=False)
            if not agreed:
                common.say(f"Nothing changed: the mentorship stays in {journal.pair.phase}.")
                return
            force = True
        before, after = move_phase(journal, target, run.now, run.acting_as, require_approval=not force)
    changed = {"phase": str(after), "was": str(before)}
    run.out.said(changed, f"Phase: {before} → {after}. Records made from now on belong to {after}.")


def demo() -> None:
    """(Re)create the `demo` journal and show what to try."""
    from mentorlog.journal.demo import build_demo

    journal = build_demo(common.now())
    pair = journal.pair
    journal.close()
    common.say(f"Created the demo journal ({journal.path}):")
    common.say(
        f"{pair.mentee} (mentee) and {pair.mentor} (mentor), {pair.programme}, {pair.starts_on} to "
        f"{pair.ends_on}: a whole year, completed on {pair.ended_on}, with a catch-up ahead."
    )
    common.say("")
    common.say("Try:")
    for line in DEMO_TRY:
        common.say(f"  mentorlog --journal demo {line}")


DEMO_TRY = [
    "agenda",
    "agenda --format markdown",
    "status",
    "session list",
    "log",
    "search grant",
    "agreement show",
    "goal list",
    "goal check",
    "assess show",
    "action list",
    "report final-reflection",
    "report final-reflection --format html --out final.html",
    "certificate",
]
