"""Queries for the rules of the game."""

from __future__ import annotations

from mentorlog.model import Audience
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Row, count, rows


def list_rules(db: Db, audience: Audience, include_deleted: bool = False) -> list[Row]:
    where = "1" if include_deleted else LIVE
    return rows(db, f"select * from rule where {where} and {shown(audience, 'rule')} order by id")


def count_rules(db: Db) -> int:
    return count(db, f"select count(*) from rule where {LIVE}")
