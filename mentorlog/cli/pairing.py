"""`pair`: the pairing of this journal with the partner's, and its code; and asking for a code
when a bundle locked with one is opened on a terminal (`merge`, `init --from`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from mentorlog.cli import common
from mentorlog.cli.context import opened
from mentorlog.render.exchange import pairing_lines

T = TypeVar("T")

CodeOption = Annotated[
    str | None,
    typer.Option(
        "--code",
        metavar="WORDS",
        help="The pairing code your partner told you, for a bundle locked with one "
        "(asked for on a terminal when left out).",
    ),
]


def with_code(call: Callable[[str | None], T], code: str | None) -> T:
    """Run `call(code)`; when the bundle needs a code and none was given, ask for it on a terminal
    and run it again."""
    from mentorlog.sealing.agefile import CodeNeeded

    try:
        return call(code)
    except CodeNeeded:
        if code is not None or not sys.stdin.isatty():
            raise
    common.say("This bundle is locked with a pairing code (five words your partner told you).")
    return call(typer.prompt("Pairing code"))


def pair(
    ctx: typer.Context,
    code: Annotated[
        bool,
        typer.Option(
            "--code",
            help="Renew this journal's key and pairing code (a new laptop, a lost journal on either side): "
            "your next bundles are locked with the new code.",
        ),
    ] = False,
    json_output: common.JsonFlag = False,
) -> None:
    """The pairing with your partner's journal: since when, or the code your partner needs."""
    from mentorlog.exchange import pairing

    with opened(ctx, json_output, sync=False) as run:
        data = pairing.pairing_state(run.journal, run.now, renew=code)
        data["paired_at"] = pairing.local_time(data["paired_at"], run.now)
        data["code_made_at"] = pairing.local_time(data["code_made_at"], run.now)
    shown = {k: v for k, v in data.items() if k not in ("recipient", "partner_recipient")}
    run.out.said(shown, *pairing_lines(data))
