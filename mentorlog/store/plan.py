"""Queries for the here-and-now map (assessments) and the there-and-then plan: outcomes, options
and actions (live only)."""

from __future__ import annotations

from mentorlog.model import ActionStatus
from mentorlog.store.records import LIVE, rows

# --- here-and-now ---------------------------------------------------------------------------


def list_assessments(db) -> list[dict]:
    return rows(db, f"select * from assessment where {LIVE} order by area, id")


def assessed_areas(db) -> set[str]:
    return {row["area"] for row in rows(db, f"select distinct area from assessment where {LIVE}")}


def count_assessments(db, area: str | None = None, author: str | None = None) -> int:
    """Live assessments, of one area or of all, by one author or by both."""
    if area is None and author is None:
        return db.execute(f"select count(*) from assessment where {LIVE}").fetchone()[0]
    return db.execute(
        f"select count(*) from assessment where {LIVE} and area = coalesce(?, area) "
        "and author = coalesce(?, author)",
        [area, None if author is None else str(author)],
    ).fetchone()[0]


# --- there-and-then -------------------------------------------------------------------------


def list_outcomes(db) -> list[dict]:
    return rows(db, f"select * from outcome where {LIVE} order by by, id")


def list_options(db) -> list[dict]:
    return rows(db, f"select * from option where {LIVE} order by feasibility desc, id")


def list_actions(db, statuses: tuple[str, ...] | None = (ActionStatus.OPEN,)) -> list[dict]:
    """Actions by due date (those without one last); all of them when `statuses` is None."""
    order = "order by case when due is null then 1 else 0 end, due, id"
    if statuses is None:
        return rows(db, f"select * from action where {LIVE} {order}")
    marks = ", ".join("?" for _ in statuses)
    return rows(db, f"select * from action where {LIVE} and status in ({marks}) {order}", statuses)
