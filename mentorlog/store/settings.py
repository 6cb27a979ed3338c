"""This journal's own settings, kept in its `journal` row and never exchanged: how numeric dates
read (`date_order`). One small read per command that takes a date."""

from __future__ import annotations


def date_order(db) -> str | None:
    """`dmy`, `mdy`, or None when the journal names no order (day first)."""
    row = db.execute("select date_order from journal limit 1").fetchone()
    return row[0] if row and row[0] else None


def set_date_order(db, order: str) -> None:
    db.execute("update journal set date_order = ?", [order])
