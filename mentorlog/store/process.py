"""Queries for the process records: agreement, rules, vision, goals, assessments, the plan.

Every query leaves out soft-deleted records unless it says otherwise, and returns plain dicts.
"""

from __future__ import annotations

import json

from mentorlog.store import records
from mentorlog.store.records import Writer

LIVE = "deleted_at is null"


def rows(db, sql: str, params=()) -> list[dict]:
    return list(db.query(sql, params))


# --- agreement ------------------------------------------------------------------------------


def agreement_versions(db) -> list[dict]:
    return rows(db, f"select * from agreement where {LIVE} order by version")


def latest_agreement(db) -> dict | None:
    found = rows(db, f"select * from agreement where {LIVE} order by version desc limit 1")
    return found[0] if found else None


def agreement_in_force(db) -> dict | None:
    found = rows(
        db, f"select * from agreement where {LIVE} and state = 'approved' order by version desc limit 1"
    )
    return found[0] if found else None


# --- rules and vision -----------------------------------------------------------------------


def list_rules(db, include_deleted: bool = False) -> list[dict]:
    where = "1" if include_deleted else LIVE
    return rows(db, f"select * from rule where {where} order by id")


def current_vision(db) -> dict | None:
    found = rows(db, f"select * from vision where {LIVE} order by id desc limit 1")
    return found[0] if found else None


# --- goals ----------------------------------------------------------------------------------


def list_goals(db, statuses: tuple[str, ...] | None = ("active",)) -> list[dict]:
    if statuses is None:
        return rows(db, f"select * from goal where {LIVE} order by id")
    marks = ", ".join("?" for _ in statuses)
    return rows(db, f"select * from goal where {LIVE} and status in ({marks}) order by id", statuses)


def goal_revisions(db, goal_id: str) -> list[dict]:
    found = rows(db, f"select * from goal_revision where {LIVE} and goal_id = ? order by id", [goal_id])
    for row in found:
        row["before"] = json.loads(row["before"])
        row["after"] = json.loads(row["after"])
    return found


def goal_progress(db, goal_id: str) -> list[dict]:
    return rows(db, f"select * from goal_progress where {LIVE} and goal_id = ? order by id", [goal_id])


def revise_goal(db, writer: Writer, goal: dict, changes: dict, reason: str) -> None:
    before = {key: goal[key] for key in changes}
    records.insert(
        db,
        "goal_revision",
        writer,
        {
            "goal_id": goal["id"],
            "before": json.dumps(before, ensure_ascii=False),
            "after": json.dumps(changes, ensure_ascii=False),
            "reason": reason,
        },
    )
    records.update(db, "goal", goal["id"], writer, changes)


def record_progress(db, writer: Writer, goal_id: str, percent: int, note: str | None) -> None:
    records.insert(db, "goal_progress", writer, {"goal_id": goal_id, "percent": percent, "note": note})
    records.update(db, "goal", goal_id, writer, {"progress": percent})


# --- here-and-now ---------------------------------------------------------------------------


def list_assessments(db) -> list[dict]:
    return rows(db, f"select * from assessment where {LIVE} order by area, id")


def assessed_areas(db) -> set[str]:
    return {row["area"] for row in rows(db, f"select distinct area from assessment where {LIVE}")}


# --- there-and-then -------------------------------------------------------------------------


def list_outcomes(db) -> list[dict]:
    return rows(db, f"select * from outcome where {LIVE} order by by, id")


def list_options(db) -> list[dict]:
    return rows(db, f"select * from option where {LIVE} order by feasibility desc, id")


def list_actions(db, statuses: tuple[str, ...] | None = ("open",)) -> list[dict]:
    order = "order by case when due is null then 1 else 0 end, due, id"
    if statuses is None:
        return rows(db, f"select * from action where {LIVE} {order}")
    marks = ", ".join("?" for _ in statuses)
    return rows(db, f"select * from action where {LIVE} and status in ({marks}) {order}", statuses)


def overdue_actions(db, today: str) -> list[dict]:
    return rows(
        db,
        f"select * from action where {LIVE} and status = 'open' and due is not null and due < ? "
        "order by due, id",
        [today],
    )


def count(db, table: str, where: str = LIVE, params=()) -> int:
    return db.execute(f"select count(*) from [{table}] where {where}", params).fetchone()[0]


def note_counts(db) -> dict[str, int]:
    """Live notes per kind, from the (kind, deleted_at) index alone."""
    return dict(
        db.execute("select kind, count(*) from note where deleted_at is null group by kind").fetchall()
    )
