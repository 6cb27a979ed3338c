"""`rule add|list|rm`: the rules of the game."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import declared
from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import listed, opened
from mentorlog.model import Audience

app = typer.Typer(help="The rules of the game.", no_args_is_help=True)


@app.command("add")
def rule_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The rule, in your words.")],
    kind: Annotated[str | None, declared.option("rule", "kind")] = None,
    days: Annotated[int | None, declared.option("rule", "days")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Add a rule of the game."""
    from mentorlog.process import rules as rule_service

    with opened(ctx, json_output) as run:
        rule = rule_service.add_rule(run.journal, text, kind, run.now, run.acting_as, days)
    run.out.said(rule, f"Rule {rule['short_id']} ({rule['kind']}) added.")


@app.command("list")
def rule_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include removed rules.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """List the rules of the game."""
    from mentorlog.process import rules as rule_service

    empty = (
        'No rules yet. Add one: `mentorlog rule add "We keep what we say between us" --kind confidentiality`.'
    )
    listed(
        ctx,
        json_output,
        lambda run: rule_service.list_rules(run.journal, Audience.OWNER, all_),
        empty,
        "process.rules_table",
    )


@app.command("rm")
def rule_rm(
    ctx: typer.Context, rule_id: Annotated[str, typer.Argument(metavar="ID", help="The rule's id.")]
) -> None:
    """Remove a rule (`mentorlog restore ID` brings it back)."""
    from mentorlog.cli.entries import rm

    rm(ctx, rule_id)
