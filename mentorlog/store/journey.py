"""Queries for the journey reports: held sessions with their topics, decisions and feedback,
notes of one kind, and totals, each in one indexed query rather than one per session."""

from __future__ import annotations

from collections import defaultdict

from mentorlog.store.process import LIVE, rows
from mentorlog.store.sessions import decode


def held_sessions(db) -> list[dict]:
    found = rows(
        db,
        f"select s.*, (select count(*) from session o where o.deleted_at is null and "
        f"(o.starts_at < s.starts_at or (o.starts_at = s.starts_at and o.id < s.id))) + 1 as number "
        f"from session s where s.{LIVE} and s.state = 'held' order by s.starts_at",
    )
    return found


def _grouped(found: list[dict], key: str = "session_id") -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in found:
        grouped[row[key]].append(row)
    return grouped


def topics_by_session(db) -> dict[str, list[dict]]:
    return _grouped(
        rows(db, f"select * from topic where {LIVE} and session_id is not null order by created_at")
    )


def notes_by_session(db, kind: str) -> dict[str, list[dict]]:
    return _grouped(
        rows(
            db,
            f"select * from note where {LIVE} and kind = ? and session_id is not null order by created_at",
            [kind],
        )
    )


def feedback_by_session(db) -> dict[str, list[dict]]:
    return _grouped(rows(db, f"select * from feedback where {LIVE} order by created_at"))


def notes_of_kind(db, kind: str) -> list[dict]:
    return [
        decode(r)
        for r in rows(db, f"select * from note where {LIVE} and kind = ? order by created_at", [kind])
    ]


def session_totals(db, until: str = "9999") -> dict:
    """Held, planned (not cancelled) and cancelled sessions starting before `until`, and minutes held."""
    row = db.execute(
        f"select sum(state = 'held'), sum(state != 'cancelled'), sum(state = 'cancelled'), "
        f"coalesce(sum(case when state = 'held' then length_minutes end), 0) from session "
        f"where {LIVE} and starts_at < ?",
        [until],
    ).fetchone()
    return {"held": row[0] or 0, "planned": row[1] or 0, "cancelled": row[2] or 0, "minutes": row[3]}
