"""`report KIND`, `certificate`, `reflect`, `end` and `templates`' companions for the end of the year."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import DocumentFormat as Format
from mentorlog.cli.common import DocumentOut as Out
from mentorlog.cli.common import Force
from mentorlog.cli.context import Run, opened
from mentorlog.cli.output import document, format_choice
from mentorlog.model import Audience

DOCUMENTS = ("markdown", "html")

TITLES = {
    "agreement": "Mentorship agreement",
    "here-and-now": "Here and now",
    "there-and-then": "There and then",
    "bridging-the-gap": "Bridging the gap",
    "final-reflection": "Final reflection",
    "certificate": "Confirmation of participation",
    "recap": "Recap",
}


def report(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(help="agreement, here-and-now, there-and-then, bridging-the-gap or final-reflection."),
    ],
    format_: Format = "markdown",
    out: Out = None,
    force: Force = False,
    include_private: Annotated[
        bool, typer.Option(help="Include private entries (for your eyes only).")
    ] = False,
) -> None:
    """A report for a phase of the mentorship, in Markdown or as a printable HTML page."""
    from mentorlog.reports import reports

    with opened(ctx) as run:
        context = reports.report_context(run.journal, kind, run.now, include_private)
    title = f"{TITLES.get(kind, kind)}: {context['pair']['mentee']} & {context['pair']['mentor']}"
    text = document(format_choice(format_, DOCUMENTS), context, f"{kind}.md.j2", context, title)
    common.deliver(text, out, f"{kind} report", force)


def certificate(
    ctx: typer.Context, out: Out = None, format_: Format = "markdown", force: Force = False
) -> None:
    """A confirmation of participation, once the mentorship has ended."""
    from mentorlog.process import ending

    with opened(ctx) as run:
        context = ending.certificate_context(run.journal, run.now)
    text = document(
        format_choice(format_, DOCUMENTS), context, "certificate.md.j2", context, TITLES["certificate"]
    )
    common.deliver(text, out, "certificate", force)


def recap(
    ctx: typer.Context,
    number: Annotated[
        int | None, typer.Argument(metavar="[N]", help="The held session (default: the last).")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="markdown, html or json.")] = "markdown",
    out: Out = None,
    force: Force = False,
) -> None:
    """After a held session: what was discussed, decided and agreed, and the next session (shared
    entries only), ready to paste into an e-mail to your partner."""
    from mentorlog.reports.recap import build_recap

    format_choice(format_, (*DOCUMENTS, "json"))
    with opened(ctx) as run:
        data = build_recap(run.journal, run.now, number)
    pair = data["pair"]
    title = f"Recap of session {data['session']['number']}: {pair['mentee']} & {pair['mentor']}"
    text = document(format_, data, "recap.md.j2", {"recap": data, "pair": pair}, title)
    common.deliver(text, out, "recap", force)


def reflect(
    ctx: typer.Context,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KEY=TEXT",
            help=(
                "An answer (repeat for more). KEY: insights, liked, learned-about-myself, same-or-different, "
                "stay-in-touch (both of you); unmet-goals, wishes, support-needed (the mentee's); "
                "final-suggestions (the mentor's)."
            ),
        ),
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Show the answers given so far.")] = False,
    json_output: common.JsonFlag = False,
) -> None:
    """Answer your final-reflection questions (asked one by one on a terminal, each saved at once)."""
    from mentorlog.process import ending

    with opened(ctx, json_output) as run:
        if show or (not answer and run.out.json):
            given = ending.answers_given(run.journal, Audience.OWNER)
        elif answer:
            given = ending.reflect(run.journal, ending.parse_answers(answer), run.now, run.acting_as)
        elif sys.stdin.isatty():
            given = _ask(run)
        else:
            raise typer.BadParameter("give answers with --answer KEY=TEXT, or run it on a terminal.")
        gets = run.partner_gets("them")
    lines = [f"{item['question']}\n  {item['author']}: {item['text']}" for item in given]
    if not given:
        lines = ["No answers yet: `mentorlog reflect` asks the questions one by one."]
    elif not show:
        lines.append(f"Your answers are shared: {gets}.")
    run.out.said(given, *lines)


def _ask(run: Run) -> list[dict[str, Any]]:
    """Ask this person's questions one by one, saving each answer as it is given: Ctrl-C keeps
    the answers given so far and exits 130."""
    from mentorlog.errors import MentorlogError
    from mentorlog.process import ending
    from mentorlog.render.messages import interrupted

    role = run.me
    current = ending.current_answers(run.journal, role)
    saved: list[str] = []
    common.say(
        "Answer each question; Enter keeps your earlier answer or skips it. Each answer is saved at once."
    )
    with common.interruptible(lambda: interrupted(saved, "answer", "reflect", then="asks the rest")):
        for key, question in ending.questions_for(role).items():
            while True:
                text = typer.prompt(
                    question, default=current.get(key, ""), show_default=bool(current.get(key))
                )
                if not text.strip() or text == current.get(key):
                    break
                try:
                    ending.reflect(run.journal, {key: text}, run.now, run.acting_as)
                except MentorlogError as error:
                    common.say(str(error))
                    continue
                saved.append(str(key))
                break
    return ending.answers_given(run.journal, Audience.OWNER)


def end(
    ctx: typer.Context,
    on: Annotated[str | None, common.date_option("The last day (default: today).")] = None,
    early: Annotated[bool, typer.Option("--early", help="The mentorship ends before its time.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why it ends early.")] = None,
    json_output: common.JsonFlag = False,
) -> None:
    """Officially end the mentorship: completed, or ended early."""
    from mentorlog.process import ending

    with opened(ctx, json_output) as run:
        data = ending.end(run.journal, run.now, on, early, reason, run.acting_as, date_order=run.date_order)
    kind = "ended early" if data["end_kind"] == "early" else "completed"
    run.out.said(
        data,
        f"The mentorship is {kind} as of {data['ended_on']}. "
        "`mentorlog report final-reflection` looks back; `mentorlog certificate` confirms participation.",
    )
