"""This journal's own settings, kept in its `journal` row and never exchanged: how numeric dates
read (`date_order`; one small read per command that takes a date), and the calendar file kept
current after every command (`calendar_file`; one small read per command)."""

from __future__ import annotations

from mentorlog.store.db import Db


def date_order(db: Db) -> str | None:
    """`dmy`, `mdy`, or None when the journal names no order (day first)."""
    row = db.execute("select date_order from journal limit 1").fetchone()
    return row[0] if row and row[0] else None


def set_date_order(db: Db, order: str) -> None:
    db.execute("update journal set date_order = ?", [order])


def calendar_file(db: Db) -> tuple[str, bool] | None:
    """The calendar file this journal keeps current, and whether it holds every journal; or None."""
    row = db.execute("select calendar_file, calendar_all from journal limit 1").fetchone()
    return (row[0], bool(row[1])) if row and row[0] else None


def set_calendar_file(db: Db, path: str | None, every_journal: bool = False) -> None:
    every = int(every_journal) if path else None
    db.execute("update journal set calendar_file = ?, calendar_all = ?", [path, every])
