"""What the shell may complete from a journal: session numbers, the ids of goals, actions,
options and outcomes (with their words as the description), tags, and the reflection questions
of the role who answers. Read only, for the completion of a command line; any problem gives no
values rather than an error (completion must never get in the way)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mentorlog.dates import from_stamp
from mentorlog.journal import ids
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience, Role
from mentorlog.process.ending import questions_for
from mentorlog.store import goals as goals_store
from mentorlog.store import notes as notes_store
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions as sessions_store

KINDS = ("session", "open-session", "goal", "action", "option", "outcome", "tag", "reflection")


def _words(text: str, limit: int = 50) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def values(journal: Journal, kind: str, acting_as: Role | None = None) -> list[tuple[str, str]]:
    """(value, description) pairs of `kind` (one of KINDS) in this journal."""
    db = journal.db
    if kind in ("session", "open-session"):
        found = sessions_store.numbered_sessions(db, Audience.OWNER)
        if kind == "open-session":
            found = [s for s in found if s["state"] in ("proposed", "confirmed")]
        return [
            (str(s["number"]), f"{from_stamp(s['starts_at']).astimezone():%a %d %b %Y %H:%M}, {s['state']}")
            for s in found
            if s["number"] is not None
        ]
    if kind == "tag":
        return [(tag, "a tag in use") for tag in notes_store.tags_in_use(db)]
    if kind == "reflection":
        role = acting_as or journal.pair.me
        return [(f"{key}=", _words(question)) for key, question in questions_for(role).items()]
    listed: dict[str, Callable[[], Sequence[Mapping[str, Any]]]] = {
        "goal": lambda: goals_store.list_goals(db, Audience.OWNER, None),
        "action": lambda: plan_store.list_actions(db, Audience.OWNER),
        "option": lambda: plan_store.list_options(db, Audience.OWNER),
        "outcome": lambda: plan_store.list_outcomes(db, Audience.OWNER),
    }
    rows = listed[kind]()
    short = ids.shorten(db, rows)
    words = "title" if kind == "goal" else "text"
    return [(short[row["id"]], _words(row[words])) for row in rows if row["id"] in short]
