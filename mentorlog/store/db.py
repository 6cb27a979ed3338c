"""The journal's connection.

Design: the quick reads and single-row writes that every command makes go straight through
`sqlite3`; sqlite-utils' `Database` is made on first use, over the same connection, for
everything it does well (migrations, bulk inserts and upserts, full-text search, introspection).
Importing sqlite-utils costs about 70 ms, more than the rest of `mentorlog note` put together, so
a quick note never pays for it (SPEC §9).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


class Db:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils = None
        self.writing = False  # inside `store.journal.writing`
        self.tx_stamp: str | None = None  # the clock's stamp of that write transaction

    @property
    def utils(self):
        """The sqlite-utils Database over this connection."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params=()) -> Iterator[dict]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def insert(self, table: str, row: dict) -> None:
        """Insert one row (column names are the code's own, values are parameters)."""
        names = ", ".join(f"[{name}]" for name in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"insert into [{table}] ({names}) values ({marks})", list(row.values()))

    def update(self, table: str, record_id: str, values: dict) -> None:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        self.conn.execute(f"update [{table}] set {assignments} where id = ?", [*values.values(), record_id])

    def __getitem__(self, table: str):
        return self.utils[table]

    def __getattr__(self, name: str):
        return getattr(self.utils, name)

    def close(self) -> None:
        self.conn.close()
