"""`pair`: the pairing of this journal with the partner's, and its code; and asking for a code
when a bundle locked with one is opened on a terminal (`merge`, `init --from`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from mentorlog.cli import common

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
    from mentorlog.services.agefile import CodeNeeded

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
    from mentorlog.services import pairing

    with common.journal(ctx, sync=False) as journal:
        now = common.now()
        data = pairing.pairing_state(journal, now, renew=code)
        data["paired_at"] = pairing.local_time(data["paired_at"], now)
        data["code_made_at"] = pairing.local_time(data["code_made_at"], now)
    if json_output:
        common.emit_json({k: v for k, v in data.items() if k not in ("recipient", "partner_recipient")})
        return
    for line in pairing_lines(data):
        common.say(line)


def pairing_lines(data: dict[str, Any]) -> list[str]:
    """The pairing in words."""
    name = data["partner"]
    lines: list[str] = []
    if data["renewed"]:
        lines.append("This journal has a new key and a new pairing code.")
    if data["paired"] and not data["code"]:
        lines.append(
            f"Paired with {name}'s journal since {data['paired_at']}: "
            f"the bundles you share are encrypted for it alone."
        )
        return lines
    waiting = f"{name}'s first bundle" if not data["paired"] else f"{name}'s next bundle"
    lines += [
        f"Waiting for {waiting}. Tell {name} the pairing code, in person, by phone or on paper "
        "(never in the message that carries a bundle):",
        "",
        f"    {data['code']}",
        "",
        "Until then the bundles you share are locked with it. "
        + (
            f"{name} starts a journal from the first one with `mentorlog init --from FILE`, or merges it "
            "with `mentorlog merge FILE`, and types the code when asked."
            if not data["paired"]
            else f"{name} merges the next one with `mentorlog merge FILE` and types the code when asked."
        ),
    ]
    return lines


def protection_line(report: dict[str, Any]) -> str | None:
    """What `merge` or `share` says about how a bundle was protected."""
    protection, name = report.get("protection"), report.get("partner") or report.get("from_name")
    signature = report.get("signature") or {}
    if protection == "plain" and signature.get("vouched"):
        return (
            f"This bundle was not protected (plain JSON) and is not signed by {name}'s journal: you took it "
            "on your word (--unsigned). It changed nothing of the pairing."
        )
    if protection == "plain":
        return (
            "This bundle was not protected (plain JSON): anyone who handled the file could have read it "
            "or changed it."
        )
    if signature.get("replaced_partner_key"):
        return (
            f"{name}'s journal has new keys (paired again with the code): bundles signed by its old key "
            "are refused from now on, and the bundles you share are encrypted for the new key alone."
        )
    if report.get("paired"):
        return f"Paired with {name}'s journal: the bundles you share from now on are encrypted for it alone."
    if signature.get("first_use"):
        return (
            f"{name}'s signing key is now pinned: from now on only bundles signed by {name}'s journal are "
            "taken in. (Your journals were paired before bundles were signed; `mentorlog pair --code` "
            "pairs them again with a code if you are in doubt.)"
        )
    return None
