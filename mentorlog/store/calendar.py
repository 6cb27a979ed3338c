"""The calendar's memory of what it exported: per item UID, a hash of the exported content and
the SEQUENCE it was given.

Local to this journal, never exchanged: each journal's calendar file has its own history. Rows
are written only when `calendar` finds an item new or changed, in one short transaction.
"""

from __future__ import annotations

from typing import Any

from mentorlog.store.db import Db

TABLE = "calendar_item"


def create_table(db: Db) -> None:
    db.execute(
        f"create table [{TABLE}] (uid text primary key, content_hash text not null, "
        "sequence integer not null, changed_at text not null)"
    )


def exported_items(db: Db) -> dict[str, dict[str, Any]]:
    """What the calendar exported last time, by UID."""
    return {
        row["uid"]: row for row in db.query(f"select uid, content_hash, sequence, changed_at from [{TABLE}]")
    }


def save_items(db: Db, rows: list[dict[str, Any]]) -> None:
    """Record new or changed items (`uid`, `content_hash`, `sequence`, `changed_at`)."""
    db.conn.executemany(
        f"insert into [{TABLE}] (uid, content_hash, sequence, changed_at) "
        "values (:uid, :content_hash, :sequence, :changed_at) "
        "on conflict(uid) do update set content_hash = excluded.content_hash, "
        "sequence = excluded.sequence, changed_at = excluded.changed_at",
        rows,
    )
