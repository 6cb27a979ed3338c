"""`topic add|list` and `feedback`: what a session is about, and how it went."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli.common import JsonFlag, Private
from mentorlog.cli.context import listed, opened
from mentorlog.cli.sessions import Number
from mentorlog.render.messages import shared_or_private

app = typer.Typer(help="Topics the mentee proposes for a session.", no_args_is_help=True)


@app.command("add")
def topic_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The topic.")],
    session: Annotated[
        int | None, typer.Option(metavar="N", help="For session N (default: the next one).")
    ] = None,
    private: Private = False,
    json_output: JsonFlag = False,
) -> None:
    """Propose a topic for the next session (or session N); shared unless --private."""
    from mentorlog.sessions import topics as topic_service

    with opened(ctx, json_output) as run:
        data = topic_service.add_topic(
            run.journal, text, run.now, session, private=private, acting_as=run.acting_as
        )
        shared = shared_or_private(private, run.partner_gets())
    where = f"session {data['session']}" if data["session"] else "the next session (none is planned yet)"
    run.out.said(data, f"Topic {data['short_id']} proposed for {where}. {shared}")


@app.command("list")
def topic_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include topics already discussed.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Topics proposed, by session (the open ones; --all: discussed too)."""
    from mentorlog.sessions import topics as topic_service

    empty = "No open topics. The mentee proposes one with `mentorlog topic add TEXT`."
    listed(
        ctx,
        json_output,
        lambda run: topic_service.list_topics(run.journal, include_discussed=all_),
        empty,
        "sessions.topics_table",
    )


def feedback(
    ctx: typer.Context,
    number: Number,
    rating: Annotated[int, typer.Option(min=1, max=5, help="How useful the session was, 1 to 5.")],
    worked: Annotated[str | None, typer.Option(help="What worked.")] = None,
    improve: Annotated[str | None, typer.Option(help="What to improve.")] = None,
    private: Private = False,
    json_output: JsonFlag = False,
) -> None:
    """Give feedback on a held session (one per person; giving it again replaces it)."""
    from mentorlog.sessions import feedback as feedback_service

    with opened(ctx, json_output) as run:
        data = feedback_service.give_feedback(
            run.journal, number, rating, run.now, worked, improve, run.acting_as, private=private
        )
        shared = shared_or_private(private, run.partner_gets(), hint=" (`--private` keeps it to yourself)")
    what = "replaced your earlier feedback" if data["replaced"] else "saved"
    run.out.said(data, f"Thanks: feedback on session {number} {what}. {shared}")
