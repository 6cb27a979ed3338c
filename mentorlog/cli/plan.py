"""`assess`, `outcome add|list`, `option add|list|choose`, `action add|list|done|drop`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import Run, listed, opened
from mentorlog.model import Audience
from mentorlog.render.messages import shared_or_private

outcomes = typer.Typer(help="Desired outcomes with time frames (there-and-then).", no_args_is_help=True)
options = typer.Typer(help="Possible steps; choosing one makes it an action.", no_args_is_help=True)
actions = typer.Typer(help="The action plan: who does what by when.", no_args_is_help=True)

ItemId = Annotated[str, typer.Argument(metavar="ID", help="The id (any unique prefix).")]
Owner = Annotated[str | None, typer.Option(help="mentor or mentee (default: mentee).")]
Rating = Annotated[int | None, typer.Option(min=1, max=5, help="From 1 to 5.")]
ServesGoal = Annotated[str | None, typer.Option(metavar="ID", help="The goal it serves.")]


def assess(
    ctx: typer.Context,
    area: Annotated[
        str | None,
        typer.Argument(
            help="personal, professional, knowledge, skills, resources, network, strengths, improvements; "
            "or `show`. Leave out on a terminal to walk the six areas in one form.",
        ),
    ] = None,
    text: Annotated[str | None, typer.Argument(help="Where the mentee stands in this area.")] = None,
    rating: Rating = None,
    private: common.Private = False,
    json_output: JsonFlag = False,
) -> None:
    """Map where the mentee stands (here-and-now); with no area on a terminal, a form over the six
    areas, each answer saved as it is given; `assess show` shows the map."""
    import sys

    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        if area == "show" and text is None:
            run.out.shown(plan.assessments(run.journal, Audience.OWNER), "process.assessment_view")
            return
        if area is None:
            if not sys.stdin.isatty() or run.out.json:
                raise typer.BadParameter(
                    'give the area and where the mentee stands, e.g. `mentorlog assess skills "Strong on '
                    'budgets" --rating 4`, or run `mentorlog assess` on a terminal for the form.'
                )
            _assess_form(run, private)
            return
        if text is None:
            raise typer.BadParameter(
                'say where the mentee stands, e.g. `mentorlog assess skills "Strong on budgets" --rating 4`.'
            )
        done = plan.assess(run.journal, area, text, rating, run.now, run.acting_as, private=private)
        left = plan.assessments(run.journal, Audience.OWNER)["unmapped"]
        mentee = run.journal.pair.mentee.split()[0]
        sees = shared_or_private(private, run.partner_gets())
    if done["author"] == "mentor":
        again = " again" if done["reassessment"] else ""
        run.out.said(
            done,
            f"Recorded your view of {mentee}'s {done['area']}{again}: reports show it beside {mentee}'s "
            f"own assessment, never in its place (at one laptop, `mentorlog --as mentee assess` records "
            f"{mentee}'s). {sees}",
        )
        return
    kind = "Re-assessed" if done["reassessment"] else "Mapped"
    run.out.said(done, f"{kind} {done['area']}.{_still_to_map(left)} {sees}")


def _still_to_map(left: list[str]) -> str:
    return f" Still to map: {', '.join(left)}." if left else " All six areas are mapped."


def _assess_form(run: Run, private: bool) -> None:
    """The six areas one by one, each answer saved as it is given (Enter skips an area): Ctrl-C
    keeps the answers given so far and exits 130, as `reflect` does."""
    from mentorlog.errors import MentorlogError
    from mentorlog.model import SIX_AREAS
    from mentorlog.process import plan
    from mentorlog.render.messages import interrupted
    from mentorlog.words import plural

    mentee = run.journal.pair.mentee.split()[0]
    saved: list[str] = []
    common.say(
        f"Where does {mentee} stand? One area at a time; Enter skips an area. Each answer is saved at once."
    )
    with common.interruptible(lambda: interrupted(saved, "area", "assess")):
        for area in SIX_AREAS:
            text = typer.prompt(plan.AREAS[area], default="", show_default=False)
            if not text.strip():
                continue
            while True:
                given = typer.prompt("  Rating 1-5 (Enter: none)", default="", show_default=False).strip()
                try:
                    rating = int(given) if given else None
                    plan.assess(run.journal, area, text, rating, run.now, run.acting_as, private=private)
                except ValueError:
                    common.say(f"{given!r} is not a rating: type 1 to 5, or Enter for none.")
                    continue
                except MentorlogError as error:
                    common.say(str(error))
                    continue
                break
            saved.append(str(area))
    if not saved:
        common.say("Nothing saved: no area was answered.")
        return
    left = plan.assessments(run.journal, Audience.OWNER)["unmapped"]
    sees = shared_or_private(
        private, run.partner_gets("them" if len(saved) > 1 else "it"), many=len(saved) > 1
    )
    common.say(f"Saved {plural(len(saved), 'area')} ({', '.join(saved)}).{_still_to_map(left)} {sees}")


@outcomes.command("add")
def outcome_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The outcome the mentee wants.")],
    by: Annotated[str, typer.Option("--by", metavar="DATE", help="By when.")],
    goal: ServesGoal = None,
    json_output: JsonFlag = False,
) -> None:
    """Add a desired outcome with its time frame."""
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        row = plan.add_outcome(run.journal, text, by, run.now, goal, run.acting_as, date_order=run.date_order)
    common.warn(row)
    run.out.said(row, f"Outcome {row['short_id']} added as outcome {row['number']}, by {row['by']}.")


@outcomes.command("list")
def outcome_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """List the desired outcomes."""
    from mentorlog.process import plan

    empty = 'No outcomes yet: `mentorlog outcome add "Premiere a co-production" --by "in 10 months"`.'
    listed(
        ctx,
        json_output,
        lambda run: plan.list_outcomes(run.journal, Audience.OWNER),
        empty,
        "process.outcomes_table",
    )


@options.command("add")
def option_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A possible step.")],
    outcome: Annotated[str | None, typer.Option(metavar="ID", help="The outcome it leads to.")] = None,
    feasibility: Rating = None,
    json_output: JsonFlag = False,
) -> None:
    """Add a possible step towards an outcome."""
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        row = plan.add_option(run.journal, text, run.now, outcome, feasibility, run.acting_as)
    run.out.said(
        row,
        f"Option {row['short_id']} added as option {row['number']}. "
        f"`mentorlog option choose {row['number']}` makes it an action.",
    )


@options.command("list")
def option_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """List the options, most feasible first."""
    from mentorlog.process import plan

    listed(
        ctx,
        json_output,
        lambda run: plan.list_options(run.journal, Audience.OWNER),
        'No options yet: `mentorlog option add "Ask three venues"`.',
        "process.options_table",
    )


def _due(action: dict[str, Any]) -> str:
    return f", due {action['due']}." if action["due"] else "."


@options.command("choose")
def option_choose(
    ctx: typer.Context,
    option_id: ItemId,
    due: Annotated[str | None, common.date_option("When the action is due.")] = None,
    owner: Owner = None,
    json_output: JsonFlag = False,
) -> None:
    """Choose an option: it becomes an action in the plan."""
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        action = plan.choose_option(
            run.journal, option_id, run.now, due, owner, run.acting_as, date_order=run.date_order
        )
    common.warn(action)
    run.out.said(action, f"Chosen: action {action['number']} for the {action['owner']}{_due(action)}")


@actions.command("add")
def action_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What is to be done.")],
    owner: Owner = None,
    due: Annotated[str | None, common.date_option("When it is due.")] = None,
    goal: ServesGoal = None,
    json_output: JsonFlag = False,
) -> None:
    """Add an action to the plan."""
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        action = plan.add_action(
            run.journal, text, run.now, owner, due, goal, run.acting_as, date_order=run.date_order
        )
    common.warn(action)
    run.out.said(
        action,
        f"Action {action['short_id']} added as action {action['number']} "
        f"for the {action['owner']}{_due(action)}",
    )


@actions.command("list")
def action_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include done and dropped actions.")] = False,
    mine: Annotated[bool, typer.Option("--mine", help="Only the actions you own.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """The action plan: open actions, overdue first (--mine: yours only)."""
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        owner = run.me if mine else None
        found = plan.list_actions(run.journal, run.now, Audience.OWNER, include_closed=all_, owner=owner)
    empty = (
        "No open actions of yours."
        if mine
        else 'No open actions. Add one: `mentorlog action add "Send the budget to Tomaž" --due fri`.'
    )
    run.out.listed(found, empty, "process.actions_table")


def _close(ctx: typer.Context, action_id: str, status: str, json_output: bool) -> None:
    from mentorlog.process import plan

    with opened(ctx, json_output) as run:
        action = plan.close_action(run.journal, action_id, status, run.now, run.acting_as)
    run.out.said(action, f"Action {action['number']} {status}.")


@actions.command("done")
def action_done(ctx: typer.Context, action_id: ItemId, json_output: JsonFlag = False) -> None:
    """Mark an action done."""
    _close(ctx, action_id, "done", json_output)


@actions.command("drop")
def action_drop(ctx: typer.Context, action_id: ItemId, json_output: JsonFlag = False) -> None:
    """Drop an action."""
    _close(ctx, action_id, "dropped", json_output)
