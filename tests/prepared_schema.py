"""A new journal's schema, prepared once per test process and laid down again for every `init`.

Running the schema steps costs about 0.2 s of CPU per journal (mostly SQLite re-reading the whole
schema after each `ALTER TABLE`), and the suite creates a journal with `init` (or `init --from`)
some 150 times. Under the tests, a new journal's steps are taken once in memory; every later
`init` in the same process writes the same schema (each statement of `sqlite_master`, in the order
SQLite keeps them) and the same rows (the steps' record in `_sqlite_migrations`, and any row a step
seeds) in the same write transaction, and the command does the rest as it always does: its own
journal row, pair, keys and ids are new each time, so two journals of one test never share a key.

Only an empty database takes this path: opening and upgrading an older journal runs the real steps.
`tests/test_prepared_schema.py` checks that a journal made this way holds exactly what one made
by the real steps holds, apart from its ids, keys and times.
"""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple


class Prepared(NamedTuple):
    statements: list[str]  # every CREATE of sqlite_master, in its order
    rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]  # table -> (columns, rows)


_PREPARED: list[Prepared] = []


def shadow_tables(conn: sqlite3.Connection) -> set[str]:
    """The tables SQLite makes itself: full-text search's shadow tables, sqlite_sequence."""
    found = conn.execute("select name from sqlite_master where sql like 'CREATE VIRTUAL%'")
    virtual = [name for (name,) in found]
    shadows = {"sqlite_sequence"}
    for name in virtual:
        shadows.update(f"{name}_{part}" for part in ("data", "idx", "content", "docsize", "config"))
    return shadows


def own_tables(conn: sqlite3.Connection) -> list[str]:
    """The ordinary tables the steps made (not the virtual ones nor their shadows)."""
    shadows = shadow_tables(conn)
    return [
        name
        for (name,) in conn.execute(
            "select name from sqlite_master "
            "where type = 'table' and sql not like 'CREATE VIRTUAL%' order by rowid"
        )
        if name not in shadows
    ]


def _prepare(real_apply_steps) -> Prepared:
    from mentorlog.store.db import Db
    from mentorlog.store.journal import writing

    db = Db(sqlite3.connect(":memory:"))
    try:
        with writing(db):
            real_apply_steps(db)
        conn = db.conn
        shadows = shadow_tables(conn)
        statements = [
            sql
            for name, sql in conn.execute("select name, sql from sqlite_master order by rowid")
            if sql is not None and name not in shadows  # an index SQLite made itself has no sql
        ]
        rows = {}
        for table in own_tables(conn):
            cursor = conn.execute(f"select * from [{table}]")
            found = cursor.fetchall()
            if found:
                rows[table] = ([column[0] for column in cursor.description], found)
        return Prepared(statements, rows)
    finally:
        db.close()


def is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("select count(*) from sqlite_master").fetchone()[0] == 0


def faster_apply_steps(real_apply_steps):
    """`apply_steps` that lays down the prepared schema on an empty database, else the real one."""

    def apply_steps(db) -> None:
        if not is_empty(db.conn):
            real_apply_steps(db)
            return
        if not _PREPARED:
            _PREPARED.append(_prepare(real_apply_steps))
        prepared = _PREPARED[0]
        for sql in prepared.statements:
            db.conn.execute(sql)
        for table, (columns, found) in prepared.rows.items():
            names = ", ".join(f"[{column}]" for column in columns)
            marks = ", ".join("?" for _ in columns)
            db.conn.executemany(f"insert into [{table}] ({names}) values ({marks})", found)

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
