"""The journal's own sync settings (the folder both partners see, automatic or not), what was
last seen of each partner file there, and whether anything here waits for the partner. Light on
purpose: every command reads `sync_settings`, and with automatic sync every command that wrote
asks `unshared` (without loading the merge's store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentorlog import fields as schema
from mentorlog.store.db import Db


def sync_folder(db: Db) -> str | None:
    row = db.execute("select sync_folder from journal limit 1").fetchone()
    return row[0] if row else None


def sync_auto(db: Db) -> bool:
    row = db.execute("select sync_auto from journal limit 1").fetchone()
    return bool(row and row[0])


def sync_settings(db: Db) -> str | None:
    """The sync folder when automatic sync is on, else None (one small read per command)."""
    row = db.execute("select sync_folder, sync_auto from journal limit 1").fetchone()
    return row[0] if row and row[0] and row[1] else None


def set_sync(db: Db, folder: str, auto: bool | None) -> None:
    values: dict[str, Any] = {}
    if folder != sync_folder(db):
        values["sync_folder"] = folder
    if auto is not None and auto != sync_auto(db):
        values["sync_auto"] = int(auto)
    if values:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        db.execute(f"update journal set {assignments}", list(values.values()))


def file_seen(path: Path) -> tuple[int, int, int]:
    """What is kept of a partner file to tell whether it changed: its size, time and inode (a new
    file, written and renamed, is a new inode). Raises OSError when the file cannot be read."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


def sync_seen(db: Db, path: str) -> tuple[int, int, int] | None:
    """What a partner file in the sync folder was when it was last merged: size, time, inode."""
    row = db.execute("select size, mtime_ns, inode from sync_seen where path = ?", [path]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def note_sync_seen(db: Db, path: str, size: int, mtime_ns: int, inode: int) -> None:
    db.execute(
        "insert into sync_seen (path, size, mtime_ns, inode) values (?, ?, ?, ?) on conflict(path) do "
        "update set size = excluded.size, mtime_ns = excluded.mtime_ns, inode = excluded.inode",
        [path, size, mtime_ns, inode],
    )


def clocks(db: Db) -> tuple[str, str]:
    """This journal's clock, and what it was at the last share."""
    row = db.execute("select clock, shared_clock from journal limit 1").fetchone()
    return (row[0] or "", row[1] or "") if row else ("", "")


def unshared(db: Db, since_clock: str, journal_id: str) -> tuple[int, str | None]:
    """Shared records changed here after `since_clock` (this journal's clock at its last share):
    how many, and the stamp of the oldest such change. Changes merged from the partner do not
    count: the partner has them."""
    return unshared_since(db, [since_clock], journal_id)[0]


def unshared_since(db: Db, clocks: Sequence[str], journal_id: str) -> list[tuple[int, str | None]]:
    """`unshared` for each of `clocks`, in one query: each table's changes after the earliest clock
    are read once, through the table's `updated_at` index (the tables are the record tables that
    travel: fields.TABLES, the tables of store/merge/model.MERGE_ORDER)."""
    if not clocks:
        return []
    rows = " union all ".join(
        f"select updated_at from [{table}] "
        "where visibility = 'shared' and updated_at > :earliest and origin = :journal"
        for table in schema.TABLES
    )
    columns = ", ".join(
        f"total(updated_at > :c{n}), min(case when updated_at > :c{n} then updated_at end)"
        for n in range(len(clocks))
    )
    found = db.execute(
        f"select {columns} from ({rows})",
        {
            "earliest": min(clocks),
            "journal": journal_id,
            **{f"c{n}": clock for n, clock in enumerate(clocks)},
        },
    ).fetchone()
    return [(int(found[2 * n]), found[2 * n + 1]) for n in range(len(clocks))]


def exchanged(db: Db) -> bool:
    """Whether this journal ever exchanged with a partner: shared a bundle or merged one."""
    row = db.execute("select partner_journal, shared_clock from journal limit 1").fetchone()
    return bool(row and (row[0] or row[1]))
