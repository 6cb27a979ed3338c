"""The days milestones were reached, each read from the record in one query (never stored)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from mentorlog.model import Audience, GoalStatus, Role, SessionState
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Params, rows


def _first(db: Db, sql: str, params: Params = ()) -> str | None:
    row = db.execute(sql, params).fetchone()
    return row[0] if row else None


def first_approval(db: Db, audience: Audience) -> str | None:
    return _first(
        db,
        f"select min(approved_at) from agreement where {LIVE} and {shown(audience, 'agreement')} "
        "and approved_at is not null",
    )


def first_held(db: Db, audience: Audience, since: str = "") -> str | None:
    """When the first session held (from `since`, a UTC stamp, on) started."""
    held = (
        f"select min(starts_at) from session where {LIVE} and {shown(audience, 'session')} "
        "and state = ? and starts_at >= ?"
    )
    return _first(db, held, [SessionState.HELD, since])


def first_action(db: Db, audience: Audience) -> str | None:
    return _first(db, f"select min(created_at) from action where {LIVE} and {shown(audience, 'action')}")


def all_areas_mapped_at(db: Db, areas: tuple[str, ...], audience: Audience) -> str | None:
    """When the last of `areas` was first assessed by the mentee (the mentor's view of an area
    does not map it), or None while one is missing."""
    mentee = f"author = '{Role.MENTEE}'"
    return _when_all_present(db, "assessment", "area", "created_at", areas, audience, mentee)


class AchievedGoal(NamedTuple):
    id: str
    title: str
    ended_on: str | None


def achieved_goals(db: Db, audience: Audience) -> list[AchievedGoal]:
    """The goals achieved, in the order they were."""
    found = db.execute(
        f"select id, title, ended_on from goal where {LIVE} and {shown(audience, 'goal')} and status = ? "
        "order by ended_on",
        [GoalStatus.ACHIEVED],
    ).fetchall()
    return [AchievedGoal(*row) for row in found]


def reflection_done_at(db: Db, keys: list[str], audience: Audience) -> str | None:
    """When every reflection question had an answer from at least one of the pair."""
    return _when_all_present(db, "reflection", "key", "updated_at", keys, audience)


def _when_all_present(
    db: Db,
    table: str,
    column: str,
    moment: str,
    values: Sequence[str],
    audience: Audience,
    condition: str = "1",
) -> str | None:
    """When the last of `values` first appeared in `table`.`column` (by `moment`), or None while one
    is missing (table and column names are the code's own, the values are parameters)."""
    marks = ", ".join("?" for _ in values)
    found = rows(
        db,
        f"select [{column}], min([{moment}]) as first from [{table}] "
        f"where {LIVE} and {shown(audience, table)} and {condition} and [{column}] in ({marks}) "
        f"group by [{column}]",
        list(values),
    )
    return max(r["first"] for r in found) if len(found) == len(values) else None
