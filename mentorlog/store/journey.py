"""Queries for the journey reports: held sessions with their topics, decisions and feedback,
notes of one kind, and totals, each in one indexed query rather than one per session."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, cast

from mentorlog.model import Audience, SessionState
from mentorlog.store.audience import shown, visible
from mentorlog.store.db import Db
from mentorlog.store.notes import decode
from mentorlog.store.records import LIVE, Row, rows

if TYPE_CHECKING:
    from mentorlog.rows.process import GoalProgressRow, GoalRevisionRow
    from mentorlog.rows.stored import SessionRow, Slot


def held_sessions(db: Db, audience: Audience) -> list[Row]:
    """Held sessions in date order, each with the number it was given when planned."""
    return visible(db, "session", audience, "state = ?", [SessionState.HELD], order="starts_at, id")


# a question taken up at a held session
ASKED = "kind = 'question' and asked_at is not null"


def _grouped(found: list[Row], key: str = "session_id") -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in found:
        grouped[row[key]].append(row)
    return grouped


def topics_by_session(db: Db, audience: Audience) -> dict[str, list[Row]]:
    return _grouped(visible(db, "topic", audience, "session_id is not null", order="created_at, id"))


def notes_by_session(db: Db, kind: str, audience: Audience) -> dict[str, list[Row]]:
    return _grouped(
        visible(db, "note", audience, "kind = ? and session_id is not null", [kind], order="created_at, id")
    )


def feedback_by_session(db: Db, audience: Audience) -> dict[str, list[Row]]:
    return _grouped(visible(db, "feedback", audience))


def latest_notes_of_kind(db: Db, kind: str, audience: Audience, limit: int) -> tuple[list[Row], int]:
    """The latest `limit` notes of `kind` (oldest of them first) and the number of them all."""
    where = f"{LIVE} and kind = ? and {shown(audience, 'note')}"
    total = db.execute(f"select count(*) from note where {where}", [kind]).fetchone()[0]
    latest = rows(db, f"select * from note where {where} order by created_at desc limit ?", [kind, limit])
    return [decode(r) for r in reversed(latest)], total


def revisions_by_goal(db: Db, audience: Audience) -> dict[str, list[GoalRevisionRow]]:
    found = visible(db, "goal_revision", audience)
    for row in found:
        row["before"], row["after"] = json.loads(row["before"]), json.loads(row["after"])
    return cast("dict[str, list[GoalRevisionRow]]", _grouped(found, "goal_id"))


def progress_by_goal(db: Db, audience: Audience) -> dict[str, list[GoalProgressRow]]:
    found = visible(db, "goal_progress", audience)
    return cast("dict[str, list[GoalProgressRow]]", _grouped(found, "goal_id"))


def cancelled_sessions(db: Db, audience: Audience, until: str = "9999") -> list[Row]:
    """Cancelled sessions starting before `until`, in date order (with their reasons)."""
    where = "state = ? and starts_at < ?"
    return visible(db, "session", audience, where, [SessionState.CANCELLED, until], order="starts_at, id")


# (kind, text, author, visibility, session_id, created_at, for_me) of a note
NoteFacts = tuple[str, str, str, str, str | None, str, int]


def notes_of_kinds(db: Db, kinds: tuple[str, ...], audience: Audience) -> list[NoteFacts]:
    """(kind, text, author, visibility, session_id, created_at, for_me) of the live notes of
    `kinds`, in the order they were written (the report places each by its session); `for_me`: 1
    when the partner's journal wrote it in the owner's name (store/written_for_me.py). Plain
    tuples, as a journal of many years holds tens of thousands."""
    marks = ", ".join("?" for _ in kinds)
    return db.execute(
        "select kind, text, author, visibility, session_id, created_at, "
        "exists (select 1 from written_for_me w where w.id = note.id) from note "
        f"where {LIVE} and {shown(audience, 'note')} and kind in ({marks}) order by created_at",
        list(kinds),
    ).fetchall()


def questions_asked(db: Db, audience: Audience) -> dict[str, list[Row]]:
    """Questions taken up at a held session, by that session."""
    return _grouped(visible(db, "note", audience, f"{ASKED} and session_id is not null"))


def contact_counts(db: Db, audience: Audience) -> dict[str, int]:
    """Contacts between sessions, per author."""
    return dict(
        db.execute(
            f"select author, count(*) from note where {LIVE} and {shown(audience, 'note')} "
            "and kind = 'contact' group by author"
        ).fetchall()
    )


def held_after(db: Db, audience: Audience, starts_at: str) -> SessionRow | None:
    """The first held session starting after `starts_at`."""
    return _first_session(db, audience, "state = ?", SessionState.HELD, starts_at)


def notes_of_session(
    db: Db, session: Slot, until: str, kinds: tuple[str, ...], audience: Audience
) -> list[Row]:
    """Notes of `kinds` that belong to a held session: written for it, or written without a
    session from its start until `until` (the next held session's start)."""
    marks = ", ".join("?" for _ in kinds)
    where = (
        f"kind in ({marks}) "
        "and (session_id = ? or (session_id is null and created_at >= ? and created_at < ?))"
    )
    return [
        decode(r)
        for r in visible(db, "note", audience, where, [*kinds, session["id"], session["starts_at"], until])
    ]


def questions_of_session(db: Db, session_id: str, audience: Audience) -> list[Row]:
    """The questions taken up at a held session."""
    return visible(db, "note", audience, f"{ASKED} and session_id = ?", [session_id])


def feedback_of_session(db: Db, session_id: str, audience: Audience) -> list[Row]:
    return visible(db, "feedback", audience, "session_id = ?", [session_id], order="author")


def actions_made_between(db: Db, audience: Audience, since: str, until: str) -> list[Row]:
    """Actions agreed from `since` until `until` (UTC stamps), by due date."""
    where = "created_at >= ? and created_at < ?"
    order = "case when due is null then 1 else 0 end, due, id"
    return visible(db, "action", audience, where, [since, until], order=order)


def session_after(db: Db, audience: Audience, starts_at: str) -> SessionRow | None:
    """The first session after `starts_at` that is not cancelled (held, or still to come)."""
    return _first_session(db, audience, "state != ?", SessionState.CANCELLED, starts_at)


def _first_session(db: Db, audience: Audience, state: str, value: str, starts_at: str) -> SessionRow | None:
    """The first session after `starts_at` whose state meets `state` (compared with `value`)."""
    where = f"{state} and starts_at > ?"
    found = visible(db, "session", audience, where, [value, starts_at], order="starts_at, id", limit=1)
    return cast("SessionRow", found[0]) if found else None
