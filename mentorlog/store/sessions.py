"""Queries for sessions, their topics and their feedback.

A session keeps the number it was given when it was planned (one more than the highest number
the journal knows), in both journals, whatever is planned later: the number is stored, never
recomputed. Two sessions planned at once in the two journals can get the same number; the merge
renumbers the later-made one in the journal that made it (`renumber_clashes`), so both journals
agree after the next exchange. Reads that run on every `note`, `agenda` and `status` touch only
indexed rows near "now", so their cost does not grow with the years of history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from mentorlog.model import OPEN_SESSION_STATES, Audience, Phase, SessionState, TopicStatus
from mentorlog.store.audience import shown, visible
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Params, Row, count, get, rows, storable

if TYPE_CHECKING:
    from mentorlog.rows.stored import FeedbackRow, SessionRow, Slot, TopicRow, WaitingTopic


def _sessions(db: Db, sql: str, params: Params = ()) -> list[SessionRow]:
    return cast("list[SessionRow]", rows(db, sql, params))


OPEN = f"state in ({', '.join('?' for _ in OPEN_SESSION_STATES)})"  # with OPEN_SESSION_STATES as parameters


# --- sessions ---------------------------------------------------------------------------------


def numbered_sessions(db: Db, audience: Audience) -> list[SessionRow]:
    """Every live session in date order (each row holds its `number`)."""
    sql = f"select * from session where {LIVE} and {shown(audience, 'session')} order by starts_at, id"
    return cast("list[SessionRow]", rows(db, sql))


def session_number(db: Db, session: Mapping[str, Any]) -> int:
    """The number of a session (kept on the session since it was planned)."""
    return int(session["number"])


def session_by_number(db: Db, number: int, audience: Audience) -> SessionRow | None:
    """The live session with `number` (the one made first, while a clash waits to be renumbered)."""
    if not storable(number):
        return None
    found = _sessions(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and number = ? "
        "order by created_at, id limit 1",
        [number],
    )
    return found[0] if found else None


def stored_session(db: Db, session_id: str) -> SessionRow:
    """The session `session_id`, which the caller knows exists (removed or not)."""
    return cast("SessionRow", get(db, "session", session_id))


def next_number(db: Db) -> int:
    """The number the next planned session gets: one more than any the journal has given."""
    return (db.execute("select max(number) from session").fetchone()[0] or 0) + 1


def number_range(db: Db) -> tuple[int, int] | None:
    """The lowest and highest number of a live session, or None."""
    low, high = db.execute(f"select min(number), max(number) from session where {LIVE}").fetchone()
    return None if low is None else (low, high)


def clashes(db: Db) -> list[list[Row]]:
    """Sessions that share a number (made at once in the two journals): the shared ones first-made
    first, then the private ones, which give way (store/numbers.py says why)."""
    numbers = [row[0] for row in db.execute("select number from session group by number having count(*) > 1")]
    return [
        rows(
            db,
            "select * from session where number = ? order by visibility = 'private', created_at, id",
            [number],
        )
        for number in numbers
    ]


def free_number(db: Db, private: bool) -> int:
    """The number a session that has to move takes (as `numbers.free_number`)."""
    if private:
        return next_number(db)
    return (db.execute("select max(number) from session where visibility = 'shared'").fetchone()[0] or 0) + 1


def count_sessions(db: Db, states: tuple[str, ...] | None = None) -> int:
    if states is None:
        return count(db, f"select count(*) from session where {LIVE}")
    marks = ", ".join("?" for _ in states)
    return count(db, f"select count(*) from session where {LIVE} and state in ({marks})", states)


class SessionTotals(NamedTuple):
    """Sessions starting before a moment: held, planned (not cancelled), cancelled; minutes held."""

    held: int
    planned: int
    cancelled: int
    minutes: int


def session_totals(db: Db, audience: Audience, until: str = "9999") -> SessionTotals:
    """The totals of the sessions `audience` may see that start before `until` (a UTC stamp)."""
    row = db.execute(
        "select sum(state = :held), sum(state != :cancelled), sum(state = :cancelled), "
        "coalesce(sum(case when state = :held then length_minutes end), 0) from session "
        f"where {LIVE} and {shown(audience, 'session')} and starts_at < :until",
        {"held": SessionState.HELD, "cancelled": SessionState.CANCELLED, "until": until},
    ).fetchone()
    return SessionTotals(held=row[0] or 0, planned=row[1] or 0, cancelled=row[2] or 0, minutes=row[3])


def next_session(db: Db, after: str, audience: Audience) -> SessionRow | None:
    """The first proposed or confirmed session starting at or after `after` (a UTC stamp)."""
    found = _sessions(
        db,
        f"select * from session where {LIVE} and {shown(audience, 'session')} and {OPEN} and starts_at >= ? "
        "order by starts_at, id limit 1",
        [*OPEN_SESSION_STATES, after],
    )
    if found:
        found[0]["number"] = session_number(db, found[0])
    return found[0] if found else None


def last_held_session(db: Db, audience: Audience, before: str | None = None) -> SessionRow | None:
    where, params = f"{LIVE} and {shown(audience, 'session')} and state = ?", [str(SessionState.HELD)]
    if before is not None:
        where += " and starts_at < ?"
        params.append(before)
    found = _sessions(
        db, f"select * from session where {where} order by starts_at desc, id desc limit 1", params
    )
    if found:
        found[0]["number"] = session_number(db, found[0])
    return found[0] if found else None


def session_during(db: Db, earliest_start: str, now: str) -> SessionRow | None:
    """A session not cancelled that started between `earliest_start` and `now` (the caller checks its end)."""
    found = _sessions(
        db,
        f"select * from session where {LIVE} and state != ? and starts_at between ? and ? "
        "order by starts_at desc limit 1",
        [SessionState.CANCELLED, earliest_start, now],
    )
    return found[0] if found else None


def held_since(db: Db, since: str) -> bool:
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state = ? and starts_at >= ? limit 1",
            [SessionState.HELD, since],
        ).fetchone()
        is not None
    )


def planned_sessions(db: Db) -> list[SessionRow]:
    """Proposed and confirmed sessions, in date order."""
    return _sessions(
        db, f"select * from session where {LIVE} and {OPEN} order by starts_at", OPEN_SESSION_STATES
    )


def final_session_planned(db: Db) -> bool:
    """Whether a session of the final-reflection phase is planned or held."""
    return (
        db.execute(
            f"select 1 from session where {LIVE} and state != ? and phase = ? limit 1",
            [SessionState.CANCELLED, Phase.FINAL_REFLECTION],
        ).fetchone()
        is not None
    )


# --- topics and questions ---------------------------------------------------------------------


def carried(session: Slot) -> tuple[str, list[object]]:
    """Items for `session`: its own, those parked for no session, and those left by earlier
    sessions that were cancelled or removed (they carry over to the next one)."""
    return (
        "(session_id = ? or session_id is null or session_id in (select id from session "
        "where (state = ? or deleted_at is not null) and starts_at <= ?))",
        [session["id"], SessionState.CANCELLED, session["starts_at"]],
    )


def open_topics(db: Db, session: Slot, audience: Audience) -> list[TopicRow]:
    clause, params = carried(session)
    return _topics(
        db,
        f"select * from topic where {LIVE} and {shown(audience, 'topic')} and status = ? and {clause} "
        "order by created_at, id",
        [TopicStatus.OPEN, *params],
    )


def _topics(db: Db, sql: str, params: Params = ()) -> list[TopicRow]:
    return cast("list[TopicRow]", rows(db, sql, params))


def waiting_topics(db: Db, audience: Audience) -> list[WaitingTopic]:
    """Open topics that wait for the next session: parked for none, or left by a session cancelled
    or removed, oldest first; `left_at` and `left_number` are that session's (None: parked for none)."""
    return cast(
        "list[WaitingTopic]",
        rows(
            db,
            "select topic.*, was.starts_at as left_at, was.number as left_number from topic "
            "left join session as was on was.id = topic.session_id "
            f"where topic.deleted_at is null and {shown(audience, 'topic', 'topic')} and topic.status = ? "
            "and (topic.session_id is null or was.state = ? or was.deleted_at is not null) "
            "order by topic.created_at, topic.id",
            [TopicStatus.OPEN, SessionState.CANCELLED],
        ),
    )


def topics_of(db: Db, session_id: str, audience: Audience) -> list[TopicRow]:
    return cast(
        "list[TopicRow]",
        visible(db, "topic", audience, "session_id = ?", [session_id], order="created_at, id"),
    )


# --- feedback ----------------------------------------------------------------------------------


def list_topics(db: Db, include_discussed: bool = False) -> list[TopicRow]:
    """Live topics, the open ones unless `include_discussed`: by the time of their session (those
    for the next session, whichever it is, last), then in the order they were proposed."""
    sql = (
        "select t.* from topic t left join session s on s.id = t.session_id where t.deleted_at is null "
        "{status}order by s.starts_at is null, s.starts_at, t.created_at, t.id"
    )
    if include_discussed:
        return _topics(db, sql.format(status=""))
    return _topics(db, sql.format(status="and t.status = ? "), [TopicStatus.OPEN])


def sessions_by_id(db: Db, session_ids: set[str | None]) -> list[SessionRow]:
    wanted = sorted(i for i in session_ids if i)
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    return _sessions(db, f"select * from session where id in ({marks})", wanted)


def feedback_for(db: Db, session_id: str) -> list[FeedbackRow]:
    """Each person's feedback on a session (one each: the latest, should both journals have made one)."""
    found = _feedback(
        db,
        f"select * from feedback where {LIVE} and session_id = ? order by updated_at desc, id desc",
        [session_id],
    )
    latest = {row["author"]: row for row in reversed(found)}
    return sorted(latest.values(), key=lambda row: row["created_at"])


def feedback_from(db: Db, session_id: str, role: str) -> FeedbackRow | None:
    """The feedback `role` gave on a session (the latest, should both journals have made one)."""
    found = _feedback(
        db,
        f"select * from feedback where {LIVE} and session_id = ? and author = ? "
        "order by updated_at desc, id desc limit 1",
        [session_id, role],
    )
    return found[0] if found else None


def _feedback(db: Db, sql: str, params: Params) -> list[FeedbackRow]:
    return cast("list[FeedbackRow]", rows(db, sql, params))


def has_feedback_from(db: Db, session_id: str, role: str) -> bool:
    return (
        db.execute(
            f"select 1 from feedback where {LIVE} and session_id = ? and author = ? limit 1",
            [session_id, role],
        ).fetchone()
        is not None
    )
