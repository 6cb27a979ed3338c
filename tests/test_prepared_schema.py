"""The tests' prepared schema (tests/prepared_schema.py) makes the journal the real steps make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mentorlog.store import journal

from .conftest import INIT, ok

# what differs between any two new journals: their ids, keys and the moments the steps were taken
VARYING = {"id", "origin", "identity", "recipient", "signing_key", "signing_public", "applied_at"}


# what the file's header says of it, which copying pages could change and running steps would not
HEADER = ("journal_mode", "page_size", "user_version", "application_id", "auto_vacuum", "encoding")


def contents(path: Path) -> tuple[list[tuple], dict[str, list[tuple]], list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        header = [conn.execute(f"pragma {name}").fetchone() for name in HEADER]
        found = conn.execute("select type, name, tbl_name, sql from sqlite_master order by type, name")
        schema = found.fetchall()
        tables = {}
        for (table,) in conn.execute("select name from sqlite_master where type = 'table'").fetchall():
            cursor = conn.execute(f"select * from [{table}]")
            columns = [column[0] for column in cursor.description]
            tables[table] = sorted(
                tuple((c, v) for c, v in zip(columns, row, strict=True) if c not in VARYING) for row in cursor
            )
        return schema, tables, header
    finally:
        conn.close()


def test_a_journal_from_the_prepared_schema_is_the_one_the_steps_make(
    cli, tmp_path, monkeypatch, prepared_schema
):
    fast, real = tmp_path / "fast.db", tmp_path / "real.db"
    ok(cli("--journal", str(fast), *INIT))
    ok(cli("--journal", str(fast.with_name("second.db")), *INIT))  # the prepared schema, used again
    monkeypatch.setattr(journal, "apply_steps", prepared_schema)
    ok(cli("--journal", str(real), *INIT))
    assert contents(fast) == contents(real)
    assert contents(fast.with_name("second.db")) == contents(real)
    schema, tables, _ = contents(real)
    assert len([kind for kind, *_ in schema if kind == "trigger"]) > 40  # the value checks are there
    assert len(tables["_sqlite_migrations"]) > 10 and tables["pair"] and tables["keys"]


def test_two_journals_of_one_test_have_their_own_keys_and_ids(cli, tmp_path):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    ok(cli("--journal", str(first), *INIT))
    ok(cli("--journal", str(second), *INIT))
    read = "select (select id from journal), (select id from pair), identity, recipient, signing_key "
    read += "from keys"
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        mine, theirs = a.execute(read).fetchone(), b.execute(read).fetchone()
    assert all(x != y for x, y in zip(mine, theirs, strict=True)), (mine, theirs)
