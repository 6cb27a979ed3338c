"""`edit ID`, `rm ID` and `restore ID`: any entry, by any unique prefix of its id."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common

IdArg = Annotated[str, typer.Argument(metavar="ID", help="The entry's id (any unique prefix).")]


def edit(
    ctx: typer.Context,
    entry_id: IdArg,
    text: Annotated[str | None, typer.Option(help="The new text (default: open $EDITOR).")] = None,
):
    """Change the text of any entry."""
    from mentorlog.cli.editor import edit_text
    from mentorlog.services import entries

    with common.journal(ctx) as journal:
        if text is None:
            kind, current = entries.entry_text(journal, entry_id)
            text = edit_text(current, kind)
        done = entries.edit(journal, entry_id, text, common.now(), common.acting(ctx))
    common.say(f"Changed {done['kind']} {done['short_id']}.")


def rm(ctx: typer.Context, entry_id: IdArg):
    """Hide an entry (a soft delete; `mentorlog restore ID` brings it back)."""
    from mentorlog.services import entries

    with common.journal(ctx) as journal:
        done = entries.remove(journal, entry_id, common.now(), common.acting(ctx))
    common.say(f"Removed {done['kind']} {done['id']}; `mentorlog restore {done['id']}` brings it back.")


def restore(ctx: typer.Context, entry_id: IdArg):
    """Bring back an entry removed with `rm`."""
    from mentorlog.services import entries

    with common.journal(ctx) as journal:
        done = entries.restore(journal, entry_id, common.now(), common.acting(ctx))
    common.say(f"Restored {done['kind']} {done['id']}.")
