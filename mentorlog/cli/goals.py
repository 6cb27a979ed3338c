"""`vision [TEXT]` and `goal add|list|show|check|revise|progress|done|drop`."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.model import Audience

app = typer.Typer(help="Goals: add, check (SMARTER), revise, progress, done, drop.", no_args_is_help=True)

GoalId = Annotated[str, typer.Argument(metavar="ID", help="The goal's id (any unique prefix).")]
Title = Annotated[str | None, typer.Option(help="What the goal is.")]
Measure = Annotated[str | None, typer.Option(help="How you will know it is reached.")]
Why = Annotated[str | None, typer.Option(help="Why it matters for the vision.")]


def vision(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The mentee's vision. Leave out to show it.")] = None,
    json_output: JsonFlag = False,
):
    """Set or show the mentee's vision: where they want to be."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = (
            goals.set_vision(journal, text, common.now(), common.acting(ctx))
            if text
            else goals.get_vision(journal)
        )
    if json_output:
        common.emit_json(data)
    elif data["text"] is None:
        common.say('No vision yet. Write it: `mentorlog vision "In a year I run my own production house"`.')
    else:
        common.say(data["text"] if not text else "Vision saved.")


def _print_goal(data: dict, json_output: bool, message: str | None = None) -> None:
    if json_output:
        common.emit_json(data)
        return
    if message:
        common.say(message)
    from mentorlog.render.process import goal_view

    common.show(goal_view(data))


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the goal is.")],
    measure: Measure = None,
    due: Annotated[str | None, common.date_option("When it should be reached.")] = None,
    why: Why = None,
    term: Annotated[str | None, typer.Option(help="short, medium or long.")] = None,
    json_output: JsonFlag = False,
):
    """Add a goal."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.add_goal(
            journal,
            title,
            common.now(),
            measure=measure,
            due=due,
            why=why,
            term=term,
            acting_as=common.acting(ctx),
            date_order=common.date_order(journal),
        )
    common.warn(data)
    if json_output:
        common.emit_json(data)
        return
    common.say(f"Goal {data['short_id']} added.")
    if data["missing"]:
        common.say(
            f"The SMARTER check misses: {', '.join(data['missing'])}. "
            f"`mentorlog goal check {data['short_id']}` says how to add it."
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include achieved and dropped goals.")] = False,
    json_output: JsonFlag = False,
):
    """Goals with status, progress and due date."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        found = goals.list_goals(journal, Audience.OWNER, include_ended=all_, today=common.now().date())
    if json_output:
        common.emit_json(
            [
                {
                    k: g[k]
                    for k in (
                        "id",
                        "short_id",
                        "title",
                        "measure",
                        "due",
                        "status",
                        "progress",
                        "missing",
                        "why",
                        "term",
                        "overdue",
                    )
                }
                for g in found
            ]
        )
        return
    if not found:
        common.say(
            'No goals yet. Add one: `mentorlog goal add "Apply for the city arts grant" '
            '--measure "application sent" --due 2027-03-01`.'
        )
        return
    from mentorlog.render.process import goals_table

    common.show(goals_table(found))


@app.command("show")
def show(ctx: typer.Context, goal_id: GoalId, json_output: JsonFlag = False):
    """One goal with its revisions and progress."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.show_goal(journal, goal_id)
    _print_goal(data, json_output)


@app.command("check")
def check(
    ctx: typer.Context,
    goal_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One goal; default: every active goal.")
    ] = None,
    json_output: JsonFlag = False,
):
    """The SMARTER check: what a goal still lacks, and questions to ask each other."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        report = goals.check_goals(journal, goal_id)
    if json_output:
        common.emit_json(report)
        return
    if not report:
        common.say("No active goals to check. `mentorlog goal add TITLE` adds one.")
        return
    from mentorlog.render.process import goal_check

    common.show(goal_check(report))


@app.command("revise")
def revise(
    ctx: typer.Context,
    goal_id: GoalId,
    reason: Annotated[str, typer.Option(help="Why the goal changes (kept with the revision).")],
    title: Title = None,
    measure: Measure = None,
    due: Annotated[str | None, common.date_option("A new due date.")] = None,
    why: Why = None,
    json_output: JsonFlag = False,
):
    """Change a goal, keeping its earlier version and the reason."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.revise_goal(
            journal,
            goal_id,
            common.now(),
            reason=reason,
            title=title,
            measure=measure,
            due=due,
            why=why,
            acting_as=common.acting(ctx),
            date_order=common.date_order(journal),
        )
    common.warn(data)
    from mentorlog.words import plural

    kept = plural(len(data["revisions"]), "revision")
    _print_goal(data, json_output, f"Goal {data['short_id']} revised ({kept} kept).")


@app.command("progress")
def progress(
    ctx: typer.Context,
    goal_id: GoalId,
    percent: Annotated[int, typer.Argument(help="Progress from 0 to 100.")],
    note: Annotated[str | None, typer.Option(help="What moved.")] = None,
    json_output: JsonFlag = False,
):
    """Record progress on a goal (kept as history)."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.record_progress(journal, goal_id, percent, common.now(), note, common.acting(ctx))
    common.say_or_json(data, json_output, f"Goal {data['short_id']}: {data['progress']}%.")


@app.command("done")
def done(ctx: typer.Context, goal_id: GoalId, json_output: JsonFlag = False):
    """Mark a goal achieved."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.finish_goal(journal, goal_id, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Goal {data['short_id']} achieved. Well done.")


@app.command("drop")
def drop(
    ctx: typer.Context,
    goal_id: GoalId,
    reason: Annotated[str, typer.Option(help="Why it is dropped (kept).")],
    json_output: JsonFlag = False,
):
    """Drop a goal, with the reason."""
    from mentorlog.services import goals

    with common.journal(ctx) as journal:
        data = goals.drop_goal(journal, goal_id, reason, common.now(), common.acting(ctx))
    common.say_or_json(data, json_output, f"Goal {data['short_id']} dropped.")
