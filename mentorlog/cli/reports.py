"""`report KIND`, `certificate`, `reflect`, `end` and `templates`' companions for the end of the year."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.model import Audience

Out = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Write to FILE (mode 0600) instead of printing; - is standard output."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace the --out FILE if it exists.")]
Format = Annotated[str, typer.Option("--format", help="markdown or html.")]

TITLES = {
    "agreement": "Mentorship agreement",
    "here-and-now": "Here and now",
    "there-and-then": "There and then",
    "bridging-the-gap": "Bridging the gap",
    "final-reflection": "Final reflection",
    "certificate": "Confirmation of participation",
    "recap": "Recap",
}


def _render(template: str, context: dict, format_: str, title: str) -> str:
    from mentorlog.render.templates import render

    if format_ not in ("markdown", "html"):
        raise typer.BadParameter("use markdown or html.", param_hint="--format")
    context = {**context, "format": format_}
    text = render(template, context)
    if format_ == "html":
        from mentorlog.render.html import to_html

        return to_html(text, title, context.get("chart"))
    return text


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
):
    """A report for a phase of the mentorship, in Markdown or as a printable HTML page."""
    from mentorlog.services import reports

    with common.journal(ctx) as journal:
        context = reports.report_context(journal, kind, common.now(), include_private)
    title = f"{TITLES.get(kind, kind)}: {context['pair']['mentee']} & {context['pair']['mentor']}"
    common.deliver(_render(f"{kind}.md.j2", context, format_, title), out, f"{kind} report", force)


def certificate(ctx: typer.Context, out: Out = None, format_: Format = "markdown", force: Force = False):
    """A confirmation of participation, once the mentorship has ended."""
    from mentorlog.services import ending

    with common.journal(ctx) as journal:
        context = ending.certificate_context(journal, common.now())
    common.deliver(
        _render("certificate.md.j2", context, format_, TITLES["certificate"]), out, "certificate", force
    )


def recap(
    ctx: typer.Context,
    number: Annotated[
        int | None, typer.Argument(metavar="[N]", help="The held session (default: the last).")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="markdown, html or json.")] = "markdown",
    out: Out = None,
    force: Force = False,
):
    """After a held session: what was discussed, decided and agreed, and the next session (shared
    entries only), ready to paste into an e-mail to your partner."""
    from mentorlog.services.recap import build_recap

    if format_ not in ("markdown", "html", "json"):
        raise typer.BadParameter("use markdown, html or json.", param_hint="--format")
    with common.journal(ctx) as journal:
        data = build_recap(journal, common.now(), number)
    if format_ == "json":
        text = common.json_text(data)
    else:
        pair = data["pair"]
        title = f"Recap of session {data['session']['number']}: {pair['mentee']} & {pair['mentor']}"
        text = _render("recap.md.j2", {"recap": data, "pair": data["pair"]}, format_, title)
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
):
    """Answer your final-reflection questions (asked one by one on a terminal, each saved at once)."""
    from mentorlog.services import ending
    from mentorlog.services.news import first_name

    with common.journal(ctx) as journal:
        partner = first_name(journal, (common.acting(ctx) or journal.pair.me).other)
        if show or (not answer and json_output):
            given = ending.answers_given(journal, Audience.OWNER)
        elif answer:
            given = ending.reflect(journal, ending.parse_answers(answer), common.now(), common.acting(ctx))
        elif sys.stdin.isatty():
            given = _ask(journal, common.acting(ctx))
        else:
            raise typer.BadParameter("give answers with --answer KEY=TEXT, or run it on a terminal.")
    if json_output:
        common.emit_json(given)
        return
    if not given:
        common.say("No answers yet: `mentorlog reflect` asks the questions one by one.")
        return
    for item in given:
        common.say(f"{item['question']}\n  {item['author']}: {item['text']}")
    if not show:
        next_share = "your next `mentorlog share` (or sync)"
        common.say(f"Your answers are shared: {partner} has them after {next_share}.")


def _ask(journal, acting_as) -> list[dict]:
    """Ask this person's questions one by one, saving each answer as it is given: Ctrl-C keeps
    the answers given so far and exits 130."""
    from mentorlog.errors import MentorlogError
    from mentorlog.services import ending
    from mentorlog.words import plural

    role = acting_as or journal.pair.me
    current = ending.current_answers(journal, role)
    now = common.now()
    saved: list[str] = []

    def kept() -> str:
        if not saved:
            return "Interrupted: nothing was saved; `mentorlog reflect` asks again."
        answers = f"{plural(len(saved), 'answer')} saved ({', '.join(saved)})"
        return f"Interrupted: {answers}; `mentorlog reflect` asks the rest."

    common.say(
        "Answer each question; Enter keeps your earlier answer or skips it. Each answer is saved at once."
    )
    with common.interruptible(kept):
        for key, question in ending.questions_for(role).items():
            while True:
                text = typer.prompt(
                    question, default=current.get(key, ""), show_default=bool(current.get(key))
                )
                if not text.strip() or text == current.get(key):
                    break
                try:
                    ending.reflect(journal, {key: text}, now, acting_as)
                except MentorlogError as error:
                    common.say(str(error))
                    continue
                saved.append(str(key))
                break
    return ending.answers_given(journal, Audience.OWNER)


def end(
    ctx: typer.Context,
    on: Annotated[str | None, common.date_option("The last day (default: today).")] = None,
    early: Annotated[bool, typer.Option("--early", help="The mentorship ends before its time.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why it ends early.")] = None,
    json_output: common.JsonFlag = False,
):
    """Officially end the mentorship: completed, or ended early."""
    from mentorlog.services import ending

    with common.journal(ctx) as journal:
        data = ending.end(
            journal,
            common.now(),
            on,
            early,
            reason,
            common.acting(ctx),
            date_order=common.date_order(journal),
        )
    if json_output:
        common.emit_json(data)
        return
    kind = "ended early" if data["end_kind"] == "early" else "completed"
    common.say(
        f"The mentorship is {kind} as of {data['ended_on']}. "
        "`mentorlog report final-reflection` looks back; `mentorlog certificate` confirms participation."
    )
