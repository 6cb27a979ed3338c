"""Queries for the here-and-now map (assessments) and the there-and-then plan: outcomes, options
and actions (live only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mentorlog.model import ActionStatus, Audience
from mentorlog.store.audience import hidden_links, shown, without_hidden
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Params, Row, count, rows

if TYPE_CHECKING:
    from mentorlog.rows.stored import ActionRow

# --- here-and-now ---------------------------------------------------------------------------


def list_assessments(db: Db, audience: Audience) -> list[Row]:
    return rows(
        db, f"select * from assessment where {LIVE} and {shown(audience, 'assessment')} order by area, id"
    )


def count_assessments(db: Db, area: str | None = None, author: str | None = None) -> int:
    """Live assessments, of one area or of all, by one author or by both."""
    if area is None and author is None:
        return count(db, f"select count(*) from assessment where {LIVE}")
    return count(
        db,
        f"select count(*) from assessment where {LIVE} and area = coalesce(?, area) "
        "and author = coalesce(?, author)",
        [area, None if author is None else str(author)],
    )


# --- there-and-then -------------------------------------------------------------------------


def _read(db: Db, audience: Audience, table: str, where: str, order: str, params: Params = ()) -> list[Row]:
    """Live rows of `table` the audience may see, links to what it may not see left out."""
    sql = (
        f"select t.*{hidden_links(audience, table, 't')} from [{table}] t "
        f"where t.{LIVE} and {shown(audience, table, 't')} {where} order by {order}"
    )
    return [without_hidden(row) for row in rows(db, sql, params)]


def list_outcomes(db: Db, audience: Audience) -> list[Row]:
    return _read(db, audience, "outcome", "", "t.by, t.id")


def list_options(db: Db, audience: Audience) -> list[Row]:
    return _read(db, audience, "option", "", "t.feasibility desc, t.id")


def list_actions(
    db: Db, audience: Audience, statuses: tuple[str, ...] | None = (ActionStatus.OPEN,)
) -> list[ActionRow]:
    """Actions by due date (those without one last); all of them when `statuses` is None."""
    order = "case when t.due is null then 1 else 0 end, t.due, t.id"
    if statuses is None:
        return cast("list[ActionRow]", _read(db, audience, "action", "", order))
    marks = ", ".join("?" for _ in statuses)
    return cast(
        "list[ActionRow]", _read(db, audience, "action", f"and t.status in ({marks})", order, statuses)
    )


def actions_done_since(db: Db, audience: Audience, since: str) -> list[ActionRow]:
    """Actions done at or after `since` (a UTC stamp), by due date: found through the (status,
    done_at) index, so the years of actions done before are never read."""
    order = "case when t.due is null then 1 else 0 end, t.due, t.id"
    where = "and t.status = ? and t.done_at >= ?"
    return cast("list[ActionRow]", _read(db, audience, "action", where, order, [ActionStatus.DONE, since]))
