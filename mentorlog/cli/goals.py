"""`vision [TEXT]` and `goal add|list|show|check|revise|progress|done|drop`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mentorlog.cli import common, declared
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import Run, listed, opened, shown
from mentorlog.model import Audience

app = typer.Typer(help="Goals: add, check (SMARTER), revise, progress, done, drop.", no_args_is_help=True)

GoalId = Annotated[str, typer.Argument(metavar="ID", help="The goal's id (any unique prefix).")]
Title = Annotated[str | None, declared.option("goal", "title")]
Measure = Annotated[str | None, declared.option("goal", "measure")]
Why = Annotated[str | None, declared.option("goal", "why")]
GOAL_KEYS = (
    "id", "short_id", "number", "title", "measure", "due", "status", "progress", "missing", "why", "term",
    "overdue",
)  # fmt: skip


def vision(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The mentee's vision. Leave out to show it.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Set or show the mentee's vision: where they want to be."""
    from mentorlog.process import goals

    with opened(ctx, json_output) as run:
        data = (
            goals.set_vision(run.journal, text, run.now, run.acting_as)
            if text
            else goals.get_vision(run.journal)
        )
    if data["text"] is None:
        run.out.said(
            data, 'No vision yet. Write it: `mentorlog vision "In a year I run my own production house"`.'
        )
    else:
        run.out.said(data, data["text"] if not text else "Vision saved.")


def _written(run: Run, measure: str | None, due: str | None, why: str | None) -> dict[str, Any]:
    """What `goal add` and `goal revise` hand the service beside the title: the measure, the due
    date and the why as typed, who writes it, and how its due date reads."""
    return {
        "measure": measure,
        "due": due,
        "why": why,
        "acting_as": run.acting_as,
        "date_order": run.date_order,
    }


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, declared.argument("goal", "title")],
    measure: Measure = None,
    due: Annotated[str | None, common.date_option("When it should be reached.")] = None,
    why: Why = None,
    term: Annotated[str | None, declared.option("goal", "term")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Add a goal."""
    from mentorlog.process import goals

    with opened(ctx, json_output) as run:
        data = goals.add_goal(
            run.journal,
            title,
            run.now,
            term=term,
            **_written(run, measure, due, why),
        )
    common.warn(data)
    missing = (
        [
            f"The SMARTER check misses: {', '.join(data['missing'])}. "
            f"`mentorlog goal check {data['number']}` says how to add it."
        ]
        if data["missing"]
        else []
    )
    run.out.said(data, f"Goal {data['short_id']} added as goal {data['number']}.", *missing)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include achieved and dropped goals.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Goals with status, progress and due date."""
    from mentorlog.process import goals

    empty = (
        'No goals yet. Add one: `mentorlog goal add "Apply for the city arts grant" '
        '--measure "application sent" --due 2027-03-01`.'
    )
    listed(
        ctx,
        json_output,
        lambda run: goals.list_goals(run.journal, Audience.OWNER, include_ended=all_, today=run.now.date()),
        empty,
        "process.goals_table",
        GOAL_KEYS,
    )


@app.command("show")
def show(ctx: typer.Context, goal_id: GoalId, json_output: JsonFlag = False) -> None:
    """One goal with its revisions and progress."""
    from mentorlog.process import goals

    shown(ctx, json_output, lambda run: goals.show_goal(run.journal, goal_id), "process.goal_view")


@app.command("check")
def check(
    ctx: typer.Context,
    goal_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One goal; default: every active goal.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """The SMARTER check: what a goal still lacks, and questions to ask each other."""
    from mentorlog.process import goals

    listed(
        ctx,
        json_output,
        lambda run: goals.check_goals(run.journal, goal_id),
        "No active goals to check. `mentorlog goal add TITLE` adds one.",
        "process.goal_check",
    )


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
) -> None:
    """Change a goal, keeping its earlier version and the reason."""
    from mentorlog.process import goals
    from mentorlog.words import plural

    with opened(ctx, json_output) as run:
        data = goals.revise_goal(
            run.journal,
            goal_id,
            run.now,
            reason=reason,
            title=title,
            **_written(run, measure, due, why),
        )
    common.warn(data)
    kept = plural(len(data["revisions"]), "revision")
    run.out.shown(data, "process.goal_view", f"Goal {data['number']} revised ({kept} kept).")


@app.command("progress")
def progress(
    ctx: typer.Context,
    goal_id: GoalId,
    percent: Annotated[int, declared.argument("goal_progress", "percent")],
    note: Annotated[str | None, typer.Option(help="What moved.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Record progress on a goal (kept as history)."""
    from mentorlog.process import goals

    with opened(ctx, json_output) as run:
        data = goals.record_progress(run.journal, goal_id, percent, run.now, note, run.acting_as)
    run.out.said(data, f"Goal {data['number']}: {data['progress']}%.")


@app.command("done")
def done(ctx: typer.Context, goal_id: GoalId, json_output: JsonFlag = False) -> None:
    """Mark a goal achieved."""
    from mentorlog.process import goals

    with opened(ctx, json_output) as run:
        data = goals.finish_goal(run.journal, goal_id, run.now, run.acting_as)
    run.out.said(data, f"Goal {data['number']} achieved. Well done.")


@app.command("drop")
def drop(
    ctx: typer.Context,
    goal_id: GoalId,
    reason: Annotated[str, typer.Option(help="Why it is dropped (kept).")],
    json_output: JsonFlag = False,
) -> None:
    """Drop a goal, with the reason."""
    from mentorlog.process import goals

    with opened(ctx, json_output) as run:
        data = goals.drop_goal(run.journal, goal_id, reason, run.now, run.acting_as)
    run.out.said(data, f"Goal {data['number']} dropped.")
