"""A new journal's schema, prepared once per test process and copied into every `init`.

Running the schema steps costs about 0.2 s of CPU per journal (mostly SQLite re-reading the whole
schema after each `ALTER TABLE`), and the suite creates a journal with `init` (or `init --from`)
some 180 times. Under the tests, a new journal's steps are taken once, in a database in memory;
every later `init` in the same process gets that database's pages, whole, through SQLite's backup
API (about 1 ms, where running its 200 statements again took about 9), and the command does the
rest as it always does: its own journal row, pair, keys and ids are new each time, so two journals
of one test never share a key.

Only an empty database takes this path, on a connection that has written nothing yet, in the write
transaction `create_journal` has just begun: opening and upgrading an older journal runs the real
steps. The copy differs from a journal the steps made in one thing nothing reads: SQLite's own count
of schema changes (`PRAGMA schema_version`), 1 here.
`tests/test_prepared_schema.py` checks that a journal made this way holds exactly what one made
by the real steps holds, apart from its ids, keys and times.
"""

from __future__ import annotations

import sqlite3

_PREPARED: list[sqlite3.Connection] = []


def _prepare(real_apply_steps) -> sqlite3.Connection:
    """A database in memory holding what the real steps make of an empty one."""
    from mentorlog.store.db import Db
    from mentorlog.store.journal import writing

    db = Db(sqlite3.connect(":memory:", check_same_thread=False))
    with writing(db):
        real_apply_steps(db)
    return db.conn


def is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("select count(*) from sqlite_master").fetchone()[0] == 0


def faster_apply_steps(real_apply_steps):
    """`apply_steps` that copies the prepared journal into an empty one, else the real one."""

    def apply_steps(db) -> None:
        conn = db.conn
        if not (conn.in_transaction and conn.total_changes == 0 and is_empty(conn)):
            real_apply_steps(db)
            return
        if not _PREPARED:
            _PREPARED.append(_prepare(real_apply_steps))
        # The transaction `writing` began has written nothing (the database is empty); the backup
        # needs none open, and the caller's writes go on in a new one, taken as `writing` takes it.
        conn.execute("ROLLBACK")
        _PREPARED[0].backup(conn)
        conn.execute("BEGIN IMMEDIATE")

    apply_steps.real = real_apply_steps  # type: ignore[attr-defined]
    return apply_steps


def remembered_triggers(real_triggers):
    """`store.checks.triggers`, made once for each set of rules and tables: every command checks
    that the journal's value checks are the ones the rules make (about 3 ms of building SQL), and
    the rules only change where a test changes them (which makes them again)."""
    from mentorlog import fields

    made: dict[tuple, dict[str, str]] = {}

    def triggers(columns: dict[str, set[str] | None]) -> dict[str, str]:
        rules = tuple((table, tuple(specs.items())) for table, specs in fields.TABLES.items())
        tables = tuple((table, None if only is None else frozenset(only)) for table, only in columns.items())
        key = (rules, tables)
        if key not in made:
            made[key] = real_triggers(columns)
        return dict(made[key])

    return triggers
