"""`edit ID`, `rm ID` and `restore ID`: any entry, by any unique prefix of its id."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.context import opened

IdArg = Annotated[str, typer.Argument(metavar="ID", help="The entry's id (any unique prefix).")]


def edit(
    ctx: typer.Context,
    entry_id: IdArg,
    text: Annotated[str | None, typer.Option(help="The new text (default: open $EDITOR).")] = None,
    shared: Annotated[
        bool | None,
        typer.Option("--shared/--private", help="Share it with your partner, or keep it to yourself."),
    ] = None,
) -> None:
    """Change the text of any entry, or whether it is shared."""
    from mentorlog.cli.editor import edit_text
    from mentorlog.journal import entries
    from mentorlog.model import Visibility

    with opened(ctx) as run:
        if shared is not None:
            visibility = Visibility.SHARED if shared else Visibility.PRIVATE
            moved = entries.share_or_keep(run.journal, entry_id, visibility, run.now)
        if text is not None or shared is None:
            if text is None:
                kind, current = entries.entry_text(run.journal, entry_id)
                text = edit_text(current, kind)
            done = entries.edit(run.journal, entry_id, text, run.now, run.acting_as)
            common.say(f"Changed {done['kind']} {done['short_id']}.")
        gets = run.partner_gets()
    if shared is None:
        return
    from mentorlog.render.messages import visibility_changed

    common.say(visibility_changed(moved, gets))


def rm(ctx: typer.Context, entry_id: IdArg) -> None:
    """Hide an entry (a soft delete; `mentorlog restore ID` brings it back)."""
    from mentorlog.journal import entries

    with opened(ctx) as run:
        done = entries.remove(run.journal, entry_id, run.now, run.acting_as)
    common.say(f"Removed {done['kind']} {done['id']}; `mentorlog restore {done['id']}` brings it back.")


def restore(ctx: typer.Context, entry_id: IdArg) -> None:
    """Bring back an entry removed with `rm`."""
    from mentorlog.journal import entries

    with opened(ctx) as run:
        done = entries.restore(run.journal, entry_id, run.now, run.acting_as)
    common.say(f"Restored {done['kind']} {done['id']}.")
