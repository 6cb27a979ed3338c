"""Queries for sessions, topics, feedback and notes.

Sessions are numbered by people in date order (1, 2, 3 …) among those not removed; the number
is computed, never stored, so moving a session renumbers the list as a person would expect.
Reads that run on every `note`, `agenda` and `status` touch only indexed rows near "now", so
their cost does not grow with the years of history.
"""

from __future__ import annotations

import json
import sqlite3

from mentorlog.errors import InvalidInput
from mentorlog.store.process import LIVE, rows

OPEN_STATES = ("proposed", "confirmed")


# --- sessions ---------------------------------------------------------------------------------


def numbered_sessions(db) -> list[dict]:
    """Every live session in date order, each with its `number`."""
    found = rows(db, f"select * from session where {LIVE} order by starts_at, id")
    for number, row in enumerate(found, start=1):
        row["number"] = number
    return found


def session_number(db, session: dict) -> int:
    """The number of one session without reading them all."""
    return (
        1
        + db.execute(
            f"select count(*) from session where {LIVE} and (starts_at < ? or (starts_at = ? and id < ?))",
            [session["starts_at"], session["starts_at"], session["id"]],
        ).fetchone()[0]
    )


def session_by_number(db, number: int) -> dict | None:
    if number < 1:
        return None
    found = rows(
        db, f"select * from session where {LIVE} order by starts_at, id limit 1 offset ?", [number - 1]
    )
    if not found:
        return None
    found[0]["number"] = number
    return found[0]


def count_sessions(db, states: tuple[str, ...] | None = None) -> int:
    if states is None:
        return db.execute(f"select count(*) from session where {LIVE}").fetchone()[0]
    marks = ", ".join("?" for _ in states)
    return db.execute(f"select count(*) from session where {LIVE} and state in ({marks})", states).fetchone()[
        0
    ]


def next_session(db, after: str) -> dict | None:
    """The first proposed or confirmed session starting at or after `after` (a UTC stamp)."""
    found = rows(
        db,
        f"select * from session where {LIVE} and state in ('proposed', 'confirmed') and starts_at >= ? "
        "order by starts_at, id limit 1",
        [after],
    )
    if found:
        found[0]["number"] = session_number(db, found[0])
    return found[0] if found else None


def last_held_session(db, before: str | None = None) -> dict | None:
    where, params = f"{LIVE} and state = 'held'", []
    if before is not None:
        where += " and starts_at < ?"
        params.append(before)
    found = rows(db, f"select * from session where {where} order by starts_at desc, id desc limit 1", params)
    if found:
        found[0]["number"] = session_number(db, found[0])
    return found[0] if found else None


def session_during(db, earliest_start: str, now: str) -> dict | None:
    """A session not cancelled that started between `earliest_start` and `now` (the caller checks its end)."""
    found = rows(
        db,
        f"select * from session where {LIVE} and state != 'cancelled' and starts_at between ? and ? "
        "order by starts_at desc limit 1",
        [earliest_start, now],
    )
    return found[0] if found else None


def held_since(db, since: str) -> bool:
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state = 'held' and starts_at >= ? limit 1", [since]
        ).fetchone()
        is not None
    )


def planned_sessions(db) -> list[dict]:
    """Proposed and confirmed sessions, in date order."""
    return rows(
        db, f"select * from session where {LIVE} and state in ('proposed', 'confirmed') order by starts_at"
    )


def final_session_planned(db) -> bool:
    """Whether a session of the final-reflection phase is planned or held."""
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state != 'cancelled' "
            "and phase = 'final-reflection' limit 1"
        ).fetchone()
        is not None
    )


# --- topics and questions ---------------------------------------------------------------------


def _carried(session: dict) -> tuple[str, list]:
    """Items for `session`: its own, those parked for no session, and those left by earlier
    sessions that were cancelled or removed (they carry over to the next one)."""
    return (
        "(session_id = ? or session_id is null or session_id in (select id from session "
        "where (state = 'cancelled' or deleted_at is not null) and starts_at <= ?))",
        [session["id"], session["starts_at"]],
    )


def open_topics(db, session: dict) -> list[dict]:
    clause, params = _carried(session)
    return rows(
        db, f"select * from topic where {LIVE} and status = 'open' and {clause} order by created_at", params
    )


def open_questions(db, session: dict) -> list[dict]:
    clause, params = _carried(session)
    return rows(
        db,
        f"select * from note where {LIVE} and kind = 'question' and asked_at is null and {clause} "
        "and created_at <= ? order by created_at",
        [*params, session["starts_at"]],
    )


def topics_of(db, session_id: str) -> list[dict]:
    return rows(db, f"select * from topic where {LIVE} and session_id = ? order by created_at", [session_id])


# --- feedback ----------------------------------------------------------------------------------


def feedback_for(db, session_id: str) -> list[dict]:
    return rows(
        db, f"select * from feedback where {LIVE} and session_id = ? order by created_at", [session_id]
    )


def has_feedback_from(db, session_id: str, role: str) -> bool:
    return (
        db.execute(
            f"select 1 from feedback where {LIVE} and session_id = ? and author = ? limit 1",
            [session_id, role],
        ).fetchone()
        is not None
    )


# --- notes -------------------------------------------------------------------------------------


def decode(row: dict) -> dict:
    row["tags"] = json.loads(row["tags"]) if row.get("tags") else []
    return row


def notes_since(db, since: str, kinds: tuple[str, ...]) -> list[dict]:
    marks = ", ".join("?" for _ in kinds)
    return [
        decode(r)
        for r in rows(
            db,
            f"select * from note where {LIVE} and kind in ({marks}) and created_at >= ? order by created_at",
            [*kinds, since],
        )
    ]


def last_contact(db) -> dict | None:
    found = rows(db, f"select * from note where {LIVE} and kind = 'contact' order by created_at desc limit 1")
    return decode(found[0]) if found else None


def timeline(
    db,
    *,
    limit: int,
    since: str | None,
    until: str | None,
    kind: str | None,
    session_id: str | None,
    tag: str | None,
) -> list[dict]:
    """The newest `limit` notes matching the filters, returned oldest first."""
    where, params = [LIVE], []
    for value, clause in (
        (since, "created_at >= ?"),
        (until, "created_at < ?"),
        (kind, "kind = ?"),
        (session_id, "session_id = ?"),
        (tag, "exists (select 1 from json_each(note.tags) where value = ?)"),
    ):
        if value:
            where.append(clause)
            params.append(value)
    found = rows(
        db,
        f"select * from note where {' and '.join(where)} order by created_at desc, id desc limit ?",
        [*params, limit],
    )
    return [decode(r) for r in reversed(found)]


SEARCHABLE = (
    ("note", "text", "kind"),
    ("topic", "text", "'topic'"),
    ("goal", "title", "'goal'"),
    ("action", "text", "'action'"),
)


def search(db, query: str, limit: int) -> list[dict]:
    """Full-text matches across notes, topics, goals and actions, newest first (FTS5).

    A query FTS5 can't parse (`grant-deadline`, an unmatched quote) is retried with every word
    quoted, so people can type what they remember; only if that fails too is it an error.
    """
    try:
        return _search(db, query, limit)
    except sqlite3.OperationalError:
        quoted = " ".join('"{}"'.format(word.replace('"', '""')) for word in query.split())
        try:
            return _search(db, quoted, limit)
        except sqlite3.OperationalError as error:
            raise InvalidInput(f"Can't search for {query!r} ({error}). Try plain words.") from None


def _search(db, query: str, limit: int) -> list[dict]:
    # Newest matches first: each FTS index is read backwards and stops after a few, so the cost
    # stays the same however many thousands of old entries match (ranking them all would not).
    inner = limit * 2 + 50  # room for matches that were removed (rm keeps them in the index)
    parts = []
    params: list = []
    for table, text, kind in SEARCHABLE:
        extra = (
            "tags, session_id"
            if table == "note"
            else "null as tags, " + ("session_id" if table == "topic" else "null as session_id")
        )
        parts.append(
            f"select * from (select {table}.id, {kind} as kind, {table}.{text} as text, author, visibility, "
            f"phase, created_at, {extra} from "
            f"(select rowid from {table}_fts where {table}_fts match ? order by rowid desc limit ?) as hits "
            f"join {table} on {table}.rowid = hits.rowid where {table}.deleted_at is null)"
        )
        params.extend([query, inner])
    sql = " union all ".join(parts) + " order by created_at desc limit ?"
    return [decode(r) for r in rows(db, sql, [*params, limit])]
