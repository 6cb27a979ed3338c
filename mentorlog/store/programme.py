"""The programme journal: a journal of its own kind, kept by a programme's coordinator.

One SQLite file with its own schema set (`mentorlog-programme` in `_sqlite_migrations`), so that a
pair's commands refuse it and the programme's commands refuse a pair's journal. Two tables:

- `programme` (one row): the programme's name, coordinator, period, its age key pair (summaries are
  sealed to it), its Ed25519 signing key (the kick-off file is signed with it), the programme code
  and the folder summaries arrive in (`programme sync FOLDER`, remembered);
- `summary` (one row per pair journal that sent one): the journal's pinned signing key, its pair,
  the sender's role, when the sender made its newest summary (its own clock: the newest wins) and
  the summary's checked values as JSON (`body`); `left_on` once the journal left the programme, its
  data then removed (the names and role kept, to say who left and when);
- `programme_event` (step m023): the events and announcements planned for the pairs
  (store/programme_events.py), with, in `programme`, whether the journal syncs automatically
  (`auto`) and the fingerprint of the events last published (`published`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mentorlog.errors import JournalUnusable, NotFound
from mentorlog.paths import make_private_folders
from mentorlog.store import journal
from mentorlog.store import migrations as pair_steps
from mentorlog.store.db import Db

SET_NAME = journal.PROGRAMME_SET
STEPS = ("p001_programme", "m023_programme_events")
PROGRAMME_COLUMNS = (
    "name", "coordinator", "starts_on", "ends_on", "identity", "recipient", "signing_key",
    "signing_public", "code", "folder", "created_at",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "journal_id",
    "pair_id",
    "signing_public",
    "role",
    "made_at",
    "received_at",
    "body",
    "left_on",
)


def _p001_programme(db: Any) -> None:
    db.execute(
        "create table programme (id integer primary key check (id = 1), name text not null, "
        "coordinator text not null, starts_on text not null, ends_on text not null, identity text not null, "
        "recipient text not null, signing_key text not null, signing_public text not null, "
        "code text not null, folder text, created_at text not null)"
    )
    db.execute(
        "create table summary (journal_id text primary key, pair_id text not null, "
        "signing_public text not null, role text not null check (role in ('mentor', 'mentee')), "
        "made_at text not null, received_at text not null, body text not null, left_on text)"
    )
    db.execute("create index idx_summary_pair on summary (pair_id)")
    db.execute("create index idx_summary_key on summary (signing_public)")


def _m023_programme_events(db: Any) -> None:
    from mentorlog.store import programme_events

    programme_events.create_planned(db)


def _apply(db: Db) -> None:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    migrations(name="p001_programme")(_p001_programme)
    migrations(name="m023_programme_events")(_m023_programme_events)
    migrations.apply(db.utils)


def _steps(conn: sqlite3.Connection, path: Path) -> list[str]:
    try:
        has = conn.execute(
            "select 1 from sqlite_master where type = 'table' and name = '_sqlite_migrations'"
        ).fetchone()
        rows = conn.execute("select migration_set, name from _sqlite_migrations").fetchall() if has else []
    except sqlite3.DatabaseError as error:
        raise JournalUnusable(f"{path} can't be read as a programme journal ({error}).") from None
    mine = [name for kind, name in rows if kind == SET_NAME]
    if not mine:
        if any(kind == pair_steps.SET_NAME for kind, _ in rows):
            raise JournalUnusable(
                f"{path} is a pair's journal, not a programme journal: a coordinator's commands need "
                "the programme journal (`mentorlog --journal PROGRAMME programme status`; "
                "`mentorlog programme init` makes one)."
            )
        raise JournalUnusable(f"{path} is not a programme journal. Choose another --journal.")
    unknown = [name for name in mine if name not in STEPS]
    if unknown:
        raise JournalUnusable(
            f"The programme journal {path} was written by a newer mentorlog (step {unknown[-1]}). "
            "Upgrade mentorlog to open it; it was left untouched."
        )
    return mine


def kind(path: Path) -> str | None:
    """`programme`, `pair` or None: what the file at `path` is, read without writing."""
    if not path.is_file():
        return None
    try:
        conn = journal._readonly_connection(path)
        try:
            rows = conn.execute("select distinct migration_set from _sqlite_migrations").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    sets = {row[0] for row in rows}
    return "programme" if SET_NAME in sets else "pair" if pair_steps.SET_NAME in sets else None


def open_programme(path: Path, label: str) -> Db:
    """Open an existing programme journal (refused clearly when the file is anything else)."""
    if not path.exists():
        raise NotFound(
            f"No programme journal {label!r} yet. Make one with "
            "`mentorlog programme init --name NAME --coordinator NAME`."
        )
    journal._check_file(path, label)
    conn = journal._connection(path)
    try:
        applied = _steps(conn, path)
        db = journal._with_pragmas(conn)
    except BaseException:
        conn.close()
        raise
    if len(applied) < len(STEPS):
        with journal.writing(db):
            _apply(db)
    return db


def create_programme(path: Path, build: Callable[[Db], None]) -> None:
    """Create a programme journal at `path` (which must not exist), all or nothing."""
    make_private_folders(path.parent)
    temp = journal._temporary(path, "creating")
    journal._create_private_file(temp)
    try:
        db = journal.connect(temp)
        try:
            with journal.writing(db):
                _apply(db)
                build(db)
        finally:
            db.close()
        journal._link_into_place(temp, path)
    finally:
        journal._remove_with_sidecars(temp)


@contextlib.contextmanager
def writing(db: Db) -> Iterator[Db]:
    with journal.writing(db):
        yield db


def save_programme(db: Db, values: dict[str, Any]) -> None:
    db.insert("programme", {"id": 1, **{name: values.get(name) for name in PROGRAMME_COLUMNS}})


def read_programme(db: Db) -> dict[str, Any]:
    names = ", ".join(PROGRAMME_COLUMNS)
    row = next(db.query(f"select {names} from programme where id = 1"), None)
    if row is None:
        raise JournalUnusable("The programme journal has no programme in it. Restore a backup.")
    return row


def set_folder(db: Db, folder: str) -> None:
    db.execute("update programme set folder = ? where id = 1", [folder])


def summary_of(db: Db, journal_id: str) -> dict[str, Any] | None:
    names = ", ".join(SUMMARY_COLUMNS)
    return next(db.query(f"select {names} from summary where journal_id = ?", [journal_id]), None)


def journal_with_key(db: Db, signing_public: str) -> str | None:
    """The journal that joined with this signing key, if one did."""
    row = db.execute("select journal_id from summary where signing_public = ?", [signing_public]).fetchone()
    return row[0] if row else None


def journal_in_role(db: Db, pair_id: str, role: str) -> str | None:
    """The journal in the programme (not left) that holds `role` in the pair, if one does."""
    row = db.execute(
        "select journal_id from summary where pair_id = ? and role = ? and left_on is null", [pair_id, role]
    ).fetchone()
    return row[0] if row else None


def put_summary(db: Db, row: dict[str, Any]) -> None:
    """Insert or replace a journal's summary (inside the caller's write transaction)."""
    names = ", ".join(f"[{name}]" for name in SUMMARY_COLUMNS)
    marks = ", ".join("?" for _ in SUMMARY_COLUMNS)
    db.execute(
        f"insert or replace into summary ({names}) values ({marks})", [row.get(n) for n in SUMMARY_COLUMNS]
    )


def summaries(db: Db) -> list[dict[str, Any]]:
    names = ", ".join(SUMMARY_COLUMNS)
    return list(db.query(f"select {names} from summary order by pair_id, role"))
