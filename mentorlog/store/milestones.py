"""The days milestones were reached, each read from the record in one query (never stored)."""

from __future__ import annotations

from mentorlog.store.records import LIVE, rows


def _first(db, sql: str, params=()) -> str | None:
    row = db.execute(sql, params).fetchone()
    return row[0] if row else None


def first_approval(db) -> str | None:
    return _first(db, f"select min(approved_at) from agreement where {LIVE} and approved_at is not null")


def first_held(db) -> str | None:
    return _first(db, f"select min(starts_at) from session where {LIVE} and state = 'held'")


def first_held_after(db, mark: str) -> str | None:
    return _first(
        db, f"select min(starts_at) from session where {LIVE} and state = 'held' and starts_at >= ?", [mark]
    )


def first_action(db) -> str | None:
    return _first(db, f"select min(created_at) from action where {LIVE}")


def all_areas_mapped_at(db, areas: tuple[str, ...]) -> str | None:
    """When the last of `areas` was first assessed, or None while one is missing."""
    marks = ", ".join("?" for _ in areas)
    found = rows(
        db,
        f"select area, min(created_at) as first from assessment where {LIVE} and area in ({marks}) "
        "group by area",
        areas,
    )
    return max(r["first"] for r in found) if len(found) == len(areas) else None


def achieved_goals(db) -> list[dict]:
    return rows(
        db, f"select id, title, ended_on from goal where {LIVE} and status = 'achieved' order by ended_on"
    )


def reflection_done_at(db, keys: list[str]) -> str | None:
    """When every reflection question had an answer from at least one of the pair."""
    marks = ", ".join("?" for _ in keys)
    found = rows(
        db,
        f"select key, min(updated_at) as first from reflection where {LIVE} and key in ({marks}) "
        "group by key",
        keys,
    )
    return max(r["first"] for r in found) if len(found) == len(keys) else None
