"""Queries for sessions, their topics and their feedback.

Sessions are numbered by people in date order (1, 2, 3 …) among those not removed; the number
is computed, never stored, so moving a session renumbers the list as a person would expect.
Reads that run on every `note`, `agenda` and `status` touch only indexed rows near "now", so
their cost does not grow with the years of history.
"""

from __future__ import annotations

from mentorlog.model import OPEN_SESSION_STATES, Phase, SessionState, TopicStatus
from mentorlog.store.records import LIVE, rows

OPEN = f"state in ({', '.join('?' for _ in OPEN_SESSION_STATES)})"  # with OPEN_SESSION_STATES as parameters


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
        f"select * from session where {LIVE} and {OPEN} and starts_at >= ? order by starts_at, id limit 1",
        [*OPEN_SESSION_STATES, after],
    )
    if found:
        found[0]["number"] = session_number(db, found[0])
    return found[0] if found else None


def last_held_session(db, before: str | None = None) -> dict | None:
    where, params = f"{LIVE} and state = ?", [str(SessionState.HELD)]
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
        f"select * from session where {LIVE} and state != ? and starts_at between ? and ? "
        "order by starts_at desc limit 1",
        [SessionState.CANCELLED, earliest_start, now],
    )
    return found[0] if found else None


def held_since(db, since: str) -> bool:
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state = ? and starts_at >= ? limit 1",
            [SessionState.HELD, since],
        ).fetchone()
        is not None
    )


def planned_sessions(db) -> list[dict]:
    """Proposed and confirmed sessions, in date order."""
    return rows(db, f"select * from session where {LIVE} and {OPEN} order by starts_at", OPEN_SESSION_STATES)


def final_session_planned(db) -> bool:
    """Whether a session of the final-reflection phase is planned or held."""
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state != ? and phase = ? limit 1",
            [SessionState.CANCELLED, Phase.FINAL_REFLECTION],
        ).fetchone()
        is not None
    )


# --- topics and questions ---------------------------------------------------------------------


def carried(session: dict) -> tuple[str, list]:
    """Items for `session`: its own, those parked for no session, and those left by earlier
    sessions that were cancelled or removed (they carry over to the next one)."""
    return (
        "(session_id = ? or session_id is null or session_id in (select id from session "
        "where (state = ? or deleted_at is not null) and starts_at <= ?))",
        [session["id"], SessionState.CANCELLED, session["starts_at"]],
    )


def open_topics(db, session: dict) -> list[dict]:
    clause, params = carried(session)
    return rows(
        db,
        f"select * from topic where {LIVE} and status = ? and {clause} order by created_at",
        [TopicStatus.OPEN, *params],
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
