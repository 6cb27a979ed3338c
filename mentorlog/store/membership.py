"""The programme a pair's journal joined: the `programme_membership` table (one row at most).

- `name`, `coordinator`: the programme as its kick-off file names it;
- `recipient`, `signing_public`: the programme's age public key (summaries are sealed to it) and
  its Ed25519 signing key, pinned from the kick-off file that the programme code opened;
- `token`: proof that this journal was given the code (HMAC-SHA256 of this journal's signing key
  under the code), carried by every summary so that the coordinator pins this journal's key;
- `folder`: the programme folder summaries are written into (`programme sync`), when joined by one;
- `joined_at`, `left_on`: when this journal joined, and the day it left (`programme leave`);
- `share_ratings`: 1 when the owner lets feedback ratings travel (`programme share-ratings on`).

Local to this journal, never in a bundle or an export.
"""

from __future__ import annotations

from typing import Any

from mentorlog.store.db import Db

TABLE = "programme_membership"
COLUMNS = (
    "name", "coordinator", "recipient", "signing_public", "token", "folder", "joined_at", "left_on",
    "share_ratings",
)  # fmt: skip


def create_table(db: Db) -> None:
    db.execute(
        f"create table [{TABLE}] (id integer primary key check (id = 1), name text not null, "
        "coordinator text not null, recipient text not null, signing_public text not null, "
        "token text not null, folder text, joined_at text not null, left_on text, "
        "share_ratings integer not null default 0)"
    )


def read(db: Db) -> dict[str, Any] | None:
    """The membership, or None when this journal has not joined a programme."""
    names = ", ".join(COLUMNS)
    row = next(db.query(f"select {names} from [{TABLE}] where id = 1"), None)
    return dict(row) if row else None


def save(db: Db, values: dict[str, Any]) -> None:
    """Join (inside the caller's write transaction): the one row, made anew."""
    db.execute(f"delete from [{TABLE}]")
    db.insert(TABLE, {"id": 1, **{name: values.get(name) for name in COLUMNS}})


def change(db: Db, **values: Any) -> None:
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"no such column in {TABLE}: {sorted(unknown)}")
    assignments = ", ".join(f"[{name}] = ?" for name in values)
    db.execute(f"update [{TABLE}] set {assignments} where id = 1", list(values.values()))


# --- what a summary reads from the pair's journal (only what may leave it) ---------------------

ACTIVITY_TABLES = ("session", "note", "action", "goal", "agreement", "feedback", "reflection")


def sessions(db: Db) -> list[dict[str, Any]]:
    """Each shared session's start (UTC stamp), state and length, in time order."""
    from mentorlog.model import Audience
    from mentorlog.store.audience import shown
    from mentorlog.store.records import LIVE

    return list(
        db.query(
            f"select starts_at, state, length_minutes from session where {LIVE} "
            f"and {shown(Audience.PARTNER, 'session')} order by starts_at, id"
        )
    )


def ratings(db: Db, author: str) -> list[dict[str, Any]]:
    """The shared feedback ratings `author` gave, each with its session's start."""
    from mentorlog.model import Audience
    from mentorlog.store.audience import shown

    return list(
        db.query(
            "select s.starts_at, f.rating from feedback f join session s on s.id = f.session_id "
            f"where f.deleted_at is null and s.deleted_at is null and f.author = ? "
            f"and {shown(Audience.PARTNER, 'feedback', 'f')} and {shown(Audience.PARTNER, 'session', 's')} "
            "and f.rating is not null order by s.starts_at, f.id",
            [author],
        )
    )


def last_activity(db: Db) -> str | None:
    """The newest change stamp among the shared records that mark activity."""
    from mentorlog.model import Audience
    from mentorlog.store.audience import shown
    from mentorlog.store.records import LIVE

    found = [
        db.execute(
            f"select max(updated_at) from [{table}] where {LIVE} and {shown(Audience.PARTNER, table)}"
        ).fetchone()[0]
        for table in ACTIVITY_TABLES
    ]
    values = [value for value in found if value]
    return max(values) if values else None
