"""Programme events: the workshops, consultations and announcements a coordinator plans, and the
copies a pair's journal takes in from the programme's signed bundle.

- `programme_event` in the **programme journal** (one row per event the coordinator made): its id,
  kind (`workshop`, `consultation`, `announcement`), who it is for (`all`, `mentors`, `mentees`),
  the start (a UTC stamp; an announcement's is when it was made), length, place or link, title (an
  announcement's text), state (`planned`, `cancelled`) and `version`, one more at every change, so
  that a pair's journal knows the newer of two copies; beside it `seen`, each summary file of the
  folder as automatic sync last took it in (size, time, inode), so that an unchanged one costs a `stat`;
- `received_event` in a **pair's journal** (schema step m023 too): the events of the programme it
  joined that are for its owner's role, as the newest bundle said them, and when they came.
  Local to the journal, never in a bundle to the partner or an export.
"""

from __future__ import annotations

from typing import Any

from mentorlog.store.db import Db

EVENT_COLUMNS = (
    "id", "kind", "audience", "starts_at", "length_minutes", "place", "link", "title", "state", "version",
)  # fmt: skip
PLANNED_COLUMNS = (*EVENT_COLUMNS, "created_at", "updated_at")
RECEIVED_COLUMNS = (*EVENT_COLUMNS, "received_at")
_EVENT_SQL = (
    "id text primary key, kind text not null check (kind in ('workshop', 'consultation', 'announcement')), "
    "audience text not null check (audience in ('all', 'mentors', 'mentees')), starts_at text not null, "
    "length_minutes integer, place text, link text, title text not null, "
    "state text not null check (state in ('planned', 'cancelled')), version integer not null"
)


def create_planned(db: Any) -> None:
    """The coordinator's events (programme journal), and what was last published of them."""
    db.execute(
        f"create table programme_event ({_EVENT_SQL}, created_at text not null, updated_at text not null)"
    )
    db.execute("alter table programme add column auto integer not null default 0")
    db.execute("alter table programme add column published text")
    db.execute("create table seen (path text primary key, size integer, mtime_ns integer, inode integer)")


def create_received(db: Any) -> None:
    """The events a pair's journal took in from its programme."""
    db.execute(f"create table received_event ({_EVENT_SQL}, received_at text not null)")
    db.execute("create index idx_received_event_starts on received_event (starts_at)")


def _select(
    table: str, columns: tuple[str, ...], where: str = "", params: list[Any] | None = None
) -> tuple[str, list[Any]]:
    names = ", ".join(f"[{name}]" for name in columns)
    return f"select {names} from [{table}] {where}", params or []


def _put(db: Db, table: str, columns: tuple[str, ...], row: dict[str, Any]) -> None:
    names = ", ".join(f"[{name}]" for name in columns)
    marks = ", ".join("?" for _ in columns)
    db.execute(f"insert or replace into [{table}] ({names}) values ({marks})", [row.get(n) for n in columns])


# --- the coordinator's ---------------------------------------------------------------------------


def planned(db: Db) -> list[dict[str, Any]]:
    """Every event the coordinator made, in time order."""
    sql, params = _select("programme_event", PLANNED_COLUMNS, "order by starts_at, id")
    return [dict(row) for row in db.query(sql, params)]


def planned_matching(db: Db, typed: str) -> list[dict[str, Any]]:
    """The events whose id starts or ends with what was typed (lists show the end)."""
    where = "where id like ? || '%' or id like '%' || ? order by id"
    sql, params = _select("programme_event", PLANNED_COLUMNS, where, [typed, typed])
    return [dict(row) for row in db.query(sql, params)]


def put_planned(db: Db, row: dict[str, Any]) -> None:
    _put(db, "programme_event", PLANNED_COLUMNS, row)


def settings(db: Db) -> dict[str, Any]:
    """Whether the programme syncs automatically, and the fingerprint of the events last published."""
    row = db.execute("select auto, published from programme where id = 1").fetchone()
    return {"auto": bool(row[0]), "published": row[1]} if row else {"auto": False, "published": None}


def set_auto(db: Db, auto: bool) -> None:
    db.execute("update programme set auto = ? where id = 1", [1 if auto else 0])


def set_published(db: Db, fingerprint: str) -> None:
    db.execute("update programme set published = ? where id = 1", [fingerprint])


def seen(db: Db) -> dict[str, tuple[int, int, int]]:
    """Each summary file of the folder as it was when last taken in: size, time, inode."""
    return {row[0]: (row[1], row[2], row[3]) for row in db.execute("select * from seen")}


def note_seen(db: Db, path: str, found: tuple[int, int, int]) -> None:
    db.execute(
        "insert or replace into seen (path, size, mtime_ns, inode) values (?, ?, ?, ?)", [path, *found]
    )


# --- a pair's journal's ----------------------------------------------------------------------------


def received_one(db: Db, event_id: str) -> dict[str, Any] | None:
    sql, params = _select("received_event", RECEIVED_COLUMNS, "where id = ?", [event_id])
    return next((dict(row) for row in db.query(sql, params)), None)


def put_received(db: Db, row: dict[str, Any]) -> None:
    _put(db, "received_event", RECEIVED_COLUMNS, row)


def drop_received(db: Db, event_id: str) -> None:
    db.execute("delete from received_event where id = ?", [event_id])


def received(db: Db, audiences: tuple[str, ...], since: str | None = None) -> list[dict[str, Any]]:
    """The events taken in for these audiences (from `since`, a UTC stamp), in time order."""
    marks = ", ".join("?" for _ in audiences)
    where = f"where audience in ({marks})" + (" and starts_at >= ?" if since else "")
    params = [*audiences, *([since] if since else [])]
    sql, params = _select("received_event", RECEIVED_COLUMNS, where + " order by starts_at, id", params)
    return [dict(row) for row in db.query(sql, params)]
