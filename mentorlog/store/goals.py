"""Queries and writes for the vision and the goals, with their revisions and progress (live only)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from mentorlog.model import Audience, GoalStatus
from mentorlog.store import records
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Row, Writer, count, rows

if TYPE_CHECKING:
    from mentorlog.rows.process import (
        GoalProgressRow,
        GoalProgressSince,
        GoalRevisionRow,
        GoalRevisionSince,
        GoalRow,
        VisionRow,
    )


def current_vision(db: Db, audience: Audience) -> VisionRow | None:
    found = rows(
        db, f"select * from vision where {LIVE} and {shown(audience, 'vision')} order by id desc limit 1"
    )
    return cast("VisionRow", found[0]) if found else None


def list_goals(
    db: Db, audience: Audience, statuses: tuple[str, ...] | None = (GoalStatus.ACTIVE,)
) -> list[GoalRow]:
    """Goals in the order they were made; all of them when `statuses` is None."""
    where = f"{LIVE} and {shown(audience, 'goal')}"
    if statuses is None:
        return cast("list[GoalRow]", rows(db, f"select * from goal where {where} order by id"))
    marks = ", ".join("?" for _ in statuses)
    sql = f"select * from goal where {where} and status in ({marks}) order by id"
    return cast("list[GoalRow]", rows(db, sql, statuses))


def count_goals(db: Db, status: str) -> int:
    return count(db, f"select count(*) from goal where {LIVE} and status = ?", [status])


def goal_revisions(db: Db, goal_id: str) -> list[GoalRevisionRow]:
    found = rows(db, f"select * from goal_revision where {LIVE} and goal_id = ? order by id", [goal_id])
    for row in found:
        row["before"] = json.loads(row["before"])
        row["after"] = json.loads(row["after"])
    return cast("list[GoalRevisionRow]", found)


def goal_progress(db: Db, goal_id: str) -> list[GoalProgressRow]:
    sql = f"select * from goal_progress where {LIVE} and goal_id = ? order by id"
    return cast("list[GoalProgressRow]", rows(db, sql, [goal_id]))


def revise_goal(db: Db, writer: Writer, goal: GoalRow, changes: dict[str, str | None], reason: str) -> None:
    """Change a goal, keeping what it was and why it changed as a revision."""
    before = {key: cast("Row", goal)[key] for key in changes}
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


def record_progress(db: Db, writer: Writer, goal_id: str, percent: int, note: str | None) -> None:
    records.insert(db, "goal_progress", writer, {"goal_id": goal_id, "percent": percent, "note": note})
    records.update(db, "goal", goal_id, writer, {"progress": percent})


def progress_since(db: Db, since: str, audience: Audience) -> list[GoalProgressSince]:
    """Progress recorded on goals since `since` (UTC), oldest first, with the goal's title."""
    return cast("list[GoalProgressSince]", _goal_changes_since(db, "goal_progress", since, audience))


def revisions_since(db: Db, since: str, audience: Audience) -> list[GoalRevisionSince]:
    """Goal revisions since `since` (UTC), oldest first, with the goal's title."""
    found = _goal_changes_since(db, "goal_revision", since, audience)
    for row in found:
        row["before"], row["after"] = json.loads(row["before"]), json.loads(row["after"])
    return cast("list[GoalRevisionSince]", found)


def _goal_changes_since(db: Db, table: str, since: str, audience: Audience) -> list[Row]:
    """The rows of `table` (a goal's progress or revisions) made since `since`, oldest first, each
    with its goal's title; what `audience` may see of both."""
    return rows(
        db,
        f"select c.*, g.title as goal_title from {table} c join goal g on g.id = c.goal_id "
        f"where c.deleted_at is null and g.deleted_at is null and {shown(audience, table, 'c')} "
        f"and {shown(audience, 'goal', 'g')} and c.created_at >= ? order by c.created_at",
        [since],
    )
