"""The journal's connection.

Design: the quick reads and single-row writes that every command makes go straight through
`sqlite3`; sqlite-utils' `Database` is made on first use, over the same connection, for
everything it does well (migrations, bulk inserts and upserts, full-text search, introspection).
Importing sqlite-utils costs about 70 ms, more than the rest of `mentorlog note` put together, so
a quick note never pays for it (README, "Speed").

`Db` forwards nothing implicitly: what the store uses is a method here, so every use can be found.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

# A record as the store hands it on: its columns by name, as SQLite gives them back.
Row: TypeAlias = dict[str, Any]
# The values of a query's `?` marks, or of its `:name` marks.
Params: TypeAlias = Sequence[Any] | dict[str, Any]


class Db:
    """A journal's connection: plain `sqlite3` for quick reads and writes, sqlite-utils on first use."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils: Database | None = None
        self.writing = False  # inside `store.journal.writing`
        self.tx_stamp: str | None = None  # the clock's stamp of that write transaction

    @property
    def utils(self) -> Database:
        """The sqlite-utils Database over this connection."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def table(self, name: str) -> Table:
        """The sqlite-utils Table `name` (bulk inserts and upserts, columns, foreign keys)."""
        return self.utils.table(name)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Params = ()) -> Iterator[Row]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row (column names are the code's own, values are parameters)."""
        names = ", ".join(f"[{name}]" for name in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"insert into [{table}] ({names}) values ({marks})", list(row.values()))

    def update(self, table: str, record_id: str, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        self.conn.execute(f"update [{table}] set {assignments} where id = ?", [*values.values(), record_id])

    def change_the_row(self, table: str, columns: Sequence[str], values: dict[str, Any]) -> None:
        """Set some of `columns` in a table of one row (its id is 1): the journal's keys, its place
        in a programme. A name outside `columns` is the code's mistake, refused before any write."""
        unknown = set(values) - set(columns)
        if unknown:
            raise ValueError(f"no such column in {table}: {sorted(unknown)}")
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        self.conn.execute(f"update [{table}] set {assignments} where id = 1", list(values.values()))

    def close(self) -> None:
        self.conn.close()
