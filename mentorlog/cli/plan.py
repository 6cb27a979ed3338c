"""`assess`, `outcome add|list`, `option add|list|choose`, `action add|list|done|drop`."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.model import Audience

outcomes = typer.Typer(help="Desired outcomes with time frames (there-and-then).", no_args_is_help=True)
options = typer.Typer(help="Possible steps; choosing one makes it an action.", no_args_is_help=True)
actions = typer.Typer(help="The action plan: who does what by when.", no_args_is_help=True)

ItemId = Annotated[str, typer.Argument(metavar="ID", help="The id (any unique prefix).")]
Owner = Annotated[str | None, typer.Option(help="mentor or mentee (default: mentee).")]
Rating = Annotated[int | None, typer.Option(min=1, max=5, help="From 1 to 5.")]


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
    private: Annotated[bool, typer.Option("--private", help="Keep it in your journal only.")] = False,
    json_output: JsonFlag = False,
):
    """Map where the mentee stands (here-and-now); with no area on a terminal, a form over the six
    areas, each answer saved as it is given; `assess show` shows the map."""
    import sys

    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        if area == "show" and text is None:
            data = plan.assessments(journal, Audience.OWNER)
            if json_output:
                common.emit_json(data)
                return
            from mentorlog.render.process import assessment_view

            common.show(assessment_view(data))
            return
        if area is None:
            if not sys.stdin.isatty() or json_output:
                raise typer.BadParameter(
                    'give the area and where the mentee stands, e.g. `mentorlog assess skills "Strong on '
                    'budgets" --rating 4`, or run `mentorlog assess` on a terminal for the form.'
                )
            _assess_form(journal, common.acting(ctx), private)
            return
        if text is None:
            raise typer.BadParameter(
                'say where the mentee stands, e.g. `mentorlog assess skills "Strong on budgets" --rating 4`.'
            )
        done = plan.assess(journal, area, text, rating, common.now(), common.acting(ctx), private=private)
        left = plan.assessments(journal, Audience.OWNER)["unmapped"]
        mentee = journal.pair.mentee.split()[0]
        sees = _who_sees(journal, common.acting(ctx), private)
    if json_output:
        common.emit_json(done)
        return
    if done["author"] == "mentor":
        again = " again" if done["reassessment"] else ""
        common.say(
            f"Recorded your view of {mentee}'s {done['area']}{again}: reports show it beside {mentee}'s "
            f"own assessment, never in its place (at one laptop, `mentorlog --as mentee assess` records "
            f"{mentee}'s). {sees}"
        )
        return
    kind = "Re-assessed" if done["reassessment"] else "Mapped"
    common.say(
        f"{kind} {done['area']}."
        + (f" Still to map: {', '.join(left)}." if left else " All six areas are mapped.")
        + f" {sees}"
    )


def _who_sees(journal, acting_as, private: bool, many: bool = False) -> str:
    """Who sees an assessment (or several): no one but you, or your partner (and when)."""
    if private:
        if many:
            return "They are private: they stay in your journal."
        return "It is private: it stays in your journal."
    subject, it = ("They are", "them") if many else ("It is", "it")
    return f"{subject} shared: {common.partner_gets(journal, acting_as, it)}."


def _assess_form(journal, acting_as, private: bool) -> None:
    """The six areas one by one, each answer saved as it is given (Enter skips an area): Ctrl-C
    keeps the answers given so far and exits 130, as `reflect` does."""
    from mentorlog.errors import MentorlogError
    from mentorlog.model import SIX_AREAS
    from mentorlog.services import plan
    from mentorlog.words import plural

    mentee = journal.pair.mentee.split()[0]
    now = common.now()
    saved: list[str] = []

    def kept() -> str:
        if not saved:
            return "Interrupted: nothing was saved; `mentorlog assess` asks again."
        areas = f"{plural(len(saved), 'area')} saved ({', '.join(saved)})"
        return f"Interrupted: {areas}; `mentorlog assess` asks again."

    common.say(
        f"Where does {mentee} stand? One area at a time; Enter skips an area. Each answer is saved at once."
    )
    with common.interruptible(kept):
        for area in SIX_AREAS:
            text = typer.prompt(plan.AREAS[area], default="", show_default=False)
            if not text.strip():
                continue
            while True:
                given = typer.prompt("  Rating 1-5 (Enter: none)", default="", show_default=False).strip()
                try:
                    rating = int(given) if given else None
                    plan.assess(journal, area, text, rating, now, acting_as, private=private)
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
    left = plan.assessments(journal, Audience.OWNER)["unmapped"]
    common.say(
        f"Saved {plural(len(saved), 'area')} ({', '.join(saved)})."
        + (f" Still to map: {', '.join(left)}." if left else " All six areas are mapped.")
        + f" {_who_sees(journal, acting_as, private, many=len(saved) > 1)}"
    )


@outcomes.command("add")
def outcome_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The outcome the mentee wants.")],
    by: Annotated[str, typer.Option("--by", metavar="DATE", help="By when.")],
    goal: Annotated[str | None, typer.Option(metavar="ID", help="The goal it serves.")] = None,
    json_output: JsonFlag = False,
):
    """Add a desired outcome with its time frame."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        row = plan.add_outcome(
            journal, text, by, common.now(), goal, common.acting(ctx), date_order=common.date_order(journal)
        )
    common.warn(row)
    if json_output:
        common.emit_json(row)
        return
    common.say(f"Outcome {row['short_id']} added as outcome {row['number']}, by {row['by']}.")


@outcomes.command("list")
def outcome_list(ctx: typer.Context, json_output: JsonFlag = False):
    """List the desired outcomes."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        found = plan.list_outcomes(journal, Audience.OWNER)
    empty = 'No outcomes yet: `mentorlog outcome add "Premiere a co-production" --by "in 10 months"`.'
    if _said_without_a_table(found, json_output, empty):
        return
    from mentorlog.render.process import outcomes_table

    common.show(outcomes_table(found))


def _said_without_a_table(rows: list[dict], json_output: bool, empty: str) -> bool:
    """Print the rows as JSON, or `empty` when there are none; False when a table is to follow."""
    if json_output:
        common.emit_json(rows)
    elif not rows:
        common.say(empty)
    return json_output or not rows


@options.command("add")
def option_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A possible step.")],
    outcome: Annotated[str | None, typer.Option(metavar="ID", help="The outcome it leads to.")] = None,
    feasibility: Rating = None,
    json_output: JsonFlag = False,
):
    """Add a possible step towards an outcome."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        row = plan.add_option(journal, text, common.now(), outcome, feasibility, common.acting(ctx))
    if json_output:
        common.emit_json(row)
        return
    common.say(
        f"Option {row['short_id']} added as option {row['number']}. "
        f"`mentorlog option choose {row['number']}` makes it an action."
    )


@options.command("list")
def option_list(ctx: typer.Context, json_output: JsonFlag = False):
    """List the options, most feasible first."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        found = plan.list_options(journal, Audience.OWNER)
    if _said_without_a_table(
        found, json_output, 'No options yet: `mentorlog option add "Ask three venues"`.'
    ):
        return
    from mentorlog.render.process import options_table

    common.show(options_table(found))


@options.command("choose")
def option_choose(
    ctx: typer.Context,
    option_id: ItemId,
    due: Annotated[str | None, common.date_option("When the action is due.")] = None,
    owner: Owner = None,
    json_output: JsonFlag = False,
):
    """Choose an option: it becomes an action in the plan."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        action = plan.choose_option(
            journal,
            option_id,
            common.now(),
            due,
            owner,
            common.acting(ctx),
            date_order=common.date_order(journal),
        )
    common.warn(action)
    if json_output:
        common.emit_json(action)
        return
    common.say(
        f"Chosen: action {action['number']} for the {action['owner']}"
        + (f", due {action['due']}." if action["due"] else ".")
    )


@actions.command("add")
def action_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What is to be done.")],
    owner: Owner = None,
    due: Annotated[str | None, common.date_option("When it is due.")] = None,
    goal: Annotated[str | None, typer.Option(metavar="ID", help="The goal it serves.")] = None,
    json_output: JsonFlag = False,
):
    """Add an action to the plan."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        action = plan.add_action(
            journal,
            text,
            common.now(),
            owner,
            due,
            goal,
            common.acting(ctx),
            date_order=common.date_order(journal),
        )
    common.warn(action)
    if json_output:
        common.emit_json(action)
        return
    common.say(
        f"Action {action['short_id']} added as action {action['number']} for the {action['owner']}"
        + (f", due {action['due']}." if action["due"] else ".")
    )


@actions.command("list")
def action_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include done and dropped actions.")] = False,
    mine: Annotated[bool, typer.Option("--mine", help="Only the actions you own.")] = False,
    json_output: JsonFlag = False,
):
    """The action plan: open actions, overdue first (--mine: yours only)."""
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        me = common.acting(ctx) or journal.pair.me
        owner = me if mine else None
        found = plan.list_actions(journal, common.now(), Audience.OWNER, include_closed=all_, owner=owner)
    empty = (
        "No open actions of yours."
        if mine
        else 'No open actions. Add one: `mentorlog action add "Send the budget to Tomaž" --due fri`.'
    )
    if _said_without_a_table(found, json_output, empty):
        return
    from mentorlog.render.process import actions_table

    common.show(actions_table(found))


def _close(ctx: typer.Context, action_id: str, status: str, json_output: bool) -> None:
    from mentorlog.services import plan

    with common.journal(ctx) as journal:
        action = plan.close_action(journal, action_id, status, common.now(), common.acting(ctx))
    common.say_or_json(action, json_output, f"Action {action['number']} {status}.")


@actions.command("done")
def action_done(ctx: typer.Context, action_id: ItemId, json_output: JsonFlag = False):
    """Mark an action done."""
    _close(ctx, action_id, "done", json_output)


@actions.command("drop")
def action_drop(ctx: typer.Context, action_id: ItemId, json_output: JsonFlag = False):
    """Drop an action."""
    _close(ctx, action_id, "dropped", json_output)
