"""`rule add|list|rm`: the rules of the game."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag
from mentorlog.model import Audience

app = typer.Typer(help="The rules of the game.", no_args_is_help=True)


@app.command("add")
def rule_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The rule, in your words.")],
    kind: Annotated[
        str | None,
        typer.Option(help="respect, confidentiality, off-limits, communication, topics or other."),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(help="With --kind topics: how many days before a session its topics come."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Add a rule of the game."""
    from mentorlog.services import rules as rule_service

    with common.journal(ctx) as journal:
        rule = rule_service.add_rule(journal, text, kind, common.now(), common.acting(ctx), days)
    if json_output:
        common.emit_json(rule)
        return
    common.say(f"Rule {rule['short_id']} ({rule['kind']}) added.")


@app.command("list")
def rule_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include removed rules.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """List the rules of the game."""
    from mentorlog.services import rules as rule_service

    with common.journal(ctx) as journal:
        found = rule_service.list_rules(journal, Audience.OWNER, all_)
    if json_output:
        common.emit_json(found)
        return
    if not found:
        common.say(
            'No rules yet. Add one: `mentorlog rule add "We keep what we say between us" '
            "--kind confidentiality`."
        )
        return
    from mentorlog.render.process import rules_table

    common.show(rules_table(found))


@app.command("rm")
def rule_rm(
    ctx: typer.Context, rule_id: Annotated[str, typer.Argument(metavar="ID", help="The rule's id.")]
) -> None:
    """Remove a rule (`mentorlog restore ID` brings it back)."""
    from mentorlog.services import entries

    with common.journal(ctx) as journal:
        done = entries.remove(journal, rule_id, common.now(), common.acting(ctx))
    common.say(f"Removed {done['kind']} {done['id']}; `mentorlog restore {done['id']}` brings it back.")
