"""Queries for the journey reports: held sessions with their topics, decisions and feedback,
notes of one kind, and totals, each in one indexed query rather than one per session."""

from __future__ import annotations

import json
from collections import defaultdict

from mentorlog.model import Audience, SessionState
from mentorlog.store.audience import shown
from mentorlog.store.notes import decode
from mentorlog.store.records import LIVE, rows


def held_sessions(db, audience: Audience) -> list[dict]:
    """Held sessions in date order, each with the number it was given when planned."""
    return rows(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and state = ? "
        "order by starts_at, id",
        [SessionState.HELD],
    )


def _grouped(found: list[dict], key: str = "session_id") -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in found:
        grouped[row[key]].append(row)
    return grouped


def topics_by_session(db, audience: Audience) -> dict[str, list[dict]]:
    return _grouped(
        rows(
            db,
            f"select * from topic where {LIVE} and {shown(audience, 'topic')} and session_id is not null "
            "order by created_at, id",
        )
    )


def notes_by_session(db, kind: str, audience: Audience) -> dict[str, list[dict]]:
    return _grouped(
        rows(
            db,
            f"select * from note where {LIVE} and {shown(audience, 'note')} and kind = ? "
            "and session_id is not null order by created_at, id",
            [kind],
        )
    )


def feedback_by_session(db, audience: Audience) -> dict[str, list[dict]]:
    return _grouped(
        rows(db, f"select * from feedback where {LIVE} and {shown(audience, 'feedback')} order by created_at")
    )


def latest_notes_of_kind(db, kind: str, audience: Audience, limit: int) -> tuple[list[dict], int]:
    """The latest `limit` notes of `kind` (oldest of them first) and the number of them all."""
    where = f"{LIVE} and kind = ? and {shown(audience, 'note')}"
    total = db.execute(f"select count(*) from note where {where}", [kind]).fetchone()[0]
    latest = rows(db, f"select * from note where {where} order by created_at desc limit ?", [kind, limit])
    return [decode(r) for r in reversed(latest)], total


def revisions_by_goal(db, audience: Audience) -> dict[str, list[dict]]:
    found = rows(
        db,
        f"select * from goal_revision where {LIVE} and {shown(audience, 'goal_revision')} "
        "order by created_at",
    )
    for row in found:
        row["before"], row["after"] = json.loads(row["before"]), json.loads(row["after"])
    return _grouped(found, "goal_id")


def progress_by_goal(db, audience: Audience) -> dict[str, list[dict]]:
    return _grouped(
        rows(
            db,
            f"select * from goal_progress where {LIVE} and {shown(audience, 'goal_progress')} "
            "order by created_at",
        ),
        "goal_id",
    )


def session_totals(db, audience: Audience, until: str = "9999") -> dict:
    """Held, planned (not cancelled) and cancelled sessions starting before `until`, and minutes held."""
    row = db.execute(
        "select sum(state = :held), sum(state != :cancelled), sum(state = :cancelled), "
        "coalesce(sum(case when state = :held then length_minutes end), 0) from session "
        f"where {LIVE} and {shown(audience, 'session')} and starts_at < :until",
        {"held": SessionState.HELD, "cancelled": SessionState.CANCELLED, "until": until},
    ).fetchone()
    return {"held": row[0] or 0, "planned": row[1] or 0, "cancelled": row[2] or 0, "minutes": row[3]}


def cancelled_sessions(db, audience: Audience, until: str = "9999") -> list[dict]:
    """Cancelled sessions starting before `until`, in date order (with their reasons)."""
    return rows(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and state = ? "
        "and starts_at < ? order by starts_at, id",
        [SessionState.CANCELLED, until],
    )


def notes_of_kinds(db, kinds: tuple[str, ...], audience: Audience) -> list[tuple]:
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


def questions_asked(db, audience: Audience) -> dict[str, list[dict]]:
    """Questions taken up at a held session, by that session."""
    return _grouped(
        rows(
            db,
            f"select * from note where {LIVE} and {shown(audience, 'note')} and kind = 'question' "
            "and asked_at is not null and session_id is not null order by created_at",
        )
    )


def contact_counts(db, audience: Audience) -> dict[str, int]:
    """Contacts between sessions, per author."""
    return dict(
        db.execute(
            f"select author, count(*) from note where {LIVE} and {shown(audience, 'note')} "
            "and kind = 'contact' group by author"
        ).fetchall()
    )


def held_after(db, audience: Audience, starts_at: str) -> dict | None:
    """The first held session starting after `starts_at`."""
    found = rows(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and state = ? "
        "and starts_at > ? order by starts_at, id limit 1",
        [SessionState.HELD, starts_at],
    )
    return found[0] if found else None


def notes_of_session(db, session: dict, until: str, kinds: tuple[str, ...], audience: Audience) -> list[dict]:
    """Notes of `kinds` that belong to a held session: written for it, or written without a
    session from its start until `until` (the next held session's start)."""
    marks = ", ".join("?" for _ in kinds)
    return [
        decode(r)
        for r in rows(
            db,
            f"select * from note where {LIVE} and {shown(audience, 'note')} and kind in ({marks}) "
            "and (session_id = ? or (session_id is null and created_at >= ? and created_at < ?)) "
            "order by created_at",
            [*kinds, session["id"], session["starts_at"], until],
        )
    ]


def questions_of_session(db, session_id: str, audience: Audience) -> list[dict]:
    """The questions taken up at a held session."""
    return rows(
        db,
        f"select * from note where {LIVE} and {shown(audience, 'note')} and kind = 'question' "
        "and asked_at is not null and session_id = ? order by created_at",
        [session_id],
    )


def feedback_of_session(db, session_id: str, audience: Audience) -> list[dict]:
    return rows(
        db,
        f"select * from feedback where {LIVE} and {shown(audience, 'feedback')} and session_id = ? "
        "order by author",
        [session_id],
    )


def actions_made_between(db, audience: Audience, since: str, until: str) -> list[dict]:
    """Actions agreed from `since` until `until` (UTC stamps), by due date."""
    return rows(
        db,
        f"select * from action where {LIVE} and {shown(audience, 'action')} and created_at >= ? "
        "and created_at < ? order by case when due is null then 1 else 0 end, due, id",
        [since, until],
    )


def session_after(db, audience: Audience, starts_at: str) -> dict | None:
    """The first session after `starts_at` that is not cancelled (held, or still to come)."""
    found = rows(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and state != ? "
        "and starts_at > ? order by starts_at, id limit 1",
        [SessionState.CANCELLED, starts_at],
    )
    return found[0] if found else None
