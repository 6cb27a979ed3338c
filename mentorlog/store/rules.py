"""Queries for the rules of the game."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mentorlog.model import Audience
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, count, rows

if TYPE_CHECKING:
    from mentorlog.rows.stored import RuleRow


def list_rules(db: Db, audience: Audience, include_deleted: bool = False) -> list[RuleRow]:
    where = "1" if include_deleted else LIVE
    return cast(
        "list[RuleRow]",
        rows(db, f"select * from rule where {where} and {shown(audience, 'rule')} order by id"),
    )


def topic_days(db: Db) -> int | None:
    """The days before a session its topics are proposed, as the newest live rule of the kind
    `topics` says (shared or the owner's own), or None when no rule says."""
    row = db.execute(
        f"select days from rule where {LIVE} and kind = 'topics' and days is not null "
        "order by created_at desc, id desc limit 1"
    ).fetchone()
    return row[0] if row else None


def count_rules(db: Db) -> int:
    return count(db, f"select count(*) from rule where {LIVE}")
